"""The .xlsx 回执: made from the notice, filled with openpyxl as a unit would, read back;
and CSV replies (UTF-8 and GBK)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

import notice_kit
from notice_kit.receipts import collect
from notice_kit.receipts.form import receipt_specs
from notice_kit.receipts.output import table_rows
from notice_kit.receipts.xlsx_form import make_xlsx_form

ID_OK = "11010519491231002X"


def _form(notice_file: Path, tmp_path: Path, unit: str = "") -> Path:
    spec = receipt_specs(notice_kit.load_notice(notice_file))[0]
    if unit:
        spec = type(spec)(**{**spec.__dict__, "prefilled": {"单位名称": unit}})
    return make_xlsx_form(spec, tmp_path / "回执.xlsx")


def _cell(ws: object, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise LookupError(text)


def test_form_is_locked_where_printed_and_validated(notice_file: Path, tmp_path: Path) -> None:
    ws = load_workbook(_form(notice_file, tmp_path))["回执"]
    assert ws.protection.sheet is True
    assert ws["A1"].value == "安全工作会议参会人员回执"
    r, c = _cell(ws, "手机号码")
    assert ws.cell(r, c).protection.locked is True  # header
    assert ws.cell(r + 1, c).protection.locked is False  # data
    assert ws.cell(r + 1, c).number_format == "@"
    assert [ws.cell(r + i, 1).value for i in range(1, 8)] == ["1", "2", "3", "4", "5", "6", None]
    fr, fc = _cell(ws, "单位名称：")
    assert ws.cell(fr, fc + 1).protection.locked is False
    rules = {(str(dv.sqref), dv.formula1, dv.operator) for dv in ws.data_validations.dataValidation}
    assert rules == {(f"D{r + 1}:D{r + 206}", "11", "equal"), (f"E{r + 1}:E{r + 206}", "18", "equal")}


def test_filled_with_openpyxl_reads_back(notice_file: Path, tmp_path: Path) -> None:
    path = _form(notice_file, tmp_path)
    wb = load_workbook(path)
    ws = wb["回执"]
    fr, fc = _cell(ws, "单位名称：")
    ws.cell(fr, fc + 1, "江都区教育局")
    ws.cell(fr + 1, fc + 1, "周敏")
    r, _ = _cell(ws, "序号")
    ws.append([])  # nothing
    people = [["吴强", "江都区教育局 科长", 13800000001, ID_OK],  # phone typed as a number
              ["郑洁", "江都中学", "１３８０００００００２", ""]]
    for i, person in enumerate(people, start=1):
        for c, value in enumerate(person, start=2):
            ws.cell(r + i, c, value)
    ws.cell(r + 9, 2, "冯伟")  # beyond the 6 printed rows, in the open ones
    ws.cell(r + 9, 4, "13800000009")
    wb.save(path)
    result = collect([path], notice_file)
    assert table_rows(result) == [
        ["江都区教育局", "周敏", "1", "吴强", "江都区教育局 科长", "13800000001", ID_OK, "回执.xlsx",
         r + 1, ""],
        ["江都区教育局", "周敏", "2", "郑洁", "江都中学", "13800000002", "", "回执.xlsx", r + 2,
         "身份证号码：未填 / empty"],
        ["江都区教育局", "周敏", "", "冯伟", "", "13800000009", "", "回执.xlsx", r + 9,
         "单位及职务：未填 / empty；身份证号码：未填 / empty"],
    ]


def test_prefilled_unit_is_locked_and_read(notice_file: Path, tmp_path: Path) -> None:
    path = _form(notice_file, tmp_path, unit="宝应县教育局")
    wb = load_workbook(path)
    ws = wb["回执"]
    fr, fc = _cell(ws, "单位名称：")
    assert ws.cell(fr, fc + 1).value == "宝应县教育局"
    assert ws.cell(fr, fc + 1).protection.locked is True
    r, _ = _cell(ws, "序号")
    ws.cell(r + 1, 2, "陈静")
    ws.cell(r + 1, 4, "13611112222")
    wb.save(path)
    result = collect([path], notice_file)
    assert [(x.unit, x.values["姓名"]) for x in result.rows] == [("宝应县教育局", "陈静")]


def test_reordered_and_renamed_columns_are_read_by_name_and_reported(notice_file: Path,
                                                                    tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "仪征市教育局"])
    ws.append([])
    ws.append(["手机", "姓名", "序号", "单位、职务", "备注"])  # reordered, two renamed, one extra
    ws.append(["13800000001", "褚明", "1", "仪征市教育局 科员", "素食"])
    path = tmp_path / "仪征.xlsx"
    wb.save(path)
    result = collect([path], notice_file)
    assert [(x.unit, x.values) for x in result.rows] == [("仪征市教育局", {
        "序号": "1", "姓名": "褚明", "单位及职务": "仪征市教育局 科员", "手机号码": "13800000001",
        "身份证号码": ""})]
    messages = [i.message for i in result.issues if i.file == "仪征.xlsx"]
    assert any("顺序" in m for m in messages)
    assert any("“手机”按“手机号码”" in m for m in messages)
    assert any("“单位、职务”按“单位及职务”" in m for m in messages)
    assert any("“备注”未收集" in m for m in messages)
    assert any("缺少“身份证号码”列" in m for m in messages)


def test_csv_replies_utf8_and_gbk(notice_file: Path, tmp_path: Path) -> None:
    text = "单位名称：,邵伯镇中心小学\n序号,姓名,单位及职务,手机号码,身份证号码\n1,蒋华,校长,13900001111,\n"
    (tmp_path / "a.csv").write_bytes(text.encode("utf-8-sig"))
    (tmp_path / "b.csv").write_bytes(text.replace("邵伯镇", "丁沟镇").encode("gbk"))
    result = collect([tmp_path / "a.csv", tmp_path / "b.csv"], notice_file)
    assert [(x.unit, x.values["姓名"], x.row) for x in result.rows] == [
        ("邵伯镇中心小学", "蒋华", 3), ("丁沟镇中心小学", "蒋华", 3)]
