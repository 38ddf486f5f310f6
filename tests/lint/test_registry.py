"""The registry, the report and its output formats."""

from __future__ import annotations

import json
import re

import pytest

from notice_kit.lint import (
    SEVERITIES,
    Finding,
    Hit,
    LintReport,
    Rule,
    all_rules,
    findings_json,
    format_findings,
    get_rule,
    lint,
    rule,
    summary,
)

from .helpers import package


def test_rules_are_registered_in_code_order_with_what_a_reader_needs() -> None:
    rules = all_rules()
    codes = [r.code for r in rules]
    assert codes == sorted(codes) and len(set(codes)) == len(codes) >= 11
    for r in rules:
        assert re.fullmatch(r"NK\d{3}", r.code)
        assert r.severity in SEVERITIES
        assert re.fullmatch(r"[a-z0-9-]+", r.name)
        assert r.clause and r.check.__doc__


def test_a_code_is_registered_once() -> None:
    with pytest.raises(ValueError, match="NK101"):
        rule("NK101", "again", "info", "test")(lambda package: iter(()))
    with pytest.raises(KeyError, match="NK999"):
        get_rule("NK999")


def test_a_rule_gets_its_code_severity_and_clause_from_the_registry() -> None:
    def check(_: object) -> list[Hit]:
        return [Hit("notice.title", "中文", "English", "摘录"),
                Hit("notice.date", "甲", "A", severity="error")]

    custom = Rule("NK900", "custom", "info", "理由 / reason", check)
    first, second = lint(package(None), rules=[custom])
    assert first == Finding(code="NK900", name="custom", severity="info", location="notice.title",
                            message="中文 / English", clause="理由 / reason", excerpt="摘录")
    assert second.severity == "error"


def findings() -> list[Finding]:
    base = {"name": "x", "clause": "c", "message": "问题 / problem"}
    return [Finding(code="NK102", severity="error", location="a", excerpt="…摘录…", **base),
            Finding(code="NK101", severity="warning", location="b", **base),
            Finding(code="NK301", severity="info", location="c", **base)]


def test_report_helpers() -> None:
    report = LintReport.of(findings())
    assert len(report) == 3 and [f.location for f in report] == ["a", "b", "c"]
    assert [len(report.errors), len(report.warnings), len(report.infos)] == [1, 1, 1]
    assert not report.ok and report.exit_status == 1
    assert LintReport.of(findings()[1:]).ok


def test_format_findings() -> None:
    assert format_findings(findings()).splitlines() == [
        "error NK102 a: 问题 / problem (…摘录…)",
        "warning NK101 b: 问题 / problem",
        "info NK301 c: 问题 / problem",
        "3 处问题（1 错误，1 警告，1 提示）/ 3 findings (1 error, 1 warning, 1 info)",
    ]
    assert summary(findings()[1:2]) == "1 处问题（0 错误，1 警告）/ 1 finding (0 errors, 1 warning)"
    assert format_findings([]) == "未发现问题 / no findings"


def test_findings_json_parses() -> None:
    data = json.loads(findings_json(findings()))
    assert data["counts"] == {"error": 1, "warning": 1, "info": 1} and data["ok"] is False
    assert data["findings"][0] == {
        "code": "NK102", "name": "x", "severity": "error", "location": "a",
        "message": "问题 / problem", "clause": "c", "excerpt": "…摘录…",
    }
    assert json.loads(findings_json([]))["findings"] == []
