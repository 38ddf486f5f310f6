"""Render a package as plain text, in the layout of a notice extracted from its document.

The output reads like the text one gets by copying a finished notice out of Word or a PDF:
title, 主送机关, body with its numbering prefixes (一、 （一） 1． （1）, regenerated from the
position of each section, never stored), 附件说明, 署名 and 成文日期, 附注, then each attachment
behind its label line (附件1 …), and the 版记 last.  The 版头 (发文机关标志, 发文字号) is not
part of it, as in an extracted text.

It is the common ground of the tests (compare with a seed text word for word), of ``lint``
(check wording on what the reader sees) and of ``import`` (parse it back).

Conventions (GB/T 9704-2012 clauses in brackets):

* parts are separated by one blank line; lines inside a part have no indentation;
* 主送机关 are joined with "，" and end with a full-width "：" (7.3.2);
* a section prints prefix + heading + run-in text on one line, then its children (7.3.3);
* 附件说明 is "附件：名称" for one attachment, else "附件：1.名称" then "2.名称" (7.3.4);
* each attachment starts with its label ("附件2"; "附件" when alone, no colon), then its
  title, then its content (7.3.7);
* table cells are separated by a tab; numbered lists use "1.", "2.";
* 版记: "抄送：甲，乙。" and "印发机关 日期印发" (7.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

from notice_kit.models.attachments import (
    Attachment,
    DocumentAttachment,
    FileAttachment,
    ListAttachment,
    ReceiptForm,
)
from notice_kit.models.body import (
    Block,
    NumberedList,
    Paragraph,
    Section,
    Table,
    section_numbers,
)
from notice_kit.models.common import chinese_date
from notice_kit.models.notice import Colophon, Notice
from notice_kit.models.package import Package
from notice_kit.numbering import heading_prefix
from notice_kit.render import wording

__all__ = [
    "attachment_lines",
    "attachment_note_lines",
    "body_lines",
    "colophon_lines",
    "render_text",
]

CELL_SEPARATOR = "\t"
"""Between the cells of a table row."""


def render_text(package: Package) -> str:
    """Return ``package`` as plain text: notice, attachments and 版记, ending with a newline.

    Pure: reads the model only, changes nothing, does no I/O.
    """
    notice = package.notice
    numbered = package.numbered_attachments()
    parts: list[list[str]] = [[package.title_text], _main_lines(notice)]
    parts.append(attachment_note_lines([n.attachment.title for n in numbered]))
    parts.append(_closing_lines(notice))
    for item in numbered:
        parts.append([item.label])
        parts.append([item.attachment.title])
        parts.append(attachment_lines(item.attachment))
    parts.append(colophon_lines(notice.colophon))
    return "\n\n".join("\n".join(part) for part in parts if part) + "\n"


def _main_lines(notice: Notice) -> list[str]:
    lines: list[str] = []
    if notice.addressees:
        lines.append(wording.addressee_line(notice.addressees))
    lines.extend(body_lines(notice.body))
    return lines


def _closing_lines(notice: Notice) -> list[str]:
    lines = [*notice.signing_authorities, chinese_date(notice.date)]
    if notice.note:
        lines.append(f"（{notice.note}）")
    return lines


def body_lines(blocks: Sequence[Block]) -> list[str]:
    """Return the lines of a body, each section with its regenerated numbering prefix.

    A section's level is its explicit ``level`` or its parent's level + 1
    (:func:`~notice_kit.models.body.section_levels`); it is numbered by its position among
    the sibling sections of the same level, counting again after a shallower sibling.
    """
    numbers = section_numbers(list(blocks))
    lines: list[str] = []
    _emit(blocks, numbers, lines)
    return lines


def _emit(blocks: Sequence[Block], numbers: dict[int, tuple[int, int]], lines: list[str]) -> None:
    for block in blocks:
        if isinstance(block, Section):
            prefix = heading_prefix(*numbers[id(block)])
            lines.append(prefix + (block.heading or "") + (block.text or ""))
            _emit(block.children, numbers, lines)
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, NumberedList):
            lines.extend(_numbered(block.items))
        elif isinstance(block, Table):
            if block.title:
                lines.append(block.title)
            lines.extend(_table(block.columns, block.rows))
        else:
            assert_never(block)


def attachment_note_lines(titles: Sequence[str]) -> list[str]:
    """Return the 附件说明 for attachments with these titles (7.3.4); none for no titles."""
    return ["".join(entry) for entry in wording.attachment_note_entries(titles)] if titles else []


def attachment_lines(attachment: Attachment) -> list[str]:
    """Return the content of an attachment page, without its label and title."""
    if isinstance(attachment, DocumentAttachment):
        return body_lines(attachment.body)
    if isinstance(attachment, ReceiptForm):
        lines = [wording.field_line(f.label, f.value) for f in attachment.fields]
        lines.extend(_table(attachment.columns, attachment.rows))
        return lines + wording.receipt_notes(attachment)
    if isinstance(attachment, ListAttachment):
        intro = [attachment.intro] if attachment.intro else []
        return [*intro, *_numbered(attachment.items)]
    if isinstance(attachment, FileAttachment):
        return [f"（见文件 {attachment.path.name}）"]
    assert_never(attachment)


def colophon_lines(colophon: Colophon) -> list[str]:
    """Return the 版记 lines: "抄送：甲，乙。" and "印发机关 2024年10月28日印发" (7.4)."""
    cc = wording.cc_line(colophon)
    printed = wording.print_parts(colophon)
    return [*([cc] if cc else []), *([" ".join(printed)] if printed else [])]


def _numbered(items: Sequence[str]) -> list[str]:
    return [wording.list_item(n, item) for n, item in enumerate(items, start=1)]


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [CELL_SEPARATOR.join(row) for row in (columns, *rows)]
