"""Deciding, from a converted PDF, where the 版记 must go.

The 版记 belongs at the foot of the last page, and that page should be even — the back of
the last sheet when printed on both sides (GB/T 9704-2012 7.4, 7.5).  Which page the
content ends on is only known once LibreOffice has laid it out, so the build converts
once, asks :func:`colophon_placement`, and converts again only when the answer changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader

from notice_kit.inspect.pdftext import PageLines, read_lines
from notice_kit.layout.profile import LayoutProfile
from notice_kit.models import Package
from notice_kit.render.docx.colophon import (
    ColophonPlacement,
    colophon_height_mm,
    colophon_lines,
)

_TOLERANCE_MM = 1.0


def colophon_placement(pdf: Path, package: Package, profile: LayoutProfile, *,
                       alone: bool = False,
                       pages: Sequence[PageLines] | None = None) -> ColophonPlacement:
    """Return where the 版记 should go, judged from ``pdf`` built with it on the same page.

    - content ends on an even page with room below it: same-page;
    - content ends on an odd page: next-page (the 版记 alone on the even page after);
    - content ends on an even page with no room: after-blank-page.

    ``alone`` asks for a page of its own whatever the room (the last page is an external
    file's, whose content notice_kit cannot see).  ``pages``, the text of every page of
    ``pdf`` when the caller has read it already (the build shares one read with the
    pagination check), spares reading it again.
    """
    # The 版记's anchor is the document's last paragraph: its page is the last page.
    if pages is None:
        number = len(PdfReader(pdf).pages)
        lines = read_lines(pdf, first=number, last=number, own=True)[0].lines
    else:
        number, lines = len(pages), pages[-1].lines
    block_bottom = profile.margin_top_mm + profile.text_height_mm
    box_top = block_bottom - colophon_height_mm(profile, colophon_lines(package))
    content = [ln for ln in lines if ln.bottom < box_top + _TOLERANCE_MM]
    overlapping = [
        ln for ln in lines
        if ln.top < box_top - _TOLERANCE_MM and ln.bottom > box_top + _TOLERANCE_MM
        and ln.bottom <= block_bottom + _TOLERANCE_MM
    ]
    if alone:
        return "next-page" if number % 2 == 1 else "after-blank-page"
    if not content:
        # The anchor was pushed onto a page of its own: the content ends on the page before.
        return "next-page" if number % 2 == 0 else "after-blank-page"
    if number % 2 == 1:
        return "next-page"
    return "after-blank-page" if overlapping else "same-page"
