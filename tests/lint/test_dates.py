"""NK2xx: deadlines against the 成文日期 and the event; the printing date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from notice_kit.lint.rules.dates import find_dates

from .helpers import THREE, package, run

ISSUED = dt.date(2024, 10, 28)


def meeting(*more: Any) -> list[Any]:
    """A body announcing a meeting on 22 November at 14:00, then ``more``."""
    when = {"heading": "时间：", "text": "2024年11月22日14:00。"}
    return [{"heading": "时间、地点", "children": [when]}, *more]


@pytest.mark.parametrize(("text", "moment", "due"), [
    ("请于11月19日16:00前报送", dt.datetime(2024, 11, 19, 16, 0), True),
    ("2024年11月22日14:00。", dt.datetime(2024, 11, 22, 14, 0), False),
    ("并于11月5日前结合", dt.datetime(2024, 11, 5), True),
    ("11月5号（星期二）下午3时半截止", dt.datetime(2024, 11, 5, 15, 30), True),
    ("11月5日前后", dt.datetime(2024, 11, 5), False),
    # Half a year before the 成文日期 without a year: the next January.
    ("1月10日前", dt.datetime(2025, 1, 10), True),
])
def test_dates_are_read_and_the_year_inferred(text: str, moment: dt.datetime, due: bool) -> None:
    [found] = find_dates(text, ISSUED)
    assert (found.moment, found.due) == (moment, due)


def test_a_day_that_does_not_exist() -> None:
    [found] = find_dates("11月31日前", ISSUED)
    assert found.moment is None
    [finding] = run("NK201", package(["请于11月31日前报送。"]))
    assert finding.severity == "error"
    assert "11月31日" in finding.message


def test_seed_deadlines_are_fine() -> None:
    body = meeting("并于11月5日前结合有关工作开展一次分析研讨。",
                   "须于11月12日前组织相关学校开展一次集中复盘。",
                   "省教育厅10月18日在镇江市召开推进会。",  # a past event, no deadline
                   "连同回执于11月19日16:00前报市教育局安保处。")
    assert run("NK201", package(body, date="2024-10-28")) == []


def test_deadline_before_the_document_date() -> None:
    pkg = package(["请于10月25日前报送。", "2024年10月1日前完成。"], date="2024-10-28")
    first, second = run("NK201", pkg)
    assert first.location == "notice.body[0]"
    assert "早于成文日期2024年10月28日" in first.message and "年份按成文日期推定" in first.message
    assert "2024-10-25" in first.message
    assert "年份按成文日期推定" not in second.message


def test_deadline_after_the_event_it_prepares() -> None:
    body = meeting("请于11月23日前报送材料。", "请于11月22日16:00前报到。", "请于11月22日前报送。",
                   "会后于11月30日前报送总结。")
    findings = run("NK201", package(body))
    assert [f.location for f in findings] == ["notice.body[1]", "notice.body[2]"]
    assert "晚于活动时间2024年11月22日14:00" in findings[0].message


def test_event_before_the_document_date() -> None:
    [finding] = run("NK201", package(meeting(), date="2024-11-25"))
    assert finding.location == "notice.body[0].children[0].text"
    assert "活动时间" in finding.message


def test_receipt_deadline_field() -> None:
    receipt = {**THREE[1], "deadline": "2024-11-23 16:00"}
    [finding] = run("NK201", package(meeting(), [THREE[0], receipt]))
    assert finding.location == "attachments[1].deadline"
    early = {**THREE[1], "deadline": "2024-10-01 16:00"}
    [finding] = run("NK201", package(meeting(), [THREE[0], early]))
    assert "早于成文日期" in finding.message
    fine = {**THREE[1], "deadline": "2024-11-19 16:00"}
    assert run("NK201", package(meeting(), [THREE[0], fine])) == []


def test_printing_date_before_the_document_date() -> None:
    colophon = {"printer": "扬州市教育局办公室", "print_date": "2024-10-20"}
    [finding] = run("NK202", package(None, date="2024-10-28", colophon=colophon))
    assert finding.location == "notice.colophon.print_date"
    colophon["print_date"] = "2024-10-28"
    assert run("NK202", package(None, date="2024-10-28", colophon=colophon)) == []
