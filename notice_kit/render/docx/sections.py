"""Landscape page sections for wide tables (GB/T 9704-2012 clause 8).

A wide table takes pages turned a quarter: the paper is the same A4 sheet, read after
turning it clockwise, so the table's head faces the binding edge of an odd page (and the
cut edge of an even one).  The text block is the portrait block turned with the paper:
the margins of the landscape page are the portrait margins of the edges they lie on
(top = the binding edge's 28 mm, left = the bottom edge's 35 mm, …).  Its page number
stays where the portrait pages have theirs (see :mod:`pagenumbers`).

In the .docx a section is closed by a copy of its ``w:sectPr`` in its last paragraph;
the body's own ``w:sectPr`` describes the section being written.
"""

from __future__ import annotations

import copy

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section as DocxSection
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph

from notice_kit.render.docx import xml
from notice_kit.render.docx.pagenumbers import add_page_numbers
from notice_kit.render.docx.writer import DocxWriter
from notice_kit.render.docx.xml import ppr_set

# A paragraph that exists only to close a section: one point high, so it never pushes
# anything onto a page of its own.
HOLDER_LINE_TWIPS = 20


def is_landscape(writer: DocxWriter) -> bool:
    """Tell whether the section being written is a landscape one."""
    return _current(writer).orientation == WD_ORIENT.LANDSCAPE


def begin_landscape(writer: DocxWriter) -> bool:
    """Start a landscape section on a new page (or turn the document's first page when
    nothing has been written yet), its page numbers on the portrait pages' edge.

    Returns False when the landscape section just closed runs on instead (nothing came
    between): no section break then starts a page, so a caller that needs a new page
    asks for one itself."""
    last = _last_block(writer)
    if last is not None and _closes_landscape(last):
        _reopen(writer, last)
        return False
    if last is not None:
        _close_section(writer, last)
    section = _current(writer)
    _strip_references(section)
    section.start_type = WD_SECTION.NEW_PAGE
    p = writer.profile
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(p.page_height_mm), Mm(p.page_width_mm)
    # The paper turned clockwise: its left (binding) edge is on top, its bottom on the left.
    section.top_margin, section.bottom_margin = Mm(p.margin_left_mm), Mm(p.margin_right_mm)
    section.left_margin, section.right_margin = Mm(p.margin_bottom_mm), Mm(p.margin_top_mm)
    section.header_distance = section.footer_distance = Mm(10)
    add_page_numbers(writer, section)
    return True


def end_landscape(writer: DocxWriter) -> None:
    """Close the landscape section; what follows starts a portrait page."""
    last = _last_block(writer)
    assert last is not None, "a landscape section holds its table"
    _close_section(writer, last)
    section = _current(writer)
    _strip_references(section)
    p = writer.profile
    section.start_type = WD_SECTION.NEW_PAGE
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(p.page_width_mm), Mm(p.page_height_mm)
    section.top_margin, section.bottom_margin = Mm(p.margin_top_mm), Mm(p.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(p.margin_left_mm), Mm(p.margin_right_mm)
    first = writer.document.sections[0]
    section.header_distance, section.footer_distance = first.header_distance, first.footer_distance
    add_page_numbers(writer, section)


def open_with_paragraph(writer: DocxWriter) -> None:
    """Start the section with a one-point paragraph (before a table that would open it:
    LibreOffice 7.4 keeps the previous page format for a section opening with a table)."""
    _point_paragraph(writer)


def at_section_start(writer: DocxWriter) -> bool:
    """Tell whether the next paragraph opens a section (begins a page by itself)."""
    last = _last_block(writer)
    return last is not None and last.tag == qn("w:p") and (
        last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None)


def is_section_holder(paragraph: DocxParagraph) -> bool:
    """Tell whether ``paragraph`` only closes a section (one point high, empty)."""
    return _is_holder(paragraph._p)


def drop_empty_last_section(writer: DocxWriter) -> None:
    """Remove a portrait section left empty after a landscape one (the document ended
    with a wide table), so no blank page follows it."""
    last = _last_block(writer)
    if last is None or not _closes_landscape(last):
        return
    _reopen(writer, last)


# -- helpers -----------------------------------------------------------------------------


def _current(writer: DocxWriter) -> DocxSection:
    return writer.document.sections[-1]


def _last_block(writer: DocxWriter) -> BaseOxmlElement | None:
    body = writer.document.element.body
    for el in reversed(body):
        if el.tag in (qn("w:p"), qn("w:tbl")):
            return el  # type: ignore[no-any-return]
    return None


def _closes_landscape(block: BaseOxmlElement) -> bool:
    """Tell whether ``block`` is the paragraph closing a landscape section."""
    if block.tag != qn("w:p"):
        return False
    sect = block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    if sect is None:
        return False
    size = sect.find(qn("w:pgSz"))
    return size is not None and size.get(qn("w:orient")) == "landscape"


def _close_section(writer: DocxWriter, last: BaseOxmlElement) -> None:
    """End the section being written at ``last`` (a paragraph without a section break of
    its own), or at a one-point paragraph after it."""
    body = writer.document.element.body
    if last.tag == qn("w:p") and last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:
        holder = last
    else:
        holder = _point_paragraph(writer)
    holder.get_or_add_pPr()._insert_sectPr(copy.deepcopy(body.sectPr))


def _point_paragraph(writer: DocxWriter) -> BaseOxmlElement:
    """Append an empty paragraph one point high."""
    body = writer.document.element.body
    para = xml.element("w:p")
    body.sectPr.addprevious(para)
    ppr = xml.child(para, "w:pPr")
    ppr_set(ppr, "w:spacing", before=0, after=0, line=HOLDER_LINE_TWIPS, lineRule="exact")
    xml.set_size(xml.ordered_child(ppr, "w:rPr", xml.PPR_ORDER), 1)
    return para


def _reopen(writer: DocxWriter, closing: BaseOxmlElement) -> None:
    """Undo the close at ``closing`` (nothing was written after it): its section runs on,
    and the empty section after it goes, with its footers."""
    body = writer.document.element.body
    part = writer.document.part
    for ref in body.sectPr.findall(qn("w:footerReference")):
        part.drop_rel(ref.get(qn("r:id")))
    ppr = closing.find(qn("w:pPr"))
    sect = ppr.find(qn("w:sectPr"))
    ppr.remove(sect)
    body.replace(body.sectPr, sect)
    if _is_holder(closing):
        body.remove(closing)


def _is_holder(p: BaseOxmlElement) -> bool:
    spacing = p.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    empty = not any(el.tag != qn("w:pPr") for el in p)
    return (empty and spacing is not None
            and spacing.get(qn("w:line")) == str(HOLDER_LINE_TWIPS))


def _strip_references(section: DocxSection) -> None:
    """Drop the footer references a new section copied from the previous one (its own
    page numbers replace them), and a different first page."""
    sect_pr = section._sectPr
    for ref in sect_pr.findall(qn("w:footerReference")):
        sect_pr.remove(ref)
    title_pg = sect_pr.find(qn("w:titlePg"))
    if title_pg is not None:
        sect_pr.remove(title_pg)
