"""Walk a package's text fields with their field paths (``notice.body[3].children[1].text``).

Paths name the field as it is written in the data file: a paragraph is a bare string,
so its path is the list item itself (``notice.body[0]``); a section's parts are
``.heading`` and ``.text``.  A body given as plain text is parsed before lint sees it,
so its paths index the parsed tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from notice_kit.models import (
    Attachment,
    Block,
    DocumentAttachment,
    ListAttachment,
    NumberedList,
    Package,
    Paragraph,
    ReceiptForm,
    Section,
    Table,
)


@dataclass(frozen=True)
class TextField:
    location: str
    text: str


def blocks_with_paths(blocks: list[Block], prefix: str) -> Iterator[tuple[str, Block]]:
    """Yield every block of a tree in document order with its path."""
    for i, block in enumerate(blocks):
        path = f"{prefix}[{i}]"
        yield path, block
        if isinstance(block, Section):
            yield from blocks_with_paths(block.children, f"{path}.children")


def block_fields(blocks: list[Block], prefix: str) -> Iterator[TextField]:
    """Yield the text fields of a body in document order."""
    for path, block in blocks_with_paths(blocks, prefix):
        if isinstance(block, Paragraph):
            yield TextField(path, block.text)
        elif isinstance(block, Section):
            yield from _present(
                (f"{path}.heading", block.heading), (f"{path}.text", block.text)
            )
        elif isinstance(block, NumberedList):
            yield from _indexed(f"{path}.items", block.items)
        elif isinstance(block, Table):
            yield from _present((f"{path}.title", block.title))
            yield from _indexed(f"{path}.columns", block.columns)
            yield from _rows(f"{path}.rows", block.rows)


def bodies(package: Package) -> Iterator[tuple[str, list[Block]]]:
    """Yield the notice body and every document attachment's body, with their paths."""
    yield "notice.body", package.notice.body
    for i, attachment in enumerate(package.attachments):
        if isinstance(attachment, DocumentAttachment):
            yield f"attachments[{i}].body", attachment.body


def notice_fields(package: Package) -> Iterator[TextField]:
    """The notice's own running text: its body and 附注 (where it refers to its 附件)."""
    yield from block_fields(package.notice.body, "notice.body")
    yield from _present(("notice.note", package.notice.note))


def all_fields(package: Package) -> Iterator[TextField]:
    """Every text field of the package a reader sees, in document order."""
    notice = package.notice
    header = notice.header
    yield from _indexed("notice.header.issuers", header.issuers)
    yield from _present(("notice.header.mark", header.mark))
    yield from _indexed("notice.header.signers", header.signers)
    yield TextField("notice.title", notice.title)
    yield from _indexed("notice.addressees", notice.addressees)
    yield from notice_fields(package)
    yield from _indexed("notice.signatures", notice.signatures)
    for i, attachment in enumerate(package.attachments):
        yield from attachment_fields(attachment, f"attachments[{i}]")
    yield from _indexed("notice.colophon.cc", notice.colophon.cc)
    yield from _present(("notice.colophon.printer", notice.colophon.printer))


def attachment_fields(attachment: Attachment, prefix: str) -> Iterator[TextField]:
    yield TextField(f"{prefix}.title", attachment.title)
    if isinstance(attachment, DocumentAttachment):
        yield from block_fields(attachment.body, f"{prefix}.body")
    elif isinstance(attachment, ListAttachment):
        yield from _present((f"{prefix}.intro", attachment.intro))
        yield from _indexed(f"{prefix}.items", attachment.items)
    elif isinstance(attachment, ReceiptForm):
        for j, field in enumerate(attachment.fields):
            yield from _present((f"{prefix}.fields[{j}].label", field.label),
                                (f"{prefix}.fields[{j}].value", field.value))
        yield from _indexed(f"{prefix}.columns", attachment.columns)
        yield from _rows(f"{prefix}.rows", attachment.rows)
        yield from _present((f"{prefix}.return_to", attachment.return_to))
        if attachment.contact is not None:
            c = attachment.contact
            yield from _present((f"{prefix}.contact.name", c.name),
                                (f"{prefix}.contact.phone", c.phone),
                                (f"{prefix}.contact.email", c.email))


def _present(*pairs: tuple[str, str | None]) -> Iterator[TextField]:
    for path, text in pairs:
        if text:
            yield TextField(path, text)


def _indexed(prefix: str, texts: list[str]) -> Iterator[TextField]:
    for i, text in enumerate(texts):
        if text:
            yield TextField(f"{prefix}[{i}]", text)


def _rows(prefix: str, rows: list[list[str]]) -> Iterator[TextField]:
    for r, row in enumerate(rows):
        yield from _indexed(f"{prefix}[{r}]", row)
