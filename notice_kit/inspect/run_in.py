"""A numbered line split into its heading and run-in text (GB/T 9704 7.3.3): by the font
change where there is one ("（一）时间：" in 楷体, the rest in 仿宋), else by the wording."""

from __future__ import annotations

from typing import Any

from notice_kit.convert.fonts import Role
from notice_kit.inspect.fonts import dominant, font_role, is_cjk, role_value
from notice_kit.inspect.model import Span
from notice_kit.inspect.pieces import Piece
from notice_kit.textparse import ParsedLine, to_section


def _font_runs(spans: list[Span]) -> list[tuple[Role | None, str, Span]]:
    """Spans as (role, text, span), digits and Latin letters taking their neighbour's
    role: "1．" is set in Times + 仿宋 but belongs to the 仿宋 heading."""
    roles = [font_role(s.font) if any(is_cjk(ch) for ch in s.text) else None for s in spans]
    out = []
    for i, span in enumerate(spans):
        after = next((r for r in roles[i:] if r is not None), None)
        before = next((r for r in reversed(roles[:i]) if r is not None), None)
        # "2024年": the digits go with the Chinese text after them, as a reader groups them.
        out.append((roles[i] or after or before, span.text, span))
    return out


def split_run_in(piece: Piece, parsed: ParsedLine,
                 prefix: str) -> tuple[str | None, str | None, str | None]:
    """Return (heading, run-in text, run-in font) of a numbered line.

    Where the fonts differ ("（一）时间：" in 楷体, the rest in 仿宋, 7.3.3), the font change is
    the split; where they are the same (levels 3 and 4 are 仿宋 like the body), the wording
    is: a short phrase ending in "：" or "。" followed by more text.
    """
    runs = _font_runs(piece.spans)
    roles = [r for r, _, _ in runs]
    if roles and roles[0] is not None and any(r is not None and r != roles[0] for r in roles):
        head = "".join(t for r, t, _ in _leading(runs, roles[0]))
        tail_spans = [s for _, _, s in runs[len(_leading(runs, roles[0])):]]
        heading = head.strip()[len(prefix.strip()):].strip() or None
        run_in = "".join(s.text for s in tail_spans).strip() or None
        tail_style = dominant(tail_spans)
        return heading, run_in, tail_style.font if tail_style else None
    section = to_section(parsed)
    style = piece.style
    return section.heading, section.text, style.font if style and section.text else None


def _leading(runs: list[tuple[Role | None, str, Span]],
             role: Role) -> list[tuple[Role | None, str, Span]]:
    out = []
    for run in runs:
        if run[0] != role:
            break
        out.append(run)
    return out


def heading_style(piece: Piece) -> dict[str, Any]:
    """A heading's font is that of its number and heading words (its first spans)."""
    runs = _font_runs(piece.spans)
    if not runs or runs[0][0] is None:
        return {}
    first = dominant(s for _, _, s in _leading(runs, runs[0][0]))
    if first is None:
        return {}
    return {"font": first.font, "font_role": role_value(first.font), "size_pt": first.size_pt,
            "color": first.color}
