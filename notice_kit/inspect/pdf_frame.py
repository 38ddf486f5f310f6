"""The text block as a PDF's text shows it: left and right edges, a character's width,
the line pitch and the body size (the standard's values stand in where the text is silent)."""

from __future__ import annotations

import itertools
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
        lines = [(page, ln) for page in pages for ln in page.lines]
        # The body size is that of most lines (by characters, a short page's title
        # or a table would win).
        sizes = Counter(style_of(page.spans_of(ln)).size_pt or 0.0 for page, ln in lines)
        size = max(sizes, key=lambda s: (sizes[s], -s)) if sizes else GBT9704.body_size_pt
        body = [ln for page, ln in lines if abs((style_of(page.spans_of(ln)).size_pt or 0) - size) < 0.6]
        # Flush lines are the leftmost: continuations, labels, 主送 (7.3).
        left = min((ln.x0 for ln in body), default=GBT9704.margin_left_mm)
        flush = [ln for ln in body if abs(ln.x0 - left) < 0.6]
        wide = [ln for ln in flush if text_width(ln.text) >= 20]
        char = statistics.median((ln.x1 - ln.x0) / text_width(ln.text) for ln in wide) if wide \
            else size / PT_PER_MM
        right = statistics.median(ln.x1 for ln in wide) + 0.2 if wide else None
        pitch = line_pitch(body, size)
        return cls(left, right or left + GBT9704.text_width_mm, char,
                   pitch or GBT9704.line_pitch_pt / PT_PER_MM, size, right, pitch)


def line_pitch(body: list[WordLine], size: float) -> float | None:
    """The most common distance between successive body lines: the grid's line pitch."""
    em = size / PT_PER_MM
    tops: dict[int, list[float]] = {}
    for ln in body:
        tops.setdefault(ln.page, []).append(ln.top)
    deltas = [round(b - a, 1) for ts in map(sorted, tops.values()) for a, b in itertools.pairwise(ts)
              if em * 0.9 < b - a < em * 2.2]
    return statistics.mode(deltas) if deltas else None
