"""What lint reports: one :class:`Finding` per problem, and a :class:`LintReport` of them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Finding(BaseModel):
    """One problem in the data: which rule, how bad, where (a field path), and what."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="规则代码，如 NK101 / rule code")
    name: str = Field(description="规则短名 / rule short name")
    severity: Severity = Field(description="error | warning | info")
    location: str = Field(description="字段路径，如 notice.body[2].children[2].text / field path")
    message: str = Field(description="说明（中文 / English） / what is wrong, bilingual")
    clause: str = Field(description="依据：GB/T 9704-2012 条款或理由 / clause or reason")
    excerpt: str | None = Field(None, description="问题附近的原文 / the text around the problem")


@dataclass(frozen=True)
class LintReport:
    """The findings of one lint run, in the order lint produced them."""

    findings: tuple[Finding, ...]

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> LintReport:
        return cls(tuple(findings))

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def by_severity(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self.by_severity("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.by_severity("warning")

    @property
    def infos(self) -> list[Finding]:
        return self.by_severity("info")

    @property
    def ok(self) -> bool:
        """True when nothing of severity error was found (warnings do not fail a run)."""
        return not self.errors

    @property
    def exit_status(self) -> int:
        return 0 if self.ok else 1

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]
