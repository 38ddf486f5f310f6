"""The elements of an OFD page's XML as geometry: numbers, boxes, matrices, colours, the
glyph map of a TextObject and the straight strokes of a PathObject, in page mm."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from notice_kit.inspect.pdf_drawing import Segment

NS = "{http://www.ofdspec.org/2016}"

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)



def apply_matrix(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def object_matrix(obj: ET.Element) -> Matrix:
    """Object space → page: the CTM, then the Boundary's origin."""
    bx, by = (rect_of(obj, "Boundary") or (0.0, 0.0, 0.0, 0.0))[:2]
    a, b, c, d, e, f = numbers_of(obj.get("CTM")) or IDENTITY
    return a, b, c, d, e + bx, f + by


def rect_of(el: ET.Element | None, attr: str | None = None) -> tuple[float, float, float, float] | None:
    if el is None:
        return None
    values = numbers_of(el.get(attr) if attr else el.text)
    return (values[0], values[1], values[2], values[3]) if len(values) == 4 else None


def numbers_of(text: str | None) -> list[float]:
    return [float(v) for v in (text or "").split()]


def text_of(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def glyph_map(obj: ET.Element) -> dict[int, int]:
    """Character position → glyph index, from the CGTransforms that map one character to
    one glyph (others draw their characters' own glyphs)."""
    out: dict[int, int] = {}
    for cg in obj.findall(f"{NS}CGTransform"):
        glyphs = [int(v) for v in text_of(cg.find(f"{NS}Glyphs")).split()]
        start, count = int(cg.get("CodePosition", 0)), int(cg.get("CodeCount", 1))
        for k in range(count):
            if k < len(glyphs):
                out[start + k] = glyphs[k]
    return out


def color_of(el: ET.Element | None, default: str) -> str:
    if el is None:
        return default
    values = [int(float(v)) for v in (el.get("Value") or "").split()]
    if len(values) == 1:
        values *= 3
    return "".join(f"{max(0, min(255, v)):02X}" for v in values[:3]) if len(values) >= 3 \
        else default


_PATH_TOKEN = re.compile(r"[A-Za-z]|-?\d*\.?\d+(?:[eE][-+]?\d+)?")


def path_segments(obj: ET.Element) -> list[Segment]:
    """The straight strokes of a PathObject (and a filled hairline box, as a rule)."""
    matrix = object_matrix(obj)
    stroke = obj.get("Stroke", "true") != "false"
    fill = obj.get("Fill", "false") == "true"
    a, b, c, d, _, _ = matrix
    scale = abs(a * d - b * c) ** 0.5 or 1.0
    width = float(obj.get("LineWidth", "0.353")) * scale
    stroke_color = color_of(obj.find(f"{NS}StrokeColor"), "000000")
    fill_color = color_of(obj.find(f"{NS}FillColor"), "000000")
    tokens = _PATH_TOKEN.findall(text_of(obj.find(f"{NS}AbbreviatedData")))
    points: list[tuple[float, float]] = []
    lines: list[tuple[tuple[float, float], tuple[float, float]]] = []
    current: tuple[float, float] | None = None
    start: tuple[float, float] | None = None
    arity = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    i = 0
    while i < len(tokens):
        op = tokens[i]
        n = arity.get(op)
        if n is None:
            i += 1
            continue
        args = [float(v) for v in tokens[i + 1: i + 1 + n]]
        i += 1 + n
        if op in ("S", "M"):
            current = start = apply_matrix(matrix, *args[:2])
        elif op == "L" and current is not None:
            end = apply_matrix(matrix, *args[:2])
            lines.append((current, end))
            current = end
        elif op in ("Q", "B", "A") and len(args) >= 2:
            current = apply_matrix(matrix, *args[-2:])  # curves are no rules
        elif op == "C" and current is not None and start is not None:
            if current != start:
                lines.append((current, start))
            current = start
        if current is not None:
            points.append(current)
    out: list[Segment] = []
    if stroke:
        out += [_segment(p, q, width, stroke_color) for p, q in lines]
    elif fill and points:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if min(w, h) < 0.7:  # a filled hairline box is a rule
            if w >= h:
                mid = (min(ys) + max(ys)) / 2
                out.append(_segment((min(xs), mid), (max(xs), mid), h, fill_color))
            else:
                mid = (min(xs) + max(xs)) / 2
                out.append(_segment((mid, min(ys)), (mid, max(ys)), w, fill_color))
    return out


def _segment(p: tuple[float, float], q: tuple[float, float], width: float, color: str) -> Segment:
    return Segment(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]), width, color)
