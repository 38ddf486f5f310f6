"""The title (标题, wrapped onto two or three lines) and the 主送机关 below it."""

from __future__ import annotations

import re

from notice_kit.importing.common import split_names
from notice_kit.importing.header import DOC_NUMBER, looks_like_title
from notice_kit.importing.lines import Line, line_span
from notice_kit.importing.result import ImportNote
from notice_kit.textparse import TERMINAL, split_prefix

MAX_TITLE_LINES = 3
NOTE_LEAD = re.compile(r"^附\s*件\s*[：:]\s*(?P<rest>\S.*)?$")
PLACEHOLDER_TITLE = "（标题）"
"""Stands for a title the source lost (it starts with the 主送 line)."""


def _filled(lines: list[Line], start: int, limit: int) -> list[int]:
    out = []
    for i in range(start, len(lines)):
        if lines[i].text:
            out.append(i)
            if len(out) == limit:
                break
    return out


def is_addressee_line(text: str) -> bool:
    """A 主送 line: ends with "：", is no numbered heading, no 附件说明, no sentence."""
    return (text.endswith(("：", ":")) and len(text) > 1 and split_prefix(text).level == 0
            and NOTE_LEAD.match(text) is None and "。" not in text)


def read_title(lines: list[Line], start: int, notes: list[ImportNote]) -> tuple[str, int] | None:
    """Return the title at ``start`` (wrapped lines joined) and the index after it.

    The title ends before the 主送 line when one follows within three lines; otherwise at
    the first line that ends as a title does (…的通知); otherwise it is one line.
    """
    idx = _filled(lines, start, MAX_TITLE_LINES + 2)
    if not idx:
        return None
    first = lines[idx[0]].text
    if is_addressee_line(first) or _addressee_start(lines, idx[0]):
        notes.append(ImportNote("notice.title", "源文件没有标题（首行即主送机关），已填占位，请补填 / "
                                "no title (the text starts with the addressees): a placeholder "
                                "was set, please fill in", PLACEHOLDER_TITLE))
        return PLACEHOLDER_TITLE, idx[0]
    end, addressed = 1, False
    for k in range(1, min(len(idx), MAX_TITLE_LINES + 1)):
        text = lines[idx[k]].text
        if lines[idx[k - 1]].text.endswith(TERMINAL):
            break
        if is_addressee_line(text) or _addressee_start(lines, idx[k]):
            end, addressed = k, True
            break
        if looks_like_title("".join(lines[i].text for i in idx[:k])):
            end, addressed = k, True  # "…的通知" ends the title whatever follows
            break
    if not addressed:
        joined = ""
        for k in range(min(len(idx), MAX_TITLE_LINES)):
            text = lines[idx[k]].text
            if text.endswith(TERMINAL) or split_prefix(text).level or DOC_NUMBER.match(text):
                break
            joined += text
            if looks_like_title(joined):
                end = k + 1
                break
    parts = [lines[i] for i in idx[:end]]
    title = "".join(ln.text for ln in parts)
    if end > 1:
        notes.append(ImportNote("notice.title", f"{line_span(parts)}：标题跨 {end} 行，已合并为一行"
                                f"，请核对 / title joined from {end} lines, please check", title))
    return title, idx[end - 1] + 1


def _addressee_start(lines: list[Line], i: int) -> bool:
    """A 主送 that wraps: "各县（市、区）教育局，……，" then "市直各学校：" below."""
    text = lines[i].text
    if not text.endswith(("，", "、", ",")) or "。" in text:
        return False
    nxt = _filled(lines, i + 1, 2)
    return any(is_addressee_line(lines[j].text) for j in nxt)


def read_addressees(lines: list[Line], start: int,
                    notes: list[ImportNote]) -> tuple[list[str], int, list[Line]]:
    """Return the 主送机关 at ``start`` (perhaps wrapped onto 2–3 lines), the next index, the lines."""
    idx = _filled(lines, start, 3)
    taken: list[int] = []
    for i in idx:
        text = lines[i].text
        if is_addressee_line(text):
            taken.append(i)
            break
        if not _addressee_start(lines, i):
            return [], start, []
        taken.append(i)
    else:
        return [], start, []
    used = [lines[i] for i in taken]
    if len(used) > 1:
        notes.append(ImportNote("notice.addressees", f"{line_span(used)}：主送机关跨 {len(used)} 行，"
                                "已合并 / a wrapped 主送 joined"))
    return split_names("".join(ln.text for ln in used)), taken[-1] + 1, used
