"""Pieces shared by the text and the .docx importers: dates, names, placeholders, nesting."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notice_kit.errors import DataError, Problem
from notice_kit.importing.result import ImportNote
from notice_kit.models.body import Block, Paragraph, Section

PLACEHOLDER_ISSUER = "（发文机关）"
"""Stands for an issuing authority the source does not name: visibly not a real one."""

_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# "扬州市教育局关于……的通知": the issuer stands before 关于 in a title that names it.
_TITLE_ISSUER = re.compile(r"^(?P<org>.{2,30}?(?:局|厅|部|委|委员会|办公室|办|政府|中心|院|会))关于")
CC_LEAD = re.compile(r"^抄\s*送\s*[：:]\s*")
PRINT_LINE = re.compile(r"^(?P<printer>.+?)\s+(?P<date>\d{4}\s*年.+日)\s*印发$")
# Only "，": "各县（市、区）" has a 、 inside one name.
NAME_SPLIT = re.compile(r"[，,]")


def parse_date(text: str) -> dt.date | None:
    """Return the date in "2024年10月28日" (Arabic numerals), or None."""
    m = _DATE.search(text)
    if m is None:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:  # 2024年2月30日: a slip in the source, not a date
        return None


def split_names(text: str) -> list[str]:
    """Split "甲，乙，丙：" into names (the colon or full stop at the end dropped)."""
    names = (n.strip() for n in NAME_SPLIT.split(text.strip().rstrip("：:。")))
    return [n for n in names if n]


def not_a_notice(path: Path, zh: str, en: str) -> DataError:
    """The error for a file that cannot be read as a notice: names the file, nothing written."""
    return DataError([Problem("", f"{zh} / {en}")], source=path)


@dataclass
class Draft:
    """The parts of a notice as they are found, before the placeholders are filled in."""

    title: str
    addressees: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    mark_suffix: str | None = None
    header: dict[str, Any] = field(default_factory=dict)
    signatures: list[str] = field(default_factory=list)
    date: dt.date | None = None
    note: str | None = None
    colophon: dict[str, Any] = field(default_factory=dict)
    attachments: list[Any] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)


def notice_data(draft: Draft, today: dt.date) -> dict[str, Any]:
    """Return the ``notice`` mapping of ``draft``, filling what a notice requires.

    The data model requires 发文机关 and 成文日期; the archive text often lost them (an
    extracted text carries no 版头 and no closing).  Each filled value gets a note, so the
    header of the data file lists everything the user must check.
    """
    issuers = draft.issuers or draft.signatures or _issuer_from_title(draft)
    header: dict[str, Any] = {"issuers": issuers, **draft.header}
    if draft.mark_suffix is not None:
        header["mark_suffix"] = draft.mark_suffix
    if "doc_number" not in header:
        draft.notes.append(ImportNote(
            "notice.header.doc_number",
            "未找到发文字号，已留空，请补填 / 发文字号 not found: left out, please fill in",
        ))
    date = draft.date
    if date is None:
        date = today
        draft.notes.append(ImportNote(
            "notice.date", "未找到成文日期，暂填今天，请改正 / 成文日期 not found: "
            "today's date was set as a placeholder, please correct it", today.isoformat(),
        ))
    if not draft.colophon:
        draft.notes.append(ImportNote(
            "notice.colophon", "未找到版记（抄送、印发机关、印发日期），已留空 / "
            "no 版记 found (cc, printer, print date): left out",
        ))
    data: dict[str, Any] = {"header": header, "title": draft.title,
                            "addressees": draft.addressees, "body": draft.body, "date": date}
    # The signature defaults to the issuers: store it only where it differs.
    if draft.signatures and draft.signatures != issuers:
        data["signatures"] = draft.signatures
    if draft.note:
        data["note"] = draft.note
    if draft.colophon:
        data["colophon"] = draft.colophon
    return data


def _issuer_from_title(draft: Draft) -> list[str]:
    m = _TITLE_ISSUER.match(draft.title)
    if m:
        draft.notes.append(ImportNote(
            "notice.header.issuers", "发文机关取自标题，请核对 / issuer taken from the title, "
            "please check", m["org"],
        ))
        return [m["org"]]
    draft.notes.append(ImportNote(
        "notice.header.issuers", "未找到发文机关（版头、署名、标题中均无），已填占位，请补填 / "
        "no issuer found (no mark, signature or issuer in the title): a placeholder was set, "
        "please fill in", PLACEHOLDER_ISSUER,
    ))
    return [PLACEHOLDER_ISSUER]


def nest(items: Iterable[tuple[int, Block]]) -> list[Block]:
    """Nest (level, block) pairs — level 0 for a paragraph or table — into a block tree.

    The same rule as :func:`notice_kit.textparse.parse_body`: sections nest by level (a
    skipped level is recorded on the section); a paragraph belongs to the innermost open
    heading, and a numbered item that carries text of its own closes before it.
    """
    root: list[Block] = []
    stack: list[tuple[int, Section]] = []
    for level, block in items:
        if level == 0:
            while stack and stack[-1][1].text is not None:
                stack.pop()
            (stack[-1][1].children if stack else root).append(block)
            continue
        assert isinstance(block, Section)
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent_level = stack[-1][0] if stack else 0
        if level != parent_level + 1:
            block.level = level
        (stack[-1][1].children if stack else root).append(block)
        stack.append((level, block))
    return root


def paragraph(text: str) -> tuple[int, Block]:
    return 0, Paragraph(text=text)
