"""The body tree as paragraphs: sections numbered by position, run-in headings, lists, tables.

Shared by the notice and by document attachments (GB/T 9704-2012 7.3.3, 7.3.7).
"""

from __future__ import annotations

from typing import assert_never

from notice_kit.models import Block, NumberedList, Paragraph, Section, Table
from notice_kit.models.body import section_numbers
from notice_kit.numbering import heading_prefix
from notice_kit.render import wording
from notice_kit.render.docx.tables import render_table
from notice_kit.render.docx.writer import (
    BODY_INDENT,
    DocxWriter,
    FontRole,
    Indent,
    Span,
    StyleKey,
)

HEADING_STYLES: tuple[StyleKey, ...] = ("heading1", "heading2", "heading3", "heading4")


def render_blocks(writer: DocxWriter, blocks: list[Block], *, location: str = "notice.body",
                  carry_rows: int = 0, split_at: int = 0) -> None:
    """Append ``blocks`` in order, sections numbered by :func:`section_numbers`;
    ``location`` (the blocks' field path) names a table that cannot be laid out.

    ``carry_rows``: when the blocks end with a table, its last rows start a new page
    (see :func:`~notice_kit.render.docx.tables.render_table`); ``split_at``: when they
    end with a paragraph, it is written as two, cut at that character (see
    :class:`~notice_kit.render.docx.fitting.Fitting`)."""
    _render(writer, blocks, section_numbers(blocks), location, carry_rows, split_at)


def _render(writer: DocxWriter, blocks: list[Block], numbers: dict[int, tuple[int, int]],
            location: str, carry_rows: int = 0, split_at: int = 0) -> None:
    for i, block in enumerate(blocks):
        last = i == len(blocks) - 1
        carry = carry_rows if last else 0
        cut = split_at if last else 0
        if isinstance(block, Paragraph) and 0 < cut < len(block.text):
            writer.paragraph([Span(block.text[:cut])], style="body")
            # The rest continues the paragraph on the 署名's page: no first-line indent.
            writer.paragraph([Span(block.text[cut:])], style="body", indent=Indent())
        elif isinstance(block, Paragraph):
            writer.paragraph([Span(block.text)], style="body")
        elif isinstance(block, Section):
            render_section(writer, block, *numbers[id(block)])
            _render(writer, block.children, numbers, f"{location}[{i}].children", carry, cut)
        elif isinstance(block, NumberedList):
            render_list(writer, block.items)
        elif isinstance(block, Table):
            render_table(writer, block, location=f"{location}[{i}]", carry_rows=carry)
        else:
            assert_never(block)


def last_paragraph(blocks: list[Block]) -> Paragraph | None:
    """The paragraph ``blocks`` end with (at any depth), if they end with one."""
    if not blocks:
        return None
    last = blocks[-1]
    if isinstance(last, Section):
        return last_paragraph(last.children)
    return last if isinstance(last, Paragraph) else None


def ends_with_table(blocks: list[Block]) -> bool:
    """Whether the last thing ``blocks`` lay out is a table (at any depth)."""
    if not blocks:
        return False
    last = blocks[-1]
    if isinstance(last, Section):
        return ends_with_table(last.children)
    return isinstance(last, Table)


def render_list(writer: DocxWriter, items: list[str]) -> None:
    for n, item in enumerate(items, start=1):
        writer.paragraph([Span(wording.list_item(n, item))], style="body")


def heading_role(writer: DocxWriter, level: int) -> FontRole:
    role = writer.profile.heading_font_roles[level - 1]
    assert role in ("body", "xiaobiaosong", "hei", "kai", "song")
    return role  # type: ignore[return-value]


def render_section(writer: DocxWriter, section: Section, level: int, number: int) -> None:
    """Append one numbered section line: the number and heading in the level's font
    (一、黑体 （一）楷体 1．仿宋), the run-in text in the body font.

    A heading that stands alone takes the level's heading style (with its outline level,
    so it is in Word's navigation pane); one followed by its text on the same line is a
    body paragraph whose first run is set in the heading's font."""
    prefix = heading_prefix(level, number)
    look = Span("", role=heading_role(writer, level), bold=writer.profile.heading_bold[level - 1])
    spans = [Span(prefix + (section.heading or ""), role=look.role, bold=look.bold)]
    if section.text:
        spans.append(Span(section.text))
    is_heading_alone = section.heading is not None and not section.text
    style: StyleKey = HEADING_STYLES[level - 1] if is_heading_alone else "body"
    writer.paragraph(spans, style=style, indent=BODY_INDENT, keep_next=is_heading_alone)
