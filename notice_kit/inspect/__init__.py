"""Reading notices back from .docx and PDF files.

:mod:`~notice_kit.inspect.reader` (``inspect_document``, the entry point) hands a file to
:mod:`~notice_kit.inspect.docx` or :mod:`~notice_kit.inspect.pdf` (with
:mod:`~notice_kit.inspect.pdftext` for poppler's text); both name what they find with
:mod:`~notice_kit.inspect.classify` and return the models of :mod:`~notice_kit.inspect.model`.
"""
