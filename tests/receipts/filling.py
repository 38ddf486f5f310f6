"""Filling the generated 回执 the way people do: python-docx edits of the real .docx."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path

import docx
import yaml
from docx.oxml.ns import qn
from docx.table import Table

TITLE = "安全工作会议参会人员回执"
COLUMNS = ["序号", "姓名", "单位及职务", "手机号码", "身份证号码"]
UNITS = ["广陵区教育局", "邗江区教育局", "江都区教育局", "宝应县教育局", "高邮市教育局"]


def notice_data(formats: Sequence[str] | None = None) -> dict[str, object]:
    """A notice with a 回执: 单位名称 and 联系人 fields, five columns, 6 blank rows."""
    receipt: dict[str, object] = {
        "kind": "receipt", "title": TITLE, "fields": ["单位名称", "联系人"],
        "columns": COLUMNS, "blank_rows": 6, "deadline": "2024-11-01 17:00",
    }
    if formats is not None:
        receipt["formats"] = list(formats)
    return {"notice": {
        "header": {"issuers": ["扬州市教育局"], "doc_number": "扬教发〔2024〕8号"},
        "title": "关于召开全市教育系统安全工作会议的通知",
        "addressees": ["各县（市、区）教育局"],
        "body": ["现将有关事项通知如下。请各单位填写回执（附件）。"],
        "date": "2024-10-25",
    }, "attachments": [receipt]}


def write_notice(folder: Path, formats: Sequence[str] | None = None) -> Path:
    path = folder / "notice.yaml"
    path.write_text(yaml.safe_dump(notice_data(formats), allow_unicode=True), encoding="utf-8")
    return path


def receipt_table(document: docx.document.Document) -> Table:
    return next(t for t in document.tables if t.rows[0].cells[0].text == "序号")


def set_field(document: docx.document.Document, label: str, value: str, *, how: str = "over"
              ) -> None:
    """Type ``value`` into the ``label：____`` line: over the underline (replacing the
    underlined tab, as typing over a selection does), after it, or before it."""
    para = next(p for p in document.paragraphs if p.text.startswith(label))
    line = para.runs[-1]  # the underlined tab
    if how == "over":
        line.text = value
    elif how == "after":
        para.add_run(value)
    elif how == "before":
        line.text = f"{value}\t"
    else:
        raise ValueError(how)


def fill_rows(table: Table, rows: Sequence[Sequence[str]], *, first: int = 1) -> None:
    """Type ``rows`` (姓名, 单位及职务, 手机号码, 身份证号码) from data row ``first``, adding
    rows below the printed ones as Word's Tab in the last cell does."""
    for i, values in enumerate(rows):
        r = first + i
        while r >= len(table.rows):
            new = table.add_row()
            new.cells[0].text = str(len(table.rows) - 1)
        for c, value in enumerate(values, start=1):
            if value:
                table.rows[r].cells[c].text = value


def fill_reply(form: Path, out: Path, unit: str, rows: Sequence[Sequence[str]], *,
               contact: str = "", how: str = "over") -> Path:
    document = docx.Document(str(form))
    set_field(document, "单位名称", unit, how=how)
    if contact:
        set_field(document, "联系人", contact, how=how)
    fill_rows(receipt_table(document), rows)
    document.save(str(out))
    return out


def split_cell(table: Table, row: int, column: int) -> None:
    """Split one cell into two side by side, as Word's Split Cells does: the grid gains a
    column, and every other row's cell there spans both."""
    tbl = table._tbl
    grid = tbl.tblGrid
    col = grid.findall(qn("w:gridCol"))[column]
    width = int(col.get(qn("w:w")))
    col.set(qn("w:w"), str(width // 2))
    new_col = copy.deepcopy(col)
    col.addnext(new_col)
    for r, tr in enumerate(tbl.tr_lst):
        start = 0
        for tc in tr.tc_lst:
            if start <= column < start + tc.grid_span:
                break
            start += tc.grid_span
        if r == row:
            tc.addnext(copy.deepcopy(tc))
        else:
            tc.grid_span = tc.grid_span + 1
