"""Attachment pages (GB/T 9704-2012 7.3.7): "附件N" on line 1, the title centred on line 3,
then the content — a body, a 回执 form, or a numbered list."""

from __future__ import annotations

from notice_kit.models import (
    DocumentAttachment,
    FileAttachment,
    ListAttachment,
    NumberedAttachment,
    ReceiptForm,
    chinese_datetime,
)
from notice_kit.render.docx.body import TABLE_SIZE_PT, column_widths, render_blocks
from notice_kit.render.docx.titles import title_lines
from notice_kit.render.docx.writer import BODY_INDENT, DocxWriter, Span

RECEIPT_ROW_HEIGHT_MM = 12.0


def render_attachment(writer: DocxWriter, item: NumberedAttachment, *, new_page: bool) -> None:
    """Append attachment ``item`` starting on a new page (unless it opens the document)."""
    p = writer.profile
    writer.paragraph([Span(item.label, role="hei")], align="left", page_break_before=new_page,
                     keep_next=True)
    writer.blank(p.attachment_title_line - 2)
    attachment = item.attachment
    para = writer.paragraph([], align="center", keep_next=True)
    for i, line in enumerate(title_lines(writer, attachment.title)):
        if i:
            writer.line_break(para)
        writer.add_span(para, Span(line, role="xiaobiaosong", size=p.title_size_pt,
                                   condensed=False))
    writer.blank(1)
    if isinstance(attachment, DocumentAttachment):
        render_blocks(writer, attachment.body)
    elif isinstance(attachment, ReceiptForm):
        render_receipt(writer, attachment)
    elif isinstance(attachment, ListAttachment):
        if attachment.intro:
            writer.paragraph([Span(attachment.intro)], indent=BODY_INDENT)
        for n, entry in enumerate(attachment.items, start=1):
            writer.paragraph([Span(f"{n}.{entry}")], indent=BODY_INDENT)
    elif isinstance(attachment, FileAttachment):
        # The file itself is merged into the PDF; the .docx keeps a pointer to it.
        writer.paragraph([Span(f"（见附件文件：{attachment.path.name}）")], align="center")


def render_receipt(writer: DocxWriter, form: ReceiptForm) -> None:
    """回执: header fields, a bordered table to fill in, the return deadline and contact."""
    for field in form.fields:
        writer.paragraph([Span(f"{field.label}："), Span(field.value)], align="left")
    rows = [list(r) for r in form.rows] + [[""] * len(form.columns)] * form.blank_row_count
    widths = column_widths(form.columns, form.rows)
    writer.table(form.columns, rows, widths=widths, size=TABLE_SIZE_PT,
                 row_height_mm=RECEIPT_ROW_HEIGHT_MM)
    notes = []
    if form.deadline or form.return_to:
        when = f"请于{chinese_datetime(form.deadline)}前" if form.deadline else "请"
        to = f"报送{form.return_to}" if form.return_to else "报送"
        notes.append(f"{when}{to}。")
    if form.contact:
        c = form.contact
        parts = [f"联系人：{c.name}" if c.name else "", f"电话：{c.phone}" if c.phone else "",
                 f"邮箱：{c.email}" if c.email else ""]
        notes.append("；".join(x for x in parts if x) + "。")
    if notes:
        writer.blank(1)
        for note in notes:
            writer.paragraph([Span(note)], indent=BODY_INDENT)
