"""The fonts of an OFD: find the program behind each PDF font, subset it to the glyphs
drawn, give it a Unicode cmap, and keep it for the whole build.

LibreOffice embeds two kinds of font in notice_kit's PDFs:

* TrueType faces (Liberation Serif, AR PL UKai) as TrueType subsets (``FontFile2``). They
  are small and exact, so the OFD embeds them as they are, with a Unicode cmap added.
* CFF faces (FandolFang, Noto CJK) re-encoded as Type 1 (``FontFile``), whose glyphs are
  named ``cidN`` after their index in the installed face. Turning Type 1 back into
  OpenType is slow in pure Python, so the OFD embeds a subset of the installed face itself,
  by those glyph indices: the very glyphs the PDF shows.

A :class:`FontBook` lives for one build: faces are opened lazily (only their tables that
are needed), and each OFD file gets subsets of only the glyphs its own pages draw (the
package its whole set, each part its share), each made once.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import struct
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from notice_kit.convert.fonts import DEFAULT_FONT_DIR, InstalledFace, installed_faces, plan_fonts
from notice_kit.ofd.glyf import subset_glyf
from notice_kit.ofd.model import GlyphRef, OfdError
from notice_kit.ofd.otf import set_unicode_cmap, subset_face
from notice_kit.ofd.sfnt import Unsupported, face_tables

__all__ = ["EmbeddedFont", "FontBook", "PdfFontProgram"]

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_CID_NAME = re.compile(r"^cid(\d+)$")
_TYPE1_ENCODING = re.compile(rb"dup\s+(\d+)\s*/(\S+)\s+put")
# Tables an OFD font does not need (text is laid out already; no vertical writing).
_DROPPED = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx", "DSIG", "FFTM",
            "meta")


@dataclass(frozen=True)
class PdfFontProgram:
    """A PDF font as the font book needs it (the reader fills this from the font dict).

    ``kind``: ``type1`` (a Type 1 program, ``FontFile``), ``truetype`` (a simple TrueType
    font, ``FontFile2``), ``cid-truetype`` (a Type 0 font over a TrueType program, codes
    are CIDs and CIDs are glyph indices), or ``other`` (not embedded, Type 3, CFF …).
    """

    base_font: str
    kind: Literal["type1", "truetype", "cid-truetype", "other"]
    key: str
    program: Callable[[], bytes] | None = None
    type1_clear_length: int = 0
    bold: bool = False
    serif: bool = False
    fixed: bool = False
    italic: bool = False

    @property
    def name(self) -> str:
        """The font's PostScript name without the subset tag (``ABCDEF+``)."""
        return _SUBSET_TAG.sub("", self.base_font)


@dataclass(frozen=True)
class EmbeddedFont:
    """A font ready for the OFD: its program, and how text maps to its glyphs.

    ``glyphs`` maps a source glyph index to the index in ``data``; ``cmap`` maps a
    character to the glyph the font shows for it (a character drawn with another glyph
    needs a CGTransform).
    """

    font_name: str
    family: str
    data: bytes
    extension: str
    glyphs: Mapping[int, int]
    cmap: Mapping[str, int]
    bold: bool = False
    serif: bool = False
    fixed: bool = False
    italic: bool = False

    def covers(self, text: str) -> bool:
        """Return whether every character of ``text`` maps to a glyph of this font."""
        return all(ch in self.cmap for ch in text)


@dataclass
class _Source:
    """One font program glyphs are drawn from: an installed face or a PDF's embedded font."""

    key: str
    hints: PdfFontProgram
    face: InstalledFace | None = None
    program: Callable[[], bytes] | None = None
    uses: Counter[tuple[str, int]] = field(default_factory=Counter)


class FontBook:
    """Every font of one build: where each PDF font's glyphs come from, which glyphs were
    drawn with which text, and the subset fonts made from them (made once, on demand)."""

    def __init__(self, font_dirs: tuple[Path, ...] = (DEFAULT_FONT_DIR,),
                 faces: Iterable[InstalledFace] | None = None,
                 preferred: Iterable[tuple[Path, int]] | None = None) -> None:
        self._font_dirs = font_dirs
        self._faces = tuple(faces) if faces is not None else None
        # Faces of one collection share their glyphs but not their cmaps (Noto CJK JP/SC):
        # the face the conversion was told to use names the glyphs best.
        self._preferred = frozenset(preferred) if preferred is not None else None
        self._sources: dict[str, _Source] = {}
        self._mappers: dict[str, Callable[[int], GlyphRef]] = {}
        self._names: dict[tuple[Path, int], frozenset[str]] = {}
        self._built: dict[tuple[str, tuple[tuple[tuple[str, int], int], ...]],
                          EmbeddedFont] = {}

    # -- reading ---------------------------------------------------------------------

    def mapper(self, font: PdfFontProgram) -> Callable[[int], GlyphRef]:
        """Return the function mapping ``font``'s character codes to glyphs.

        Raises :class:`OfdError` when the font's glyphs cannot be carried into an OFD (not
        embedded, Type 3, or a CFF face that is not installed).
        """
        found = self._mappers.get(font.key)
        if found is None:
            found = self._make_mapper(font)
            self._mappers[font.key] = found
        return found

    def record(self, ref: GlyphRef, text: str) -> None:
        """Note that ``ref`` was drawn for ``text`` (this decides the cmap)."""
        self._sources[ref.source].uses[(text, ref.glyph)] += 1

    def _make_mapper(self, font: PdfFontProgram) -> Callable[[int], GlyphRef]:
        if font.kind == "type1" and font.program is not None:
            return self._type1_mapper(font, font.program)
        if font.kind in ("truetype", "cid-truetype") and font.program is not None:
            key = f"pdf:{font.key}"
            self._sources.setdefault(key, _Source(key, font, program=font.program))
            if font.kind == "cid-truetype":
                return lambda code: GlyphRef(key, code)
            with _quiet_fonttools():
                codes = _truetype_codes(font.program())
            return lambda code: GlyphRef(key, codes.get(code, 0))
        raise OfdError(
            f"字体 {font.name} 无法写入 OFD（未嵌入或不支持的类型）/ font {font.name} "
            f"({font.kind}) cannot be carried into OFD: only embedded Type 1 and TrueType "
            f"fonts are supported"
        )

    def _type1_mapper(self, font: PdfFontProgram,
                      program: Callable[[], bytes]) -> Callable[[int], GlyphRef]:
        clear = program()[: font.type1_clear_length or None]
        encoding = {int(code): name.decode("latin-1")
                    for code, name in _TYPE1_ENCODING.findall(clear)}
        face = self._find_face(font.name)
        key = f"face:{face.file}#{face.index}"
        self._sources.setdefault(key, _Source(key, font, face=face))
        gids: dict[int, int] = {}
        for code, name in encoding.items():
            match = _CID_NAME.match(name)
            if match is None:
                raise OfdError(f"字体 {font.name} 的字形名 {name!r} 无法对应 / font "
                               f"{font.name}: glyph name {name!r} is not cidN")
            gids[code] = int(match.group(1))
        return lambda code: GlyphRef(key, gids.get(code, 0))

    def _find_face(self, name: str) -> InstalledFace:
        """Return the installed face whose PostScript or CFF name is ``name``, or ``name``
        without LibreOffice's ``-FDName`` suffix (``NotoSerifCJKjp-Bold-VKana``)."""
        wanted = [name]
        while "-" in wanted[-1]:
            wanted.append(wanted[-1].rsplit("-", 1)[0])
        family = _fold(wanted[-1])
        faces = self._faces if self._faces is not None else installed_faces(self._font_dirs)
        preferred = self._preferred_faces()
        # A collection's faces share the glyphs the name was given to: take them all.
        files = {f.file for f in faces if family in {_fold(n) for n in f.families}}
        candidates = sorted(
            (f for f in faces if f.file in files),
            key=lambda f: ((f.file, f.index) not in preferred, str(f.file), f.index),
        )
        for want in wanted[:-1] or wanted:
            for face in candidates:
                if want in self._face_names(face):
                    return face
        raise OfdError(
            f"没有找到 PDF 所用的字体 {name}（OFD 需要嵌入它）/ the face {name} the PDF uses is "
            f"not installed here; OFD needs it to embed the glyphs"
        )

    def _preferred_faces(self) -> frozenset[tuple[Path, int]]:
        if self._preferred is None:
            plan = plan_fonts(font_dirs=self._font_dirs)
            self._preferred = frozenset((f.file, f.index) for f in plan.faces.values())
        return self._preferred

    def _face_names(self, face: InstalledFace) -> frozenset[str]:
        key = (face.file, face.index)
        if key not in self._names:
            self._names[key] = _read_face_names(face)
        return self._names[key]

    # -- building --------------------------------------------------------------------

    def font(self, source: str, uses: Mapping[tuple[str, int], int] | None = None
             ) -> EmbeddedFont:
        """Return the embedded font of ``source`` for ``uses`` ((text, glyph) → how often
        drawn; by default every use recorded so far): its glyphs, and for each character
        the glyph drawn most often for it. Made once for the same uses."""
        src = self._sources[source]
        drawn = src.uses if uses is None else uses
        key = (source, tuple(sorted(drawn.items())))
        built = self._built.get(key)
        if built is None:
            whole = {g for _, g in drawn} == {g for _, g in src.uses}
            with _quiet_fonttools():
                built = (_subset_face(src, drawn) if src.face is not None
                         else _adapt_truetype(src, drawn, whole))
            self._built[key] = built
        return built

    def sources(self) -> list[str]:
        """Every font source glyphs were recorded for, in first-use order."""
        return [k for k, s in self._sources.items() if s.uses]


@contextmanager
def _quiet_fonttools() -> Iterator[None]:
    """Silence fontTools' warnings about LibreOffice's subsets (a zero 'modified' date)."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _fold(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def _read_face_names(face: InstalledFace) -> frozenset[str]:
    """The face's PostScript name and its CFF font names, read from the file in place."""
    from fontTools.ttLib.tables._n_a_m_e import table__n_a_m_e  # type: ignore[import-untyped]

    names: set[str] = set()
    data, tables = face_tables(face.file, face.index)
    try:
        if "name" in tables:
            offset, length = tables["name"]
            table = table__n_a_m_e()
            table.decompile(bytes(data[offset : offset + length]), None)
            ps = table.getDebugName(6)
            if ps:
                names.add(str(ps))
        if "CFF " in tables:
            offset, length = tables["CFF "]
            names.update(_cff_names(data[offset : offset + min(length, 65536)]))
    finally:
        data.close()
    return frozenset(names)


def _cff_names(data: bytes) -> list[str]:
    """Return the font names of a CFF table (its Name INDEX), without decompiling it."""
    header_size = data[2]
    count = struct.unpack(">H", data[header_size : header_size + 2])[0]
    if count == 0:
        return []
    off_size = data[header_size + 2]
    start = header_size + 3
    offsets = [int.from_bytes(data[start + i * off_size : start + (i + 1) * off_size], "big")
               for i in range(count + 1)]
    base = start + (count + 1) * off_size - 1
    return [data[base + a : base + b].decode("latin-1") for a, b in itertools.pairwise(offsets)]


def _truetype_codes(program: bytes) -> dict[int, int]:
    """Return code → glyph index of a simple TrueType font from its own (1,0)/(3,0) cmap."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    font = TTFont(io.BytesIO(program), lazy=True)
    order = {name: i for i, name in enumerate(font.getGlyphOrder())}
    codes: dict[int, int] = {}
    for table in font["cmap"].tables:
        if (table.platformID, table.platEncID) in ((1, 0), (3, 0)):
            for code, name in table.cmap.items():
                codes.setdefault(code & 0xFF, order[name])
    return codes


def _choose_cmap(uses: Mapping[tuple[str, int], int], glyphs: Mapping[int, int]
                 ) -> dict[str, int]:
    """Pick one glyph per character: the one drawn most often for it (ties: lowest index)."""
    best: dict[str, tuple[int, int]] = {}
    for (text, glyph), count in sorted(uses.items()):
        if len(text) != 1 or glyph not in glyphs:
            continue
        score = (count, -glyph)
        if text not in best or score > best[text]:
            best[text] = score
    return {text: glyphs[-score[1]] for text, score in best.items()}


def _font_name(font: object, fallback: str) -> tuple[str, str]:
    name = font["name"]  # type: ignore[index]
    ps = name.getDebugName(6) or fallback
    family = name.getDebugName(16) or name.getDebugName(1) or ps
    return str(ps), str(family)


def _save(font: object) -> bytes:
    buffer = io.BytesIO()
    font.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _subset_face(src: _Source, uses: Mapping[tuple[str, int], int]) -> EmbeddedFont:
    """Subset the installed face of ``src`` to the glyphs of ``uses``: its charstrings
    copied (:mod:`notice_kit.ofd.otf`), or by fontTools for a face that module cannot
    subset."""
    assert src.face is not None
    used = sorted({glyph for _, glyph in uses})
    count = _glyph_count(src.face)
    if used and used[-1] >= count:
        raise OfdError(f"{src.face.file}: glyph {used[-1]} is beyond the face's {count} "
                       f"glyphs; the installed face is not the one the PDF was made with")
    # Both subsetters keep .notdef and the used glyphs in their order.
    glyphs = {gid: i for i, gid in enumerate(sorted({0, *used}))}
    cmap = _choose_cmap(uses, glyphs)
    try:
        data, ps, family = subset_face(src.face.file, src.face.index, used, cmap)
        extension = "otf"
    except Unsupported as exc:
        logging.getLogger(__name__).debug("%s: subset by fontTools (%s)", src.face.file, exc)
        data, ps, family, extension = _subset_with_fonttools(src, used, cmap)
    return EmbeddedFont(ps or src.hints.name, family or ps or src.hints.name, data, extension,
                        glyphs, cmap, bold=src.hints.bold, serif=src.hints.serif,
                        fixed=src.hints.fixed, italic=src.hints.italic)


def _glyph_count(face: InstalledFace) -> int:
    data, tables = face_tables(face.file, face.index)
    try:
        offset, _ = tables["maxp"]
        return int.from_bytes(data[offset + 4 : offset + 6], "big")
    finally:
        data.close()


def _subset_with_fonttools(src: _Source, used: list[int],
                           cmap: Mapping[str, int]) -> tuple[bytes, str, str, str]:
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont

    assert src.face is not None
    font = TTFont(str(src.face.file), fontNumber=src.face.index, lazy=True,
                  recalcBBoxes=False, recalcTimestamp=False)
    for tag in _DROPPED:
        if tag in font.reader.tables:
            del font[tag]  # before subsetting: it would read the large layout tables first
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += list(_DROPPED)
    options.notdef_outline = True
    options.recalc_bounds = False
    options.recalc_timestamp = False
    options.desubroutinize = True
    options.name_IDs = [1, 2, 3, 4, 5, 6, 16, 17]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=used)
    subsetter.subset(font)
    set_unicode_cmap(font, cmap)
    ps, family = _font_name(font, src.hints.name)
    extension = "otf" if "CFF " in font else "ttf"
    data = _save(font)
    font.close()
    return data, ps, family, extension


def _adapt_truetype(src: _Source, uses: Mapping[tuple[str, int], int],
                    whole: bool) -> EmbeddedFont:
    """Embed the PDF's own TrueType subset, with a Unicode cmap (and an OS/2 table, which
    some readers require): as it is for all the glyphs drawn with it (``whole``), else
    subset to those of ``uses`` (:mod:`notice_kit.ofd.glyf`, or fontTools)."""
    from fontTools.ttLib import TTFont

    assert src.program is not None
    program = src.program()
    font = TTFont(io.BytesIO(program), recalcBBoxes=False, recalcTimestamp=False)
    count = len(font.getGlyphOrder())
    used = sorted({gid for _, gid in uses if gid < count})
    if whole:
        glyphs = {gid: gid for gid in used}
    else:
        try:
            subset, glyphs = subset_glyf(program, used)
            font = TTFont(io.BytesIO(subset), recalcBBoxes=False, recalcTimestamp=False)
        except Unsupported as exc:
            logging.getLogger(__name__).debug("%s: subset by fontTools (%s)", src.key, exc)
            glyphs = _subset_truetype(font, used)
    cmap = _choose_cmap(uses, glyphs)
    set_unicode_cmap(font, cmap)
    if "OS/2" not in font:
        _add_os2(font, cmap)
    ps, family = _font_name(font, src.hints.name)
    return EmbeddedFont(ps, family, _save(font), "ttf", glyphs, cmap, bold=src.hints.bold,
                        serif=src.hints.serif, fixed=src.hints.fixed, italic=src.hints.italic)


def _subset_truetype(font: object, used: list[int]) -> dict[int, int]:
    """Subset the TrueType ``font`` in place to ``used`` (and .notdef, and the components
    of composite glyphs); return old glyph index → new."""
    from fontTools import subset

    order = font.getGlyphOrder()  # type: ignore[attr-defined]
    names = {gid: order[gid] for gid in used}
    options = subset.Options()
    options.notdef_outline = True
    options.recalc_bounds = False
    options.recalc_timestamp = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=used)
    subsetter.subset(font)
    new_order = {name: i for i, name in enumerate(font.getGlyphOrder())}  # type: ignore[attr-defined]
    return {gid: new_order[name] for gid, name in names.items()}


def _add_os2(font: object, cmap: Mapping[str, int]) -> None:
    from fontTools.ttLib import newTable

    head, hhea = font["head"], font["hhea"]  # type: ignore[index]
    os2 = newTable("OS/2")
    os2.version = 4
    os2.xAvgCharWidth = 0
    os2.usWeightClass = 400
    os2.usWidthClass = 5
    os2.fsType = 0
    for attr in ("ySubscriptXSize", "ySubscriptYSize", "ySubscriptXOffset", "ySubscriptYOffset",
                 "ySuperscriptXSize", "ySuperscriptYSize", "ySuperscriptXOffset",
                 "ySuperscriptYOffset", "yStrikeoutSize", "yStrikeoutPosition", "sFamilyClass",
                 "ulCodePageRange1", "ulCodePageRange2", "sxHeight", "sCapHeight",
                 "usDefaultChar", "usBreakChar", "usMaxContext", "ulUnicodeRange1",
                 "ulUnicodeRange2", "ulUnicodeRange3", "ulUnicodeRange4"):
        setattr(os2, attr, 0)
    from fontTools.ttLib.tables.O_S_2f_2 import Panose  # type: ignore[import-untyped]

    os2.panose = Panose()
    os2.achVendID = "NONE"
    os2.fsSelection = 0x40
    points = sorted(ord(ch) for ch in cmap) or [0x20]
    os2.usFirstCharIndex, os2.usLastCharIndex = min(points[0], 0xFFFF), min(points[-1], 0xFFFF)
    os2.sTypoAscender, os2.sTypoDescender = hhea.ascent, hhea.descent
    os2.sTypoLineGap = hhea.lineGap
    os2.usWinAscent = max(hhea.ascent, 0)
    os2.usWinDescent = max(-hhea.descent, 0)
    del head
    font["OS/2"] = os2  # type: ignore[index]
