"""The one error hierarchy of notice_kit.

Every error a user can cause derives from :class:`NoticeKitError`; where a built-in
exception describes the same thing, the subclass inherits it too, so ``except ValueError``
in a caller's script keeps working.  Messages name the file, the field and the value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class NoticeKitError(Exception):
    """Base class of every error notice_kit raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: where (a field path, and the line of the data file
    when known, in ``file`` when that is another file than the error's source) and what."""

    location: str
    message: str
    line: int | None = None
    file: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.line is not None:
            at = f"{self.file} " if self.file else ""
            text += f"（{at}第 {self.line} 行 / {at}line {self.line}）"
        return text


class DataError(NoticeKitError, ValueError):
    """The notice data (a file or Python objects) is invalid.

    ``problems`` lists every field that failed, each with its path such as
    ``attachments[1].columns``; ``source`` is the data file when there is one.
    """

    def __init__(self, problems: Sequence[Problem], source: Path | str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self._render())

    def __reduce__(self) -> tuple[type[DataError], tuple[list[Problem], Path | str | None]]:
        # Pickled whole (a batch's worker processes send errors back), not as its message.
        return (type(self), (self.problems, self.source))

    def _render(self) -> str:
        where = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return f"{where}{self.problems[0]}"
        head = f"{where}{len(self.problems)} 处错误 / {len(self.problems)} problems"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class TemplateError(NoticeKitError, ValueError):
    """A letterhead or data template could not be rendered (or was refused)."""


class LayoutError(NoticeKitError, ValueError):
    """The content cannot be laid out under the layout profile (e.g. a title too long)."""


class ConversionError(NoticeKitError, RuntimeError):
    """Converting a document (e.g. .docx to PDF) failed."""


class OutputError(NoticeKitError, OSError):
    """An output file or folder could not be written."""


class InspectionError(NoticeKitError, ValueError):
    """A file cannot be read back as a notice (missing, unsupported or corrupt)."""
