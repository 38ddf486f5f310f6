"""Reading a notice back from a file: the one entry point over the .docx and PDF readers."""

from __future__ import annotations

from pathlib import Path

from notice_kit.errors import InspectionError
from notice_kit.inspect.docx import read_docx
from notice_kit.inspect.model import InspectedDocument
from notice_kit.inspect.pdf import read_pdf


def inspect_document(path: str | Path) -> InspectedDocument:
    """Return the notice in ``path`` (.docx or .pdf) read back into typed elements.

    Raises :class:`~notice_kit.errors.InspectionError` when the file is missing, of another
    type, or cannot be read; :class:`~notice_kit.errors.ConversionError` when poppler is
    missing (PDF).
    """
    path = Path(path)
    if not path.is_file():
        raise InspectionError(f"{path}: 文件不存在 / no such file")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".pdf":
        return read_pdf(path)
    raise InspectionError(
        f"{path}: 只能读取 .docx 或 .pdf / can only read .docx or .pdf, got {suffix or 'no suffix'!r}"
    )
