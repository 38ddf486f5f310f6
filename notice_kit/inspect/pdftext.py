"""Text lines of a PDF with their positions in millimetres, read with poppler's pdftotext.

Positions are measured from the page's top-left corner, as a ruler on paper would.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from notice_kit.errors import ConversionError

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class TextLine:
    """One line of text as laid out on a page (1-based page number, mm from top-left)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def middle_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class PageLines:
    number: int
    width: float
    height: float
    lines: list[TextLine]


def read_lines(pdf: Path) -> list[PageLines]:
    """Return every page's text lines, in reading order, with boxes in mm.

    Raises :class:`ConversionError` when poppler's ``pdftotext`` is missing or fails.
    """
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ConversionError("pdftotext (poppler-utils) is not installed; "
                              "run scripts/install-system-deps.sh")
    proc = subprocess.run([exe, "-bbox-layout", str(pdf), "-"], capture_output=True,
                          timeout=120, check=False)
    if proc.returncode != 0:
        raise ConversionError(f"{pdf}: pdftotext failed: {proc.stderr.decode(errors='replace')}")
    # poppler 22 can write invalid UTF-8 for characters outside the BMP (seen with 𠮷).
    root = ElementTree.fromstring(proc.stdout.decode("utf-8", errors="replace"))
    pages = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        lines = []
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            words = [w.text or "" for w in line.iter("{http://www.w3.org/1999/xhtml}word")]
            lines.append(TextLine(
                page=number,
                x0=float(line.get("xMin", 0)) / PT_PER_MM,
                top=float(line.get("yMin", 0)) / PT_PER_MM,
                x1=float(line.get("xMax", 0)) / PT_PER_MM,
                bottom=float(line.get("yMax", 0)) / PT_PER_MM,
                text="".join(words),
            ))
        lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
        pages.append(PageLines(number, float(page.get("width", 0)) / PT_PER_MM,
                               float(page.get("height", 0)) / PT_PER_MM, lines))
    return pages
