"""Group glyphs into OFD text runs: one TextObject per stretch of glyphs that share a
font, size, colour, orientation and baseline, with the glyph origins as DeltaX."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from notice_kit.ofd.model import IDENTITY, RGB, Glyph, Linear

__all__ = ["Run", "runs"]

_SAME_LINE = 0.01  # mm


@dataclass
class Run:
    """Glyphs on one baseline, in run space (the page for upright text; the glyph frame's
    own axes otherwise): ``xs`` are the origins along the baseline, ``y`` the baseline."""

    source: str
    size: float
    color: RGB
    frame: Linear
    y: float
    glyphs: list[Glyph] = field(default_factory=list)
    xs: list[float] = field(default_factory=list)

    @property
    def upright(self) -> bool:
        return self.frame == IDENTITY


def to_run_space(frame: Linear, x: float, y: float) -> tuple[float, float]:
    """Return page point (x, y) in the coordinates of ``frame`` (its inverse applied)."""
    if frame == IDENTITY:
        return x, y
    a, b, c, d = frame
    det = a * d - b * c
    if det == 0:
        return x, y
    return (x * d - y * c) / det, (y * a - x * b) / det


def runs(glyphs: Iterable[Glyph]) -> Iterator[Run]:
    """Yield runs of consecutive glyphs (painting order is kept)."""
    current: Run | None = None
    for glyph in glyphs:
        qx, qy = to_run_space(glyph.frame, glyph.x, glyph.y)
        if (current is not None and current.source == glyph.ref.source
                and abs(current.size - glyph.size) < 1e-6 and current.color == glyph.color
                and current.frame == glyph.frame and abs(current.y - qy) < _SAME_LINE
                and qx >= current.xs[-1] - _SAME_LINE):
            current.glyphs.append(glyph)
            current.xs.append(qx)
            continue
        if current is not None:
            yield current
        current = Run(glyph.ref.source, glyph.size, glyph.color, glyph.frame, qy, [glyph], [qx])
    if current is not None:
        yield current
