"""OFD (GB/T 33190-2016) output: the package's PDF as a vector OFD.

``OfdSource(pdf).write(DocInfo(...), outline)`` gives the bytes of an .ofd file whose
pages draw the same glyphs (as text, with embedded subset fonts), rules and images as the
PDF; :mod:`notice_kit.ofd.verify` checks such a file, :mod:`notice_kit.inspect.ofd` reads
its text back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notice_kit._lazy import lazy_attributes

if TYPE_CHECKING:
    from notice_kit.ofd.convert import OfdSource, pdf_to_ofd
    from notice_kit.ofd.fonts import FontBook
    from notice_kit.ofd.model import OfdError
    from notice_kit.ofd.writer import DocInfo, OutlineEntry

__all__ = ["DocInfo", "FontBook", "OfdError", "OfdSource", "OutlineEntry", "pdf_to_ofd"]

# Looked up on first use: the inspector imports notice_kit.ofd.model alone, without pypdf
# and fontTools.
_HOME = {
    "OfdSource": "notice_kit.ofd.convert", "pdf_to_ofd": "notice_kit.ofd.convert",
    "FontBook": "notice_kit.ofd.fonts", "OfdError": "notice_kit.ofd.model",
    "DocInfo": "notice_kit.ofd.writer", "OutlineEntry": "notice_kit.ofd.writer",
}

__getattr__ = lazy_attributes(__name__, _HOME)
