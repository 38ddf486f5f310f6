"""Dates as clerks write them: 2024年10月28日, or in Chinese numerals 二〇〇九年四月十七日."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from notice_kit.numbering import parse_chinese_numeral

# The year digit by digit (〇 ○ 零 and a Latin O all occur for zero), month and day as numbers.
_YEAR_DIGITS = {**{c: i for i, c in enumerate("〇一二三四五六七八九")},
                "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0}
# A zero typed as a digit among Chinese numerals (二0一六年) occurs too.
_CN_YEAR = "(?=[0-9]{0,3}[〇○零ＯOo一二三四五六七八九])[〇○零ＯOo0一二三四五六七八九]{4}"
_CN_NUM = "[一二三四五六七八九十]{1,3}"
_S = r"[ \u3000]*"
DATE_TEXT = (rf"(?P<y>\d{{4}}|{_CN_YEAR}){_S}年{_S}(?P<m>\d{{1,2}}|{_CN_NUM}){_S}月"
             rf"{_S}(?P<d>\d{{1,2}}|{_CN_NUM}){_S}日")
_DATE = re.compile(DATE_TEXT)
_DATE_LINE = re.compile(rf"^{_S}{DATE_TEXT}{_S}$")


@dataclass(frozen=True)
class FoundDate:
    """A date read from text: the date, the text it was read from, whether in Chinese numerals."""

    date: dt.date
    text: str
    chinese: bool


def _number(text: str) -> int:
    return int(text) if text.isdigit() and text.isascii() else parse_chinese_numeral(text)


def find_date(text: str) -> FoundDate | None:
    """Return the first date in ``text`` (Arabic or Chinese numerals), or None.

    A date that does not exist (2024年2月30日: a slip in the source) is None too.
    """
    m = _DATE.search(text)
    if m is None:
        return None
    year = m["y"]
    chinese = not year.isascii() or not (m["m"].isascii() and m["d"].isascii())
    try:
        y = int(year) if year.isdigit() and year.isascii() else \
            int("".join(str(_YEAR_DIGITS[c]) for c in year))
        return FoundDate(dt.date(y, _number(m["m"]), _number(m["d"])), m.group(), chinese)
    except (ValueError, KeyError):
        return None


def is_date_line(line: str) -> bool:
    """Whether ``line`` is a date and nothing else (the 成文日期 line)."""
    return _DATE_LINE.match(line) is not None and find_date(line) is not None


def chinese_date(day: dt.date) -> str:
    """2009年4月17日: the way GB/T 9704-2012 7.3.5 writes a date."""
    return f"{day.year}年{day.month}月{day.day}日"
