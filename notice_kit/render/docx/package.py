"""Assemble .docx files of a package: the notice, each attachment, and the whole package.

Every file comes from the same functions; the merged one runs them in sequence in one
document, so what the separate files show is what the merged one shows.
"""

from __future__ import annotations

import datetime as dt
import pickle
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from docx.enum.text import WD_BREAK

from notice_kit.layout.profile import LayoutProfile, get_profile
from notice_kit.models import FileAttachment, NumberedAttachment, Package
from notice_kit.render.docx.attachments import render_attachment
from notice_kit.render.docx.colophon import ColophonPlacement, render_colophon
from notice_kit.render.docx.fitting import AS_WRITTEN, Fitting
from notice_kit.render.docx.notice import render_notice
from notice_kit.render.docx.pagenumbers import add_page_numbers, clear_page_numbers
from notice_kit.render.docx.sections import (
    at_section_start,
    drop_empty_last_section,
    is_section_holder,
)
from notice_kit.render.docx.writer import DocxWriter, add_bookmark

if TYPE_CHECKING:
    from docx.document import Document

Role = Literal["notice", "attachment", "package"]


@dataclass(frozen=True)
class RenderedDocx:
    """One .docx made from a package, in memory."""

    role: Role
    number: int | None
    label: str | None
    title: str
    data: bytes


def keywords(package: Package) -> str:
    """通知 and the attachment titles, cut to the 255 characters a .docx property holds."""
    text = "，".join(["通知", *(a.title for a in package.attachments)])
    return text if len(text) <= 255 else text[:254] + "…"


def part_bookmark(number: int) -> str:
    """Return the bookmark name marking where part ``number`` starts (0 = the notice)."""
    return f"nkpart{number}"


@dataclass(frozen=True)
class _Properties:
    """The package's values a .docx carries as document properties."""

    title: str
    author: str
    keywords: str
    date: dt.date

    @classmethod
    def of(cls, package: Package) -> _Properties:
        return cls(package.title_text, "、".join(package.notice.header.issuers),
                   keywords(package), package.notice.date)


def _new_writer(package: Package, profile: LayoutProfile, *, letterhead: bool = False) -> DocxWriter:
    # With a letterhead the notice starts on the bureau's template (filled from the
    # package), which replaces the built-in 版头; attachments on their own never get one.
    template = package.options.letterhead if letterhead else None
    base = None
    if template is not None:
        # docxtpl and Jinja2 (~30 ms to import) only for a notice on a letterhead.
        from notice_kit.render.docx.letterhead import letterhead_base

        base = letterhead_base(template, package)
    return _writer(profile, _Properties.of(package), base)


def _writer(profile: LayoutProfile, properties: _Properties,
            base: Document | None = None) -> DocxWriter:
    writer = DocxWriter(profile, base=base)
    props = writer.document.core_properties
    props.title = properties.title
    props.author = properties.author
    props.subject = properties.title
    # The same keywords as the PDF's; LibreOffice copies these properties into a PDF/A.
    props.keywords = properties.keywords
    # Dated by the document, not by the machine's clock: same data, same file.
    moment = dt.datetime.combine(properties.date, dt.time(), tzinfo=dt.UTC)
    props.created = props.modified = moment
    return writer


def render_notice_docx(package: Package, profile: LayoutProfile | None = None) -> RenderedDocx:
    """Return the notice alone (正文, with 附件说明 and 版记) as a .docx."""
    profile = profile or get_profile(package.options.profile)
    writer = _new_writer(package, profile, letterhead=True)
    render_notice(writer, package, header=package.options.letterhead is None)
    render_colophon(writer, package)
    drop_empty_last_section(writer)
    add_page_numbers(writer, writer.document.sections[0])
    return RenderedDocx("notice", None, None, package.title_text, writer.to_bytes())


def render_attachment_docx(
    package: Package, number: int, profile: LayoutProfile | None = None
) -> RenderedDocx:
    """Return attachment ``number`` (1-based) as its own .docx."""
    profile = profile or get_profile(package.options.profile)
    item = package.numbered_attachments()[number - 1]
    properties = _Properties.of(package)
    # An attachment's .docx is made from these alone (no file it names is read: external
    # files are copied, not rendered). The packages of a batch share most attachments,
    # and a process serving builds sees the same ones again: a made one is kept. The key
    # holds the profile and the item pickled: equal keys are equal models down to every
    # type and value.
    key = (properties, pickle.dumps((profile, item), protocol=pickle.HIGHEST_PROTOCOL))
    with _ATTACHMENTS_LOCK:
        made = _ATTACHMENTS.get(key)
    if made is None:
        made = _render_attachment(profile, properties, item)
        with _ATTACHMENTS_LOCK:  # builds run in threads too (a batch with a converter, serve)
            _ATTACHMENTS[key] = made
            while len(_ATTACHMENTS) > _ATTACHMENTS_KEPT:
                del _ATTACHMENTS[next(iter(_ATTACHMENTS))]  # the oldest
    return made


_ATTACHMENTS: dict[tuple[_Properties, bytes], RenderedDocx] = {}
_ATTACHMENTS_LOCK = threading.Lock()
_ATTACHMENTS_KEPT = 32  # a package's attachments many times over; ~1 MB at the most


def _render_attachment(profile: LayoutProfile, properties: _Properties,
                       item: NumberedAttachment) -> RenderedDocx:
    writer = _writer(profile, properties)
    render_attachment(writer, item, new_page=False)
    drop_empty_last_section(writer)
    if writer.document.sections[0].footer.is_linked_to_previous:
        add_page_numbers(writer, writer.document.sections[0])
    return RenderedDocx("attachment", item.number, item.label, item.attachment.title,
                        writer.to_bytes())


def render_package_docx(
    package: Package,
    profile: LayoutProfile | None = None,
    *,
    colophon: ColophonPlacement = "same-page",
    external_pages: Mapping[int, int] | None = None,
    fitting: Fitting = AS_WRITTEN,
) -> RenderedDocx:
    """Return the whole package as one .docx: the notice, every attachment on a new page,
    then the 版记 — page numbers continuous (GB/T 9704-2012 7.3.7, 7.5).

    ``colophon`` says where the 版记 goes; the PDF build measures the first conversion
    and asks again for the placement that puts it on an even page.  ``external_pages``
    (attachment number → page count) makes room for external files' own pages, which
    the PDF build lays under them; without it an external file gets a pointer page.
    ``fitting`` holds what the PDF build asks for after measuring a first conversion
    (:class:`~notice_kit.render.docx.fitting.Fitting`).
    """
    profile = profile or get_profile(package.options.profile)
    writer = _new_writer(package, profile, letterhead=True)
    add_page_numbers(writer, writer.document.sections[0])
    render_notice(writer, package, header=package.options.letterhead is None,
                  fitting=fitting)
    add_bookmark(writer, writer.document.paragraphs[0], part_bookmark(0))
    for item in package.numbered_attachments():
        start = len(writer.document.paragraphs)
        pages = (external_pages or {}).get(item.number)
        render_attachment(writer, item, new_page=True, external_pages=pages)
        paragraphs = writer.document.paragraphs
        while is_section_holder(paragraphs[start]):
            start += 1  # a paragraph closing the section before a landscape attachment
        add_bookmark(writer, paragraphs[start], part_bookmark(item.number))
    if colophon != "same-page" and at_section_start(writer):
        # A turned last attachment closed its section: the portrait one after it already
        # starts a page, which becomes the 版记's own, unnumbered (7.5) — another section
        # break would leave it blank and push the 版记 onto an odd page.
        clear_page_numbers(writer.document.sections[-1])
        if colophon == "after-blank-page":
            writer.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        colophon = "same-page"
    render_colophon(writer, package, colophon)
    drop_empty_last_section(writer)
    return RenderedDocx("package", None, None, package.title_text, writer.to_bytes())


def render_parts(package: Package, profile: LayoutProfile | None = None) -> list[RenderedDocx]:
    """Return the separate .docx files: the notice, then each attachment (external files
    are copied, not rendered)."""
    profile = profile or get_profile(package.options.profile)
    docs = [render_notice_docx(package, profile)]
    for item in package.numbered_attachments():
        if not isinstance(item.attachment, FileAttachment):
            docs.append(render_attachment_docx(package, item.number, profile))
    return docs


def render_all(package: Package, profile: LayoutProfile | None = None) -> list[RenderedDocx]:
    """Return every .docx of the package: notice, each attachment (external files are
    copied, not rendered), then the merged package."""
    profile = profile or get_profile(package.options.profile)
    return [*render_parts(package, profile), render_package_docx(package, profile)]
