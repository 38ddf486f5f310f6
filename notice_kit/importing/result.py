"""What an import returns: the package, and what the reader should check in it."""

from __future__ import annotations

from dataclasses import dataclass, field

from notice_kit.models.package import Package


@dataclass(frozen=True)
class ImportNote:
    """One thing the importer could not read from the source and set, guessed or dropped.

    ``field`` is the place in the data file (``notice.date``), ``value`` what was put
    there (None when the field was left out), ``message`` says why, in both languages.
    """

    field: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        value = f"（= {self.value}）" if self.value is not None else ""
        return f"{self.field}{value}: {self.message}"


@dataclass
class ImportResult:
    """The imported :class:`Package` and the notes on it, in the order they were made."""

    package: Package
    notes: list[ImportNote] = field(default_factory=list)

    @property
    def guessed(self) -> dict[str, str | None]:
        """``{field: value}`` of every note: the values not read from the source."""
        return {note.field: note.value for note in self.notes}
