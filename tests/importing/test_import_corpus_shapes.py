"""Shapes found in the real notices of tests/corpus, each as a small pasted text: the printed
方案 after the date (06), a form of labels and blanks (13), 附件说明 entries with slips (01,
09), ASCII quotes and full stops, and lines that fit nowhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from notice_kit.models import DocumentAttachment, Section, Table
from notice_kit.models.body import Paragraph

from .test_import_shapes import BODY, imported, notes_on


def test_the_printed_plan_after_the_date_is_attachment_1(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于印发某区2020年秋期招生工作方案的通知\n各学校:\n"
                           "经区政府同意,现将《某区2020年秋期招生工作方案》印发给你们,请遵照执行。\n"
                           "某区人民政府办公室\n2020年5月25日\n某市某区2020年秋期\n招生工作方案\n"
                           "根据有关规定,制定本方案。\n一、招生计划\n(一)小学:招收新生100人。\n"
                           "二、招生对象\n1.2020年6月11日前,户籍在本区的适龄儿童;\n"
                           "2.2020年6月11日前,在本区购房的产权人子女。\n")
    notice = r.package.notice
    assert notice.body == [Paragraph(text="经区政府同意，现将《某区2020年秋期招生工作方案》"
                                          "印发给你们，请遵照执行。")]
    assert notice.date == dt.date(2020, 5, 25)
    [plan] = r.package.attachments
    assert isinstance(plan, DocumentAttachment)
    assert plan.title == "某市某区2020年秋期招生工作方案"
    assert isinstance(plan.body, list)
    intro, first, second = plan.body
    assert intro == Paragraph(text="根据有关规定，制定本方案。")
    assert isinstance(first, Section) and first.heading == "招生计划"
    assert isinstance(second, Section) and second.heading == "招生对象"
    # "1.2020年…" is item 1 beginning with a year, not the number 1.2020.
    assert [c.text for c in second.children if isinstance(c, Section)] == [
        "2020年6月11日前，户籍在本区的适龄儿童；", "2020年6月11日前，在本区购房的产权人子女。"]
    note = notes_on(r, "attachments[0]")
    assert "without an 附件 label" in note and "2 lines" in note


def test_no_printed_plan_without_a_printing_title(tmp_path: Path) -> None:
    """Lines after the date of an ordinary notice stay at the end of the body — as body
    text, numbered lines as sections."""
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "某市教育局\n2025年3月18日\n"
                           "补充说明\n一、时间安排\n4月1日前完成自查。\n")
    assert r.package.attachments == []
    body = r.package.notice.body
    assert body[:2] == [Paragraph(text="现将有关事项通知如下。"), Paragraph(text="补充说明")]
    assert isinstance(body[2], Section) and body[2].heading == "时间安排"
    assert not any(isinstance(b, Paragraph) and b.text.startswith("一、") for b in body)
    assert "numbered lines as sections" in notes_on(r, "notice.body")


FORM_NOTICE = ('某中学大型活动需知\n各部门/科室:\n现将大型活动需知通告如下。\n'
               '一、各类大型活动应提前三天告知相关部门,并填写"某中学大型活动申请表".\n'
               '二、申请表应当填写内容包括(不仅限于此):\n1、活动名称、活动时间;\n2、活动组织者。\n'
               '特此通知\n附件:某中学大型活动申请表\n某 中 学\n2008年5月13日\n某中学大型活动申请表\n'
               '活动名称\t\t活动日期\t\n活动地点\t\t活动人数\t\n需要配合事项说明\t\n'
               '申请部门意见 签名:\t主管副校长审批 签名:\n\t\t\t\t\t\n')


def test_a_form_of_labels_and_blanks_imports_structured(tmp_path: Path) -> None:
    r = imported(tmp_path, FORM_NOTICE)
    notice = r.package.notice
    assert notice.title == "某中学大型活动需知"
    assert notice.addressees == ["各部门/科室"]
    assert notice.header.issuers == ["某中学"]
    assert notice.date == dt.date(2008, 5, 13)
    first, second = notice.body[1:3]
    assert isinstance(first, Section)
    # A whole-sentence "一、…" is an item (number in 黑体, text in 仿宋), not a heading
    # set entirely in 黑体.
    assert first.heading is None
    assert first.text is not None and first.text.endswith("填写“某中学大型活动申请表”。")
    assert isinstance(second, Section)
    assert [c.text for c in second.children] == ["活动名称、活动时间；", "活动组织者。", "特此通知"]
    [form] = r.package.attachments
    assert isinstance(form, DocumentAttachment) and form.title == "某中学大型活动申请表"
    assert isinstance(form.body, list)
    [table] = form.body
    assert isinstance(table, Table)
    assert table.columns == ["活动名称", "", "活动日期", ""]
    assert table.rows[-1] == ["申请部门意见签名：", "主管副校长审批签名：", "", ""]
    assert "labels beside spaces" in notes_on(r, "attachments[0]")
    assert not any("not valid data" in n.message for n in r.notes)


def test_the_paragraphs_fallback_names_the_validation_error(tmp_path: Path) -> None:
    r = imported(tmp_path, "000000\n关于开展检查的通知\n" + BODY)
    note = notes_on(r, "notice.body")
    assert "every line imported as a paragraph" in note
    assert "notice.header.copy_number" in note and "1–999999" in note
    # Said in one line, in the model's words — not pydantic's report cut at 200 characters.
    assert "\n" not in note and "errors.pydantic.dev" not in note and "validation error" not in note


@pytest.mark.parametrize(("note", "titles"), [
    ("附件：1.甲情况表。2.乙情况表。3.丙情况表。\n", ["甲情况表", "乙情况表", "丙情况表"]),
    ("附件:1甲情况表。2乙情况表\n", ["甲情况表", "乙情况表"]),
    ("附件:1每日捐款捐物情况表。\n2支援救援队伍情况表。\n", ["每日捐款捐物情况表", "支援救援队伍情况表"]),
    ("附件:\n1、2021年甲赛竞赛规程。\n2、2021年乙赛竞赛规程\n32021年丙赛竞赛规程。\n",
     ["2021年甲赛竞赛规程", "2021年乙赛竞赛规程", "2021年丙赛竞赛规程"]),
])
def test_note_entries_split_and_without_punctuation(tmp_path: Path, note: str,
                                                    titles: list[str]) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + note + "某市教育局\n2025年3月18日\n")
    assert [a.title for a in r.package.attachments] == titles
    said = notes_on(r, "attachments")
    assert ("punctuation after attachment names dropped" in said) == ("。" in note)
    if "1." not in note and "1、" not in note:
        assert "entry numbers without a mark" in said


def test_a_lone_name_beginning_with_1_is_no_entry(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "附件：1号楼平面图\n某市教育局\n2025年3月18日\n")
    assert [a.title for a in r.package.attachments] == ["1号楼平面图"]
    assert "without a mark" not in notes_on(r, "attachments")


def test_an_attachment_page_title_loses_its_full_stop(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "某市教育局\n2025年3月18日\n附件\n"
                           "检查安排。\n一、安排\n安排如下。\n")
    assert [a.title for a in r.package.attachments] == ["检查安排"]
    assert "punctuation after the attachment name dropped" in notes_on(r, "attachments[0]")


def test_ascii_quotes_and_full_stops_in_chinese_text(tmp_path: Path) -> None:
    r = imported(tmp_path, '关于开展检查的通知\n各学校:\n请填写"检查表"并于4月1日前报送.逾期不候.\n'
                           '版本 "v2" 见 www.example.cn/a.b；\n他说"好\n')
    texts = [b.text for b in r.package.notice.body if isinstance(b, Paragraph)]
    assert texts[0] == "请填写“检查表”并于4月1日前报送。逾期不候。"
    assert texts[1] == '版本 "v2" 见 www.example.cn/a.b；'
    assert texts[2] == '他说"好'  # an odd quote: which one opens cannot be told
    note = notes_on(r, "notice.body")
    assert '"…"→“…”' in note and "“.”→“。” ×2" in note
