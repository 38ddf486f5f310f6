"""Reading an OFD notice (GB/T 33190-2016) back: the same lines, words, font pieces and
strokes the PDF reader gets from poppler, so one pipeline — tables, text block,
paragraphs, classification — and the same GB/T 9704 checks serve both.

An OFD says exactly where each character stands: a TextObject's TextCode gives the first
glyph's origin and the advances after it (DeltaX), in millimetres, within the object's
Boundary and turned by its CTM.  From these the reader builds what pdftotext and
pdftohtml would report for the same page:

- each character's box: from its origin along the baseline by its advance (the embedded
  font's), and across it from 0.95 em above the baseline to 0.35 em below (poppler's
  ascent and descent for CID fonts — measured on notice_kit's PDFs: the same boxes to
  0.01 mm);
- words: characters on one baseline, broken at a space or a gap over 0.1 em; lines:
  words on one baseline, broken where the gap is wider than poppler keeps within a line;
- font pieces: runs of one font, size and colour (the Font's FontName, as the PDF's face
  name: "FandolFang-Regular", "NotoSerifCJKsc-Bold");
- strokes: the straight lines of PathObjects (rules, table borders), filled hairline boxes
  read as rules, as in :mod:`notice_kit.inspect.pdf_drawing`;
- the top of the mark's red ink: from its glyphs' outlines, not a rendering.

Only what a notice uses is read: PageBlocks are walked, images (a seal) are skipped,
clipping and templates are not applied.
"""

from __future__ import annotations

import io
import posixpath
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from notice_kit.errors import InspectionError
from notice_kit.inspect.model import Element, InspectedDocument
from notice_kit.inspect.ofd_xml import (
    IDENTITY,
    NS,
    Matrix,
    apply_matrix,
    color_of,
    glyph_map,
    object_matrix,
    path_segments,
    rect_of,
    text_of,
)
from notice_kit.inspect.pdf import NoTextLayerError, read_pages
from notice_kit.inspect.pdf_drawing import Segment
from notice_kit.inspect.pdf_page import Page
from notice_kit.inspect.pdftext import PT_PER_MM, FontSpan, Word, WordLine
from notice_kit.ofd.model import expand_array

__all__ = ["OfdPage", "mark_ink_top", "read_ofd", "read_ofd_pages"]

# poppler's ascent and descent for a CID font, in em: where pdftotext puts a line's box.
ASCENT, DESCENT = 0.95, 0.35
WORD_GAP_EM = 0.1  # poppler's minWordBreakSpace: a wider gap starts a new word
# A gap wider than an em on one baseline starts a new line, as in poppler: a full-width
# space (exactly an em) does not, a wider one does (measured: 1.000 em kept, 1.001 cut).
LINE_GAP_EM = 1.0
_GAP_EPSILON_MM = 0.003  # the OFD's positions are rounded to 0.001 mm
_SAME_BASELINE_EM = 0.2



@dataclass
class _Font:
    name: str
    bold: bool
    program: bytes | None
    _face: object | None = None
    _advances: dict[str, float] = field(default_factory=dict)

    def face(self) -> object | None:
        """The embedded font program, parsed (fontTools), or None."""
        if self._face is None and self.program:
            from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

            try:
                self._face = TTFont(io.BytesIO(self.program), lazy=True)
            except Exception:  # a damaged program: fall back to em-based widths
                self.program = None
        return self._face

    def glyph_name(self, char: str, glyph: int | None) -> str | None:
        face = self.face()
        if face is None:
            return None
        try:
            if glyph is not None:
                return str(face.getGlyphName(glyph))  # type: ignore[attr-defined]
            cmap = face.getBestCmap()  # type: ignore[attr-defined]
            return str(cmap[ord(char)]) if cmap and ord(char) in cmap else None
        except Exception:
            return None

    def advance(self, char: str, glyph: int | None) -> float:
        """The advance of ``char`` (drawn with ``glyph``, if given) in em."""
        key = f"{char}\0{glyph}"
        if key not in self._advances:
            self._advances[key] = self._measure(char, glyph)
        return self._advances[key]

    def _measure(self, char: str, glyph: int | None) -> float:
        name = self.glyph_name(char, glyph)
        face = self.face()
        if name is not None and face is not None:
            try:
                upem = face["head"].unitsPerEm  # type: ignore[index]
                width = face["hmtx"][name][0]  # type: ignore[index]
                return float(width) / float(upem)
            except Exception:
                pass
        return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.5

    def ink_top(self, char: str, glyph: int | None) -> float | None:
        """The top of the glyph's outline above the baseline, in em (None if unknown)."""
        name = self.glyph_name(char, glyph)
        face = self.face()
        if name is None or face is None:
            return None
        try:
            from fontTools.pens.boundsPen import BoundsPen  # type: ignore[import-untyped]

            glyphs = face.getGlyphSet()  # type: ignore[attr-defined]
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            upem = face["head"].unitsPerEm  # type: ignore[index]
        except Exception:
            return None
        return None if pen.bounds is None else float(pen.bounds[3]) / float(upem)


@dataclass(frozen=True)
class _Char:
    """One drawn character: baseline origin and advance in run space, and the map from
    run space to the page."""

    text: str
    x: float  # along the baseline (run space)
    y: float  # the baseline (run space)
    advance: float  # mm
    size: float  # mm
    font: _Font
    glyph: int | None
    color: str
    matrix: Matrix  # run space → page mm

    def page_box(self) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) on the page."""
        corners = [apply_matrix(self.matrix, x, y) for x in (self.x, self.x + self.advance)
                   for y in (self.y - ASCENT * self.size, self.y + DESCENT * self.size)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return min(xs), min(ys), max(xs), max(ys)

    @property
    def along(self) -> float:
        """Where the character starts along its baseline, on the page (mm)."""
        a, b, _, _, _, _ = self.matrix
        px, py = apply_matrix(self.matrix, self.x, self.y)
        norm = (a * a + b * b) ** 0.5 or 1.0
        return (px * a + py * b) / norm

    @property
    def orientation(self) -> tuple[float, float, float, float]:
        a, b, c, d, _, _ = self.matrix
        return round(a, 3), round(b, 3), round(c, 3), round(d, 3)


@dataclass
class OfdPage:
    """One page as the PDF reader's stages take it."""

    number: int
    width: float
    height: float
    lines: list[WordLine]
    spans: list[FontSpan]
    segments: list[Segment]
    chars: list[_Char] = field(repr=False, default_factory=list)


def read_ofd(path: Path) -> InspectedDocument:
    """Return the notice in the OFD at ``path`` read back, as a PDF is.

    Raises :class:`InspectionError` when the file is not a readable OFD, and
    :class:`NoTextLayerError` when its pages carry no text (scanned images).
    """
    ofd_pages = read_ofd_pages(path)
    if not any(ln.text.strip() for page in ofd_pages for ln in page.lines):
        raise NoTextLayerError(
            f"{path}: OFD 无文字（扫描件？），无法读取或检查 / the OFD has no text (a scan?): "
            f"nothing to read or check ({len(ofd_pages)} page(s), images only)")
    pages = [Page(p.number, p.width, p.height, p.lines, p.spans, p.segments) for p in ofd_pages]
    return read_pages(path, "ofd", pages, lambda elements: mark_ink_top(ofd_pages, elements))


def read_ofd_pages(path: Path) -> list[OfdPage]:
    """Return every page of the OFD at ``path`` with its lines, font pieces and strokes.

    Raises :class:`InspectionError` when the file is not a readable OFD.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            files = {name: zf.read(name) for name in zf.namelist()}
    except (zipfile.BadZipFile, OSError) as exc:
        raise InspectionError(f"{path}: 不是可读取的 OFD 文件 / not a readable OFD ({exc})") from exc
    try:
        return _Reader(files).pages()
    except (KeyError, ValueError, ET.ParseError, IndexError) as exc:
        raise InspectionError(f"{path}: 不是可读取的 OFD，文件可能已损坏 / not a readable OFD, "
                              f"perhaps damaged ({type(exc).__name__}: {exc})") from exc


class _Reader:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        root = self.xml("OFD.xml")
        doc_root = text_of(root.find(f"{NS}DocBody/{NS}DocRoot"))
        if not doc_root:
            raise ValueError("OFD.xml names no DocRoot")
        self.doc_path = doc_root.lstrip("/")
        self.doc_dir = posixpath.dirname(self.doc_path)
        self.document = self.xml(self.doc_path)
        common = self.document.find(f"{NS}CommonData")
        self.default_box = rect_of(common.find(f"{NS}PageArea/{NS}PhysicalBox")
                                if common is not None else None) or (0.0, 0.0, 210.0, 297.0)
        self.fonts: dict[str, _Font] = {}
        for tag in ("PublicRes", "DocumentRes"):
            for res in (common.findall(f"{NS}{tag}") if common is not None else []):
                self.read_res(posixpath.join(self.doc_dir, text_of(res)))

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.files[name.lstrip("/")])

    def read_res(self, name: str) -> None:
        if name not in self.files:
            return
        res = self.xml(name)
        base = posixpath.join(posixpath.dirname(name), res.get("BaseLoc", ""))
        for font in res.iter(f"{NS}Font"):
            file_name = text_of(font.find(f"{NS}FontFile"))
            program = self.files.get(posixpath.normpath(posixpath.join(base, file_name))) \
                if file_name else None
            self.fonts[font.get("ID", "")] = _Font(
                font.get("FontName", ""), font.get("Bold") == "true", program)

    def pages(self) -> list[OfdPage]:
        out = []
        for number, page in enumerate(self.document.iter(f"{NS}Page"), start=1):
            loc = posixpath.normpath(posixpath.join(self.doc_dir, page.get("BaseLoc", "")))
            content = self.xml(loc)
            box = rect_of(content.find(f"{NS}Area/{NS}PhysicalBox")) or self.default_box
            chars: list[_Char] = []
            segments: list[Segment] = []
            for layer in content.iter(f"{NS}Layer"):
                self.walk(layer, chars, segments)
            lines, spans = _lines(number, chars)
            out.append(OfdPage(number, box[2], box[3], lines, spans, segments, chars))
        return out

    def walk(self, block: ET.Element, chars: list[_Char], segments: list[Segment]) -> None:
        for obj in block:
            tag = obj.tag.removeprefix(NS)
            if tag == "TextObject":
                chars += self.text_object(obj)
            elif tag == "PathObject":
                segments += path_segments(obj)
            elif tag == "PageBlock":
                self.walk(obj, chars, segments)

    def text_object(self, obj: ET.Element) -> list[_Char]:
        font = self.fonts.get(obj.get("Font", "")) or _Font("", False, None)
        size = float(obj.get("Size", "0") or 0)
        color = color_of(obj.find(f"{NS}FillColor"), "000000")
        matrix = object_matrix(obj)
        glyphs = glyph_map(obj)
        out: list[_Char] = []
        position = 0
        x = y = 0.0
        for code in obj.findall(f"{NS}TextCode"):
            text = code.text or ""
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            dx, dy = expand_array(code.get("DeltaX")), expand_array(code.get("DeltaY"))
            for i, ch in enumerate(text):
                glyph = glyphs.get(position + i)
                advance = font.advance(ch, glyph) * size
                out.append(_Char(ch, x, y, advance, size, font, glyph, color, matrix))
                x += dx[i] if i < len(dx) else advance
                y += dy[i] if i < len(dy) else 0.0
            position += len(text)
        return out


def mark_ink_top(pages: list[OfdPage], elements: list[Element]) -> None:
    """Set the mark's ``ink_top_mm``: the top of its red glyphs' outlines (7.2.4)."""
    mark = next((e for e in elements if e.kind == "mark" and e.boxes), None)
    if mark is None:
        return
    box = mark.boxes[0]
    page = pages[box.page - 1]
    tops = []
    for ch in page.chars:
        x0, top, x1, bottom = ch.page_box()
        inside = box.x0_mm - 0.5 <= (x0 + x1) / 2 <= box.x1_mm + 0.5 and \
            box.top_mm - 0.5 <= (top + bottom) / 2 <= box.bottom_mm + 0.5
        if not inside or ch.text.isspace() or ch.color[:2] < "B4" or ch.matrix[:4] != IDENTITY[:4]:
            continue
        ink = ch.font.ink_top(ch.text, ch.glyph)
        if ink is not None:
            tops.append(apply_matrix(ch.matrix, ch.x, ch.y - ink * ch.size)[1])
    if tops:
        mark.ink_top_mm = round(min(tops), 2)


# -- characters into words, lines and font pieces -------------------------------------------


def _lines(page: int, chars: list[_Char]) -> tuple[list[WordLine], list[FontSpan]]:
    """Group a page's characters into lines of words (as pdftotext) and font pieces (as
    pdftohtml)."""
    rows: dict[tuple[tuple[float, float, float, float], int], list[_Char]] = {}
    keys: list[tuple[tuple[float, float, float, float], float]] = []
    for ch in chars:
        if not ch.text.strip() and ch.text != " ":
            continue
        # the baseline in page terms, across the text direction
        _, _, c, d, _, _ = ch.matrix
        across = apply_matrix(ch.matrix, ch.x, ch.y)
        normal = (c, d)  # the run-space y axis on the page
        base = across[0] * normal[0] + across[1] * normal[1]
        key = next((i for i, (o, y) in enumerate(keys) if o == ch.orientation
                    and abs(y - base) < _SAME_BASELINE_EM * ch.size), None)
        if key is None:
            keys.append((ch.orientation, base))
            key = len(keys) - 1
        rows.setdefault((ch.orientation, key), []).append(ch)
    lines: list[WordLine] = []
    spans: list[FontSpan] = []
    for row in rows.values():
        row.sort(key=lambda ch: ch.along)
        for piece in _split(row, LINE_GAP_EM):
            words = [w for w in (_word(page, chs) for chs in _words(piece)) if w is not None]
            if not words:
                continue
            lines.append(WordLine(page, min(w.x0 for w in words), min(w.top for w in words),
                                  max(w.x1 for w in words), max(w.bottom for w in words),
                                  "".join(w.text for w in words), tuple(words)))
            spans += _spans(page, piece)
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return lines, spans


def _split(row: list[_Char], gap_em: float) -> list[list[_Char]]:
    """Cut a row where the gap between characters is wider than ``gap_em`` (spaces are
    kept in their piece, as word breaks, but are no ink)."""
    out: list[list[_Char]] = []
    end: float | None = None
    for ch in row:
        if ch.text == " ":
            if out:
                out[-1].append(ch)
            continue
        if not out or end is None or ch.along - end > gap_em * ch.size + _GAP_EPSILON_MM:
            out.append([])
        out[-1].append(ch)
        end = ch.along + ch.advance
    return out


def _words(piece: list[_Char]) -> list[list[_Char]]:
    """Cut a piece into words at spaces and at gaps wider than a tenth of an em."""
    out: list[list[_Char]] = []
    end: float | None = None
    after_space = False
    for ch in piece:
        if ch.text == " ":
            after_space = True
            continue
        if after_space or not out or end is None or ch.along - end > WORD_GAP_EM * ch.size:
            out.append([])
        out[-1].append(ch)
        end = ch.along + ch.advance
        after_space = False
    return out


def _word(page: int, chars: list[_Char]) -> Word | None:
    boxes = [ch.page_box() for ch in chars]
    if not boxes:
        return None
    return Word(page, min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes),
                "".join(ch.text for ch in chars))


def _spans(page: int, chars: list[_Char]) -> list[FontSpan]:
    out: list[FontSpan] = []
    run: list[_Char] = []

    def flush() -> None:
        if not run:
            return
        boxes = [ch.page_box() for ch in run]
        first = run[0]
        out.append(FontSpan(
            page=page, x0=min(b[0] for b in boxes), top=min(b[1] for b in boxes),
            x1=max(b[2] for b in boxes), bottom=max(b[3] for b in boxes),
            text="".join(ch.text for ch in run), font=first.font.name,
            size_pt=round(first.size * PT_PER_MM, 1), color=first.color,
            bold=first.font.bold or "Bold" in first.font.name))
        run.clear()

    for ch in chars:
        if ch.text == " ":
            continue
        if run and (ch.font is not run[0].font or ch.size != run[0].size
                    or ch.color != run[0].color):
            flush()
        run.append(ch)
    flush()
    return out
