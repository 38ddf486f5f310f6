"""Reading a PDF notice back: lines with positions (pdftotext), fonts and colours
(pdftohtml), rules and table grids (the page's drawing operators, via pypdf), and the top
of the red mark's ink (a few rows rendered by pdftoppm).

Lines are joined into paragraphs the way they were laid out: a line that starts flush left
right under a full line continues it (GB/T 9704 7.3.3: paragraphs start two characters in),
also across a page break.  Where the text block is comes from the text itself (the left
edge of flush lines, the right edge of full ones), so other margins read back too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from notice_kit.errors import InspectionError
from notice_kit.inspect.classify import classify, group_attachments
from notice_kit.inspect.model import Element, Format, Geometry, InspectedDocument
from notice_kit.inspect.pdf_drawing import page_segments
from notice_kit.inspect.pdf_frame import Frame, measure_frames
from notice_kit.inspect.pdf_ink import measure_mark
from notice_kit.inspect.pdf_page import Page, line_box, style_of
from notice_kit.inspect.pdf_paragraphs import pdf_pieces
from notice_kit.inspect.pdftext import PT_PER_MM, WordLine, read_font_spans, read_word_lines
from notice_kit.inspect.pieces import body_size


class NoTextLayerError(InspectionError):
    """A PDF whose pages carry no text (a scan): nothing to read back or check."""


def read_pdf(path: Path) -> InspectedDocument:
    """Return the notice in the PDF at ``path`` read back.

    Raises :class:`InspectionError` when the file is not a readable PDF or is encrypted,
    :class:`NoTextLayerError` when it has no text (a scan), and
    :class:`~notice_kit.errors.ConversionError` when poppler-utils is missing.
    """
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # a damaged file: our one message, not pypdf's warnings
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InspectionError(f"{path}: PDF 已加密，需要密码才能打开 / the PDF is encrypted "
                                  "and needs a password to open")
        segments = [list(page_segments(reader, n)) for n in range(len(reader.pages))]
    except (PdfReadError, ValueError, OSError, NotImplementedError) as exc:
        if isinstance(exc, InspectionError):
            raise
        raise InspectionError(f"{path}: 不是可读取的 PDF，文件可能已损坏 / not a readable PDF, "
                              f"perhaps damaged ({exc})") from exc
    finally:
        pypdf_log.setLevel(level)
    word_pages = read_word_lines(path)
    if not any(ln.text.strip() for page in word_pages for ln in page):
        raise NoTextLayerError(
            f"{path}: PDF 无文字层（扫描件？），无法读取或检查；请用原 .docx 或带文字的 PDF / "
            f"the PDF has no text layer (a scan?): nothing to read or check — use the .docx "
            f"or a PDF with text ({len(word_pages)} page(s), images only)")
    span_pages = read_font_spans(path)
    sizes = [(float(p.mediabox.width) / PT_PER_MM, float(p.mediabox.height) / PT_PER_MM)
             for p in reader.pages]
    pages = [Page(n + 1, *sizes[n], words, span_pages[n] if n < len(span_pages) else [],
                   segments[n]) for n, words in enumerate(word_pages)]
    return read_pages(path, "pdf", pages, lambda elements: measure_mark(path, elements))


def read_pages(path: Path, fmt: Format, pages: list[Page],
               measure_ink: Callable[[list[Element]], None]) -> InspectedDocument:
    """Return the notice laid out on ``pages`` (their raw lines, font pieces and strokes,
    from a PDF or an OFD) read back; ``measure_ink`` sets the mark's ink top."""
    for page in pages:
        page.prepare()
    frame, frames = measure_frames(pages)
    pieces = pdf_pieces(pages, frames)
    size = body_size(pieces) or frame.size_pt
    elements = classify(pieces, size)
    elements += _page_number_elements(pages, start=len(elements))
    measure_ink(elements)
    return InspectedDocument(
        path=str(path), format=fmt, page_count=len(pages),
        geometry=_geometry(pages, frame, frames), elements=elements,
        attachments=group_attachments(elements), pages=[p.info() for p in pages],
        body_size_pt=size,
        line_pitch_mm=round(frame.measured_pitch, 3) if frame.measured_pitch else None,
    )


def _page_number_elements(pages: list[Page], start: int) -> list[Element]:
    out: list[Element] = []
    for page in pages:
        line = page.page_number
        if line is None:
            continue
        spans = page.spans_of(line)
        style = style_of(spans)
        out.append(Element(kind="page_number", index=start + len(out), text=line.spaced_text,
                           lines=[line.spaced_text], font=style.font, size_pt=style.size_pt,
                           page=page.number, x_mm=round(line.x0, 2), y_mm=round(line.top, 2),
                           boxes=[line_box(line)], spans=spans, area="页脚 / footer"))
    return out


def _geometry(pages: list[Page], frame: Frame, frames: dict[int, Frame]) -> list[Geometry]:
    """Paper per run of pages of one size; margins measured where the body text stands on
    them.  The top is taken from pages that begin with body text (not a mark, a title or
    the 版记)."""
    runs: list[list[Page]] = []
    for page in pages:
        if runs and (round(runs[-1][0].width, 2), round(runs[-1][0].height, 2)) == \
                (round(page.width, 2), round(page.height, 2)):
            runs[-1].append(page)
        else:
            runs.append([page])
    return [_run_geometry(run, frames[run[0].number], frame.size_pt) for run in runs]


def _run_geometry(run: list[Page], frame: Frame, size_pt: float) -> Geometry:
    def is_body(page: Page, line: WordLine) -> bool:
        return abs((style_of(page.spans_of(line)).size_pt or 0) - size_pt) < 0.6

    body = [ln for p in run for ln in p.lines if is_body(p, ln)]
    firsts = [p.lines[0] for p in run if p.lines and is_body(p, p.lines[0])]
    top = min((ln.top for ln in firsts), default=None)
    bottom = max((ln.bottom for ln in body), default=None)
    page = run[0]
    right = frame.measured_right
    return Geometry(
        where=f"第{page.number}页起 / from p.{page.number}",
        page_width_mm=round(page.width, 2), page_height_mm=round(page.height, 2),
        margin_left_mm=round(frame.left, 2) if body else None,
        margin_right_mm=round(page.width - right, 2) if right else None,
        margin_top_mm=round(top, 2) if top is not None else None,
        margin_bottom_mm=round(page.height - bottom, 2) if bottom is not None else None,
        measured=True,
    )
