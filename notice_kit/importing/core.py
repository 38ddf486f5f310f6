"""``import_notice``: a plain-text or .docx notice → a :class:`Package` and notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from notice_kit.errors import DataError, Problem
from notice_kit.importing.common import Draft, not_a_notice, notice_data
from notice_kit.importing.encoding import read_text_file
from notice_kit.importing.lines import source_lines
from notice_kit.importing.result import ImportNote, ImportResult
from notice_kit.importing.text import draft_from_text
from notice_kit.models.body import Paragraph
from notice_kit.models.package import Package

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})


def import_notice(path: str | Path, *, today: dt.date | None = None) -> ImportResult:
    """Read the notice in ``path`` (plain text or .docx) into a package.

    What the source does not carry but a notice requires (成文日期, 发文机关) is filled
    with a placeholder, and every such value — and every change made to the text — is
    listed in :attr:`ImportResult.notes`.  ``today`` is the placeholder date (default:
    today).  A notice whose parts cannot be told apart is imported as paragraphs.
    Raises :class:`~notice_kit.errors.DataError` naming the file when it is not a notice
    (empty, binary, not Chinese text, no body).
    """
    path = Path(path)
    if not path.is_file():
        raise not_a_notice(path, "文件不存在", "no such file")
    day = today or dt.date.today()
    draft, plain = _draft(path)
    try:
        return _result(draft, day)
    except (ValidationError, ValueError) as exc:
        # The structure read is not valid data: fall back to the text as paragraphs.
        fallback = _paragraphs(path, plain, draft.notes, exc)
        try:
            return _result(fallback, day)
        except ValidationError as again:
            raise DataError([Problem(".".join(map(str, e["loc"])), e["msg"])
                             for e in again.errors()], source=path) from again


def _result(draft: Draft, today: dt.date) -> ImportResult:
    data: dict[str, Any] = {"notice": notice_data(draft, today), "attachments": draft.attachments}
    return ImportResult(package=Package.model_validate(data), notes=draft.notes)


def _draft(path: Path) -> tuple[Draft, str]:
    """The draft read from ``path`` and its plain text (for the paragraphs fallback)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from notice_kit.importing.docx import draft_from_docx

        return draft_from_docx(path)
    if suffix in TEXT_SUFFIXES:
        text, notes = read_text_file(path)
        return draft_from_text(path, text, notes), text
    raise not_a_notice(path, f"不支持的文件类型 {suffix}（可导入 .txt 或 .docx）",
                       f"unsupported file type {suffix} (import reads .txt or .docx)")


def _paragraphs(path: Path, text: str, notes: list[ImportNote], exc: Exception) -> Draft:
    """The whole text as paragraphs under its first line as the title."""
    lines = [ln.text for ln in source_lines(text) if ln.text]
    if len(lines) < 2:
        raise not_a_notice(path, "找不到正文", "no body text found") from exc
    kept = [n for n in notes if n.field == "source"]
    draft = Draft(title=lines[0], body=[Paragraph(text=ln) for ln in lines[1:]], notes=kept)
    reason = _reason(exc)
    draft.notes.append(ImportNote("notice.body", f"读出的结构不是有效数据（{reason}），全文按段落导入，"
                                  "请手工整理 / the structure read is not valid data "
                                  f"({reason}): every line imported as a paragraph"))
    return draft


def _reason(exc: Exception) -> str:
    """The validation errors that forced the fallback: where and what, the first three."""
    if not isinstance(exc, ValidationError):
        return str(exc)[:200]
    errors = exc.errors()
    parts = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors[:3]]
    more = f"；另有 {len(errors) - 3} 处 / {len(errors) - 3} more" if len(errors) > 3 else ""
    return "；".join(parts) + more
