"""notice_kit.testing: the example a bureau's script would carry, then what each helper
says when the document is not as expected."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

import notice_kit
from notice_kit.inspect.model import InspectedDocument
from notice_kit.testing import (
    assert_attachments,
    assert_conforms,
    assert_headings,
    assert_page_numbers_continuous,
    assert_receipt_columns,
    assert_text_on_page,
    assert_title,
    read,
)

from .conftest import needs_libreoffice

# ---------------------------------------------------------------------------------------------
# The example: a bureau builds its meeting notice from data and tests the files it sends out.
# ---------------------------------------------------------------------------------------------

MEETING = {
    "notice": {
        "header": {"issuers": ["某某市教育局"], "doc_number": "某教发〔2024〕12号"},
        "title": "关于召开全市学校安全工作会议的通知",
        "addressees": ["各县（市、区）教育局", "市直各学校"],
        "body": [
            "为做好今冬明春学校安全工作，市教育局决定召开全市学校安全工作会议。现将有关事项通知如下：",
            {"heading": "时间、地点", "children": [
                {"heading": "时间：", "text": "2024年11月22日14:00。"},
                {"heading": "地点：", "text": "市教育局三楼会议室。"}]},
            {"heading": "参加对象", "children": [
                {"text": "各县（市、区）教育局分管负责人；"}, {"text": "市直各学校分管负责人。"}]},
            {"heading": "有关要求", "children": ["请于11月19日前报送参会回执（附件1）。"]},
        ],
        "date": "2024-10-28",
        "colophon": {"cc": ["市政府办公室"], "printer": "某某市教育局办公室",
                     "print_date": "2024-10-28"},
    },
    "attachments": [
        {"kind": "receipt", "title": "参会回执", "fields": ["单位名称"],
         "columns": ["序号", "姓名", "职务", "手机号码"]},
        {"kind": "list", "title": "参会学校名单", "items": ["第一中学", "第二中学"]},
    ],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> notice_kit.BuildResult:
    needs_libreoffice()
    package = notice_kit.package_from_data(MEETING)
    return notice_kit.build_package(package, tmp_path_factory.mktemp("meeting"))


@pytest.fixture(scope="module")
def sent_pdf(built: notice_kit.BuildResult) -> InspectedDocument:
    return read(built.path("package", "pdf"))  # read once, assert many times


def test_the_notice_we_send_reads_as_intended(sent_pdf: InspectedDocument) -> None:
    assert_title(sent_pdf, "关于召开全市学校安全工作会议的通知")
    assert_headings(sent_pdf, ["一、时间、地点", "二、参加对象", "三、有关要求"])
    assert_text_on_page(sent_pdf, 1, "现将有关事项通知如下")
    assert_attachments(sent_pdf, [("附件1", "参会回执"), ("附件2", "参会学校名单")])
    assert_receipt_columns(sent_pdf, 1, ["序号", "姓名", "职务", "手机号码"], rows=8)
    assert_page_numbers_continuous(sent_pdf)


def test_the_files_we_send_conform_to_gbt9704(built: notice_kit.BuildResult) -> None:
    assert_conforms(built.path("package", "pdf"))
    assert_conforms(built.path("package", "docx"))


# ---------------------------------------------------------------------------------------------
# What the helpers say when something is off.
# ---------------------------------------------------------------------------------------------


def test_attachments_message_lists_both_sides(sent_pdf: InspectedDocument) -> None:
    with pytest.raises(AssertionError) as info:
        assert_attachments(sent_pdf, [("附件1", "参会回执"), ("附件2", "学校名单"), ("附件3", "日程")])
    message = str(info.value)
    assert "附件不符 / attachments differ (expected 3, found 2)" in message
    assert re.search(r"✓ 附件1　参会回执\s+附件1　参会回执", message)
    assert re.search(r"✗ 附件2　学校名单\s+附件2　参会学校名单", message)
    assert re.search(r"✗ 附件3　日程\s+（无 / none）", message)


def test_receipt_columns_message(sent_pdf: InspectedDocument) -> None:
    differ = "expected: 序号｜姓名｜单位｜手机号码\n  found:    序号｜姓名｜职务｜手机号码"
    with pytest.raises(AssertionError, match=differ):
        assert_receipt_columns(sent_pdf, 1, ["序号", "姓名", "单位", "手机号码"])
    with pytest.raises(AssertionError, match=r"附件2（参会学校名单）没有表格 / has no table"):
        assert_receipt_columns(sent_pdf, 2, ["序号"])
    with pytest.raises(AssertionError, match="没有附件5 / no attachment 5; found 附件1、附件2"):
        assert_receipt_columns(sent_pdf, 5, ["序号"])
    with pytest.raises(AssertionError, match="table rows differ: expected 3, found 8"):
        assert_receipt_columns(sent_pdf, 1, ["序号", "姓名", "职务", "手机号码"], rows=3)


def test_text_on_page_message_says_where_it_is(sent_pdf: InspectedDocument) -> None:
    with pytest.raises(AssertionError) as info:
        assert_text_on_page(sent_pdf, 1, "参会学校名单")
    message = str(info.value)
    assert "page 1 does not show '参会学校名单'; it is on page" in message
    assert "| 某某市教育局文件" in message  # the page's first lines, for a person to read


def test_page_numbers_message_marks_the_gap(sent_pdf: InspectedDocument) -> None:
    with pytest.raises(AssertionError, match=r"✗ p\.1: 3\s+1"):
        assert_page_numbers_continuous(sent_pdf, start=3)
    assert_page_numbers_continuous(sent_pdf, start=None)


def test_title_and_headings_messages(sent_pdf: InspectedDocument) -> None:
    with pytest.raises(AssertionError, match="expected: 关于召开会议的通知\n  found:    关于召开全市"):
        assert_title(sent_pdf, "关于召开会议的通知")
    with pytest.raises(AssertionError, match=r"✗ 二、参会人员\s+二、参加对象"):
        assert_headings(sent_pdf, ["一、时间、地点", "二、参会人员", "三、有关要求"])


def test_conforms_lists_the_findings(built: notice_kit.BuildResult, tmp_path: Path) -> None:
    doc = docx.Document(str(built.path("package", "docx")))
    label = next(p for p in doc.paragraphs if p.text == "附件2")
    label.runs[0].text = "附件2："
    doc.save(str(tmp_path / "slip.docx"))
    with pytest.raises(AssertionError) as info:
        assert_conforms(tmp_path / "slip.docx")
    message = str(info.value)
    assert "不符合 GB/T 9704 / does not conform (1 findings, profile gbt9704)" in message
    assert "GB709 7.3.7 error: 附件标识写法 / attachment label" in message
    assert "expected 附件2; found 附件2：" in message


def test_pages_are_known_only_in_a_pdf(built: notice_kit.BuildResult) -> None:
    with pytest.raises(AssertionError, match="only in a PDF"):
        assert_page_numbers_continuous(built.path("package", "docx"))
