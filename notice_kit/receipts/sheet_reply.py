"""Reading a spreadsheet reply (.xlsx, .csv): every sheet as a table of cell texts."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import zipfile
from pathlib import Path

from notice_kit.receipts.model import Cell, RawReply, RawTable, ReplyError

# Spreadsheets exported in China are often GBK; GB 18030 reads GBK and more.
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")
MAX_SHEET_ROWS = 20_000


def read_xlsx(path: Path) -> RawReply:
    """Return every sheet of the workbook at ``path`` as a table.

    Raises :class:`ReplyError` for an encrypted, corrupt or non-.xlsx file.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        head = path.read_bytes()[:8]
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise ReplyError(path, "表格有密码保护或是旧版 .xls 格式，无法读取 / password-protected "
                                   "or an old .xls workbook: save it as .xlsx")
        workbook = load_workbook(path, read_only=True, data_only=True)
    except ReplyError:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReplyError(path, f"不是有效的 .xlsx 文件 / not a valid .xlsx file ({exc})") from None
    reply = RawReply(path=path, format="xlsx")
    try:
        for sheet in workbook.worksheets:
            rows: list[list[Cell]] = []
            for values in sheet.iter_rows(values_only=True, max_row=MAX_SHEET_ROWS):
                rows.append([Cell(_text(v), i, i + 1) for i, v in enumerate(values)])
            reply.tables.append(RawTable(rows))
    finally:
        workbook.close()
    for table in reply.tables:
        reply.lines.extend(_lines(table))
    return reply


def read_csv(path: Path) -> RawReply:
    """Return the rows of the CSV file at ``path`` (UTF-8 or GBK) as one table."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReplyError(path, f"无法读取 / cannot read: {exc.strerror}") from None
    for encoding in _CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ReplyError(path, "无法识别的文字编码 / unknown text encoding")
    if "\x00" in text:
        raise ReplyError(path, "不是文本格式的 CSV 文件 / not a text CSV file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [[Cell(v, i, i + 1) for i, v in enumerate(row)]
            for row in csv.reader(text.splitlines(), dialect)]
    table = RawTable(rows[:MAX_SHEET_ROWS])
    return RawReply(path=path, format="csv", tables=[table], lines=list(_lines(table)))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone typed into a number cell: 13812345678.0
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _lines(table: RawTable) -> list[str]:
    """Lines for finding the title and ``单位名称``: each row's cells joined, and
    ``label：value`` for a label cell followed by its value."""
    lines: list[str] = []
    for cells in table.rows[:40]:
        texts = [c.text.strip() for c in cells if c.text.strip()]
        lines.append(" ".join(texts))
        for a, b in itertools.pairwise(texts):
            if not a.endswith(("：", ":")):
                lines.append(f"{a}：{b}")
            else:
                lines.append(f"{a}{b}")
    return lines
