"""PDF objects through pypdf as plain Python, and PDF fonts as text showing needs them:
codes → CID, text (ToUnicode) and width, and the program the OFD embeds."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable
from typing import Any

from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from notice_kit.ofd.fonts import FontBook, PdfFontProgram
from notice_kit.ofd.images import ImageStream
from notice_kit.ofd.model import GlyphRef
from notice_kit.ofd.pdfsyntax import Fallback, parse


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (
        "\x20" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000"))



def plain(value: Any, depth: int = 0) -> Any:
    """A pypdf object as plain Python: names as str, arrays as lists, numbers as numbers
    (streams as :class:`ImageStream`, dictionaries as dicts), references resolved."""
    if depth > 5:
        return None
    value = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(value, BooleanObject):
        return bool(value.value)
    if isinstance(value, NullObject):
        return None
    if isinstance(value, TextStringObject):
        return bytes(value.original_bytes)
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, NameObject):
        return str(value)[1:]
    if isinstance(value, NumberObject):
        return int(value)
    if isinstance(value, FloatObject):
        return float(value)
    if isinstance(value, ArrayObject):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, StreamObject):
        return image_stream(value, depth)
    if isinstance(value, DictionaryObject):
        return {str(k)[1:]: plain(v, depth + 1) for k, v in value.items()}
    return value


def image_stream(stream: Any, depth: int = 0) -> ImageStream:
    filters = stream.get("/Filter")
    filters = filters.get_object() if filters is not None else []
    names = [str(f)[1:] for f in (filters if isinstance(filters, list) else [filters])]
    attrs = {str(k)[1:]: plain(v, depth + 1) for k, v in stream.items()
             if k not in ("/Length", "/Filter", "/DecodeParms")}
    return ImageStream(attrs, stream.get_data, stream.get_data, names)


def number(value: Any, default: float = 0.0) -> float:
    value = value.get_object() if hasattr(value, "get_object") else value
    return float(value) if isinstance(value, (int, float)) else default


# -- fonts -----------------------------------------------------------------------------


class PdfFont:
    """What showing text with a PDF font needs: codes → (CID, text, width)."""

    def __init__(self, spec: Any, key: str, book: FontBook) -> None:
        self.book = book
        subtype = plain(spec.get("/Subtype"))
        self.multibyte = subtype == "Type0"
        font = spec
        if self.multibyte:
            descendants = plain(spec.get("/DescendantFonts"))
            descendant = spec["/DescendantFonts"][0].get_object() if descendants else {}
            font = descendant
            self.widths = _cid_widths(plain(descendant.get("/W")) or [])
            self.default_width = number(descendant.get("/DW"), 1000.0)
        else:
            first = int(number(spec.get("/FirstChar"), 0))
            widths = plain(spec.get("/Widths"))
            widths = widths if isinstance(widths, list) else [0] * 256
            self.widths = {first + i: float(w) for i, w in enumerate(widths)
                           if isinstance(w, (int, float))}
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not self.multibyte:
            self.default_width = number(descriptor.get("/MissingWidth"), 0.0)
        self.program = _font_program(spec, font, descriptor, subtype, key)
        self.decode: Callable[[bytes], Iterable[int]] = bytes.__iter__
        if self.multibyte:
            encoding = plain(spec.get("/Encoding"))
            self.decode = _identity_h if encoding == "Identity-H" else _unsupported_encoding
        self.unicode = _to_unicode(spec.get("/ToUnicode"))
        self._mapper: Callable[[int], GlyphRef] | None = None
        self._texts: dict[int, str] = {}

    def mapper(self) -> Callable[[int], GlyphRef]:
        if self._mapper is None:
            self._mapper = self.book.mapper(self.program)
        return self._mapper

    def text(self, code: int) -> str:
        found = self._texts.get(code)
        if found is None:
            if self.unicode is None or code not in self.unicode:
                raise Fallback(f"font {self.program.base_font}: no ToUnicode for code {code}")
            found = xml_safe(self.unicode[code]) or "\ufffd"
            self._texts[code] = found
        return found

    def width(self, code: int) -> float:
        """The advance of ``code`` in text space units per unit font size (as pdfminer)."""
        found = self.widths.get(code)
        return (found if found is not None else self.default_width) * 0.001


def _identity_h(data: bytes) -> Iterable[int]:
    count = len(data) // 2
    return struct.unpack(f">{count}H", data[: count * 2]) if count else ()


def _unsupported_encoding(data: bytes) -> Iterable[int]:
    raise Fallback("a Type0 font with an encoding other than Identity-H")


def _cid_widths(seq: list[Any]) -> dict[int, float]:
    """A CID font's W array as CID → width (pdfminer's reading of it)."""
    widths: dict[int, float] = {}
    pending: list[float] = []
    for v in seq:
        if isinstance(v, list):
            if pending:
                first = int(pending[-1])
                for i, w in enumerate(v):
                    if isinstance(w, (int, float)):
                        widths[first + i] = float(w)
                pending = []
        elif isinstance(v, (int, float)):
            pending.append(v)
            if len(pending) == 3:
                low, high, w = pending
                for cid in range(int(low), int(high) + 1):
                    widths[cid] = float(w)
                pending = []
    return widths


def _to_unicode(value: Any) -> dict[int, str] | None:
    """A ToUnicode CMap (bfchar, bfrange) as code → text, as pdfminer reads it."""
    if value is None:
        return None
    stream = value.get_object()
    if not hasattr(stream, "get_data"):
        return None
    mapping: dict[int, str] = {}
    section = ""
    try:
        for op, operands in parse(stream.get_data()):
            if op in ("beginbfchar", "beginbfrange"):
                section = op
            elif op == "endbfchar" and section == "beginbfchar":
                for code, dest in zip(operands[::2], operands[1::2], strict=False):
                    if isinstance(code, bytes) and isinstance(dest, bytes):
                        _add(mapping, int.from_bytes(code, "big"), dest)
            elif op == "endbfrange" and section == "beginbfrange":
                for start, end, dest in zip(operands[::3], operands[1::3], operands[2::3],
                                            strict=False):
                    if not (isinstance(start, bytes) and isinstance(end, bytes)
                            and len(start) == len(end)):
                        continue
                    low, high = int.from_bytes(start, "big"), int.from_bytes(end, "big")
                    if isinstance(dest, list):
                        for code, item in zip(range(low, high + 1), dest, strict=False):
                            if isinstance(item, bytes):
                                _add(mapping, code, item)
                            else:
                                raise Fallback("a ToUnicode range to names")
                    elif isinstance(dest, bytes):
                        var = dest[-4:]
                        base = int.from_bytes(var, "big")
                        prefix = dest[:-4]
                        for i in range(high - low + 1):
                            _add(mapping, low + i,
                                 prefix + struct.pack(">L", base + i)[-len(var):])
    except Fallback:
        raise
    except (ValueError, TypeError) as exc:
        raise Fallback(f"ToUnicode: {exc}") from exc
    return mapping


def _add(mapping: dict[int, str], code: int, dest: bytes) -> None:
    text = dest.decode("UTF-16BE", "ignore")
    if text == "\u00a0" and mapping.get(code) == " ":
        return  # as pdfminer: a no-break space does not replace a space
    mapping[code] = text


def _font_program(spec: Any, font: Any, descriptor: Any, subtype: object,
                  key: str) -> PdfFontProgram:
    """What the font book needs to know of a PDF font (as the pdfminer reader tells it)."""
    base = plain(font.get("/BaseFont"))
    base = base if isinstance(base, str) and base else "unknown"
    flags = int(number(descriptor.get("/Flags"), 0))
    weight = plain(descriptor.get("/FontWeight"))
    weight = 400 if weight is None else weight
    hints = {
        "fixed": bool(flags & 1), "serif": bool(flags & 2), "italic": bool(flags & 64),
        "bold": bool(flags & (1 << 18)) or "bold" in base.lower() or (
            isinstance(weight, (int, float)) and weight >= 600),
    }
    if subtype == "TrueType" and "/FontFile2" in descriptor:
        stream = descriptor["/FontFile2"]
        return PdfFontProgram(base, "truetype", key, stream.get_data, **hints)
    if subtype in ("Type1", "MMType1", "TrueType") and "/FontFile" in descriptor:
        stream = descriptor["/FontFile"]
        length1 = int(number(stream.get("/Length1"), 0))
        return PdfFontProgram(base, "type1", key, stream.get_data, length1, **hints)
    if subtype == "Type0" and "/FontFile2" in descriptor:
        encoding = plain(spec.get("/Encoding"))
        gid_map = plain(font.get("/CIDToGIDMap"))
        if encoding == "Identity-H" and gid_map in (None, "Identity"):
            stream = descriptor["/FontFile2"]
            return PdfFontProgram(base, "cid-truetype", key, stream.get_data, **hints)
    return PdfFontProgram(base, "other", key, None, **hints)
