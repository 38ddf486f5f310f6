"""What ``notice-kit build`` prints about a finished build, as lines (for the command
itself and for a ``notice-kit serve`` building on its behalf)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notice_kit.manifest import BuildResult

Line = tuple[str, bool, str | None]
"""Text, whether it goes to stderr, and its colour."""


def build_lines(result: BuildResult) -> list[Line]:
    """The summary of ``result``: title, files, page spans, font stand-ins, warnings."""
    manifest = result.manifest
    lines: list[Line] = [(f"已生成 / built: {manifest.title}", False, None)]
    for f in manifest.files:
        pages = f"  {f.pages} 页" if f.pages else ""
        lines.append((f"  {f.format:<4} {f.path}{pages}", False, None))
    if manifest.parts:
        spans = "，".join(
            f"{p.label or '正文'} 第{p.first_page}"
            + (f"–{p.last_page}页" if p.last_page > p.first_page else "页")
            for p in manifest.parts
        )
        lines.append((f"  页码 / pages: {spans}", False, None))
    if manifest.fonts and manifest.fonts.substitutions:
        subs = "；".join(f"{k} → {v}" for k, v in manifest.fonts.substitutions.items())
        lines.append((f"  替代字体 / font substitutes: {subs}", False, None))
    for warning in manifest.warnings:
        lines.append((f"  警告 / warning: {warning}", True, "yellow"))
    lines.append((f"  → {result.outdir}", False, None))
    return lines
