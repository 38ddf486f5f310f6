"""The rule registry, the report, and the command functions the CLI wires
(``inspect_command``, ``check_command``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import notice_kit
from notice_kit.check import RULES, CheckReport, check_document, rule
from notice_kit.check.cli import check_command
from notice_kit.inspect.cli import inspect_command
from notice_kit.manifest import BuildResult
from notice_kit.models import Package

from . import broken


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory, seed_package: Package) -> Path:
    path = tmp_path_factory.mktemp("cli") / "seed.docx"
    path.write_bytes(notice_kit.render_package_docx(seed_package).data)
    return path


@pytest.fixture(scope="module")
def broken_docx(seed_docx: Path) -> Path:
    return broken.edit_docx(seed_docx, seed_docx.with_name("broken.docx"), broken.label_with_colon,
                            broken.date_zero_padded)


def test_rules_carry_code_clause_and_one_function_each() -> None:
    assert all(code.startswith("GB") and r.code == code and r.clause for code, r in RULES.items())
    assert len({r.check for r in RULES.values()}) == len(RULES)
    assert {r.severity for r in RULES.values()} == {"error"}


def test_a_code_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="GB501 is registered twice"):
        rule("GB501", "5.1", "again")(lambda doc, profile: [])


def test_check_can_run_some_rules_only(broken_docx: Path) -> None:
    report = check_document(broken_docx, rules=["GB709"])
    assert report.rules == ["GB709"]
    assert [f.code for f in report.findings] == ["GB709"]


def test_report_as_json(broken_docx: Path) -> None:
    report = check_document(broken_docx)
    data = json.loads(report.model_dump_json())
    assert (data["errors"], data["warnings"]) == (2, 0)
    assert {f["code"] for f in data["findings"]} == {"GB708", "GB709"}
    assert CheckReport.model_validate(data).findings == report.findings


def test_check_command_text_and_exit_status(broken_docx: Path, seed_docx: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(broken_docx, False, None) == 1
    out = capsys.readouterr().out
    assert "✗ GB709  7.3.7" in out and "✓ GB501" in out
    assert "应为 / expected: 附件2    实为 / found: 附件2：" in out
    assert "结论 / result: 未通过 / failed — 2 个错误 / errors" in out
    assert check_command(seed_docx, False, "gbt9704") == 0
    assert "通过 / passed — 0 个错误" in capsys.readouterr().out


def test_check_command_json(broken_docx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(broken_docx, True, None) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["profile"] == "gbt9704" and data["errors"] == 2


def test_commands_refuse_what_they_cannot_use(tmp_path: Path, seed_docx: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(tmp_path / "missing.pdf", False, None) == 2
    assert "no such file" in capsys.readouterr().err
    assert check_command(seed_docx, False, "nope") == 2
    assert "unknown layout profile 'nope'" in capsys.readouterr().err
    assert inspect_command(tmp_path / "missing.docx", False) == 2


def test_inspect_command_text(seed_build: BuildResult, capsys: pytest.CaptureFixture[str]) -> None:
    assert inspect_command(seed_build.path("package", "pdf"), False) == 0
    out = capsys.readouterr().out
    assert "格式 / format: PDF，14 页 / pages" in out
    assert "p.1    mark              扬州市教育局文件" in out
    assert "p.2    heading L2        （一） 时间： + 2024年11月22日14:00。" in out
    assert "附件2    第三季度复盘与调度工作参加人员回执  第13页 / p.13" in out
    assert "表格 / table: 序号｜姓名｜单位及职务｜手机号码（8 行 / rows）" in out
    assert "p.14 — 14 —" in out


def test_inspect_command_json(seed_docx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert inspect_command(seed_docx, True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "docx"
    heading = next(e for e in data["elements"] if e["kind"] == "heading")
    assert (heading["level"], heading["number"], heading["heading"]) == (1, "一、", "时间、地点")
    assert "spans" not in heading
