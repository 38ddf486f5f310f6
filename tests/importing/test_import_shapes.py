"""One small pasted text per shape of issue 11: 版头, title, 主送, 附件说明, 署名, dates, 版记,
attachments, normalisation — and that each change or guess is noted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from notice_kit.importing import ImportResult, import_notice
from notice_kit.importing.cli import data_file_text
from notice_kit.models import ListAttachment, ReceiptForm, Section, Table
from notice_kit.models.body import Paragraph

BODY = "各学校：\n现将有关事项通知如下。\n"


def imported(tmp_path: Path, text: str, name: str = "n.txt") -> ImportResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_notice(path, today=dt.date(2025, 1, 1))


def notes_on(result: ImportResult, field: str) -> str:
    return "\n".join(n.message for n in result.notes if n.field == field)


def test_header_with_file_suffix_and_flags(tmp_path: Path) -> None:
    r = imported(tmp_path, "000001\n机密★1年\n特急\n扬州市教育局文件\n扬教发〔2024〕77号\n"
                           "关于开展检查的通知\n" + BODY)
    h = r.package.notice.header
    assert (h.copy_number, str(h.secrecy), h.urgency) == ("000001", "机密★1年", "特急")
    assert (h.issuers, h.mark_suffix, h.doc_number) == (["扬州市教育局"], "文件", "扬教发〔2024〕77号")
    assert r.package.notice.title == "关于开展检查的通知"
    assert r.package.notice.body == [Paragraph(text="现将有关事项通知如下。")]


def test_flags_on_one_line(tmp_path: Path) -> None:
    r = imported(tmp_path, "000012　　秘密　　加急\n某市教育局文件\n关于开展检查的通知\n" + BODY)
    h = r.package.notice.header
    assert (h.copy_number, str(h.secrecy), h.urgency) == ("000012", "秘密", "加急")


def test_mark_without_file(tmp_path: Path) -> None:
    r = imported(tmp_path, "中共某县委办公室\n某办发〔2025〕3号\n关于开展检查的通知\n" + BODY)
    assert r.package.notice.header.issuers == ["中共某县委办公室"]
    assert r.package.notice.header.mark_suffix == ""
    assert "文件" in notes_on(r, "notice.header.mark_suffix")


def test_joint_mark_on_one_line(tmp_path: Path) -> None:
    r = imported(tmp_path, "某市教育局　　　　某市卫生健康委员会文件\n某教联〔2025〕3号\n"
                           "关于做好防控工作的通知\n" + BODY)
    assert r.package.notice.header.issuers == ["某市教育局", "某市卫生健康委员会"]
    assert r.package.notice.header.mark_suffix == "文件"
    assert r.guessed["notice.header.issuers"] == "某市教育局；某市卫生健康委员会"


def test_joint_mark_stacked_with_file_alone(tmp_path: Path) -> None:
    r = imported(tmp_path, "某市教育局\n某市卫生健康委员会\n某市体育局\n文件\n某教联〔2025〕3号\n"
                           "关于做好防控工作的通知\n" + BODY)
    assert r.package.notice.header.issuers == ["某市教育局", "某市卫生健康委员会", "某市体育局"]
    assert r.package.notice.header.mark_suffix == "文件"


@pytest.mark.parametrize(("typed", "open_close"), [("扬教发[2024]77号", "[]"),
                                                   ("扬教发(2024)77号", "（）"),
                                                   ("扬教发（2024）第077号", "（）")])
def test_doc_number_set_right(tmp_path: Path, typed: str, open_close: str) -> None:
    r = imported(tmp_path, f"扬州市教育局文件\n{typed}\n关于开展检查的通知\n" + BODY)
    assert r.package.notice.header.doc_number == "扬教发〔2024〕77号"
    note = notes_on(r, "notice.header.doc_number")
    # The note quotes the line as normalised: "(2024)" has become "（2024）" by then.
    assert f"“{open_close}”改为六角括号“〔〕”" in note
    assert typed.replace("(", "（").replace(")", "）") in note


def test_signers_beside_the_doc_number(tmp_path: Path) -> None:
    r = imported(tmp_path, "某县教育局文件\n某教呈〔2025〕5号　　　　签发人：张三　李四\n"
                           "关于申请经费的请示\n县人民政府：\n现将有关事项请示如下。\n")
    assert r.package.notice.header.doc_number == "某教呈〔2025〕5号"
    assert r.package.notice.header.signers == ["张三", "李四"]


def test_title_wrapped_over_three_lines(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展2025年学生常见病\n和健康影响因素监测\n与干预工作的通知\n" + BODY)
    assert r.package.notice.title == "关于开展2025年学生常见病和健康影响因素监测与干预工作的通知"
    assert r.guessed["notice.title"] == r.package.notice.title
    assert "lines 1–3" in notes_on(r, "notice.title")


def test_title_wrapped_without_addressees(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展2025年学生常见病和健康影响因素监测\n与干预工作的通知\n"
                           "现将有关事项通知如下。\n")
    assert r.package.notice.title.endswith("监测与干预工作的通知")
    assert r.package.notice.addressees == []


def test_wrapped_addressees(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n各县（市、区）教育局，经济技术开发区社会事业局，\n"
                           "市直各学校：\n现将有关事项通知如下。\n")
    assert r.package.notice.addressees == ["各县（市、区）教育局", "经济技术开发区社会事业局",
                                           "市直各学校"]


def test_note_entries_that_wrap(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展监测的通知\n" + BODY
                 + "附件：1.2025年学生常见病和健康影响因素监测与干预工作\n    实施方案\n"
                   "2.监测学校名单\n某市教育局\n2025年3月18日\n附件1\n"
                   "2025年学生常见病和健康影响因素监测与干预工作实施方案\n一、目标\n掌握情况。\n"
                   "附件2\n监测学校名单\n1.甲校\n2.乙校\n")
    titles = [a.title for a in r.package.attachments]
    assert titles == ["2025年学生常见病和健康影响因素监测与干预工作实施方案", "监测学校名单"]
    assert "wrapped 附件说明" in notes_on(r, "attachments")
    assert r.package.notice.signatures == [] and r.package.notice.header.issuers == ["某市教育局"]


@pytest.mark.parametrize("signature", ["某市教育局　　　　某市卫生健康委员会",
                                       "某市教育局\n某市卫生健康委员会"])
def test_several_signatures(tmp_path: Path, signature: str) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + signature + "\n2025年3月18日\n")
    assert r.package.notice.signing_authorities == ["某市教育局", "某市卫生健康委员会"]
    assert r.package.notice.date == dt.date(2025, 3, 18)


@pytest.mark.parametrize(("typed", "day"), [("二〇〇九年四月十七日", dt.date(2009, 4, 17)),
                                            ("二○二五年十二月三十一日", dt.date(2025, 12, 31)),
                                            ("二零二五年三月二十日", dt.date(2025, 3, 20)),
                                            ("2024年10月28日", dt.date(2024, 10, 28))])
def test_date_in_chinese_or_arabic_numerals(tmp_path: Path, typed: str, day: dt.date) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "某市教育局\n" + typed + "\n")
    assert r.package.notice.date == day
    if not typed[0].isdigit():
        assert typed in notes_on(r, "notice.date") and r.guessed["notice.date"] == day.isoformat()


def test_note_after_the_date(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "某市教育局\n2025年3月18日\n（此件公开发布）\n")
    assert r.package.notice.note == "此件公开发布"


def test_colophon_wrapped_cc_and_print_line(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "某市教育局\n2025年3月18日\n"
                           "抄送：省教育厅体卫艺处，省卫生健康\n委员会疾控处。\n"
                           "某市教育局办公室　　　　2025年3月20日印发\n")
    colophon = r.package.notice.colophon
    assert colophon.cc == ["省教育厅体卫艺处", "省卫生健康委员会疾控处"]
    assert (colophon.printer, colophon.print_date) == ("某市教育局办公室", dt.date(2025, 3, 20))
    assert not any("not understood" in n.message for n in r.notes)


def test_tab_table_in_the_body(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n各学校：\n一、名额\n名额如下：\n"
                           "地区\t学校数\t人数\n甲县\t10\t3000\n乙区\t8\t\n")
    [section] = r.package.notice.body
    assert isinstance(section, Section)
    table = section.children[-1]
    assert isinstance(table, Table)
    assert table.columns == ["地区", "学校数", "人数"]
    assert table.rows == [["甲县", "10", "3000"], ["乙区", "8", ""]]


def test_space_aligned_table_with_caption(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n各学校：\n现通知如下。\n2025年检查安排表\n"
                           "阶段    时间    内容\n自查    4月    学校自查\n抽查    5月    市级抽查\n")
    table = r.package.notice.body[-1]
    assert isinstance(table, Table)
    assert table.title == "2025年检查安排表"
    assert table.rows == [["自查", "4月", "学校自查"], ["抽查", "5月", "市级抽查"]]
    assert "caption" in notes_on(r, "notice.body")


def test_a_wide_gap_in_one_line_is_no_table(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n各学校：\n联系人：张三    电话：12345678。\n")
    assert not any(isinstance(b, Table) for b in r.package.notice.body)


@pytest.mark.parametrize("title", ["参加人员回执", "监测学校信息表", "教师报名表", "学生登记表"])
def test_receipt_by_its_title(tmp_path: Path, title: str) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "某市教育局\n2025年3月18日\n附件\n" + title
                 + "\n序号\t姓名\t单位\t手机号码\n1\t张三\t甲校\t13800000000\n")
    [receipt] = r.package.attachments
    assert isinstance(receipt, ReceiptForm)
    assert receipt.columns == ["序号", "姓名", "单位", "手机号码"]
    assert receipt.rows == [["1", "张三", "甲校", "13800000000"]]


def test_receipt_by_its_fill_in_table(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "某市教育局\n2025年3月18日\n附件\n"
                           "参会人员\n单位名称：　　　　联系人：\n序号    姓名    职务\n1\n2\n3\n")
    [receipt] = r.package.attachments
    assert isinstance(receipt, ReceiptForm)
    assert [f.label for f in receipt.fields] == ["单位名称", "联系人"]
    assert (receipt.columns, receipt.rows, receipt.blank_rows) == (["序号", "姓名", "职务"], [], 3)


def test_numbered_lines_as_a_list(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "某市教育局\n2025年3月18日\n附件\n"
                           "参加学校名单\n1.甲校\n2.乙校\n3.丙校\n")
    [schools] = r.package.attachments
    assert isinstance(schools, ListAttachment) and schools.items == ["甲校", "乙校", "丙校"]


def test_a_document_attachment_keeps_its_table(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "某市教育局\n2025年3月18日\n附件\n"
                           "检查安排\n一、安排\n安排如下：\n阶段\t时间\n自查\t4月\n")
    [doc] = r.package.attachments
    assert doc.kind == "document"
    assert isinstance(doc.body[0], Section) and isinstance(doc.body[0].children[-1], Table)


def test_half_width_punctuation_in_chinese_text(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n各学校:\n为做好工作,现通知如下:\n"
                           "(一)时间:2025年4月1日14:30;地点:三楼。\n"
                           "详见 https://www.example.gov.cn/a,b?x=1:2 或发邮件至 ab.c@example.com。\n"
                           "经费3.5万元,按1,000元/人计。Word, Excel: ok!\n")
    body = r.package.notice.body
    assert body[0] == Paragraph(text="为做好工作，现通知如下：")
    section = body[1]
    assert isinstance(section, Section)
    assert (section.heading, section.text) == ("时间：", "2025年4月1日14:30；地点：三楼。")
    # A paragraph after a numbered item with text of its own closes the item.
    texts = [b.text for b in body[2:] if isinstance(b, Paragraph)]
    assert texts[0] == "详见 https://www.example.gov.cn/a,b?x=1:2 或发邮件至 ab.c@example.com。"
    assert texts[1] == "经费3.5万元，按1,000元/人计。Word, Excel: ok!"
    note = notes_on(r, "notice.body")
    assert "line 3" in note and "“,”→“，”" in note and "“:”→“：”" in note
    assert "line 2" in notes_on(r, "notice.addressees")


def test_stray_spaces_between_chinese_characters(tmp_path: Path) -> None:
    r = imported(tmp_path, "通 知\n各学校：\n请 各 校 按时报送。\n")
    assert r.package.notice.title == "通知"
    assert r.package.notice.body == [Paragraph(text="请各校按时报送。")]
    assert "space between Chinese characters" in notes_on(r, "notice.body")


def test_notes_are_comments_in_the_data_file(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n各学校:\n现通知如下。\n二〇二五年三月十八日\n")
    text = data_file_text(r, tmp_path / "n.txt")
    header = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert any("notice.addressees" in ln and "“:”→“：”" in ln for ln in header)
    assert any("notice.date（= 2025-03-18）" in ln and "二〇二五年三月十八日" in ln for ln in header)


def test_a_notice_without_structure_imports_as_paragraphs(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查工作\n请各单位认真做好工作\n要求如下\n做好自查\n")
    assert r.package.notice.title == "关于开展检查工作"
    assert r.package.notice.body


def test_named_attachments_missing_from_the_source(tmp_path: Path) -> None:
    r = imported(tmp_path, "关于开展检查的通知\n" + BODY + "附件：1.检查方案\n2.自查表\n某市教育局\n"
                           "2025年3月18日\n")
    assert [a.title for a in r.package.attachments] == ["检查方案", "自查表"]
    assert r.guessed["attachments"] == "检查方案；自查表"


def test_a_receipt_with_notes_under_its_table_stays_a_receipt(tmp_path: Path) -> None:
    """Issue 11 (a 回执 by its title or fill-in table): notes under the table ("注：1.…",
    "2.…") made it a document before; now they are the form's notes, the lead on a line of
    its own so the items read 1, 2."""
    text = "\n".join([
        "关于举办培训班的通知", "各学校：", "请按时报名。", "附件：培训班回执", "某市教育局",
        "2025年3月14日", "附件", "培训班回执", "填报单位（盖章）：　　　　填报人：",
        "序号\t姓名\t身份证号码", "1\t\t", "2\t\t", "3\t\t",
        "注：1.请于2025年3月28日前报送。", "2.身份证号码请填写18位。",
    ])
    form = imported(tmp_path, text).package.attachments[0]
    assert isinstance(form, ReceiptForm)
    assert [f.label for f in form.fields] == ["填报单位（盖章）", "填报人"]
    assert form.blank_rows == 3
    assert form.notes == ["注：", "1.请于2025年3月28日前报送。", "2.身份证号码请填写18位。"]
