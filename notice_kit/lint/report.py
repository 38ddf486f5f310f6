"""Findings as text for a terminal and as JSON for scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence

from notice_kit.lint.findings import Finding


def format_finding(finding: Finding) -> str:
    """One line: ``warning NK101 notice.body[2].children[2].text: message (…excerpt…)``."""
    line = f"{finding.severity} {finding.code} {finding.location}: {finding.message}"
    return f"{line} ({finding.excerpt})" if finding.excerpt else line


def summary(findings: Sequence[Finding]) -> str:
    """``3 处问题（0 错误，3 警告）/ 3 findings (0 errors, 3 warnings)``, or that there are none."""
    if not findings:
        return "未发现问题 / no findings"
    errors, warnings, infos = (sum(f.severity == s for f in findings)
                               for s in ("error", "warning", "info"))
    zh = f"{len(findings)} 处问题（{errors} 错误，{warnings} 警告"
    en = f"{_count(len(findings), 'finding')} ({_count(errors, 'error')}, {_count(warnings, 'warning')}"
    if infos:
        zh += f"，{infos} 提示"
        en += f", {_count(infos, 'info')}"
    return f"{zh}）/ {en})"


def _count(n: int, noun: str) -> str:
    plural = noun if n == 1 or noun == "info" else noun + "s"
    return f"{n} {plural}"


def format_findings(findings: Sequence[Finding]) -> str:
    """The report for the terminal: one line per finding, then the summary line."""
    return "\n".join([*(format_finding(f) for f in findings), summary(findings)])


def findings_json(findings: Sequence[Finding]) -> str:
    """The report as JSON: ``{"findings": [...], "counts": {...}, "ok": bool}``."""
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    data = {
        "findings": [f.model_dump(mode="json") for f in findings],
        "counts": counts,
        "ok": counts["error"] == 0,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
