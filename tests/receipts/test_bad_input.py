"""Bad replies: each reported with its file named, the others still collected."""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter

from notice_kit.cli import main
from notice_kit.receipts import collect

from .filling import fill_reply, receipt_table


@pytest.fixture()
def good(form_docx: Path, tmp_path: Path) -> Path:
    return fill_reply(form_docx, tmp_path / "good.docx", "广陵区教育局",
                      [["张伟", "副局长", "13812345678", ""]])


def _failed(result: object, name: str) -> str:
    files = {f.path.name: f for f in result.files}  # type: ignore[attr-defined]
    assert files[name].status == "failed"
    issues = [i for i in result.issues if i.file == name]  # type: ignore[attr-defined]
    assert issues and all(i.severity == "error" for i in issues)
    return str(issues[0].message)


def test_other_documents_are_not_this_receipt(good: Path, docx_build: object, notice_file: Path,
                                              tmp_path: Path) -> None:
    other = docx.Document()
    other.add_paragraph("关于报送培训名单的回执")
    table = other.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["学校", "班级", "人数"], strict=True):
        cell.text = text
    other.save(str(tmp_path / "other.docx"))
    body = docx_build.path("notice", "docx")  # type: ignore[attr-defined]
    result = collect([good, tmp_path / "other.docx", body], notice_file)
    assert "不是本通知的回执" in _failed(result, "other.docx")
    assert "不是本通知的回执" in _failed(result, body.name)
    assert [r.file for r in result.rows] == ["good.docx"]


def test_password_protected_and_corrupt_files(good: Path, notice_file: Path, tmp_path: Path) -> None:
    locked = PdfWriter()
    locked.add_blank_page(595, 842)
    locked.encrypt("secret")
    locked.write(tmp_path / "locked.pdf")
    # An encrypted Office file is an OLE compound file, whatever its name says.
    (tmp_path / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    (tmp_path / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    data = good.read_bytes()
    (tmp_path / "truncated.docx").write_bytes(data[: len(data) // 2])
    (tmp_path / "text.docx").write_text("我不是 Word 文件", encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<\n")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    printed = PdfWriter()
    printed.add_blank_page(595, 842)
    printed.write(tmp_path / "scanned.pdf")
    names = ["locked.pdf", "locked.docx", "locked.xlsx", "truncated.docx", "text.docx",
             "broken.pdf", "photo.jpg", "scanned.pdf"]
    result = collect([good, *(tmp_path / n for n in names)], notice_file)
    assert "密码" in _failed(result, "locked.pdf")
    assert "密码" in _failed(result, "locked.docx")
    assert "密码" in _failed(result, "locked.xlsx")
    assert "不是有效的 .docx" in _failed(result, "truncated.docx")
    assert "不是有效的 .docx" in _failed(result, "text.docx")
    assert "PDF" in _failed(result, "broken.pdf")
    assert "无法读取这种文件" in _failed(result, "photo.jpg")
    assert "没有可填写的表单域" in _failed(result, "scanned.pdf")
    assert [r.file for r in result.rows] == ["good.docx"]


def test_thousand_row_reply(form_docx: Path, notice_file: Path, tmp_path: Path) -> None:
    document = docx.Document(str(form_docx))
    table = receipt_table(document)
    for i in range(1, 1001):
        row = table.rows[i] if i < len(table.rows) else table.add_row()
        row.cells[1].text = f"人员{i}"
        row.cells[3].text = f"138{i:08d}"
    document.save(str(tmp_path / "big.docx"))
    started = time.monotonic()
    result = collect([tmp_path / "big.docx"], notice_file)
    seconds = time.monotonic() - started
    assert len(result.rows) == 1000
    assert result.rows[-1].values["姓名"] == "人员1000" and result.rows[-1].row == 1000
    assert seconds < 30, f"1000 rows took {seconds:.1f} s"


def test_reordered_and_renamed_docx_columns(form_docx: Path, notice_file: Path,
                                            tmp_path: Path) -> None:
    document = docx.Document(str(form_docx))
    table = receipt_table(document)
    # The unit swapped 手机号码 and 身份证号码 and renamed 姓名 to 参会人姓名.
    for tr in table._tbl.tr_lst:
        tcs = tr.tc_lst
        tcs[3].addprevious(tcs[4])
    table.rows[0].cells[1].text = "参会人姓名"
    table.rows[1].cells[1].text = "张伟"
    table.rows[1].cells[3].text = "11010519491231002X"
    table.rows[1].cells[4].text = "13812345678"
    para = next(p for p in document.paragraphs if p.text.startswith("单位名称"))
    para.runs[-1].text = "广陵区教育局"
    document.save(str(tmp_path / "moved.docx"))
    result = collect([tmp_path / "moved.docx"], notice_file)
    assert [(r.values["姓名"], r.values["手机号码"], r.values["身份证号码"]) for r in result.rows] == [
        ("张伟", "13812345678", "11010519491231002X")]
    messages = [i.message for i in result.issues]
    assert any("顺序" in m for m in messages) and any("参会人姓名" in m for m in messages)


def test_cli_reports_bad_files_and_writes_the_rest(good: Path, notice_file: Path,
                                                   tmp_path: Path) -> None:
    (tmp_path / "truncated.docx").write_bytes(good.read_bytes()[:300])
    units = tmp_path / "units.csv"
    units.write_text("单位名称\n广陵区教育局\n邗江区教育局\n", encoding="utf-8")
    out = tmp_path / "汇总" / "回执汇总.xlsx"
    runner = CliRunner()
    res = runner.invoke(main, ["receipts", "collect", str(good), str(tmp_path / "truncated.docx"),
                               "--notice", str(notice_file), "-o", str(out),
                               "--csv", str(out.with_suffix(".csv")), "-r", str(units)])
    assert res.exit_code == 0, res.output
    assert "truncated.docx" in res.output and "不是有效的 .docx" in res.output
    assert "未回复 / not replied (1): 邗江区教育局" in res.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["回执汇总.csv", "回执汇总.xlsx"]
    wb = load_workbook(out)
    assert [c.value for c in wb["文件"]["B"]] == ["结果", "已收集", "未能读取"]
    strict = runner.invoke(main, ["receipts", "collect", str(tmp_path / "truncated.docx"),
                                  "--notice", str(notice_file), "-o", str(out), "--strict"])
    assert strict.exit_code == 1


def test_cli_bad_notice_writes_nothing(good: Path, tmp_path: Path) -> None:
    (tmp_path / "n.yaml").write_text("notice: {title: x}\n", encoding="utf-8")
    out = tmp_path / "o.xlsx"
    res = CliRunner().invoke(main, ["receipts", "collect", str(good), "--notice",
                                    str(tmp_path / "n.yaml"), "-o", str(out)])
    assert res.exit_code == 1 and "n.yaml" in res.output
    assert "Traceback" not in res.output and not out.exists()


def test_notice_without_receipt(good: Path, tmp_path: Path) -> None:
    import yaml

    from tests.conftest import minimal_data

    (tmp_path / "n.yaml").write_text(yaml.safe_dump(minimal_data(), allow_unicode=True),
                                     encoding="utf-8")
    res = CliRunner().invoke(main, ["receipts", "collect", str(good), "--notice",
                                    str(tmp_path / "n.yaml"), "-o", str(tmp_path / "o.xlsx")])
    assert res.exit_code == 1 and "没有回执" in res.output


def test_reading_a_pdf_reply_leaves_it_untouched(tmp_path: Path) -> None:
    """A PDF reply is only read: the file is left as it was."""
    w = PdfWriter()
    w.add_blank_page(100, 100)
    w.write(tmp_path / "a.pdf")
    before = (tmp_path / "a.pdf").read_bytes()
    from notice_kit.receipts.model import ReplyError
    from notice_kit.receipts.pdf_reply import read_pdf

    with pytest.raises(ReplyError, match=r"a\.pdf"):
        read_pdf(tmp_path / "a.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == before
    assert PdfReader(tmp_path / "a.pdf").get_form_text_fields() == {}
