"""Page numbers in the footer: "— N —", 4号宋体, outer side one character in (GB/T 9704 7.5)."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.section import Section as DocxSection
from docx.text.paragraph import Paragraph as DocxParagraph

from notice_kit.layout.profile import MM_PER_PT
from notice_kit.render.docx import xml
from notice_kit.render.docx.textbox import anchor_turned_textbox
from notice_kit.render.docx.writer import (
    DASH_ABOVE_LINE_BOTTOM_EM,
    DocxWriter,
    Span,
    add_page_field,
)
from notice_kit.render.docx.xml import ppr_set


def add_page_numbers(writer: DocxWriter, section: DocxSection) -> None:
    """Give ``section`` page-number footers as the profile says (outer sides or centred).

    A landscape section (a wide table, clause 8) keeps the number on the paper edge of
    its portrait neighbours: see :func:`_fill_turned`.
    """
    p = writer.profile
    fill = _fill_turned if section.orientation == WD_ORIENT.LANDSCAPE else _fill
    section.footer.is_linked_to_previous = False
    if p.page_number_style == "outer":
        section.even_page_footer.is_linked_to_previous = False
        fill(writer, section.footer.paragraphs[0], "right")
        fill(writer, section.even_page_footer.paragraphs[0], "left")
    else:
        fill(writer, section.footer.paragraphs[0], "center")


def clear_page_numbers(section: DocxSection) -> None:
    """Give ``section`` footers of its own, empty (a 版记 page standing alone carries no
    number, 7.5)."""
    # A new section's properties are a copy of the previous one's, footer references
    # included: drop them, or "clearing" would clear the shared footer of the body.
    sect_pr = section._sectPr
    for ref in sect_pr.findall(qn("w:footerReference")) + sect_pr.findall(qn("w:headerReference")):
        sect_pr.remove(ref)
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False
        for para in footer.paragraphs:
            for run in list(para.runs):
                para._p.remove(run._r)


def _fill_turned(writer: DocxWriter, anchor: DocxParagraph, side: str) -> None:
    """The page number of a landscape page, where the portrait pages have theirs.

    The page is read after turning the sheet clockwise (the table's head at the binding
    edge), so the sheet's bottom edge is the page's left edge.  A footer would put the
    number on the page's bottom, a long edge of the sheet; instead the footer holds a
    text box turned a quarter clockwise (``vert="vert"``), lying along the left edge
    over the block's height, its line where the portrait footer's line is: the dash
    ``page_number_gap_mm`` from the block, odd numbers at the sheet's right (the page's
    bottom-left corner), even ones at its left (top-left corner).  Word and LibreOffice
    both place a page-anchored text box from a footer on every page of the section and
    update the PAGE field inside it (a VML box: see :func:`anchor_turned_textbox`).
    """
    p = writer.profile
    for stale in [el for el in anchor._p if el.tag != qn("w:pPr")]:
        anchor._p.remove(stale)
    holder = anchor.insert_paragraph_before()
    _fill(writer, holder, side)
    line_mm = p.page_number_size_pt * MM_PER_PT
    dash_from_sheet_bottom = p.margin_bottom_mm - p.page_number_gap_mm
    anchor_turned_textbox(
        writer.next_id(), anchor, [holder._p],
        # The line's bottom edge (the box's left side once turned) below the dash.
        left_mm=dash_from_sheet_bottom - DASH_ABOVE_LINE_BOTTOM_EM * line_mm,
        top_mm=p.margin_left_mm, width_mm=line_mm, height_mm=p.text_width_mm,
    )


def _fill(writer: DocxWriter, para: DocxParagraph, side: str) -> None:
    p = writer.profile
    size = p.page_number_size_pt
    ppr = para._p.get_or_add_pPr()
    for stale in list(ppr):
        ppr.remove(stale)
    for stale in [el for el in para._p if el is not ppr]:
        para._p.remove(stale)  # filled again (a section numbered twice)
    ppr_set(ppr, "w:spacing", before=0, after=0, line=round(size * 20), lineRule="exact")
    inset = writer.chars(p.page_number_side_chars, size)
    if side == "right":
        ppr_set(ppr, "w:ind", right=inset)
    elif side == "left":
        ppr_set(ppr, "w:ind", left=inset)
    ppr_set(ppr, "w:jc", val=side)
    before, _, after = p.page_number_format.partition("{n}")
    writer.add_span(para, Span(before, role="song", size=size, condensed=False))
    add_page_field(para)
    for run in para.runs[-5:]:
        rpr = run._r.get_or_add_rPr()
        xml.set_fonts(rpr, p.fonts.song)
        xml.rpr_set(rpr, "w:spacing", val=0)  # not the body's condensing (the default)
        xml.set_size(rpr, size)
    writer.add_span(para, Span(after, role="song", size=size, condensed=False))
