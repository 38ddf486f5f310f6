"""The source as numbered lines: normalised once, each change remembered for the notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notice_kit.importing.normalize import normalise_line

SPACE = " \t\u3000\r\ufeff\u00a0"
# Runs of spaces (two or more, or one ideographic space) or a tab separate names and cells.
SEPARATOR = re.compile(r"\t|[ \u3000]{2,}|\u3000")
# Page chrome left in a copy from a PDF: "— 1 —", "- 2 -", "第1页 共3页", "1/3".
PAGE_CHROME = re.compile(r"^(?:[—–\-－一]\s*\d{1,3}\s*[—–\-－一]|第\s*\d+\s*页\s*[，,]?\s*共\s*\d+\s*页"
                         r"|\d{1,3}\s*/\s*\d{1,3})$")
# A separator rule typed as characters: ────── or ______ or ＊＊＊.
RULE = re.compile(r"^[—─━–\-_＿=＝*＊★☆·.…]{4,}$")


@dataclass
class Line:
    """One source line: its number (from 1), its normalised text (stripped), the changes."""

    no: int
    text: str
    indented: bool = False
    tab: bool = False
    changes: list[str] = field(default_factory=list)
    raw: str = ""

    @property
    def cells(self) -> list[str]:
        """The parts of the line between separators: tabs (empty cells kept), runs of spaces."""
        if self.tab:
            return [c.strip(SPACE) for c in self.raw.strip(" \r\u3000\ufeff\n").split("\t")]
        return [c.strip(SPACE) for c in SEPARATOR.split(self.text) if c.strip(SPACE)]


def source_lines(text: str) -> list[Line]:
    """Return the lines of ``text`` normalised (see :mod:`~notice_kit.importing.normalize`).

    Blank lines are kept as empty :class:`Line` objects: they separate parts.  A form
    feed (a page break in a PDF copy) ends a line.
    """
    out: list[Line] = []
    for no, raw in enumerate(text.replace("\x0c", "\n").splitlines(), start=1):
        norm, changes = normalise_line(raw)
        stripped = norm.strip(SPACE)
        out.append(Line(no, stripped, indented=bool(stripped) and norm[:1] in SPACE,
                        tab="\t" in norm and bool(stripped), changes=changes, raw=norm))
    return out


def line_span(lines: list[Line]) -> str:
    """"第3行" or "第3–5行 / lines 3–5" for notes."""
    if not lines:
        return ""
    a, b = lines[0].no, lines[-1].no
    return f"第{a}行 / line {a}" if a == b else f"第{a}–{b}行 / lines {a}–{b}"
