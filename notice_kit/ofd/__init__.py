"""OFD (GB/T 33190-2016) output: the package's PDF as a vector OFD.

``OfdSource(pdf).write(DocInfo(...), outline)`` gives the bytes of an .ofd file whose
pages draw the same glyphs (as text, with embedded subset fonts), rules and images as the
PDF; :mod:`notice_kit.ofd.verify` checks such a file, :mod:`notice_kit.inspect.ofd` reads
its text back.
"""

from notice_kit.ofd.convert import OfdSource, pdf_to_ofd
from notice_kit.ofd.fonts import FontBook
from notice_kit.ofd.model import OfdError
from notice_kit.ofd.writer import DocInfo, OutlineEntry

__all__ = ["DocInfo", "FontBook", "OfdError", "OfdSource", "OutlineEntry", "pdf_to_ofd"]
