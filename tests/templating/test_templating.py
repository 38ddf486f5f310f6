"""extends: and vars: in data files (notice_kit.templating), through load_notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import notice_kit
from notice_kit.errors import DataError
from notice_kit.render.text import render_text
from notice_kit.templating import FILTERS, merge, render_data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def base_data() -> dict[str, Any]:
    return {
        "vars": {"quarter": 3, "who": "市直各学校"},
        "notice": {
            "header": {"issuers": ["扬州市教育局"]},
            "title": "关于开展{{ quarter | quarter }}复盘工作的通知",
            "addressees": ["{{ who }}"],
            "body": ["会议于{{ meeting | cn_datetime }}召开。", {"heading": "其他", "text": "无。"}],
            "date": "{{ issued }}",
        },
        "attachments": [
            {"kind": "receipt", "title": "回执", "fields": ["单位名称"], "columns": ["姓名"]},
            {"kind": "list", "title": "名单", "items": "{{ schools }}"},
        ],
    }


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write(tmp_path / "templates" / "base.yaml", base_data())


def child(tmp_path: Path, data: dict[str, Any], name: str = "q4/notice.yaml") -> Path:
    return write(tmp_path / name, data)


CHILD_VARS = {"meeting": "2025-01-10 9:30", "issued": dt.date(2024, 12, 24),
              "schools": ["甲校", "乙校"]}


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("cn_date", dt.date(2024, 11, 22), "2024年11月22日"),
    ("cn_date", "2024-11-05", "2024年11月5日"),
    ("cn_datetime", dt.datetime(2024, 11, 22, 14, 0), "2024年11月22日14:00"),
    ("cn_datetime", "2025-01-10 9:30", "2025年1月10日9:30"),
    ("cn_time", "14:00", "14:00"),
    ("cn_time", "8:30", "8:30"),
    ("cn_time", dt.datetime(2024, 11, 19, 16, 0), "16:00"),
    ("cn_month_day", dt.date(2024, 11, 22), "11月22日"),
    ("quarter", 3, "第三季度"),
    ("quarter", "4", "第四季度"),
    ("cn_number", 3, "三"),
    ("cn_number", 12, "十二"),
])
def test_filters(name: str, value: object, expected: str) -> None:
    assert FILTERS[name](value) == expected


@pytest.mark.parametrize(("name", "value"), [
    ("cn_date", "白路"), ("cn_date", 3), ("cn_time", 840), ("quarter", 5), ("cn_number", 0),
    ("quarter", True),
])
def test_filters_refuse_wrong_values(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=name):
        FILTERS[name](value)


# ---------------------------------------------------------------- merging


def test_merge_mappings_key_by_key_lists_replace() -> None:
    base = {"a": {"x": 1, "y": 2}, "l": [1, 2], "gone": 1}
    assert merge(base, {"a": {"y": 3}, "l": [9], "gone": None}) == {"a": {"x": 1, "y": 3}, "l": [9]}
    assert base == {"a": {"x": 1, "y": 2}, "l": [1, 2], "gone": 1}  # not changed


def test_merge_list_form() -> None:
    base = ["p", {"heading": "一"}, {"heading": "二"}]
    got = merge(base, {"merge": [{}, {"text": "t"}, {"insert": {"heading": "新"}}]})
    assert got == ["p", {"heading": "一", "text": "t"}, {"heading": "新"}, {"heading": "二"}]
    assert merge(base, {"merge": [None]}) == base[1:]
    assert merge(base, {"merge": [{}, {}, {}, "appended"]}) == [*base, "appended"]


def test_merge_list_form_checks_kind() -> None:
    with pytest.raises(DataError, match=r"attachments\[0\].*receipt"):
        merge({"attachments": [{"kind": "list"}]},
              {"attachments": {"merge": [{"kind": "receipt"}]}})


# ---------------------------------------------------------------- extends + vars


def test_child_overrides_and_base_vars_are_used(tmp_path: Path, base: Path) -> None:
    path = child(tmp_path, {"extends": "../templates/base.yaml",
                            "vars": {**CHILD_VARS, "quarter": 4}})
    package = notice_kit.load_notice(path)
    assert package.notice.title == "关于开展第四季度复盘工作的通知"  # child var wins
    assert package.notice.addressees == ["市直各学校"]  # base var
    assert "会议于2025年1月10日9:30召开。" in render_text(package)
    assert package.notice.date == dt.date(2024, 12, 24)  # a single expression keeps the date
    assert package.attachments[1].items == ["甲校", "乙校"]  # type: ignore[union-attr]


def test_chains(tmp_path: Path, base: Path) -> None:
    write(tmp_path / "mid" / "mid.yaml", {"extends": "../templates/base.yaml",
                                          "vars": CHILD_VARS})
    path = child(tmp_path, {"extends": "../mid/mid.yaml", "vars": {"quarter": 1}})
    assert notice_kit.load_notice(path).notice.title == "关于开展第一季度复盘工作的通知"


def test_vars_without_extends(tmp_path: Path) -> None:
    data = base_data()
    data["vars"].update(CHILD_VARS)
    assert notice_kit.load_notice(child(tmp_path, data)).notice.title == "关于开展第三季度复盘工作的通知"


def test_relative_paths_in_a_base_mean_next_to_the_base(tmp_path: Path) -> None:
    data = base_data()
    data["options"] = {"letterhead": "head.docx"}
    write(tmp_path / "templates" / "base.yaml", data)
    (tmp_path / "templates" / "head.docx").write_bytes(b"x")
    path = child(tmp_path, {"extends": "../templates/base.yaml", "vars": CHILD_VARS})
    assert notice_kit.load_notice(path).options.letterhead == tmp_path / "templates" / "head.docx"


# ---------------------------------------------------------------- bad input


def load_error(path: Path) -> str:
    with pytest.raises(DataError) as info:
        notice_kit.load_notice(path)
    return str(info.value)


def test_undefined_variable_names_file_field_and_variable(tmp_path: Path, base: Path) -> None:
    path = child(tmp_path, {"extends": "../templates/base.yaml",
                            "vars": {k: v for k, v in CHILD_VARS.items() if k != "meeting"}})
    message = load_error(path)
    assert str(path) in message
    assert "notice.body[0]" in message
    assert "'meeting' is undefined" in message


def test_undefined_attribute(tmp_path: Path) -> None:
    data = base_data()
    data["vars"].update(CHILD_VARS)
    data["notice"]["body"][1]["text"] = "{{ contact.phone }}"
    data["vars"]["contact"] = {"name": "白路"}
    message = load_error(child(tmp_path, data))
    assert "notice.body[1].text" in message and "phone" in message


def test_date_filter_on_a_non_date(tmp_path: Path, base: Path) -> None:
    path = child(tmp_path, {"extends": "../templates/base.yaml",
                            "vars": {**CHILD_VARS, "meeting": "下周五"}})
    message = load_error(path)
    assert "notice.body[0]" in message and "cn_datetime" in message and "下周五" in message
    assert "meeting" in message  # the expression names the variable


@pytest.mark.parametrize("escape", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ who.__class__ }}",
    "{% set x = [].append(1) %}{{ x }}",
])
def test_sandbox_escape_is_refused(tmp_path: Path, escape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = base_data()
    data["vars"].update(CHILD_VARS)
    data["notice"]["body"][1]["text"] = escape
    message = load_error(child(tmp_path, data))
    assert "notice.body[1].text" in message
    assert not (tmp_path / "PWNED").exists()


def test_syntax_error(tmp_path: Path) -> None:
    data = base_data()
    data["vars"].update(CHILD_VARS)
    data["notice"]["title"] = "关于{{ quarter | }}的通知"
    assert "notice.title" in load_error(child(tmp_path, data))


def test_missing_base(tmp_path: Path) -> None:
    path = child(tmp_path, {"extends": "../templates/nope.yaml", "vars": CHILD_VARS})
    message = load_error(path)
    assert str(path) in message and "nope.yaml" in message and "extends" in message


def test_cycle(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", {"extends": "b.yaml"})
    write(tmp_path / "b.yaml", {"extends": "a.yaml"})
    message = load_error(a)
    assert "cycle" in message and "a.yaml → " in message and "b.yaml → " in message


def test_extends_itself(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", {"extends": "a.yaml"})
    assert "cycle" in load_error(a)


def test_base_with_a_yaml_error_names_the_base(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("notice: [\n", encoding="utf-8")
    path = write(tmp_path / "c.yaml", {"extends": "base.yaml"})
    assert "base.yaml" in load_error(path)


def test_render_data_leaves_plain_strings_alone() -> None:
    data = {"a": ["x", "{ not a template }"], "n": 3}
    assert render_data(data, {}) == data
