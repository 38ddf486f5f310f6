"""The sealed joint signature (GB/T 9704-2012 7.3.5.1, 联合行文加盖印章).

The names stand in the issuing order, each under its own seal; the last seal presses the
last name and the 成文日期 (the date four characters in from the right, as for one seal).
Seals stand in rows — three at most, fewer when the names are long — aligned on columns
that end over the date, neither overlapping nor touching, no row wider than the block;
four authorities make two rows of two.  The first row sits where a single seal would,
so its top is within a line of the text above.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from notice_kit.layout.metrics import set_width
from notice_kit.layout.profile import MM_PER_PT
from notice_kit.render.docx import xml
from notice_kit.render.docx.seal import add_seal
from notice_kit.render.docx.writer import DocxWriter, Indent, Span

# A name is at least this many characters clear of its neighbour's.
NAME_GAP_CHARS = 1.0
# More than three 42 mm seals do not fit a 156 mm row with the date four characters in.
MAX_PER_ROW = 3


@dataclass(frozen=True)
class SealGrid:
    """Where the seals go: ``rows`` of seal indices, column centres in body cells."""

    rows: list[list[int]]
    centres: list[float]  # centre of each column, left to right


def seal_grid(last_centre: float, pitch: float, half_width: float, count: int) -> SealGrid:
    """Arrange ``count`` seals in balanced rows of columns ``pitch`` apart, the last column
    centred at ``last_centre``: as many columns as keep the leftmost seal or name
    (``half_width`` either side of its centre) inside the block, three at most."""
    fit = max(1, min(MAX_PER_ROW, math.floor((last_centre - half_width) / pitch) + 1))
    rows_n = math.ceil(count / fit)
    per_row = math.ceil(count / rows_n)
    rows = [list(range(i, min(i + per_row, count))) for i in range(0, count, per_row)]
    centres = [last_centre - (per_row - 1 - j) * pitch for j in range(per_row)]
    return SealGrid(rows, centres)


def render_joint_sealed(writer: DocxWriter, names: list[str], date: str, seals: list[Path],
                        *, keep_with_note: bool = False) -> None:
    """Append the rows of names with their seals, then the date under the last seal."""
    p = writer.profile
    block = p.text_width_mm / MM_PER_PT / p.char_pitch_pt
    seal_chars = p.seal_size_mm / MM_PER_PT / p.char_pitch_pt
    gap_chars = p.seal_gap_mm / MM_PER_PT / p.char_pitch_pt
    date_w = set_width(date)
    last_centre = block - p.sealed_date_right_chars - date_w / 2
    widest = max(set_width(n) for n in names)
    pitch = max(seal_chars + gap_chars, widest + NAME_GAP_CHARS)
    grid = seal_grid(last_centre, pitch, max(seal_chars, widest) / 2, len(seals))
    for r, row in enumerate(grid.rows):
        if r:
            writer.blank(p.seal_row_lines - 1, keep_next=True)
        # The row's columns are the grid's rightmost ones: every row ends over the date.
        centres = grid.centres[len(grid.centres) - len(row):]
        para = writer.paragraph([], align="left", keep_next=True)
        tabs = xml.ordered_child(para._p.get_or_add_pPr(), "w:tabs", xml.PPR_ORDER)
        for centre in centres:
            tabs.append(xml.element("w:tab", val="center", pos=writer.chars(centre)))
        for i, centre in zip(row, centres, strict=True):
            para.add_run("\t")
            writer.add_span(para, Span(names[i]))
            location = "notice.seal" if len(seals) == 1 else f"notice.seal[{i}]"
            add_seal(writer, para, seals[i], centre_chars=centre, location=location)
    writer.paragraph([Span(date)], align="right", indent=Indent(right=p.sealed_date_right_chars),
                     keep_next=keep_with_note)
