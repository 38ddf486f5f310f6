"""Pydantic models of a notice package. Data only: no I/O, no rendering."""

from notice_kit.models.attachments import (
    Attachment,
    Contact,
    DocumentAttachment,
    FileAttachment,
    ListAttachment,
    ReceiptField,
    ReceiptForm,
)
from notice_kit.models.body import Block, NumberedList, Paragraph, Section, Table
from notice_kit.models.common import chinese_date, chinese_datetime
from notice_kit.models.header import Header, Secrecy
from notice_kit.models.notice import Colophon, Notice
from notice_kit.models.package import Format, NumberedAttachment, OutputOptions, Package

__all__ = [
    "Attachment",
    "Block",
    "Colophon",
    "Contact",
    "DocumentAttachment",
    "FileAttachment",
    "Format",
    "Header",
    "ListAttachment",
    "Notice",
    "NumberedAttachment",
    "NumberedList",
    "OutputOptions",
    "Package",
    "Paragraph",
    "ReceiptField",
    "ReceiptForm",
    "Secrecy",
    "Section",
    "Table",
    "chinese_date",
    "chinese_datetime",
]
