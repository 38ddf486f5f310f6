"""DocxWriter: paragraphs, runs and tables in GB/T 9704 terms, over python-docx.

The writer knows the layout profile and turns "a 黑体 heading indented two characters"
into OOXML; it knows nothing of notices.  One writer makes one .docx.
"""

from __future__ import annotations

import copy
import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph

from notice_kit.layout.metrics import is_gb2312, is_gb2312_text
from notice_kit.layout.profile import LayoutProfile
from notice_kit.render.docx import xml
from notice_kit.render.docx.base import (
    drop_last_printed,
    new_base,
    reproducible_zip,
    tidy_package,
    write_app_properties,
    write_font_table,
)
from notice_kit.render.docx.styles import (
    NORMAL,
    Align,
    FontRole,
    Indent,
    ParaStyle,
    StyleKey,
    cell_pt,
    indent_twips,
    install_styles,
    paragraph_styles,
    styles_by_id,
)
from notice_kit.render.docx.xml import mm_to_twips, ppr_set, pt_to_twips, rpr_set

__all__ = ["BODY_INDENT", "Align", "DocxWriter", "FontRole", "Indent", "Span", "StyleKey"]

_JC = {"left": "left", "center": "center", "right": "right", "both": "both"}


@dataclass(frozen=True)
class Span:
    """A piece of text in one font role, size and colour."""

    text: str
    role: FontRole = "body"
    size: float | None = None
    color: str | None = None
    bold: bool = False
    condensed: bool = True
    underline: bool = False


BODY_INDENT = Indent(first_line=2)


class DocxWriter:
    """Write one .docx laid out by ``profile``."""

    def __init__(self, profile: LayoutProfile, base: Document | None = None) -> None:
        self.profile = profile
        self.styles = paragraph_styles(profile)
        if base is None:
            self.document: Document = self._set_up_base()
        else:
            self.document = base
            tidy_package(base)
            self._set_up()
        # After the set-up, which may come from a copy read back: an emptied property
        # reads back as <dc:description/>, but is written <dc:description></dc:description>.
        props = self.document.core_properties
        props.author = ""
        props.comments = ""
        props.last_modified_by = ""
        props.keywords = ""
        props.revision = 1
        self._run_props: dict[tuple[object, ...], BaseOxmlElement] = {}
        self._by_id = styles_by_id(self.styles)
        # Drawing and bookmark ids must be unique within one document; counting per writer
        # keeps the output the same from one build to the next.
        self._ids = itertools.count(_max_id(self.document) + 1)

    def _set_up(self) -> None:
        self._setup_defaults()
        self._setup_page()
        install_styles(self.document, self.profile, self.font_name)

    def _set_up_base(self) -> Document:
        """notice_kit's base, set up for the profile.  Setting it up takes ~5 ms and
        reading the result back ~1.5 ms; a package makes five documents and a batch many
        packages, all on one profile or a few: set up once per profile and process."""
        for profile, data in _SET_UP:
            if profile == self.profile:
                return docx.Document(io.BytesIO(data))
        self.document = new_base()
        self._set_up()
        buffer = io.BytesIO()
        self.document.save(buffer)
        _SET_UP.append((self.profile, buffer.getvalue()))
        del _SET_UP[:-_SET_UP_KEPT]
        # Read back like every later writer's, so the first document is made the same way.
        return docx.Document(io.BytesIO(buffer.getvalue()))

    # -- document-wide settings --------------------------------------------------------
    def _setup_defaults(self) -> None:
        p = self.profile
        styles = self.document.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = xml.element("w:docDefaults")
            styles.insert(0, defaults)
        for stale in list(defaults):
            defaults.remove(stale)
        rpr = xml.child(xml.child(defaults, "w:rPrDefault"), "w:rPr")
        # Explicit names, no theme fonts: theme attributes would override them.
        xml.set_fonts(rpr, p.fonts.body, latin=p.fonts.latin)
        # The −0.25 pt that makes 28 characters fit the line is the default, so text a
        # clerk types into a blank line (or after 清除格式) keeps 28 a line; runs that
        # are not condensed (mark, titles, tables, 版记, page numbers) say so.
        if p.char_spacing_twentieths:
            rpr_set(rpr, "w:spacing", val=p.char_spacing_twentieths)
        xml.set_size(rpr, p.body_size_pt)
        rpr_set(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
        ppr = xml.child(xml.child(defaults, "w:pPrDefault"), "w:pPr")
        # Strict line breaking (no ，。 at a line start).  overflowPunct must be *on*: with it
        # off or absent, LibreOffice 7.4 drops a "，" that falls in column 29 from the PDF
        # altogether (measured on the seed: 7 commas and 4 full stops lost); with it on,
        # LibreOffice carries the last character over instead, and Word hangs the mark.
        ppr_set(ppr, "w:kinsoku", val=1)
        ppr_set(ppr, "w:overflowPunct", val=1)
        ppr_set(ppr, "w:snapToGrid", val=0)
        # Widow control off: every full page holds 22 lines (GB/T 9704 5.2.3).  Absent,
        # LibreOffice and Word both switch it on.  The paragraphs that must not be split
        # badly (the body's last, which goes to the 署名 page) switch it on themselves.
        ppr_set(ppr, "w:widowControl", val=0)
        ppr_set(ppr, "w:spacing", before=0, after=0, line=p.line_pitch_twips, lineRule="exact")
        ppr_set(ppr, "w:jc", val="both")
        # The style un-styled paragraphs take is the *default* paragraph style; a base
        # document's may not be called "Normal".
        default = "@w:default='1' or @w:default='true' or @w:default='on'"
        for normal in styles.xpath(f"w:style[@w:type='paragraph'][{default}]"):
            for stale in normal.findall(qn("w:rPr")) + normal.findall(qn("w:pPr")):
                normal.remove(stale)
        settings = self.document.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is not None:
            xml.set_attrs(lang, val="en-US", eastAsia="zh-CN")
        if p.page_number_style == "outer":
            xml.child(settings, "w:evenAndOddHeaders", before=("w:characterSpacingControl",))

    def _setup_page(self) -> None:
        p = self.profile
        section = self.document.sections[0]
        section.page_width = Mm(p.page_width_mm)
        section.page_height = Mm(p.page_height_mm)
        section.top_margin = Mm(p.margin_top_mm)
        section.bottom_margin = Mm(p.margin_bottom_mm)
        section.left_margin = Mm(p.margin_left_mm)
        section.right_margin = Mm(p.margin_right_mm)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(footer_distance_mm(p))
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = xml.element("w:docGrid")
            sect_pr.append(grid)
        # No character grid: LibreOffice does not honour Word's compressed grid; exact
        # line spacing plus condensed characters gives 22 × 28 in both.
        for attr in ("w:type", "w:charSpace"):
            grid.attrib.pop(qn(attr), None)
        xml.set_attrs(grid, linePitch=p.line_pitch_twips)

    def next_id(self) -> int:
        """Return an id unused so far in this document (shapes, bookmarks)."""
        return next(self._ids)

    # -- measures -----------------------------------------------------------------------
    def chars(self, n: float, size: float | None = None) -> int:
        """Return ``n`` character cells in twips (body cells unless ``size`` is given)."""
        pitch = self.profile.char_pitch_pt if size is None else size
        return pt_to_twips(n * pitch)

    @property
    def text_width_twips(self) -> int:
        return mm_to_twips(self.profile.text_width_mm)

    # -- runs and paragraphs --------------------------------------------------------------
    def font_name(self, role: FontRole) -> str:
        fonts = self.profile.fonts
        return {
            "body": fonts.body,
            "xiaobiaosong": fonts.xiaobiaosong,
            "hei": fonts.hei,
            "kai": fonts.kai,
            "song": fonts.song,
        }[role]

    def style_of(self, paragraph: DocxParagraph) -> ParaStyle:
        """The writer's style of ``paragraph`` (:data:`NORMAL` for none or a foreign one)."""
        ppr = paragraph._p.pPr
        ref = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return self._by_id.get(ref.get(qn("w:val")) if ref is not None else "Normal", NORMAL)

    def add_span(self, paragraph: DocxParagraph, span: Span) -> None:
        """Append ``span`` to ``paragraph``, switching characters outside GB 2312 to the
        fallback face when the role's font is a _GB2312 one.

        A run carries only what differs from the paragraph's style (font, size,
        condensing, bold), so that a clerk who restyles a paragraph restyles its text.
        """
        p = self.profile
        style = self.style_of(paragraph)
        name = self.font_name(span.role)
        fallback = p.fonts.fallback.get(name)
        # Digits and Latin letters in body text take the Latin face (Times New Roman), as
        # in bureau templates: thin like 仿宋's strokes, and exactly half a cell wide.
        latin = p.fonts.latin if span.role == "body" else None
        style_fonts = (self.font_name(style.role),
                       p.fonts.latin if style.role == "body" else None)
        spacing = p.char_spacing_twentieths if span.condensed else 0
        style_spacing = p.char_spacing_twentieths if style.condensed else 0
        size = span.size or p.body_size_pt
        style_size = style.size or p.body_size_pt
        for text, font in _font_segments(span.text, name, fallback):
            r = _add_run(paragraph, text)
            # A document's runs take a few dozen distinct properties: each is built once
            # and copied (6 % fewer instructions for the seed's package).
            key = ((font, latin) if (font, latin) != style_fonts else None,
                   span.bold if span.bold != style.bold else None, span.color,
                   span.underline, spacing if spacing != style_spacing else None,
                   size if size != style_size else None)
            proto = self._run_props.get(key)
            if proto is None:
                proto = self._run_props[key] = _run_properties(*key)
            if len(proto):
                r.insert(0, copy.deepcopy(proto))  # where python-docx puts w:rPr: first

    def paragraph(
        self,
        spans: Iterable[Span] = (),
        *,
        style: StyleKey | None = None,
        align: Align | None = None,
        indent: Indent | None = None,
        line_pt: float | None = None,
        space_before_pt: float = 0,
        page_break_before: bool = False,
        keep_next: bool | None = None,
        keep_lines: bool = False,
        size: float | None = None,
    ) -> DocxParagraph:
        """Append a paragraph in ``style`` (none: Normal, the document defaults).

        ``align``, ``indent`` (in character cells of ``size``, body by default) and
        ``keep_next`` default to the style's; only what differs from it is written on
        the paragraph.
        """
        para = self.document.add_paragraph()
        ppr = para._p.get_or_add_pPr()
        st = self.styles[style] if style else NORMAL
        if style:
            ppr_set(ppr, "w:pStyle", val=st.style_id)
        if keep_next is not None and keep_next != st.keep_next:
            ppr_set(ppr, "w:keepNext", **({} if keep_next else {"val": 0}))
        if keep_lines:
            ppr_set(ppr, "w:keepLines")
        if page_break_before:
            ppr_set(ppr, "w:pageBreakBefore")
        if space_before_pt or line_pt:
            attrs: dict[str, str | int] = {}
            if space_before_pt:
                attrs["before"] = pt_to_twips(space_before_pt)
            if line_pt:
                attrs.update(line=pt_to_twips(line_pt), lineRule="exact")
            ppr_set(ppr, "w:spacing", **attrs)
        if indent is not None:
            wanted = indent_twips(indent, cell_pt(self.profile, size))
            inherited = indent_twips(st.indent, cell_pt(self.profile, st.size))
            if wanted != inherited:
                # An attribute the style sets and this paragraph does not is set to 0.
                zeros = {k: 0 for k in inherited if k not in wanted}
                if "hanging" in wanted:
                    zeros.pop("firstLine", None)
                ppr_set(ppr, "w:ind", **{**zeros, **wanted})
        if align is not None and align != st.align:
            ppr_set(ppr, "w:jc", val=_JC[align])
        for span in spans:
            self.add_span(para, span)
        if not len(ppr):
            para._p.remove(ppr)
        return para

    def blank(self, lines: int = 1, *, keep_next: bool = False, scale: float = 1.0) -> None:
        """Append ``lines`` empty lines of the body pitch; ``keep_next`` chains them to
        what follows (a blank between two kept blocks must not open a page break);
        ``scale`` below 1 makes them shorter (7.3.5: 调整行距 to fit the 署名)."""
        for _ in range(lines):
            para = self.document.add_paragraph()
            ppr = para._p.get_or_add_pPr()
            if keep_next:
                ppr_set(ppr, "w:keepNext")
            if scale != 1.0:
                ppr_set(ppr, "w:spacing", line=round(self.profile.line_pitch_twips * scale),
                        lineRule="exact")

    def keep_last_with_next(self, *, widows: bool = True) -> None:
        """Keep the block written last on the page of what follows it.

        A paragraph gets ``keepNext`` and, with ``widows``, widow/orphan control, so that
        when the page breaks inside it at least two of its lines go over (a typesetter
        pulls lines of the body onto the 署名 page rather than leave the 署名 alone).  A
        table gets ``keepNext`` on its last row's paragraphs, which Word reads as "keep
        this row with the next paragraph"; LibreOffice 7.4 moves a short table whole and
        ignores it for a table running over a page (measured: the PDF build then carries
        the last rows over, see ``render/docx/fitting.py``).
        """
        body = self.document.element.body
        last = body[-1]
        if last.tag == qn("w:sectPr"):
            last = last.getprevious()
        if last is None:
            return
        if last.tag == qn("w:tbl"):
            rows = last.findall(qn("w:tr"))
            paras = list(rows[-1].iter(qn("w:p"))) if rows else []
        elif last.tag == qn("w:p"):
            paras = [last]
        else:
            return
        for p in paras:
            ppr = p.get_or_add_pPr()
            ppr_set(ppr, "w:keepNext")
            if widows and last.tag == qn("w:p"):
                ppr_set(ppr, "w:widowControl", val=1)

    def line_break(self, paragraph: DocxParagraph) -> None:
        paragraph.add_run().add_break()

    # -- output ----------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """Return the .docx; the same content always gives the same bytes."""
        write_font_table(self.document, self.profile)
        write_app_properties(self.document)
        drop_last_printed(self.document)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return reproducible_zip(buffer.getvalue())


def _add_run(paragraph: DocxParagraph, text: str) -> CT_R:
    """``paragraph.add_run(text)._r``, the same XML.  python-docx reads the text a
    character at a time (for tabs and line breaks) after clearing the new run by an XPath
    query: a sixth of rendering.  Plain text goes into one ``w:t`` directly."""
    r = paragraph._p.add_r()
    if not text:
        return r
    if "\t" in text or "\n" in text or "\r" in text:
        r.text = text
        return r
    t = xml.new_element("w:t")
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")
    r.append(t)
    return r


def _run_properties(fonts: tuple[str, str | None] | None, bold: bool | None,
                    color: str | None, underline: bool, spacing: int | None,
                    size: float | None) -> BaseOxmlElement:
    """A ``w:rPr`` holding what a run sets over its paragraph's style (None: the
    style's)."""
    rpr = xml.element("w:rPr")
    if fonts is not None:
        xml.set_fonts(rpr, fonts[0], latin=fonts[1])
    if bold is not None:
        rpr_set(rpr, "w:b", **({} if bold else {"val": 0}))
        rpr_set(rpr, "w:bCs", **({} if bold else {"val": 0}))
    if color:
        rpr_set(rpr, "w:color", val=color)
    if underline:
        rpr_set(rpr, "w:u", val="single")
    if spacing is not None:
        rpr_set(rpr, "w:spacing", val=spacing)
    if size is not None:
        xml.set_size(rpr, size)
    return rpr


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SET_UP: list[tuple[LayoutProfile, bytes]] = []  # profile → base set up for it, newest last
_SET_UP_KEPT = 4

_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _max_id(document: Document) -> int:
    """The largest drawing or bookmark id already in ``document`` (a base's), so the
    writer's own ids stay unique."""
    body = document.element.body
    ids = [el.get("id") for el in body.iter(_DOCPR)]
    ids += [el.get(qn("w:id")) for el in body.iter(qn("w:bookmarkStart"))]
    return max((int(i) for i in ids if i and i.isdigit()), default=0)


def _font_segments(text: str, font: str, fallback: str | None) -> list[tuple[str, str]]:
    """Split ``text`` into runs of ``font`` and of ``fallback`` for non-GB 2312 characters."""
    if fallback is None:
        return [(text, font)]
    if text and is_gb2312_text(text):
        return [(text, font)]  # nearly always: one run, without looking at each character
    segments: list[tuple[str, str]] = []
    for ch in text:
        face = font if is_gb2312(ch) else fallback
        if segments and segments[-1][1] == face:
            segments[-1] = (segments[-1][0] + ch, face)
        else:
            segments.append((ch, face))
    return segments


def footer_distance_mm(profile: LayoutProfile) -> float:
    """Return the footer distance that puts the page number's dash ``page_number_gap_mm``
    below the text block (GB/T 9704-2012 7.5).

    The footer line is one page-number size high (exact spacing); the dash sits near the
    middle of the character cell, measured in LibreOffice's PDF at 0.42 em above the
    line's bottom edge.
    """
    dash_from_page_bottom = profile.margin_bottom_mm - profile.page_number_gap_mm
    line_mm = profile.page_number_size_pt * xml_mm_per_pt()
    return dash_from_page_bottom - DASH_ABOVE_LINE_BOTTOM_EM * line_mm


DASH_ABOVE_LINE_BOTTOM_EM = 0.42


def xml_mm_per_pt() -> float:
    return 25.4 / 72


def add_page_field(paragraph: DocxParagraph) -> None:
    """Append a PAGE field (the current page number) to ``paragraph``."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None),
                       ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = xml.element("w:instrText")
            instr.set(_XML_SPACE, "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text or ""
        else:
            run._r.append(xml.element("w:fldChar", fldCharType=kind))


def add_bookmark(writer: DocxWriter, paragraph: DocxParagraph, name: str) -> None:
    """Mark ``paragraph`` with bookmark ``name``; LibreOffice exports it as a PDF named
    destination, which is how the assembler finds the page each part starts on."""
    bid = writer.next_id()
    start = xml.element("w:bookmarkStart", id=bid, name=name)
    end = xml.element("w:bookmarkEnd", id=bid)
    p = paragraph._p
    ppr = p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)
