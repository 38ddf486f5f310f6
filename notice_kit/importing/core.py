"""``import_notice``: a plain-text or .docx notice → a :class:`Package` and notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import ValidationError

from notice_kit.errors import DataError, Problem
from notice_kit.importing.common import Draft, not_a_notice, notice_data
from notice_kit.importing.result import ImportResult
from notice_kit.importing.text import draft_from_text, read_text_file
from notice_kit.models.package import Package

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})


def import_notice(path: str | Path, *, today: dt.date | None = None) -> ImportResult:
    """Read the notice in ``path`` (plain text or .docx) into a package.

    What the source does not carry but a notice requires (成文日期, 发文机关) is filled
    with a placeholder, and every such value is listed in :attr:`ImportResult.notes`.
    ``today`` is the placeholder date (default: today).  Raises
    :class:`~notice_kit.errors.DataError` naming the file when it is not a notice.
    """
    path = Path(path)
    if not path.is_file():
        raise not_a_notice(path, "文件不存在", "no such file")
    draft = _draft(path)
    data = {"notice": notice_data(draft, today or dt.date.today()),
            "attachments": draft.attachments}
    try:
        package = Package.model_validate(data)
    except ValidationError as exc:
        # Should not happen for what the readers produce; say where if it does.
        raise DataError([Problem(".".join(map(str, e["loc"])), e["msg"])
                         for e in exc.errors()], source=path) from exc
    return ImportResult(package=package, notes=draft.notes)


def _draft(path: Path) -> Draft:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from notice_kit.importing.docx import draft_from_docx

        return draft_from_docx(path)
    if suffix in TEXT_SUFFIXES:
        return draft_from_text(path, read_text_file(path))
    raise not_a_notice(path, f"不支持的文件类型 {suffix}（可导入 .txt 或 .docx）",
                       f"unsupported file type {suffix} (import reads .txt or .docx)")
