"""notice_kit's own base document: the parts a notice needs and nothing stale.

python-docx's default template was saved by Word 2011 for Mac.  Left as it is, every
notice would carry its blank white thumbnail (Explorer and Finder preview the file as an
empty page), a ``stylesWithEffects`` part whose defaults (11 pt Calibri, 1.15 lines)
contradict ``styles.xml``, an empty bibliography store, unused list definitions, 160
styles, "Microsoft Macintosh Word, 1 page, 0 words" in ``app.xml``, Word 2010's
compatibility mode and a font table of Latin and Japanese faces (research audit F2, F6,
F9, F10).  :func:`new_base` prunes a fresh copy of it; :func:`tidy_package` does the part
of that which is safe on a bureau's letterhead too; :func:`write_font_table` and
:func:`write_app_properties` run when the file is saved, from what it then holds.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass
from importlib import resources

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree  # type: ignore[import-untyped]

from notice_kit.layout.profile import LayoutProfile
from notice_kit.render.docx import xml

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"

# Styles kept from python-docx's template: the defaults every paragraph, run, table and
# list falls back to, and the header/footer styles its new header and footer parts name.
KEPT_STYLES = frozenset({"Normal", "DefaultParagraphFont", "TableNormal", "NoList",
                         "Header", "HeaderChar", "Footer", "FooterChar"})


def new_base() -> Document:
    """Return a fresh document holding only what a notice needs: document, styles
    (the defaults and header/footer styles; the writer adds its own), settings, font
    table, theme (a schema-valid document needs one) and the two property parts."""
    global _BASE
    if _BASE is None:
        # Stored in the package: opening python-docx's template and pruning it took
        # 20–30 ms, a twentieth of a .docx-only build.  The test suite checks the stored
        # file is what pruning gives (scripts/make-base-docx.py writes it again).
        _BASE = (resources.files("notice_kit") / BASE_FILE).read_bytes()
    return docx.Document(io.BytesIO(_BASE))


BASE_FILE = "data/base.docx"
_BASE: bytes | None = None


def pruned_template_bytes() -> bytes:
    """notice_kit's base made afresh from python-docx's template (what ``BASE_FILE``
    holds), with fixed zip stamps."""
    buffer = io.BytesIO()
    _pruned_template().save(buffer)
    return reproducible_zip(buffer.getvalue())


def _pruned_template() -> Document:
    document = docx.Document()
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (RT.NUMBERING, RT.WEB_SETTINGS, RT.CUSTOM_XML):
            del part.rels[rid]
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            styles.remove(style)
    for el in [*styles.findall(qn("w:latentStyles")), *styles.iter(qn("w:rsid"))]:
        el.getparent().remove(el)
    tidy_package(document)
    return document


def tidy_package(document: Document) -> None:
    """Drop what is stale in any base, a bureau's letterhead included: the thumbnail
    (Word writes a true one on its first save: ``w:savePreviewPicture`` stays), the
    ``stylesWithEffects`` copy of the styles, the proofing and revision-session marks
    and ``lastPrinted``; and leave Word's compatibility mode (mode 15, Word 2013+)."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            del part.rels[rid]
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]
    settings = document.settings.element
    for tag in ("w:proofState", "w:rsids"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    for el in settings.findall(f"{{{_W14}}}docId"):
        settings.remove(el)
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = xml.element("w:compat")
        settings.append(compat)
        _place_compat(settings, compat)
    mode = next((el for el in compat.findall(qn("w:compatSetting"))
                 if el.get(qn("w:name")) == "compatibilityMode"), None)
    if mode is None:
        mode = xml.element("w:compatSetting", name="compatibilityMode",
                           uri="http://schemas.microsoft.com/office/word")
        compat.append(mode)
    xml.set_attrs(mode, val=15)
    drop_last_printed(document)


def drop_last_printed(document: Document) -> None:
    """Remove ``cp:lastPrinted``: a file notice_kit writes has not been printed."""
    core = document.core_properties._element
    for el in core.findall(f"{{{_CP}}}lastPrinted"):
        core.remove(el)


def _place_compat(settings: BaseOxmlElement, compat: BaseOxmlElement) -> None:
    # CT_Settings order: w:compat comes before w:docVars/w:rsids/m:mathPr/…/w:themeFontLang.
    for name in ("w:docVars", "w:rsids", "w:attachedSchema", "w:themeFontLang",
                 "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                 "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                 "w:readModeInkLockDown", "w:smartTagType", "w:schemaLibrary",
                 "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                 "w:listSeparator"):
        anchor = settings.find(qn(name))
        if anchor is not None:
            anchor.addprevious(compat)
            return
    math = settings.find("{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr")
    if math is not None:
        math.addprevious(compat)


# -- font table -----------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """What Word and WPS read from a font table entry when the face is missing: other
    names to look for, the character set (86 = GB 2312), panose, family, pitch, and
    the Unicode/code-page coverage bits."""

    alt: str | None
    panose: str | None
    charset: str
    family: str
    pitch: str
    sig: tuple[str, str, str, str, str, str] | None = None


_GB2312_SIG = ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000")
_WIN_CJK_SIG = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")
# As Word and WPS write them (research audit F6; 宋体 and Times New Roman as in many
# Word-saved files).  FangSong, KaiTi and SimHei share one panose: the altName does the work.
FACES: dict[str, Face] = {
    "仿宋_GB2312": Face("仿宋", "02010609030101010101", "86", "modern", "fixed", _GB2312_SIG),
    "楷体_GB2312": Face("楷体", "02010609030101010101", "86", "modern", "fixed", _GB2312_SIG),
    "仿宋": Face("FangSong", "02010609060101010101", "86", "modern", "fixed", _WIN_CJK_SIG),
    "楷体": Face("KaiTi", "02010609060101010101", "86", "modern", "fixed", _WIN_CJK_SIG),
    "黑体": Face("SimHei", "02010609060101010101", "86", "modern", "fixed", _WIN_CJK_SIG),
    "宋体": Face("SimSun", "02010600030101010101", "86", "auto", "variable",
                ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000")),
    "方正小标宋简体": Face("方正小标宋_GBK", None, "86", "roman", "variable"),
    "方正小标宋_GBK": Face(None, None, "86", "roman", "variable"),
    "Times New Roman": Face(None, "02020603050405020304", "00", "roman", "variable",
                            ("E0002AFF", "C0007841", "00000009", "00000000", "000001FF",
                             "00000000")),
}
_FONT_ATTRS = ("ascii", "hAnsi", "eastAsia", "cs")


def used_font_names(document: Document) -> list[str]:
    """Every face named by ``w:rFonts`` in the document's styles, body, headers and
    footers, in order of first appearance."""
    roots = [document.styles.element, document.element]
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            roots.append(rel.target_part.element)
    names: dict[str, None] = {}
    for root in roots:
        for fonts in root.iter(qn("w:rFonts")):
            for attr in _FONT_ATTRS:
                name = fonts.get(qn(f"w:{attr}"))
                if name:
                    names.setdefault(name, None)
    return list(names)


_NON_LATIN = re.compile(r"[^\x00-\x7f]|_GB|GBK")


def write_font_table(document: Document, profile: LayoutProfile) -> None:
    """Write ``fontTable.xml`` listing every face the document names (and the profile's
    fallbacks), each with the hints Word and WPS take when it is not installed:
    ``altName`` (the profile's fallback, e.g. 仿宋_GB2312 → 仿宋), charset 86 for the
    Chinese faces, panose, family and pitch.  An entry of the base's own font table is
    kept for a face notice_kit knows nothing of (a letterhead's)."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    old = parse_xml(part.blob)
    kept = {} if old is None else {f.get(qn("w:name")): f for f in old.findall(qn("w:font"))}
    fallback = profile.fonts.fallback
    names = used_font_names(document)
    for name in list(names):
        if name in fallback and fallback[name] not in names:
            names.append(fallback[name])
    entries = []
    for name in names:
        face = FACES.get(name)
        if face is None and name in kept:
            entries.append(_xml_text(kept[name]))
            continue
        if face is None:
            cjk = bool(_NON_LATIN.search(name))
            face = Face(None, None, "86" if cjk else "00", "auto", "variable")
        alt = fallback.get(name) or face.alt
        entries.append(_font_entry(name, face, alt))
    blob = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        + "".join(entries) + "</w:fonts>"
    )
    part._blob = blob.encode("utf-8")


def _font_entry(name: str, face: Face, alt: str | None) -> str:
    out = [f'<w:font w:name="{_attr(name)}">']
    if alt:
        out.append(f'<w:altName w:val="{_attr(alt)}"/>')
    if face.panose:
        out.append(f'<w:panose1 w:val="{face.panose}"/>')
    out.append(f'<w:charset w:val="{face.charset}"/><w:family w:val="{face.family}"/>'
               f'<w:pitch w:val="{face.pitch}"/>')
    if face.sig:
        keys = ("usb0", "usb1", "usb2", "usb3", "csb0", "csb1")
        out.append("<w:sig " + " ".join(f'w:{k}="{v}"' for k, v in zip(keys, face.sig,
                                                                      strict=True)) + "/>")
    out.append("</w:font>")
    return "".join(out)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _xml_text(el: BaseOxmlElement) -> str:
    text: str = etree.tostring(el, encoding="unicode")
    return text


# -- extended properties --------------------------------------------------------------

APPLICATION = "notice_kit"


def write_app_properties(document: Document) -> None:
    """Replace ``docProps/app.xml`` with what is true of the file: written by notice_kit,
    no template, and no page or word counts (Word fills them in when it saves)."""
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            part = rel.target_part
            part._blob = (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/'
                'officeDocument/2006/docPropsVTypes">'
                f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
                "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
                "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
                "</Properties>"
            ).encode()


# -- reproducible zips ----------------------------------------------------------------


def reproducible_zip(data: bytes) -> bytes:
    """``data`` with every member stamped 1980-01-01 00:00.

    python-docx stamps each zip member with the current time; a fixed stamp makes builds
    reproducible, so a manifest's hashes change only when the content does.  The stamps
    are rewritten in place, in the local and central headers zipfile has just written:
    the same bytes as writing each member again with a fixed ``ZipInfo``, without
    inflating and deflating the whole file a second time (~5 % of rendering)."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        central = src.start_dir  # set by zipfile on reading the directory
        for item in src.infolist():
            if out[item.header_offset:item.header_offset + 4] != _LOCAL_SIG:
                raise ValueError(f"not a zip member header at {item.header_offset}")
            _ZIP_STAMP.pack_into(out, item.header_offset + 10, 0, _DOS_1980)
            if out[central:central + 4] != _CENTRAL_SIG:
                raise ValueError(f"not a zip directory entry at {central}")
            _ZIP_STAMP.pack_into(out, central + 12, 0, _DOS_1980)
            name_len, extra_len, comment_len = _CENTRAL_LENGTHS.unpack_from(out, central + 28)
            central += 46 + name_len + extra_len + comment_len
    return bytes(out)


_LOCAL_SIG = b"PK\x03\x04"
_CENTRAL_SIG = b"PK\x01\x02"
_ZIP_STAMP = struct.Struct("<HH")  # DOS time, DOS date
_DOS_1980 = (1 << 5) | 1  # 1980-01-01: year 0 since 1980, month 1, day 1
_CENTRAL_LENGTHS = struct.Struct("<HHH")
