"""The font of the PDF form's fields: Adobe's STSong-Light, not embedded (every PDF reader
that shows Chinese supplies it), with a ToUnicode map.

Without the map pypdf cannot encode Chinese and writes ``?`` into the fields' appearance;
with it pypdf writes the UCS-2 codes the font's UniGB-UCS2-H encoding expects, and
poppler and MuPDF show the text (see docs/receipts.md).
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

FONT_NAME = "/STSong"
# The UCS-2 blocks the map covers: ASCII, general punctuation, CJK symbols, extension A,
# the unified ideographs, compatibility ideographs, full-width forms.
_BLOCKS = ((0x0020, 0x007E), (0x00A0, 0x00FF), (0x2000, 0x206F), (0x2100, 0x21FF),
           (0x2460, 0x24FF), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
           (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))


def _ranges() -> list[tuple[int, int]]:
    """The blocks cut where the first byte changes (a CMap range may not cross it)."""
    out = []
    for lo, hi in _BLOCKS:
        start = lo
        while start <= hi:
            end = min(hi, start | 0xFF)
            out.append((start, end))
            start = end + 1
    return out


def to_unicode_cmap() -> bytes:
    """Return an identity ToUnicode CMap over :data:`_BLOCKS` (UCS-2 code → same Unicode)."""
    ranges = _ranges()
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for i in range(0, len(ranges), 100):
        chunk = ranges[i:i + 100]
        lines.append(f"{len(chunk)} beginbfrange")
        lines += [f"<{lo:04X}> <{hi:04X}> <{lo:04X}>" for lo, hi in chunk]
        lines.append("endbfrange")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def add_cjk_font(writer: PdfWriter) -> IndirectObject:
    """Add the field font to ``writer`` and return a reference to it."""
    cmap = StreamObject()
    cmap.set_data(to_unicode_cmap())
    descriptor = DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): NameObject("/STSong-Light"),
        NameObject("/Flags"): NumberObject(6),
        NameObject("/FontBBox"): ArrayObject([NumberObject(v) for v in (-25, -254, 1000, 880)]),
        NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/Ascent"): NumberObject(880),
        NameObject("/Descent"): NumberObject(-120),
        NameObject("/CapHeight"): NumberObject(880),
        NameObject("/StemV"): NumberObject(93),
    })
    cid_font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType0"),
        NameObject("/BaseFont"): NameObject("/STSong-Light"),
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("GB1"),
            NameObject("/Supplement"): NumberObject(4),
        }),
        NameObject("/FontDescriptor"): writer._add_object(descriptor),
        NameObject("/DW"): NumberObject(1000),
        # CIDs 1–95 of Adobe-GB1 are the half-width ASCII glyphs.
        NameObject("/W"): ArrayObject([NumberObject(1), NumberObject(95), NumberObject(500)]),
    })
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): NameObject("/STSong-Light-UniGB-UCS2-H"),
        NameObject("/Encoding"): NameObject("/UniGB-UCS2-H"),
        NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
        NameObject("/ToUnicode"): writer._add_object(cmap),
    })
    return writer._add_object(font)
