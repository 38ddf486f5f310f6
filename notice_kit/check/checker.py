"""The checker: inspect a document, run every registered rule that applies, report."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, computed_field

# The rule modules register their rules on import.
from notice_kit.check import rules_end, rules_main, rules_page, rules_pagination  # noqa: F401
from notice_kit.check.registry import RULES, Finding, Issue, Rule, Severity
from notice_kit.inspect.model import Format, InspectedDocument
from notice_kit.inspect.reader import inspect_document
from notice_kit.layout.profile import GBT9704, LayoutProfile


class CheckReport(BaseModel):
    """What :func:`check_document` found: the rules run and every finding, in rule order."""

    # The JSON carries the counts too (computed): reading it back ignores them.
    model_config = ConfigDict(extra="ignore")

    path: str
    format: Format
    profile: str
    rules: list[str]
    findings: list[Finding]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when no rule of severity error failed."""
        return self.errors == 0

    def by_code(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]


def check_document(source: str | Path | InspectedDocument, profile: LayoutProfile = GBT9704,
                   *, rules: Iterable[str] | None = None) -> CheckReport:
    """Check the notice in ``source`` (a .docx/.pdf path, or a document already inspected)
    against GB/T 9704-2012 as ``profile`` lays it out; ``rules`` limits the check to
    these codes.

    Raises :class:`~notice_kit.errors.InspectionError` when the file cannot be
    read and :class:`KeyError` naming an unknown rule code.
    """
    document = source if isinstance(source, InspectedDocument) else inspect_document(source)
    chosen = [RULES[code] for code in rules] if rules is not None else \
        sorted(RULES.values(), key=lambda r: r.code)
    run = [r for r in chosen if r.applies_to(document)]
    findings = [f for r in run for f in _findings(r, document, profile)]
    return CheckReport(path=document.path, format=document.format, profile=profile.name,
                       rules=[r.code for r in run], findings=findings)


def _findings(rule: Rule, document: InspectedDocument, profile: LayoutProfile) -> list[Finding]:
    return [_finding(rule, issue) for issue in rule.check(document, profile)]


def _severity(rule: Rule, issue: Issue) -> Severity:
    return issue.severity or rule.severity


def _finding(rule: Rule, issue: Issue) -> Finding:
    return Finding(code=rule.code, clause=rule.clause, severity=_severity(rule, issue),
                   rule=rule.title, message=issue.message, location=issue.location(),
                   expected=issue.expected, found=issue.found)
