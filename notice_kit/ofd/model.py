"""What the OFD writer needs from a PDF page, in OFD terms: millimetres, origin top left,
y pointing down, colours as 0-255 RGB.

The PDF reader (:mod:`notice_kit.ofd.pdfread`) fills these; nothing else in the package
knows about PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from notice_kit.errors import ConversionError

RGB = tuple[int, int, int]
# A 2×2 linear map as OFD writes a CTM without its translation: (a, b, c, d).
Linear = tuple[float, float, float, float]
IDENTITY: Linear = (1.0, 0.0, 0.0, 1.0)

PT_TO_MM = 25.4 / 72


class OfdError(ConversionError):
    """A PDF could not be converted to OFD (a font, image or page it cannot carry)."""


@dataclass(frozen=True)
class GlyphRef:
    """Which glyph of which font program a PDF character code draws.

    ``source`` names the font program (a system face or a font embedded in the PDF), and
    ``glyph`` is its glyph index there.
    """

    source: str
    glyph: int


@dataclass(frozen=True)
class Glyph:
    """One drawn character: its text, its glyph, where its baseline origin lies (page mm)
    and how it is scaled and turned (``frame``: the glyph space's x and y axes in page mm
    per unit of ``size``; identity for upright text)."""

    text: str
    ref: GlyphRef
    x: float
    y: float
    size: float
    frame: Linear
    color: RGB
    bold_hint: bool = False


@dataclass(frozen=True)
class Segment:
    """One path operation in page mm: ``op`` is M, L, B (cubic, 3 points) or C (close)."""

    op: str
    points: tuple[tuple[float, float], ...] = ()


def expand_array(text: str | None) -> list[float]:
    """An OFD number array (DeltaX, DeltaY …) with its ``g N value`` runs written out."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out += [float(tokens[i + 2])] * int(tokens[i + 1])
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def path_segments(path: Iterable[Sequence[Any]],
                  pt: Callable[[Any, Any], tuple[float, float]]) -> Iterator[Segment]:
    """A PDF path's operators (``("m", x, y)``, ``("c", x1, y1, x2, y2, x3, y3)``, ``v``,
    ``y``, ``l``, ``h``) as segments, ``pt`` mapping a PDF point to page mm."""
    current = (0.0, 0.0)
    for op, *args in path:
        if op == "m":
            current = pt(*args[0:2])
            yield Segment("M", (current,))
        elif op == "l":
            current = pt(*args[0:2])
            yield Segment("L", (current,))
        elif op == "c":
            points = (pt(*args[0:2]), pt(*args[2:4]), pt(*args[4:6]))
            current = points[2]
            yield Segment("B", points)
        elif op == "v":
            points = (current, pt(*args[0:2]), pt(*args[2:4]))
            current = points[2]
            yield Segment("B", points)
        elif op == "y":
            end = pt(*args[2:4])
            points = (pt(*args[0:2]), end, end)
            current = end
            yield Segment("B", points)
        elif op == "h":
            yield Segment("C")


@dataclass(frozen=True)
class Shape:
    """A painted path: stroke and fill, their colours, the pen."""

    segments: tuple[Segment, ...]
    stroke: RGB | None
    fill: RGB | None
    line_width: float
    even_odd: bool = False
    dash: tuple[float, ...] = ()
    dash_offset: float = 0.0
    cap: str = "Butt"
    join: str = "Miter"


@dataclass(frozen=True)
class Picture:
    """An image: encoded bytes (PNG or JPEG), and the CTM that maps the OFD image unit
    square (0,0 top left) onto the page (mm)."""

    data: bytes
    format: str
    ctm: tuple[float, float, float, float, float, float]


Item = Glyph | Shape | Picture


@dataclass
class PageContent:
    """A page: its size in mm and what is drawn on it, in painting order."""

    width: float
    height: float
    items: list[Item] = field(default_factory=list)
