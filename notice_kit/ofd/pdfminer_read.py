"""Read what a PDF draws — glyphs, paths, images — in OFD terms, by pdfminer.six.

The fallback of :mod:`notice_kit.ofd.pdfread` for PDFs its own content-stream reader does
not take (inline images, fonts without a ToUnicode map: PDFs notice_kit did not make,
such as an attached .pdf), and the reference the tests compare that reader with. The only
module that touches pdfminer: a device that receives every drawing operation of the page
interpreter and turns it into :mod:`notice_kit.ofd.model` items in page mm. Clipping
paths, shadings, transparency and Type 3 fonts are not read.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFCIDFont, PDFFont, PDFTrueTypeFont, PDFType1Font
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import apply_matrix_pt

from notice_kit.ofd.fonts import FontBook, PdfFontProgram
from notice_kit.ofd.images import ImageStream, encode_image
from notice_kit.ofd.model import (
    PT_TO_MM,
    Glyph,
    GlyphRef,
    OfdError,
    PageContent,
    Picture,
    Segment,
    Shape,
    path_segments,
)
from notice_kit.ofd.pdffonts import xml_safe
from notice_kit.ofd.pdfread import CAPS, JOINS, rgb

__all__ = ["read_pages_pdfminer"]

Matrix = tuple[float, float, float, float, float, float]


def read_pages_pdfminer(pdf: bytes | Path, book: FontBook) -> list[PageContent]:
    """Return every page of ``pdf`` as OFD content, recording glyph use in ``book``.

    Raises :class:`OfdError` for a font or image the OFD cannot carry.
    """
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    manager = _Resources()
    device = _Device(manager, book)
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[PageContent] = []
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
        pages.append(device.take())
    return pages


class _Resources(PDFResourceManager):
    """A resource manager that keeps each font's dictionary (pdfminer drops it)."""

    def get_font(self, objid: object, spec: Any) -> PDFFont:
        font = super().get_font(objid, spec)
        if not hasattr(font, "_nk_spec"):
            font._nk_spec = spec  # type: ignore[attr-defined]
            font._nk_key = f"obj{objid}" if objid is not None else f"inline{id(spec)}"  # type: ignore[attr-defined]
        return font


class _Device(PDFTextDevice):
    def __init__(self, manager: PDFResourceManager, book: FontBook) -> None:
        super().__init__(manager)
        self.book = book
        self.page: PageContent | None = None
        self.height = 0.0
        self._programs: dict[str, PdfFontProgram] = {}

    def take(self) -> PageContent:
        assert self.page is not None
        page, self.page = self.page, None
        return page

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        x0, y0, x1, y1 = page.mediabox
        corners = [apply_matrix_pt(ctm, (x, y)) for x in (x0, x1) for y in (y0, y1)]
        width = max(p[0] for p in corners) - min(p[0] for p in corners)
        self.height = max(p[1] for p in corners) - min(p[1] for p in corners)
        self.page = PageContent(_mm(width), _mm(self.height))

    def _point(self, x: float, y: float) -> tuple[float, float]:
        """Device point (pt, y up) → page mm (y down)."""
        return (x * PT_TO_MM, (self.height - y) * PT_TO_MM)

    # -- text ------------------------------------------------------------------------

    def render_char(self, matrix: Matrix, font: PDFFont, fontsize: float, scaling: float,
                    rise: float, cid: int, ncs: Any, graphicstate: PDFGraphicState) -> float:
        assert self.page is not None
        program = self._program(font)
        ref: GlyphRef = self.book.mapper(program)(cid)
        try:
            text = font.to_unichr(cid)
        except Exception:  # pdfminer raises PDFUnicodeNotDefined (or KeyError) when unmapped
            text = "\ufffd"
        text = xml_safe(text) or "\ufffd"
        a, b, c, d, _, _ = matrix
        norm = math.hypot(c, d)
        if norm == 0 or fontsize == 0:
            return float(font.char_width(cid) * fontsize * scaling)
        ox, oy = apply_matrix_pt(matrix, (0, rise))
        x, y = self._point(ox, oy)
        frame = (scaling * a / norm, -scaling * b / norm, -c / norm, d / norm)
        frame = tuple(round(v, 6) + 0.0 for v in frame)  # type: ignore[assignment]
        self.book.record(ref, text)
        self.page.items.append(Glyph(text, ref, x, y, fontsize * norm * PT_TO_MM, frame,
                                     _color(graphicstate.ncolor)))
        return float(font.char_width(cid) * fontsize * scaling)

    def _program(self, font: PDFFont) -> PdfFontProgram:
        key: str = getattr(font, "_nk_key", f"font{id(font)}")
        found = self._programs.get(key)
        if found is None:
            found = _font_program(font, key)
            self._programs[key] = found
        return found

    # -- paths -----------------------------------------------------------------------

    def paint_path(self, graphicstate: PDFGraphicState, stroke: bool, fill: bool,
                   evenodd: bool, path: Sequence[tuple[Any, ...]]) -> None:
        assert self.page is not None and self.ctm is not None
        if not (stroke or fill):
            return
        segments = list(self._segments(path))
        if not any(s.op != "M" for s in segments):
            return
        scale = math.sqrt(abs(self.ctm[0] * self.ctm[3] - self.ctm[1] * self.ctm[2]))
        width = float(graphicstate.linewidth or 0) * scale * PT_TO_MM
        dash: tuple[float, ...] = ()
        offset = 0.0
        if graphicstate.dash:
            pattern, phase = graphicstate.dash
            values = [float(resolve1(v)) * scale * PT_TO_MM for v in resolve1(pattern) or []]
            if values and any(values):
                dash, offset = tuple(values), float(resolve1(phase) or 0) * scale * PT_TO_MM
        self.page.items.append(Shape(
            tuple(segments),
            _color(graphicstate.scolor) if stroke else None,
            _color(graphicstate.ncolor) if fill else None,
            width if width > 0 else 0.05,
            even_odd=evenodd,
            dash=dash,
            dash_offset=offset,
            cap=CAPS.get(_int(graphicstate.linecap), "Butt"),
            join=JOINS.get(_int(graphicstate.linejoin), "Miter"),
        ))

    def _segments(self, path: Sequence[tuple[Any, ...]]) -> Iterator[Segment]:
        assert self.ctm is not None
        ctm = self.ctm

        def pt(x: object, y: object) -> tuple[float, float]:
            return self._point(*apply_matrix_pt(ctm, (float(x), float(y))))  # type: ignore[arg-type]

        yield from path_segments(path, pt)

    # -- images ----------------------------------------------------------------------

    def render_image(self, name: str, stream: PDFStream) -> None:
        assert self.page is not None and self.ctm is not None
        data, fmt = encode_image(_image_stream(stream), name)
        a, b, c, d, e, f = self.ctm
        k = PT_TO_MM
        ctm = (k * a, -k * b, -k * c, k * d, k * (c + e), k * (self.height - d - f))
        self.page.items.append(Picture(data, fmt, ctm))


def _mm(value: float) -> float:
    return value * PT_TO_MM


def _int(value: object) -> int:
    value = resolve1(value)
    return int(value) if isinstance(value, (int, float)) else -1


def _color(color: object) -> tuple[int, int, int]:
    """A pdfminer colour (gray number, RGB or CMYK tuple, pattern name) as 0-255 RGB."""
    color = resolve1(color)
    if isinstance(color, (int, float)):
        return rgb((float(color),))
    if isinstance(color, (list, tuple)):
        return rgb(tuple(float(resolve1(v)) for v in color
                         if isinstance(resolve1(v), (int, float))))
    return rgb(())


def _font_program(font: PDFFont, key: str) -> PdfFontProgram:
    spec = getattr(font, "_nk_spec", {}) or {}
    descriptor = font.descriptor or {}
    base = str(getattr(font, "basefont", None) or getattr(font, "fontname", "unknown"))
    flags = int(resolve1(descriptor.get("Flags", 0)) or 0)
    weight = resolve1(descriptor.get("FontWeight", 400))
    hints = {
        "fixed": bool(flags & 1), "serif": bool(flags & 2), "italic": bool(flags & 64),
        "bold": bool(flags & (1 << 18)) or "bold" in base.lower() or (
            isinstance(weight, (int, float)) and weight >= 600),
    }
    if isinstance(font, PDFTrueTypeFont) and "FontFile2" in descriptor:
        stream = _stream(descriptor["FontFile2"])
        return PdfFontProgram(base, "truetype", key, stream.get_data, **hints)
    if isinstance(font, PDFType1Font) and "FontFile" in descriptor:
        stream = _stream(descriptor["FontFile"])
        length1 = int(resolve1(stream.get("Length1", 0)) or 0)
        return PdfFontProgram(base, "type1", key, stream.get_data, length1, **hints)
    if isinstance(font, PDFCIDFont) and "FontFile2" in descriptor:
        encoding = resolve1(spec.get("Encoding"))
        cid_to_gid = resolve1(spec.get("DescendantFonts", [{}]))
        identity = str(getattr(encoding, "name", "")) in ("Identity-H",)
        descendant = resolve1(cid_to_gid[0]) if isinstance(cid_to_gid, list) else {}
        gid_map = resolve1(descendant.get("CIDToGIDMap")) if isinstance(descendant, dict) else None
        if identity and (gid_map is None or getattr(gid_map, "name", "") == "Identity"):
            stream = _stream(descriptor["FontFile2"])
            return PdfFontProgram(base, "cid-truetype", key, stream.get_data, **hints)
    return PdfFontProgram(base, "other", key, None, **hints)


def _stream(value: object) -> PDFStream:
    stream = resolve1(value)
    if not isinstance(stream, PDFStream):
        raise OfdError(f"font program {value!r} is not a stream")
    return stream


# -- images ---------------------------------------------------------------------------


def _image_stream(stream: PDFStream, depth: int = 0) -> ImageStream:
    """``stream`` for :func:`~notice_kit.ofd.images.encode_image`."""
    attrs = {str(k): _plain(v, depth) for k, v in stream.attrs.items()}
    filters = [str(getattr(f, "name", f)) for f, _ in stream.get_filters()]
    return ImageStream(attrs, stream.get_data, lambda: stream.get_rawdata() or b"", filters)


def _plain(value: object, depth: int) -> object:
    value = resolve1(value)
    if depth > 4:
        return None
    if isinstance(value, PDFStream):
        return _image_stream(value, depth + 1)
    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, list):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    return value
