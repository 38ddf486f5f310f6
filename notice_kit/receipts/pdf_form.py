"""The 回执 as a fillable PDF: text fields laid over the cells of the rendered form.

The rendered PDF is measured, not guessed: the table's rules (the strokes LibreOffice
drew) give the cells, the header's words which column each is, and the underline after
``单位名称：`` the field's line.  Fields are named ``单位名称`` and ``r{row}.{column}``
(a parent field per row), which is what :mod:`notice_kit.receipts.pdf_reply` reads back.
The blank form looks exactly like the printed one: empty fields draw nothing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from notice_kit.errors import LayoutError
from notice_kit.inspect.pdf_drawing import Segment, page_segments
from notice_kit.inspect.pdftext import PT_PER_MM, PageLines, WordLine, read_lines
from notice_kit.receipts.form import FormSpec
from notice_kit.receipts.matching import squeeze
from notice_kit.receipts.output import atomic_write
from notice_kit.receipts.pdf_font import FONT_NAME, add_cjk_font
from notice_kit.receipts.pdf_reply import row_field_name
from notice_kit.receipts.values import normalize

_SNAP_MM = 0.6  # rules closer than this are one rule
_INSET_MM = 0.6  # a field stays this far inside its cell's rules
_READ_ONLY = 1  # field flag bit 1
_MULTILINE = 1 << 12  # field flag bit 13: a cell's text wraps, at a size that fits


@dataclass(frozen=True)
class FieldBox:
    """Where one field goes: page index, rectangle in mm from the top-left, its value."""

    name: str  # fully qualified: 单位名称, r3.手机号码
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    value: str = ""
    size: float = 0  # 0: as large as fits (a cell's text shrinks rather than overflow)
    centred: bool = False


def plan_fields(pdf: Path, spec: FormSpec) -> list[FieldBox]:
    """Return a field for each header field and each fillable cell of the 回执 in ``pdf``.

    Raises :class:`LayoutError` when the form's table cannot be found in the PDF.
    """
    reader = PdfReader(pdf)
    pages = read_lines(pdf, own=True)  # a page of notice_kit's own conversion
    boxes: list[FieldBox] = []
    columns: list[str | None] | None = None
    xs: list[float] = []
    row = 0
    for index, page in enumerate(pages):
        segments = list(page_segments(reader, index))
        grid = _grid(segments)
        boxes += _field_boxes(spec, page, segments, grid)
        if grid is None:
            continue
        page_xs, ys = grid
        start = 0
        header = _header(spec, page.lines, page_xs, ys)
        if header is not None:
            columns, start, xs = header[0], header[1] + 1, page_xs
        elif columns is None or len(page_xs) != len(xs):
            continue  # a table that is not the form's
        for top, bottom in itertools.pairwise(ys[start:]):
            row += 1
            boxes += _cell_boxes(spec, row, index, columns, page_xs, top, bottom)
    if not any(b.name.startswith("r") and "." in b.name for b in boxes):
        raise LayoutError(f"{pdf.name}: 找不到回执表格“{spec.title}” / the 回执's table is not in "
                          "the PDF")
    return boxes


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP_MM:
            out.append(v)
    return out


def _grid(segments: list[Segment]) -> tuple[list[float], list[float]] | None:
    """The table's column rules (x) and row rules (y), in mm, or None without a table."""
    verticals = [s for s in segments if s.vertical]
    if len(verticals) < 2:
        return None
    xs = _cluster([s.x0 for s in verticals])
    y0, y1 = min(s.y0 for s in verticals), max(s.y1 for s in verticals)
    width = xs[-1] - xs[0]
    rules = [s.y0 for s in segments if s.horizontal and y0 - 1 <= s.y0 <= y1 + 1
             and s.x1 - s.x0 > 0.5 * width]
    ys = _cluster(rules)
    return (xs, ys) if len(xs) >= 2 and len(ys) >= 2 else None


def _header(spec: FormSpec, lines: list[WordLine], xs: list[float], ys: list[float]
            ) -> tuple[list[str | None], int] | None:
    """The columns (one per cell band) and the index of the header row, if on this page."""
    wanted = {squeeze(c): c for c in spec.columns}
    for r, (top, bottom) in enumerate(itertools.pairwise(ys)):
        columns: list[str | None] = []
        for left, right in itertools.pairwise(xs):
            text = "".join(w.text for ln in lines for w in ln.words
                           if top < w.middle_y < bottom and left < w.centre_x < right)
            columns.append(wanted.get(squeeze(text)))
        if sum(c is not None for c in columns) * 2 >= len(spec.columns):
            return columns, r
    return None


def _cell_boxes(spec: FormSpec, row: int, page: int, columns: list[str | None],
                xs: list[float], top: float, bottom: float) -> list[FieldBox]:
    boxes = []
    printed = spec.rows[row - 1] if row <= len(spec.rows) else ()
    for i, column in enumerate(columns):
        if column is None or spec.kind(column) == "number":
            continue
        value = printed[spec.columns.index(column)] if printed else ""
        boxes.append(FieldBox(row_field_name(row, column), page, xs[i] + _INSET_MM,
                              top + _INSET_MM, xs[i + 1] - _INSET_MM, bottom - _INSET_MM,
                              value=value, centred=True))
    return boxes


def _field_boxes(spec: FormSpec, page: PageLines, segments: list[Segment],
                 grid: tuple[list[float], list[float]] | None) -> list[FieldBox]:
    """A field on the underline after each ``label：`` line above the table."""
    boxes = []
    table_top = grid[1][0] if grid else page.height
    for label in spec.fields:
        for line in page.lines:
            text = normalize(line.text).replace(" ", "")
            if line.top > table_top or not text.startswith(f"{squeeze(label)}:"):
                continue
            under = [s for s in segments if s.horizontal and line.top < s.y0 < line.bottom + 3
                     and s.x1 > line.x0 + 20]
            if not under:
                continue
            rule = min(under, key=lambda s: s.y0)
            height = line.bottom - line.top
            boxes.append(FieldBox(label, page.number - 1, rule.x0, rule.y0 - height - 1.2,
                                  rule.x1, rule.y0 - 0.3, value=spec.prefilled.get(label, ""),
                                  size=round(min(14.0, height * PT_PER_MM * 0.8), 1)))
            break
    return boxes


def make_pdf_form(pdf: Path | str, spec: FormSpec, out: Path | str) -> Path:
    """Write ``pdf`` (the rendered 回执) with form fields over its blanks to ``out``
    (atomically).  Values the form already prints (a unit's name pre-filled by the
    batch) become read-only fields holding that value, drawn by the page, not twice.

    Raises :class:`LayoutError` when the 回执's table is not found in ``pdf``.
    """
    pdf, out = Path(pdf), Path(out)
    boxes = plan_fields(pdf, spec)
    reader = PdfReader(pdf)
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # not pypdf's 1.3: LibreOffice wrote what it used
    font = add_cjk_font(writer)
    fields = ArrayObject()
    parents: dict[str, DictionaryObject] = {}
    for box in boxes:
        page = writer.pages[box.page]
        height_pt = float(page.mediabox.top)
        left_pt = float(page.mediabox.left)
        rect = [left_pt + box.x0 * PT_PER_MM, height_pt - box.bottom * PT_PER_MM,
                left_pt + box.x1 * PT_PER_MM, height_pt - box.top * PT_PER_MM]
        parent_name, _, partial = box.name.rpartition(".")
        widget = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject(partial),
            NameObject("/Rect"): ArrayObject([FloatObject(round(v, 2)) for v in rect]),
            NameObject("/DA"): TextStringObject(f"{FONT_NAME} {box.size:g} Tf 0 g"),
            NameObject("/Q"): NumberObject(1 if box.centred else 0),
            NameObject("/F"): NumberObject(4),  # printed
            NameObject("/P"): page.indirect_reference,
        })
        if box.centred:
            widget[NameObject("/Ff")] = NumberObject(_MULTILINE)
        if box.value:
            # Already printed on the page: the field holds it, its appearance is empty.
            widget[NameObject("/V")] = TextStringObject(box.value)
            widget[NameObject("/Ff")] = NumberObject(_READ_ONLY | int(widget.get("/Ff", 0)))
            empty = StreamObject()
            empty.update({NameObject("/Type"): NameObject("/XObject"),
                          NameObject("/Subtype"): NameObject("/Form"),
                          NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                                            FloatObject(rect[2] - rect[0]),
                                                            FloatObject(rect[3] - rect[1])])})
            widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(empty)})
        ref = writer._add_object(widget)
        if parent_name:
            parent = parents.get(parent_name)
            if parent is None:
                parent = DictionaryObject({NameObject("/T"): TextStringObject(parent_name),
                                           NameObject("/Kids"): ArrayObject()})
                parents[parent_name] = parent
                fields.append(writer._add_object(parent))
            widget[NameObject("/Parent")] = parent.indirect_reference
            parent["/Kids"].append(ref)  # type: ignore[attr-defined]
        else:
            fields.append(ref)
        page.setdefault(NameObject("/Annots"), ArrayObject()).append(ref)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): fields,
        NameObject("/DR"): DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject(FONT_NAME): font})}),
        NameObject("/DA"): TextStringObject(f"{FONT_NAME} 0 Tf 0 g"),
        NameObject("/NeedAppearances"): BooleanObject(False),
    })
    return atomic_write(out, writer.write)
