"""Table geometry in twips: fixed column widths, centring, single borders, cell padding
(the 回执's and the body's tables), and the borderless layout grid (several issuers)."""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table as DocxTable

from notice_kit.render.docx import xml


def table_geometry(table: DocxTable, widths: Sequence[int], *, margin_x: int | None = None,
                   margin_y: int | None = None) -> None:
    """Fix ``table``'s column ``widths`` (twips), centre it, give it single borders;
    ``margin_x`` / ``margin_y`` set the cells' padding left and right / top and bottom
    (Word's default is 108 and 0)."""
    tbl_pr = table._tbl.tblPr

    def prop(tag: str) -> BaseOxmlElement:
        return xml.ordered_child(tbl_pr, tag, xml.TBLPR_ORDER)

    xml.set_attrs(prop("w:tblW"), w=sum(widths), type="dxa")
    xml.set_attrs(prop("w:jc"), val="center")
    borders = prop("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(xml.border(f"w:{side}", sz=4))
    xml.set_attrs(prop("w:tblLayout"), type="fixed")
    if margin_x is not None or margin_y is not None:
        cell_mar = prop("w:tblCellMar")
        # Schema order: top, left, bottom, right.
        for side, w in (("top", margin_y), ("left", margin_x), ("bottom", margin_y),
                        ("right", margin_x)):
            if w is not None:
                cell_mar.append(xml.element(f"w:{side}", w=w, type="dxa"))
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            tc_w = xml.child(cell._tc.get_or_add_tcPr(), "w:tcW")
            xml.set_attrs(tc_w, w=width, type="dxa")


def borderless(table: DocxTable, widths: Sequence[int]) -> None:
    """Give ``table`` fixed column ``widths`` (twips), no borders and no cell padding
    (a layout grid)."""
    table_geometry(table, widths, margin_x=0)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    if borders is not None:
        for edge in borders:
            edge.set(qn("w:val"), "nil")
