"""Import a notice from plain text: an extracted archive copy, or notice_kit's own text.

The text is read in the order a notice is laid out (GB/T 9704-2012 7.3): title, 主送机关
(the line ending in "："), the body up to the 附件说明 ("附件：1.…"), the 署名 and 成文日期,
then the attachments, each behind its label ("附件2") — or, as extracted texts often
lose the label of the first page, behind a line that repeats the next title of the
附件说明 — and the 版记 last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notice_kit.importing.attachments import attachment_data
from notice_kit.importing.common import (
    CC_LEAD,
    PRINT_LINE,
    Draft,
    not_a_notice,
    parse_date,
    split_names,
)
from notice_kit.importing.result import ImportNote
from notice_kit.textparse import parse_body, split_prefix

_SPACE = " \t\u3000\r\ufeff"
NOTE_LEAD = re.compile(r"^附\s*件\s*[：:]\s*(?P<rest>\S.*)$")
NOTE_ENTRY = re.compile(r"^(?P<n>\d{1,2})\s*[.．、]\s*(?P<title>\S.*)$")
LABEL = re.compile(r"^附\s*件\s*(?P<n>\d*)\s*[：:]?$")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_BRACKETED = re.compile(r"^[（(](?P<inner>.+)[）)]$")


@dataclass
class _Page:
    """An attachment page as found: its title and content lines (tabs kept)."""

    title: str | None
    lines: list[str] = field(default_factory=list)


def read_text_file(path: Path) -> str:
    """Return the text of ``path``, refusing binary files and unknown encodings."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise not_a_notice(path, "不是文本文件（含二进制内容）", "not a text file (binary content)")
    # Archived Chinese texts are UTF-8 or, from older Windows tools, GB18030.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise not_a_notice(path, "无法识别文本编码（应为 UTF-8 或 GB18030）",
                       "unknown text encoding (expected UTF-8 or GB18030)")


def draft_from_text(path: Path, text: str) -> Draft:
    """Return the parts of the notice written as plain text in ``text``."""
    lines = text.splitlines()
    start = _first_text(lines, 0)
    if start is None:
        raise not_a_notice(path, "文件为空，找不到标题", "the file is empty: no title")
    draft = Draft(title=lines[start].strip(_SPACE))
    pos = _first_text(lines, start + 1)
    if pos is not None and _is_addressee_line(lines[pos].strip(_SPACE)):
        draft.addressees = split_names(lines[pos])
        pos += 1
    else:
        draft.notes.append(ImportNote("notice.addressees", "未找到主送机关（以“：”结尾的行）/ "
                                                           "no addressee line (ending in “：”)"))
    end = _body_end(lines, pos or len(lines))
    draft.body = parse_body("\n".join(lines[pos or len(lines):end]))
    if not draft.body:
        raise not_a_notice(path, "找不到正文", "no body text found")
    titles, end = _note_titles(lines, end)
    tail, colophon = _split_colophon(lines[end:])
    draft.colophon = _colophon(colophon, draft.notes)
    closing, pages = _pages(tail, titles)
    _closing(closing, draft)
    draft.attachments = _attachments(pages, titles, draft.notes)
    return draft


def _first_text(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip(_SPACE)), None)


def _is_addressee_line(line: str) -> bool:
    return (line.endswith(("：", ":")) and split_prefix(line).level == 0
            and NOTE_LEAD.match(line) is None and len(line) > 1)


def _body_end(lines: list[str], start: int) -> int:
    """The index of the 附件说明, or of the first line after the body (date, label, 版记)."""
    for i in range(start, len(lines)):
        line = lines[i].strip(_SPACE)
        if NOTE_LEAD.match(line) or LABEL.match(line) or _DATE_LINE.match(line) \
                or CC_LEAD.match(line):
            return i
    return len(lines)


def _note_titles(lines: list[str], start: int) -> tuple[list[str], int]:
    """Return the titles of the 附件说明 at ``start`` (none if there is none) and its end.

    Tolerant of the slips extraction and typing leave: "3. 名称" with a space, "3．" or
    "3、" for "3.".
    """
    m = NOTE_LEAD.match(lines[start].strip(_SPACE)) if start < len(lines) else None
    if m is None:
        return [], start
    first = NOTE_ENTRY.match(m["rest"])
    if first is None:
        return [m["rest"].strip()], start + 1  # one attachment: "附件：名称"
    titles = [first["title"].strip()]
    pos = start + 1
    while pos < len(lines) and (e := NOTE_ENTRY.match(lines[pos].strip(_SPACE))) \
            and int(e["n"]) == len(titles) + 1:
        titles.append(e["title"].strip())
        pos += 1
    return titles, pos


def _split_colophon(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split the 版记 lines ("抄送：…" and "… 印发") off the end of the text."""
    end = len(lines)
    while end > 0:
        line = lines[end - 1].strip(_SPACE)
        if line and not (CC_LEAD.match(line) or PRINT_LINE.match(line)):
            break
        end -= 1
    return lines[:end], [ln.strip(_SPACE) for ln in lines[end:] if ln.strip()]


def _colophon(lines: list[str], notes: list[ImportNote]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for line in lines:
        if CC_LEAD.match(line):
            data["cc"] = split_names(CC_LEAD.sub("", line))
        elif (m := PRINT_LINE.match(line)) and (day := parse_date(m["date"])):
            data["printer"], data["print_date"] = m["printer"].strip(), day
    return data


def _pages(lines: list[str], titles: list[str]) -> tuple[list[str], list[_Page]]:
    """Split what follows the 附件说明 into the closing lines and the attachment pages."""
    closing: list[str] = []
    pages: list[_Page] = []
    for raw in lines:
        line = raw.strip(_SPACE)
        current = pages[-1] if pages else None
        if LABEL.match(line):
            pages.append(_Page(title=None))
        elif current is not None and current.title is None:
            if line:
                current.title = line
        elif line and len(pages) < len(titles) and line == titles[len(pages)]:
            # An extracted text may lose a label ("附件1") but keep the page's title.
            pages.append(_Page(title=line))
        elif current is not None:
            current.lines.append(raw)
        elif line:
            closing.append(line)
    return closing, pages


def _closing(lines: list[str], draft: Draft) -> None:
    """署名 lines, the 成文日期, and a bracketed 附注 after it (7.3.5, 7.3.6)."""
    for line in lines:
        if draft.date is None and _DATE_LINE.match(line):
            draft.date = parse_date(line)
        elif draft.date is not None and (m := _BRACKETED.match(line)):
            draft.note = m["inner"].strip()
        elif draft.date is None and len(line) <= 30:
            draft.signatures.append(line)
        else:
            draft.notes.append(ImportNote("notice", f"未识别的文字，未导入 / text not understood, "
                                                    f"not imported: {line}"))


def _attachments(pages: list[_Page], titles: list[str], notes: list[ImportNote]) -> list[Any]:
    found: list[Any] = []
    for page in pages:
        where = f"attachments[{len(found)}]"
        data = attachment_data(page.title or "", page.lines, where, notes) if page.title else None
        if data is not None:
            found.append(data)
    page_titles = [a["title"] for a in found]
    if titles and titles != page_titles:
        notes.append(ImportNote(
            "attachments", "附件说明与附件页不一致，已按附件页导入（附件说明由附件标题生成）/ "
            f"the 附件说明 {titles} differs from the attachment pages {page_titles}: "
            "imported the pages (the 附件说明 is made from their titles)",
        ))
    return found
