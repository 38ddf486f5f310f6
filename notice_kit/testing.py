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

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from notice_kit.check.checker import CheckReport, check_document
from notice_kit.inspect.model import Attachment, ElementKind, InspectedDocument
from notice_kit.inspect.reader import inspect_document
from notice_kit.layout.profile import GBT9704, LayoutProfile
from notice_kit.models import chinese_date

__all__ = [
    "assert_attachments",
    "assert_colophon",
    "assert_conforms",
    "assert_date",
    "assert_doc_number",
    "assert_headings",
    "assert_note",
    "assert_page_numbers_continuous",
    "assert_part_pages",
    "assert_receipt_columns",
    "assert_receipt_fields",
    "assert_signatures",
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
    __tracebackhide__ = True
    doc = read(document)
    found = doc.title
    if found is None or _squeeze(found) != _squeeze(title):
        raise AssertionError(f"{doc.path}: 标题不符 / title differs\n"
                             f"  expected: {title}\n  found:    {found or '（无标题 / no title）'}")


def assert_attachments(document: DocumentLike, expected: Sequence[tuple[str, str]]) -> None:
    """Assert the attachments bound in the document, in order, as (label, title) pairs:
    ``[("附件1", "省厅三季度分析材料"), ("附件2", "…回执")]``."""
    __tracebackhide__ = True
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
    __tracebackhide__ = True
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
    __tracebackhide__ = True
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
    __tracebackhide__ = True
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
    __tracebackhide__ = True
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
    __tracebackhide__ = True
    report = check_document(read(document), profile)
    bad = [f for f in report.findings if f.severity == "error" or not allow_warnings]
    if bad:
        lines = [f"  {f.code} {f.clause} {f.severity}: {f.message} — {f.location}"
                 + (f"\n      expected {f.expected}; found {f.found}" if f.expected or f.found else "")
                 for f in bad]
        raise AssertionError(f"{report.path}: 不符合 GB/T 9704 / does not conform "
                             f"({len(bad)} findings, profile {report.profile}):\n" + "\n".join(lines))
    return report


_NONE = "（无 / none）"


def _texts(doc: InspectedDocument, kind: ElementKind) -> list[str]:
    return [e.text for e in doc.of_kind(kind)]


def _compare(doc: InspectedDocument, what: str, expected: Sequence[str],
             found: Sequence[str]) -> None:
    """Raise AssertionError listing expected against found, item by item, unless they agree
    (spaces and line breaks ignored)."""
    __tracebackhide__ = True
    if [_squeeze(e) for e in expected] == [_squeeze(f) for f in found]:
        return
    rows = [("✓" if i < len(expected) and i < len(found)
             and _squeeze(expected[i]) == _squeeze(found[i]) else "✗",
             expected[i] if i < len(expected) else _NONE, found[i] if i < len(found) else _NONE)
            for i in range(max(len(expected), len(found), 1))]
    width = max(len(r[1]) for r in rows) + 2
    raise AssertionError(f"{doc.path}: {what}不符 / {what} differs\n"
                         f"    {'expected':<{width}}found\n{_table(rows)}")


def assert_doc_number(document: DocumentLike, doc_number: str | None) -> None:
    """Assert the 发文字号 (7.2.5) reads ``doc_number`` (None: the document has none)."""
    __tracebackhide__ = True
    doc = read(document)
    _compare(doc, "发文字号 / document number ", [doc_number] if doc_number else [],
             _texts(doc, "doc_number"))


def assert_date(document: DocumentLike, date: dt.date | str) -> None:
    """Assert the 成文日期 (7.3.5.4) under the 署名: a date, or its text 2024年10月28日."""
    __tracebackhide__ = True
    doc = read(document)
    shown = chinese_date(date) if isinstance(date, dt.date) else date
    _compare(doc, "成文日期 / date ", [shown], _texts(doc, "date")[:1])


def assert_signatures(document: DocumentLike, names: Sequence[str]) -> None:
    """Assert the 发文机关署名 (7.3.5), in order: ``["扬州市教育局"]``."""
    __tracebackhide__ = True
    doc = read(document)
    found = [line for e in doc.of_kind("signature") for line in (e.lines or [e.text]) if line]
    _compare(doc, "署名 / signatures ", list(names), found)


def assert_note(document: DocumentLike, note: str | None) -> None:
    """Assert the 附注 (7.3.6), without its brackets (None: the document has none)."""
    __tracebackhide__ = True
    doc = read(document)
    found = [e.text.strip().removeprefix("（").removeprefix("(").removesuffix("）").removesuffix(")")
             for e in doc.of_kind("note")]
    _compare(doc, "附注 / note ", [note] if note else [], found)


def assert_colophon(document: DocumentLike, *, cc: Sequence[str] | None = None,
                    printer: str | None = None, print_date: dt.date | str | None = None) -> None:
    """Assert the 版记 (7.4): the 抄送 names in order, and the 印发机关 and 印发日期 line;
    an argument left out is not checked."""
    __tracebackhide__ = True
    doc = read(document)
    if cc is not None:
        found = [n for e in doc.of_kind("colophon_cc")
                 for n in re.split("[，,、]", e.text.removeprefix("抄送").lstrip("：:").rstrip("。"))
                 if n.strip()]
        _compare(doc, "抄送 / cc ", list(cc), found)
    if printer is not None or print_date is not None:
        found_line = [re.sub(r"\s+", " ", t).strip() for t in _texts(doc, "colophon_print")]
        day = chinese_date(print_date) if isinstance(print_date, dt.date) else print_date
        parts = [printer or "", f"{day}印发" if day else ""]
        expected = " ".join(p for p in parts if p)
        if not found_line or any(_squeeze(p) not in _squeeze(found_line[0]) for p in parts if p):
            _compare(doc, "印发机关和印发日期 / printer and print date ", [expected], found_line[:1])


def _attachment(doc: InspectedDocument, number: int) -> Attachment:
    __tracebackhide__ = True
    found = next((a for a in doc.attachments if a.number == number
                  or (a.number is None and number == 1)), None)
    if found is None:
        labels = "、".join(a.label for a in doc.attachments) or _NONE
        raise AssertionError(f"{doc.path}: 没有附件{number} / no attachment {number}; found {labels}")
    return found


def assert_receipt_fields(document: DocumentLike, attachment: int,
                          fields: Mapping[str, str] | Sequence[str]) -> None:
    """Assert the header fields of the 回执 that is attachment ``attachment`` (the
    "单位名称：……" lines above its table): labels in order, or labels with their values."""
    __tracebackhide__ = True
    doc = read(document)
    found_att = _attachment(doc, attachment)
    end = found_att.tables[0].index if found_att.tables else found_att.last_element + 1
    found: list[tuple[str, str]] = []
    for e in doc.elements[found_att.first_element:end]:
        if e.kind == "paragraph":
            for piece in re.split(r"\t+|\s{2,}|　{2,}", e.text):
                label, colon, value = piece.partition("：")
                if colon:
                    found.append((label.strip(), value.strip().strip("_＿")))
    if isinstance(fields, Mapping):
        expected = [f"{k}：{v}" for k, v in fields.items()]
        shown = [f"{k}：{v}" for k, v in found]
    else:
        expected, shown = list(fields), [k for k, _ in found]
    _compare(doc, f"{found_att.label} 回执栏目 / receipt fields ", expected, shown)


def assert_part_pages(document: DocumentLike, pages: Mapping[str, int]) -> None:
    """Assert how many pages each part of a PDF takes: ``{"正文": 4, "附件1": 8}`` (parts
    not named are not checked)."""
    __tracebackhide__ = True
    doc = read(document)
    if doc.format != "pdf" or doc.page_count is None:
        raise AssertionError(f"{doc.path}: 页数只能在 PDF 中核对 / page counts are known only in a PDF")
    starts = [("正文", 1)] + [(a.label, a.page or 0) for a in doc.attachments]
    counts = {label: (starts[i + 1][1] if i + 1 < len(starts) else doc.page_count + 1) - first
              for i, (label, first) in enumerate(starts)}
    expected = [f"{label}: {n}" for label, n in pages.items()]
    found = [f"{label}: {counts[label]}" if label in counts else f"{label}: {_NONE}"
             for label in pages]
    _compare(doc, "各部分页数 / part page counts ", expected, found)
