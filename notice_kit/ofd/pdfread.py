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
import re
import struct
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError
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

__all__ = ["CAPS", "JOINS", "read_pages", "rgb", "xml_safe"]

logger = logging.getLogger(__name__)

CAPS = {0: "Butt", 1: "Round", 2: "Square"}
JOINS = {0: "Miter", 1: "Round", 2: "Bevel"}

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _Fallback(Exception):
    """What this reader does not take: the document goes to pdfminer."""


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
    except (_Fallback, PyPdfError, KeyError, ValueError, TypeError, IndexError) as exc:
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


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (
        "\x20" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000"))


# -- content-stream syntax -------------------------------------------------------------

_WS = rb"\x00\t\n\x0c\r "
_DELIM = rb"()<>\[\]{}/%"
# One token: a number, a name (with its slash), a delimiter, a hex string (with its angle
# brackets) or an operator; each its own group, so a match has one non-empty group.
_GROUPS = (
    rb"([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?![^" + _WS + _DELIM + rb"])"
    rb"|(/[^" + _WS + _DELIM + rb"]*)"
    rb"|(<<|>>|\[|\]|\{|\})"
    rb"|(<[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|([^" + _WS + _DELIM + rb"]+)"
)
# Streams without strings in parentheses or comments (LibreOffice writes text as hex):
# one findall gives every token as a tuple of the five groups.
_FAST = re.compile(_GROUPS)
# Any stream: white space and comments skipped, a literal string's "(" found.
_TOKEN = re.compile(rb"[" + _WS + rb"]+|%[^\r\n]*|(?P<s>\()|" + _GROUPS)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_LITERAL_RUN = re.compile(rb"[^()\\]+")
_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}


class _Name(str):
    """A PDF name (operands are numbers, bytes, names, lists and dicts)."""

    __slots__ = ()


def _parse(data: bytes) -> Iterator[tuple[str, list[Any]]]:
    """Yield (operator, operands) of a content stream."""
    if b"(" in data or b"%" in data or b")" in data:
        yield from _parse_tokens(_tokens(data))
    else:
        yield from _parse_tokens(_FAST.findall(data))


def _tokens(data: bytes) -> Iterator[tuple[bytes, bytes, bytes, bytes, bytes] | bytes]:
    """The tokens of ``data`` as :data:`_FAST` gives them, and literal strings as bytes."""
    match = _TOKEN.match
    pos, end = 0, len(data)
    while pos < end:
        m = match(data, pos)
        if m is None:
            raise _Fallback(f"content stream: unexpected {data[pos:pos + 10]!r}")
        pos = m.end()
        if m.lastindex is None:
            continue
        if m.lastindex == 1:
            text, pos = _literal(data, pos)
            yield text
        else:
            yield tuple(g or b"" for g in m.groups()[1:])  # type: ignore[misc]


def _parse_tokens(tokens: Iterable[Any]) -> Iterator[tuple[str, list[Any]]]:
    operands: list[Any] = []
    stack: list[list[Any]] = []  # open arrays and dictionaries
    for token in tokens:
        target = stack[-1] if stack else operands
        if isinstance(token, bytes):  # a literal string
            target.append(token)
            continue
        number, name, delim, digits, word = token
        if number:
            target.append(float(number) if b"." in number else int(number))
        elif word:
            text = word.decode("latin-1")
            if text in ("true", "false", "null"):
                target.append({"true": True, "false": False, "null": None}[text])
            elif stack:
                raise _Fallback(f"content stream: operator {text} inside an array")
            elif text == "BI":
                raise _Fallback("an inline image")
            else:
                yield text, operands
                operands = []
        elif delim:
            if delim in (b"[", b"<<"):
                stack.append([])
            elif delim == b"]" and stack:
                done = stack.pop()
                (stack[-1] if stack else operands).append(done)
            elif delim == b">>" and stack:
                items = stack.pop()
                (stack[-1] if stack else operands).append(
                    dict(zip(items[::2], items[1::2], strict=False)))
            else:
                raise _Fallback(f"content stream: {delim!r}")
        elif name:
            if b"#" in name:
                name = _NAME_ESCAPE.sub(lambda x: bytes((int(x.group(1), 16),)), name)
            target.append(_Name(name[1:].decode("latin-1")))
        else:
            digits = digits[1:-1]
            try:
                target.append(bytes.fromhex(digits.decode()))
            except ValueError:  # white space inside a byte, or an odd count: a final 0
                digits = re.sub(rb"[" + _WS + rb"]", b"", digits)
                target.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """Return the literal string starting after its ``(`` at ``pos``, and where it ends."""
    out = bytearray()
    depth = 1
    while pos < len(data):
        run = _LITERAL_RUN.match(data, pos)
        if run is not None:
            out += run.group().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            pos = run.end()
            continue
        c = data[pos]
        pos += 1
        if c == 0x5C:  # backslash
            if pos >= len(data):
                break
            c = data[pos]
            pos += 1
            if c in _ESCAPES:
                out.append(_ESCAPES[c])
            elif 0x30 <= c <= 0x37:
                digits = bytes((c,))
                while len(digits) < 3 and pos < len(data) and 0x30 <= data[pos] <= 0x37:
                    digits += data[pos : pos + 1]
                    pos += 1
                out.append(int(digits, 8) & 0xFF)
            elif c == 0x0D:
                if data[pos : pos + 1] == b"\n":
                    pos += 1
            elif c != 0x0A:
                out.append(c)
        elif c == 0x28:
            depth += 1
            out.append(c)
        else:  # ")"
            depth -= 1
            if depth == 0:
                return bytes(out), pos
            out.append(c)
    raise _Fallback("content stream: an unterminated string")


# -- PDF objects through pypdf ---------------------------------------------------------


def _plain(value: Any, depth: int = 0) -> Any:
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
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, StreamObject):
        return _image_stream(value, depth)
    if isinstance(value, DictionaryObject):
        return {str(k)[1:]: _plain(v, depth + 1) for k, v in value.items()}
    return value


def _image_stream(stream: Any, depth: int = 0) -> ImageStream:
    filters = stream.get("/Filter")
    filters = filters.get_object() if filters is not None else []
    names = [str(f)[1:] for f in (filters if isinstance(filters, list) else [filters])]
    attrs = {str(k)[1:]: _plain(v, depth + 1) for k, v in stream.items()
             if k not in ("/Length", "/Filter", "/DecodeParms")}
    return ImageStream(attrs, stream.get_data, stream.get_data, names)


def _number(value: Any, default: float = 0.0) -> float:
    value = value.get_object() if hasattr(value, "get_object") else value
    return float(value) if isinstance(value, (int, float)) else default


# -- fonts -----------------------------------------------------------------------------


class _Font:
    """What showing text with a PDF font needs: codes → (CID, text, width)."""

    def __init__(self, spec: Any, key: str, book: FontBook) -> None:
        self.book = book
        subtype = _plain(spec.get("/Subtype"))
        self.multibyte = subtype == "Type0"
        font = spec
        if self.multibyte:
            descendants = _plain(spec.get("/DescendantFonts"))
            descendant = spec["/DescendantFonts"][0].get_object() if descendants else {}
            font = descendant
            self.widths = _cid_widths(_plain(descendant.get("/W")) or [])
            self.default_width = _number(descendant.get("/DW"), 1000.0)
        else:
            first = int(_number(spec.get("/FirstChar"), 0))
            widths = _plain(spec.get("/Widths"))
            widths = widths if isinstance(widths, list) else [0] * 256
            self.widths = {first + i: float(w) for i, w in enumerate(widths)
                           if isinstance(w, (int, float))}
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not self.multibyte:
            self.default_width = _number(descriptor.get("/MissingWidth"), 0.0)
        self.program = _font_program(spec, font, descriptor, subtype, key)
        self.decode: Callable[[bytes], Iterable[int]] = bytes.__iter__
        if self.multibyte:
            encoding = _plain(spec.get("/Encoding"))
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
                raise _Fallback(f"font {self.program.base_font}: no ToUnicode for code {code}")
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
    raise _Fallback("a Type0 font with an encoding other than Identity-H")


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
        for op, operands in _parse(stream.get_data()):
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
                                raise _Fallback("a ToUnicode range to names")
                    elif isinstance(dest, bytes):
                        var = dest[-4:]
                        base = int.from_bytes(var, "big")
                        prefix = dest[:-4]
                        for i in range(high - low + 1):
                            _add(mapping, low + i,
                                 prefix + struct.pack(">L", base + i)[-len(var):])
    except _Fallback:
        raise
    except (ValueError, TypeError) as exc:
        raise _Fallback(f"ToUnicode: {exc}") from exc
    return mapping


def _add(mapping: dict[int, str], code: int, dest: bytes) -> None:
    text = dest.decode("UTF-16BE", "ignore")
    if text == "\u00a0" and mapping.get(code) == " ":
        return  # as pdfminer: a no-break space does not replace a space
    mapping[code] = text


def _font_program(spec: Any, font: Any, descriptor: Any, subtype: object,
                  key: str) -> PdfFontProgram:
    """What the font book needs to know of a PDF font (as the pdfminer reader tells it)."""
    base = _plain(font.get("/BaseFont"))
    base = base if isinstance(base, str) and base else "unknown"
    flags = int(_number(descriptor.get("/Flags"), 0))
    weight = _plain(descriptor.get("/FontWeight"))
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
        length1 = int(_number(stream.get("/Length1"), 0))
        return PdfFontProgram(base, "type1", key, stream.get_data, length1, **hints)
    if subtype == "Type0" and "/FontFile2" in descriptor:
        encoding = _plain(spec.get("/Encoding"))
        gid_map = _plain(font.get("/CIDToGIDMap"))
        if encoding == "Identity-H" and gid_map in (None, "Identity"):
            stream = descriptor["/FontFile2"]
            return PdfFontProgram(base, "cid-truetype", key, stream.get_data, **hints)
    return PdfFontProgram(base, "other", key, None, **hints)


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
        self.font: _Font | None = None
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
        self._fonts: dict[int, _Font] = {}
        self._colors: dict[tuple[float, ...], RGB] = {}

    def read(self, data: bytes) -> list[PageContent]:
        reader = PdfReader(io.BytesIO(data))
        return [self._page(page) for page in reader.pages]

    def _page(self, page: Any) -> PageContent:
        box = _plain(page.get("/MediaBox"))
        if not (isinstance(box, list) and len(box) == 4):
            box = [0.0, 0.0, 612.0, 792.0]
        x0, y0, x1, y1 = (float(v) for v in box)
        rotate = (int(_number(page.get("/Rotate"), 0)) + 360) % 360
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
        for name, spec in (_plain(resources.get("/ColorSpace")) or {}).items():
            found = _space(spec)
            if found is not None:
                spaces[name] = found
        stack: list[_State] = []
        path: list[tuple[Any, ...]] = []
        by_name: dict[object, _Font] = {}
        for op, args in _parse(data):
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

    def _font(self, fonts: Any, name: object) -> _Font:
        ref = fonts.raw_get(f"/{name}") if hasattr(fonts, "raw_get") and f"/{name}" in fonts \
            else None
        if ref is None:
            raise _Fallback(f"font {name} is not in the resources")
        idnum = getattr(ref, "idnum", None)
        cache_key = idnum if idnum is not None else id(ref)
        found = self._fonts.get(cache_key)
        if found is None:
            key = f"obj{idnum}" if idnum is not None else f"inline{id(ref)}"
            found = _Font(ref.get_object(), key, self.book)
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
        subtype = _plain(xobj.get("/Subtype"))
        if subtype == "Image" and "/Width" in xobj and "/Height" in xobj:
            data, fmt = encode_image(_image_stream(xobj), str(name))
            a, b, c, d, e, f = state.ctm
            k = PT_TO_MM
            ctm = (k * a, -k * b, -k * c, k * d, k * (c + e), k * (self.height - d - f))
            self.page.items.append(Picture(data, fmt, ctm))
        elif subtype == "Form" and "/BBox" in xobj:
            matrix = _plain(xobj.get("/Matrix"))
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
