"""PDF → OFD: read the PDF once, then write the whole document or any page range of it.

The PDF is the exact record of the layout (LibreOffice did the line breaking), so the OFD
is made from it: the same glyphs at the same places, the same rules and colours, the same
images. Each OFD written embeds font subsets of only the glyphs its own pages draw (a
part's fonts are its share of the package's).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from notice_kit.ofd.fonts import EmbeddedFont, FontBook
from notice_kit.ofd.model import Glyph, PageContent
from notice_kit.ofd.pdfread import read_pages
from notice_kit.ofd.writer import DocInfo, OutlineEntry, write_ofd

__all__ = ["OfdSource", "pdf_to_ofd"]


class OfdSource:
    """A PDF read for OFD output: its pages, and the fonts their glyphs need.

    Raises :class:`~notice_kit.ofd.model.OfdError` when the PDF draws with a font or image
    that cannot be carried into OFD.
    """

    def __init__(self, pdf: bytes | Path, *, book: FontBook | None = None) -> None:
        self.book = book or FontBook()
        self.pages: list[PageContent] = read_pages(pdf, self.book)

    def write(self, info: DocInfo, outline: Sequence[OutlineEntry] = (), *,
              first_page: int = 1, last_page: int | None = None,
              restricted: bool = False) -> bytes:
        """Return the OFD of pages ``first_page``..``last_page`` (1-based, inclusive);
        ``outline`` pages count from the first page written (0-based)."""
        last = len(self.pages) if last_page is None else last_page
        if not 1 <= first_page <= last <= len(self.pages):
            raise ValueError(f"page range {first_page}-{last} is outside 1-{len(self.pages)}")
        pages = self.pages[first_page - 1 : last]
        return write_ofd(pages, self._fonts(pages), info, outline, restricted=restricted)

    def _fonts(self, pages: Sequence[PageContent]) -> dict[str, EmbeddedFont]:
        """The fonts of ``pages``: per source, a subset of the glyphs drawn there."""
        uses: dict[str, Counter[tuple[str, int]]] = {}
        for page in pages:
            for item in page.items:
                if isinstance(item, Glyph):
                    uses.setdefault(item.ref.source, Counter())[(item.text, item.ref.glyph)] += 1
        return {source: self.book.font(source, uses[source]) for source in sorted(uses)}


def pdf_to_ofd(pdf: bytes | Path, info: DocInfo, outline: Sequence[OutlineEntry] = ()) -> bytes:
    """Return ``pdf`` as an OFD file with document info ``info`` and ``outline``."""
    return OfdSource(pdf).write(info, outline)
