"""Reading a .docx reply: the paragraphs (title, 单位名称：…) and the tables, cell by cell
on the table grid, so merged and split cells keep their place."""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]

from notice_kit.receipts.model import Cell, RawReply, RawTable, ReplyError

_W_P, _W_TBL, _W_SDT, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tc")


def read_docx(path: Path) -> RawReply:
    """Return the text lines and tables of the .docx at ``path``.

    Raises :class:`ReplyError` when it is not a readable .docx (encrypted files are
    stored as OLE containers, not zip, and are named as such).
    """
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        raise ReplyError(path, _why_unreadable(path, exc)) from None
    reply = RawReply(path=path, format="docx")
    for element in _blocks(document.element.body):
        if element.tag == _W_P:
            reply.lines.append(_paragraph_text(element))
        else:
            table = _table(element)
            reply.tables.append(table)
            reply.lines.extend(_label_lines(table))
    return reply


def _why_unreadable(path: Path, exc: Exception) -> str:
    try:
        head = path.read_bytes()[:8]
    except OSError as err:
        return f"无法读取 / cannot read: {err.strerror}"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ("文件有密码保护或是旧版 Word 格式，无法读取 / password-protected (or an old "
                "Word file named .docx): cannot be read")
    return f"不是有效的 .docx 文件 / not a valid .docx file ({type(exc).__name__}: {exc})"


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """Yield the paragraphs and tables under ``parent`` in order, content controls opened."""
    for child in parent:
        if child.tag in (_W_P, _W_TBL):
            yield child
        elif child.tag == _W_SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:delText")):
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag in (qn("w:tab"), qn("w:br")):
            parts.append("\t")
        # deleted text (w:delText) of a tracked change is not part of the reply
    return "".join(parts)


def _cell_text(tc: etree._Element) -> str:
    # Only this cell's own paragraphs, not those of a table nested in it.
    paras = [_paragraph_text(p) for p in _blocks(tc) if p.tag == _W_P]
    return " ".join(t.strip() for t in paras if t.strip())


def _row_cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == _W_TC:
            yield child
        elif child.tag == _W_SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from content.iter(_W_TC)


def _int_attr(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(qn("w:val"), default))
    except ValueError:
        return default


def _table(tbl: etree._Element) -> RawTable:
    """Read ``tbl`` on its grid: each cell with the grid columns it spans; a cell that
    continues a vertical merge takes the text of the cell it continues."""
    rows: list[list[Cell]] = []
    continued: set[tuple[int, int]] = set()
    above: dict[int, str] = {}
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        trpr = tr.find(qn("w:trPr"))
        col = _int_attr(trpr.find(qn("w:gridBefore")) if trpr is not None else None, 0)
        cells: list[Cell] = []
        for tc in _row_cells(tr):
            tcpr = tc.find(qn("w:tcPr"))
            span = max(1, _int_attr(tcpr.find(qn("w:gridSpan")) if tcpr is not None else None, 1))
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            text = _cell_text(tc)
            if vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue":
                text = above.get(col, "")
                continued.add((r, col))
            cells.append(Cell(text, col, col + span))
            above[col] = text
            col += span
        rows.append(cells)
    return RawTable(rows, frozenset(continued))


def _label_lines(table: RawTable) -> Iterator[str]:
    """Yield ``label：value`` for rows laid out as label cell, value cell (a header block
    typed as a table), so fields there read like paragraphs."""
    for cells in table.rows:
        texts = [c.text for c in cells if c.text]
        for a, b in itertools.pairwise(texts):
            if not a.rstrip().endswith(("：", ":")):
                yield f"{a}：{b}"
        yield " ".join(texts)
