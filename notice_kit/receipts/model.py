"""The data a collection produces: rows, problems, and what became of each reply file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from notice_kit.errors import NoticeKitError

Severity = Literal["error", "warning"]


class ReplyError(NoticeKitError, ValueError):
    """A reply file cannot be read as a 回执 of the notice (the message names the file)."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.reason = message
        super().__init__(f"{self.path.name}: {message}")

    def __reduce__(self) -> tuple[type[ReplyError], tuple[Path, str]]:
        return (type(self), (self.path, self.reason))


@dataclass(frozen=True)
class Issue:
    """One problem found in the replies: which file, data row and column, and what."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" 第{self.row}行"
        if self.column:
            where += f" {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Cell:
    """A table cell as read: its text and the grid columns it covers [start, end)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class RawTable:
    """A table as a reader found it, before its columns are matched to the form's."""

    rows: list[list[Cell]]
    # Data rows whose cells continue a vertically merged cell: (row index, grid column).
    continued: frozenset[tuple[int, int]] = frozenset()


@dataclass
class RawReply:
    """What a reader got out of one reply file, not yet matched to the form."""

    path: Path
    format: Literal["docx", "pdf", "xlsx", "csv"]
    lines: list[str] = field(default_factory=list)  # text outside tables, in order
    tables: list[RawTable] = field(default_factory=list)
    # Values the format names directly (PDF form fields): field label → value, and
    # data row number → column → value.
    fields: dict[str, str] = field(default_factory=dict)
    named_rows: dict[int, dict[str, str]] | None = None
    converted_from: str | None = None  # ".doc" when LibreOffice converted it first


@dataclass(frozen=True)
class ReplyRow:
    """One filled row of one reply: the unit, a value per column, and where it came from."""

    unit: str
    values: dict[str, str]  # form column → value
    file: str
    row: int  # data row of the form (docx, PDF) or row of the sheet (xlsx, csv)
    fields: dict[str, str] = field(default_factory=dict)  # the other header fields
    problems: tuple[str, ...] = ()


@dataclass
class ReplyFile:
    """What became of one reply file."""

    path: Path
    status: Literal["collected", "duplicate", "failed"]
    unit: str = ""
    rows: int = 0
    message: str = ""
    duplicate_of: str | None = None


@dataclass
class Collection:
    """Everything :func:`notice_kit.receipts.collect` found."""

    title: str
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    rows: list[ReplyRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: list[ReplyFile] = field(default_factory=list)
    not_replied: list[str] | None = None  # None: no recipients list was given
    unknown_units: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]
