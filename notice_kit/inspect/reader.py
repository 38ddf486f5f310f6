"""Reading a notice back from a file: the one entry point over the .docx and PDF readers.

Files that cannot be a notice are refused up front with a message saying what they are:
empty, of another type, a PDF that is not one, a .docx that is not a Word package.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from notice_kit.errors import InspectionError
from notice_kit.inspect.docx import read_docx
from notice_kit.inspect.model import InspectedDocument
from notice_kit.inspect.ofd import read_ofd
from notice_kit.inspect.pdf import NoTextLayerError, read_pdf

__all__ = ["NoTextLayerError", "inspect_document"]


def inspect_document(path: str | Path) -> InspectedDocument:
    """Return the notice in ``path`` (.docx, .pdf or .ofd) read back into typed elements.

    Raises :class:`~notice_kit.errors.InspectionError` when the file is missing, empty, of
    another type, encrypted or damaged; :class:`NoTextLayerError` (an InspectionError)
    for a PDF or OFD without text (a scan); :class:`~notice_kit.errors.ConversionError` when
    poppler is missing (PDF).
    """
    path = Path(path)
    if not path.is_file():
        raise InspectionError(f"{path}: 文件不存在 / no such file")
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".pdf", ".ofd"):
        raise InspectionError(
            f"{path}: 只能读取 .docx、.pdf 或 .ofd / can only read .docx, .pdf or .ofd, "
            f"got {suffix or 'no suffix'!r}"
        )
    if path.stat().st_size == 0:
        raise InspectionError(f"{path}: 文件是空的 / the file is empty (0 bytes)")
    if suffix == ".docx":
        if not zipfile.is_zipfile(path):
            raise InspectionError(f"{path}: 不是 Word (.docx) 文件，内容不是 ZIP 包 / not a readable "
                                  f".docx: not a ZIP package{_kind_hint(path)}")
        return read_docx(path)
    if suffix == ".ofd":
        if not zipfile.is_zipfile(path):
            raise InspectionError(f"{path}: 不是 OFD 文件，内容不是 ZIP 包 / not a readable "
                                  f".ofd: not a ZIP package{_kind_hint(path)}")
        return read_ofd(path)
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise InspectionError(f"{path}: 不是 PDF 文件（没有 %PDF 文件头） / not a readable "
                              f"PDF: no %PDF header{_kind_hint(path)}")
    return read_pdf(path)


def _kind_hint(path: Path) -> str:
    """What the file seems to be instead: "; it looks like a PDF" …"""
    with path.open("rb") as f:
        head = f.read(8)
    for magic, kind in ((b"%PDF-", "a PDF"), (b"PK\x03\x04", "a ZIP package (.docx?)"),
                        (b"\xd0\xcf\x11\xe0", "an old Word .doc / WPS file"),
                        (b"\x89PNG", "a PNG image"), (b"\xff\xd8", "a JPEG image")):
        if head.startswith(magic):
            return f"; it looks like {kind}"
    return ""
