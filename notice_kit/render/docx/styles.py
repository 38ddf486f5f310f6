"""Named paragraph styles a clerk can apply in Word, WPS or LibreOffice.

The document's formatting lives here; the writer puts on a paragraph or run only what
differs from its style (research audit F5, F7).  Headings that stand alone carry outline
levels, so Word's and WPS's navigation pane (导航窗格) shows the structure; a run-in
heading (「（一）时间：2024年…」) is a body paragraph, or the pane would list whole
paragraphs.  The headings and the title redefine Word's built-in "heading 1–4" and
"Title" (shown as 标题 1–4 and 标题 in Chinese Word), so the style gallery offers the
公文 look, not python-docx's blue Calibri.  "正文" is Word's name for Normal, which holds
the defaults (3号仿宋, 28.95 pt lines, −0.25 pt, justified): the body style is 公文正文.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from notice_kit.layout.profile import LayoutProfile
from notice_kit.render.docx import xml
from notice_kit.render.docx.xml import ppr_set, pt_to_twips, rpr_set

FontRole = Literal["body", "xiaobiaosong", "hei", "kai", "song"]
Align = Literal["left", "center", "right", "both"]
StyleKey = Literal["body", "heading1", "heading2", "heading3", "heading4", "title",
                   "addressee", "attachment_label", "colophon"]


@dataclass(frozen=True)
class Indent:
    """Paragraph indents in character cells of the body text."""

    first_line: float = 0
    left: float = 0
    right: float = 0
    hanging: float = 0


@dataclass(frozen=True)
class ParaStyle:
    """A paragraph style in GB/T 9704 terms (indents in cells of ``size``)."""

    style_id: str
    name: str
    alias: str | None = None
    role: FontRole = "body"
    size: float | None = None  # None: the body size
    condensed: bool = True
    bold: bool = False
    indent: Indent = Indent()
    align: Align = "both"
    keep_next: bool = False
    outline: int | None = None
    next_id: str | None = None


NORMAL = ParaStyle("Normal", "Normal")
"""What a paragraph without a style has: the document defaults."""

BODY_ID = "nkBody"


def paragraph_styles(profile: LayoutProfile) -> dict[StyleKey, ParaStyle]:
    """The styles the writer installs, by the key its callers use."""
    body_indent = Indent(first_line=2)
    styles: dict[StyleKey, ParaStyle] = {
        "body": ParaStyle(BODY_ID, "公文正文", "Body Text GB", indent=body_indent,
                          next_id=BODY_ID),
    }
    keys: tuple[StyleKey, ...] = ("heading1", "heading2", "heading3", "heading4")
    for level, key in enumerate(keys, start=1):
        role = profile.heading_font_roles[level - 1]
        assert role in ("body", "xiaobiaosong", "hei", "kai", "song")
        styles[key] = ParaStyle(
            f"Heading{level}", f"heading {level}", f"{'一二三四'[level - 1]}级标题",
            role=role, bold=profile.heading_bold[level - 1],  # type: ignore[arg-type]
            indent=body_indent, keep_next=True, outline=level - 1, next_id=BODY_ID,
        )
    styles["title"] = ParaStyle("Title", "Title", "公文标题", role="xiaobiaosong",
                                size=profile.title_size_pt, condensed=False, align="center",
                                next_id="Normal")
    styles["addressee"] = ParaStyle("nkAddressee", "主送机关", next_id=BODY_ID)
    styles["attachment_label"] = ParaStyle("nkAttachmentLabel", "附件标识", role="hei",
                                           align="left", keep_next=True, next_id="Normal")
    side = profile.colophon_side_chars
    styles["colophon"] = ParaStyle("nkColophon", "版记", size=profile.colophon_size_pt,
                                   condensed=False, align="left",
                                   indent=Indent(left=side, right=side), next_id="nkColophon")
    return styles


def indent_twips(indent: Indent, cell_pt: float) -> dict[str, int]:
    """``indent`` as ``w:ind`` attributes (twips), cells ``cell_pt`` wide; zeros left out."""
    out: dict[str, int] = {}
    for attr, cells in (("left", indent.left), ("right", indent.right),
                        ("firstLine", indent.first_line), ("hanging", indent.hanging)):
        if cells:
            out[attr] = pt_to_twips(cells * cell_pt)
    return out


def cell_pt(profile: LayoutProfile, size: float | None) -> float:
    """The width of one character cell of text ``size`` (the condensed body cell)."""
    return profile.char_pitch_pt if size is None else size


def install_styles(document: Document, profile: LayoutProfile,
                   font_name: Callable[[FontRole], str]) -> None:
    """Add (or replace) the styles of :func:`paragraph_styles` in ``document``."""
    root = document.styles.element
    for style in paragraph_styles(profile).values():
        for old in root.findall(qn("w:style")):
            if old.get(qn("w:styleId")) == style.style_id or _name(old) == style.name:
                root.remove(old)
        root.append(_style_element(style, profile, font_name))


def styles_by_id(styles: Mapping[StyleKey, ParaStyle]) -> dict[str, ParaStyle]:
    """Every style the writer knows, by style id, Normal included."""
    return {"Normal": NORMAL, **{style.style_id: style for style in styles.values()}}


def _name(style: BaseOxmlElement) -> str | None:
    name = style.find(qn("w:name"))
    return None if name is None else name.get(qn("w:val"))


def _style_element(style: ParaStyle, profile: LayoutProfile,
                   font_name: Callable[[FontRole], str]) -> BaseOxmlElement:
    el = xml.element("w:style", type="paragraph", styleId=style.style_id)
    el.append(xml.element("w:name", val=style.name))
    if style.alias:
        el.append(xml.element("w:aliases", val=style.alias))
    el.append(xml.element("w:basedOn", val="Normal"))
    if style.next_id:
        el.append(xml.element("w:next", val=style.next_id))
    el.append(xml.element("w:uiPriority", val=9 if style.outline is not None else 1))
    el.append(xml.element("w:qFormat"))
    ppr = xml.child(el, "w:pPr")
    if style.keep_next:
        ppr_set(ppr, "w:keepNext")
    # The line and the gaps spelled out: LibreOffice gives its built-in Heading and Title
    # styles space above and below of their own where a .docx style leaves them unset.
    ppr_set(ppr, "w:spacing", before=0, after=0, line=profile.line_pitch_twips,
            lineRule="exact")
    ind = indent_twips(style.indent, cell_pt(profile, style.size))
    ppr_set(ppr, "w:ind", **{"left": 0, "right": 0, "firstLine": 0, **ind})
    ppr_set(ppr, "w:jc", val=style.align)
    if style.outline is not None:
        ppr_set(ppr, "w:outlineLvl", val=style.outline)
    rpr = xml.child(el, "w:rPr")
    latin = profile.fonts.latin if style.role == "body" else None
    xml.set_fonts(rpr, font_name(style.role), latin=latin)
    rpr_set(rpr, "w:b", val=int(style.bold))
    rpr_set(rpr, "w:bCs", val=int(style.bold))
    rpr_set(rpr, "w:spacing", val=profile.char_spacing_twentieths if style.condensed else 0)
    xml.set_size(rpr, style.size or profile.body_size_pt)
    return el
