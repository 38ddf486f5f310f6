"""The PDF side of a build: convert the merged .docx once, place the 版记, lay external
files in, finish the merged PDF and cut one PDF per part."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from notice_kit.assemble.pagination import (
    PaginationFault,
    form_attachments,
    pagination_faults,
    split_point,
)
from notice_kit.assemble.parts import PartPages, PartSpec, PdfMetadata
from notice_kit.inspect.pdftext import PageLines, read_lines
from notice_kit.layout.profile import LayoutProfile
from notice_kit.manifest import FontReport
from notice_kit.models import FileAttachment, Package
from notice_kit.render.docx.body import ends_with_table
from notice_kit.render.docx.fitting import AS_WRITTEN, Fitting
from notice_kit.render.docx.package import keywords, part_bookmark, render_package_docx

if TYPE_CHECKING:
    from pypdf import PdfReader

# Rows of a body-ending table carried to the 署名's page when LibreOffice left it alone:
# two, as a typesetter brings at least two lines over.
CARRY_ROWS = 2
# Blank lines of the closing chain shortened to this part of a line when that lets page 1
# keep its body text.
TIGHT_BLANK = 0.5


class Converter(Protocol):
    """Turns a .docx into a PDF (written atomically); raises ConversionError.

    Bookmarks of the .docx must become named destinations of the PDF (that is how each
    part's first page is found); ``pdfa`` asks for PDF/A-2b, ``watermark`` for a text
    across every page.
    """

    def convert(self, docx: Path, pdf: Path, *, pdfa: bool = False,
                watermark: str | None = None) -> None: ...


@dataclass(frozen=True)
class PdfOutcome:
    merged: bytes
    ranges: list[PartPages]
    parts: dict[tuple[str, int | None], bytes]
    fonts: FontReport | None
    pagination: list[PaginationFault]


def make_pdfs(
    stage: Path, merged_docx: Path, package: Package, conv: Converter, profile: LayoutProfile,
    fonts: Callable[[], FontReport], converted: Callable[[], None] | None = None,
) -> PdfOutcome:
    """Return the finished merged PDF and one PDF per part.

    ``merged_docx`` is rewritten when the 版记 has to move (so the .docx matches the PDF),
    unless external files are in the package: then a separate source with room for their
    pages is converted, and the .docx keeps a pointer page per file.  ``converted`` is
    called once ``conv`` will not be needed again (a build stops its own LibreOffice then,
    while the PDFs are finished).
    """
    externals = _external_pdfs(stage, package, conv)
    pages = {n: len(r.pages) for n, r in externals.items()}
    source = merged_docx
    if externals:
        source = stage / ".pdf-source.docx"
        source.write_bytes(render_package_docx(package, profile, external_pages=pages).data)
    raw = stage / ".merged-raw.pdf"
    meta = pdf_metadata(package)

    def convert() -> None:
        conv.convert(source, raw, pdfa=package.options.pdfa, watermark=_watermark(package))

    with ThreadPoolExecutor(max_workers=3) as pool:
        # Reading font coverage, reading the PDF's text (poppler) and finishing it (pypdf)
        # overlap: LibreOffice and pdftotext are processes of their own.  pypdf is imported
        # while LibreOffice converts, before the font report in the same thread (never two
        # imports of one library at once: fontTools is used by both).
        report = pool.submit(_load_finishing, fonts)
        convert()
        text = pool.submit(read_lines, raw, own=True)
        # Finished on speculation while the text is read: kept unless the 版记 or a table
        # ending the body makes a second conversion necessary (then done again).
        finished: Future[_Finished] = pool.submit(_finish, raw, package, meta, externals)
        def early_faults() -> set[str]:
            return {f.rule for f in pagination_faults(raw, package, pages=text.result())}

        fitting = AS_WRITTEN

        def relay(fix: Fitting) -> None:
            nonlocal fitting, text, finished
            fitting = fix
            source.write_bytes(render_package_docx(
                package, profile, external_pages=pages or None, fitting=fitting).data)
            finished.exception()  # the speculative finishing must be done with the old file
            convert()
            text, finished = _reread(pool, raw, package, meta, externals)

        for fix in _fittings(package, early_faults()):
            relay(fix)
            now = early_faults()
            if "first-page-empty" not in now:
                if "signature-alone" in now and not fitting.keep_body_end:
                    # The paragraph let go stayed whole on page 1: cut it where LibreOffice
                    # broke its lines and carry the last ones over with the 署名.
                    cut = split_point(package, text.result())
                    # A one-line paragraph cannot be cut: then the 署名 keeps its body text
                    # (7.3.5) and the build reports page 1 instead.
                    relay(Fitting(split_last_paragraph=cut) if cut else AS_WRITTEN)
                break
        last = package.attachments[-1] if package.attachments else None
        if not package.notice.colophon.is_empty:
            from notice_kit.assemble.colophon import colophon_placement

            placement = colophon_placement(raw, package, profile, pages=text.result(),
                                           alone=isinstance(last, FileAttachment))
            if placement != "same-page":
                source.write_bytes(render_package_docx(
                    package, profile, colophon=placement, external_pages=pages or None,
                    fitting=fitting).data)
                finished.exception()
                convert()
                text, finished = _reread(pool, raw, package, meta, externals)
        if converted is not None:
            converted()  # the last conversion is behind: what follows reads the PDF
        merged, ranges, split = finished.result()
        forms = set(form_attachments(package))
        faults = pagination_faults(raw, package, [(r.spec.number, r.first_page, r.last_page)
                                                  for r in ranges if r.spec.number in forms],
                                   pages=text.result())
        font_report = report.result()
    raw.unlink()
    if package.options.internal:
        from notice_kit.assemble.pdf import protect

        merged = protect(merged)
        split = {key: protect(data) for key, data in split.items()}
    return PdfOutcome(merged, ranges, split, font_report, faults)


def _fittings(package: Package, faults: set[str]) -> list[Fitting]:
    """The adjustments to try, in order, for what the first conversion showed.

    - The 署名 alone after a table ending the body: LibreOffice ignores keep-with-next on
      a table's last row (measured), so start the table's last rows on the 署名's page.
    - Page 1 without body text: the keep chain (body's last paragraph, 附件说明, 署名) did
      not fit below the body, and LibreOffice moved the paragraph whole rather than split
      it.  First shorten the chain's blank lines (调整行距, 7.3.5); if page 1 is still
      empty, let the paragraph split — its last lines usually still reach the 署名 page,
      and the final check reports the page if they do not.
    """
    if "signature-alone" in faults and ends_with_table(package.notice.body):
        return [Fitting(carry_rows=CARRY_ROWS)]
    if "first-page-empty" in faults:
        return [Fitting(closing_blank_scale=TIGHT_BLANK), Fitting(keep_body_end=False)]
    return []


_Finished = tuple[bytes, list[PartPages], dict[tuple[str, int | None], bytes]]


def _finish(raw: Path, package: Package, meta: PdfMetadata,
            externals: dict[int, PdfReader]) -> _Finished:
    """The finished merged PDF, its part ranges and one PDF per part."""
    from notice_kit.assemble.pdf import finished_writer, pdf_bytes, split_part

    writer, ranges = finished_writer(raw, part_specs(package), meta, externals)
    merged = pdf_bytes(writer)
    # Cut from the finished PDF in memory (the same bytes as from reading it back, without
    # parsing it again: a third of the cutting's time).
    split = {(r.spec.role, r.spec.number): split_part(writer, r, meta) for r in ranges}
    return merged, ranges, split


def _reread(pool: ThreadPoolExecutor, raw: Path, package: Package, meta: PdfMetadata,
            externals: dict[int, PdfReader]) -> tuple[Future[list[PageLines]], Future[_Finished]]:
    return (pool.submit(read_lines, raw, own=True),
            pool.submit(_finish, raw, package, meta, externals))


def _load_finishing(then: Callable[[], FontReport]) -> FontReport:
    """Import what finishes the PDF (pypdf, ~0.15 s), then run ``then``: called while
    LibreOffice converts."""
    import notice_kit.assemble.colophon
    import notice_kit.assemble.pdf  # noqa: F401

    return then()


def _watermark(package: Package) -> str | None:
    return package.options.watermark if package.options.internal else None


def part_specs(package: Package) -> list[PartSpec]:
    specs = [PartSpec(part_bookmark(0), "notice", None, None, package.title_text)]
    specs += [
        PartSpec(part_bookmark(i.number), "attachment", i.number, i.label, i.attachment.title)
        for i in package.numbered_attachments()
    ]
    return specs


def pdf_metadata(package: Package) -> PdfMetadata:
    return PdfMetadata(
        title=package.title_text,
        author="、".join(package.notice.header.issuers),
        subject=package.title_text,
        keywords=keywords(package),
        created=package.notice.date,
        pdfa=package.options.pdfa,
    )


def _external_pdfs(stage: Path, package: Package, conv: Converter) -> dict[int, PdfReader]:
    out: dict[int, PdfReader] = {}
    for item in package.numbered_attachments():
        att = item.attachment
        if not isinstance(att, FileAttachment):
            continue
        location = f"attachments[{item.number - 1}].path"
        path = att.path
        if path.suffix.lower() == ".docx":
            path = stage / f".external-{item.number}.pdf"
            conv.convert(att.path, path)
        from notice_kit.assemble.external import open_external

        out[item.number] = open_external(path, location)
    return out
