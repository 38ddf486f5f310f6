"""Finish the merged PDF: find each part's pages, add the outline, page labels and
metadata, and split out one PDF per document."""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from notice_kit.assemble.external import lay_under
from notice_kit.assemble.parts import PartPages, PartSpec, PdfMetadata
from notice_kit.errors import ConversionError


def locate_parts(reader: PdfReader, parts: Sequence[PartSpec], source: Path) -> list[PartPages]:
    """Return each part's page range from the named destinations the renderer left."""
    dests = reader.named_destinations
    starts: list[int] = []
    for part in parts:
        # LibreOffice writes the name as a PDF name object, with its leading slash.
        dest = dests.get(part.bookmark) or dests.get("/" + part.bookmark)
        if dest is None:
            raise ConversionError(
                f"{source}: the PDF has no destination {part.bookmark!r} marking the start "
                f"of {part.label or '正文'}; was it converted with bookmarks exported?"
            )
        page = reader.get_destination_page_number(dest)
        if page is None:
            raise ConversionError(f"{source}: destination {part.bookmark!r} points at no page")
        starts.append(page + 1)
    total = len(reader.pages)
    ends = [*(s - 1 for s in starts[1:]), total]
    return [PartPages(p, s, e) for p, s, e in zip(parts, starts, ends, strict=True)]


def finish_merged(
    merged: Path, parts: Sequence[PartSpec], meta: PdfMetadata,
    externals: Mapping[int, PdfReader] | None = None,
) -> tuple[bytes, list[PartPages]]:
    """Return the finished merged PDF (outline, labels, metadata) and the part ranges.

    ``externals`` (attachment number → its PDF) are laid under the pages the renderer
    reserved for them.
    """
    writer, ranges = finished_writer(merged, parts, meta, externals)
    return pdf_bytes(writer), ranges


def finished_writer(
    merged: Path, parts: Sequence[PartSpec], meta: PdfMetadata,
    externals: Mapping[int, PdfReader] | None = None,
) -> tuple[PdfWriter, list[PartPages]]:
    """:func:`finish_merged`, the finished PDF still in memory: parts can be cut from it
    (:func:`split_part`) without reading its bytes back."""
    reader = PdfReader(merged)
    ranges = locate_parts(reader, parts, merged)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = declared_version(reader, *(externals or {}).values())
    for part in ranges:
        source = (externals or {}).get(part.spec.number or 0) if part.spec.number else None
        if source is not None:
            if part.page_count < len(source.pages):
                raise ConversionError(
                    f"{merged}: {part.spec.label} has {part.page_count} pages reserved for "
                    f"the file's {len(source.pages)}; the layout lost a page"
                )
            first = part.first_page - 1
            lay_under(list(writer.pages[first : first + len(source.pages)]), source)
    # Named destinations were only a way to find pages; drop them so the file holds
    # nothing but what a reader sees.
    for key in ("/Names", "/Dests"):
        writer._root_object.pop(NameObject(key), None)
    for part in ranges:
        title = part.spec.title if part.spec.label is None else (
            f"{part.spec.label}　{part.spec.title}"
        )
        if part.spec.role == "notice":
            title = f"正文　{part.spec.title}"
        writer.add_outline_item(title=title, page_number=part.first_page - 1)
    _decimal_page_labels(writer)
    if not meta.pdfa:
        _metadata(writer, meta)
    writer.page_mode = "/UseOutlines"
    return writer, ranges


def split_part(reader: PdfReader | PdfWriter, part: PartPages, meta: PdfMetadata) -> bytes:
    """Return the pages of ``part`` of the merged PDF ``reader`` as a PDF of their own
    (page labels keep the numbers printed on them, so page 5 of the package still reads 5)."""
    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    for index in range(part.first_page - 1, part.last_page):
        writer.add_page(reader.pages[index])
    _decimal_page_labels(writer, start=part.first_page)
    if meta.pdfa:
        _copy_pdfa_catalog(reader, writer)
    else:
        _metadata(writer, PdfMetadata(
            title=part.spec.title, author=meta.author, subject=meta.subject,
            keywords=meta.keywords, created=meta.created,
        ))
    return pdf_bytes(writer)


def _copy_pdfa_catalog(reader: PdfReader | PdfWriter, writer: PdfWriter) -> None:
    """Carry what makes a file PDF/A — the XMP metadata, the output intent, and the
    document info matching the XMP — over to a PDF cut from it."""
    root = reader.root_object
    for key in ("/Metadata", "/OutputIntents", "/Lang", "/MarkInfo"):
        if key in root:
            writer._root_object[NameObject(key)] = root.raw_get(key).clone(writer)
    if reader.metadata is not None:
        writer.metadata = None
        writer.add_metadata(dict(reader.metadata))


def _decimal_page_labels(writer: PdfWriter, start: int = 1) -> None:
    labels = DictionaryObject({
        NameObject("/Nums"): ArrayObject([
            NumberObject(0),
            DictionaryObject({
                NameObject("/S"): NameObject("/D"),
                NameObject("/St"): NumberObject(start),
            }),
        ])
    })
    writer._root_object[NameObject("/PageLabels")] = labels


def _metadata(writer: PdfWriter, meta: PdfMetadata) -> None:
    stamp = f"D:{meta.created:%Y%m%d}000000+08'00'"
    # Replace, not merge: LibreOffice's producer and dates are fine, but nothing that
    # names this machine or its user may remain.
    writer.metadata = None
    writer.add_metadata({
        "/Title": meta.title,
        "/Author": meta.author,
        "/Subject": meta.subject,
        "/Keywords": meta.keywords,
        "/Creator": "notice_kit",
        "/Producer": "notice_kit (LibreOffice, pypdf)",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    })


_HEADER = re.compile(r"%PDF-(\d+)\.(\d+)")


def _version(header: str) -> tuple[int, int]:
    match = _HEADER.match(header)
    return (int(match[1]), int(match[2])) if match else (0, 0)


def declared_version(*sources: PdfReader | PdfWriter) -> str:
    """The header a file made from ``sources`` declares: the highest of theirs.

    pypdf's writer starts every file at ``%PDF-1.3`` whatever it copies, which would
    understate what LibreOffice wrote (1.6, or 1.7 for PDF/A-2) and external files hold.
    """
    best = max(sources, key=lambda source: _version(source.pdf_header))
    return best.pdf_header if _version(best.pdf_header) > (0, 0) else "%PDF-1.7"


def pdf_bytes(writer: PdfWriter) -> bytes:
    """The PDF ``writer`` holds, as bytes."""
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def protect(data: bytes) -> bytes:
    """Return the PDF ``data`` encrypted with AES-256: it opens without a password and
    prints, but copying text and editing are forbidden (the owner password is random and
    not kept: the protection is meant to stay)."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    if _version(reader.pdf_header) < (2, 0):
        # AES-256 (revision 6) is PDF 2.0's, or 1.7 with Adobe's extension level 8 — the
        # declaration Acrobat writes, and readers of 1.7 understand.
        writer.pdf_header = "%PDF-1.7"
        writer._root_object[NameObject("/Extensions")] = DictionaryObject({
            NameObject("/ADBE"): DictionaryObject({
                NameObject("/BaseVersion"): NameObject("/1.7"),
                NameObject("/ExtensionLevel"): NumberObject(8),
            })
        })
    else:
        writer.pdf_header = reader.pdf_header
    allowed = UserAccessPermissions.PRINT | UserAccessPermissions.PRINT_TO_REPRESENTATION
    writer.encrypt(user_password="", owner_password=secrets.token_hex(16),
                   permissions_flag=allowed, algorithm="AES-256")
    return pdf_bytes(writer)
