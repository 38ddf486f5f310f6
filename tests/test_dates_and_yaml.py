"""Issue 13, item 1: dates as clerks write them; impossible dates, duplicate keys and
unclosed quotes reported with the file, the line and the field — never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

import notice_kit
from notice_kit import DataError
from notice_kit.cli import main
from notice_kit.models.dates import ImpossibleDate, parse_date, parse_datetime
from notice_kit.templating import cn_date, cn_datetime

from .conftest import minimal_data

NOTICE = """\
notice:
  header:
    issuers: 扬州市教育局
  title: 关于召开全市教育系统安全工作会议的通知
  body:
    - 现将有关事项通知如下。
  date: {date}
"""


def _write(tmp_path: Path, text: str, name: str = "notice.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> DataError:
    with pytest.raises(DataError) as caught:
        notice_kit.load_notice(path)
    return caught.value


@pytest.mark.parametrize("written", ["2025-04-09", "2025-4-9", "2025/4/9", "2025.4.9",
                                     "2025年4月9日", "2025年04月09日", "２０２５年４月９日",
                                     "'2025-4-9'", "2025 年 4 月 9 日"])
def test_the_forms_clerks_write_are_dates(tmp_path: Path, written: str) -> None:
    package = notice_kit.load_notice(_write(tmp_path, NOTICE.format(date=written)))
    assert package.notice.date == dt.date(2025, 4, 9)


def test_python_data_takes_the_same_forms_and_print_date_too() -> None:
    data = minimal_data(date="2025年3月25日",
                        colophon={"printer": "扬州市教育局办公室", "print_date": "2025/3/25"})
    package = notice_kit.package_from_data(data)
    assert package.notice.date == package.notice.colophon.print_date == dt.date(2025, 3, 25)


@pytest.mark.parametrize("written", ["2025-04-31", "2025-4-31", "2025/2/29", "2025年13月1日",
                                     "2025-00-10"])
def test_an_impossible_date_names_file_line_and_field(tmp_path: Path, written: str) -> None:
    path = _write(tmp_path, NOTICE.format(date=written))
    error = _error(path)
    [problem] = error.problems
    assert error.source == path
    assert problem.location == "notice.date"
    assert problem.line == 7
    assert f"不存在的日期：{written}" in problem.message and "no such date" in problem.message
    assert str(path) in str(error) and "line 7" in str(error)


def test_an_impossible_date_in_vars_is_named_by_its_variable(tmp_path: Path) -> None:
    text = "vars:\n  meeting:\n    date: 2025-04-31\n" + NOTICE.format(date="2025-04-01")
    [problem] = _error(_write(tmp_path, text)).problems
    assert (problem.location, problem.line) == ("vars.meeting.date", 3)


def test_an_impossible_date_in_a_base_file_names_the_base_file(tmp_path: Path) -> None:
    base = _write(tmp_path, NOTICE.format(date="2025-02-30"), "base.yaml")
    child = _write(tmp_path, "extends: base.yaml\n", "child.yaml")
    error = _error(child)
    assert error.source == base
    assert (error.problems[0].location, error.problems[0].line) == ("notice.date", 7)


def test_a_refused_value_from_a_base_file_names_the_base_files_line(tmp_path: Path) -> None:
    _write(tmp_path, NOTICE.format(date="明天"), "base.yaml")
    child = _write(tmp_path, "extends: base.yaml\nnotice:\n  title: 关于开会的通知\n", "child.yaml")
    [problem] = _error(child).problems
    assert (problem.location, problem.line) == ("notice.date", 7)
    assert problem.file is not None and problem.file.endswith("base.yaml")
    assert "base.yaml 第 7 行" in str(problem)


def test_a_template_date_filter_takes_the_clerks_forms_and_names_impossible_ones(
        tmp_path: Path) -> None:
    assert cn_date("2025/4/9") == cn_date("2025年4月9日") == "2025年4月9日"
    assert cn_datetime("2025年4月9日14:30") == "2025年4月9日14:30"
    text = ('vars:\n  day: "2025/4/31"\n'
            + NOTICE.format(date="2025-04-01").replace("- 现将", "- 会议于{{ day | cn_date }}召开。现将"))
    [problem] = _error(_write(tmp_path, text)).problems
    assert problem.location == "notice.body[0]"
    assert "不存在的日期：2025/4/31" in problem.message


def test_parsers_return_none_for_other_text_and_refuse_impossible_times() -> None:
    assert parse_date("明天") is None and parse_datetime("下午") is None
    assert parse_datetime("2025-4-9 9:05") == dt.datetime(2025, 4, 9, 9, 5)
    with pytest.raises(ImpossibleDate, match="2025-4-9 25:00"):
        parse_datetime("2025-4-9 25:00")


def test_a_key_written_twice_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    text = NOTICE.format(date="2025-04-09") + "  date: 2025-04-10\n"
    [problem] = _error(_write(tmp_path, text)).problems
    assert problem.location == "notice.date"
    assert problem.line == 8
    assert "第 7 行和第 8 行" in problem.message and "lines 7 and 8" in problem.message


def test_a_yaml_merge_key_may_be_overridden(tmp_path: Path) -> None:
    text = ("base: &b {issuers: 甲, doc_number: 扬教发〔2024〕8号}\n"
            + NOTICE.format(date="2025-04-09").replace("    issuers: 扬州市教育局",
                                                      "    <<: *b\n    issuers: 扬州市教育局"))
    path = _write(tmp_path, text)
    data = notice_kit.loading.read_data(path)
    assert data["notice"]["header"] == {"issuers": "扬州市教育局", "doc_number": "扬教发〔2024〕8号"}


def test_a_json_key_written_twice_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"notice": {"title": "a", "title": "b"}}', "n.json")
    [problem] = _error(path).problems
    assert "duplicate key 'title'" in problem.message


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    lines = NOTICE.format(date="2025-04-09").splitlines()
    lines[5] = '    - "现将有关事项通知如下。'  # line 6
    # At the end of the file, and with a later quote that closes it far below.
    for tail in ([], [f"  x{i}: 1" for i in range(50)] + ['  y: "z"', "  z: 1"]):
        path = _write(tmp_path, "\n".join([*lines, *tail]) + "\n")
        [problem] = _error(path).problems
        assert problem.location.startswith("第 6 行"), problem
        assert "引号没有闭合" in problem.message and "quote opened here is not closed" in problem.message


def test_other_syntax_errors_keep_their_line(tmp_path: Path) -> None:
    [problem] = _error(_write(tmp_path, "notice:\n  title: a\n\tdate: 1\n")).problems
    assert problem.location.startswith("第 3 行")


@pytest.mark.parametrize("command", ["validate", "lint", "build"])
def test_the_commands_print_one_message_not_a_traceback(tmp_path: Path, command: str) -> None:
    path = _write(tmp_path, NOTICE.format(date="2025-04-31"))
    args = [command, str(path)] + (["-o", str(tmp_path / "out")] if command == "build" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "notice.date" in result.output and "line 7" in result.output
    assert "2025-04-31" in result.output


def test_a_control_character_in_the_file_is_a_data_error_not_a_traceback(tmp_path: Path) -> None:
    """Found by the CLI property test (data='\\x08'): PyYAML's reader refuses the character
    while the loader is being made, before parsing starts."""
    path = tmp_path / "bad.yaml"
    path.write_text("notice:\x08\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        notice_kit.load_notice(path)
    assert "bad.yaml" in str(err.value) and "#x0008" in str(err.value)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
