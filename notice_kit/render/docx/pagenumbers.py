"""Page numbers in the footer: "— N —", 4号宋体, outer side one character in (GB/T 9704 7.5)."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.section import Section as DocxSection
from docx.text.paragraph import Paragraph as DocxParagraph

from notice_kit.render.docx import xml
from notice_kit.render.docx.writer import DocxWriter, Span, add_page_field
from notice_kit.render.docx.xml import ppr_set


def add_page_numbers(writer: DocxWriter, section: DocxSection) -> None:
    """Give ``section`` page-number footers as the profile says (outer sides or centred)."""
    p = writer.profile
    section.footer.is_linked_to_previous = False
    if p.page_number_style == "outer":
        section.even_page_footer.is_linked_to_previous = False
        _fill(writer, section.footer.paragraphs[0], "right")
        _fill(writer, section.even_page_footer.paragraphs[0], "left")
    else:
        _fill(writer, section.footer.paragraphs[0], "center")


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


def _fill(writer: DocxWriter, para: DocxParagraph, side: str) -> None:
    p = writer.profile
    size = p.page_number_size_pt
    ppr = para._p.get_or_add_pPr()
    for stale in list(ppr):
        ppr.remove(stale)
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
        xml.set_size(rpr, size)
    writer.add_span(para, Span(after, role="song", size=size, condensed=False))
