"""Small packages for the lint tests, and running one rule on them."""

from __future__ import annotations

from typing import Any

import notice_kit
from notice_kit.lint import Finding, get_rule, lint
from notice_kit.models import Package

from ..conftest import minimal_data

THREE = [
    {"title": "省厅三季度分析材料", "body": ["材料正文。"]},
    {"kind": "receipt", "title": "第三季度复盘与调度工作参加人员回执", "columns": ["姓名", "手机号码"]},
    {"title": "各地参加学校名单", "items": ["邗江中专", "邗江实验学校"]},
]
ONE = THREE[:1]


def data(body: Any = None, attachments: list[dict[str, Any]] | None = None,
         **notice: Any) -> dict[str, Any]:
    """Package data with this body (default: one plain sentence) and attachments."""
    if body is not None:
        notice["body"] = body
    result = minimal_data(**notice)
    if attachments is not None:
        result["attachments"] = attachments
    return result


def package(body: Any = None, attachments: list[dict[str, Any]] | None = None,
            **notice: Any) -> Package:
    return notice_kit.package_from_data(data(body, attachments, **notice))


def run(code: str, pkg: Package, raw: Any = None) -> list[Finding]:
    """The findings of rule ``code`` alone."""
    return lint(pkg, data=raw, rules=[get_rule(code)])
