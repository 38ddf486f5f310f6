"""The 回执 as an .xlsx workbook: header cells locked, input cells open, phone and ID
columns stored as text and checked by Excel's data validation as they are typed.

The sheet is protected without a password: it keeps the header from being typed over by
accident, not from a determined user (the collector reads renamed columns anyway).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from notice_kit.receipts.form import FormSpec
from notice_kit.receipts.output import atomic_write

# Rows open for typing below the printed ones: a spreadsheet grows, paper does not.
EXTRA_ROWS = 200
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_OPEN = Protection(locked=False)
_VALIDATION = {
    "mobile": ("11", "手机号码应为 11 位数字 / a mobile number is 11 digits"),
    "id": ("18", "身份证号码应为 18 位 / an ID number has 18 characters"),
}


def make_xlsx_form(spec: FormSpec, path: Path | str) -> Path:
    """Write the 回执 ``spec`` as a fillable workbook at ``path`` (atomically)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "回执"
    wb.properties.title = spec.title
    wb.properties.keywords = "notice_kit 回执"
    width = len(spec.columns)
    ws.cell(row=1, column=1, value=spec.title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    row = 3
    for label in spec.fields:
        _field_row(ws, row, label, spec.prefilled.get(label, ""), width)
        row += 1
    # Above the table, not below: a line under it would read as a row of the reply.
    for note in spec.notes:
        ws.cell(row=row, column=1, value=note)
        row += 1
    header_row = row + 1
    for c, column in enumerate(spec.columns, start=1):
        head = ws.cell(row=header_row, column=c, value=column)
        head.font = Font(bold=True)
        head.fill = PatternFill("solid", fgColor="EDEDED")
        head.border = _BOX
        head.alignment = Alignment(horizontal="center", vertical="center")
    first = header_row + 1
    printed = spec.row_count
    rows = [list(r) for r in spec.rows] + [[""] * width for _ in range(spec.blank_rows)]
    for n, values in enumerate(rows, start=1):
        if spec.kind(spec.columns[0]) == "number" and not values[0]:
            values[0] = str(n)
        for c, value in enumerate(values, start=1):
            if value:
                ws.cell(row=first + n - 1, column=c, value=value)
    last = first + printed - 1 + EXTRA_ROWS
    for c, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(c)
        kind = spec.kind(column)
        for r in range(first, last + 1):
            cell = ws.cell(row=r, column=c)
            cell.protection = _OPEN
            cell.number_format = "@"  # 11-digit and 18-digit numbers stay text
            if r < first + printed:
                cell.border = _BOX
        ws.column_dimensions[letter].width = 8 if kind == "number" else max(
            14, 2.2 * len(column) + 4, 22 if kind in ("id", "text") else 0)
        if kind in _VALIDATION:
            length, message = _VALIDATION[kind]
            dv = DataValidation(type="textLength", operator="equal", formula1=length,
                                allow_blank=True, showErrorMessage=True,
                                errorTitle=column, error=message)
            dv.add(f"{letter}{first}:{letter}{last}")
            ws.add_data_validation(dv)
    ws.freeze_panes = f"A{first}"
    ws.protection.sheet = True
    ws.protection.insertRows = False  # allowed: a unit may need more rows
    ws.protection.formatColumns = False
    return atomic_write(Path(path), wb.save)


def _field_row(ws: Worksheet, row: int, label: str, value: str, width: int) -> None:
    ws.cell(row=row, column=1, value=f"{label}：").font = Font(bold=True)
    ws.cell(row=row, column=2, value=value or None)
    if width > 2:
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
    cell = ws.cell(row=row, column=2)
    cell.border = Border(bottom=_THIN)
    # A name the batch pre-filled stays as it is: replies must match the unit exactly.
    cell.protection = Protection(locked=bool(value))
