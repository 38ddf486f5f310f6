"""Reading a PDF notice back: lines with positions (pdftotext), fonts and colours
(pdftohtml), rules and table grids (the page's drawing operators, via pypdf), and the top
of the red mark's ink (a few rows rendered by pdftoppm).

Lines are joined into paragraphs the way they were laid out: a line that starts flush left
right under a full line continues it (GB/T 9704 7.3.3: paragraphs start two characters in),
also across a page break.  Where the text block is comes from the text itself (the left
edge of flush lines, the right edge of full ones), so other margins read back too.
"""

from __future__ import annotations

import itertools
import math
import re
import shutil
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ContentStream

from notice_kit.errors import InspectionError
from notice_kit.inspect.classify import Piece, body_size, classify, dominant, group_attachments
from notice_kit.inspect.model import Align, Box, Element, Geometry, InspectedDocument, Line, PageInfo, Span
from notice_kit.inspect.pdftext import (
    PT_PER_MM,
    FontSpan,
    Word,
    WordLine,
    read_font_spans,
    read_word_lines,
    run_poppler,
)
from notice_kit.layout.metrics import text_width
from notice_kit.layout.profile import GBT9704

# "— 1 —", "- 1 -", "第1页": one number, a few marks round it, alone on a line in the
# bottom margin (7.5) — the check, not the reader, says whether its form is right.
PAGE_NUMBER = re.compile(r"\D{0,4}?\s*\d{1,4}\s*\D{0,4}")


def read_pdf(path: Path) -> InspectedDocument:
    """Return the notice in the PDF at ``path`` read back.

    Raises :class:`InspectionError` when the file is not a readable PDF and
    :class:`~notice_kit.errors.ConversionError` when poppler-utils is missing.
    """
    try:
        reader = PdfReader(path)
        segments = [list(_segments(reader, n)) for n in range(len(reader.pages))]
    except (PdfReadError, ValueError, OSError) as exc:
        raise InspectionError(f"{path}: 不是可读取的 PDF / not a readable PDF ({exc})") from exc
    word_pages = read_word_lines(path)
    span_pages = read_font_spans(path)
    sizes = [(float(p.mediabox.width) / PT_PER_MM, float(p.mediabox.height) / PT_PER_MM)
             for p in reader.pages]
    pages = [_Page(n + 1, *sizes[n], words, span_pages[n] if n < len(span_pages) else [],
                   segments[n]) for n, words in enumerate(word_pages)]
    for page in pages:
        page.prepare()
    frame = _Frame.measure(pages)
    pieces = _pieces(pages, frame)
    size = body_size(pieces) or frame.size_pt
    elements = classify(pieces, size)
    elements += _page_number_elements(pages, start=len(elements))
    _measure_mark(path, elements)
    return InspectedDocument(
        path=str(path), format="pdf", page_count=len(pages),
        geometry=_geometry(pages, frame), elements=elements,
        attachments=group_attachments(elements), pages=[p.info() for p in pages],
        body_size_pt=size,
        line_pitch_mm=round(frame.measured_pitch, 3) if frame.measured_pitch else None,
    )


# -- drawing: rules and table borders ---------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A horizontal or vertical stroke (or thin filled box), mm from the top-left."""

    x0: float
    y0: float
    x1: float
    y1: float
    width_mm: float
    color: str  # "RRGGBB"

    @property
    def horizontal(self) -> bool:
        return self.y1 - self.y0 < 0.6 and self.x1 - self.x0 > 3

    @property
    def vertical(self) -> bool:
        return self.x1 - self.x0 < 0.6 and self.y1 - self.y0 > 3


Matrix = tuple[float, float, float, float, float, float]


def _mul(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{max(0, min(255, round(v * 255))):02X}" for v in rgb)


def _color(operands: list[float]) -> str:
    if len(operands) == 1:
        return _hex((operands[0], operands[0], operands[0]))
    if len(operands) == 4:
        c, m, y, k = operands
        return _hex(((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)))
    if len(operands) == 3:
        return _hex((operands[0], operands[1], operands[2]))
    return "000000"


@dataclass
class _GState:
    ctm: Matrix = (1, 0, 0, 1, 0, 0)
    width: float = 1.0
    stroke: str = "000000"
    fill: str = "000000"


_STROKE_COLOR = {"RG", "G", "K", "SC", "SCN"}
_FILL_COLOR = {"rg", "g", "k", "sc", "scn"}
_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}


def _segments(reader: PdfReader, index: int) -> Iterator[Segment]:
    """Yield the straight horizontal and vertical strokes of page ``index``: rules,
    table borders, underlines (LibreOffice strokes them; Word fills thin boxes)."""
    page = reader.pages[index]
    box = page.mediabox
    left, top = float(box.left), float(box.top)
    contents = page.get_contents()
    if contents is None:
        return
    for seg in _walk(ContentStream(contents, reader).operations, page, _GState(), depth=0):
        x0, y0, x1, y1, width, color = seg
        yield Segment(min(x0, x1) / PT_PER_MM - left / PT_PER_MM,
                      (top - max(y0, y1)) / PT_PER_MM, max(x0, x1) / PT_PER_MM - left / PT_PER_MM,
                      (top - min(y0, y1)) / PT_PER_MM, width / PT_PER_MM, color)


_RawSeg = tuple[float, float, float, float, float, str]


def _walk(operations: list[tuple[list[object], bytes]], resources: object, state: _GState,
          depth: int) -> Iterator[_RawSeg]:
    stack: list[_GState] = []
    path: list[tuple[str, list[float]]] = []
    for operands, raw_op in operations:
        op = raw_op.decode("latin-1") if isinstance(raw_op, bytes) else str(raw_op)
        nums = [float(x) for x in operands if isinstance(x, int | float)]
        if op == "q":
            stack.append(_GState(state.ctm, state.width, state.stroke, state.fill))
        elif op == "Q" and stack:
            state = stack.pop()
        elif op == "cm" and len(nums) == 6:
            state.ctm = _mul(tuple(nums), state.ctm)  # type: ignore[arg-type]
        elif op == "w" and nums:
            state.width = nums[0]
        elif op in _STROKE_COLOR:
            state.stroke = _color(nums)
        elif op in _FILL_COLOR:
            state.fill = _color(nums)
        elif op in ("m", "l", "re", "c", "v", "y", "h"):
            path.append((op, nums))
        elif op in _PAINT:
            yield from _paint(op, path, state)
            path = []
        elif op == "Do" and depth < 3 and operands:
            yield from _form(resources, operands[0], state, depth)


def _paint(op: str, path: list[tuple[str, list[float]]], state: _GState) -> Iterator[_RawSeg]:
    a, b, c, d, e, f = state.ctm

    def pt(x: float, y: float) -> tuple[float, float]:
        return a * x + c * y + e, b * x + d * y + f

    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    stroke = op in ("S", "s", "B", "B*", "b", "b*")
    fill = op in ("f", "F", "f*", "B", "B*", "b", "b*")
    current: tuple[float, float] | None = None
    for kind, nums in path:
        if kind == "m" and len(nums) == 2:
            current = pt(*nums)
        elif kind == "l" and len(nums) == 2 and current is not None:
            end = pt(*nums)
            if stroke:
                yield (*current, *end, state.width * scale, state.stroke)
            current = end
        elif kind == "re" and len(nums) == 4:
            x, y, w, h = nums
            (x0, y0), (x1, y1) = pt(x, y), pt(x + w, y + h)
            thin = min(abs(x1 - x0), abs(y1 - y0))
            if fill and thin < 2:  # a filled hairline box is a rule
                mid_y, mid_x = (y0 + y1) / 2, (x0 + x1) / 2
                if abs(x1 - x0) >= abs(y1 - y0):
                    yield (x0, mid_y, x1, mid_y, thin, state.fill)
                else:
                    yield (mid_x, y0, mid_x, y1, thin, state.fill)
            elif stroke:
                for p0, p1 in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)),
                               ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
                    yield (*p0, *p1, state.width * scale, state.stroke)
        elif kind in ("c", "v", "y") and len(nums) >= 2:
            current = pt(nums[-2], nums[-1])  # curves are no rules


def _form(resources: object, name: object, state: _GState, depth: int) -> Iterator[_RawSeg]:
    try:
        xobject = resources["/Resources"]["/XObject"][name].get_object()  # type: ignore[index]
        if xobject.get("/Subtype") != "/Form":
            return
        matrix = tuple(float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
        inner = _GState(_mul(matrix, state.ctm), state.width, state.stroke, state.fill)  # type: ignore[arg-type]
        operations = ContentStream(xobject, None).operations
    except (KeyError, TypeError, AttributeError, PdfReadError):
        return
    yield from _walk(operations, xobject, inner, depth + 1)


# -- the text block -----------------------------------------------------------------------------


@dataclass
class _Frame:
    """The text block as the text shows it: left edge, right edge, a character's width,
    the distance between lines and the body size.  ``measured_right`` and
    ``measured_pitch`` are None when the text does not show them (no full lines, no two
    lines in a row); the standard's values stand in for them when joining lines."""

    left: float
    right: float
    char_mm: float
    pitch_mm: float
    size_pt: float
    measured_right: float | None = None
    measured_pitch: float | None = None

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2

    @classmethod
    def measure(cls, pages: list[_Page]) -> _Frame:
        lines = [(page, ln) for page in pages for ln in page.lines]
        # The body size is that of most lines (by characters, a short page's title
        # or a table would win).
        sizes = Counter(_style(page.spans_of(ln)).size_pt or 0.0 for page, ln in lines)
        size = max(sizes, key=lambda s: (sizes[s], -s)) if sizes else GBT9704.body_size_pt
        body = [ln for page, ln in lines if abs((_style(page.spans_of(ln)).size_pt or 0) - size) < 0.6]
        # Flush lines are the leftmost: continuations, labels, 主送 (7.3).
        left = min((ln.x0 for ln in body), default=GBT9704.margin_left_mm)
        flush = [ln for ln in body if abs(ln.x0 - left) < 0.6]
        wide = [ln for ln in flush if text_width(ln.text) >= 20]
        char = statistics.median((ln.x1 - ln.x0) / text_width(ln.text) for ln in wide) if wide \
            else size / PT_PER_MM
        right = statistics.median(ln.x1 for ln in wide) + 0.2 if wide else None
        pitch = _pitch(body, size)
        return cls(left, right or left + GBT9704.text_width_mm, char,
                   pitch or GBT9704.line_pitch_pt / PT_PER_MM, size, right, pitch)


def _pitch(body: list[WordLine], size: float) -> float | None:
    """The most common distance between successive body lines: the grid's line pitch."""
    em = size / PT_PER_MM
    tops: dict[int, list[float]] = {}
    for ln in body:
        tops.setdefault(ln.page, []).append(ln.top)
    deltas = [round(b - a, 1) for ts in map(sorted, tops.values()) for a, b in itertools.pairwise(ts)
              if em * 0.9 < b - a < em * 2.2]
    return statistics.mode(deltas) if deltas else None


# -- a page --------------------------------------------------------------------------------------


@dataclass
class _Table:
    box: tuple[float, float, float, float]
    columns: list[str]
    rows: list[list[str]]
    head_bottom: float = 0.0  # where the first row ends: its fonts are the table's


@dataclass
class _Page:
    number: int
    width: float
    height: float
    raw: list[WordLine]
    spans: list[FontSpan]
    segments: list[Segment]
    lines: list[WordLine] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)
    page_number: WordLine | None = None

    def spans_of(self, line: WordLine) -> list[Span]:
        """The font spans' characters inside ``line``'s box, left to right, spaces dropped.

        Character by character: pdftohtml may run text together that pdftotext keeps
        apart (a joint mark's "扬州市财政局文件" against "文件" standing a row higher).
        """
        out: list[Span] = []
        for s in sorted(self.spans, key=lambda s: s.x0):
            overlap = min(s.bottom, line.bottom) - max(s.top, line.top)
            if overlap < 0.5 * min(s.bottom - s.top, line.bottom - line.top):
                continue
            step = (s.x1 - s.x0) / max(len(s.text), 1)
            chars = "".join(ch for i, ch in enumerate(s.text)
                            if line.x0 - 0.5 <= s.x0 + (i + 0.5) * step <= line.x1 + 0.5
                            and not ch.isspace())
            if chars:
                out.append(Span(text=chars, font=s.font, size_pt=s.size_pt, color=s.color,
                                bold=s.bold))
        return out

    def prepare(self) -> None:
        """Set aside the page number and the tables; join lines split on one row."""
        lines = [_with_wide_spaces(ln) for ln in self.raw if ln.text.strip()]
        self.page_number = _find_page_number(lines, self.height)
        lines = [ln for ln in lines if ln is not self.page_number]
        self.tables = _tables(self.segments, lines)
        inside = [ln for ln in lines if any(_inside(ln, t.box) for t in self.tables)]
        self.lines = _join_rows([ln for ln in lines if ln not in inside])

    def info(self) -> PageInfo:
        number = self.page_number
        return PageInfo(
            number=self.number, width_mm=round(self.width, 2), height_mm=round(self.height, 2),
            page_number=number.spaced_text if number else None,
            page_number_box=_box(number) if number else None,
            line_count=len(self.lines),
            lines=[Line(text=ln.text, x0_mm=ln.x0, top_mm=ln.top, x1_mm=ln.x1,
                        bottom_mm=ln.bottom, size_pt=_style(self.spans_of(ln)).size_pt,
                        font=_style(self.spans_of(ln)).font) for ln in self.lines],
        )


def _with_wide_spaces(line: WordLine) -> WordLine:
    """Put back the full-width spaces set between words ("签发人：张三　李四"): pdftotext
    drops them, and joining its words without spaces is right only for narrow gaps (the
    room LibreOffice leaves between Chinese and Latin text)."""
    text = ""
    for i, word in enumerate(line.words):
        if i and word.x0 - line.words[i - 1].x1 >= 0.6 * (word.bottom - word.top):
            text += "\u3000"
        text += word.text
    if not line.words or text == line.text:
        return line
    return WordLine(page=line.page, x0=line.x0, top=line.top, x1=line.x1, bottom=line.bottom,
                    text=text, words=line.words)


def _style(spans: list[Span]) -> Span:
    return dominant(spans) or Span(text="")


def _box(line: WordLine) -> Box:
    return Box(page=line.page, x0_mm=round(line.x0, 2), top_mm=round(line.top, 2),
               x1_mm=round(line.x1, 2), bottom_mm=round(line.bottom, 2))


def _find_page_number(lines: list[WordLine], height: float) -> WordLine | None:
    """The page number: a lone number (with dashes) below everything else, low on the page."""
    if not lines:
        return None
    last = max(lines, key=lambda ln: ln.top)
    if last.top > height * 0.82 and PAGE_NUMBER.fullmatch(last.spaced_text.strip()):
        return last
    return None


def _inside(line: WordLine, box: tuple[float, float, float, float]) -> bool:
    x, y = line.centre_x, line.middle_y
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _join_rows(lines: list[WordLine]) -> list[WordLine]:
    """Join pieces of one row that pdftotext split at a wide gap ("印发机关   日期印发")."""
    out: list[WordLine] = []
    for line in sorted(lines, key=lambda ln: (round(ln.top, 1), ln.x0)):
        prev = out[-1] if out else None
        if prev is not None and abs(prev.top - line.top) < 0.8 and line.x0 > prev.x1:
            out[-1] = WordLine(page=prev.page, x0=prev.x0, top=min(prev.top, line.top),
                               x1=line.x1, bottom=max(prev.bottom, line.bottom),
                               text=prev.text + "\t" + line.text, words=prev.words + line.words)
        else:
            out.append(line)
    return out


def _tables(segments: list[Segment], lines: list[WordLine]) -> list[_Table]:
    """Bordered tables: groups of vertical strokes overlapping in height, with the
    horizontal strokes across them; cells read from the words inside."""
    verticals = sorted((s for s in segments if s.vertical), key=lambda s: s.y0)
    groups: list[list[Segment]] = []
    for seg in verticals:
        if groups and seg.y0 <= max(s.y1 for s in groups[-1]) + 0.5:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    tables = []
    for group in groups:
        xs = _distinct([s.x0 for s in group])
        y0, y1 = min(s.y0 for s in group), max(s.y1 for s in group)
        ys = _distinct([s.y0 for s in segments if s.horizontal and y0 - 0.5 <= s.y0 <= y1 + 0.5
                        and s.x0 <= xs[0] + 0.5 and s.x1 >= xs[-1] - 0.5])
        if len(xs) < 2 or len(ys) < 2:
            continue
        words = [w for ln in lines for w in ln.words]
        grid = [[_cell(words, xs[c], ys[r], xs[c + 1], ys[r + 1]) for c in range(len(xs) - 1)]
                for r in range(len(ys) - 1)]
        tables.append(_Table((xs[0], ys[0], xs[-1], ys[-1]), grid[0], grid[1:], ys[1]))
    return tables


def _distinct(values: list[float], tolerance: float = 0.6) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _cell(words: list[Word], x0: float, y0: float, x1: float, y1: float) -> str:
    inside = [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.top + w.bottom) / 2 <= y1]
    inside.sort(key=lambda w: (round(w.top, 0), w.x0))
    return "".join(w.text for w in inside)


# -- pieces: paragraphs, tables, rules ----------------------------------------------------------


@dataclass
class _Item:
    page: int
    top: float
    line: WordLine | None = None
    piece: Piece | None = None


def _pieces(pages: list[_Page], frame: _Frame) -> list[Piece]:
    items: list[_Item] = []
    for page in pages:
        items += [_Item(page.number, ln.top, line=ln) for ln in page.lines]
        items += [_Item(page.number, t.box[1], piece=_table_piece(page, t)) for t in page.tables]
        items += [_Item(page.number, r.y0, piece=r_piece) for r, r_piece in _rules(page, frame)]
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
        if previous is not None and out and _continues(previous, it.line, out[-1], spans, frame,
                                                       last_on_page):
            _append(out[-1], it.line, spans)
        else:
            out.append(_start(it.line, spans, frame, new_page=_first_on_page(items, it)))
        previous = it.line
    return out


def _first_on_page(items: list[_Item], it: _Item) -> bool:
    first = next(x for x in items if x.page == it.page)
    return first is it


def _is_centred(line: WordLine, spans: list[Span], frame: _Frame) -> bool:
    """Centred: the middle on the block's middle, room on both sides — and, for body-size
    text, not a paragraph's first line that happens to end two characters early."""
    indent, gap = line.x0 - frame.left, frame.right - line.x1
    if abs(line.centre_x - frame.centre) >= 1.5 or indent < 2 or gap < 2 or "\t" in line.text:
        return False
    larger = (_style(spans).size_pt or 0) > frame.size_pt + 1
    return larger or abs(indent / frame.char_mm - 2) > 0.3


def _start(line: WordLine, spans: list[Span], frame: _Frame, *, new_page: bool) -> Piece:
    indent = (line.x0 - frame.left) / frame.char_mm
    gap = (frame.right - line.x1) / frame.char_mm
    centred = _is_centred(line, spans, frame)
    align: Align = "center" if centred else "right" if indent >= 8 and gap < 3 else \
        "justify" if gap < 1.5 else "left"
    return Piece(text=line.text, spans=spans or [Span(text=line.text)], lines=[line.text],
                 boxes=[_box(line)], align=align, indent_chars=max(indent, 0.0),
                 new_page=new_page)


def _append(piece: Piece, line: WordLine, spans: list[Span]) -> None:
    piece.text += line.text
    piece.lines.append(line.text)
    piece.boxes.append(_box(line))
    piece.spans += spans
    piece.align = "justify"


def _continues(prev: WordLine, line: WordLine, piece: Piece, spans: list[Span], frame: _Frame,
               last_on_page: dict[int, float]) -> bool:
    """Tell whether ``line`` goes on with the paragraph whose last line is ``prev``."""
    if piece.align in ("center", "right") or piece.table is not None or piece.rule_color:
        return False
    flush = abs(line.x0 - frame.left) < 0.5 * frame.char_mm
    full = frame.right - prev.x1 < 1.5 * frame.char_mm
    style, before = _style(spans), piece.style
    same = before is not None and style.size_pt == before.size_pt and style.color == before.color
    if not (flush and full and same):
        return False
    if line.page == prev.page:
        return 0 < line.top - prev.top < 1.6 * frame.pitch_mm
    # Over a page break: the last line of one page, then the first of the next.
    return line.page == prev.page + 1 and prev.top >= last_on_page[prev.page] - 0.1


def _table_piece(page: _Page, table: _Table) -> Piece:
    x0, y0, x1, y1 = table.box
    head = [Span(text=s.text, font=s.font, size_pt=s.size_pt, color=s.color, bold=s.bold)
            for s in page.spans if x0 <= s.centre[0] <= x1 and y0 <= s.centre[1] <= table.head_bottom]
    return Piece(text="｜".join(table.columns),
                 lines=["｜".join(r) for r in [table.columns, *table.rows]], spans=head,
                 boxes=[Box(page=page.number, x0_mm=x0, top_mm=y0, x1_mm=x1, bottom_mm=y1)],
                 align="center", table=(table.columns, table.rows))


def _rules(page: _Page, frame: _Frame) -> Iterator[tuple[Segment, Piece]]:
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


def _page_number_elements(pages: list[_Page], start: int) -> list[Element]:
    out: list[Element] = []
    for page in pages:
        line = page.page_number
        if line is None:
            continue
        spans = page.spans_of(line)
        style = _style(spans)
        out.append(Element(kind="page_number", index=start + len(out), text=line.spaced_text,
                           lines=[line.spaced_text], font=style.font, size_pt=style.size_pt,
                           page=page.number, x_mm=round(line.x0, 2), y_mm=round(line.top, 2),
                           boxes=[_box(line)], spans=spans, area="页脚 / footer"))
    return out


def _geometry(pages: list[_Page], frame: _Frame) -> list[Geometry]:
    """Paper per page size; margins measured where the body text stands.  The top is
    taken from pages that begin with body text (not a mark, a title or the 版记)."""
    def is_body(page: _Page, line: WordLine) -> bool:
        return abs((_style(page.spans_of(line)).size_pt or 0) - frame.size_pt) < 0.6

    body = [ln for p in pages for ln in p.lines if is_body(p, ln)]
    firsts = [p.lines[0] for p in pages if p.lines and is_body(p, p.lines[0])]
    top = min((ln.top for ln in firsts), default=None)
    bottom = max((ln.bottom for ln in body), default=None)
    out: list[Geometry] = []
    for page in pages:
        size = (round(page.width, 2), round(page.height, 2))
        if out and (out[-1].page_width_mm, out[-1].page_height_mm) == size:
            continue
        right = frame.measured_right
        out.append(Geometry(
            where=f"第{page.number}页起 / from p.{page.number}",
            page_width_mm=size[0], page_height_mm=size[1],
            margin_left_mm=round(frame.left, 2) if body else None,
            margin_right_mm=round(page.width - right, 2) if right else None,
            margin_top_mm=round(top, 2) if top is not None else None,
            margin_bottom_mm=round(page.height - bottom, 2) if bottom is not None else None,
            measured=True,
        ))
    return out


# -- the mark's ink ------------------------------------------------------------------------------

_DPI = 300
_HIGH = bytes(1 if v > 180 else 0 for v in range(256))
_LOW = bytes(1 if v < 100 else 0 for v in range(256))


def _measure_mark(pdf: Path, elements: list[Element]) -> None:
    """Set the mark's ``ink_top_mm``: the first pixel row holding red ink (7.2.4 measures
    the mark's top edge, which lies a little below the top of its letters' box)."""
    mark = next((e for e in elements if e.kind == "mark" and e.boxes), None)
    if mark is None or shutil.which("pdftoppm") is None:
        return
    box = mark.boxes[0]
    top = max(box.top_mm - 2, 0)
    mark.ink_top_mm = _red_ink_top(pdf, box.page, box.x0_mm, top, box.x1_mm, box.bottom_mm)


def _red_ink_top(pdf: Path, page: int, x0: float, y0: float, x1: float, y1: float) -> float | None:
    px = _DPI / 25.4
    args = ["-r", str(_DPI), "-f", str(page), "-l", str(page),
            "-x", str(round(x0 * px)), "-y", str(round(y0 * px)),
            "-W", str(round((x1 - x0) * px)), "-H", str(round((y1 - y0) * px)), str(pdf)]
    ppm = run_poppler("pdftoppm", args, pdf)
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", ppm)
    if m is None:
        return None
    width, height = int(m[1]), int(m[2])
    data = ppm[m.end():]
    stride = width * 3
    for row in range(height):
        line = data[row * stride:(row + 1) * stride]
        red = (int.from_bytes(line[0::3].translate(_HIGH), "big")
               & int.from_bytes(line[1::3].translate(_LOW), "big")
               & int.from_bytes(line[2::3].translate(_LOW), "big"))
        if red.bit_count() >= 2:
            return round(y0 + row / px, 2)
    return None

