"""Parse a body written as plain Chinese text into the block tree.

Recognises the GB/T 9704-2012 7.3.3 prefixes 一、 （一） 1． （1）, drops them (they are
regenerated on output), splits run-in headings ("（一）时间：2024年11月22日14:00。" →
heading "时间：" + text) and nests sections by level.  Lines that continue a wrapped
sentence are joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notice_kit.models.body import Block, Paragraph, Section

_CN = "一二三四五六七八九十百零"
_PREFIXES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(?P<n>[{_CN}]+)\s*[、，,．.]\s*")),
    (2, re.compile(rf"^[（(]\s*(?P<n>[{_CN}]+)\s*[）)]\s*[、，,．.]?\s*")),
    # "1.5万元" is a number, but "1.2020年6月前，……" an item that begins with a year.
    (3, re.compile(r"^(?P<n>\d{1,3})\s*[．.、](?!\d(?!\d{3}年))\s*")),
    (4, re.compile(r"^[（(]\s*(?P<n>\d{1,3})\s*[）)]\s*")),
)
# A run-in heading is short and ends with ：or 。 with more text after it.
_RUN_IN = re.compile(r"^(?P<head>[^：。:；，,]{1,15}[：。:])(?P<rest>.+)$")
TERMINAL = tuple("。；：！？…”’）)」』:;!?")


@dataclass(frozen=True)
class ParsedLine:
    """One logical line: its level (0 for plain text), the number as typed, and the text."""

    level: int
    number: str | None
    text: str


def split_prefix(line: str) -> ParsedLine:
    """Return the numbering level, typed number and remaining text of one line."""
    for level, pattern in _PREFIXES:
        m = pattern.match(line)
        if m and m.end() < len(line):
            return ParsedLine(level, m["n"], line[m.end() :])
    return ParsedLine(0, None, line)


def logical_lines(text: str) -> list[ParsedLine]:
    """Split ``text`` into numbered or plain lines, joining wrapped continuations.

    A physical line without a prefix continues the previous one when that one did not
    end a sentence and is not a bare heading (extracted text often breaks mid-sentence:
    "三楼\\n 会议室。").
    """
    out: list[ParsedLine] = []
    for raw in text.splitlines():
        line = raw.strip(" \t\u3000\r")
        if not line:
            continue
        parsed = split_prefix(line)
        prev = out[-1] if out else None
        if (
            parsed.level == 0
            and prev is not None
            and not prev.text.endswith(TERMINAL)
            and not _is_bare_heading(prev)
        ):
            out[-1] = ParsedLine(prev.level, prev.number, prev.text + line)
            continue
        out.append(parsed)
    return out


def _is_bare_heading(line: ParsedLine) -> bool:
    # "一、时间、地点": a numbered line with no sentence punctuation is a heading alone.
    return line.level > 0 and _RUN_IN.match(line.text) is None and len(line.text) <= 30


def to_section(line: ParsedLine) -> Section:
    """Make a section of a numbered line: a heading, a run-in heading, or an item.

    A first-level line is a heading when it is short ("一、招生计划", even "一、高度重视，
    加强领导。"); a long one that is a whole paragraph ("一、凡在我校园内进行的各类大型
    活动，应提前三天……") is an item: its number in the heading face, its text in the body
    face — set whole in 黑体 it would read as a five-line heading.
    """
    # Two sentences ("审核后，由副校长审批。然后，交由总务执行。") make a paragraph.
    bare = _is_bare_heading(line) and sum(line.text.count(m) for m in "。；！？") <= 1
    if bare and (line.level == 1 or not line.text.endswith(TERMINAL)):
        return Section(heading=line.text)
    m = _RUN_IN.match(line.text)
    if m:
        return Section(heading=m["head"], text=m["rest"])
    return Section(text=line.text)


def parse_body(text: str) -> list[Block]:
    """Return the block tree of a body written as plain text with numbering prefixes.

    Sections nest by level; a level may be skipped (一、 then 1．), and the section then
    records its level.  A plain paragraph belongs to the innermost open heading: a
    numbered item that carries text of its own closes before it.
    """
    root: list[Block] = []
    stack: list[tuple[int, Section]] = []
    for line in logical_lines(text):
        if line.level == 0:
            while stack and stack[-1][1].text is not None:
                stack.pop()
            (stack[-1][1].children if stack else root).append(Paragraph(text=line.text))
            continue
        while stack and stack[-1][0] >= line.level:
            stack.pop()
        section = to_section(line)
        parent_level = stack[-1][0] if stack else 0
        if line.level != parent_level + 1:
            section.level = line.level
        (stack[-1][1].children if stack else root).append(section)
        stack.append((line.level, section))
    return root
