"""Dates in the text: deadlines against the 成文日期 and against the event they prepare."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from notice_kit.lint.fields import TextField, all_fields, blocks_with_paths, notice_fields
from notice_kit.lint.registry import Hit, rule
from notice_kit.lint.text import excerpt
from notice_kit.models import Package, ReceiptForm, Section, chinese_date, chinese_datetime

_DATE = re.compile(
    r"(?<![0-9])(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    r"(?:\s*[（(](?:星期|周)[一二三四五六日天][）)])?"
    r"(?:\s*(?P<ampm>上午|中午|下午|晚上)?\s*(?P<h>\d{1,2})\s*"
    r"(?:[:：]\s*(?P<min>\d{2})|[时点](?:\s*(?P<min2>\d{1,2})\s*分|(?P<half>半))?))?"
    r"(?P<due>\s*(?:之前|以前|前(?![后夕])|截止|为止))?"
)
# A deadline in a sentence about what follows the event ("会后…12月1日前报送") may follow it.
_AFTER_EVENT = re.compile(r"会后|结束后|之后|以后")
_SENTENCE_END = re.compile(r"[。；！？;!?]")
# A "时间：" heading names the event; these name a deadline instead.
_NOT_EVENT = ("报名", "报送", "截止", "提交", "上报")
# Without a year a date is taken in the year of the 成文日期 — unless that puts it more
# than half a year before it ("1月10日前" in a notice of 20 December means next January).
_YEAR_WRAP = dt.timedelta(days=183)


@dataclass(frozen=True)
class DateMention:
    """A date written in the text, resolved against the 成文日期."""

    start: int
    end: int
    raw: str  # as written, "前" included
    day: str  # the date alone, "11月19日16:00"
    moment: dt.datetime | None  # None: no such day (11月31日)
    has_time: bool
    year_given: bool
    due: bool  # followed by 前 / 截止: a deadline

    def shown(self) -> str:
        if self.moment is None:
            return self.raw
        return chinese_datetime(self.moment) if self.has_time else chinese_date(self.moment.date())

    def iso(self) -> str:
        if self.moment is None:
            return self.raw
        return self.moment.strftime("%Y-%m-%d %H:%M" if self.has_time else "%Y-%m-%d")

    def after(self, other: DateMention) -> bool:
        """Later than ``other``; by the day unless both carry a time."""
        assert self.moment is not None and other.moment is not None
        if self.has_time and other.has_time:
            return self.moment > other.moment
        return self.moment.date() > other.moment.date()


def find_dates(text: str, reference: dt.date) -> Iterator[DateMention]:
    """Yield the dates written in ``text`` ("11月19日16:00前", "2024年11月22日")."""
    for m in _DATE.finditer(text):
        raw = m.group().strip()
        day = text[m.start(): m.start("due") if m["due"] else m.end()].strip()
        hour, minute = _time(m)
        yield DateMention(
            start=m.start(), end=m.end(), raw=raw, day=day,
            moment=_moment(m, reference, hour, minute),
            has_time=m["h"] is not None, year_given=m["y"] is not None, due=m["due"] is not None,
        )


def _time(m: re.Match[str]) -> tuple[int, int]:
    if m["h"] is None:
        return 0, 0
    hour = int(m["h"])
    if m["ampm"] in ("下午", "晚上") and hour < 12:
        hour += 12
    minute = int(m["min"] or m["min2"] or (30 if m["half"] else 0))
    return hour, minute


def _moment(m: re.Match[str], reference: dt.date, hour: int, minute: int) -> dt.datetime | None:
    month, day = int(m["m"]), int(m["d"])
    if hour == 24 and minute == 0:  # "24:00": the end of that day
        hour, minute = 23, 59
    try:
        if m["y"] is not None:
            return dt.datetime(int(m["y"]), month, day, hour, minute)
        moment = dt.datetime(reference.year, month, day, hour, minute)
        if moment.date() < reference - _YEAR_WRAP:
            moment = moment.replace(year=reference.year + 1)
        return moment
    except ValueError:
        return None


Event = tuple[str, DateMention]
"""The event's field path and date."""


def event_date(package: Package) -> Event | None:
    """The event the notice announces: the first date in the text of a "时间：" section."""
    for path, block in blocks_with_paths(package.notice.body, "notice.body"):
        if not isinstance(block, Section) or not block.heading or not block.text:
            continue
        if "时间" in block.heading and not any(w in block.heading for w in _NOT_EVENT):
            for mention in find_dates(block.text, package.notice.date):
                if mention.moment is not None:
                    return f"{path}.text", mention
    return None


def _year_note(mention: DateMention) -> tuple[str, str]:
    if mention.year_given:
        return "", ""
    return "（年份按成文日期推定）", " (year taken from the document date)"


@rule("NK201", "date-order", "warning",
      "截止日期应在成文日期之后、所筹备的活动之前 / a deadline falls after the document "
      "date and before the event it prepares")
def date_order(package: Package) -> Iterator[Hit]:
    """Deadlines before the 成文日期 or after the event; days that do not exist."""
    issued = package.notice.date
    event = event_date(package)
    notice_locations = {f.location for f in notice_fields(package)}
    for field in all_fields(package):
        for mention in find_dates(field.text, issued):
            if mention.moment is None:
                yield Hit(field.location, f"日期“{mention.day}”不存在",
                          f"there is no such day as “{mention.day}”",
                          excerpt(field.text, mention.start, mention.end), severity="error")
                continue
            is_event = event == (field.location, mention)
            hit = _before_issue(field, mention, issued, is_event)
            if hit is None and field.location in notice_locations and not is_event:
                hit = _after_event(field, mention, event)
            if hit is not None:
                yield hit
    yield from _receipt_deadlines(package, issued, event)


def _before_issue(field: TextField, mention: DateMention, issued: dt.date,
                  is_event: bool) -> Hit | None:
    assert mention.moment is not None
    if not (mention.due or is_event) or mention.moment.date() >= issued:
        return None  # a past date in a narrative ("10月18日召开的推进会") is fine
    what_zh, what_en = ("截止日期", "deadline") if mention.due else ("活动时间", "event")
    zh_year, en_year = _year_note(mention)
    return Hit(field.location,
               f"{what_zh}“{mention.raw}”（{mention.shown()}）早于成文日期{chinese_date(issued)}{zh_year}",
               f"the {what_en} “{mention.raw}” ({mention.iso()}) is before the document date "
               f"{issued.isoformat()}{en_year}",
               excerpt(field.text, mention.start, mention.end))


def _after_event(field: TextField, mention: DateMention, event: Event | None) -> Hit | None:
    if event is None or not mention.due or not mention.after(event[1]):
        return None
    if _AFTER_EVENT.search(_SENTENCE_END.split(field.text[: mention.start])[-1]):
        return None  # "会后…于12月1日前报送": meant to follow the event
    zh_year, en_year = _year_note(mention)
    return Hit(field.location,
               f"截止日期“{mention.raw}”（{mention.shown()}）晚于活动时间{event[1].shown()}{zh_year}",
               f"the deadline “{mention.raw}” ({mention.iso()}) is after the event on "
               f"{event[1].iso()}{en_year}",
               excerpt(field.text, mention.start, mention.end))


def _receipt_deadlines(package: Package, issued: dt.date, event: Event | None) -> Iterator[Hit]:
    """The 回执's own deadline field, checked like a deadline in the text."""
    for i, attachment in enumerate(package.attachments):
        if not isinstance(attachment, ReceiptForm) or attachment.deadline is None:
            continue
        due = attachment.deadline
        shown = chinese_datetime(due)
        stated = DateMention(0, 0, shown, shown, due, bool(due.hour or due.minute), True, True)
        where = f"attachments[{i}].deadline"
        if due.date() < issued:
            yield Hit(where, f"回执报送截止时间{shown}早于成文日期{chinese_date(issued)}",
                      f"the receipt is due {stated.iso()}, before the document date "
                      f"{issued.isoformat()}")
        elif event is not None and stated.after(event[1]):
            yield Hit(where, f"回执报送截止时间{shown}晚于活动时间{event[1].shown()}",
                      f"the receipt is due {stated.iso()}, after the event on {event[1].iso()}")


@rule("NK202", "print-date", "warning",
      "惯例：印发日期（GB/T 9704-2012 7.4.2）不早于成文日期 / practice: a document is printed "
      "on or after its date")
def print_date(package: Package) -> Iterator[Hit]:
    """A 印发日期 before the 成文日期: a document cannot be printed before it is dated."""
    notice = package.notice
    printed = notice.colophon.print_date
    if printed is not None and printed < notice.date:
        yield Hit("notice.colophon.print_date",
                  f"印发日期{chinese_date(printed)}早于成文日期{chinese_date(notice.date)}",
                  f"the printing date {printed.isoformat()} is before the document date "
                  f"{notice.date.isoformat()}")
