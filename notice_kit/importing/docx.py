"""Import a .docx notice through :func:`notice_kit.inspect.model.inspect_document`.

The inspector names every paragraph by the conventions of GB/T 9704-2012 (mark, 发文字号,
title, headings with their run-in text, 附件说明, 署名, date, attachment labels, tables,
版记), so this module only maps those elements onto the data model.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import docx

from notice_kit.errors import NoticeKitError
from notice_kit.importing.attachments import list_items
from notice_kit.importing.common import (
    CC_LEAD,
    PRINT_LINE,
    Draft,
    nest,
    not_a_notice,
    parse_date,
    split_names,
)
from notice_kit.importing.docx_clean import accept_revisions
from notice_kit.importing.docx_text import docx_text
from notice_kit.importing.result import ImportNote
from notice_kit.importing.text import draft_from_text
from notice_kit.inspect.model import (
    AnyElement,
    ElementKind,
    Heading,
    InspectedDocument,
    TableBlock,
)
from notice_kit.inspect.reader import inspect_document
from notice_kit.models.body import Block, Paragraph, Section, Table
from notice_kit.models.header import check_doc_number

_MARK_SUFFIXES = ("文件",)
_BODY_KINDS = frozenset({"heading", "paragraph", "table"})
_SKIP = frozenset({"rule", "page_number", "attachment_label", "attachment_title"})


def draft_from_docx(path: Path) -> tuple[Draft, str]:
    """Return the parts of the notice in the .docx file ``path``, and its plain text.

    Revisions are accepted and comments dropped first (noted).  A notice laid out by
    GB/T 9704-2012 (a large centred title) is read element by element through the
    inspector; any other .docx is read as its text, by the reader of pasted texts.
    """
    with tempfile.TemporaryDirectory(prefix="notice-kit-import-") as tmp:
        try:
            readable, notes = accept_revisions(path, Path(tmp))
            document = docx.Document(str(readable))
            doc = inspect_document(readable)
        except NoticeKitError as exc:  # the inspector's InspectionError: missing, corrupt
            raise not_a_notice(path, "无法读取", f"cannot be read: {exc}") from exc
        except Exception as exc:  # python-docx, zipfile, lxml raise several kinds
            raise not_a_notice(path, "无法作为 .docx 读取",
                               f"cannot be read as a .docx ({type(exc).__name__})") from exc
    text = docx_text(document)
    if not doc.title:
        return draft_from_text(path, text, notes), text
    draft = Draft(title=doc.title, notes=notes)
    _header(doc, draft)
    first_label = next((e.index for e in doc.elements if e.kind == "attachment_label"),
                       len(doc.elements))
    main = doc.elements[:first_label]
    addressees = next((e for e in main if e.kind == "addressees"), None)
    if addressees is not None:
        draft.addressees = split_names(addressees.text)
    draft.body = blocks([e for e in main if e.kind in _BODY_KINDS])
    if not draft.body:
        raise not_a_notice(path, "找不到正文", "no body text found")
    _closing(main, draft)
    _colophon(doc, draft)
    draft.attachments = _attachments(doc, draft.notes)
    return draft, text


def _header(doc: InspectedDocument, draft: Draft) -> None:
    """发文机关 from the mark (one line per authority, "文件" after them), 发文字号 etc."""
    mark = doc.first("mark")
    if mark is not None:
        names = [ln.strip() for ln in (mark.lines or [mark.text]) if ln.strip()]
        suffix = next((s for s in _MARK_SUFFIXES if names and names[-1].endswith(s)), "")
        if suffix:
            names[-1] = names[-1][: -len(suffix)].strip()
        draft.issuers = [n for n in names if n]
        draft.mark_suffix = suffix
    kinds: tuple[ElementKind, ...] = ("copy_number", "secrecy", "urgency")  # same names
    for kind in kinds:
        element = doc.first(kind)
        if element is not None:
            draft.header[kind] = element.text.strip()
    signers = [e.text.strip() for e in doc.of_kind("signer") if e.text.strip()]
    if signers:
        draft.header["signers"] = signers
    number = doc.first("doc_number")
    if number is not None:
        try:
            draft.header["doc_number"] = check_doc_number(number.text)
        except ValueError as exc:
            draft.notes.append(ImportNote("notice.header.doc_number",
                                          f"发文字号不合规范，未导入 / not imported: {exc}"))


def blocks(elements: list[AnyElement]) -> list[Block]:
    """The block tree of body elements: headings nest by level, as in the text parser."""
    items: list[tuple[int, Block]] = []
    for e in elements:
        if isinstance(e, Heading):
            items.append((e.level, Section(heading=e.heading or None, text=e.run_in or None)))
        elif isinstance(e, TableBlock):
            items.append((0, Table(columns=e.columns, rows=e.rows)))
        elif e.text.strip():
            items.append((0, Paragraph(text=e.text)))
    return nest(items)


def _closing(main: list[AnyElement], draft: Draft) -> None:
    draft.signatures = [e.text.strip() for e in main if e.kind == "signature"]
    date = next((e for e in main if e.kind == "date"), None)
    if date is not None:
        draft.date = parse_date(date.text)
        if draft.date is None:
            draft.notes.append(ImportNote("notice.date", "成文日期无法解析 / the date cannot be "
                                                         f"read: {date.text}"))
    note = next((e for e in main if e.kind == "note"), None)
    if note is not None:
        draft.note = note.text.strip().strip("（）()")


def _colophon(doc: InspectedDocument, draft: Draft) -> None:
    cc = doc.first("colophon_cc")
    if cc is not None:
        draft.colophon["cc"] = split_names(CC_LEAD.sub("", cc.text.strip()))
    printed = doc.first("colophon_print")
    if printed is not None:
        text = re.sub(r"\s+", " ", printed.text.strip())
        m = PRINT_LINE.match(text)
        day = parse_date(m["date"]) if m else None
        if m and day:
            draft.colophon["printer"], draft.colophon["print_date"] = m["printer"].strip(), day


def _attachments(doc: InspectedDocument, notes: list[ImportNote]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for att in doc.attachments:
        where = f"attachments[{len(found)}]"
        if not att.title:
            notes.append(ImportNote(where, f"{att.label} 没有标题，未导入 / has no title: "
                                           "not imported"))
            continue
        content = [e for e in doc.elements[att.first_element: att.last_element + 1]
                   if e.kind not in _SKIP]
        data = _attachment(att.title, content, where, notes)
        if data is not None:
            found.append(data)
    note = doc.first("attachment_note")
    if note is not None and not doc.attachments:
        notes.append(ImportNote("attachments", "附件说明列出的附件不在本文件中，未导入 / the "
                                               "attachments in the 附件说明 are not in this file"))
    return found


def _attachment(title: str, content: list[AnyElement], where: str,
                notes: list[ImportNote]) -> dict[str, Any] | None:
    tables = [e for e in content if isinstance(e, TableBlock)]
    fields = [e for e in content if e.kind == "paragraph" and e.text.strip().endswith(("：", ":"))]
    if tables and (fields or "回执" in title):
        return _receipt(title, tables[0], fields, content, where, notes)
    lines = [e.text.strip() for e in content if e.kind in ("heading", "paragraph")]
    items = list_items(lines) if lines and len(lines) == len(content) else None
    if items is not None:
        intro, entries = items
        return {"kind": "list", "title": title, "items": entries} | ({"intro": intro} if intro else {})
    body = blocks([e for e in content if e.kind in _BODY_KINDS])
    if not body:
        notes.append(ImportNote(where, f"附件“{title}”没有内容，未导入 / has no content"))
        return None
    return {"kind": "document", "title": title, "body": body}


def _receipt(title: str, table: TableBlock, fields: list[AnyElement], content: list[AnyElement],
             where: str, notes: list[ImportNote]) -> dict[str, Any]:
    """A 回执: its fields, columns, pre-filled rows; blank rows numbered 1, 2, … are counted."""
    filled = [row for row in table.rows if any(c.strip() for c in row[1:])]
    blank = len(table.rows) - len(filled)
    data: dict[str, Any] = {"kind": "receipt", "title": title,
                            "fields": [f.text.strip().rstrip("：:") for f in fields],
                            "columns": table.columns}
    if filled:
        data["rows"] = filled
    # Without pre-filled rows the model adds 8 blank rows; store the count only if it differs.
    if blank != (0 if filled else 8):
        data["blank_rows"] = blank
    rest = [e.text.strip() for e in content
            if e is not table and e not in fields and e.text.strip()]
    if rest:
        notes.append(ImportNote(where, "回执中其他文字未导入，请核对 / other text of the "
                                       "receipt was not imported: " + " ".join(rest)))
    return data
