"""Writing the collected table: .xlsx (汇总, 问题, 未回复 sheets) and .csv, each atomically
(written beside the target and moved into place, so a reader never sees half a file)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from notice_kit.errors import OutputError
from notice_kit.receipts.model import Collection

UNIT = "单位"
SOURCE = ("来源文件", "行", "问题")


def table_header(collection: Collection) -> list[str]:
    """The summary table's header: unit, other header fields, columns, source, row, problems."""
    return [UNIT, *collection.fields[1:], *collection.columns, *SOURCE]


def table_rows(collection: Collection) -> list[list[str | int]]:
    """The summary table's rows, in the order the replies were read."""
    rows: list[list[str | int]] = []
    for r in collection.rows:
        rows.append([r.unit, *(r.fields.get(f, "") for f in collection.fields[1:]),
                     *(r.values.get(c, "") for c in collection.columns),
                     r.file, r.row, "；".join(r.problems)])
    return rows


def write_csv(collection: Collection, path: Path | str) -> Path:
    """Write the summary table as CSV (UTF-8 with BOM, which Excel opens as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table_header(collection))
    writer.writerows(table_rows(collection))
    data = buffer.getvalue().encode("utf-8-sig")
    return atomic_write(Path(path), lambda f: f.write_bytes(data))


def write_xlsx(collection: Collection, path: Path | str) -> Path:
    """Write the summary (汇总), the problems (问题) and, with a recipients list, the units
    that have not replied (未回复) as an .xlsx workbook; numbers are stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "汇总"
    header = table_header(collection)
    ws.append(header)
    flagged = PatternFill("solid", fgColor="FFF2CC")
    for row in table_rows(collection):
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.number_format = "@"  # 11-digit phones and ID numbers stay text
        if row[-1]:
            for cell in ws[ws.max_row]:
                cell.fill = flagged
    _style_header(ws, Font(bold=True))
    for i, name in enumerate(header, start=1):
        width = max([len(name) * 2] + [len(str(c.value or "")) * 2 for c in ws[get_column_letter(i)]])
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width))
    problems = wb.create_sheet("问题")
    problems.append(["文件", "行", "列", "级别", "问题"])
    for issue in collection.issues:
        problems.append([issue.file, issue.row, issue.column or "",
                         "错误" if issue.severity == "error" else "提示", issue.message])
    _style_header(problems, Font(bold=True))
    files = wb.create_sheet("文件")
    files.append(["文件", "结果", "单位", "行数", "说明"])
    status = {"collected": "已收集", "duplicate": "重复，未计入", "failed": "未能读取"}
    for f in collection.files:
        files.append([f.path.name, status[f.status], f.unit, f.rows, f.message])
    _style_header(files, Font(bold=True))
    if collection.not_replied is not None:
        missing = wb.create_sheet("未回复")
        missing.append(["未回复单位"])
        for unit in collection.not_replied:
            missing.append([unit])
        _style_header(missing, Font(bold=True))
    return atomic_write(Path(path), wb.save)


def _style_header(ws: object, font: object) -> None:
    for cell in ws[1]:  # type: ignore[index]
        cell.font = font
    ws.freeze_panes = "A2"  # type: ignore[attr-defined]


def _umask() -> int:
    """The process's umask, read without setting it (os.umask would change it for a moment
    for every thread: batch builds write files in parallel)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Write ``path`` through ``write`` on a temporary file beside it, then move it in."""
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        write(tmp)
        # mkstemp makes the file private (0600); give it the mode any new file gets.
        tmp.chmod(0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: 无法写入 / cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp is not None and tmp.exists():
            tmp.unlink()
    return path
