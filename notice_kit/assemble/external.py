"""External attachments (an existing .pdf or .docx) inside the merged PDF.

The merged .docx holds, for each external file, as many pages as the file has: the first
carries the "附件N" label, all carry the running page numbers.  After conversion the
file's own pages are laid under those pages, so the label, the page numbers and the
outline are those of the rest of the package (GB/T 9704-2012 7.3.7, 7.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PageObject, PdfReader, Transformation
from pypdf.errors import PdfReadError

from notice_kit.errors import DataError, Problem

# A PDF attachment longer than this is refused: it would make the package unwieldy and
# is almost certainly the wrong file.
MAX_PAGES = 2000


@dataclass(frozen=True)
class ExternalPdf:
    """An external attachment as PDF, ready to lay under its pages."""

    number: int
    path: Path
    pages: int


def open_external(path: Path, location: str) -> PdfReader:
    """Open an external PDF, refusing encrypted, broken or huge files with a clear error."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise DataError([Problem(location, f"PDF 已加密，无法合并 / the PDF is encrypted "
                                               f"and cannot be merged: {path.name}")])
        count = len(reader.pages)
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        if isinstance(exc, DataError):
            raise
        raise DataError([Problem(location, f"PDF 文件损坏或无法读取 / not a readable PDF: "
                                           f"{path.name} ({exc})")]) from None
    if count == 0:
        raise DataError([Problem(location, f"PDF 没有页面 / the PDF has no pages: {path.name}")])
    if count > MAX_PAGES:
        raise DataError([Problem(location, f"PDF 有 {count} 页，超过 {MAX_PAGES} 页上限 / "
                                           f"the PDF has {count} pages, over {MAX_PAGES}")])
    return reader


def lay_under(stamp_pages: list[PageObject], source: PdfReader) -> None:
    """Put each page of ``source`` under the corresponding stamp page (label, page number),
    scaled to fit the page and centred, keeping its proportions."""
    for stamp, page in zip(stamp_pages, source.pages, strict=True):
        width, height = float(stamp.mediabox.width), float(stamp.mediabox.height)
        src_w, src_h = float(page.mediabox.width), float(page.mediabox.height)
        scale = min(width / src_w, height / src_h)
        dx = (width - src_w * scale) / 2 - float(page.mediabox.left) * scale
        dy = (height - src_h * scale) / 2 - float(page.mediabox.bottom) * scale
        stamp.merge_transformed_page(
            page, Transformation().scale(scale, scale).translate(dx, dy), over=False
        )
