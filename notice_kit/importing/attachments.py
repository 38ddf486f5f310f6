"""Attachment pages as lines of text → document, 回执 (receipt) or list attachments."""

from __future__ import annotations

import re
from typing import Any

from notice_kit.importing.result import ImportNote
from notice_kit.textparse import parse_body

# "单位名称：" or "单位名称：扬州中学": a short label, a colon, perhaps a pre-filled value.
FIELD = re.compile(r"^(?P<label>[^：:\t，。；]{1,12})[：:](?P<value>[^\t]*)$")
LIST_ITEM = re.compile(r"^(?P<n>\d{1,3})\s*[.．、]\s*(?P<item>\S.*)$")
_SPACE = " \u3000\r\ufeff"


def attachment_data(title: str, raw_lines: list[str], where: str,
                    notes: list[ImportNote]) -> dict[str, Any] | None:
    """Return the data of one attachment from its content lines (label and title removed).

    ``raw_lines`` keep their tabs: a table extracted from Word comes as tab-separated
    cells.  Returns None (with a note) for an attachment with no content.
    """
    lines = [ln.strip(_SPACE) for ln in raw_lines if ln.strip()]
    if not lines:
        notes.append(ImportNote(where, f"附件“{title}”没有内容，未导入 / attachment "
                                       f"“{title}” has no content: not imported"))
        return None
    receipt = _receipt(title, lines, where, notes)
    if receipt is not None:
        return receipt
    items = list_items(lines)
    if items is not None:
        intro, entries = items
        data: dict[str, Any] = {"kind": "list", "title": title, "items": entries}
        return data | ({"intro": intro} if intro else {})
    body = parse_body("\n".join(ln.strip() for ln in lines))
    return {"kind": "document", "title": title, "body": body}


def list_items(lines: list[str]) -> tuple[str | None, list[str]] | None:
    """Return (intro, items) when the lines are "1.xxx" "2.xxx" … numbered from 1, else None.

    One unnumbered line may stand before the list as its intro.
    """
    intro = None if LIST_ITEM.match(lines[0]) else lines[0]
    numbered = lines[1:] if intro is not None else lines
    items: list[str] = []
    for expected, line in enumerate(numbered, start=1):
        m = LIST_ITEM.match(line)
        if m is None or int(m["n"]) != expected:
            return None
        items.append(m["item"].strip())
    return (intro, items) if items else None


def _receipt(title: str, lines: list[str], where: str,
             notes: list[ImportNote]) -> dict[str, Any] | None:
    """A 回执: header fields ("单位名称：") then a table of tab-separated cells."""
    fields: list[dict[str, str]] = []
    rest = lines
    while rest and "\t" not in rest[0] and (m := FIELD.match(rest[0].strip())):
        fields.append({"label": m["label"].strip(), "value": m["value"].strip()})
        rest = rest[1:]
    table_lines = [ln for ln in rest if "\t" in ln]
    if not table_lines or (not fields and "回执" not in title):
        return None
    columns, rows = read_table(table_lines)
    leftover = [ln for ln in rest if "\t" not in ln]
    if leftover:
        notes.append(ImportNote(where, "回执表格后的文字未导入，请核对 / text after the "
                                       "receipt table was not imported: " + " ".join(leftover)))
    data: dict[str, Any] = {"kind": "receipt", "title": title, "columns": columns}
    if fields:
        data["fields"] = [f if f["value"] else f["label"] for f in fields]
    if rows:
        data["rows"] = rows
    return data


def read_table(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """Return (columns, rows) of a table extracted as text.

    Two layouts occur: one row per line, cells separated by tabs (notice_kit's text, Word's
    "copy as text"); or, from a PDF or web extraction, one cell per line, each behind a
    tab — then only the header row can be told apart and the lines are the columns.
    """
    cells = [ln.strip(_SPACE).split("\t") for ln in lines]
    if all(ln.startswith("\t") and len([c for c in row if c.strip()]) == 1
           for ln, row in zip(lines, cells, strict=True)):
        return [ln.strip() for ln in lines], []
    width = len(cells[0])
    rows = [[c.strip() for c in (row + [""] * width)[:width]] for row in cells[1:]]
    return [c.strip() for c in cells[0]], rows
