"""Attachment pages (GB/T 9704-2012 7.3.7): "附件N" on line 1, the title centred on line 3,
then the content — a body, a 回执 form, or a numbered list."""

from __future__ import annotations

from typing import assert_never

from notice_kit.models import (
    DocumentAttachment,
    FileAttachment,
    ListAttachment,
    NumberedAttachment,
    ReceiptForm,
)
from notice_kit.render import wording
from notice_kit.render.docx import xml
from notice_kit.render.docx.body import TABLE_SIZE_PT, column_widths, render_blocks, render_list
from notice_kit.render.docx.notice import render_title_lines
from notice_kit.render.docx.writer import BODY_INDENT, DocxWriter, Span

# Blank rows of a 回执 are for handwriting: 12 mm takes a written line comfortably.
RECEIPT_ROW_HEIGHT_MM = 12.0


def render_attachment(writer: DocxWriter, item: NumberedAttachment, *, new_page: bool,
                      external_pages: int | None = None) -> None:
    """Append attachment ``item`` starting on a new page (unless it opens the document).

    For an external file, ``external_pages`` (its page count, known when building a PDF)
    makes that many pages carrying only the label and the page numbers: the file's own
    pages are laid under them after conversion.
    """
    p = writer.profile
    writer.paragraph([Span(item.label, role="hei")], align="left", page_break_before=new_page,
                     keep_next=True)
    if isinstance(item.attachment, FileAttachment) and external_pages:
        # Empty paragraphs that each start a page: a run of page-break characters would
        # merge with the next attachment's own page break in LibreOffice (one page lost).
        for _ in range(external_pages - 1):
            writer.paragraph([], page_break_before=True)
        return
    writer.blank(p.attachment_title_line - 2)
    attachment = item.attachment
    location = f"attachments[{item.number - 1}].title"
    render_title_lines(writer, attachment.title, location=location, keep_next=True)
    writer.blank(1)
    if isinstance(attachment, DocumentAttachment):
        render_blocks(writer, attachment.body)
    elif isinstance(attachment, ReceiptForm):
        render_receipt(writer, attachment)
    elif isinstance(attachment, ListAttachment):
        if attachment.intro:
            writer.paragraph([Span(attachment.intro)], indent=BODY_INDENT)
        render_list(writer, attachment.items)
    elif isinstance(attachment, FileAttachment):
        # Stands in for the file in the .docx; the PDF takes the file's own pages.
        writer.paragraph([Span(f"（见附件文件：{attachment.path.name}）")], align="center")
    else:
        assert_never(attachment)


def render_receipt(writer: DocxWriter, form: ReceiptForm) -> None:
    """回执: header fields with a line to write on, a bordered table to fill in (its 序号
    column numbered), the return deadline and contact."""
    for field in form.fields:
        para = writer.paragraph([Span(wording.field_line(field.label, ""))], align="left")
        # A right tab at the block's edge, underlined: the line to write the value on.
        tabs = xml.ordered_child(para._p.get_or_add_pPr(), "w:tabs", xml.PPR_ORDER)
        tabs.append(xml.element("w:tab", val="right", pos=writer.text_width_twips))
        writer.add_span(para, Span(f"{field.value}\t", underline=True))
    if form.fields:
        writer.blank(1)
    blank = [[""] * len(form.columns) for _ in range(form.blank_row_count)]
    rows = [list(r) for r in form.rows] + blank
    if form.columns[0] == "序号":
        for n, row in enumerate(rows, start=1):
            row[0] = row[0] or str(n)
    widths = column_widths(form.columns, form.rows)
    writer.table(form.columns, rows, widths=widths, size=TABLE_SIZE_PT,
                 row_height_mm=RECEIPT_ROW_HEIGHT_MM)
    notes = wording.receipt_notes(form)
    if notes:
        writer.blank(1)
        for note in notes:
            writer.paragraph([Span(note)], indent=BODY_INDENT)
