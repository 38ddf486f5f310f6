"""The issue-11 shapes in a .docx made by hand (plain paragraphs, a Word table), revisions
and comments — imported as their plain-text twins are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from notice_kit.errors import DataError
from notice_kit.importing import ImportResult, import_notice
from notice_kit.models import ReceiptForm, Table
from notice_kit.models.body import Paragraph

NOTICE = ["某市教育局　　　　某市卫生健康委员会", "文件", "某教联[2025]3号",
          "关于开展2025年学生常见病和健康影响因素监测", "与干预工作的通知",
          "各县（市、区）教育局:", "为做好监测工作,现通知如下:", "一、监测安排", "各地人数如下表："]
CLOSING = ["附件：参加人员回执", "某市教育局　　　　某市卫生健康委员会", "二〇二五年三月十八日",
           "（此件公开发布）"]
COLOPHON = ["抄送：省教育厅体卫艺处，省卫生健康", "委员会疾控处。",
            "某市教育局办公室　　　　2025年3月20日印发"]


def _table(document: docx.document.Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def write_notice(path: Path) -> Path:
    document = docx.Document()
    for line in NOTICE:
        document.add_paragraph(line)
    _table(document, [["地区", "人数"], ["甲县", "3000"], ["乙区", "2500"]])
    for line in [*CLOSING, "附件", "参加人员回执", "单位名称："]:
        document.add_paragraph(line)
    _table(document, [["序号", "姓名", "职务"], ["1", "", ""], ["2", "", ""]])
    for line in COLOPHON:
        document.add_paragraph(line)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ImportResult:
    return import_notice(write_notice(tmp_path_factory.mktemp("docx") / "hand.docx"))


def test_header(result: ImportResult) -> None:
    header = result.package.notice.header
    assert header.issuers == ["某市教育局", "某市卫生健康委员会"]
    assert (header.mark_suffix, header.doc_number) == ("文件", "某教联〔2025〕3号")


def test_title_addressees_and_body(result: ImportResult) -> None:
    notice = result.package.notice
    assert notice.title == "关于开展2025年学生常见病和健康影响因素监测与干预工作的通知"
    assert notice.addressees == ["各县（市、区）教育局"]
    assert notice.body[0] == Paragraph(text="为做好监测工作，现通知如下：")
    table = notice.body[1].children[-1]  # type: ignore[union-attr]
    assert isinstance(table, Table) and table.rows == [["甲县", "3000"], ["乙区", "2500"]]


def test_closing_and_colophon(result: ImportResult) -> None:
    notice = result.package.notice
    assert notice.signing_authorities == ["某市教育局", "某市卫生健康委员会"]
    assert (notice.date, notice.note) == (dt.date(2025, 3, 18), "此件公开发布")
    assert notice.colophon.cc == ["省教育厅体卫艺处", "省卫生健康委员会疾控处"]
    assert notice.colophon.print_date == dt.date(2025, 3, 20)


def test_receipt_from_a_word_table(result: ImportResult) -> None:
    [receipt] = result.package.attachments
    assert isinstance(receipt, ReceiptForm)
    assert receipt.columns == ["序号", "姓名", "职务"] and receipt.blank_rows == 2


def test_same_as_the_text(result: ImportResult, tmp_path: Path) -> None:
    """The .docx and its text (tables as TAB rows) import to the same package."""
    text = "\n".join([*NOTICE, "地区\t人数", "甲县\t3000", "乙区\t2500", *CLOSING, "附件",
                      "参加人员回执", "单位名称：", "序号\t姓名\t职务", "1\t\t", "2\t\t", *COLOPHON])
    source = tmp_path / "hand.txt"
    source.write_text(text, encoding="utf-8")
    assert import_notice(source).package == result.package


def _revised(path: Path) -> Path:
    """A notice whose body paragraph has a tracked insertion and a tracked deletion."""
    document = docx.Document()
    for line in ["关于开展检查的通知", "各学校："]:
        document.add_paragraph(line)
    p = document.add_paragraph("请各校")
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z">'
                          "<w:r><w:t>于3月31日前</w:t></w:r></w:ins>"))
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a" w:date="2025-01-01T00:00:00Z">'
                          "<w:r><w:delText>尽快</w:delText></w:r></w:del>"))
    p.add_run("报送材料。")
    document.add_paragraph("2025年3月18日")
    document.save(str(path))
    return path


def test_tracked_changes_are_accepted(tmp_path: Path) -> None:
    result = import_notice(_revised(tmp_path / "revised.docx"))
    assert result.package.notice.body == [Paragraph(text="请各校于3月31日前报送材料。")]
    [note] = [n for n in result.notes if n.field == "source"]
    assert "插入 1 处、删除 1 处" in note.message and "accepted" in note.message


def test_comments_are_ignored(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("关于开展检查的通知")
    document.add_paragraph("各学校：")
    p = document.add_paragraph("请各校按时报送材料。")
    document.add_comment(p.runs, text="这里要改日期", author="审核人")
    document.add_paragraph("2025年3月18日")
    path = tmp_path / "commented.docx"
    document.save(str(path))
    result = import_notice(path)
    assert result.package.notice.body == [Paragraph(text="请各校按时报送材料。")]
    assert any("comments ignored" in n.message for n in result.notes if n.field == "source")
    assert "这里要改日期" not in str(result.package.model_dump())


def test_source_file_is_left_unchanged(tmp_path: Path) -> None:
    path = _revised(tmp_path / "revised.docx")
    before = path.read_bytes()
    import_notice(path)
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]


def test_a_docx_that_is_no_notice(tmp_path: Path) -> None:
    document = docx.Document()
    for line in ["Shopping list", "milk", "bread"]:
        document.add_paragraph(line)
    path = tmp_path / "list.docx"
    document.save(str(path))
    with pytest.raises(DataError, match=r"list\.docx.*not a notice"):
        import_notice(path)
