"""``notice-kit check FILE [--json] [--profile NAME]``: findings against GB/T 9704."""

from __future__ import annotations

from pathlib import Path

import click

from notice_kit.check.checker import CheckReport, check_document
from notice_kit.check.registry import RULES, Finding
from notice_kit.errors import NoticeKitError
from notice_kit.inspect.reader import NoTextLayerError
from notice_kit.layout.profile import GBT9704, get_profile

EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2
# A PDF without a text layer (a scan) fails: it cannot be shown to conform.
EXIT_NO_TEXT = 1
# A document broken everywhere (all body text in 宋体, say) would bury the other rules'
# findings; the text shows this many per rule, the JSON all of them.
MAX_SHOWN = 8


def check_command(path: Path, as_json: bool, profile_name: str | None) -> int:
    """Check the notice in ``path``; return the exit status: 0 when no rule of severity
    error failed, 1 when one did or the PDF has no text (a scan), 2 when the file or the
    profile cannot be used."""
    try:
        profile = get_profile(profile_name) if profile_name else GBT9704
        report = check_document(path, profile)
    except NoTextLayerError as exc:  # a scan: read, but nothing in it can be checked
        click.secho(f"错误 / error: {exc}", fg="red", err=True)
        return EXIT_NO_TEXT
    except NoticeKitError as exc:
        click.secho(f"错误 / error: {exc}", fg="red", err=True)
        return EXIT_UNREADABLE
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        click.echo("\n".join(render(report)))
    return 0 if report.ok else EXIT_FINDINGS


def render(report: CheckReport) -> list[str]:
    """The report as tidy text lines: one line per rule, its findings under it."""
    out = [f"检查 / check: {report.path}（{report.format.upper()}，"
           f"版式方案 / profile {report.profile}）", ""]
    for code in report.rules:
        rule = RULES[code]
        found = report.by_code(code)
        mark = "✗" if any(f.severity == "error" for f in found) else "!" if found else "✓"
        out.append(f"{mark} {code}  {rule.clause:<12} {rule.title}")
        out += [line for f in found[:MAX_SHOWN] for line in _finding_lines(f)]
        if len(found) > MAX_SHOWN:
            more = len(found) - MAX_SHOWN
            out.append(f"    …另有 {more} 处 / {more} more (--json lists all)")
    verdict = "通过 / passed" if report.ok else "未通过 / failed"
    out += ["", f"结论 / result: {verdict} — {report.errors} 个错误 / errors，"
                f"{report.warnings} 个警告 / warnings"]
    return out


def _finding_lines(f: Finding) -> list[str]:
    level = "错误 / error" if f.severity == "error" else "警告 / warning"
    lines = [f"    {level}: {f.message}", f"      位置 / at: {f.location}"]
    if f.expected or f.found:
        lines.append(f"      应为 / expected: {f.expected}    实为 / found: {f.found}")
    return lines
