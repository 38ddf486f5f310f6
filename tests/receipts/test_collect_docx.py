"""Collecting .docx replies filled with python-docx as a user would, messy cases included;
the summary table is compared cell by cell."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from notice_kit.receipts import collect, write_csv, write_xlsx
from notice_kit.receipts.output import table_header, table_rows

from .filling import fill_reply, fill_rows, receipt_table, set_field, split_cell

ID_OK = "11010519491231002X"  # the standard's own example: check digit X
ID_OK2 = "320102198001010016"  # check digit 6


def test_id_fixture_is_valid() -> None:
    from notice_kit.receipts.values import id_check_digit

    assert id_check_digit(ID_OK[:17]) == "X"
    assert id_check_digit(ID_OK2[:17]) == "6"


def test_two_clean_replies_read_back_cell_by_cell(form_docx: Path, notice_file: Path,
                                                    tmp_path: Path) -> None:
    a = fill_reply(form_docx, tmp_path / "广陵.docx", "广陵区教育局",
                   [["张伟", "广陵区教育局 副局长", "13812345678", ID_OK]], contact="王芳")
    b = fill_reply(form_docx, tmp_path / "邗江.docx", "邗江区教育局",
                   [["欧阳丽华", "邗江区教育局 科长", "13987654321", ID_OK2],
                    ["王𠮷", "邗江区实验学校 校长", "15000000001", ""]], how="after")
    result = collect([a, b], notice_file)
    assert table_header(result) == ["单位", "联系人", "序号", "姓名", "单位及职务", "手机号码",
                                    "身份证号码", "来源文件", "行", "问题"]
    assert table_rows(result) == [
        ["广陵区教育局", "王芳", "1", "张伟", "广陵区教育局 副局长", "13812345678", ID_OK,
         "广陵.docx", 1, ""],
        ["邗江区教育局", "", "1", "欧阳丽华", "邗江区教育局 科长", "13987654321", ID_OK2,
         "邗江.docx", 1, ""],
        ["邗江区教育局", "", "2", "王𠮷", "邗江区实验学校 校长", "15000000001", "",
         "邗江.docx", 2, "身份证号码：未填 / empty"],
    ]
    assert [(i.file, i.severity) for i in result.issues] == [("邗江.docx", "warning")]


def test_unit_typed_before_the_line_and_with_spaces_in_the_label(form_docx: Path,
                                                                 notice_file: Path,
                                                                 tmp_path: Path) -> None:
    document = docx.Document(str(form_docx))
    set_field(document, "单位名称", "  宝应县教育局 ", how="before")
    para = next(p for p in document.paragraphs if p.text.startswith("单位名称"))
    para.runs[0].text = "单 位 名 称:"  # half-width colon, spaced label
    fill_rows(receipt_table(document), [["陈静", "科员", "13611112222", ""]])
    document.save(str(tmp_path / "r.docx"))
    result = collect([tmp_path / "r.docx"], notice_file)
    assert [r.unit for r in result.rows] == ["宝应县教育局"]


def test_added_rows_blank_rows_and_full_width_digits(form_docx: Path, notice_file: Path,
                                                    tmp_path: Path) -> None:
    people = [[f"人员{i}", "职员", f"1390000{i:04d}", ""] for i in range(1, 10)]
    people[2] = ["", "", "", ""]  # a blank row in the middle
    people[4][2] = "１３９ ００００ ０５５５"  # full-width digits with spaces
    people[5][2] = "139-0000-0006"
    reply = fill_reply(form_docx, tmp_path / "江都.docx", "江都区教育局", people)
    assert len(receipt_table(docx.Document(str(reply))).rows) == 10  # 3 rows added
    result = collect([reply], notice_file)
    got = [(r.row, r.values["序号"], r.values["姓名"], r.values["手机号码"]) for r in result.rows]
    assert got == [(1, "1", "人员1", "13900000001"), (2, "2", "人员2", "13900000002"),
                   (4, "4", "人员4", "13900000004"), (5, "5", "人员5", "13900000555"),
                   (6, "6", "人员6", "13900000006"), (7, "7", "人员7", "13900000007"),
                   (8, "8", "人员8", "13900000008"), (9, "9", "人员9", "13900000009")]
    assert all(i.message == "未填 / empty" for i in result.issues)  # only the empty ID cells


def test_each_bad_value_is_listed_with_file_row_and_column(form_docx: Path, notice_file: Path,
                                                           tmp_path: Path) -> None:
    reply = fill_reply(form_docx, tmp_path / "高邮.docx", "高邮市教育局", [
        ["李 四", "科长", "1381234567", "110105194912310021"],  # 10 digits; check digit 1 ≠ X
        ["赵六", "科员", "23812345678", "11010519491231"],  # not a mobile; 14 characters
        ["孙七", "科员", "13812345678", "11010519491331002X"],  # a month 13 (check digit ok?)
    ])
    result = collect([reply], notice_file)
    found = {(i.row, i.column): i for i in result.issues}
    assert "10 位" in found[(1, "手机号码")].message
    assert "校验位" in found[(1, "身份证号码")].message and "应为 X" in found[(1, "身份证号码")].message
    assert found[(1, "姓名")].severity == "warning"
    assert "13–19" in found[(2, "手机号码")].message
    assert "18 位" in found[(2, "身份证号码")].message
    assert (3, "身份证号码") in found
    # Never silently fixed: the values stay as typed.
    assert [r.values["手机号码"] for r in result.rows] == ["1381234567", "23812345678",
                                                          "13812345678"]
    assert result.rows[0].values["姓名"] == "李 四"
    assert all(i.file == "高邮.docx" for i in result.issues)


def test_merged_and_split_cells(form_docx: Path, notice_file: Path, tmp_path: Path) -> None:
    document = docx.Document(str(form_docx))
    table = receipt_table(document)
    fill_rows(table, [["甲", "仪征市教育局 科长", "13800000001", ""],
                      ["乙", "", "13800000002", ""],
                      ["丙", "仪征中学", "", ""]])
    # Rows 1–2: 单位及职务 merged down (one unit for two people).
    table.cell(1, 2).merge(table.cell(2, 2))
    # Row 3: 单位及职务 and 手机号码 merged across.
    merged = table.cell(3, 2).merge(table.cell(3, 3))
    merged.text = "仪征中学 13800000003"
    document.save(str(tmp_path / "m.docx"))
    document = docx.Document(str(tmp_path / "m.docx"))
    table = receipt_table(document)
    split_cell(table, 4, 3)  # row 4: the 手机号码 cell split in two
    table.rows[4].cells[1].text = "丁"
    tcs = table.rows[4]._tr.tc_lst
    for tc, text in zip(tcs[3:5], ["13800000004", "0514-87654321"], strict=True):
        tc.clear_content()
        tc.add_p().add_r().text = text
    document.save(str(tmp_path / "m.docx"))

    result = collect([tmp_path / "m.docx"], notice_file)
    values = [(r.row, r.values["姓名"], r.values["单位及职务"], r.values["手机号码"])
              for r in result.rows]
    assert values == [(1, "甲", "仪征市教育局 科长", "13800000001"),
                      (2, "乙", "仪征市教育局 科长", "13800000002"),
                      (3, "丙", "仪征中学 13800000003", ""),
                      (4, "丁", "", "13800000004 0514-87654321")]
    warned = {(i.row, i.column): i.message for i in result.issues if i.severity == "warning"}
    assert "上一行" in warned[(2, "单位及职务")]
    assert "跨" in warned[(3, "单位及职务")]
    assert "拆分" in warned[(4, "手机号码")]
    errors = {(i.row, i.column) for i in result.errors}
    assert (4, "手机号码") in errors  # two numbers in one cell: not a mobile number


def test_reply_sent_twice_is_kept_once(form_docx: Path, notice_file: Path, tmp_path: Path) -> None:
    a = fill_reply(form_docx, tmp_path / "a.docx", "广陵区教育局",
                   [["张伟", "副局长", "13812345678", ID_OK]])
    b = tmp_path / "a（重发）.docx"
    shutil.copyfile(a, b)
    c = fill_reply(form_docx, tmp_path / "c.docx", "广陵区教育局",
                   [["张伟", "副局长", "13812345679", ID_OK]])  # sent again, changed
    result = collect([a, b, c], notice_file)
    assert [f.status for f in result.files] == ["collected", "duplicate", "collected"]
    assert result.files[1].duplicate_of == "a.docx"
    assert [r.file for r in result.rows] == ["a.docx", "c.docx"]
    messages = [i.message for i in result.issues]
    assert any("内容不同" in m for m in messages)
    assert any("与 a.docx 第1行 相同" in m for m in messages)  # the same ID number twice


def test_recipients_not_replied_and_unknown_unit(form_docx: Path, notice_file: Path,
                                                tmp_path: Path) -> None:
    fill_reply(form_docx, tmp_path / "a.docx", "广陵区教育局", [["张伟", "", "13812345678", ""]])
    b = fill_reply(form_docx, tmp_path / "b.docx", "邗江区教育", [["李四", "", "13812345670", ""]])
    units = ["广陵区教育局", "邗江区教育局", "江都区教育局"]
    result = collect([tmp_path], notice_file, recipients=units)
    assert [f.path.name for f in result.files] == ["a.docx", "b.docx"]
    assert result.not_replied == ["邗江区教育局", "江都区教育局"]
    assert result.unknown_units == ["邗江区教育"]
    assert any("邗江区教育局" in i.message for i in result.issues if i.file == b.name)


def test_outputs_xlsx_and_csv(form_docx: Path, notice_file: Path, tmp_path: Path) -> None:
    a = fill_reply(form_docx, tmp_path / "a.docx", "广陵区教育局",
                   [["张伟", "副局长", "13812345678", ID_OK], ["李四", "", "138", ""]])
    result = collect([a], notice_file, recipients=["广陵区教育局", "江都区教育局"])
    xlsx = write_xlsx(result, tmp_path / "out" / "回执汇总.xlsx")
    out_csv = write_csv(result, tmp_path / "out" / "回执汇总.csv")
    wb = load_workbook(xlsx)
    summary = [[c.value for c in row] for row in wb["汇总"].iter_rows()]
    assert summary[0] == table_header(result)
    assert summary[1][:7] == ["广陵区教育局", None, "1", "张伟", "副局长", "13812345678", ID_OK]
    assert wb["汇总"]["F2"].number_format == "@"
    assert wb["汇总"]["A3"].fill.fgColor.rgb.endswith("FFF2CC")  # the flagged row
    assert [c.value for c in wb["未回复"]["A"]] == ["未回复单位", "江都区教育局"]
    assert {r[0].value for r in wb["问题"].iter_rows(min_row=2)} == {"a.docx"}
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    with out_csv.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == table_header(result)
    assert rows[1][:7] == ["广陵区教育局", "", "1", "张伟", "副局长", "13812345678", ID_OK]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["回执汇总.csv", "回执汇总.xlsx"]
    # Readable like any file the user makes (mkstemp's private 0600 is not kept).
    probe = tmp_path / "probe"
    probe.touch()
    assert xlsx.stat().st_mode & 0o777 == probe.stat().st_mode & 0o777


def test_output_is_atomic_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notice_kit.errors import OutputError
    from notice_kit.receipts import output
    from notice_kit.receipts.model import Collection

    target = tmp_path / "回执汇总.csv"
    target.write_text("old", encoding="utf-8")

    def boom(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match=r"回执汇总\.csv"):
        output.atomic_write(target, boom)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["回执汇总.csv"]
    write_csv(Collection("t", (), ("a",)), target)
    assert target.read_text(encoding="utf-8-sig").startswith("单位,a")


def test_legacy_doc_goes_through_libreoffice(form_docx: Path, notice_file: Path,
                                             tmp_path: Path) -> None:
    from tests.conftest import needs_libreoffice

    needs_libreoffice()
    reply = fill_reply(form_docx, tmp_path / "宝应.docx", "宝应县教育局",
                       [["陈静", "高邮市教育局 副科长", "13611112222", ID_OK]])
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(reply)],
                   check=True, capture_output=True, timeout=120)
    doc = tmp_path / "doc" / "宝应.doc"
    result = collect([doc], notice_file)
    assert [(r.unit, r.values["姓名"], r.values["手机号码"], r.values["身份证号码"], r.file)
            for r in result.rows] == [("宝应县教育局", "陈静", "13611112222", ID_OK, "宝应.doc")]
    assert result.issues == []
