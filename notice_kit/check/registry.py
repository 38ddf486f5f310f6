"""The rule registry: each GB/T 9704 rule is one function, registered with its code and
clause, so the checker is a loop over :data:`RULES` and each rule can be tested alone."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from notice_kit.inspect.model import Element, Format, InspectedDocument
from notice_kit.layout.profile import LayoutProfile

Severity = Literal["error", "warning"]


class Location(BaseModel):
    """Where a finding is: page (PDF), element index, paragraph (.docx), and what is there."""

    model_config = ConfigDict(extra="forbid")

    page: int | None = None
    element: int | None = None
    paragraph: int | None = None
    kind: str | None = None
    text: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页 / p.{self.page}")
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph + 1}段 / ¶{self.paragraph + 1}")
        if self.text:
            parts.append(f"“{_excerpt(self.text)}”")
        return " ".join(parts) or "全文 / document"


def _excerpt(text: str, length: int = 24) -> str:
    flat = text.replace("\n", " ").replace("\t", " ")
    return flat if len(flat) <= length else flat[: length - 1] + "…"


class Finding(BaseModel):
    """One rule broken at one place: what the standard expects and what was found."""

    model_config = ConfigDict(extra="forbid")

    code: str
    clause: str
    severity: Severity
    rule: str
    message: str
    location: Location
    expected: str
    found: str


@dataclass(frozen=True)
class Issue:
    """What a rule function yields; the checker adds the rule's code, clause and severity.
    ``severity`` overrides the rule's own for this one issue (a *practice*, not a rule)."""

    message: str
    expected: str
    found: str
    element: Element | None = None
    page: int | None = None
    severity: Severity | None = None

    def location(self) -> Location:
        e = self.element
        if e is None:
            return Location(page=self.page)
        return Location(page=self.page if self.page is not None else e.page, element=e.index,
                        paragraph=e.paragraph, kind=e.kind, text=e.text or None)


RuleCheck = Callable[[InspectedDocument, LayoutProfile], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    code: str
    clause: str
    title: str
    severity: Severity
    formats: frozenset[Format]
    check: RuleCheck

    def applies_to(self, document: InspectedDocument) -> bool:
        """A rule for PDFs reads pages: it runs on an OFD (laid out on pages too)."""
        if document.format == "ofd":
            return "pdf" in self.formats
        return document.format in self.formats


RULES: dict[str, Rule] = {}


def rule(code: str, clause: str, title: str, *, severity: Severity = "error",
         formats: Iterable[Format] = ("docx", "pdf")) -> Callable[[RuleCheck], RuleCheck]:
    """Register the decorated function as rule ``code`` (e.g. "GB707") of GB/T 9704
    clause ``clause``.  Raises :class:`ValueError` if ``code`` is taken."""

    def register(func: RuleCheck) -> RuleCheck:
        if code in RULES:
            raise ValueError(f"check rule {code} is registered twice ({RULES[code].check.__name__}, "
                             f"{func.__name__})")
        RULES[code] = Rule(code, clause, title, severity, frozenset(formats), func)
        return func

    return register
