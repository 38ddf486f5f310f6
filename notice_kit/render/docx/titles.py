"""Title lines for the renderer: balanced breaks under the profile's width."""

from __future__ import annotations

from collections.abc import Sequence

from notice_kit.errors import LayoutError
from notice_kit.layout.profile import MM_PER_PT
from notice_kit.layout.titles import break_title
from notice_kit.render.docx.writer import DocxWriter


def title_lines(writer: DocxWriter, title: str, *, location: str, max_lines: int = 3,
                keep_whole: Sequence[str] = ()) -> list[str]:
    """Return the title's lines as set (GB/T 9704-2012 7.3.1).

    Raises :class:`LayoutError` naming the field (``location``) when it cannot fit.
    """
    p = writer.profile
    width = p.text_width_mm / MM_PER_PT / p.title_size_pt
    try:
        return break_title(title, max_width=width, max_lines=max_lines, keep_whole=keep_whole)
    except ValueError as exc:
        raise LayoutError(f"{location}: {exc}") from exc
