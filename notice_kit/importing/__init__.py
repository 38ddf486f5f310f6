"""Import last quarter's notice — a plain-text or .docx notice — as a notice package.

``import_notice(path)`` returns an :class:`ImportResult`: the :class:`~notice_kit.Package`
and notes on every value that was not in the source (placeholders, guesses, dropped text).
"""

from notice_kit.importing.core import import_notice
from notice_kit.importing.result import ImportNote, ImportResult

__all__ = ["ImportNote", "ImportResult", "import_notice"]
