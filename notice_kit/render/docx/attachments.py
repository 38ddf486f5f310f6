"""Attachment pages (GB/T 9704-2012 7.3.7): "附件N" on line 1, the title centred on line 3,
then the content — a body, a 回执 form, or a numbered list."""

from __future__ import annotations

from typing import assert_never

from notice_kit.models import (
    Block,
    DocumentAttachment,
    FileAttachment,
    ListAttachment,
    NumberedAttachment,
    ReceiptForm,
    Section,
    Table,
)
from notice_kit.render import wording
from notice_kit.render.docx import xml
from notice_kit.render.docx.body import render_blocks, render_list
from notice_kit.render.docx.notice import render_title_lines
from notice_kit.render.docx.sections import at_section_start, begin_landscape, end_landscape
from notice_kit.render.docx.tables import (
    FormPlan,
    column_kind,
    plan_form,
    plan_table,
    write_table,
)
from notice_kit.render.docx.titles import title_lines
from notice_kit.render.docx.writer import DocxWriter, Span


def render_attachment(writer: DocxWriter, item: NumberedAttachment, *, new_page: bool,
                      external_pages: int | None = None) -> None:
    """Append attachment ``item`` starting on a new page (unless it opens the document).

    For an external file, ``external_pages`` (its page count, known when building a PDF)
    makes that many pages carrying only the label and the page numbers: the file's own
    pages are laid under them after conversion.
    """
    p = writer.profile
    attachment = item.attachment
    form = (receipt_plan(writer, attachment, item.number)
            if isinstance(attachment, ReceiptForm) else None)
    turned = (form is not None and form.table.landscape) or (
        isinstance(attachment, DocumentAttachment)
        and _has_wide_table(writer, attachment.body, item.number))
    if turned:
        # A wide form, or a document holding a wide table (a 统计表 with its 填表说明),
        # takes landscape pages, label and title with it (clause 8): a table alone on its
        # turned page would leave the label and title on a portrait page of their own.
        # A second turned attachment right after a first runs on in its section: its
        # label still starts a page (7.3.7).
        fresh = begin_landscape(writer)
        new_page = new_page and not fresh
    elif new_page and at_section_start(writer):
        new_page = False  # the section break after a landscape page starts the page
    writer.paragraph([Span(item.label, role="hei")], style="attachment_label",
                     page_break_before=new_page)
    if isinstance(item.attachment, FileAttachment) and external_pages:
        # Empty paragraphs that each start a page: a run of page-break characters would
        # merge with the next attachment's own page break in LibreOffice (one page lost).
        for _ in range(external_pages - 1):
            writer.paragraph([], page_break_before=True)
        return
    writer.blank(p.attachment_title_line - 2)
    location = f"attachments[{item.number - 1}].title"
    render_title_lines(writer, attachment.title, location=location, keep_next=True)
    writer.blank(1)
    if isinstance(attachment, DocumentAttachment):
        render_blocks(writer, attachment.body, location=f"attachments[{item.number - 1}].body")
        if turned:
            end_landscape(writer)
    elif isinstance(attachment, ReceiptForm):
        assert form is not None
        render_receipt(writer, attachment, form)
    elif isinstance(attachment, ListAttachment):
        if attachment.intro:
            writer.paragraph([Span(attachment.intro)], style="body")
        render_list(writer, attachment.items)
    elif isinstance(attachment, FileAttachment):
        # Stands in for the file in the .docx; the PDF takes the file's own pages.
        writer.paragraph([Span(f"（见附件文件：{attachment.path.name}）")], align="center")
    else:
        assert_never(attachment)


def _has_wide_table(writer: DocxWriter, blocks: list[Block], number: int) -> bool:
    """Whether a table among ``blocks`` (at any depth) goes on a landscape page."""
    for block in blocks:
        if isinstance(block, Table):
            plan = plan_table(writer.profile, block.columns, block.rows, widths=block.widths,
                              orientation=block.orientation,
                              location=f"attachments[{number - 1}].body")
            if plan.landscape:
                return True
        elif isinstance(block, Section) and _has_wide_table(writer, block.children, number):
            return True
    return False


def receipt_plan(writer: DocxWriter, form: ReceiptForm, number: int) -> FormPlan:
    """Plan a 回执's table: orientation, size, widths, and rows that keep the form on one
    page when they can.  Raises :class:`LayoutError` naming the columns' field when the
    table cannot be laid out."""
    p = writer.profile
    location = f"attachments[{number - 1}]"
    title = len(title_lines(writer, form.title, location=f"{location}.title"))
    fields = len(form.fields) + (1 if form.fields else 0)
    lines_above = 1 + (p.attachment_title_line - 2) + title + 1 + fields
    return plan_form(p, form.columns, receipt_rows(form), widths=form.widths,
                     orientation=form.orientation, lines_above=lines_above,
                     notes=wording.receipt_notes(form), location=f"{location}.columns")


def receipt_rows(form: ReceiptForm) -> list[list[str]]:
    """The form's rows: those given, then the blank ones, the 序号 column numbered."""
    blank = [[""] * len(form.columns) for _ in range(form.blank_row_count)]
    rows = [list(r) for r in form.rows] + blank
    if column_kind(form.columns[0]) == "number":
        for n, row in enumerate(rows, start=1):
            row[0] = row[0] or str(n)
    return rows


def render_receipt(writer: DocxWriter, form: ReceiptForm, plan: FormPlan) -> None:
    """回执: header fields with a line to write on, a bordered table to fill in (its 序号
    column numbered), the return deadline and contact kept with the table's last row."""
    for field in form.fields:
        para = writer.paragraph([Span(wording.field_line(field.label, ""))], align="left")
        # A right tab at the block's edge, underlined: the line to write the value on.
        tabs = xml.ordered_child(para._p.get_or_add_pPr(), "w:tabs", xml.PPR_ORDER)
        tabs.append(xml.element("w:tab", val="right", pos=plan.table.width))
        writer.add_span(para, Span(f"{field.value}\t", underline=True))
    if form.fields:
        writer.blank(1)
    notes = wording.receipt_notes(form)
    write_table(writer, form.columns, receipt_rows(form), plan.table,
                row_height_mm=plan.row_height_mm, keep_with_next=bool(notes))
    if notes:
        # Never a page holding only the notes: each keeps with the next, the first with
        # the table's last row.
        writer.paragraph([], keep_next=True)
        for i, note in enumerate(notes):
            writer.paragraph([Span(note)], style="body", keep_next=i < len(notes) - 1)
    if plan.table.landscape:
        end_landscape(writer)
