"""Read what a PDF draws — glyphs, paths, images — in OFD terms (pdfminer.six).

The only module that touches pdfminer: a device that receives every drawing operation of
the page interpreter and turns it into :mod:`notice_kit.ofd.model` items in page mm.
Clipping paths, shadings, transparency and Type 3 fonts are not read (notice_kit's own
PDFs have none that matter: LibreOffice clips only to the page).
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFCIDFont, PDFFont, PDFTrueTypeFont, PDFType1Font
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.utils import apply_matrix_pt

from notice_kit.ofd.fonts import FontBook, PdfFontProgram
from notice_kit.ofd.model import (
    PT_TO_MM,
    RGB,
    Glyph,
    GlyphRef,
    OfdError,
    PageContent,
    Picture,
    Segment,
    Shape,
)

__all__ = ["read_pages"]

Matrix = tuple[float, float, float, float, float, float]
_CAPS = {0: "Butt", 1: "Round", 2: "Square"}
_JOINS = {0: "Miter", 1: "Round", 2: "Bevel"}


def read_pages(pdf: bytes | Path, book: FontBook) -> list[PageContent]:
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
        text = _xml_safe(text) or "\ufffd"
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
                                     _rgb(graphicstate.ncolor)))
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
            _rgb(graphicstate.scolor) if stroke else None,
            _rgb(graphicstate.ncolor) if fill else None,
            width if width > 0 else 0.05,
            even_odd=evenodd,
            dash=dash,
            dash_offset=offset,
            cap=_CAPS.get(_int(graphicstate.linecap), "Butt"),
            join=_JOINS.get(_int(graphicstate.linejoin), "Miter"),
        ))

    def _segments(self, path: Sequence[tuple[Any, ...]]) -> Iterator[Segment]:
        assert self.ctm is not None
        ctm = self.ctm
        current = (0.0, 0.0)

        def pt(x: object, y: object) -> tuple[float, float]:
            return self._point(*apply_matrix_pt(ctm, (float(x), float(y))))  # type: ignore[arg-type]

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

    # -- images ----------------------------------------------------------------------

    def render_image(self, name: str, stream: PDFStream) -> None:
        assert self.page is not None and self.ctm is not None
        data, fmt = _encode_image(stream, name)
        a, b, c, d, e, f = self.ctm
        k = PT_TO_MM
        ctm = (k * a, -k * b, -k * c, k * d, k * (c + e), k * (self.height - d - f))
        self.page.items.append(Picture(data, fmt, ctm))


def _mm(value: float) -> float:
    return value * PT_TO_MM


def _int(value: object) -> int:
    value = resolve1(value)
    return int(value) if isinstance(value, (int, float)) else -1


def _rgb(color: object) -> RGB:
    """A pdfminer colour (gray number, RGB or CMYK tuple) as 0-255 RGB."""
    color = resolve1(color)
    values: list[float]
    if isinstance(color, (int, float)):
        values = [float(color)]
    elif isinstance(color, (list, tuple)):
        values = [float(resolve1(v)) for v in color if isinstance(resolve1(v), (int, float))]
    else:
        values = [0.0]

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


def _xml_safe(text: str) -> str:
    return "".join(ch for ch in text if ch in "\t\n\r" or (
        "\x20" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000"))


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


# -- images as PNG or JPEG -------------------------------------------------------------


def _encode_image(stream: PDFStream, name: str) -> tuple[bytes, str]:
    """Return the image as (bytes, "PNG"|"JPEG"): JPEG passes through; raw pixels (8-bit
    gray, RGB, CMYK, indexed, 1-bit) with an optional soft mask become a PNG."""
    names = [str(getattr(f, "name", f)) for f, _ in stream.get_filters()]
    if names and names[-1] in ("DCTDecode", "DCT") and len(names) == 1:
        return stream.get_rawdata() or b"", "JPEG"
    width = int(resolve1(stream.get("Width") or stream.get("W")))
    height = int(resolve1(stream.get("Height") or stream.get("H")))
    try:
        pixels, channels = _pixels(stream, width, height)
    except (ValueError, TypeError, zlib.error) as exc:
        raise OfdError(f"图像 {name} 无法转换 / image {name} cannot be converted: {exc}") from exc
    smask = resolve1(stream.get("SMask"))
    if isinstance(smask, PDFStream) and channels in (1, 3):
        mw, mh = int(resolve1(smask.get("Width"))), int(resolve1(smask.get("Height")))
        if (mw, mh) == (width, height):
            alpha, _ = _pixels(smask, width, height)
            pixels = _interleave(pixels, alpha, channels)
            channels += 1
    return _png(pixels, width, height, channels), "PNG"


def _pixels(stream: PDFStream, width: int, height: int) -> tuple[bytes, int]:
    data = stream.get_data()
    bpc = int(resolve1(stream.get("BitsPerComponent", stream.get("BPC", 8))) or 1)
    space = resolve1(stream.get("ColorSpace", stream.get("CS")))
    if resolve1(stream.get("ImageMask", False)) or bpc == 1:
        row = (width + 7) // 8
        out = bytearray()
        for y in range(height):
            bits = data[y * row : (y + 1) * row]
            for x in range(width):
                out.append(255 if bits[x >> 3] >> (7 - (x & 7)) & 1 else 0)
        return bytes(out), 1
    if bpc != 8:
        raise ValueError(f"{bpc} bits per component")
    base, lookup = _space(space)
    if lookup is not None:
        table = bytes(lookup)
        out = bytearray()
        for index in data[: width * height]:
            out += table[index * 3 : index * 3 + 3]
        return bytes(out), 3
    if base == 4:
        out = bytearray()
        for i in range(0, width * height * 4, 4):
            cyan, magenta, yellow, black = (v / 255 for v in data[i : i + 4])
            out += bytes(round(255 * (1 - v) * (1 - black)) for v in (cyan, magenta, yellow))
        return bytes(out), 3
    return _decode_array(stream, bytes(data[: width * height * base]), base), base


def _decode_array(stream: PDFStream, data: bytes, channels: int) -> bytes:
    """Apply an image's /Decode ranges (LibreOffice writes soft masks with [1 0])."""
    ranges = resolve1(stream.get("Decode"))
    if not isinstance(ranges, list) or len(ranges) != 2 * channels:
        return data
    values = [float(resolve1(v)) for v in ranges]
    if all(values[i : i + 2] == [0.0, 1.0] for i in range(0, len(values), 2)):
        return data
    out = bytearray(data)
    for c in range(channels):
        low, high = values[2 * c], values[2 * c + 1]
        table = bytes(max(0, min(255, round(255 * (low + v / 255 * (high - low)))))
                      for v in range(256))
        out[c::channels] = data[c::channels].translate(table)
    return bytes(out)


def _space(space: object) -> tuple[int, bytes | None]:
    """Return (components, palette) of a colour space."""
    space = resolve1(space)
    name = str(getattr(space, "name", ""))
    if name in ("DeviceGray", "G", "CalGray"):
        return 1, None
    if name in ("DeviceRGB", "RGB", "CalRGB"):
        return 3, None
    if name in ("DeviceCMYK", "CMYK"):
        return 4, None
    if isinstance(space, list) and space:
        kind = str(getattr(resolve1(space[0]), "name", ""))
        if kind == "ICCBased":
            info = resolve1(space[1])
            return int(resolve1(info.get("N", 3))), None
        if kind in ("Indexed", "I"):
            base, _ = _space(space[1])
            table = resolve1(space[3])
            raw = table.get_data() if isinstance(table, PDFStream) else bytes(table)
            if base != 3:
                raise ValueError("indexed image over a non-RGB base")
            return 3, raw
        if kind in ("CalRGB", "Lab"):
            return 3, None
        if kind == "CalGray":
            return 1, None
    if space is None:
        return 1, None
    raise ValueError(f"colour space {space!r}")


def _interleave(pixels: bytes, alpha: bytes, channels: int) -> bytes:
    out = bytearray(len(pixels) + len(alpha))
    step = channels + 1
    for c in range(channels):
        out[c::step] = pixels[c::channels]
    out[channels::step] = alpha[: len(pixels) // channels]
    return bytes(out)


def _png(pixels: bytes, width: int, height: int, channels: int) -> bytes:
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    stride = width * channels
    raw = b"".join(b"\x00" + pixels[y * stride : (y + 1) * stride] for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
