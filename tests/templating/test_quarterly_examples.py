"""The quarterly template and the Q3/Q4 notices built from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import notice_kit
from notice_kit.models import ListAttachment, Package, Section
from notice_kit.render.text import render_text

ROOT = Path(__file__).resolve().parents[2]
# A copy of examples/yangzhou-2024-q3/notice.yaml as transcribed from the seed, before
# templates existed: the templated Q3 must load to exactly this package.
REFERENCE = Path(__file__).with_name("q3_reference.yaml")
Q3_ORIGINAL = ROOT / "examples" / "yangzhou-2024-q3" / "notice.yaml"
Q3_TEMPLATED = ROOT / "examples" / "yangzhou-2024-q3" / "notice.yaml"
Q4 = ROOT / "examples" / "yangzhou-2024-q4" / "notice.yaml"
TEMPLATE = ROOT / "examples" / "templates" / "quarterly-review.yaml"

# Every date and time Q3's text carries (the source's and the ones we added).
Q3_DATES = ["2024年11月22日", "11月22日", "14:00", "10月18日", "镇江市", "第五次", "11月5日",
            "11月12日", "11月19日", "16:00", "2024年10月28日", "第三季度", "三季度"]


@pytest.fixture(scope="module")
def q3() -> Package:
    return notice_kit.load_notice(Q3_TEMPLATED)


@pytest.fixture(scope="module")
def q4() -> Package:
    return notice_kit.load_notice(Q4)


def test_templated_q3_is_the_transcribed_q3(q3: Package) -> None:
    reference = notice_kit.load_notice(REFERENCE)
    assert q3 == reference
    assert render_text(q3) == render_text(reference)


def test_reference_is_still_the_example() -> None:
    # If the transcription is corrected, the reference (and the template) must follow.
    assert notice_kit.load_notice(Q3_ORIGINAL) == notice_kit.load_notice(REFERENCE)


def test_template_alone_is_not_a_notice() -> None:
    # Loading the template without a quarter's data fails on the first missing variable
    # instead of writing a notice with blanks.
    with pytest.raises(notice_kit.DataError, match="undefined"):
        notice_kit.load_notice(TEMPLATE)


def test_q4_loads_with_its_own_dates(q4: Package) -> None:
    assert q4.title_text == "关于开展全市青少年生命关爱第四季度复盘与调度工作的通知"
    text = render_text(q4)
    for own in ["2025年1月10日9:30", "12月20日在南京市", "第六次", "12月27日前", "1月3日前",
                "1月7日17:00前", "《省厅四季度分析材料》（附件1）", "2024年12月24日"]:
        assert own in text, own
    assert [a.title for a in q4.attachments] == [
        "省厅四季度分析材料", "第四季度复盘与调度工作参加人员回执", "各地参加学校名单"]
    schools = q4.attachments[2]
    assert isinstance(schools, ListAttachment) and schools.items[0] == "宝应县实验初级中学"


def test_no_q3_date_is_kept_in_q4(q4: Package) -> None:
    text = render_text(q4)
    kept = [value for value in Q3_DATES if value in text]
    assert kept == []
    q3_schools = notice_kit.load_notice(REFERENCE).attachments[2]
    assert isinstance(q3_schools, ListAttachment)
    assert not [s for s in q3_schools.items if s in text]


def test_q4_section_added_and_renumbered(q3: Package, q4: Package) -> None:
    headings = [b.heading for b in q4.notice.body if isinstance(b, Section)]
    assert headings == ["时间、地点", "参加对象", "会议内容", "年度工作总结", "其它事项"]
    assert re.search(r"^四、其它事项$", render_text(q3), re.M)
    q4_text = render_text(q4)
    assert re.search(r"^四、年度工作总结$", q4_text, re.M)
    assert re.search(r"^五、其它事项$", q4_text, re.M)  # renumbered, not typed
    assert "四、其它事项" not in q4_text
