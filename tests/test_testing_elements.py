"""Issue 13, item 5: notice_kit.testing has a helper for every element inspect reads
(发文字号, 成文日期, 署名, 附注, 版记, receipt fields, part page counts); each failure lists
expected against found; helper frames are hidden from pytest tracebacks."""

from __future__ import annotations

import datetime as dt
import inspect
import re

import pytest

import notice_kit
from notice_kit import testing
from notice_kit.inspect.model import InspectedDocument
from notice_kit.testing import (
    assert_colophon,
    assert_date,
    assert_doc_number,
    assert_note,
    assert_part_pages,
    assert_receipt_fields,
    assert_signatures,
    read,
)

from .test_testing import MEETING, built, sent_pdf  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def sent_docx(tmp_path_factory: pytest.TempPathFactory) -> InspectedDocument:
    data = {**MEETING, "notice": {**MEETING["notice"], "note": "（联系人：张三，电话：87366433）"}}  # type: ignore[dict-item]
    path = tmp_path_factory.mktemp("docx") / "notice.docx"
    path.write_bytes(notice_kit.render_package_docx(notice_kit.package_from_data(data)).data)
    return read(path)


def test_every_element_of_the_notice_reads_as_intended(sent_docx: InspectedDocument) -> None:
    assert_doc_number(sent_docx, "某教发〔2024〕12号")
    assert_date(sent_docx, dt.date(2024, 10, 28))
    assert_date(sent_docx, "2024年10月28日")
    assert_signatures(sent_docx, ["某某市教育局"])
    assert_note(sent_docx, "联系人：张三，电话：87366433")
    assert_colophon(sent_docx, cc=["市政府办公室"], printer="某某市教育局办公室",
                    print_date=dt.date(2024, 10, 28))
    assert_receipt_fields(sent_docx, 1, ["单位名称"])
    assert_receipt_fields(sent_docx, 1, {"单位名称": ""})


def test_each_failure_lists_expected_against_found(sent_docx: InspectedDocument) -> None:
    cases = [
        (lambda: assert_doc_number(sent_docx, "某教发〔2024〕13号"), "发文字号",
         "某教发〔2024〕13号", "某教发〔2024〕12号"),
        (lambda: assert_date(sent_docx, dt.date(2024, 10, 29)), "成文日期", "2024年10月29日",
         "2024年10月28日"),
        (lambda: assert_signatures(sent_docx, ["某某市教育局", "某某市财政局"]), "署名",
         "某某市财政局", "（无 / none）"),
        (lambda: assert_note(sent_docx, None), "附注", "（无 / none）", "联系人：张三"),
        (lambda: assert_colophon(sent_docx, cc=["市委办公室"]), "抄送", "市委办公室", "市政府办公室"),
        (lambda: assert_colophon(sent_docx, print_date="2024年10月30日"), "印发", "2024年10月30日印发",
         "2024年10月28日印发"),
        (lambda: assert_receipt_fields(sent_docx, 1, ["单位名称", "联系人"]), "回执栏目", "联系人",
         "（无 / none）"),
    ]
    for call, what, expected, found in cases:
        with pytest.raises(AssertionError) as info:
            call()
        message = str(info.value)
        assert what in message and "expected" in message and "found" in message, message
        assert re.search(rf"✗ .*{re.escape(expected)}.*{re.escape(found)}", message), message
    with pytest.raises(AssertionError, match="没有附件3 / no attachment 3; found 附件1、附件2"):
        assert_receipt_fields(sent_docx, 3, ["单位名称"])


def test_part_page_counts_in_the_pdf(sent_pdf: InspectedDocument) -> None:  # noqa: F811
    counts = {"正文": sent_pdf.attachments[0].page - 1}  # type: ignore[operator]
    assert counts["正文"] >= 1
    assert_part_pages(sent_pdf, {**counts, "附件1": 1, "附件2": 1})
    with pytest.raises(AssertionError) as info:
        assert_part_pages(sent_pdf, {"附件1": 2, "附件9": 1})
    assert "✗ 附件1: 2" in str(info.value) and "附件1: 1" in str(info.value)
    assert "附件9: （无 / none）" in str(info.value)


def test_part_pages_need_a_pdf(sent_docx: InspectedDocument) -> None:
    with pytest.raises(AssertionError, match="only in a PDF"):
        assert_part_pages(sent_docx, {"正文": 1})


def test_every_helper_hides_its_frames_from_pytest() -> None:
    helpers = [getattr(testing, n) for n in testing.__all__ if n.startswith("assert_")]
    assert len(helpers) >= 14
    for helper in helpers:
        assert "__tracebackhide__ = True" in inspect.getsource(helper), helper.__name__
    assert "__tracebackhide__ = True" in inspect.getsource(testing._compare)
