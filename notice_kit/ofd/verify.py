"""Check an OFD file the way a strict reader would: well-formed parts, the element
structure of GB/T 33190-2016 Annex A (for the elements notice_kit writes), IDs and
references that resolve, and fonts that cover every character drawn with them.

The structure below is transcribed from the standard's schema text for the elements this
package writes (order of children, required attributes); it is not the full schema.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from notice_kit.ofd.model import expand_array

__all__ = ["check_ofd", "ofd_parts"]

NS = "{http://www.ofdspec.org/2016}"

# element → (children in schema order: each a set of names sharing one position,
#            required attributes)
_A = frozenset
_STRUCTURE: Mapping[str, tuple[Sequence[frozenset[str]], frozenset[str]]] = {
    "OFD": ([_A({"DocBody"})], _A({"Version", "DocType"})),
    "DocBody": ([_A({"DocInfo"}), _A({"DocRoot"}), _A({"Versions"}), _A({"Signatures"})], _A()),
    "DocInfo": ([_A({n}) for n in ("DocID", "Title", "Author", "Subject", "Abstract",
                                   "CreationDate", "ModDate", "DocUsage", "Cover", "Keywords",
                                   "Creator", "CreatorVersion", "CustomDatas")], _A()),
    "Keywords": ([_A({"Keyword"})], _A()),
    "CustomDatas": ([_A({"CustomData"})], _A()),
    "CustomData": ([], _A({"Name"})),
    "Document": ([_A({n}) for n in ("CommonData", "Pages", "Outlines", "Permissions", "Actions",
                                    "VPreferences", "Bookmarks", "Annotations", "CustomTags",
                                    "Attachments", "Extensions")], _A()),
    "CommonData": ([_A({n}) for n in ("MaxUnitID", "PageArea", "PublicRes", "DocumentRes",
                                      "TemplatePage", "DefaultCS")], _A()),
    "PageArea": ([_A({n}) for n in ("PhysicalBox", "ApplicationBox", "ContentBox",
                                    "BleedBox")], _A()),
    "Area": ([_A({n}) for n in ("PhysicalBox", "ApplicationBox", "ContentBox",
                                "BleedBox")], _A()),
    "Pages": ([_A({"Page"})], _A()),
    "Outlines": ([_A({"OutlineElem"})], _A()),
    "OutlineElem": ([_A({"Actions"}), _A({"OutlineElem"})], _A({"Title"})),
    "Actions": ([_A({"Action"})], _A()),
    "Action": ([_A({"Region"}), _A({"Goto", "URI", "GotoA", "Sound", "Movie"})], _A({"Event"})),
    "Goto": ([_A({"Dest", "Bookmark"})], _A()),
    "Dest": ([], _A({"Type", "PageID"})),
    "Permissions": ([_A({n}) for n in ("Edit", "Annot", "Export", "Signature", "Watermark",
                                       "PrintScreen", "Print", "ValidPeriod")], _A()),
    "Res": ([_A({"ColorSpaces", "DrawParams", "Fonts", "MultiMedias",
                 "CompositeGraphicUnits"})], _A()),
    "Fonts": ([_A({"Font"})], _A()),
    "Font": ([_A({"FontFile"})], _A({"ID", "FontName"})),
    "MultiMedias": ([_A({"MultiMedia"})], _A()),
    "MultiMedia": ([_A({"MediaFile"})], _A({"ID", "Type"})),
    "Content": ([_A({"Layer"})], _A()),
    "Layer": ([_A({"TextObject", "PathObject", "ImageObject", "CompositeObject",
                   "PageBlock"})], _A({"ID"})),
    "TextObject": ([_A({"Actions"}), _A({"Clips"}), _A({"FillColor"}), _A({"StrokeColor"}),
                    _A({"CGTransform", "TextCode"})], _A({"ID", "Boundary", "Font", "Size"})),
    "CGTransform": ([_A({"Glyphs"})], _A({"CodePosition"})),
    "TextCode": ([], _A()),
    "PathObject": ([_A({"Actions"}), _A({"Clips"}), _A({"StrokeColor"}), _A({"FillColor"}),
                    _A({"AbbreviatedData"})], _A({"ID", "Boundary"})),
    "ImageObject": ([_A({"Actions"}), _A({"Clips"}), _A({"Border"})],
                    _A({"ID", "Boundary", "ResourceID"})),
    "FillColor": ([], _A()),
    "StrokeColor": ([], _A()),
}
# The root element of each part that notice_kit writes (the page part's root is "Page").
_ROOTS = {"OFD", "Document", "Res", "Page"}
_Spec = tuple[Sequence[frozenset[str]], frozenset[str]]
_PAGE_ROOT: _Spec = ([_A({n}) for n in ("Template", "PageRes", "Area", "Content", "Actions")],
                     _A())
_NUMBER = r"-?(\d+\.?\d*|\.\d+)"
_BOX = re.compile(rf"^{_NUMBER} {_NUMBER} {_NUMBER} {_NUMBER}$")
_ARRAY = re.compile(rf"^(g \d+ {_NUMBER}|{_NUMBER})( (g \d+ {_NUMBER}|{_NUMBER}))*$")
_PATH_ARGS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}


@dataclass(frozen=True)
class _Part:
    name: str
    root: ET.Element


def ofd_parts(data: bytes) -> dict[str, bytes]:
    """Return every file of the OFD ZIP ``data`` by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def check_ofd(data: bytes) -> list[str]:
    """Return every problem found in the OFD ``data`` (empty when it passes)."""
    files = ofd_parts(data)
    problems: list[str] = []
    parts: dict[str, ET.Element] = {}
    for name, body in files.items():
        if name.endswith(".xml"):
            try:
                parts[name] = ET.fromstring(body)
            except ET.ParseError as exc:
                problems.append(f"{name}: not well-formed XML: {exc}")
    for name, root in parts.items():
        problems += [f"{name}: {p}" for p in _structure(root, is_root=True)]
    if problems:
        return problems
    problems += _references(files, parts)
    return problems


def _local(tag: str) -> str:
    if not tag.startswith(NS):
        return f"(wrong namespace) {tag}"
    return tag[len(NS):]


def _structure(element: ET.Element, *, is_root: bool = False) -> Iterator[str]:
    name = _local(element.tag)
    if is_root and name not in _ROOTS:
        yield f"unexpected root element {name}"
        return
    spec = _PAGE_ROOT if is_root and name == "Page" else _STRUCTURE.get(name)
    if spec is None:
        return  # a leaf whose content is text (MaxUnitID, PhysicalBox, DocID, …)
    order, required = spec
    missing = required - set(element.attrib)
    if missing:
        yield f"<{name}> lacks required attribute(s) {', '.join(sorted(missing))}"
    for attr, value in element.attrib.items():
        if attr in ("Boundary",) and not _BOX.match(value):
            yield f"<{name} {attr}={value!r}> is not a box"
        if attr in ("CTM", "DeltaX", "DeltaY", "DashPattern") and not _ARRAY.match(value):
            yield f"<{name} {attr}={value!r}> is not a number array"
    position = 0
    for child in element:
        child_name = _local(child.tag)
        index = next((i for i, names in enumerate(order) if child_name in names), None)
        if index is None:
            yield f"<{name}> may not contain <{child_name}>"
            continue
        if index < position:
            yield f"<{child_name}> is out of order in <{name}>"
        position = index
        yield from _structure(child)
    if name == "TextObject" and not any(_local(c.tag) == "TextCode" for c in element):
        yield "<TextObject> has no TextCode"


def _ids(parts: Mapping[str, ET.Element]) -> Iterator[tuple[str, str]]:
    for name, root in parts.items():
        for element in root.iter():
            if "ID" in element.attrib:
                yield name, element.attrib["ID"]


def _resolve(base: str, loc: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), loc)) if not loc.startswith(
        "/") else loc.lstrip("/")


def _references(files: Mapping[str, bytes], parts: Mapping[str, ET.Element]) -> list[str]:
    problems: list[str] = []
    ofd = parts.get("OFD.xml")
    if ofd is None:
        return ["OFD.xml is missing"]
    doc_root = ofd.findtext(f"{NS}DocBody/{NS}DocRoot") or ""
    document = parts.get(doc_root)
    if document is None:
        return [f"DocRoot {doc_root!r} is not in the package"]
    seen: dict[str, str] = {}
    for part, ident in _ids(parts):
        if not ident.isdigit() or int(ident) <= 0:
            problems.append(f"{part}: ID {ident!r} is not a positive integer")
        elif ident in seen:
            problems.append(f"{part}: ID {ident} is also used in {seen[ident]}")
        else:
            seen[ident] = part
    max_id = int(document.findtext(f"{NS}CommonData/{NS}MaxUnitID") or 0)
    if seen and max(int(i) for i in seen if i.isdigit()) > max_id:
        problems.append(f"MaxUnitID {max_id} is below the largest ID used")
    fonts: dict[str, str] = {}
    media: dict[str, str] = {}
    common = document.find(f"{NS}CommonData")
    assert common is not None
    for tag in ("PublicRes", "DocumentRes"):
        for loc in common.findall(f"{NS}{tag}"):
            res_name = _resolve(doc_root, loc.text or "")
            res = parts.get(res_name)
            if res is None:
                problems.append(f"{tag} {res_name} is not in the package")
                continue
            base = _resolve(res_name, (res.attrib.get("BaseLoc", ".") or ".") + "/x")
            for font in res.iter(f"{NS}Font"):
                file = font.findtext(f"{NS}FontFile")
                path = _resolve(base, file) if file else ""
                if file and path not in files:
                    problems.append(f"font {font.attrib['ID']}: FontFile {path} is missing")
                fonts[font.attrib["ID"]] = path
            for item in res.iter(f"{NS}MultiMedia"):
                path = _resolve(base, item.findtext(f"{NS}MediaFile") or "")
                if path not in files:
                    problems.append(f"media {item.attrib['ID']}: MediaFile {path} is missing")
                media[item.attrib["ID"]] = path
    page_ids: set[str] = set()
    pages = document.findall(f"{NS}Pages/{NS}Page")
    for page in pages:
        page_ids.add(page.attrib["ID"])
        content = _resolve(doc_root, page.attrib["BaseLoc"])
        root = parts.get(content)
        if root is None:
            problems.append(f"page {page.attrib['ID']}: {content} is missing")
            continue
        problems += _page_problems(content, root, files, fonts, media)
    for dest in document.iter(f"{NS}Dest"):
        if dest.attrib.get("PageID") not in page_ids:
            problems.append(f"outline Dest PageID {dest.attrib.get('PageID')} is not a page")
    return problems


def _page_problems(name: str, root: ET.Element, files: Mapping[str, bytes],
                   fonts: Mapping[str, str], media: Mapping[str, str]) -> list[str]:
    problems: list[str] = []
    for image in root.iter(f"{NS}ImageObject"):
        if image.attrib["ResourceID"] not in media:
            problems.append(f"{name}: ImageObject {image.attrib['ID']} refers to no MultiMedia")
    for path in root.iter(f"{NS}PathObject"):
        problems += [f"{name}: PathObject {path.attrib['ID']}: {p}"
                     for p in _path_data(path.findtext(f"{NS}AbbreviatedData") or "")]
    for text in root.iter(f"{NS}TextObject"):
        font_id = text.attrib["Font"]
        if font_id not in fonts:
            problems.append(f"{name}: TextObject {text.attrib['ID']} uses undefined font "
                            f"{font_id}")
            continue
        problems += [f"{name}: TextObject {text.attrib['ID']}: {p}"
                     for p in _coverage(text, files.get(fonts[font_id]))]
    return problems


def _path_data(data: str) -> Iterator[str]:
    tokens = data.split()
    i = 0
    if not tokens:
        yield "empty AbbreviatedData"
    while i < len(tokens):
        op = tokens[i]
        if op not in _PATH_ARGS:
            yield f"unknown path operator {op!r}"
            return
        args = tokens[i + 1 : i + 1 + _PATH_ARGS[op]]
        if len(args) != _PATH_ARGS[op] or not all(re.fullmatch(_NUMBER, a) for a in args):
            yield f"operator {op} needs {_PATH_ARGS[op]} numbers"
            return
        i += 1 + _PATH_ARGS[op]


_CMAPS: dict[int, tuple[frozenset[int], int]] = {}


def _font_cmap(program: bytes) -> tuple[frozenset[int], int]:
    key = hash(program)
    if key not in _CMAPS:
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        font = TTFont(io.BytesIO(program), lazy=True)
        _CMAPS[key] = (frozenset((font.getBestCmap() or {}).keys()), font["maxp"].numGlyphs)
    return _CMAPS[key]


def _coverage(text: ET.Element, program: bytes | None) -> Iterator[str]:
    if program is None:
        yield "its font has no FontFile"
        return
    cmap, glyph_count = _font_cmap(program)
    transformed: set[int] = set()
    for child in text:
        tag = _local(child.tag)
        if tag == "CGTransform":
            start = int(child.attrib["CodePosition"])
            transformed.update(range(start, start + int(child.attrib.get("CodeCount", "1"))))
            for glyph in (child.findtext(f"{NS}Glyphs") or "").split():
                if int(glyph) >= glyph_count:
                    yield f"CGTransform glyph {glyph} is beyond the font's {glyph_count} glyphs"
        elif tag == "TextCode":
            chars = child.text or ""
            for i, ch in enumerate(chars):
                if i not in transformed and ord(ch) not in cmap:
                    yield f"character {ch!r} (U+{ord(ch):04X}) is not in its font"
            if len(expand_array(child.attrib.get("DeltaX"))) > max(len(chars) - 1, 0):
                yield "DeltaX has more values than the text has gaps"
            transformed = set()
