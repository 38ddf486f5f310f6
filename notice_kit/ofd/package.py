"""A notice package's OFD files: the merged package and one per part, from its PDF.

Titles, author (发文机关), date, keywords and 发文字号 come from the package; the outline
names the parts like the PDF's bookmarks (正文　…, 附件1　…).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from notice_kit import __version__
from notice_kit.manifest import PartRange
from notice_kit.models import Package
from notice_kit.ofd.convert import OfdSource
from notice_kit.ofd.writer import DocInfo, OutlineEntry

__all__ = ["PackageOfds", "package_ofds"]


@dataclass(frozen=True)
class PackageOfds:
    """The merged OFD and one per part, keyed like the PDFs: (role, attachment number)."""

    merged: bytes
    parts: dict[tuple[str, int | None], bytes]


def outline_title(part: PartRange) -> str:
    """The bookmark title of ``part`` (the same words as the PDF's outline)."""
    if part.role == "notice":
        return f"正文　{part.title}"
    return part.title if part.label is None else f"{part.label}　{part.title}"


def doc_info(package: Package, title: str | None = None) -> DocInfo:
    """Return the DocInfo of ``package`` (or of one of its parts, titled ``title``)."""
    header = package.notice.header
    custom = {"发文字号": header.doc_number} if header.doc_number else {}
    words = ("通知", *(a.title for a in package.attachments))
    return DocInfo(
        title=title or package.title_text,
        author="、".join(header.issuers),
        subject=package.title_text,
        created=package.notice.date,
        keywords=words,
        creator_version=__version__,
        custom=custom,
    )


def package_ofds(pdf: Path, package: Package, parts: Sequence[PartRange]) -> PackageOfds:
    """Return the OFDs of ``package`` from its merged ``pdf`` and the parts' page ranges.

    The PDF is read once; each OFD embeds subsets of the glyphs of its own pages.
    Raises :class:`~notice_kit.ofd.model.OfdError` for what OFD cannot carry.
    """
    source = OfdSource(pdf)
    restricted = package.options.internal
    outline = [OutlineEntry(outline_title(p), p.first_page - 1) for p in parts]
    merged = source.write(doc_info(package), outline, restricted=restricted)
    split: dict[tuple[str, int | None], bytes] = {
        (p.role, p.attachment): source.write(
            doc_info(package, p.title), [OutlineEntry(outline_title(p), 0)],
            first_page=p.first_page, last_page=p.last_page, restricted=restricted)
        for p in parts
    }
    return PackageOfds(merged, split)
