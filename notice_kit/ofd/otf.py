"""Subset an installed OpenType/CFF face to some of its glyphs: the CFF table by
:mod:`notice_kit.ofd.cff` (charstrings copied, not recompiled), the other tables an OFD
reader draws with (``hmtx``, ``hhea``, ``maxp``, ``head``, ``OS/2``, ``name``, ``post``
format 3) cut to match, and a Unicode ``cmap`` given by the caller.  Layout and vertical
tables are left out: the text is laid out already and runs horizontally."""

from __future__ import annotations

import io
import struct
from collections.abc import Mapping, Sequence
from pathlib import Path

from notice_kit.ofd.cff import subset_cff
from notice_kit.ofd.sfnt import Unsupported, face_tables

__all__ = ["set_unicode_cmap", "subset_face"]

# Name IDs kept, as notice_kit's fontTools subsetting options said.
_NAME_IDS = {1, 2, 3, 4, 5, 6, 16, 17}



def subset_face(file: Path, index: int, glyphs: Sequence[int],
                cmap: Mapping[str, int]) -> tuple[bytes, str, str]:
    """Return face ``index`` of ``file`` as an OpenType/CFF font of ``glyphs`` (ascending
    source glyph indices; .notdef is added first), with ``cmap`` (character → glyph index
    in the subset) as its Unicode cmap. Returns the font, its PostScript name and its
    family name (typographic, else legacy).

    Raises :class:`Unsupported` when the face is not one this module can subset.
    """
    from fontTools.ttLib import TTFont, newTable  # type: ignore[import-untyped]
    from fontTools.ttLib.tables.DefaultTable import DefaultTable  # type: ignore[import-untyped]

    kept = sorted({0, *glyphs})
    data, tables = face_tables(file, index)
    try:
        missing = {"CFF ", "head", "hhea", "hmtx", "maxp", "OS/2", "name"} - set(tables)
        if missing:
            raise Unsupported(f"no {', '.join(sorted(missing))} table")

        def raw(tag: str) -> bytes:
            offset, length = tables[tag]
            return bytes(data[offset : offset + length])

        cff = subset_cff(data, *tables["CFF "], kept)
        hhea_raw = raw("hhea")
        (metrics,) = struct.unpack_from(">H", hhea_raw, 34)
        (count,) = struct.unpack_from(">H", raw("maxp"), 4)
        if kept[-1] >= count or metrics == 0:
            raise Unsupported(f"glyph {kept[-1]} of {count}")
        hmtx_at, _ = tables["hmtx"]
        advances = []
        for gid in kept:
            advance_gid = min(gid, metrics - 1)
            (advance,) = struct.unpack_from(">H", data, hmtx_at + 4 * advance_gid)
            if gid < metrics:
                (lsb,) = struct.unpack_from(">h", data, hmtx_at + 4 * gid + 2)
            else:
                (lsb,) = struct.unpack_from(">h", data, hmtx_at + 4 * metrics
                                            + 2 * (gid - metrics))
            advances.append((advance, lsb))
        post_raw = raw("post") if "post" in tables else b""
        name_raw, head_raw, os2_raw = raw("name"), raw("head"), raw("OS/2")
    finally:
        data.close()

    font = TTFont(sfntVersion="OTTO", recalcBBoxes=False, recalcTimestamp=False)
    order = [".notdef", *(f"g{i}" for i in range(1, len(kept)))]
    font.setGlyphOrder(order)
    for tag, body in (("head", head_raw), ("hhea", hhea_raw), ("OS/2", os2_raw),
                      ("name", name_raw)):
        table = newTable(tag)
        table.decompile(body, font)
        font[tag] = table
    font["hhea"].numberOfHMetrics = len(kept)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00005000
    maxp.numGlyphs = len(kept)
    font["maxp"] = maxp
    hmtx = newTable("hmtx")
    hmtx.metrics = dict(zip(order, advances, strict=True))
    font["hmtx"] = hmtx
    name = font["name"]
    name.names = [n for n in name.names
                  if n.nameID in _NAME_IDS and n.isUnicode() and n.langID == 0x409]
    post = newTable("post")
    post.formatType = 3.0
    header = post_raw[:32] if len(post_raw) >= 32 else bytes(32)
    (post.italicAngle, post.underlinePosition, post.underlineThickness, post.isFixedPitch,
     post.minMemType42, post.maxMemType42, post.minMemType1, post.maxMemType1) = (
        struct.unpack_from(">lhhLLLLL", header, 4))
    post.italicAngle /= 65536
    font["post"] = post
    table = DefaultTable("CFF ")
    table.data = cff
    font["CFF "] = table
    set_unicode_cmap(font, cmap)
    font["OS/2"].recalcUnicodeRanges(font)
    ps = str(name.getDebugName(6) or "")
    family = str(name.getDebugName(16) or name.getDebugName(1) or "")
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    return buffer.getvalue(), ps, family


def set_unicode_cmap(font: object, cmap: Mapping[str, int]) -> None:
    """Give the fontTools ``font`` a Windows Unicode cmap of ``cmap`` (character → glyph
    index): format 4 for the BMP, and format 12 as well when a character is beyond it."""
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._c_m_a_p import cmap_classes  # type: ignore[import-untyped]

    order = font.getGlyphOrder()  # type: ignore[attr-defined]
    mapping = {ord(ch): order[gid] for ch, gid in sorted(cmap.items())}
    table = newTable("cmap")
    table.tableVersion = 0
    subtables = []
    bmp = {cp: name for cp, name in mapping.items() if cp <= 0xFFFF}
    sub4 = cmap_classes[4](4)
    sub4.platformID, sub4.platEncID, sub4.language, sub4.cmap = 3, 1, 0, bmp
    subtables.append(sub4)
    if len(bmp) < len(mapping):
        sub12 = cmap_classes[12](12)
        sub12.platformID, sub12.platEncID, sub12.language, sub12.cmap = 3, 10, 0, mapping
        sub12.format, sub12.reserved, sub12.length, sub12.nGroups = 12, 0, 0, 0
        subtables.append(sub12)
    table.tables = subtables
    font["cmap"] = table  # type: ignore[index]
