"""Lint notice data for what the models cannot check (issue 5, item 3).

The models make sure a package can be built; lint reads what it says: a body that
refers to "附件" while there are three, a deadline before the 成文日期, numbers typed by
hand that skip, half-width punctuation and stray spaces, a 主送 list that leaves no room
for the body on page 1::

    from notice_kit.lint import lint, format_findings
    print(format_findings(lint(notice_kit.load_notice("notice.yaml"))))

Each rule is registered with a code (NK101 …), a short name, a severity and the
GB/T 9704-2012 clause or reason it enforces; :func:`all_rules` lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from notice_kit.lint import rules as _rules  # noqa: F401  (registers the rules)
from notice_kit.lint.findings import SEVERITIES, Finding, LintReport, Severity
from notice_kit.lint.registry import Hit, Rule, all_rules, get_rule, rule, run_rules
from notice_kit.lint.report import findings_json, format_finding, format_findings, summary
from notice_kit.models import Package

__all__ = [
    "SEVERITIES",
    "Finding",
    "Hit",
    "LintReport",
    "Rule",
    "Severity",
    "all_rules",
    "findings_json",
    "format_finding",
    "format_findings",
    "get_rule",
    "lint",
    "lint_report",
    "rule",
    "summary",
]


def lint(package: Package, *, data: Any = None, rules: Sequence[Rule] | None = None) -> list[Finding]:
    """Return the findings of every rule (or of ``rules``) on ``package``.

    Rules run in the order of their codes, and each reports in document order, so the
    same package always gives the same list.  ``data`` is the data as loaded from the
    file (a mapping); rules that read it (NK305) are skipped without it.
    """
    return run_rules(all_rules() if rules is None else rules, package, data)


def lint_report(package: Package, *, data: Any = None,
                rules: Sequence[Rule] | None = None) -> LintReport:
    """Return :func:`lint`'s findings as a :class:`LintReport`."""
    return LintReport.of(lint(package, data=data, rules=rules))
