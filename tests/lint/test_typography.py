"""NK4xx: half-width punctuation and stray spaces in Chinese text."""

from __future__ import annotations

import pytest

from .helpers import THREE, package, run


@pytest.mark.parametrize(("text", "mark"), [
    ("主送各学校:", ":"),
    ("电话:87366433", ":"),
    ("各学校,各幼儿园。", ","),
    ("扬州市(江苏)教育局。", "()"),
    ("下载(PDF)版本。", "()"),
    ("请报送;逾期不候。", ";"),
    ("是否参加?", "?"),
    ("务必参加!", "!"),
    ("请报送材料.", "."),
    ('开展"润心"行动。', '"'),
])
def test_halfwidth_punctuation_in_chinese_text(text: str, mark: str) -> None:
    findings = run("NK401", package([text]))
    assert findings, text
    assert f'"{mark}"' in findings[0].message
    assert findings[0].excerpt is not None and mark[0] in findings[0].excerpt


@pytest.mark.parametrize("text", [
    "2024年11月22日14:00在三楼会议室召开。",
    "共计1,000人，占比3.79%。",
    "详见https://jyj.yangzhou.gov.cn/a?b=1,c=2，请查阅。",
    "邮箱：yzsjyjabc@126.com。",
    "Email: office@yz.edu.cn",
    "（联系人：白路；电话：87366433）",
])
def test_halfwidth_punctuation_where_it_belongs(text: str) -> None:
    assert run("NK401", package([text])) == []


def test_halfwidth_punctuation_anywhere_in_the_package() -> None:
    attachments = [{"kind": "receipt", "title": "回执", "fields": ["单位名称"],
                    "columns": ["姓名", "单位(职务)"]}]
    [finding] = run("NK401", package(None, attachments))
    assert finding.location == "attachments[0].columns[1]"


@pytest.mark.parametrize(("text", "where"), [
    ("（邮箱：yzsjyjabc @126.com）。", "e-mail"),
    ("受众超过4亿人次。 “江苏教育发布”", "full-width punctuation"),
    ("占比从41. 7%提高到48.3%。", "number"),
    ("市教育局 安保处。", "Chinese characters"),
    ("市教育局\u3000安保处。", "ideographic"),
])
def test_stray_spaces(text: str, where: str) -> None:
    [finding] = run("NK402", package([text]))
    assert where in finding.message


def test_spaces_that_belong() -> None:
    assert run("NK402", package(["使用 iPad 上课。", "Word 文档"], THREE)) == []
