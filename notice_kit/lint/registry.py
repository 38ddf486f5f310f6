"""The rule registry: each rule is a function registered with its code, name, severity
and the clause (or reason) it enforces.

A rule yields :class:`Hit`\\ s — where and what — and the registry turns them into
:class:`~notice_kit.lint.findings.Finding`\\ s carrying the rule's code, severity and clause,
so no rule can mislabel its own findings.  Most rules read the validated
:class:`~notice_kit.models.Package`; a few (``reads="data"``) read the data as written,
for what validation throws away (numbers typed in a plain-text body).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from notice_kit.lint.findings import Finding, Severity
from notice_kit.models import Package

Reads = Literal["package", "data"]


@dataclass(frozen=True)
class Hit:
    """What a rule found: the field path, the message in Chinese and English, the text
    around the problem, and a severity when it differs from the rule's default."""

    location: str
    zh: str
    en: str
    excerpt: str | None = None
    severity: Severity | None = None


Check = Callable[[Any], Iterable[Hit]]
C = TypeVar("C", bound=Check)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    clause: str
    check: Check
    reads: Reads = "package"

    def run(self, package: Package, data: Any = None) -> Iterator[Finding]:
        """Yield this rule's findings; a data rule yields none without the data."""
        if self.reads == "data" and data is None:
            return
        for hit in self.check(package if self.reads == "package" else data):
            yield Finding(
                code=self.code,
                name=self.name,
                severity=hit.severity or self.severity,
                location=hit.location,
                message=f"{hit.zh} / {hit.en}",
                clause=self.clause,
                excerpt=hit.excerpt,
            )


_RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, clause: str, *,
         reads: Reads = "package") -> Callable[[C], C]:
    """Register the decorated function as the rule ``code``.

    The function takes the :class:`~notice_kit.models.Package` (or, with
    ``reads="data"``, the data mapping as loaded from the file) and yields :class:`Hit`\\ s.
    """

    def register(check: C) -> C:
        if code in _RULES:
            raise ValueError(f"lint rule {code} is registered twice")
        _RULES[code] = Rule(code, name, severity, clause, check, reads)
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, ordered by code (the order lint runs them in)."""
    return [_RULES[code] for code in sorted(_RULES)]


def get_rule(code: str) -> Rule:
    """Return the rule registered as ``code``; KeyError names the known codes."""
    try:
        return _RULES[code]
    except KeyError:
        raise KeyError(f"no lint rule {code}; known: {', '.join(sorted(_RULES))}") from None


def run_rules(rules: Sequence[Rule], package: Package, data: Any = None) -> list[Finding]:
    return [finding for r in rules for finding in r.run(package, data)]
