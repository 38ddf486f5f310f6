"""Issue 13, item 3: batch recipient lists as clerks have them (UTF-8, BOM, GBK CSV, .xlsx),
header rows recognised, duplicates refused with their lines; every command that reads a
data file takes --allow-outside and --profile."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import notice_kit
from notice_kit.cli import main
from notice_kit.recipients import read_recipients

from .conftest import minimal_data

UNITS = ["邗江区教育局", "市直各学校", "高邮市教育局"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_the_encodings_excel_writes(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(("学校名称\r\n" + "\r\n".join(UNITS) + "\r\n").encode(encoding))
    assert read_recipients(path) == UNITS


@pytest.mark.parametrize(("header", "rows", "expected"), [
    (None, [[u] for u in UNITS], UNITS),                       # no header: all are units
    (["单位名称"], [[u] for u in UNITS], UNITS),
    (["序号", "学校名称", "联系人"], [[i, u, "张三"] for i, u in enumerate(UNITS, 1)], UNITS),
    (["序号", "单位"], [[i, u] for i, u in enumerate(UNITS, 1)], UNITS),
    (None, [[i, u] for i, u in enumerate(UNITS, 1)], UNITS),  # numbered, no header
    (["Unit name"], [[u] for u in UNITS], UNITS),
])
def test_header_rows_are_recognised_in_csv_and_xlsx(tmp_path: Path, header: list[str] | None,
                                                     rows: list[list[object]],
                                                     expected: list[str]) -> None:
    table = ([header] if header else []) + rows
    csv_path = tmp_path / "units.csv"
    csv_path.write_text("\n".join(",".join(map(str, r)) for r in table) + "\n", encoding="utf-8")
    assert read_recipients(csv_path) == expected
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in table:
        sheet.append(row)
    book.save(tmp_path / "units.xlsx")
    assert read_recipients(tmp_path / "units.xlsx") == expected


def test_a_unit_named_like_a_school_is_not_a_header(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("市直各学校\n邗江区教育局\n", encoding="utf-8")
    assert read_recipients(path) == ["市直各学校", "邗江区教育局"]


def test_duplicates_are_refused_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("单位名称\n甲局\n乙局\n\n甲局 \n", encoding="gbk")
    with pytest.raises(notice_kit.DataError) as caught:
        read_recipients(path)
    assert caught.value.source == path
    assert "第 2、5 行" in str(caught.value) and "lines 2, 5" in str(caught.value)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["单位名称"], ["甲局"], ["甲局"]):
        sheet.append(row)
    book.save(tmp_path / "units.xlsx")
    with pytest.raises(notice_kit.DataError, match="lines 2, 3"):
        read_recipients(tmp_path / "units.xlsx")
    (tmp_path / "units.yaml").write_text("recipients:\n  - 甲局\n  - 乙局\n  - 甲局\n", encoding="utf-8")
    with pytest.raises(notice_kit.DataError, match="lines 2, 4"):
        read_recipients(tmp_path / "units.yaml")


def test_an_unreadable_workbook_or_encoding_is_a_data_error(tmp_path: Path) -> None:
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(notice_kit.DataError, match=r"bad\.xlsx"):
        read_recipients(tmp_path / "bad.xlsx")
    (tmp_path / "bad.csv").write_bytes(b"\xff\xfe\x00\xd8\xff")
    with pytest.raises(notice_kit.DataError, match=r"bad\.csv"):
        read_recipients(tmp_path / "bad.csv")


def test_batch_command_refuses_duplicates_and_builds_nothing(tmp_path: Path) -> None:
    notice = tmp_path / "notice.yaml"
    notice_kit.dump_notice(notice_kit.package_from_data(minimal_data()), notice)
    units = tmp_path / "units.csv"
    units.write_text("学校名称\n甲校\n甲校\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(notice), "-r", str(units),
                                       "-o", str(tmp_path / "out"), "-f", "docx"])
    assert result.exit_code == 1 and "lines 2, 3" in result.output
    assert not (tmp_path / "out").exists()


DATA_COMMANDS = ["build", "validate", "lint", "batch"]


def test_every_command_reading_a_data_file_takes_the_same_options() -> None:
    for name, command in main.commands.items():
        params = {p.name for p in command.params}
        if "notice_file" in params:
            assert {"allow_outside", "profile"} <= params, name
    assert {n for n, c in main.commands.items()
            if "notice_file" in {p.name for p in c.params}} >= set(DATA_COMMANDS)


@pytest.mark.parametrize("command", DATA_COMMANDS)
def test_allow_outside_and_profile_work_on_every_data_command(tmp_path: Path, command: str) -> None:
    (tmp_path / "outside.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "n").mkdir()
    data = minimal_data()
    data["attachments"] = [{"title": "议程", "path": "../outside.pdf"}]
    notice = tmp_path / "n" / "notice.yaml"
    notice_kit.dump_notice(notice_kit.package_from_data(data, base_dir=tmp_path / "n"), notice)
    out = ["-o", str(tmp_path / "out"), "-f", "docx"] if command in ("build", "batch") else []
    runner = CliRunner()
    refused = runner.invoke(main, [command, str(notice), *out])
    assert refused.exit_code == 1 and "--allow-outside" in refused.output
    bad_profile = runner.invoke(main, [command, str(notice), *out, "--allow-outside",
                                       "--profile", "jiangsu"])
    assert bad_profile.exit_code == 1 and "jiangsu" in bad_profile.output
    assert "Traceback" not in bad_profile.output
    allowed = runner.invoke(main, [command, str(notice), *out, "--allow-outside",
                                   "--profile", "centred"])
    assert allowed.exit_code == 0, allowed.output
