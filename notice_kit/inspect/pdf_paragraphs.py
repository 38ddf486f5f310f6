"""A PDF's lines joined back into paragraphs, in reading order with its tables and rules:
a line that starts flush left right under a full line continues it (GB/T 9704 7.3.3:
paragraphs start two characters in), also across a page break."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from notice_kit.inspect.model import Align, Box, Span
from notice_kit.inspect.pdf_drawing import Segment
from notice_kit.inspect.pdf_frame import Frame
from notice_kit.inspect.pdf_page import Page, Table, line_box, style_of
from notice_kit.inspect.pdftext import PT_PER_MM, WordLine
from notice_kit.inspect.pieces import Piece


@dataclass
class _Item:
    page: int
    top: float
    line: WordLine | None = None
    piece: Piece | None = None


def pdf_pieces(pages: list[Page], frames: dict[int, Frame]) -> list[Piece]:
    """Return the pages' lines joined into paragraphs, with their tables and rules, in
    reading order; ``frames`` gives each page's text block."""
    items: list[_Item] = []
    for page in pages:
        items += [_Item(page.number, ln.top, line=ln) for ln in page.lines]
        items += [_Item(page.number, t.box[1], piece=_table_piece(page, t)) for t in page.tables]
        items += [_Item(page.number, r.y0, piece=r_piece) for r, r_piece in _rules(page, frames[page.number])]
    items.sort(key=lambda it: (it.page, it.top))
    out: list[Piece] = []
    previous: WordLine | None = None
    last_on_page = {p.number: max((it.top for it in items if it.page == p.number), default=0)
                    for p in pages}
    for it in items:
        if it.piece is not None:
            out.append(it.piece)
            previous = None
            continue
        assert it.line is not None
        spans = pages[it.page - 1].spans_of(it.line)
        if previous is not None and out and _continues(previous, it.line, out[-1], spans, frames,
                                                       last_on_page):
            _append(out[-1], it.line, spans)
        else:
            out.append(_start(it.line, spans, frames[it.page],
                              new_page=_first_on_page(items, it)))
        previous = it.line
    return out


def _first_on_page(items: list[_Item], it: _Item) -> bool:
    first = next(x for x in items if x.page == it.page)
    return first is it


def _is_centred(line: WordLine, spans: list[Span], frame: Frame) -> bool:
    """Centred: the middle on the block's middle, room on both sides — and, for body-size
    text, not a paragraph's first line that happens to end two characters early."""
    indent, gap = line.x0 - frame.left, frame.right - line.x1
    larger = (style_of(spans).size_pt or 0) > frame.size_pt + 1
    if abs(line.centre_x - frame.centre) >= 1.5 or "\t" in line.text:
        return False
    if indent < 2 or gap < 2:  # as wide as the block: a title's full line, or body text
        return larger and indent > -1 and gap > -1
    return larger or abs(indent / frame.char_mm - 2) > 0.3


def _start(line: WordLine, spans: list[Span], frame: Frame, *, new_page: bool) -> Piece:
    indent = (line.x0 - frame.left) / frame.char_mm
    gap = (frame.right - line.x1) / frame.char_mm
    centred = _is_centred(line, spans, frame)
    align: Align = "center" if centred else "right" if indent >= 8 and gap < 3 else \
        "justify" if gap < 1.5 else "left"
    return Piece(text=line.text, spans=spans or [Span(text=line.text)], lines=[line.text],
                 boxes=[line_box(line)], align=align, indent_chars=max(indent, 0.0),
                 new_page=new_page)


def _append(piece: Piece, line: WordLine, spans: list[Span]) -> None:
    piece.text += line.text
    piece.lines.append(line.text)
    piece.boxes.append(line_box(line))
    piece.spans += spans
    piece.align = "justify"


# A line that ends in the middle of an address or a Latin word too long to break: the
# rest comes on the next line, however short this one is.
_LATIN_END = re.compile(r"[A-Za-z/@._~?=&%#:-]{4}$")


def _continues(prev: WordLine, line: WordLine, piece: Piece, spans: list[Span],
               frames: dict[int, Frame], last_on_page: dict[int, float]) -> bool:
    """Tell whether ``line`` goes on with the paragraph whose last line is ``prev``."""
    if piece.align in ("center", "right") or piece.table is not None or piece.rule_color:
        return False
    frame, before_frame = frames[line.page], frames[prev.page]
    flush = abs(line.x0 - frame.left) < 0.5 * frame.char_mm
    full = before_frame.right - prev.x1 < 1.5 * before_frame.char_mm or bool(
        _LATIN_END.search(prev.text))
    style, before = style_of(spans), piece.style
    same = before is not None and style.size_pt == before.size_pt and style.color == before.color
    if not (flush and full and same):
        return False
    if line.page == prev.page:
        return 0 < line.top - prev.top < 1.6 * frame.pitch_mm
    # Over a page break: the last line of one page, then the first of the next.
    return line.page == prev.page + 1 and prev.top >= last_on_page[prev.page] - 0.1


def _table_piece(page: Page, table: Table) -> Piece:
    x0, y0, x1, y1 = table.box
    head = [Span(text=s.text, font=s.font, size_pt=s.size_pt, color=s.color, bold=s.bold)
            for s in page.spans if x0 <= s.centre[0] <= x1 and y0 <= s.centre[1] <= table.head_bottom]
    return Piece(text="｜".join(table.columns),
                 lines=["｜".join(r) for r in [table.columns, *table.rows]], spans=head,
                 boxes=[Box(page=page.number, x0_mm=x0, top_mm=y0, x1_mm=x1, bottom_mm=y1)],
                 align="center", table=(table.columns, table.rows))


def _rules(page: Page, frame: Frame) -> Iterator[tuple[Segment, Piece]]:
    """Rules: horizontal strokes about the block's width (not underlines), outside tables, once each
    (LibreOffice strokes the red rule twice)."""
    seen: set[tuple[int, str]] = set()
    for seg in sorted(page.segments, key=lambda s: s.y0):
        if not seg.horizontal or seg.x1 - seg.x0 < 0.9 * (frame.right - frame.left):
            continue
        if any(t.box[1] - 0.5 <= seg.y0 <= t.box[3] + 0.5 for t in page.tables):
            continue
        key = (round(seg.y0 * 2), seg.color)
        if key in seen:
            continue
        seen.add(key)
        box = Box(page=page.number, x0_mm=round(seg.x0, 2), top_mm=round(seg.y0, 2),
                  x1_mm=round(seg.x1, 2), bottom_mm=round(seg.y0 + seg.width_mm, 2))
        yield seg, Piece(text="", boxes=[box], rule_color=seg.color,
                         rule_pt=round(seg.width_mm * PT_PER_MM, 2))
