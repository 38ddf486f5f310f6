"""Tables — body tables and 回执 forms — laid out to read well.

Column widths come from the content (an 18-digit 身份证号码 column gets room for its
digits, a 序号 column stays narrow, free text shares the rest and wraps) unless the data
gives ``widths``; the text size steps down from 4号 to the smallest readable size when the
columns do not fit; a table of many columns, or one too wide for the portrait block, goes
on a landscape page (GB/T 9704-2012 clause 8).  Cells have padding, text centred
vertically in rows at least one line high, the header row in 黑体 repeated on every page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from notice_kit.errors import LayoutError
from notice_kit.layout.metrics import set_width
from notice_kit.layout.profile import MM_PER_PT, LayoutProfile
from notice_kit.models.body import Orientation
from notice_kit.models.body import Table as TableBlock
from notice_kit.render.docx import xml
from notice_kit.render.docx.sections import (
    begin_landscape,
    end_landscape,
    is_landscape,
    open_with_paragraph,
)
from notice_kit.render.docx.table_geometry import table_geometry
from notice_kit.render.docx.writer import DocxWriter, Span
from notice_kit.render.docx.xml import mm_to_twips, ppr_set, pt_to_twips, rpr_set

ColumnKind = Literal["number", "id", "phone", "text"]

_ID_HEADS = ("身份证", "证件号")
_PHONE_HEADS = ("电话", "手机", "联系方式")
# A hand-written or free-text column is given at least this many characters when there
# is room (a name, a short phrase); the cap keeps one long cell from taking the table.
WRITE_IN_CHARS = 4.0
TEXT_CAP_CHARS = 12.0
# Twips of slack per column, so text measured to fit is not wrapped by rounding.
SLACK_TWIPS = 30


def column_kind(heading: str) -> ColumnKind:
    """Tell what a column holds from its heading: 序号, an ID number, a phone, or text."""
    head = re.sub(r"\s", "", heading)
    if head in ("序号", "编号", "序"):
        return "number"
    if any(k in head for k in _ID_HEADS):
        return "id"
    if any(k in head for k in _PHONE_HEADS):
        return "phone"
    return "text"


@dataclass(frozen=True)
class TablePlan:
    """How one table is laid out: page orientation, text size, column widths in twips
    (summing to the width of the text block)."""

    landscape: bool
    size: float
    widths: list[int]
    margin_x: int  # each cell's left and right padding, twips

    @property
    def width(self) -> int:
        return sum(self.widths)


def block_width_twips(profile: LayoutProfile, *, landscape: bool) -> int:
    """The width of the text block, turned a quarter on a landscape page."""
    return mm_to_twips(profile.text_height_mm if landscape else profile.text_width_mm)


def block_height_mm(profile: LayoutProfile, *, landscape: bool) -> float:
    return profile.text_width_mm if landscape else profile.text_height_mm


def _head_width(heading: str) -> float:
    """A heading's width in cells: set in 黑体, whose digits and letters are wider than
    the half cell of the body's Latin face."""
    return set_width(heading) + 0.1 * sum(1 for ch in heading if ch.isascii() and ch.isalnum())


def _needs(columns: Sequence[str], rows: Sequence[Sequence[str]], size: float, margin_x: int,
           *, profile: LayoutProfile, form: bool) -> tuple[list[int], list[int], list[float]]:
    """Per column: the narrowest width it can take, the width it would like (twips) and
    its share of spare room (a weight)."""
    pad = 2 * margin_x + SLACK_TWIPS

    def twips(chars: float) -> int:
        return pad + math.ceil(chars * size * 20)

    mins: list[int] = []
    wants: list[int] = []
    grow: list[float] = []
    for c, heading in enumerate(columns):
        kind = column_kind(heading)
        cells = [heading, *(row[c] for row in rows)]
        natural = max([_head_width(heading), *(set_width(t) for t in cells[1:])])
        if kind == "number":
            low = want = max(natural, 2.0)
        elif kind in ("id", "phone"):
            digits = profile.table_id_digits if kind == "id" else profile.table_phone_digits
            low = want = max(digits / 2, max(set_width(t) for t in cells[1:]) if rows else 0)
        else:
            low = max(2.0, min(natural, WRITE_IN_CHARS))
            want = min(max(natural, WRITE_IN_CHARS if form else 2.0), TEXT_CAP_CHARS)
        mins.append(twips(low))
        wants.append(twips(max(want, low)))
        # Spare room goes to the text columns of a table (they wrap); on a form to every
        # column but 序号, digit columns half as much (hand-written digits are wider than
        # printed ones, hand-written words wider still).
        grow.append(1.0 if kind == "text" else 0.5 if form and kind != "number" else 0.0)
    return mins, wants, grow


def _distribute(mins: list[int], wants: list[int], grow: list[float], room: int) -> list[int]:
    """Share ``room`` among the columns: each its wish when they all fit, the spare to the
    growing columns in proportion (weighted); otherwise in proportion to the wishes, never under a
    column's minimum."""
    if sum(wants) <= room:
        weights = [w * g for w, g in zip(wants, grow, strict=True)]
        if not any(weights):
            weights = list(wants)
        spare = room - sum(wants)
        total = sum(weights)
        shares = [w + spare * wt / total for w, wt in zip(wants, weights, strict=True)]
    else:
        shares = [0.0] * len(wants)
        fixed = [False] * len(wants)
        while True:
            left = room - sum(m for m, f in zip(mins, fixed, strict=True) if f)
            total = sum(w for w, f in zip(wants, fixed, strict=True) if not f)
            changed = False
            for i, w in enumerate(wants):
                if fixed[i]:
                    continue
                shares[i] = left * w / total
                if shares[i] < mins[i]:
                    shares[i], fixed[i], changed = mins[i], True, True
            if not changed:
                break
            shares = [float(m) if f else 0.0 for m, f in zip(mins, fixed, strict=True)]
    out = [int(s) for s in shares]
    out[-1] += room - sum(out)
    return out


def _scaled(widths: Sequence[float], room: int) -> list[int]:
    total = sum(widths)
    out = [int(room * w / total) for w in widths]
    out[-1] += room - sum(out)
    return out


def table_sizes(profile: LayoutProfile, *, landscape: bool) -> list[float]:
    """The text sizes a table may take, largest first."""
    least = 0.0 if landscape else profile.table_portrait_min_pt
    return [size for size in profile.table_sizes_pt if size >= least]


def _plan_at(profile: LayoutProfile, columns: Sequence[str], rows: Sequence[Sequence[str]],
             widths: Sequence[float] | None, size: float, margin_x: int, *, landscape: bool,
             form: bool) -> TablePlan | None:
    """The table at text ``size`` with cells padded ``margin_x``, or None when its
    columns do not fit the block."""
    room = block_width_twips(profile, landscape=landscape)
    mins, wants, grow = _needs(columns, rows, size, margin_x, profile=profile, form=form)
    if sum(mins) > room:
        return None
    chosen = _scaled(widths, room) if widths else _distribute(mins, wants, grow, room)
    return TablePlan(landscape, size, chosen, margin_x)


def _margins(profile: LayoutProfile) -> list[int]:
    """Cell paddings to try: the profile's, then (a dense table) its smallest."""
    return [mm_to_twips(profile.table_cell_margin_x_mm),
            mm_to_twips(profile.table_cell_margin_x_min_mm)]


def plan_table(
    profile: LayoutProfile,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[float] | None = None,
    orientation: Orientation = "auto",
    form: bool = False,
    location: str,
) -> TablePlan:
    """Choose orientation, text size and column widths for a table.

    Portrait at the first size of ``profile.table_sizes_pt`` (down to
    ``table_portrait_min_pt``) at which every column gets its minimum; landscape when the
    table has ``table_landscape_columns`` columns or more or fits portrait at no size.
    Raises :class:`LayoutError` naming ``location`` when the columns do not fit even
    landscape at the smallest size.
    """
    n = len(columns)
    if orientation == "auto":
        tries = [False, True] if n < profile.table_landscape_columns else [True]
    else:
        tries = [orientation == "landscape"]
    for landscape in tries:
        for margin_x in _margins(profile):
            for size in table_sizes(profile, landscape=landscape):
                plan = _plan_at(profile, columns, rows, widths, size, margin_x,
                                landscape=landscape, form=form)
                if plan is not None:
                    return plan
    smallest = table_sizes(profile, landscape=tries[-1])[-1]
    page = "横向" if tries[-1] else "竖向"
    page_en = "landscape" if tries[-1] else "portrait"
    raise LayoutError(
        f"{location}: {n} 列在{page}页面上以最小字号 {smallest:g} 磅也排不下，请减少列数或"
        f"缩短各列内容 / {n} columns do not fit a {page_en} page even at {smallest:g} pt: "
        f"use fewer columns or shorter cells"
    )


# -- rows ----------------------------------------------------------------------------------


def line_height_pt(profile: LayoutProfile, size: float) -> float:
    """The exact line height of cell text."""
    return round(size * profile.table_line_em * 2) / 2


def row_content_mm(profile: LayoutProfile, plan: TablePlan, values: Sequence[str]) -> float:
    """The height the text of one row needs (its tallest cell, wrapped), padding included."""
    pad = 2 * plan.margin_x
    lines = 1
    for value, width in zip(values, plan.widths, strict=True):
        per_line = max((width - pad) / (plan.size * 20), 1.0)
        lines = max(lines, math.ceil(set_width(value) / per_line) if value else 1)
    line_mm = line_height_pt(profile, plan.size) * MM_PER_PT
    return lines * line_mm + 2 * profile.table_cell_margin_y_mm


def write_table(
    writer: DocxWriter,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    plan: TablePlan,
    *,
    row_height_mm: float,
    keep_with_next: bool = False,
) -> DocxTable:
    """Append a bordered table laid out by ``plan``: the header row in 黑体, repeated on
    every page; rows at least ``row_height_mm`` high (they grow with wrapped text), none
    split across pages; text centred in its cell, wrapped text justified.

    ``keep_with_next`` keeps the last row on the page of the paragraph after the table.
    """
    table: DocxTable = writer.document.add_table(rows=0, cols=len(header))
    _geometry(writer.profile, table, plan)
    tbl = table._tbl
    values = [list(header), *map(list, rows)]
    for r, cells in enumerate(values):
        tr = _row(writer, table, plan, cells, header=r == 0, height_mm=row_height_mm,
                  keep=keep_with_next and r == len(values) - 1)
        tbl.append(tr)
    return table


def _geometry(profile: LayoutProfile, table: DocxTable, plan: TablePlan) -> None:
    table_geometry(table, plan.widths, margin_x=plan.margin_x,
                   margin_y=mm_to_twips(profile.table_cell_margin_y_mm))


def _row(writer: DocxWriter, table: DocxTable, plan: TablePlan, cells: Sequence[str], *,
         header: bool, height_mm: float, keep: bool) -> BaseOxmlElement:
    p = writer.profile
    tr = xml.element("w:tr")
    tr_pr = xml.child(tr, "w:trPr")
    xml.ordered_child(tr_pr, "w:cantSplit", xml.TRPR_ORDER)
    xml.set_attrs(xml.ordered_child(tr_pr, "w:trHeight", xml.TRPR_ORDER),
                  val=mm_to_twips(height_mm), hRule="atLeast")
    if header:
        xml.ordered_child(tr_pr, "w:tblHeader", xml.TRPR_ORDER)
    pad = 2 * plan.margin_x
    line = pt_to_twips(line_height_pt(p, plan.size))
    for value, width in zip(cells, plan.widths, strict=True):
        tc = xml.element("w:tc")
        tr.append(tc)
        tc_pr = xml.child(tc, "w:tcPr")
        xml.set_attrs(xml.child(tc_pr, "w:tcW"), w=width, type="dxa")
        tc_pr.append(xml.element("w:vAlign", val="center"))
        para_el = xml.element("w:p")
        tc.append(para_el)
        ppr = xml.child(para_el, "w:pPr")
        if keep:
            ppr_set(ppr, "w:keepNext")
        # Cell text has its own exact line (not the body's 28.95 pt pitch) and snaps to
        # no grid, so it sits in the middle of the row.
        ppr_set(ppr, "w:snapToGrid", val=0)
        ppr_set(ppr, "w:spacing", before=0, after=0, line=line, lineRule="exact")
        ppr_set(ppr, "w:ind", left=0, right=0, firstLine=0)
        one_line = set_width(value) * plan.size * 20 <= width - pad
        ppr_set(ppr, "w:jc", val="center" if header or one_line else "both")
        # The paragraph mark's own format: text typed into a blank cell comes out at the
        # table's size, not condensed (audit F5).
        mark = xml.ordered_child(ppr, "w:rPr", xml.PPR_ORDER)
        xml.set_fonts(mark, writer.font_name("hei" if header else "body"),
                      latin=None if header else p.fonts.latin)
        rpr_set(mark, "w:spacing", val=0)
        xml.set_size(mark, plan.size)
        para = DocxParagraph(para_el, table)
        if value:
            writer.add_span(para, Span(value, role="hei" if header else "body",
                                       size=plan.size, condensed=False))
    return tr


# -- body tables ---------------------------------------------------------------------------


def render_table(writer: DocxWriter, table: TableBlock, *, location: str,
                 carry_rows: int = 0) -> None:
    """Append a body table: its caption above in 黑体 kept with it; a wide table on a
    landscape page of its own (clause 8), the text after it on a new portrait page.

    ``carry_rows`` starts the table's last rows on a new page, under a repeated header
    row.  The build asks for it when the table ends the body and the 署名 came out alone
    on the next page: LibreOffice 7.4 ignores keep-with-next on a table's last row
    (measured), so the break is placed where the first conversion showed it is needed.
    """
    plan = plan_table(writer.profile, table.columns, table.rows, widths=table.widths,
                      orientation=table.orientation, location=f"{location}.columns")
    opened = plan.landscape and not is_landscape(writer)
    if opened:
        begin_landscape(writer)
    if table.title:
        writer.paragraph([Span(table.title, role="hei")], align="center", keep_next=True)
    elif opened:
        open_with_paragraph(writer)
    height = writer.profile.table_row_height_mm
    carry = min(carry_rows, len(table.rows) - 1) if not plan.landscape else 0
    if carry > 0:
        write_table(writer, table.columns, table.rows[:-carry], plan, row_height_mm=height)
        # A one-point paragraph between the pieces: it carries the page break, and keeps
        # Word and LibreOffice from joining the two tables into one.
        writer.paragraph([], line_pt=1, page_break_before=True)
        write_table(writer, table.columns, table.rows[-carry:], plan, row_height_mm=height)
    else:
        write_table(writer, table.columns, table.rows, plan, row_height_mm=height)
    if opened:
        end_landscape(writer)


# -- 回执 forms ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormPlan:
    """A 回执 table's plan and its row height; ``one_page`` when the whole form fits on
    the attachment's first page."""

    table: TablePlan
    row_height_mm: float
    one_page: bool


# Kept free at the foot of a form's page: rounding of row heights and rule widths.
FORM_SAFETY_MM = 1.5
# Row heights tried, in steps of this much.
ROW_STEP_MM = 0.1


def plan_form(
    profile: LayoutProfile,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[float] | None,
    orientation: Orientation,
    lines_above: int,
    notes: Sequence[str],
    location: str,
) -> FormPlan:
    """Lay out a form's table so that the form sits on one page when it can.

    ``lines_above`` is the number of body lines on the page above the table (label,
    title, header fields and blank lines), ``notes`` the paragraphs under it.  Rows
    take the profile's 回执 height, shrunk down to its minimum (the text a size smaller
    when a row at the minimum cannot hold it) so that the table and its notes fit the
    page.  A form that does not fit even then runs on over the next pages under its
    repeated header row, its rows as high as they can be with the notes on the page of
    the last rows, never alone.
    """
    first = plan_table(profile, columns, rows, widths=widths, orientation=orientation,
                       form=True, location=location)
    pitch = profile.line_pitch_twips
    note_lines = sum(
        math.ceil((2 + set_width(note)) / profile.chars_per_line) for note in notes
    ) + (1 if notes else 0)
    page = mm_to_twips(block_height_mm(profile, landscape=first.landscape))
    geometry = _FormPage(first_room=page - lines_above * pitch, room=page,
                         notes=note_lines * pitch, safety=mm_to_twips(FORM_SAFETY_MM))
    full, least = profile.receipt_row_height_mm, profile.receipt_row_min_mm
    heights = [round(full - k * ROW_STEP_MM, 1)
               for k in range(round((full - least) / ROW_STEP_MM) + 1)]
    for size in [s for s in table_sizes(profile, landscape=first.landscape) if s <= first.size]:
        table = _plan_at(profile, columns, rows, widths, size, first.margin_x,
                         landscape=first.landscape, form=True)
        if table is None:
            break
        needs = [mm_to_twips(row_content_mm(profile, table, values))
                 for values in [columns, *rows]]
        for h in heights:
            if geometry.one_page(_rows_at(needs, h)):
                return FormPlan(table, h, True)
    needs = [mm_to_twips(row_content_mm(profile, first, values)) for values in [columns, *rows]]
    for h in heights:
        if geometry.notes_with_rows(_rows_at(needs, h)):
            return FormPlan(first, h, False)
    return FormPlan(first, full, False)


def _rows_at(needs: list[int], h_mm: float) -> list[int]:
    """Row heights (twips, the header row first) when rows are at least ``h_mm`` high."""
    h = mm_to_twips(h_mm)
    return [max(h, need) for need in needs]


@dataclass(frozen=True)
class _FormPage:
    """The room a form's table has, in twips: on the first page under the label, title
    and fields; on each following page (which repeats the header row); for the notes."""

    first_room: int
    room: int
    notes: int
    safety: int

    def one_page(self, rows: list[int]) -> bool:
        return sum(rows) <= self.first_room - self.notes - self.safety

    def notes_with_rows(self, rows: list[int]) -> bool:
        """Tell whether, rows flowing page by page, the last page keeps at least two rows
        and room for the notes even if one more row came over."""
        header, body = rows[0], rows[1:]
        room, used, on_page = self.first_room, header, 0
        for h in body:
            if used + h > room:
                room, used, on_page = self.room, header, 0
            used += h
            on_page += 1
        return on_page >= 2 and used + max(body) + self.notes + self.safety <= room
