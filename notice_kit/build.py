"""Build a package: render every .docx, convert, assemble the PDFs, write the manifest.

Everything is written into a staging folder beside OUTDIR and moved into place only
when complete, so an interrupted build leaves OUTDIR as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from notice_kit import __version__
from notice_kit._memory import give_back
from notice_kit.convert import (
    FontPlan,
    MissingFontError,
    convert_to_pdf,
    export_options,
    plan_fonts,
    uncovered_chars,
)
from notice_kit.errors import ConversionError, DataError, OutputError
from notice_kit.layout.profile import LayoutProfile, get_profile
from notice_kit.loading import check_files
from notice_kit.manifest import (
    BuildResult,
    FontReport,
    Manifest,
    ManifestFile,
    PaginationWarning,
    PartRange,
)
from notice_kit.models import FileAttachment, Format, Package, ReceiptForm
from notice_kit.render.docx.package import RenderedDocx, render_package_docx, render_parts
from notice_kit.render.text import render_text

if TYPE_CHECKING:
    from notice_kit.assemble.package_pdf import Converter

MANIFEST = "manifest.json"


class LibreOfficeConverter:
    """Convert with a fresh headless LibreOffice per document (own profile, timeout)."""

    def __init__(self, *, timeout: float = 120) -> None:
        self.timeout = timeout

    def convert(self, docx: Path, pdf: Path, *, pdfa: bool = False,
                watermark: str | None = None) -> None:
        options = export_options(pdfa=pdfa, watermark=watermark)
        convert_to_pdf(docx, pdf, timeout=self.timeout, pdf_options=options)


def font_report(package: Package, docx: Path, plan: FontPlan) -> FontReport:
    """Which free face stands in for each standard name the document uses, and which
    characters no mapped face has (they would print as empty boxes)."""
    used = set(_used_fonts(docx))
    missing = uncovered_chars(render_text(package), plan)
    return FontReport(
        substitutions={k: v for k, v in plan.substitutions.items() if k in used},
        missing_glyphs=sorted(set(missing)),
    )


def _used_fonts(docx: Path) -> Iterator[str]:
    """Yield the East-Asian font names a .docx names (the ones worth reporting)."""
    import zipfile

    with zipfile.ZipFile(docx) as zf:
        for name in zf.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                text = zf.read(name).decode("utf-8", "replace")
                yield from re.findall(r'w:(?:eastAsia|ascii)="([^"]+)"', text)


def safe_filename(text: str, limit: int = 60) -> str:
    """Return ``text`` usable as a file name on Windows and Linux alike."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "", text).strip(" .")
    return cleaned[:limit] or "notice"


def file_names(package: Package) -> dict[tuple[str, int | None], str]:
    """Return the stem of every file of the package by (role, attachment number)."""
    names: dict[tuple[str, int | None], str] = {
        ("package", None): safe_filename(package.options.file_stem or package.title_text),
        ("notice", None): "正文",
    }
    for item in package.numbered_attachments():
        names[("attachment", item.number)] = safe_filename(
            f"{item.label}-{item.attachment.title}"
        )
    return names


def build_package(
    package: Package,
    outdir: str | Path,
    *,
    formats: Sequence[Format] | None = None,
    converter: Converter | None = None,
    profile: LayoutProfile | None = None,
    stop_converter: bool = False,
) -> BuildResult:
    """Write every file of ``package`` into ``outdir`` and return what was written.

    ``formats`` defaults to the package's options (``docx`` and ``pdf``; ``ofd`` adds the
    package and each part as OFD, made from the PDF).  Without a ``converter`` a warm one
    (``notice-kit serve``) is used if it answers, else a private LibreOffice is started at
    once, comes up while the .docx files are rendered, and is stopped at the end.  Raises
    :class:`~notice_kit.errors.LayoutError` for content that cannot be laid out,
    :class:`~notice_kit.errors.ConversionError` when PDF conversion fails (the .docx
    files are then still written), :class:`~notice_kit.errors.OutputError` when
    ``outdir`` cannot be written.

    With ``stop_converter`` the build closes ``converter`` itself, as soon as no more
    conversion can follow (while it finishes the PDFs): for a converter started for this
    one build, as ``notice-kit build`` does.  Its own converter it always stops so.
    """
    formats = list(formats or package.options.formats)
    own = converter if stop_converter else None
    if converter is None and ("pdf" in formats or "ofd" in formats):
        from notice_kit.convert.discover import default_converter

        # Started now, LibreOffice comes up while the .docx files are rendered.
        own = converter = default_converter()
    closing: list[threading.Thread] = []

    def converted() -> None:
        # The build's own LibreOffice is stopped as soon as no conversion can follow, in
        # the background: the PDFs are finished and the manifest written meanwhile, and
        # the build's memory peak no longer has LibreOffice in it for that part.
        if own is not None and hasattr(own, "close") and not closing:
            closing.append(threading.Thread(target=own.close, name="notice-kit-close",
                                            daemon=True))
            closing[0].start()

    try:
        return _build(package, Path(outdir), formats, converter, profile, converted)
    finally:
        if own is not None and hasattr(own, "close"):
            if closing:
                closing[0].join()  # stopping since the last conversion
            else:
                own.close()  # no PDF stage got that far (an error, or no PDF asked for)


def _build(package: Package, outdir: Path, formats: list[Format], converter: Converter | None,
           profile: LayoutProfile | None, converted: Callable[[], None]) -> BuildResult:
    check_files(package, check_profile=profile is None)
    profile = profile or get_profile(package.options.profile)
    names = file_names(package)
    # The merged .docx first: it is what gets converted (PDF only: made, not kept).
    merged = render_package_docx(package, profile)
    with _staging(outdir) as stage:
        merged_entry = _write_docx(stage, names, merged)
        # Before the PDF stage starts: it names a part's PDF by whether an external PDF of
        # that name is already there.
        copied = list(_copy_external(stage, names, package))
        parts: list[PartRange] = []
        fonts: FontReport | None = None
        pagination: list[PaginationWarning] = []
        error: ConversionError | DataError | None = None
        pdf_job: Future[_PdfStage] | None = None
        with ThreadPoolExecutor(max_workers=1) as pool:
            if "pdf" in formats or "ofd" in formats:
                # LibreOffice converts (a process of its own) while this thread renders
                # the separate .docx files: the build takes one of the two times, not both.
                pdf_job = pool.submit(_pdf_stage, stage, names, package,
                                      converter or LibreOfficeConverter(), profile, formats,
                                      converted)
            entries = ([_write_docx(stage, names, doc) for doc in render_parts(package, profile)]
                       if "docx" in formats else [])
            entries += [merged_entry, *copied]
            if pdf_job is not None:
                give_back()  # what rendering freed, before the PDF stage's peak
                try:
                    made, parts, fonts, pagination = pdf_job.result()
                    entries += made
                except (ConversionError, DataError) as exc:
                    # The .docx files are complete: publish them, and no PDF at all.
                    error = exc
        # The PDF stage may have laid the merged .docx out again (版记 placement).
        entries = [_rehash(stage, e) for e in entries
                   if e.format != "docx" or "docx" in formats]
        form_entries, form_warnings = _receipt_forms(stage, names, package, entries)
        entries += form_entries
        manifest = Manifest(
            version=__version__, title=package.title_text, files=entries, parts=parts,
            fonts=fonts, pagination=pagination,
            warnings=_warnings(fonts, pagination, package, formats) + form_warnings,
        )
        (stage / MANIFEST).write_text(
            manifest.model_dump_json(indent=2, exclude_none=True) + "\n", encoding="utf-8"
        )
        _publish(stage, outdir, [e.path for e in entries])
    if error is not None:
        raise error
    return BuildResult(outdir=outdir.resolve(), manifest=manifest)


def _receipt_forms(stage: Path, names: dict[tuple[str, int | None], str], package: Package,
                   entries: Sequence[ManifestFile]) -> tuple[list[ManifestFile], list[str]]:
    """Write the fillable PDF and .xlsx forms the 回执 ask for (their ``formats``)."""
    if not any(isinstance(a, ReceiptForm) and set(a.formats) - {"docx"}
               for a in package.attachments):
        return [], []  # nothing to write: spare the import of openpyxl and the PDF readers
    from notice_kit.receipts.package_forms import write_forms

    stems = {n: stem for (role, n), stem in names.items() if role == "attachment" and n}
    pdfs = {e.attachment: stage / e.path for e in entries
            if (e.format, e.role, e.origin) == ("pdf", "attachment", "rendered") and e.attachment}
    files, warnings = write_forms(stage, package, stems, pdfs)
    return [_entry(stage, f.path, f.format, "attachment", f.number, f.label, f.title,
                   origin="form") for f in files], warnings


def _write_docx(stage: Path, names: dict[tuple[str, int | None], str],
                doc: RenderedDocx) -> ManifestFile:
    rel = f"{names[(doc.role, doc.number)]}.docx"
    (stage / rel).write_bytes(doc.data)
    return _entry(stage, rel, "docx", doc.role, doc.number, doc.label, doc.title)


def _entry(stage: Path, rel: str, fmt: str, role: str, number: int | None, label: str | None,
           title: str, *, pages: int | None = None, first_page: int | None = None,
           origin: str = "rendered") -> ManifestFile:
    data = (stage / rel).read_bytes()
    return ManifestFile.model_validate({
        "path": rel, "format": fmt, "role": role, "attachment": number, "label": label,
        "title": title, "pages": pages, "first_page": first_page, "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(), "origin": origin,
    })


def _rehash(stage: Path, entry: ManifestFile) -> ManifestFile:
    data = (stage / entry.path).read_bytes()
    return entry.model_copy(
        update={"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    )


def _copy_external(stage: Path, names: dict[tuple[str, int | None], str],
                   package: Package) -> Iterator[ManifestFile]:
    for item in package.numbered_attachments():
        att = item.attachment
        if isinstance(att, FileAttachment):
            fmt = att.path.suffix.lower().lstrip(".")
            rel = f"{names[('attachment', item.number)]}.{fmt}"
            shutil.copyfile(att.path, stage / rel)
            yield _entry(stage, rel, fmt, "attachment", item.number, item.label, att.title,
                         origin="copied")


_PdfStage = tuple[list[ManifestFile], list[PartRange], "FontReport | None",
                  list[PaginationWarning]]


def _pdf_stage(stage: Path, names: dict[tuple[str, int | None], str], package: Package,
               conv: Converter, profile: LayoutProfile, formats: list[Format],
               converted: Callable[[], None]) -> _PdfStage:
    """The PDF files (if asked for) and the OFD files (made from the PDF: LibreOffice's
    layout, exactly)."""
    pdf_entries, parts, fonts, pagination = _make_pdfs(stage, names, package, conv, profile,
                                                       converted)
    ofd_entries = (_make_ofds(stage, names, package, pdf_entries[0], parts)
                   if "ofd" in formats else [])
    return (pdf_entries if "pdf" in formats else []) + ofd_entries, parts, fonts, pagination


def _make_pdfs(
    stage: Path, names: dict[tuple[str, int | None], str], package: Package, conv: Converter,
    profile: LayoutProfile, converted: Callable[[], None],
) -> tuple[list[ManifestFile], list[PartRange], FontReport | None, list[PaginationWarning]]:
    from notice_kit.assemble.package_pdf import make_pdfs  # pypdf: only for PDF builds

    merged_docx = stage / f"{names[('package', None)]}.docx"
    plan = plan_fonts()
    if package.options.strict_fonts:
        # Only the faces this document names must be real; fail before converting.
        used = set(_used_fonts(stage / f"{names[('package', None)]}.docx"))
        missing = sorted(name for name in plan.substitutions if name in used)
        if missing:
            raise MissingFontError(missing)
    outcome = make_pdfs(stage, merged_docx, package, conv, profile,
                        lambda: font_report(package, merged_docx, plan), converted)
    rel = f"{names[('package', None)]}.pdf"
    (stage / rel).write_bytes(outcome.merged)
    total = outcome.ranges[-1].last_page if outcome.ranges else None
    entries = [_entry(stage, rel, "pdf", "package", None, None, package.title_text,
                      pages=total, first_page=1)]
    parts = []
    for r in outcome.ranges:
        key = (r.spec.role, r.spec.number)
        part_rel = f"{names[key]}.pdf"
        if (stage / part_rel).exists():  # an external PDF attachment keeps its own name
            part_rel = f"{names[key]}-盖页码.pdf"
        (stage / part_rel).write_bytes(outcome.parts[key])
        entries.append(_entry(stage, part_rel, "pdf", r.spec.role, r.spec.number, r.spec.label,
                              r.spec.title, pages=r.page_count, first_page=r.first_page))
        parts.append(PartRange.model_validate({
            "role": r.spec.role, "attachment": r.spec.number, "label": r.spec.label,
            "title": r.spec.title, "first_page": r.first_page, "last_page": r.last_page,
        }))
    pagination = [PaginationWarning(page=f.page, rule=f.rule, clause=f.clause, message=f.message)
                  for f in outcome.pagination]
    return entries, parts, outcome.fonts, pagination


def _make_ofds(stage: Path, names: dict[tuple[str, int | None], str], package: Package,
               merged_pdf: ManifestFile, parts: Sequence[PartRange]) -> list[ManifestFile]:
    from notice_kit.ofd.package import package_ofds  # pdfminer and fontTools: only for OFD

    ofds = package_ofds(stage / merged_pdf.path, package, parts)
    rel = f"{names[('package', None)]}.ofd"
    (stage / rel).write_bytes(ofds.merged)
    entries = [_entry(stage, rel, "ofd", "package", None, None, package.title_text,
                      pages=merged_pdf.pages, first_page=1)]
    for part in parts:
        part_rel = f"{names[(part.role, part.attachment)]}.ofd"
        (stage / part_rel).write_bytes(ofds.parts[(part.role, part.attachment)])
        entries.append(_entry(stage, part_rel, "ofd", part.role, part.attachment, part.label,
                              part.title, pages=part.last_page - part.first_page + 1,
                              first_page=part.first_page))
    return entries


def _warnings(fonts: FontReport | None, pagination: Sequence[PaginationWarning],
              package: Package | None = None, formats: Sequence[str] = ()) -> list[str]:
    warnings = [f"第{f.page}页 / page {f.page}: {f.message}（GB/T 9704-2012 {f.clause}）"
                for f in pagination]
    if package is not None and package.options.internal and "ofd" in formats:
        warnings.append("OFD 没有加密，禁止复制和修改只是声明（Permissions） / the OFD is not "
                        "encrypted: its no-copy, no-edit permissions are advisory")
    if fonts and fonts.missing_glyphs:
        chars = "".join(fonts.missing_glyphs)
        warnings.append(f"没有字体包含这些字符 / no font has these characters: {chars}")
    return warnings


@contextmanager
def _staging(outdir: Path) -> Iterator[Path]:
    parent = outdir.resolve().parent
    prefix = f".{outdir.name}.building-"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_stages(parent, prefix)
        stage = Path(tempfile.mkdtemp(dir=parent, prefix=f"{prefix}{os.getpid()}-"))
    except OSError as exc:
        raise OutputError(f"{outdir}: 无法写入 / cannot write: {exc.strerror}") from None
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _remove_stale_stages(parent: Path, prefix: str) -> None:
    """Remove staging folders left by builds that were killed (their process is gone)."""
    for stale in parent.glob(f"{prefix}*"):
        pid = stale.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _publish(stage: Path, outdir: Path, files: Iterable[str]) -> None:
    """Move finished files into ``outdir``; drop files of the previous build that this
    one no longer writes; the manifest goes last, so it never names a missing file."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        old = _previous_files(outdir)
        new = set(files)
        for rel in new:
            os.replace(stage / rel, outdir / rel)
        for rel in old - new:
            (outdir / rel).unlink(missing_ok=True)
        os.replace(stage / MANIFEST, outdir / MANIFEST)
    except OSError as exc:
        raise OutputError(f"{outdir}: 无法写入 / cannot write: {exc.strerror}") from None


def _previous_files(outdir: Path) -> set[str]:
    path = outdir / MANIFEST
    if not path.is_file():
        return set()
    try:
        previous = Manifest.model_validate_json(path.read_bytes())
    except ValueError:
        return set()
    # Only plain names inside outdir: a tampered manifest must not delete elsewhere.
    return {f.path for f in previous.files if "/" not in f.path and ".." not in f.path}
