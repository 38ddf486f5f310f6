"""Tables in a text copy: TAB-separated rows, or columns aligned with runs of spaces."""

from __future__ import annotations

import re
from collections import Counter

from notice_kit.importing.lines import Line
from notice_kit.importing.result import ImportNote
from notice_kit.models.body import Table

_BLANK_ROW = re.compile(r"^\d{1,3}$")


def is_row(line: Line) -> bool:
    """Whether ``line`` may be a table row: cells between tabs, or 2+ space-aligned cells."""
    return bool(line.text) and (line.tab or len(line.cells) >= 2)


def table_width(line: Line) -> int:
    return len([c for c in line.cells if c]) if line.tab else len(line.cells)


def table_runs(lines: list[Line]) -> list[tuple[int, int]]:
    """Return the (start, end) index ranges of ``lines`` that form tables.

    A run of TAB rows is a table (one row of several cells is enough: the tab says so);
    space-aligned rows need two lines or more, most with the same number of cells — a
    single line with a wide gap ("联系人：张三    电话：…") stays a paragraph.
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not is_row(lines[i]):
            i += 1
            continue
        tabbed = lines[i].tab
        j = i
        while j < len(lines) and lines[j].text and is_row(lines[j]) and lines[j].tab == tabbed:
            j += 1
        # Blank rows of a form to fill in keep only their number: "1", "2", …
        while j < len(lines) and _BLANK_ROW.match(lines[j].text) and j > i:
            j += 1
        rows = [ln for ln in lines[i:j] if not _BLANK_ROW.match(ln.text)] or lines[i:j]
        counts = Counter(table_width(r) for r in rows)
        width, most = counts.most_common(1)[0]
        aligned = j - i >= 2 and width >= 2 and most >= 0.6 * len(rows)
        if (j - i >= 2 or width >= 2) if tabbed else aligned:
            runs.append((i, j))
        i = j
    return runs


def read_table(rows: list[Line], where: str, notes: list[ImportNote]) -> tuple[list[str], list[list[str]]]:
    """Return (columns, rows) of the table in ``rows``: the first row is the header.

    Rows of unequal width are padded with empty cells (and noted); one cell per line,
    each behind a tab (a PDF or web copy of a one-row form), makes those lines the columns.
    """
    cells = [r.cells for r in rows]
    if all(r.tab and len([c for c in row if c]) == 1 for r, row in zip(rows, cells, strict=True)):
        return [next(c for c in row if c) for row in cells], []
    width = max(len(c) for c in cells)
    if any(len(c) != width and not _BLANK_ROW.match(r.text) for r, c in zip(rows, cells, strict=True)):
        notes.append(ImportNote(where, f"第{rows[0].no}–{rows[-1].no}行 / lines {rows[0].no}–"
                                f"{rows[-1].no}: 表格各行格数不一，已补空格 / rows of unequal "
                                f"width padded to {width} cells, please check"))
    padded = [c + [""] * (width - len(c)) for c in cells]
    return padded[0], padded[1:]


def make_table(rows: list[Line], title: str | None, where: str,
               notes: list[ImportNote]) -> Table:
    columns, data = read_table(rows, where, notes)
    return Table(title=title, columns=columns, rows=data)
