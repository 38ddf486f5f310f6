"""What the PDF assembly knows of a package's parts and metadata: plain data, no pypdf.

Kept apart from :mod:`notice_kit.assemble.pdf` so that a build can set up its PDF stage and
start converting before pypdf (~0.15 s to import) is loaded: the import then runs while
LibreOffice converts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PartSpec:
    """A part of the package as the assembler needs it: which bookmark marks its start."""

    bookmark: str
    role: str
    number: int | None
    label: str | None
    title: str


@dataclass(frozen=True)
class PartPages:
    """Where a part lies in the merged PDF (1-based, inclusive)."""

    spec: PartSpec
    first_page: int
    last_page: int

    @property
    def page_count(self) -> int:
        return self.last_page - self.first_page + 1


@dataclass(frozen=True)
class PdfMetadata:
    title: str
    author: str
    subject: str
    keywords: str
    created: dt.date
    # PDF/A keeps LibreOffice's document info untouched: it must match the XMP metadata
    # LibreOffice wrote from the same .docx properties.
    pdfa: bool = False
