"""Assertions for the tests of scripts that build notices.

Each helper reads the document back (a path, or a document already inspected), compares,
and raises :class:`AssertionError` with a message that says what was expected and what
was found, item by item, so a failing test reads like a proof-reader's note::

    from notice_kit.testing import assert_attachments, assert_conforms, read

    def test_package(built_pdf):
        doc = read(built_pdf)
        assert_attachments(doc, [("附件1", "省厅三季度分析材料"), ("附件2", "参加人员回执")])
        assert_conforms(doc)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from notice_kit.check.checker import CheckReport, check_document
from notice_kit.inspect.model import InspectedDocument
from notice_kit.inspect.reader import inspect_document
from notice_kit.layout.profile import GBT9704, LayoutProfile

__all__ = [
    "assert_attachments",
    "assert_conforms",
    "assert_headings",
    "assert_page_numbers_continuous",
    "assert_receipt_columns",
    "assert_text_on_page",
    "assert_title",
    "read",
]

DocumentLike = InspectedDocument | str | Path


def read(document: DocumentLike) -> InspectedDocument:
    """Return ``document`` inspected (read once, then pass the result to the helpers)."""
    return document if isinstance(document, InspectedDocument) else inspect_document(document)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _table(rows: Sequence[tuple[str, str, str]]) -> str:
    """Rows of (marker, expected, found) as aligned text."""
    width = max((len(e) for _, e, _ in rows), default=0) + 2
    return "\n".join(f"  {mark} {exp:<{width}}{found}" for mark, exp, found in rows)


def assert_title(document: DocumentLike, title: str) -> None:
    """Assert that the notice's title reads ``title`` (line breaks and spaces ignored)."""
    doc = read(document)
    found = doc.title
    if found is None or _squeeze(found) != _squeeze(title):
        raise AssertionError(f"{doc.path}: 标题不符 / title differs\n"
                             f"  expected: {title}\n  found:    {found or '（无标题 / no title）'}")


def assert_attachments(document: DocumentLike, expected: Sequence[tuple[str, str]]) -> None:
    """Assert the attachments bound in the document, in order, as (label, title) pairs:
    ``[("附件1", "省厅三季度分析材料"), ("附件2", "…回执")]``."""
    doc = read(document)
    found = [(a.label, a.title or "") for a in doc.attachments]
    if [(lb, _squeeze(t)) for lb, t in found] == [(lb, _squeeze(t)) for lb, t in expected]:
        return
    rows = []
    for i in range(max(len(expected), len(found))):
        exp = "　".join(expected[i]) if i < len(expected) else "（无 / none）"
        got = "　".join(found[i]) if i < len(found) else "（无 / none）"
        rows.append(("✓" if _squeeze(exp) == _squeeze(got) else "✗", exp, got))
    raise AssertionError(
        f"{doc.path}: 附件不符 / attachments differ "
        f"(expected {len(expected)}, found {len(found)})\n"
        f"    {'expected':<{max(len(r[1]) for r in rows) + 2}}found\n{_table(rows)}"
    )


def assert_receipt_columns(document: DocumentLike, attachment: int, columns: Sequence[str], *,
                           rows: int | None = None) -> None:
    """Assert that attachment number ``attachment`` holds a table with these ``columns``
    (its first row) and, if given, that many rows below it."""
    doc = read(document)
    found = next((a for a in doc.attachments if a.number == attachment), None)
    if found is None:
        labels = "、".join(a.label for a in doc.attachments) or "（无 / none）"
        raise AssertionError(f"{doc.path}: 没有附件{attachment} / no attachment {attachment}; "
                             f"found {labels}")
    if not found.tables:
        raise AssertionError(f"{doc.path}: {found.label}（{found.title}）没有表格 / has no table")
    table = found.tables[0]
    if list(table.columns) != list(columns):
        raise AssertionError(
            f"{doc.path}: {found.label} 表格栏目不符 / table columns differ\n"
            f"  expected: {'｜'.join(columns)}\n  found:    {'｜'.join(table.columns)}")
    if rows is not None and len(table.rows) != rows:
        raise AssertionError(f"{doc.path}: {found.label} 表格行数不符 / table rows differ: "
                             f"expected {rows}, found {len(table.rows)}")


def assert_page_numbers_continuous(document: DocumentLike, *, start: int | None = 1) -> None:
    """Assert that a PDF's printed page numbers run without gaps (from ``start`` on the
    first page; any start with None); only the last page may go without one (a 版记 or
    blank page, GB/T 9704 7.5)."""
    doc = read(document)
    if doc.format != "pdf":
        raise AssertionError(f"{doc.path}: 页码只能在 PDF 中核对 / page numbers are known "
                             "only in a PDF (a .docx has no pages until laid out)")
    numbers = [(p.number, p.page_number) for p in doc.pages]
    values = [(page, int(re.sub(r"\D", "", text)) if text else None) for page, text in numbers]
    first = next((v for _, v in values if v is not None), None)
    base = start if start is not None else (first or 1) - (values[0][0] - 1)
    rows, ok = [], True
    for i, (page, value) in enumerate(values):
        want = base + page - 1
        good = value == want or (value is None and i == len(values) - 1)
        ok &= good
        rows.append(("✓" if good else "✗", f"p.{page}: {want}", "无 / none" if value is None
                     else str(value)))
    if not ok:
        raise AssertionError(f"{doc.path}: 页码不连续 / page numbers do not run on\n{_table(rows)}")


def assert_text_on_page(document: DocumentLike, page: int, text: str) -> None:
    """Assert that ``text`` is printed on ``page`` of a PDF (spaces and line breaks ignored,
    so text wrapped over two lines is found)."""
    doc = read(document)
    if doc.format != "pdf":
        raise AssertionError(f"{doc.path}: 只有 PDF 有页 / only a PDF has pages")
    if not 1 <= page <= len(doc.pages):
        raise AssertionError(f"{doc.path}: 没有第{page}页 / no page {page} "
                             f"(it has {len(doc.pages)})")
    if _squeeze(text) in _squeeze(doc.page_text(page)):
        return
    elsewhere = [p.number for p in doc.pages if _squeeze(text) in _squeeze(doc.page_text(p.number))]
    hint = f"; it is on page {', '.join(map(str, elsewhere))}" if elsewhere else ""
    shown = "\n".join(f"    | {line}" for line in doc.page_text(page).splitlines()[:12])
    raise AssertionError(f"{doc.path}: 第{page}页没有 / page {page} does not show "
                         f"{text!r}{hint}\n  page {page} begins:\n{shown}")


def assert_headings(document: DocumentLike, expected: Sequence[str], *, level: int = 1) -> None:
    """Assert the headings of ``level`` in the notice body (before any attachment), as
    printed with their numbers: ``["一、时间、地点", "二、参加对象"]``."""
    doc = read(document)
    first_attachment = doc.attachments[0].first_element if doc.attachments else len(doc.elements)
    found = [f"{h.number}{h.heading or h.run_in or ''}" for h in doc.headings
             if h.level == level and h.index < first_attachment]
    if [_squeeze(f) for f in found] == [_squeeze(e) for e in expected]:
        return
    rows = [("✓" if i < len(found) and i < len(expected) and _squeeze(found[i]) == _squeeze(expected[i])
             else "✗", expected[i] if i < len(expected) else "（无 / none）",
             found[i] if i < len(found) else "（无 / none）")
            for i in range(max(len(expected), len(found)))]
    raise AssertionError(f"{doc.path}: 第{level}层标题不符 / level-{level} headings differ\n"
                         f"{_table(rows)}")


def assert_conforms(document: DocumentLike, profile: LayoutProfile = GBT9704, *,
                    allow_warnings: bool = True) -> CheckReport:
    """Assert that the document passes :func:`~notice_kit.check.check_document` (no
    errors; no warnings either unless ``allow_warnings``); return the report."""
    report = check_document(read(document), profile)
    bad = [f for f in report.findings if f.severity == "error" or not allow_warnings]
    if bad:
        lines = [f"  {f.code} {f.clause} {f.severity}: {f.message} — {f.location}"
                 + (f"\n      expected {f.expected}; found {f.found}" if f.expected or f.found else "")
                 for f in bad]
        raise AssertionError(f"{report.path}: 不符合 GB/T 9704 / does not conform "
                             f"({len(bad)} findings, profile {report.profile}):\n" + "\n".join(lines))
    return report
