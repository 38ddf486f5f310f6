"""One page of a PDF notice: its lines (page number and table text set aside), its
bordered tables read cell by cell, and the fonts inside each line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notice_kit.inspect.fonts import dominant
from notice_kit.inspect.model import Box, Line, PageInfo, Span
from notice_kit.inspect.pdf_drawing import Segment
from notice_kit.inspect.pdftext import FontSpan, Word, WordLine

# "— 1 —", "- 1 -", "第1页": one number, a few marks round it, alone on a line in the
# bottom margin (7.5) — the check, not the reader, says whether its form is right.
PAGE_NUMBER = re.compile(r"\D{0,4}?\s*\d{1,4}\s*\D{0,4}")


@dataclass
class Table:
    box: tuple[float, float, float, float]
    columns: list[str]
    rows: list[list[str]]
    head_bottom: float = 0.0  # where the first row ends: its fonts are the table's


@dataclass
class Page:
    number: int
    width: float
    height: float
    raw: list[WordLine]
    spans: list[FontSpan]
    segments: list[Segment]
    lines: list[WordLine] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
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
        self.page_number = _find_page_number(lines, self.width, self.height)
        lines = [ln for ln in lines if ln is not self.page_number]
        self.tables = _tables(self.segments, lines)
        inside = [ln for ln in lines if any(_inside(ln, t.box) for t in self.tables)]
        self.lines = _join_rows([ln for ln in lines if ln not in inside])

    def info(self) -> PageInfo:
        number = self.page_number
        return PageInfo(
            number=self.number, width_mm=round(self.width, 2), height_mm=round(self.height, 2),
            page_number=number.spaced_text if number else None,
            page_number_box=line_box(number) if number else None,
            line_count=len(self.lines),
            lines=[Line(text=ln.text, x0_mm=ln.x0, top_mm=ln.top, x1_mm=ln.x1,
                        bottom_mm=ln.bottom, size_pt=style_of(self.spans_of(ln)).size_pt,
                        font=style_of(self.spans_of(ln)).font) for ln in self.lines],
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


def style_of(spans: list[Span]) -> Span:
    return dominant(spans) or Span(text="")


def line_box(line: WordLine) -> Box:
    return Box(page=line.page, x0_mm=round(line.x0, 2), top_mm=round(line.top, 2),
               x1_mm=round(line.x1, 2), bottom_mm=round(line.bottom, 2))


def _find_page_number(lines: list[WordLine], width: float, height: float) -> WordLine | None:
    """The page number: a lone number (with dashes) below everything else, low on the page
    — or, on a page turned landscape, set along its left or right edge (it stays on the
    paper edge of its neighbours, GB/T 9704 clause 8)."""
    if not lines:
        return None
    last = max(lines, key=lambda ln: ln.top)
    if last.top > height * 0.82 and PAGE_NUMBER.fullmatch(last.spaced_text.strip()):
        return last
    if width > height:
        # Along an edge, outside the block: a table's first column ("1", "2") stands near
        # the edge too, so take the line nearest the paper's edge, a turned one (taller
        # than wide) before any other.
        edge = [ln for ln in lines if (ln.x1 < width * 0.15 or ln.x0 > width * 0.85)
                and PAGE_NUMBER.fullmatch(ln.spaced_text.strip())]
        if edge:
            return min(edge, key=lambda ln: (ln.bottom - ln.top <= ln.x1 - ln.x0,
                                             min(ln.x0, width - ln.x1)))
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


def _tables(segments: list[Segment], lines: list[WordLine]) -> list[Table]:
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
        tables.append(Table((xs[0], ys[0], xs[-1], ys[-1]), grid[0], grid[1:], ys[1]))
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
