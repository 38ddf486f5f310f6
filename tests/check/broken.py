"""Deliberately broken notices: the seed's merged .docx edited with python-docx, one slip
each (a heading font, a colon after 附件2, 一、三、, a zero-padded date, …)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Edit = Callable[[Document], None]


def all_paragraphs(doc: Document) -> Iterator[object]:
    """Every w:p, text boxes and tables included."""
    yield from doc.element.body.iter(f"{W}p")


def text_of(p: object) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))  # type: ignore[attr-defined]


def find_p(doc: Document, text: str, *, exact: bool = True) -> object:
    for p in all_paragraphs(doc):
        if (text_of(p) == text) if exact else text_of(p).startswith(text):
            return p
    raise AssertionError(f"no paragraph {text!r} in the seed .docx")


def runs(p: object) -> list[object]:
    return list(p.iter(f"{W}r"))  # type: ignore[attr-defined]


def set_text(doc: Document, old: str, new: str) -> None:
    """Rewrite the paragraph reading ``old`` to read ``new`` in its first run's format."""
    p = find_p(doc, old)
    first, *rest = [r for r in runs(p) if r.find(f"{W}t") is not None]  # type: ignore[attr-defined]
    first.find(f"{W}t").text = new  # type: ignore[attr-defined]
    for r in rest:
        r.getparent().remove(r)  # type: ignore[attr-defined]


def set_rpr(p: object, tag: str, **attrs: str) -> None:
    """Set ``w:tag`` with ``attrs`` on every run of ``p``."""
    for r in runs(p):
        rpr = r.find(f"{W}rPr")  # type: ignore[attr-defined]
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)  # type: ignore[attr-defined]
        el = rpr.find(f"{W}{tag}")
        if el is None:
            el = OxmlElement(f"w:{tag}")
            rpr.append(el)
        for key, value in attrs.items():
            el.set(qn(f"w:{key}"), value)


def set_font(doc: Document, text: str, font: str, *, exact: bool = True) -> None:
    set_rpr(find_p(doc, text, exact=exact), "rFonts", eastAsia=font)


def edit_docx(source: Path, target: Path, *edits: Edit) -> Path:
    doc = docx.Document(str(source))
    for edit in edits:
        edit(doc)
    doc.save(str(target))
    return target


# -- one slip each ----------------------------------------------------------------------------


def left_margin_20mm(doc: Document) -> None:
    doc.sections[0].left_margin = Mm(20)


def body_in_songti(doc: Document) -> None:
    set_font(doc, "为贯彻落实", "宋体", exact=False)


def mark_in_black(doc: Document) -> None:
    set_rpr(find_p(doc, "扬州市教育局文件"), "color", val="000000")


def doc_number_zero_padded(doc: Document) -> None:
    set_text(doc, "扬教发〔2024〕96号", "扬教发〔2024〕096号")


def title_in_18pt(doc: Document) -> None:
    p = find_p(doc, "关于开展", exact=False)
    set_rpr(p, "sz", val="36")


def addressees_half_width_colon(doc: Document) -> None:
    p = find_p(doc, "各县（市、区）", exact=False)
    t = [r for r in runs(p) if r.find(f"{W}t") is not None][-1].find(f"{W}t")  # type: ignore[attr-defined]
    t.text = t.text.replace("：", ":")


def heading_in_kaiti(doc: Document) -> None:
    set_font(doc, "一、时间、地点", "楷体_GB2312")


def headings_skip_two(doc: Document) -> None:
    """一、三、四、五、: the notice's level-1 headings from 二 on, one number up."""
    for old, new in (("四、其它事项", "五、其它事项"), ("三、会议内容", "四、会议内容"),
                     ("二、参加对象", "三、参加对象")):
        set_text(doc, old, new)


def attachment_title_renamed(doc: Document) -> None:
    set_text(doc, "各地参加学校名单", "参加学校名单")


def date_zero_padded(doc: Document) -> None:
    set_text(doc, "2024年10月28日", "2024年10月08日")


def label_with_colon(doc: Document) -> None:
    set_text(doc, "附件2", "附件2：")


def colophon_in_16pt(doc: Document) -> None:
    set_rpr(find_p(doc, "抄送：江苏省教育厅。"), "sz", val="32")


def even_page_numbers_right(doc: Document) -> None:
    footer = doc.sections[0].even_page_footer.paragraphs[0]
    footer._p.pPr.find(f"{W}jc").set(qn("w:val"), "right")


# -- slips that only show once laid out (converted to PDF) --------------------------------------


def margins_moved(doc: Document) -> None:
    """Left 20 mm and right 34 mm (same block width), top 30 mm."""
    section = doc.sections[0]
    section.left_margin, section.right_margin, section.top_margin = Mm(20), Mm(34), Mm(30)


def grid_broken(doc: Document) -> None:
    """Lines 26 pt apart (24.5 a page) and characters condensed by 1.25 pt (30 a line)."""
    # The body's spacing stands in the document defaults, in the paragraph styles (nkBody,
    # Heading1 …) or on the paragraphs: change it wherever the 28.95 pt grid is set.
    for root in (doc.styles.element, doc.element.body):
        for el in root.iter(f"{W}spacing"):
            if el.getparent().tag == f"{W}rPr":
                el.set(qn("w:val"), "-25")
            elif el.get(qn("w:line")) == "579":
                el.set(qn("w:line"), "520")


def layout_broken(doc: Document) -> None:
    """The mark 10 mm lower, the 版记 40 mm higher, page numbers "第1页" and on the right
    of even pages too."""
    mark = find_p(doc, "扬州市教育局文件")
    spacing = mark.find(f"{W}pPr/{W}spacing")  # type: ignore[attr-defined]
    spacing.set(qn("w:before"), str(int(spacing.get(qn("w:before"))) + 567))
    offset = doc.element.body.findall(
        ".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}positionV/"
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}posOffset")[-1]
    offset.text = str(int(offset.text) - 40 * 36000)
    even_page_numbers_right(doc)
    odd = doc.sections[0].footer.paragraphs[0]
    texts = [t for t in odd._p.iter(f"{W}t")]
    texts[0].text, texts[-1].text = "第", "页"
