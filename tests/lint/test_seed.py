"""The seed notice keeps its source's slips: lint finds them, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import notice_kit
from notice_kit.errors import DataError
from notice_kit.lint import format_findings, lint, lint_report
from notice_kit.lint.cli import lint_command
from notice_kit.models import Package

from ..conftest import SEED_EXAMPLE, minimal_data

EXPECTED = [
    ("NK101", "warning", "notice.body[2].children[2].text", "学校名单见附件"),
    ("NK104", "info", "notice.body[4].children[2].text", "参会人员名单回执"),
    ("NK402", "warning", "notice.body[4].children[2].text", "yzsjyjabc @126.com"),
    ("NK402", "warning", "attachments[0].body[0].children[2]", "4亿人次。 “江苏"),
    ("NK402", "warning", "attachments[0].body[0].children[3]", "41. 7%"),
]


def test_seed_findings(seed_package: Package) -> None:
    findings = lint(seed_package)
    assert [(f.code, f.severity, f.location) for f in findings] == [e[:3] for e in EXPECTED]
    for finding, (*_, text) in zip(findings, EXPECTED, strict=True):
        assert finding.excerpt is not None and text in finding.excerpt
    assert "附件3“各地参加学校名单”" in findings[0].message


def test_seed_report(seed_package: Package) -> None:
    report = lint_report(seed_package)
    assert report.ok and report.exit_status == 0
    assert (len(report.errors), len(report.warnings), len(report.infos)) == (0, 4, 1)
    text = format_findings(list(report))
    first = text.splitlines()[0]
    assert first.startswith("warning NK101 notice.body[2].children[2].text: 正文提到“附件”但有 3 个附件")
    assert first.endswith("(…1名（学校名单见附件，由相关地区教育…)")
    assert text.splitlines()[-1] == (
        "5 处问题（0 错误，4 警告，1 提示）/ 5 findings (0 errors, 4 warnings, 1 info)")


def test_lint_is_stable(seed_package: Package) -> None:
    again = notice_kit.load_notice(SEED_EXAMPLE)
    assert lint(seed_package) == lint(again) == lint(seed_package)


def test_lint_command_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert lint_command(SEED_EXAMPLE, as_json=False) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == len(EXPECTED) + 1
    assert lint_command(SEED_EXAMPLE, as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in data["findings"]] == [e[0] for e in EXPECTED]
    assert data["counts"] == {"error": 0, "warning": 4, "info": 1} and data["ok"] is True


def write(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_lint_command_exit_status_and_data_rules(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    broken = write(tmp_path / "broken.yaml", minimal_data(body="一、甲\n三、乙\n详见附件4。"))
    assert lint_command(broken, as_json=False) == 1
    out = capsys.readouterr().out
    assert "error NK102" in out and "warning NK305 notice.body" in out
    clean = write(tmp_path / "clean.yaml", minimal_data())
    assert lint_command(clean, as_json=False) == 0
    assert capsys.readouterr().out == "未发现问题 / no findings\n"


def test_lint_command_lets_data_errors_through(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        lint_command(tmp_path / "missing.yaml", as_json=False)
    with pytest.raises(DataError):
        lint_command(write(tmp_path / "bad.yaml", {"notice": {"title": "x"}}), as_json=True)
