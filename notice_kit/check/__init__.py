"""Checking a notice (.docx or PDF) against GB/T 9704-2012.

Each rule is a function registered in :data:`RULES` with its code and clause::

    from notice_kit.check import check_document
    report = check_document("out/通知.pdf")
    for finding in report.findings:
        print(finding.code, finding.clause, finding.location, finding.expected, finding.found)
"""

from notice_kit.check.checker import CheckReport, check_document
from notice_kit.check.registry import RULES, Finding, Issue, Location, Rule, rule

__all__ = ["RULES", "CheckReport", "Finding", "Issue", "Location", "Rule", "check_document", "rule"]
