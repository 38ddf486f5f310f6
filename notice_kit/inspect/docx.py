"""Reading a .docx notice back: paragraphs with their effective fonts, sizes, colours,
alignment and indents (styles and defaults resolved), rules drawn as borders or lines,
tables, the 版记 text box and the page-number footers.

Properties follow Word's inheritance: the run, its character style, the paragraph style
(with its ``basedOn`` chain, or the default paragraph style), then ``w:docDefaults``; an
East-Asian theme font is looked up in the theme.  Fonts are the ``w:eastAsia`` names
(GB/T 9704 names them for Chinese text: 仿宋_GB2312, 黑体, …).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from notice_kit.errors import InspectionError
from notice_kit.inspect.classify import classify, group_attachments
from notice_kit.inspect.fonts import font_role
from notice_kit.inspect.model import Align, Element, Geometry, InspectedDocument, Span
from notice_kit.inspect.pieces import Piece, body_size

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
}
_TWIPS_PER_MM = 1440 / 25.4
_T = TypeVar("_T")
Getter = Callable[[etree._Element], "_T | None"]

# Runs of a paragraph, not those of a text box anchored in it (read separately).
_RUNS = etree.XPath("./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r"
                    " | ./w:sdt/w:sdtContent/w:r | ./w:fldSimple/w:r", namespaces=_NS)
# mc:Fallback repeats the text box of mc:Choice for older readers: read it once.
_TEXTBOXES = etree.XPath(".//w:txbxContent[not(ancestor::mc:Fallback)]", namespaces=_NS)
_LINE_GEOMS = etree.XPath(".//a:prstGeom[@prst='line'][not(ancestor::mc:Fallback)]",
                          namespaces=_NS)
_VML_LINES = etree.XPath(".//v:line[not(ancestor::mc:Fallback)]", namespaces=_NS)


def read_docx(path: Path) -> InspectedDocument:
    """Return the notice in the .docx at ``path`` read back.

    Raises :class:`InspectionError` when the file is not a readable .docx.
    """
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise InspectionError(f"{path}: 不是可读取的 .docx / not a readable .docx ({exc})") from exc
    styles = _Styles(document)
    walker = _Walker(styles)
    drafts = list(walker.body(document))
    size = body_size(d.piece for d in drafts) or styles.default_size() or 16.0
    pieces = [d.finish(size) for d in drafts]
    elements = classify(pieces, size)
    elements += _footers(document, styles, start=len(elements))
    settings = document.settings.element
    return InspectedDocument(
        path=str(path),
        format="docx",
        geometry=_geometry(document),
        elements=elements,
        attachments=group_attachments(elements),
        body_size_pt=size,
        even_and_odd_footers=settings.find(qn("w:evenAndOddHeaders")) is not None,
    )


# -- styles ------------------------------------------------------------------------------------


class _Styles:
    """Effective run and paragraph properties of a document."""

    def __init__(self, document: Document) -> None:
        root = document.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        self.default_rpr = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default_ppr = root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
        defaults = [s for s in root.findall(qn("w:style"))
                    if s.get(qn("w:type")) == "paragraph"
                    and s.get(qn("w:default")) in ("1", "true", "on")]
        self.default_para = defaults[0].get(qn("w:styleId")) if defaults else None
        self.theme = _theme_fonts(document)

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def para_style(self, p: etree._Element) -> str | None:
        ref = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return ref.get(qn("w:val")) if ref is not None else self.default_para

    def run_levels(self, r: etree._Element | None, para_style: str | None) -> list[etree._Element]:
        """The rPr elements that apply to a run, nearest first."""
        levels = []
        if r is not None:
            rpr = r.find(qn("w:rPr"))
            if rpr is not None:
                levels.append(rpr)
                ref = rpr.find(qn("w:rStyle"))
                if ref is not None:
                    levels += [s.find(qn("w:rPr")) for s in self.chain(ref.get(qn("w:val")))]
        levels += [s.find(qn("w:rPr")) for s in self.chain(para_style)]
        levels.append(self.default_rpr)
        return [x for x in levels if x is not None]

    def para_levels(self, p: etree._Element) -> list[etree._Element]:
        levels = [p.find(qn("w:pPr"))]
        levels += [s.find(qn("w:pPr")) for s in self.chain(self.para_style(p))]
        levels.append(self.default_ppr)
        return [x for x in levels if x is not None]

    def span(self, r: etree._Element | None, para_style: str | None, text: str) -> Span:
        levels = self.run_levels(r, para_style)
        return Span(text=text, font=self.east_asian_font(levels),
                    size_pt=_first(levels, _size), color=_first(levels, _color),
                    bold=bool(_first(levels, _bold)))

    def east_asian_font(self, levels: list[etree._Element]) -> str | None:
        for rpr in levels:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(qn("w:eastAsiaTheme"))
            if theme:  # a theme font wins over a name at the same level
                return self.theme.get("major" if theme.startswith("major") else "minor")
            if fonts.get(qn("w:eastAsia")):
                return str(fonts.get(qn("w:eastAsia")))
        return None

    def default_size(self) -> float | None:
        return _first(self.run_levels(None, self.default_para), _size)


def _first(levels: list[etree._Element], getter: Callable[[etree._Element], _T | None]) -> _T | None:
    for level in levels:
        value = getter(level)
        if value is not None:
            return value
    return None


def _size(rpr: etree._Element) -> float | None:
    sz = rpr.find(qn("w:sz"))
    return int(sz.get(qn("w:val"))) / 2 if sz is not None and sz.get(qn("w:val")) else None


def _color(rpr: etree._Element) -> str | None:
    color = rpr.find(qn("w:color"))
    if color is None:
        return None
    value = color.get(qn("w:val"), "auto")
    return "000000" if value == "auto" else value.upper()


def _bold(rpr: etree._Element) -> bool | None:
    b = rpr.find(qn("w:b"))
    return None if b is None else b.get(qn("w:val"), "1") not in ("0", "false", "off")


def _theme_fonts(document: Document) -> dict[str, str]:
    """The theme's East-Asian fonts: the Simplified-Chinese one, else the ``a:ea`` one."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            out = {}
            for kind in ("major", "minor"):
                font = root.find(f".//a:{kind}Font", _NS)
                if font is None:
                    continue
                hans = font.find("a:font[@script='Hans']", _NS)
                ea = font.find("a:ea", _NS)
                name = (hans.get("typeface") if hans is not None else None) or (
                    ea.get("typeface") if ea is not None else None)
                if name:
                    out[kind] = name
            return out
    return {}


# -- paragraphs into pieces ---------------------------------------------------------------------


@dataclass
class _Draft:
    """A piece whose indents are still in twips (characters need the body size)."""

    piece: Piece
    indent_twips: float = 0.0
    leading_chars: float = 0.0
    chars_indent: float | None = None  # w:firstLineChars/w:leftChars (hundredths)

    def finish(self, size: float) -> Piece:
        # WPS writes indents in characters (w:firstLineChars="200"), Word in twips.
        chars = self.chars_indent if self.chars_indent is not None else self.indent_twips / (size * 20)
        self.piece.indent_chars = chars + self.leading_chars
        return self.piece


@dataclass
class _Walker:
    styles: _Styles
    paragraph: int = 0
    page_break_pending: bool = False
    drafts: list[_Draft] = field(default_factory=list)

    def body(self, document: Document) -> Iterator[_Draft]:
        for child in _block_children(document.element.body):
            if child.tag == qn("w:p"):
                yield from self.para(child, index=self.paragraph)
                self.paragraph += 1
            elif child.tag == qn("w:tbl"):
                yield from self.table(child)

    def para(self, p: etree._Element, *, index: int | None, area: str | None = None
             ) -> Iterator[_Draft]:
        levels = self.styles.para_levels(p)
        spans, breaks = self.spans(p)
        text = "".join(s.text for s in spans)
        new_page = self.page_break_pending or breaks == "start" or bool(
            _first(levels, _page_break_before))
        self.page_break_pending = breaks == "end" or _section_break(p)
        border = _border(levels, "top")
        if border:
            yield _rule_draft(border, index, area)
        if text.strip():
            stripped, leading = _strip_leading(spans)
            yield self.text_draft(p, levels, stripped, leading, new_page, index, area)
        elif new_page:
            self.page_break_pending = True  # an empty paragraph only carries the break on
        for rule in [_border(levels, "bottom"), *_line_shapes(p)]:
            if rule:
                yield _rule_draft(rule, index, area)
        for box in _TEXTBOXES(p):
            for inner in box.findall(qn("w:p")):
                yield from self.para(inner, index=index, area="textbox")

    def text_draft(self, p: etree._Element, levels: list[etree._Element], spans: list[Span],
                   leading: float, new_page: bool, index: int | None, area: str | None) -> _Draft:
        text = "".join(s.text for s in spans)
        twips, chars = _indent(levels)
        piece = Piece(text=text.replace("\n", ""), spans=spans, lines=text.split("\n"),
                      align=_align(levels), new_page=new_page, paragraph=index, area=area)
        return _Draft(piece, indent_twips=twips, leading_chars=leading, chars_indent=chars)

    def spans(self, p: etree._Element) -> tuple[list[Span], str | None]:
        """The paragraph's runs as spans, and where a page break sits ("start"/"end")."""
        style = self.styles.para_style(p)
        spans: list[Span] = []
        breaks = None
        for r in _RUNS(p):
            text, page_break = _run_text(r)
            if page_break:
                breaks = "end" if "".join(s.text for s in spans).strip() else "start"
            if text:
                spans.append(self.styles.span(r, style, text))
        return spans, breaks

    def table(self, tbl: etree._Element) -> Iterator[_Draft]:
        if _is_layout_table(tbl, self.styles):
            # A borderless table only places text (a joint mark, 7.2.4): read its cells;
            # when the table is centred, so is what it holds.
            jc = tbl.find(f"{qn('w:tblPr')}/{qn('w:jc')}")
            centred = jc is not None and jc.get(qn("w:val")) == "center"
            for p in tbl.iter(qn("w:p")):
                for draft in self.para(p, index=None, area="table"):
                    if centred:
                        draft.piece.align = "center"
                    yield draft
            return
        rows = [[_cell_text(tc) for tc in tr.findall(qn("w:tc"))] for tr in tbl.findall(qn("w:tr"))]
        first = tbl.find(f".//{qn('w:p')}")
        spans, _ = self.spans(first) if first is not None else ([], None)
        head = rows[0] if rows else []
        piece = Piece(text="｜".join(head), spans=spans, lines=["｜".join(r) for r in rows],
                      align="center", table=(head, rows[1:]), area=None,
                      new_page=self.page_break_pending)
        self.page_break_pending = False
        yield _Draft(piece)


def _block_children(parent: etree._Element) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_children(content)
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child


def _run_text(r: etree._Element) -> tuple[str, bool]:
    out = []
    page_break = False
    for child in r:
        tag = etree.QName(child).localname
        if tag == "t":
            out.append(child.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag == "br":
            if child.get(qn("w:type")) == "page":
                page_break = True
            else:
                out.append("\n")
        elif tag == "cr":
            out.append("\n")
        elif tag == "noBreakHyphen":
            out.append("-")
    return "".join(out), page_break


def _strip_leading(spans: list[Span]) -> tuple[list[Span], float]:
    """Drop spaces typed to indent a line (common in hand-made notices); return the
    spans and the indent they made, in characters (a full-width space is one)."""
    leading = 0.0
    out = list(spans)
    while out:
        text = out[0].text
        stripped = text.lstrip(" \u3000\t")
        gone = text[: len(text) - len(stripped)]
        leading += sum(1.0 if ch == "\u3000" else 2.0 if ch == "\t" else 0.5 for ch in gone)
        if stripped:
            out[0] = out[0].model_copy(update={"text": stripped})
            break
        out.pop(0)
    return out, leading


def _page_break_before(ppr: etree._Element) -> bool | None:
    el = ppr.find(qn("w:pageBreakBefore"))
    return None if el is None else el.get(qn("w:val"), "1") not in ("0", "false", "off")


def _section_break(p: etree._Element) -> bool:
    sect = p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    if sect is None:
        return False
    kind = sect.find(qn("w:type"))
    return kind is None or kind.get(qn("w:val")) != "continuous"


def _align(levels: list[etree._Element]) -> Align:
    def jc(ppr: etree._Element) -> str | None:
        el = ppr.find(qn("w:jc"))
        return el.get(qn("w:val")) if el is not None else None

    value = _first(levels, jc) or "left"
    return {"center": "center", "right": "right", "end": "right", "left": "left",
            "start": "left"}.get(value, "justify")  # type: ignore[return-value]


def _indent(levels: list[etree._Element]) -> tuple[float, float | None]:
    """Where the first line starts: twips, or characters when given in w:*Chars."""
    def attr(name: str) -> Callable[[etree._Element], str | None]:
        def get(ppr: etree._Element) -> str | None:
            ind = ppr.find(qn("w:ind"))
            return ind.get(qn(f"w:{name}")) if ind is not None else None
        return get

    def num(name: str) -> float:
        value = _first(levels, attr(name))
        return float(value) if value else 0.0

    left = num("left") or num("start")
    twips = left + num("firstLine") - num("hanging")
    if _first(levels, attr("firstLineChars")) or _first(levels, attr("leftChars")):
        chars = (num("leftChars") + num("firstLineChars") - num("hangingChars")) / 100
        return twips, chars
    return twips, None


@dataclass(frozen=True)
class _Rule:
    color: str
    pt: float


def _border(levels: list[etree._Element], side: str) -> _Rule | None:
    def get(ppr: etree._Element) -> etree._Element | None:
        return ppr.find(f"{qn('w:pBdr')}/{qn('w:' + side)}")

    el = _first(levels, get)
    if el is None or el.get(qn("w:val")) in ("nil", "none", None):
        return None
    color = el.get(qn("w:color"), "auto")
    return _Rule("000000" if color == "auto" else color.upper(), int(el.get(qn("w:sz"), "4")) / 8)


def _line_shapes(p: etree._Element) -> list[_Rule]:
    """Rules drawn as line shapes (hand-made red rules often are)."""
    rules = []
    for geom in _LINE_GEOMS(p):
        clr = geom.getparent().find("a:ln/a:solidFill/a:srgbClr", _NS)
        ln = geom.getparent().find("a:ln", _NS)
        width = int(ln.get("w", "12700")) / 12700 if ln is not None else 1.0
        rules.append(_Rule(clr.get("val", "000000").upper() if clr is not None else "000000", width))
    for line in _VML_LINES(p):
        rules.append(_Rule(_vml_color(line.get("strokecolor", "black")),
                           float(re.sub(r"[^\d.]", "", line.get("strokeweight", "1")) or 1)))
    return rules


def _vml_color(value: str) -> str:
    named = {"red": "FF0000", "black": "000000"}
    value = value.split()[0].lstrip("#")
    return named.get(value.lower(), value.upper())


def _rule_draft(rule: _Rule, index: int | None, area: str | None) -> _Draft:
    return _Draft(Piece(text="", rule_color=rule.color, rule_pt=rule.pt, paragraph=index,
                        area=area))


def _is_layout_table(tbl: etree._Element, styles: _Styles) -> bool:
    """A table with no borders anywhere — own, cells' or its style's ("Table Grid")."""
    style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    sources = [tbl.find(qn("w:tblPr"))]
    if style is not None:
        sources += [s.find(qn("w:tblPr")) for s in styles.chain(style.get(qn("w:val")))]
    for tbl_pr in (s for s in sources if s is not None):
        borders = tbl_pr.find(qn("w:tblBorders"))
        if borders is not None:
            return all(b.get(qn("w:val")) in ("nil", "none") for b in borders)
    return tbl.find(f".//{qn('w:tcBorders')}") is None


def _cell_text(tc: etree._Element) -> str:
    paras = []
    for p in tc.findall(qn("w:p")):
        paras.append("".join(_run_text(r)[0] for r in _RUNS(p)))
    return "\n".join(paras).strip()


# -- sections and footers ----------------------------------------------------------------------


def _geometry(document: Document) -> list[Geometry]:
    out = []
    for n, section in enumerate(document.sections, start=1):
        def mm(length: object) -> float | None:
            return round(float(length) / 36000, 2) if length is not None else None  # type: ignore[arg-type]

        out.append(Geometry(
            where=f"第{n}节 / section {n}",
            page_width_mm=mm(section.page_width) or 0.0,
            page_height_mm=mm(section.page_height) or 0.0,
            margin_top_mm=mm(section.top_margin), margin_bottom_mm=mm(section.bottom_margin),
            margin_left_mm=mm(section.left_margin), margin_right_mm=mm(section.right_margin),
        ))
    return out


def _holds_page_field(p: etree._Element) -> bool:
    return any("PAGE" in (t.text or "") for t in p.iter(qn("w:instrText"))) or \
        bool(p.findall(f".//{qn('w:fldSimple')}"))


def _footers(document: Document, styles: _Styles, start: int) -> list[Element]:
    """The page-number footers (7.5), once each: "— 1 —" with the PAGE field's result."""
    found: list[Element] = []
    seen: set[int] = set()
    for n, section in enumerate(document.sections, start=1):
        for name, footer in (("奇数页 / odd pages", section.footer),
                             ("偶数页 / even pages", section.even_page_footer)):
            # A linked footer has no definition of its own (and reading one would add it).
            if footer.is_linked_to_previous:
                continue
            element = footer._element
            if id(element) in seen:
                continue
            seen.add(id(element))
            for p in element.iter(qn("w:p")):
                # The paragraph holding the field itself: in a text box (a landscape page's
                # number, turned) that is the box's paragraph, not the one anchoring it.
                if not _holds_page_field(p) or any(_holds_page_field(inner) for inner in
                                                   p.iter(qn("w:p")) if inner is not p):
                    continue
                spans, _ = _Walker(styles).spans(p)
                style = max(spans, key=lambda s: len(s.text.strip()), default=None)
                role = font_role(style.font if style else None)
                found.append(Element(
                    kind="page_number", index=start + len(found),
                    text="".join(s.text for s in spans), font=style.font if style else None,
                    font_role=role.value if role else None,
                    size_pt=style.size_pt if style else None,
                    align=_align(styles.para_levels(p)), area=f"页脚 / footer {n}: {name}",
                    spans=spans,
                ))
    return found
