"""The straight strokes of a PDF page — rules, table borders, underlines — read from its
drawing operators (via pypdf), in mm from the top-left corner, with width and colour."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ContentStream

from notice_kit.inspect.pdftext import PT_PER_MM


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


def page_segments(reader: PdfReader, index: int) -> Iterator[Segment]:
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
