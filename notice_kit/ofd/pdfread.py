"""Read what a PDF draws — glyphs, paths, images — in OFD terms, from its content streams.

A small content-stream interpreter over pypdf, for the operators LibreOffice writes: text
(BT/ET, Tf, Tm, Td, TD, T*, TL, Tc, Tw, Tz, Ts, Tj, TJ, ' and "), the graphics state
(q/Q, cm, w, J, j, d, M, gs; colours rg/RG, g/G, k/K, cs/CS, sc/scn, SC/SCN), paths
(m, l, c, v, y, h, re; painted by S, s, f, F, f*, B, B*, b, b*; n and the clip W/W*
discarded), images and forms (Do), and marked content (BDC, BMC, EMC, MP, DP; no effect).
Glyph advances come from the font's widths (Widths, or W for a CID font), text from its
ToUnicode map. It turns them into :mod:`notice_kit.ofd.model` items in page mm with the
same arithmetic as pdfminer.six's interpreter, which read them before and is ten times
slower: the seed package's 14 pages take ~0.1 s here.

A PDF this reader does not take — an inline image, a font without a ToUnicode entry for
a code it shows, content it cannot parse: a PDF that notice_kit did not make, such as an
attached .pdf — is read by pdfminer.six (:mod:`notice_kit.ofd.pdfminer_read`) instead.
Clipping paths, shadings, transparency and Type 3 fonts are not read (notice_kit's own
PDFs have none that matter: LibreOffice clips only to the page).
"""

from __future__ import annotations

import io
import logging
import math
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from notice_kit.ofd.fonts import FontBook
from notice_kit.ofd.images import ImageStream, encode_image
from notice_kit.ofd.model import (
    PT_TO_MM,
    RGB,
    Glyph,
    GlyphRef,
    PageContent,
    Picture,
    Segment,
    Shape,
    path_segments,
)
from notice_kit.ofd.pdffonts import PdfFont, image_stream, number, plain
from notice_kit.ofd.pdfsyntax import Fallback, parse

__all__ = ["CAPS", "JOINS", "read_pages", "rgb"]

logger = logging.getLogger(__name__)

CAPS = {0: "Butt", 1: "Round", 2: "Square"}
JOINS = {0: "Miter", 1: "Round", 2: "Bevel"}

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def read_pages(pdf: bytes | Path, book: FontBook) -> list[PageContent]:
    """Return every page of ``pdf`` as OFD content, recording glyph use in ``book``.

    Raises :class:`~notice_kit.ofd.model.OfdError` for a font or image the OFD cannot
    carry.
    """
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    reader = _Reader(book)
    try:
        with _quiet_pypdf():
            pages = reader.read(data)
    except (Fallback, PyPdfError, KeyError, ValueError, TypeError, IndexError) as exc:
        # Not a PDF as LibreOffice writes them (or one pypdf cannot parse): pdfminer.six
        # reads it, as it read every PDF before; tests check notice_kit's never come here.
        logger.debug("PDF read by pdfminer.six: %r", exc)
        from notice_kit.ofd.pdfminer_read import read_pages_pdfminer

        return read_pages_pdfminer(data, book)
    for ref, text in reader.uses:
        book.record(ref, text)
    return pages


_quiet_lock = threading.Lock()
_quiet_state = [0, logging.NOTSET]  # readers inside, pypdf's level before the first


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's warnings about a PDF (it goes on past them) from the caller's stderr,
    also while several threads read (the level is put back when the last one is done)."""
    log = logging.getLogger("pypdf")
    with _quiet_lock:
        if _quiet_state[0] == 0:
            _quiet_state[1] = log.level
            log.setLevel(logging.ERROR)
        _quiet_state[0] += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_state[0] -= 1
            if _quiet_state[0] == 0:
                log.setLevel(_quiet_state[1])


def rgb(values: Sequence[float]) -> RGB:
    """A colour's components (gray, RGB or CMYK; anything else is black) as 0-255 RGB."""

    def byte(v: float) -> int:
        return max(0, min(255, round(v * 255)))

    if len(values) == 3:
        return (byte(values[0]), byte(values[1]), byte(values[2]))
    if len(values) == 4:
        cyan, magenta, yellow, black = values
        return (byte((1 - cyan) * (1 - black)), byte((1 - magenta) * (1 - black)),
                byte((1 - yellow) * (1 - black)))
    gray = byte(values[0] if values else 0.0)
    return (gray, gray, gray)


# -- the interpreter -------------------------------------------------------------------


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` × ``m0`` (pdfminer's mult_matrix, operation for operation)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


# Colour space families and their components (pdfminer's predefined spaces).
_SPACES = {"DeviceGray": 1, "CalRGB": 3, "CalGray": 1, "Lab": 3, "DeviceRGB": 3,
           "DeviceCMYK": 4, "Separation": 1, "Indexed": 1, "Pattern": 1}
_GRAY, _RGB, _CMYK = ("DeviceGray", 1), ("DeviceRGB", 3), ("DeviceCMYK", 4)


class _State:
    """The graphics state q saves and Q restores (with the text state, as pdfminer)."""

    __slots__ = ("char_space", "ctm", "dash", "fill", "fill_space", "font", "leading",
                 "line", "line_cap", "line_join", "line_width", "rise", "scale", "size",
                 "stroke", "stroke_space", "tm", "word_space")

    def __init__(self, ctm: Matrix) -> None:
        self.ctm = ctm
        self.fill: tuple[float, ...] = (0.0,)
        self.stroke: tuple[float, ...] = (0.0,)
        self.fill_space = _GRAY
        self.stroke_space = _GRAY
        self.line_width = 0.0
        self.line_cap = -1
        self.line_join = -1
        self.dash: tuple[list[Any], float] | None = None
        self.font: PdfFont | None = None
        self.size = 0.0
        self.char_space = 0.0
        self.word_space = 0.0
        self.scale = 100.0
        self.leading = 0.0
        self.rise = 0.0
        self.tm: Matrix = IDENTITY
        self.line = (0.0, 0.0)

    def copy(self) -> _State:
        new = _State.__new__(_State)
        for slot in _State.__slots__:
            setattr(new, slot, getattr(self, slot))
        return new


class _Reader:
    def __init__(self, book: FontBook) -> None:
        self.book = book
        self.uses: list[tuple[GlyphRef, str]] = []
        self._fonts: dict[int, PdfFont] = {}
        self._colors: dict[tuple[float, ...], RGB] = {}

    def read(self, data: bytes) -> list[PageContent]:
        reader = PdfReader(io.BytesIO(data))
        return [self._page(page) for page in reader.pages]

    def _page(self, page: Any) -> PageContent:
        box = plain(page.get("/MediaBox"))
        if not (isinstance(box, list) and len(box) == 4):
            box = [0.0, 0.0, 612.0, 792.0]
        x0, y0, x1, y1 = (float(v) for v in box)
        rotate = (int(number(page.get("/Rotate"), 0)) + 360) % 360
        if rotate == 90:
            ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif rotate == 180:
            ctm = (-1, 0, 0, -1, x1, y1)
        elif rotate == 270:
            ctm = (0, 1, -1, 0, y1, -x0)
        else:
            ctm = (1, 0, 0, 1, -x0, -y0)
        corners = [_apply(ctm, x, y) for x in (x0, x1) for y in (y0, y1)]
        width = max(p[0] for p in corners) - min(p[0] for p in corners)
        self.height = max(p[1] for p in corners) - min(p[1] for p in corners)
        self.page = PageContent(width * PT_TO_MM, self.height * PT_TO_MM)
        contents = page.get("/Contents")
        streams = []
        if contents is not None:
            contents = contents.get_object()
            streams = list(contents) if isinstance(contents, list) else [contents]
        data = b"\n".join(s.get_object().get_data() for s in streams)
        self._run(data, page.get("/Resources"), _State(ctm), 0)
        return self.page

    def _run(self, data: bytes, resources: Any, state: _State, depth: int) -> None:
        """Interpret a content stream (a page's or a form's) from ``state``."""
        if depth > 8:
            return
        resources = resources.get_object() if resources is not None else {}
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else {}
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else {}
        spaces = {name: (name, count) for name, count in _SPACES.items()}
        for name, spec in (plain(resources.get("/ColorSpace")) or {}).items():
            found = _space(spec)
            if found is not None:
                spaces[name] = found
        stack: list[_State] = []
        path: list[tuple[Any, ...]] = []
        by_name: dict[object, PdfFont] = {}
        for op, args in parse(data):
            n = len(args)
            if op == "Tf" and n >= 2:
                font = by_name.get(args[-2])
                if font is None:
                    font = by_name[args[-2]] = self._font(fonts, args[-2])
                state.font = font
                state.size = float(args[-1])
            elif op == "Tm" and n >= 6:
                state.tm = tuple(float(v) for v in args[-6:])  # type: ignore[assignment]
                state.line = (0.0, 0.0)
            elif op == "Tj" and n >= 1:
                self._show(state, [args[-1]])
            elif op == "TJ" and n >= 1 and isinstance(args[-1], list):
                self._show(state, args[-1])
            elif op == "q":
                stack.append(state.copy())
            elif op == "Q":
                if stack:
                    state = stack.pop()
            elif op in ("Td", "TD") and n >= 2:
                tx, ty = float(args[-2]), float(args[-1])
                a, b, c, d, e, f = state.tm
                state.tm = (a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f)
                if op == "TD":
                    state.leading = ty
                state.line = (0.0, 0.0)
            elif op == "BT":
                state.tm = IDENTITY
                state.line = (0.0, 0.0)
            elif op in ("ET", "W", "W*"):
                pass
            elif op in ("rg", "RG", "g", "G", "k", "K"):
                space = {"rg": _RGB, "g": _GRAY, "k": _CMYK}[op.lower()]
                count = space[1]
                if n >= count and all(isinstance(v, (int, float)) for v in args[-count:]):
                    color = tuple(float(v) for v in args[-count:])
                    if op.islower():
                        state.fill, state.fill_space = color, space
                    else:
                        state.stroke, state.stroke_space = color, space
            elif op in ("cs", "CS") and n >= 1:
                found_space = spaces.get(str(args[-1]))
                if found_space is not None:
                    if op == "cs":
                        state.fill_space = found_space
                    else:
                        state.stroke_space = found_space
            elif op in ("sc", "scn", "SC", "SCN"):
                fill = op.islower()
                family, count = state.fill_space if fill else state.stroke_space
                values = args[-count:]
                if len(values) != count:
                    continue
                color_found: tuple[float, ...] | None = (0.0,)  # a pattern: black, as before
                if family != "Pattern":
                    color_found = (tuple(float(v) for v in values)
                                   if len(values) in (1, 3, 4)
                                   and all(isinstance(v, (int, float)) for v in values)
                                   else None)
                if color_found is not None:
                    if fill:
                        state.fill = color_found
                    else:
                        state.stroke = color_found
            elif op == "cm" and n >= 6:
                state.ctm = _mult(tuple(float(v) for v in args[-6:]), state.ctm)  # type: ignore[arg-type]
            elif op == "m" and n >= 2:
                path.append(("m", float(args[-2]), float(args[-1])))
            elif op == "l" and n >= 2:
                path.append(("l", float(args[-2]), float(args[-1])))
            elif op == "c" and n >= 6:
                path.append(("c", *(float(v) for v in args[-6:])))
            elif op in ("v", "y") and n >= 4:
                path.append((op, *(float(v) for v in args[-4:])))
            elif op == "h":
                path.append(("h",))
            elif op == "re" and n >= 4:
                x, y, w, h = (float(v) for v in args[-4:])
                path += [("m", x, y), ("l", x + w, y), ("l", x + w, y + h), ("l", x, y + h),
                         ("h",)]
            elif op in _PAINT:
                close, stroke, fill, even_odd = _PAINT[op]
                if close:
                    path.append(("h",))
                self._paint(state, path, stroke, fill, even_odd)
                path = []
            elif op == "n":
                path = []
            elif op == "w" and n >= 1:
                state.line_width = float(args[-1])
            elif op == "J" and n >= 1:
                state.line_cap = int(args[-1]) if isinstance(args[-1], (int, float)) else -1
            elif op == "j" and n >= 1:
                state.line_join = int(args[-1]) if isinstance(args[-1], (int, float)) else -1
            elif op == "d" and n >= 2:
                state.dash = (args[-2], args[-1])
            elif op == "T*":
                self._next_line(state)
            elif op == "TL" and n >= 1:
                state.leading = -float(args[-1])
            elif op == "Tc" and n >= 1:
                state.char_space = float(args[-1])
            elif op == "Tw" and n >= 1:
                state.word_space = float(args[-1])
            elif op == "Tz" and n >= 1:
                state.scale = float(args[-1])
            elif op == "Ts" and n >= 1:
                state.rise = float(args[-1])
            elif op == "'" and n >= 1:
                self._next_line(state)
                self._show(state, [args[-1]])
            elif op == '"' and n >= 3:
                state.word_space, state.char_space = float(args[-3]), float(args[-2])
                self._show(state, [args[-1]])
            elif op == "Do" and n >= 1:
                self._xobject(xobjects, args[-1], resources, state, depth)
            # W, W*, ET, gs, M, ri, i, BMC/BDC/EMC/MP/DP, BX/EX, sh, d0/d1: no effect here.

    def _next_line(self, state: _State) -> None:
        a, b, c, d, e, f = state.tm
        state.tm = (a, b, c, d, state.leading * c + e, state.leading * d + f)
        state.line = (0.0, 0.0)

    def _font(self, fonts: Any, name: object) -> PdfFont:
        ref = fonts.raw_get(f"/{name}") if hasattr(fonts, "raw_get") and f"/{name}" in fonts \
            else None
        if ref is None:
            raise Fallback(f"font {name} is not in the resources")
        idnum = getattr(ref, "idnum", None)
        cache_key = idnum if idnum is not None else id(ref)
        found = self._fonts.get(cache_key)
        if found is None:
            key = f"obj{idnum}" if idnum is not None else f"inline{id(ref)}"
            found = PdfFont(ref.get_object(), key, self.book)
            self._fonts[cache_key] = found
        return found

    def _color(self, values: tuple[float, ...]) -> RGB:
        found = self._colors.get(values)
        if found is None:
            found = self._colors[values] = rgb(values)
        return found

    def _show(self, state: _State, seq: Sequence[Any]) -> None:
        """Draw a string (Tj) or a TJ array, as pdfminer's render_string_horizontal."""
        font = state.font
        if font is None:
            return
        matrix = _mult(state.tm, state.ctm)
        size = state.size
        scaling = state.scale * 0.01
        char_space = state.char_space * scaling
        word_space = 0.0 if font.multibyte else state.word_space * scaling
        rise = state.rise
        dxscale = 0.001 * size * scaling
        x, y = state.line
        a, b, c, d, e, f = matrix
        norm = math.hypot(c, d)
        frame = tuple(round(v, 6) + 0.0 for v in (
            scaling * a / norm, -scaling * b / norm, -c / norm, d / norm)) if norm else ()
        color = self._color(state.fill)
        glyph_size = size * norm * PT_TO_MM
        items = self.page.items
        uses = self.uses
        height = self.height
        drawn = norm != 0 and size != 0
        mapper, width, text_of = font.mapper(), font.width, font.text
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                continue
            if not isinstance(obj, bytes):
                continue
            for code in font.decode(obj):
                advance = width(code) * size * scaling
                ref = mapper(code)
                text = text_of(code)
                if drawn:
                    ox = a * 0 + c * rise + (x * a + y * c + e)
                    oy = b * 0 + d * rise + (x * b + y * d + f)
                    uses.append((ref, text))
                    items.append(Glyph(text, ref, ox * PT_TO_MM, (height - oy) * PT_TO_MM,
                                       glyph_size, frame, color))  # type: ignore[arg-type]
                x += advance
                x += char_space
                if code == 32 and word_space:
                    x += word_space
        state.line = (x, y)

    def _paint(self, state: _State, path: list[tuple[Any, ...]], stroke: bool, fill: bool,
               even_odd: bool) -> None:
        segments = list(self._segments(state.ctm, path))
        if not any(s.op != "M" for s in segments):
            return
        ctm = state.ctm
        scale = math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]))
        width = state.line_width * scale * PT_TO_MM
        dash: tuple[float, ...] = ()
        offset = 0.0
        if state.dash:
            pattern, phase = state.dash
            values = [float(v) * scale * PT_TO_MM for v in pattern or []
                      if isinstance(v, (int, float))] if isinstance(pattern, list) else []
            if values and any(values):
                phase = phase if isinstance(phase, (int, float)) else 0
                dash, offset = tuple(values), float(phase) * scale * PT_TO_MM
        self.page.items.append(Shape(
            tuple(segments),
            self._color(state.stroke) if stroke else None,
            self._color(state.fill) if fill else None,
            width if width > 0 else 0.05,
            even_odd=even_odd,
            dash=dash,
            dash_offset=offset,
            cap=CAPS.get(state.line_cap, "Butt"),
            join=JOINS.get(state.line_join, "Miter"),
        ))

    def _segments(self, ctm: Matrix, path: list[tuple[Any, ...]]) -> Iterator[Segment]:
        height = self.height

        def pt(x: float, y: float) -> tuple[float, float]:
            px, py = _apply(ctm, x, y)
            return (px * PT_TO_MM, (height - py) * PT_TO_MM)

        yield from path_segments(path, pt)

    def _xobject(self, xobjects: Any, name: object, resources: Any, state: _State,
                 depth: int) -> None:
        key = f"/{name}"
        if key not in xobjects:
            return
        xobj = xobjects[key].get_object()
        subtype = plain(xobj.get("/Subtype"))
        if subtype == "Image" and "/Width" in xobj and "/Height" in xobj:
            data, fmt = encode_image(image_stream(xobj), str(name))
            a, b, c, d, e, f = state.ctm
            k = PT_TO_MM
            ctm = (k * a, -k * b, -k * c, k * d, k * (c + e), k * (self.height - d - f))
            self.page.items.append(Picture(data, fmt, ctm))
        elif subtype == "Form" and "/BBox" in xobj:
            matrix = plain(xobj.get("/Matrix"))
            matrix = tuple(float(v) for v in matrix) if isinstance(matrix, list) \
                and len(matrix) == 6 else IDENTITY
            inner = state.copy()
            inner.ctm = _mult(matrix, state.ctm)
            self._run(xobj.get_data(), xobj.get("/Resources") or resources, inner, depth + 1)


_PAINT = {  # operator: close the path first, stroke, fill, even-odd
    "S": (False, True, False, False), "s": (True, True, False, False),
    "f": (False, False, True, False), "F": (False, False, True, False),
    "f*": (False, False, True, True), "B": (False, True, True, False),
    "B*": (False, True, True, True), "b": (True, True, True, False),
    "b*": (True, True, True, True),
}


def _space(spec: Any) -> tuple[str, int] | None:
    """A resource colour space as (family name, components), as pdfminer counts them."""
    if isinstance(spec, list) and spec:
        name = spec[0]
        if name == "ICCBased" and len(spec) >= 2 and isinstance(spec[1], ImageStream):
            return name, int(spec[1].get("N", default=3))  # type: ignore[call-overload]
        if name == "DeviceN" and len(spec) >= 2 and isinstance(spec[1], list):
            return name, len(spec[1])
    else:
        name = spec
    if isinstance(name, str) and name in _SPACES:
        return name, _SPACES[name]
    return None
