"""The text block as a PDF's text shows it: left and right edges, a character's width,
the line pitch and the body size (the standard's values stand in where the text is silent)."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from notice_kit.inspect.pdf_page import Page, style_of
from notice_kit.inspect.pdftext import PT_PER_MM, WordLine
from notice_kit.layout.metrics import text_width
from notice_kit.layout.profile import GBT9704


@dataclass
class Frame:
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
    def measure(cls, pages: list[Page]) -> Frame:
        """Measure the block on ``pages`` (those of one orientation)."""
        lines = [(page, ln) for page in pages for ln in page.lines]
        # The body size is that of most lines (by characters, a short page's title
        # or a table would win).
        sizes = Counter(style_of(page.spans_of(ln)).size_pt or 0.0 for page, ln in lines)
        size = max(sizes, key=lambda s: (sizes[s], -s)) if sizes else GBT9704.body_size_pt
        body = [ln for page, ln in lines if abs((style_of(page.spans_of(ln)).size_pt or 0) - size) < 0.6]
        left, right, char = _edges(body, size)
        pitch = line_pitch(body, size)
        return cls(left if left is not None else GBT9704.margin_left_mm,
                   right or (left or GBT9704.margin_left_mm) + GBT9704.text_width_mm, char,
                   pitch or GBT9704.line_pitch_pt / PT_PER_MM, size, right, pitch)

    def for_pages(self, pages: list[Page]) -> Frame:
        """The block on ``pages`` of another orientation (a landscape table's page): its
        edges measured there — from the lines of body size, else the tables, which fill
        the block's width — with this frame's size, pitch and character width."""
        body = [ln for page in pages for ln in page.lines
                if abs((style_of(page.spans_of(ln)).size_pt or 0) - self.size_pt) < 0.6]
        left, right, _ = _edges(body, self.size_pt)
        tables = [t.box for page in pages for t in page.tables]
        if tables:
            # A table fills the block's width; on a page of a few lines, a paragraph's
            # last line may pass for a full one and stop short of the edge.
            left = min([left, *(b[0] for b in tables)]) if left is not None \
                else min(b[0] for b in tables)
            right = max([right, *(b[2] for b in tables)]) if right is not None \
                else max(b[2] for b in tables)
        width = pages[0].width if pages else 0.0
        left = left if left is not None else self.left
        return Frame(left, right or width - left, self.char_mm, self.pitch_mm, self.size_pt,
                     right, self.measured_pitch)


def measure_frames(pages: list[Page]) -> tuple[Frame, dict[int, Frame]]:
    """Return the main frame (measured on the pages of the most common orientation) and
    each page's frame: pages turned the other way (landscape tables) get their own."""
    def landscape(page: Page) -> bool:
        return page.width > page.height

    turned = [p for p in pages if landscape(p)]
    upright = [p for p in pages if not landscape(p)]
    main_pages, other = (upright, turned) if len(upright) >= len(turned) else (turned, upright)
    main = Frame.measure(main_pages or pages)
    side = main.for_pages(other) if other else main
    return main, {p.number: (side if p in other else main) for p in pages}


# Latin letters and the marks of addresses: proportional, not half a character each.
_LATIN_RUN = re.compile(r"[A-Za-z/@:._~?=&%#-]{4,}")


def _edges(body: list[WordLine], size: float) -> tuple[float | None, float | None, float]:
    """Return (left, right, character width) of the block as ``body`` lines show them.

    Left: the leftmost start of a line (flush lines: continuations, labels, 主送).
    Right: where most of the wide flush lines end, the rightmost of equals — a
    paragraph's last line ends early, and so does a line before a URL too long to break.
    """
    if not body:
        return None, None, size / PT_PER_MM
    left = min(ln.x0 for ln in body)
    flush = [ln for ln in body if abs(ln.x0 - left) < 0.6]
    wide = [ln for ln in flush if text_width(ln.text) >= 20]
    ends = [ln.x1 for ln in wide]
    right = None
    if ends:
        best = max(ends, key=lambda x: (sum(1 for y in ends if abs(x - y) < 0.6), x))
        full = [y for y in ends if abs(best - y) < 0.6]
        right = statistics.median(full) + 0.2
    chinese = [ln for ln in wide if not _LATIN_RUN.search(ln.text)
               and right is not None and abs(ln.x1 + 0.2 - right) < 0.6]
    char = statistics.median((ln.x1 - ln.x0) / text_width(ln.text) for ln in chinese) \
        if chinese else size / PT_PER_MM
    return left, right, char


def line_pitch(body: list[WordLine], size: float) -> float | None:
    """The most common distance between successive body lines: the grid's line pitch."""
    em = size / PT_PER_MM
    tops: dict[int, list[float]] = {}
    for ln in body:
        tops.setdefault(ln.page, []).append(ln.top)
    deltas = [round(b - a, 1) for ts in map(sorted, tops.values()) for a, b in itertools.pairwise(ts)
              if em * 0.9 < b - a < em * 2.2]
    return statistics.mode(deltas) if deltas else None
