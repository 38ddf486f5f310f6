"""Reading notices back from .docx, PDF and OFD files.

:mod:`~notice_kit.inspect.reader` (``inspect_document``, the entry point) hands a file to
:mod:`~notice_kit.inspect.docx` or :mod:`~notice_kit.inspect.pdf`.  A PDF is read in
stages, one module each: :mod:`~notice_kit.inspect.pdftext` (poppler's text and fonts),
:mod:`~notice_kit.inspect.pdf_drawing` (rules and table borders),
:mod:`~notice_kit.inspect.pdf_page` (a page's lines and tables),
:mod:`~notice_kit.inspect.pdf_frame` (the text block as measured),
:mod:`~notice_kit.inspect.pdf_paragraphs` (lines joined into paragraphs) and
:mod:`~notice_kit.inspect.pdf_ink` (the mark's red ink).  An OFD is read by
:mod:`~notice_kit.inspect.ofd` into the same lines, font pieces and strokes, then through
the same stages.  The readers hand
:mod:`~notice_kit.inspect.pieces` to :mod:`~notice_kit.inspect.classify`, which names them
with :mod:`~notice_kit.inspect.conventions`, :mod:`~notice_kit.inspect.fonts` and
:mod:`~notice_kit.inspect.run_in`, and return the models of :mod:`~notice_kit.inspect.model`.
"""
