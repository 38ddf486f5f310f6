"""Text of a PDF with its positions in millimetres: lines and words (poppler's pdftotext),
and pieces with their fonts (pdftohtml).

Positions are measured from the page's top-left corner, as a ruler on paper would.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from notice_kit.errors import ConversionError

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class TextBox:
    """Text and its box on a page (1-based page number, mm from the top-left corner)."""

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
class TextLine(TextBox):
    """One line of text as laid out on a page, its words joined without spaces."""


@dataclass(frozen=True)
class Word(TextBox):
    """One word as pdftotext separates them (at spaces and wide gaps)."""


@dataclass(frozen=True)
class WordLine(TextLine):
    """A :class:`TextLine` that keeps its words.

    Its ``text`` joins the words without spaces (right for Chinese); ``spaced_text`` keeps
    them apart, so a page number printed "— 1 —" can be told from "—1—".
    """

    words: tuple[Word, ...] = ()

    @property
    def spaced_text(self) -> str:
        """The words joined by single spaces ("— 1 —")."""
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class PageLines:
    number: int
    width: float
    height: float
    lines: list[WordLine]


_XHTML = "{http://www.w3.org/1999/xhtml}"


def read_lines(pdf: Path, first: int | None = None, last: int | None = None, *,
               own: bool = False) -> list[PageLines]:
    """Return every page's text lines (or pages ``first``–``last``, 1-based), in reading
    order, with their words and boxes in mm.

    ``own``: ``pdf`` is LibreOffice's output, as notice_kit converts: its text is then read
    without loading the embedded font programs (see :func:`hide_font_programs`), the
    same lines 4–5 times faster.

    Raises :class:`ConversionError` when poppler's ``pdftotext`` is missing or fails.
    """
    pages = []
    for start, xml in _pdftotext_ranges(pdf, first, last, own=own):
        for number, page in enumerate(ElementTree.fromstring(xml).iter(f"{_XHTML}page"),
                                      start=start):
            lines = [_word_line(number, line) for line in page.iter(f"{_XHTML}line")]
            lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
            pages.append(PageLines(number, _mm(page, "width"), _mm(page, "height"), lines))
    return pages


# pdftotext takes ~10 ms a page of a notice (its CJK fonts): a whole PDF is read in as many
# page ranges at once as there are cores, when it has this many pages per range.  Not
# fewer: in a build the PDF is finished (pypdf) while its text is read, and for the
# example's 13 pages a second pdftotext saved no time there (1.80–2.01 s builds either
# way, 2 cores) but cost 9 MiB at the build's peak, with LibreOffice still up.
_PAGES_PER_RANGE = 12


def _pdftotext_ranges(pdf: Path, first: int | None, last: int | None, *, own: bool = False
                      ) -> list[tuple[int, str]]:
    """``pdftotext -bbox-layout`` of pages ``first``–``last``: (first page, XHTML) per range."""
    whole = first is None and last is None
    try:
        data = pdf.read_bytes() if own or whole else None
    except OSError:
        data = None  # pdftotext reports the file
    hidden = hide_font_programs(data) if own and data is not None else None
    if hidden is None:
        return _pdftotext_source(pdf, str(pdf), data, first, last, hidden=False)
    # The altered copy goes through a temporary file: fed on stdin, Python's communicate()
    # writes it 512 bytes at a time (~9 ms of CPU for the seed's 0.9 MB, a tenth of that
    # as a file).
    try:
        fd, name = tempfile.mkstemp(prefix="notice-kit-text-", suffix=".pdf")
    except OSError:  # no writable temporary folder: read the file as it is
        return _pdftotext_source(pdf, str(pdf), data, first, last, hidden=False)
    try:
        with os.fdopen(fd, "wb") as copy:
            copy.write(hidden)
        return _pdftotext_source(pdf, name, hidden, first, last, hidden=True)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _pdftotext_source(pdf: Path, source: str, data: bytes | None, first: int | None,
                      last: int | None, *, hidden: bool) -> list[tuple[int, str]]:
    """:func:`_pdftotext_ranges` reading ``source`` (``pdf`` or its altered copy)."""
    whole = first is None and last is None
    ranges: list[tuple[int | None, int | None]] = [(first, last)]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    per_range = _PAGES_PER_RANGE * (_HIDDEN_SPEED_UP if hidden else 1)
    if whole and cores > 1 and _may_split(data, per_range):
        count = page_count(pdf)
        parts = min(cores, count // per_range)
        if parts > 1:
            size = -(-count // parts)
            ranges = [(a, min(a + size - 1, count)) for a in range(1, count + 1, size)]
    if len(ranges) == 1:
        args = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
        return [(first or 1, _decode(run_poppler("pdftotext", ["-bbox-layout", *args, source, "-"],
                                                 pdf)))]
    exe = _poppler("pdftotext")
    procs = [(a, subprocess.Popen([exe, "-bbox-layout", "-f", str(a), "-l", str(b), source, "-"],
                                  stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE))
             for a, b in ranges]
    out = []
    for a, proc in procs:
        try:
            text, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            for _, other in procs:
                other.kill()
            raise ConversionError(f"{pdf}: pdftotext timed out") from None
        if proc.returncode != 0:
            raise ConversionError(f"{pdf}: pdftotext failed: {err.decode(errors='replace')}")
        out.append((a or 1, _decode(text)))
    return out


# An embedded font program named in a font descriptor, by indirect reference.
_FONT_PROGRAM = re.compile(rb"/FontFile([23]?)(\s+\d+\s+\d+\s+R\b)")
_HIDDEN_KEY = b"/FontFil_"  # as long as /FontFile, so every byte offset stays right
# Measured on the seed's 14-page merged PDF: 0.11–0.13 s of pdftotext's CPU, 0.02–0.04
# hidden; the output the same.
_HIDDEN_SPEED_UP = 4


def hide_font_programs(data: bytes) -> bytes | None:
    """``data`` (a PDF) with its embedded font programs out of poppler's sight, or None
    where that could change the text read.

    poppler loads every font of a page's resources when it reads the page: LibreOffice
    lists all of a document's fonts on every page, and its 8-bit Type 1 subsets of a CJK
    face run to 200 KB each, inflated and parsed again for each page (~10 ms a page of
    the seed, 80 % of pdftotext's time).  Text extraction needs no font program where
    each font has a ToUnicode map (the characters) and its widths in the font dictionary
    (the positions), as every font LibreOffice embeds has.  Each ``/FontFile`` key is
    renamed in place, same length, so the cross-reference table still points right.

    None (read the file as it is) when a font program is not named in plain text (object
    streams, which LibreOffice does not write) or fonts have fewer ToUnicode maps than
    programs.
    """
    programs = len(_FONT_PROGRAM.findall(data))
    if programs == 0 or b"/ObjStm" in data or data.count(b"/ToUnicode") < programs:
        return None
    return _FONT_PROGRAM.sub(lambda m: _HIDDEN_KEY + m[1] + m[2], data)


# "/Type /Pages … /Count N": the page tree's nodes; the root's count is the largest.
_PAGES_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]{0,400}?/Count\s+(\d+)")


def _may_split(data: bytes | None, per_range: int | None = None) -> bool:
    """Whether a PDF (``data``, None if unreadable) may have pages enough to read in
    parallel ranges, from its page tree as written in plain text (LibreOffice writes no
    object streams): spares running ``pdfinfo`` (~30 ms) for every short document.  Where
    the tree cannot be seen (object streams, an unreadable file) it says yes, and
    ``pdfinfo`` decides; a no only ever means one ``pdftotext`` over every page, which is
    right for any length."""
    counts = [int(n) for n in _PAGES_COUNT.findall(data)] if data is not None else []
    return not counts or max(counts) >= 2 * (per_range or _PAGES_PER_RANGE)


def page_count(pdf: Path) -> int:
    """The number of pages, as poppler's ``pdfinfo`` reads it."""
    info = run_poppler("pdfinfo", [str(pdf)], pdf).decode("utf-8", errors="replace")
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    if found is None:
        raise ConversionError(f"{pdf}: pdfinfo gives no page count")
    return int(found.group(1))


def read_word_lines(pdf: Path, first: int | None = None, last: int | None = None
                    ) -> list[list[WordLine]]:
    """Return every page's text lines (or pages ``first``–``last``) with their words, in
    reading order, boxes in mm: :func:`read_lines` without the page sizes.

    Raises :class:`ConversionError` when poppler's ``pdftotext`` is missing or fails.
    """
    return [page.lines for page in read_lines(pdf, first, last)]


def _mm(el: ElementTree.Element, key: str) -> float:
    return float(el.get(key, 0)) / PT_PER_MM


def _word_line(page: int, line: ElementTree.Element) -> WordLine:
    words = tuple(Word(page, _mm(w, "xMin"), _mm(w, "yMin"), _mm(w, "xMax"), _mm(w, "yMax"),
                       w.text or "")
                  for w in line.iter(f"{_XHTML}word"))
    return WordLine(page, _mm(line, "xMin"), _mm(line, "yMin"), _mm(line, "xMax"),
                    _mm(line, "yMax"), "".join(w.text for w in words), words)


# -- fonts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontSpan(TextBox):
    """A piece of text in one font, size and colour, as poppler's pdftohtml reports it."""

    font: str  # the face's name, without the subset tag: "FandolFang-Regular"
    size_pt: float
    color: str  # "RRGGBB"
    bold: bool

    @property
    def centre(self) -> tuple[float, float]:
        return self.centre_x, self.middle_y


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
    xml = _XML_INVALID.sub("", _decode(run_poppler("pdftohtml", args, pdf)))
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


def run_poppler(tool: str, args: list[str], pdf: Path) -> bytes:
    """Run one of poppler's tools on ``pdf`` and return what it writes to stdout.

    Raises :class:`ConversionError` when ``tool`` is missing or fails.
    """
    proc = subprocess.run([_poppler(tool), *args], capture_output=True, timeout=120,
                          check=False)
    if proc.returncode != 0:
        raise ConversionError(f"{pdf}: {tool} failed: {proc.stderr.decode(errors='replace')}")
    return proc.stdout


def _poppler(tool: str) -> str:
    exe = shutil.which(tool)
    if exe is None:
        raise ConversionError(f"{tool} (poppler-utils) is not installed; "
                              "run scripts/install-system-deps.sh")
    return exe


def _decode(xml: bytes) -> str:
    # poppler 22 can write invalid UTF-8 for characters outside the BMP (seen with 𠮷), and
    # CESU-8 for such a character in the PDF's title.
    return xml.decode("utf-8", errors="replace")
