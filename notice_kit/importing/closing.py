"""After the body: 附件说明 (entries may wrap), 署名, 成文日期, 附注 (GB/T 9704-2012 7.3.4–7.3.6)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from notice_kit.importing.dates import FoundDate, find_date, is_date_line
from notice_kit.importing.header import is_org_name
from notice_kit.importing.lines import Line, line_span
from notice_kit.importing.result import ImportNote
from notice_kit.importing.title import NOTE_LEAD

NOTE_ENTRY = re.compile(r"^(?P<n>\d{1,2})\s*[.．、]\s*(?P<title>\S.*)$")
BRACKETED = re.compile(r"^[（(](?P<inner>.+)[）)]$")
# A wrapped 附件说明 entry: its first line is long (it reached the right margin).
_WRAP_MIN = 14


@dataclass
class Closing:
    """署名 (each authority), the 成文日期 and the 附注 as found; lines not understood."""

    signatures: list[str] = field(default_factory=list)
    date: FoundDate | None = None
    note: str | None = None
    date_line: Line | None = None
    leftover: list[Line] = field(default_factory=list)


def signature_names(line: Line) -> list[str] | None:
    """The authorities on a 署名 line (several between runs of spaces), or None."""
    names = line.cells or [line.text]
    return names if all(is_org_name(n) for n in names) else None


def closing_start(lines: list[Line], start: int) -> int | None:
    """The index of the first 署名 line above the first date line at or after ``start``.

    Returns the date line's index when no 署名 stands above it; None without a date line.
    """
    for i in range(start, len(lines)):
        if is_date_line(lines[i].text) or signed_date(lines[i]) is not None:
            j = i
            while j > start and (not lines[j - 1].text or signature_names(lines[j - 1])):
                j -= 1
            while j < i and not lines[j].text:
                j += 1
            return j
    return None


def signed_date(line: Line) -> tuple[list[str], FoundDate] | None:
    """"扬州市教育局　　2024年10月28日": a 署名 and the date on one line."""
    cells = line.cells
    if len(cells) < 2 or not is_date_line(cells[-1]):
        return None
    day = find_date(cells[-1])
    if day is None or not all(is_org_name(c) for c in cells[:-1]):
        return None
    return cells[:-1], day


def read_note_entries(lines: list[Line], start: int, later: list[str],
                      notes: list[ImportNote]) -> tuple[list[str], int]:
    """Return the titles of the 附件说明 at ``start`` (none if there is none) and its end.

    Tolerant of the slips extraction and typing leave ("3. 名称", "3．", "3、"), and of an
    entry wrapped onto the next line: an unnumbered line continues the entry above when
    that entry's line is long (it reached the margin), the line is no 署名 or date and is
    not the title of the first attachment page.  ``later`` are the lines after the
    closing, where attachment titles repeat the entries.
    """
    m = NOTE_LEAD.match(lines[start].text) if start < len(lines) else None
    if m is None:
        return [], start
    pos = start + 1
    if m["rest"] is None:  # "附件：" alone, the entries below it
        while pos < len(lines) and not lines[pos].text:
            pos += 1
        first = NOTE_ENTRY.match(lines[pos].text) if pos < len(lines) else None
        if first is None or first["n"] != "1":
            return [], start
        pos += 1
        lengths = [len(lines[pos - 1].text)]
    else:
        first = NOTE_ENTRY.match(m["rest"])
        lengths = [len(lines[start].text)]
    titles = [first["title"].strip() if first else str(m["rest"]).strip()]
    wrapped: list[Line] = []
    while pos < len(lines):
        line = lines[pos]
        text = line.text
        e = NOTE_ENTRY.match(text)
        if e and first and int(e["n"]) == len(titles) + 1:
            titles.append(e["title"].strip())
            lengths.append(len(text))
        elif text and _continues(titles[-1], lengths[-1], line, later):
            titles[-1] += text
            lengths[-1] = len(text)
            wrapped.append(line)
        else:
            break
        pos += 1
    if wrapped:
        notes.append(ImportNote("attachments", f"{line_span(wrapped)}：附件说明中回行的名称已接续"
                                "到上一项 / wrapped 附件说明 entries joined: "
                                + "；".join(titles)))
    return titles, pos


def _continues(title: str, length: int, line: Line, later: list[str]) -> bool:
    text = line.text
    if is_date_line(text) or NOTE_ENTRY.match(text) or signature_names(line) is not None:
        return False
    joined = title + text
    # The attachment page repeats the title, wrapped the same way or on one line.
    if any(t.startswith(joined) for t in later) or any(
            a + b == joined for a, b in itertools.pairwise(later)):
        return True
    if text in later or title in later:
        return False
    return line.indented or (length >= _WRAP_MIN and len(text) < length)


def read_closing(lines: list[Line], notes: list[ImportNote]) -> Closing:
    """署名 lines, the 成文日期 (Arabic or Chinese numerals), a bracketed 附注 after it."""
    closing = Closing()
    for line in lines:
        text = line.text
        if not text:
            continue
        signed = signed_date(line) if closing.date is None else None
        if closing.date is None and is_date_line(text):
            closing.date, closing.date_line = find_date(text), line
        elif signed is not None:
            closing.signatures += signed[0]
            closing.date, closing.date_line = signed[1], line
        elif closing.date is not None and closing.note is None and (m := BRACKETED.match(text)):
            closing.note = m["inner"].strip()
        elif closing.date is None and (names := signature_names(line)) is not None:
            closing.signatures += names
        else:
            closing.leftover.append(line)
    return closing
