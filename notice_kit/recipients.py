"""Recipient lists for ``notice-kit batch``: the units a notice goes to, one package each.

Lists come as a clerk has them: a CSV saved by Excel (UTF-8, UTF-8 with BOM, or GBK — what
Excel writes on Chinese Windows), an .xlsx workbook (first sheet), or a YAML/JSON list.  A
header row ("学校名称", "单位名称", "序号,单位") is recognised and skipped, the names taken
from the column it names; a unit listed twice is refused with both line numbers, as it
would get two packages and two 份号.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from notice_kit.errors import DataError, Problem

# A heading of the names column: 单位名称, 学校名称, 收文单位, 名称, unit name, …
_HEADER = re.compile(
    r"(?:(?:收文|参会|报送|发送|参加)?(?:单位|学校|机构|部门|地区)(?:名称|名单|全称)?|名称|名单"
    r"|(?:unit|school|recipient|organi[sz]ation)s?(?:\s*name)?|names?)",
    re.IGNORECASE,
)
_NUMBER_HEADER = re.compile(r"序号|编号|no\.?|#", re.IGNORECASE)

Row = tuple[int, list[str]]  # (line or row number, cells)


def read_recipients(path: Path) -> list[str]:
    """Return the unit names listed in ``path``, in order.

    CSV and .xlsx: the column under a recognised header (default the first); YAML/JSON: a
    list, or ``recipients: [...]``.  Raises :class:`DataError` naming the file for a file
    that cannot be read, no names, or a name listed twice (with both line numbers).
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    else:
        rows = _data_rows(path)
    names = _names(rows)
    _refuse_duplicates(names, path)
    return [name for _, name in names]


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # GBK and its superset: Excel's "CSV" on Chinese Windows
    except UnicodeDecodeError:
        raise DataError([Problem("", "无法识别的编码（应为 UTF-8 或 GBK） / unknown encoding "
                                     "(expected UTF-8 or GBK)")], source=path) from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError([Problem("", f"无法读取 / cannot read: {exc.strerror or exc}")],
                        source=path) from None


def _csv_rows(path: Path) -> list[Row]:
    text = _decode(_read_bytes(path), path)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:2048], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[Row] = []
    for cells in reader:
        rows.append((reader.line_num, [c.strip() for c in cells]))
    return rows


def _xlsx_rows(path: Path) -> list[Row]:
    import openpyxl  # only for .xlsx lists
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DataError([Problem("", f"无法读取 Excel 文件 / cannot read the workbook: {exc}")],
                        source=path) from None
    try:
        sheet = book.worksheets[0]
        return [(i, [_cell(v) for v in values])
                for i, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _data_rows(path: Path) -> list[Row]:
    from notice_kit.loading import read_data_lines

    data, lines = read_data_lines(path)
    prefix = ""
    if isinstance(data, dict):
        data, prefix = data.get("recipients"), "recipients"
    if not isinstance(data, list) or not all(isinstance(n, str | int) for n in data):
        raise DataError([Problem("", "应为单位名称的列表（或 recipients: 列表） / "
                                     "expected a list of unit names (or recipients: [...])")],
                        source=path)
    return [(lines.get(f"{prefix}[{i}]", i + 1), [str(n).strip()]) for i, n in enumerate(data)]


def _names(rows: list[Row]) -> list[tuple[int, str]]:
    rows = [(line, cells) for line, cells in rows if any(cells)]
    column = 0
    if rows:
        first = rows[0][1]
        header = [i for i, c in enumerate(first) if _HEADER.fullmatch(_normal(c))]
        if header:
            column, rows = header[0], rows[1:]
        elif len(first) > 1 and _NUMBER_HEADER.fullmatch(_normal(first[0])):
            column, rows = 1, rows[1:]  # 序号, then the names
        elif len(first) > 1 and all(c.isdigit() for _, c0 in rows for c in c0[:1] if c):
            column = 1  # a numbered list without a header
    return [(line, _normal(cells[column])) for line, cells in rows
            if column < len(cells) and cells[column].strip()]


def _normal(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip()


def _refuse_duplicates(names: list[tuple[int, str]], path: Path) -> None:
    seen: dict[str, list[int]] = {}
    for line, name in names:
        seen.setdefault(name, []).append(line)
    problems = [
        Problem("", f"“{name}”重复列出：第 {'、'.join(map(str, lines))} 行（每个单位只生成一份） / "
                    f"{name!r} is listed {len(lines)} times: lines {', '.join(map(str, lines))} "
                    "(each unit gets one package)")
        for name, lines in seen.items() if len(lines) > 1
    ]
    if problems:
        raise DataError(problems, source=path)
