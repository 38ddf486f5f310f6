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

    Tolerant of the slips extraction and typing leave ("3. 名称", "3．", "3、", a number
    with no mark at all: "1每日情况表", "32021年规程"), of an entry wrapped onto the next
    line — an unnumbered line continues the entry above when that entry's line is long (it
    reached the margin), the line is no 署名 or date and is not the title of the first
    attachment page — and of several entries on one line ("1甲表。2乙表。").  A title
    ends without punctuation (GB/T 9704-2012 7.3.4): a final "。" or "；" is dropped.
    Every such repair is noted.  ``later`` are the lines after the closing, where
    attachment titles repeat the entries.
    """
    m = NOTE_LEAD.match(lines[start].text) if start < len(lines) else None
    if m is None:
        return [], start
    pos = start + 1
    bare: list[str] = []
    if m["rest"] is None:  # "附件：" alone, the entries below it
        while pos < len(lines) and not lines[pos].text:
            pos += 1
        first_text = lines[pos].text if pos < len(lines) else ""
        first = _entry(first_text, 1, bare)
        if first is None:
            return [], start
        pos += 1
        lengths = [len(lines[pos - 1].text)]
    else:
        first_text = str(m["rest"]).strip()
        first = _entry(first_text, 1, bare)
        lengths = [len(lines[start].text)]
    titles = [first if first is not None else str(m["rest"]).strip()]
    wrapped: list[Line] = []
    while pos < len(lines):
        line = lines[pos]
        text = line.text
        e = _entry(text, len(titles) + 1, bare) if first is not None else None
        if e is not None:
            titles.append(e)
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
    where = line_span([lines[start], lines[pos - 1]]) if pos > start + 1 else line_span([lines[start]])
    if first is not None:
        titles = _split_runs(titles, where, notes)
    if bare == ["1"] and len(titles) == 1:
        # "附件：1号楼平面图": a lone name that begins with 1, not entry 1 without its mark.
        titles = [first_text + "".join(ln.text for ln in wrapped)]
    elif bare:
        notes.append(ImportNote("attachments", f"{where}：附件说明的序号后缺少“.”，已按序号 "
                                f"{'、'.join(bare)} 分项 / entry numbers without a mark read as "
                                f"numbers: {'、'.join(bare)}"))
    return _clean_titles(titles, where, notes), pos


# "1." "1．" "1、" "1" — the last only before Chinese text or a year ("32021年…" is 3).
_ENTRY_MARK = re.compile(r"\s*[.．、]\s*(?=\S)|(?=[\u4e00-\u9fff]|\d{4}年)")
# The punctuation an attachment name must not end with (GB/T 9704-2012 7.3.4).
END_PUNCT = "。；;，,、.．：:！!？?"


def _entry(text: str, n: int, bare: list[str]) -> str | None:
    """The title of entry ``n`` on ``text`` ("2.名称", "2名称"), or None."""
    m = NOTE_ENTRY.match(text)
    if m is not None:
        return m["title"].strip() if int(m["n"]) == n else None
    number = str(n)
    if not text.startswith(number):
        return None
    mark = _ENTRY_MARK.match(text, len(number))
    if mark is None or mark.end() >= len(text):
        return None
    bare.append(number)
    return text[mark.end():].strip()


def _split_runs(titles: list[str], where: str, notes: list[ImportNote]) -> list[str]:
    """"甲表。2乙表。3丙表": the entries that share a line, each on its own."""
    out: list[str] = []
    split = False
    for title in titles:
        rest = title
        while True:
            n = len(out) + 2
            nxt = re.search(rf"(?<=[。；;，,\u4e00-\u9fff”）》])(?:{n})(?:\s*[.．、]\s*|(?=[\u4e00-\u9fff]))"
                            rf"(?=[\u4e00-\u9fff]|\d{{4}}年)", rest)
            if nxt is None or (nxt.end() - nxt.start() == len(str(n))
                               and rest[nxt.start() - 1] not in END_PUNCT):
                break
            out.append(rest[:nxt.start()])
            rest = rest[nxt.end():]
            split = True
        out.append(rest)
    if split:
        notes.append(ImportNote("attachments", f"{where}：附件说明中同一行的多项已分开 / entries on "
                                f"one line split: {'；'.join(out)}"))
    return out


def _clean_titles(titles: list[str], where: str, notes: list[ImportNote]) -> list[str]:
    """The titles without the punctuation after them (GB/T 9704-2012 7.3.4), noted."""
    clean = [t.rstrip(END_PUNCT + " \u3000") or t for t in titles]
    changed = [t for t, c in zip(titles, clean, strict=True) if t != c]
    if changed:
        notes.append(ImportNote("attachments", f"{where}：附件名称后的标点已删去（GB/T 9704-2012 "
                                f"7.3.4）/ punctuation after attachment names dropped: "
                                + "；".join(changed)))
    return clean


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
