"""An attachment page from its lines → a 回执 (receipt), a list, or a document attachment."""

from __future__ import annotations

import re
from typing import Any

from notice_kit.importing.body import body_blocks
from notice_kit.importing.lines import Line
from notice_kit.importing.result import ImportNote
from notice_kit.importing.tables import read_table, table_runs

# "单位名称：" or "单位名称：扬州中学": a short label, a colon, perhaps a pre-filled value.
FIELD = re.compile(r"^(?P<label>[^：:\t，。；]{1,12})[：:](?P<value>[^\t]*)$")
LIST_ITEM = re.compile(r"^(?P<n>\d{1,3})\s*[.．、]\s*(?P<item>\S.*)$")
# The titles of forms to fill in and send back.
RECEIPT_TITLE = re.compile(r"回执|报名表|登记表|信息表|申请表|申报表|推荐表|统计表|汇总表|情况表|调查表"
                           r"|反馈表|备案表|征求意见表|采集表|确认表")


NOTE_LEAD = re.compile(r"^(?P<lead>(?:注|说明|备注|填表说明)[：:])\s*(?P<rest>1\s*[.．、].+)$")


def attachment_data(title: str, lines: list[Line], where: str,
                    notes: list[ImportNote]) -> dict[str, Any] | None:
    """Return the data of one attachment from its content lines (label and title removed).

    A 回执 is told by its title (回执, 报名表, 登记表, 信息表 …) or by its fill-in table
    (header fields such as "单位名称：", or data rows left blank); numbered lines from 1
    make a list; anything else is a document (with its tables).  Returns None (noted)
    for an attachment with no content.
    """
    filled = [ln for ln in lines if ln.text]
    if not filled:
        notes.append(ImportNote(where, f"附件“{title}”没有内容，未导入 / attachment "
                                       f"“{title}” has no content: not imported"))
        return None
    receipt = _receipt(title, filled, where, notes)
    if receipt is not None:
        return receipt
    items = list_items([ln.text for ln in filled])
    if items is not None:
        intro, entries = items
        data: dict[str, Any] = {"kind": "list", "title": title, "items": entries}
        return data | ({"intro": intro} if intro else {})
    return {"kind": "document", "title": title, "body": body_blocks(lines, where, notes)}


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


def _fields(line: Line) -> list[dict[str, str]] | None:
    """The header fields on one line ("单位名称：    联系人：    电话："), or None."""
    if line.tab:
        return None
    parts = line.cells or [line.text]
    found = [FIELD.match(p) for p in parts]
    if not all(found):
        return None
    return [{"label": m["label"].strip(), "value": m["value"].strip()} for m in found if m]


def _receipt(title: str, lines: list[Line], where: str,
             notes: list[ImportNote]) -> dict[str, Any] | None:
    """A 回执: header fields, then one table, and nothing else; None if not that shape."""
    fields: list[dict[str, str]] = []
    rest = lines
    while rest and (found := _fields(rest[0])) is not None:
        fields += found
        rest = rest[1:]
    runs = table_runs(rest)
    if len(runs) != 1 or runs[0][0] != 0:
        return None
    # Lines under the table ("注：1.请于…前报送。") are the form's notes, printed as written.
    table, after = rest[:runs[0][1]], [ln.text for ln in rest[runs[0][1]:] if ln.text]
    # The table's notes are kept only if this is a receipt: else the body reader reads it again.
    table_notes: list[ImportNote] = []
    columns, rows = read_table(table, where, table_notes)
    if not all(c.strip() for c in columns):
        # "活动名称 | (blank) | 活动日期 | (blank)": a grid of labels and spaces to fill in,
        # no header row; a 回执 needs one, so the form stays a table in a document.
        notes.append(ImportNote(where, f"附件“{title}”的表格首行有空格（栏目与填写处相间），"
                                "不是回执的表头，按带表格的文档附件导入 / the form's first row "
                                "has empty cells (labels beside spaces to fill in), so it is no "
                                "receipt header: imported as a document with the table"))
        return None
    filled = [row for row in rows if any(c.strip() for c in row[1:])]
    blank = len(rows) - len(filled)
    fill_in = not rows or blank * 2 >= len(rows)
    if not (RECEIPT_TITLE.search(title) or fields or fill_in):
        return None
    if after and not (RECEIPT_TITLE.search(title) or fields):
        return None  # a table with text after it and no sign of a form: a document
    notes += table_notes
    data: dict[str, Any] = {"kind": "receipt", "title": title, "columns": columns}
    if fields:
        data["fields"] = [f if f["value"] else f["label"] for f in fields]
    if after:
        # "注：1.…" then "2.…": the lead on a line of its own, so the items read as a list
        # that starts at 1.
        lead = NOTE_LEAD.match(after[0])
        data["notes"] = [lead["lead"], lead["rest"], *after[1:]] if lead else after
    if filled:
        data["rows"] = filled
    # Without pre-filled rows the model adds 8 blank rows; store the count only if it differs.
    if rows and blank != (0 if filled else 8):
        data["blank_rows"] = blank
    if blank and any(row[0] for row in rows if row not in filled):
        notes.append(ImportNote(where, f"回执的 {blank} 个空行按空白行导入（行号由表格生成）/ "
                                f"{blank} blank rows of the receipt kept as blank rows"))
    return data
