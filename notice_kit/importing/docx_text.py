"""A .docx as plain text in reading order: paragraphs, tables as TAB rows, text boxes.

For a .docx that is not laid out as GB/T 9704 asks (the inspector finds no title),
this text goes through the same reader as a pasted text, so both import alike.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_TXBX = qn("w:txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def docx_text(document: DocxDocument) -> str:
    """Return the text of ``document``'s body, one line per paragraph or table row."""
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        _block(child, lines)
    return "\n".join(lines) + "\n"


def _block(el: etree._Element, lines: list[str]) -> None:
    if el.tag == _P:
        lines.append(_paragraph_text(el))
        for box in el.iter(_TXBX):
            if not any(a.tag == _FALLBACK for a in box.iterancestors()):
                for child in box.iterchildren():
                    _block(child, lines)
    elif el.tag == _TBL:
        for row in el.iterchildren(_TR):
            cells = []
            for cell in row.iterchildren(_TC):
                texts = [_paragraph_text(p) for p in cell.iterchildren(_P)]
                cells.append("".join(t.strip() for t in texts))
            lines.append("\t".join(cells) if len(cells) > 1 else "\t" + "".join(cells))


def _paragraph_text(p: etree._Element) -> str:
    out: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if any(a.tag == _TXBX for a in el.iterancestors()):
            continue
        if el.tag == _T:
            out.append(el.text or "")
        elif el.tag == _TAB:
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)
