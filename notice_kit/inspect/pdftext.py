"""Text lines of a PDF with their positions in millimetres, read with poppler's pdftotext.

Positions are measured from the page's top-left corner, as a ruler on paper would.
"""

from __future__ import annotations

import re
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


def read_lines(pdf: Path, first: int | None = None, last: int | None = None
               ) -> list[PageLines]:
    """Return every page's text lines (or pages ``first``–``last``, 1-based), in reading
    order, with boxes in mm.

    Raises :class:`ConversionError` when poppler's ``pdftotext`` is missing or fails.
    """
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ConversionError("pdftotext (poppler-utils) is not installed; "
                              "run scripts/install-system-deps.sh")
    pages_wanted = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    proc = subprocess.run([exe, "-bbox-layout", *pages_wanted, str(pdf), "-"],
                          capture_output=True, timeout=120, check=False)
    if proc.returncode != 0:
        raise ConversionError(f"{pdf}: pdftotext failed: {proc.stderr.decode(errors='replace')}")
    # poppler 22 can write invalid UTF-8 for characters outside the BMP (seen with 𠮷).
    root = ElementTree.fromstring(proc.stdout.decode("utf-8", errors="replace"))
    pages = []
    pages_iter = root.iter("{http://www.w3.org/1999/xhtml}page")
    for number, page in enumerate(pages_iter, start=first or 1):
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


# -- words and fonts ---------------------------------------------------------------------
# read_lines joins a line's words without spaces (right for Chinese); the readers below keep
# the words, so a page number printed "— 1 —" can be told from "—1—", and the fonts.

_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    """One word as pdftotext separates them (at spaces and wide gaps), in mm."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass(frozen=True)
class WordLine(TextLine):
    """A :class:`TextLine` that keeps its words."""

    words: tuple[Word, ...] = ()

    @property
    def spaced_text(self) -> str:
        """The words joined by single spaces ("— 1 —")."""
        return " ".join(w.text for w in self.words)


def read_word_lines(pdf: Path) -> list[list[WordLine]]:
    """Return every page's text lines with their words, in reading order, boxes in mm.

    Raises :class:`ConversionError` when poppler's ``pdftotext`` is missing or fails.
    """
    root = ElementTree.fromstring(_run_poppler("pdftotext", ["-bbox-layout", str(pdf), "-"], pdf))
    pages = []
    for number, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
        lines = [_word_line(number, line) for line in page.iter(f"{_XHTML}line")]
        lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
        pages.append(lines)
    return pages


def _word_line(page: int, line: ElementTree.Element) -> WordLine:
    def mm(el: ElementTree.Element, key: str) -> float:
        return float(el.get(key, 0)) / PT_PER_MM

    words = tuple(Word(mm(w, "xMin"), mm(w, "yMin"), mm(w, "xMax"), mm(w, "yMax"), w.text or "")
                  for w in line.iter(f"{_XHTML}word"))
    return WordLine(
        page=page,
        x0=float(line.get("xMin", 0)) / PT_PER_MM,
        top=float(line.get("yMin", 0)) / PT_PER_MM,
        x1=float(line.get("xMax", 0)) / PT_PER_MM,
        bottom=float(line.get("yMax", 0)) / PT_PER_MM,
        text="".join(w.text for w in words),
        words=words,
    )


@dataclass(frozen=True)
class FontSpan:
    """A piece of text in one font, size and colour, as poppler's pdftohtml reports it."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    font: str  # the face's name, without the subset tag: "FandolFang-Regular"
    size_pt: float
    color: str  # "RRGGBB"
    bold: bool

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
# pdftohtml copies control characters from the PDF into its XML, which then does not parse.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_font_spans(pdf: Path) -> list[list[FontSpan]]:
    """Return every page's text pieces with their font face, size (pt) and colour.

    Raises :class:`ConversionError` when poppler's ``pdftohtml`` is missing or fails.
    """
    # -zoom 1 keeps coordinates in points; -fontfullname gives "FandolFang-Regular"
    # rather than the family alone, so a bold face can be told from a regular one.
    args = ["-xml", "-i", "-q", "-stdout", "-zoom", "1", "-noroundcoord", "-fontfullname", str(pdf)]
    xml = _XML_INVALID.sub("", _run_poppler("pdftohtml", args, pdf))
    root = ElementTree.fromstring(xml)
    fonts: dict[str, tuple[str, float, str]] = {}
    pages: list[list[FontSpan]] = []
    for number, page in enumerate(root.iter("page"), start=1):
        for spec in page.iter("fontspec"):
            face = _SUBSET_TAG.sub("", spec.get("family", ""))
            fonts[spec.get("id", "")] = (face, float(spec.get("size", 0)),
                                         spec.get("color", "#000000").lstrip("#").upper())
        spans = []
        for text in page.iter("text"):
            content = "".join(text.itertext())
            if not content.strip():
                continue
            face, size, color = fonts.get(text.get("font", ""), ("", 0.0, "000000"))
            top, left = float(text.get("top", 0)), float(text.get("left", 0))
            width, height = float(text.get("width", 0)), float(text.get("height", 0))
            spans.append(FontSpan(
                page=number, x0=left / PT_PER_MM, top=top / PT_PER_MM,
                x1=(left + width) / PT_PER_MM, bottom=(top + height) / PT_PER_MM,
                text=content, font=face, size_pt=size, color=color,
                bold=text.find("b") is not None,
            ))
        pages.append(spans)
    return pages


def _run_poppler(tool: str, args: list[str], pdf: Path) -> str:
    exe = shutil.which(tool)
    if exe is None:
        raise ConversionError(f"{tool} (poppler-utils) is not installed; "
                              "run scripts/install-system-deps.sh")
    proc = subprocess.run([exe, *args], capture_output=True, timeout=120, check=False)
    if proc.returncode != 0:
        raise ConversionError(f"{pdf}: {tool} failed: {proc.stderr.decode(errors='replace')}")
    # poppler 22 can write invalid UTF-8 for characters outside the BMP (seen with 𠮷).
    return proc.stdout.decode("utf-8", errors="replace")
