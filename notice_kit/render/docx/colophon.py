"""版记 (GB/T 9704-2012 7.4): 抄送 and 印发 lines between thick and thin rules, 4号仿宋."""

from __future__ import annotations

import math

from docx.text.paragraph import Paragraph as DocxParagraph

from notice_kit.layout.metrics import text_width
from notice_kit.layout.profile import MM_PER_PT
from notice_kit.models import Package
from notice_kit.render import wording
from notice_kit.render.docx import xml
from notice_kit.render.docx.textbox import anchor_textbox
from notice_kit.render.docx.writer import DocxWriter, Indent, Span


def render_colophon(writer: DocxWriter, package: Package) -> None:
    """Append the 版记 at the foot of the last page (7.4): 抄送 wrapping after its colon,
    the printer one character in from the left and the date one in from the right."""
    colophon = package.notice.colophon
    if colophon.is_empty:
        return
    p = writer.profile
    size = p.colophon_size_pt
    side = p.colophon_side_chars
    paragraphs = []
    cc = wording.cc_line(colophon)
    if cc:
        lead = text_width(wording.CC_LEAD)
        paragraphs.append(writer.paragraph(
            [Span(cc, size=size, condensed=False)], align="left", size=size,
            indent=Indent(left=side + lead, right=side, hanging=lead),
        ))
    printed = wording.print_parts(colophon)
    if printed:
        printer, date = printed
        para = writer.paragraph([Span(printer, size=size, condensed=False)], align="left",
                                size=size, indent=Indent(left=side, right=side))
        # Tab stops count from the block's left edge: this one is the right indent's edge.
        tabs = xml.ordered_child(para._p.get_or_add_pPr(), "w:tabs", xml.PPR_ORDER)
        tabs.append(xml.element("w:tab", val="right",
                                pos=writer.text_width_twips - writer.chars(side, size)))
        para.add_run("\t")
        writer.add_span(para, Span(date, size=size, condensed=False))
        paragraphs.append(para)
    _rules(writer, paragraphs)
    _place_at_bottom(writer, paragraphs)


def _rules(writer: DocxWriter, paragraphs: list[DocxParagraph]) -> None:
    p = writer.profile
    for i, para in enumerate(paragraphs):
        borders = xml.ordered_child(para._p.get_or_add_pPr(), "w:pBdr", xml.PPR_ORDER)
        if i == 0:
            borders.append(xml.border("w:top", sz=p.colophon_thick_sz, space=1))
        last = i == len(paragraphs) - 1
        borders.append(
            xml.border("w:bottom", sz=p.colophon_thick_sz if last else p.colophon_thin_sz,
                       space=1)
        )


def _place_at_bottom(writer: DocxWriter, paragraphs: list[DocxParagraph]) -> None:
    """Move the 版记 into a text box whose bottom is the bottom of the text block
    (7.4: 版记中的分隔线与版心等宽，末条分隔线与公文最后一面的版心下边缘重合)."""
    p = writer.profile
    lines = sum(_line_count(writer, para) for para in paragraphs)
    height_mm = lines * p.line_pitch_pt * MM_PER_PT + RULES_ALLOWANCE_MM
    anchor = writer.document.add_paragraph()
    anchor_textbox(
        writer.next_id(),
        anchor,
        [para._p for para in paragraphs],
        left_mm=p.margin_left_mm,
        top_mm=p.margin_top_mm + p.text_height_mm - height_mm,
        width_mm=p.text_width_mm,
        height_mm=height_mm,
        name="版记",
    )


# Border widths and their spacing add a little to the lines' height.
RULES_ALLOWANCE_MM = 1.5


def _line_count(writer: DocxWriter, para: DocxParagraph) -> int:
    p = writer.profile
    usable = p.text_width_mm / MM_PER_PT / p.colophon_size_pt - 2 * p.colophon_side_chars
    return max(1, math.ceil(text_width(para.text.replace("\t", "  ")) / usable))
