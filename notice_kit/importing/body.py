"""A body (of the notice or of a document attachment) from its lines: sections, paragraphs, tables."""

from __future__ import annotations

from notice_kit.importing.common import nest
from notice_kit.importing.lines import Line
from notice_kit.importing.result import ImportNote
from notice_kit.importing.tables import make_table, table_runs
from notice_kit.models.body import Block, Paragraph
from notice_kit.textparse import TERMINAL, logical_lines, split_prefix, to_section

_CAPTION_MAX = 40


def body_blocks(lines: list[Line], where: str, notes: list[ImportNote], *,
                join: bool = True) -> list[Block]:
    """Return the block tree of ``lines``, tables read from TAB or space-aligned rows.

    Numbered lines become sections (as in :func:`notice_kit.textparse.parse_body`), a
    table run a :class:`~notice_kit.models.body.Table`; a short unnumbered line right
    above a table, without closing punctuation, is taken as its caption (noted).  With
    ``join`` false each line stays a block of its own (lines of unknown status, which
    a wrapped sentence must not swallow).
    """
    items: list[tuple[int, Block]] = []
    pos = 0
    for start, end in table_runs(lines):
        text = lines[pos:start]
        caption = _caption(text)
        if caption is not None:
            text = text[: text.index(caption)]
            notes.append(ImportNote(where, f"第{caption.no}行 / line {caption.no}: 作为表格标题"
                                    f"导入 / taken as the caption of the table below: {caption.text}"))
        items += _text_items(text, join)
        items.append((0, make_table(lines[start:end], caption.text if caption else None,
                                    where, notes)))
        pos = end
    items += _text_items(lines[pos:], join)
    return nest(items)


def _caption(lines: list[Line]) -> Line | None:
    filled = [ln for ln in lines if ln.text]
    if not filled:
        return None
    last = filled[-1]
    text = last.text
    if len(text) > _CAPTION_MAX or text.endswith(TERMINAL) or split_prefix(text).level:
        return None
    return last


def _text_items(lines: list[Line], join: bool) -> list[tuple[int, Block]]:
    items: list[tuple[int, Block]] = []
    filled = [ln.text for ln in lines if ln.text]
    parsed_lines = logical_lines("\n".join(filled)) if join else [split_prefix(t) for t in filled]
    for parsed in parsed_lines:
        if parsed.level == 0:
            items.append((0, Paragraph(text=parsed.text)))
        else:
            items.append((parsed.level, to_section(parsed)))
    return items
