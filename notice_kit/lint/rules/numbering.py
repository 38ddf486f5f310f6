"""Numbering typed by hand, and the headings it belongs to (GB/T 9704-2012 7.3.3).

notice_kit numbers sections by their position, so a number typed into a text is either
printed twice (in a section) or frozen while everything around it is renumbered (in a
paragraph).  These rules find both, and the skips and repeats a reader would see.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from notice_kit.lint.fields import blocks_with_paths, bodies
from notice_kit.lint.registry import Hit, rule
from notice_kit.lint.text import excerpt, number_value
from notice_kit.models import (
    Block,
    ListAttachment,
    NumberedList,
    Package,
    Paragraph,
    Section,
)
from notice_kit.models.body import section_numbers
from notice_kit.numbering import heading_prefix
from notice_kit.textparse import ParsedLine, logical_lines, split_prefix

CLAUSE = "GB/T 9704-2012 7.3.3：结构层次序数依次用“一、”“（一）”“1．”“（1）”"
_RUN_IN_END = tuple("：:。．.？！?!")


def typed_prefix(text: str) -> tuple[ParsedLine, str] | None:
    """Return the parsed line and the prefix as typed ("三、"), when ``text`` starts with one."""
    parsed = split_prefix(text)
    if parsed.level == 0:
        return None
    return parsed, text[: len(text) - len(parsed.text)].strip()


@dataclass(frozen=True)
class Numbered:
    """A number as the reader sees it: a section's generated one, or one typed in a text."""

    location: str
    level: int
    value: int
    shown: str
    typed: bool
    text: str


def visible_numbers(blocks: list[Block], prefix: str) -> Iterator[Numbered]:
    """Yield the numbers of a body in reading order, generated and typed alike."""
    numbers = section_numbers(blocks)
    for path, block in blocks_with_paths(blocks, prefix):
        if isinstance(block, Section):
            level, n = numbers[id(block)]
            text = (block.heading or "") + (block.text or "")
            yield Numbered(path, level, n, heading_prefix(level, n), False, text)
        elif isinstance(block, Paragraph):
            found = typed_prefix(block.text)
            if found is not None:
                parsed, shown = found
                value = number_value(parsed.number or "")
                if value is not None:
                    yield Numbered(path, parsed.level, value, shown, True, parsed.text)


@dataclass(frozen=True)
class Break:
    """Where a sequence of numbers skips or repeats: the item and the one before at its level."""

    index: int
    previous: int | None
    expected: int


def sequence_breaks(levels_values: Iterable[tuple[int, int]]) -> Iterator[Break]:
    """Yield each number that is not the one after its predecessor at the same level.

    A shallower number starts the deeper levels again (一、 1． 2． 二、 1．), as in
    :func:`~notice_kit.models.body.section_numbers`.
    """
    last: dict[int, tuple[int, int]] = {}  # level -> (index, value)
    for index, (level, value) in enumerate(levels_values):
        for deeper in [lv for lv in last if lv > level]:
            del last[deeper]
        previous = last.get(level)
        expected = previous[1] + 1 if previous else 1
        if value != expected:
            yield Break(index, previous[0] if previous else None, expected)
        last[level] = (index, value)


def _break_message(shown: str, before: str | None, value: int, expected: int) -> tuple[str, str]:
    if before is None:
        return f"序号从“{shown}”开始，而不是从第1个开始", f"numbering starts at “{shown}”, not at the first"
    if value == expected - 1:
        return f"序号重复：“{before}”之后又是“{shown}”", f"numbering repeats: “{shown}” after “{before}”"
    if value < expected:
        return (f"序号倒退：“{before}”之后是“{shown}”",
                f"numbering goes backwards: “{shown}” after “{before}”")
    return f"序号跳号：“{before}”之后是“{shown}”", f"numbering skips: “{shown}” follows “{before}”"


@rule("NK301", "typed-number", "info", CLAUSE)
def typed_number(package: Package) -> Iterator[Hit]:
    """A paragraph starting with 一、 or （二）: probably meant as a section."""
    for prefix, blocks in bodies(package):
        for path, block in blocks_with_paths(blocks, prefix):
            if not isinstance(block, Paragraph):
                continue
            found = typed_prefix(block.text)
            if found is not None:
                shown = found[1]
                yield Hit(path,
                          f"段落以手写序号“{shown}”开头，序号不会随位置重排；若是标题，"
                          "请写成 heading/text（节），由程序编号",
                          f"the paragraph starts with a typed number, “{shown}”, which is never "
                          "renumbered: if it is a heading, make it a section (heading/text)",
                          excerpt(block.text, 0, len(shown)))


@rule("NK302", "number-sequence", "warning", CLAUSE)
def number_sequence(package: Package) -> Iterator[Hit]:
    """Typed numbers that skip or repeat among the numbers a reader sees."""
    for prefix, blocks in bodies(package):
        items = list(visible_numbers(blocks, prefix))
        for b in sequence_breaks((item.level, item.value) for item in items):
            item = items[b.index]
            before = items[b.previous] if b.previous is not None else None
            if not item.typed and not (before is not None and before.typed):
                continue  # generated numbers are always in sequence
            zh, en = _break_message(item.shown, before.shown if before else None,
                                    item.value, b.expected)
            yield Hit(item.location, zh, en, excerpt(item.shown + item.text, 0, len(item.shown)))


@rule("NK303", "doubled-number", "warning", CLAUSE)
def doubled_number(package: Package) -> Iterator[Hit]:
    """A section or list item typed with its number: the generated one is printed too."""
    for prefix, blocks in bodies(package):
        for path, block in blocks_with_paths(blocks, prefix):
            if isinstance(block, Section):
                part = "heading" if block.heading else "text"
                yield from _doubled(f"{path}.{part}", block.heading or block.text or "")
            elif isinstance(block, NumberedList):
                for j, item in enumerate(block.items):
                    yield from _doubled(f"{path}.items[{j}]", item)
    for i, attachment in enumerate(package.attachments):
        if isinstance(attachment, ListAttachment):
            for j, item in enumerate(attachment.items):
                yield from _doubled(f"attachments[{i}].items[{j}]", item)


def _doubled(location: str, text: str) -> Iterator[Hit]:
    found = typed_prefix(text)
    if found is not None:
        shown = found[1]
        yield Hit(location,
                  f"开头的“{shown}”是手写序号，而序号会自动生成，将印两遍；请删去",
                  f"starts with a typed number, “{shown}”, but numbers are generated: it would be "
                  "printed twice, so delete it", excerpt(text, 0, len(shown)))


@rule("NK304", "run-in-heading", "warning", CLAUSE + "；文中标题后接正文时以“：”或“。”隔开")
def run_in_heading(package: Package) -> Iterator[Hit]:
    """A run-in heading with no "：" or "。" before its text; a heading that leads nowhere."""
    for prefix, blocks in bodies(package):
        for path, block in blocks_with_paths(blocks, prefix):
            if not isinstance(block, Section) or block.heading is None:
                continue
            heading = block.heading
            if block.text and not heading.endswith(_RUN_IN_END):
                yield Hit(f"{path}.heading",
                          f"标题“{heading}”后接正文，应以“：”或“。”结束",
                          f"the run-in heading “{heading}” needs a “：” or “。” before its text",
                          excerpt(heading + block.text, len(heading) - 1, len(heading) + 1))
            elif not block.text and not block.children and heading.endswith(("：", ":")):
                yield Hit(f"{path}.heading",
                          f"标题“{heading}”以冒号结尾，后面却没有内容",
                          f"the heading “{heading}” ends with a colon but nothing follows it",
                          excerpt(heading, len(heading) - 1), severity="info")


@rule("NK305", "text-body-numbering", "warning", CLAUSE, reads="data")
def text_body_numbering(data: Any) -> Iterator[Hit]:
    """A body written as plain text whose typed numbers skip or repeat (一、 三、).

    The parser drops the typed numbers and numbers the sections by position, so the
    output looks right — but a skip usually means a part went missing.
    """
    for location, text in _text_bodies(data):
        lines = [line for line in logical_lines(text) if line.level > 0]
        values = [(line.level, number_value(line.number or "") or 0) for line in lines]
        generated = list(_by_position(line.level for line in lines))
        for b in sequence_breaks(values):
            line = lines[b.index]
            shown = _typed_shown(line, text)
            before = _typed_shown(lines[b.previous], text) if b.previous is not None else None
            zh, en = _break_message(shown, before, values[b.index][1], b.expected)
            note_zh, note_en = _renumbered(heading_prefix(line.level, generated[b.index]),
                                           skipped=values[b.index][1] > b.expected)
            yield Hit(location, zh + note_zh, en + note_en, excerpt(shown + line.text, 0, len(shown)))


def _renumbered(output: str, *, skipped: bool) -> tuple[str, str]:
    if skipped:
        return (f"（输出时编号为“{output}”，是否漏了一项？）",
                f" (the output numbers it “{output}”: is a part missing?)")
    return f"（输出时编号为“{output}”）", f" (the output numbers it “{output}”)"


def _by_position(levels: Iterable[int]) -> Iterator[int]:
    """The numbers the parsed sections get: their position at their level."""
    counters: dict[int, int] = {}
    for level in levels:
        for deeper in [lv for lv in counters if lv > level]:
            del counters[deeper]
        counters[level] = counters.get(level, 0) + 1
        yield counters[level]


def _text_bodies(data: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(data, Mapping):
        return
    notice = data.get("notice")
    if isinstance(notice, Mapping) and isinstance(notice.get("body"), str):
        yield "notice.body", notice["body"]
    attachments = data.get("attachments")
    if isinstance(attachments, list):
        for i, attachment in enumerate(attachments):
            if isinstance(attachment, Mapping) and isinstance(attachment.get("body"), str):
                yield f"attachments[{i}].body", attachment["body"]


def _typed_shown(line: ParsedLine, text: str) -> str:
    # logical_lines keeps only the text after the prefix; find the prefix as typed.
    for raw in text.splitlines():
        stripped = raw.strip(" \t\u3000\r")
        parsed = split_prefix(stripped)
        same = parsed.level == line.level and parsed.number == line.number
        if same and line.text.startswith(parsed.text):
            return stripped[: len(stripped) - len(parsed.text)].strip()
    return heading_prefix(line.level, number_value(line.number or "") or 1)
