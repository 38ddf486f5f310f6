"""Dates as clerks write them: 2025-04-09, 2025-4-9, 2025/4/9, 2025.4.9 and 2025年4月9日.

The same parsing serves the models (``notice.date``, ``colophon.print_date``, a receipt's
``deadline``) and the template filters (``cn_date``), so a date that validates in one
place formats in the other.  An impossible date (2025-04-31) is refused with the date named.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator

_DATE = (r"(?P<y>\d{4})\s*(?:[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})"
         r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日?)")
_TIME = r"(?:\s*[T ]?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})\s*(?:[:：]\s*(?P<S>\d{2}))?\s*分?)?"
_DATE_RE = re.compile(_DATE)
_DATETIME_RE = re.compile(_DATE + _TIME)

DATE_EXAMPLES = "2025-04-09、2025-4-9、2025/4/9、2025年4月9日"


class ImpossibleDate(ValueError):
    """A date in a recognised form that does not exist (2025-04-31, 2025-13-01)."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        super().__init__(f"不存在的日期：{text}（{_zh(reason)}） / no such date: {text} ({reason})")


def _zh(reason: str) -> str:
    if "month must be" in reason:
        return "月份应为 1–12"
    if "day is out of range" in reason:
        return "该月没有这一天"
    if "hour must be" in reason or "minute must be" in reason or "second must be" in reason:
        return "时间超出范围"
    return reason


def _normal(text: str) -> str:
    # Full-width digits and colons (２０２５年４月９日) are what a Chinese IME types.
    return unicodedata.normalize("NFKC", text).strip()


def parse_date(text: str) -> dt.date | None:
    """Return the date ``text`` writes in one of the accepted forms, or None if it is in
    none of them.  Raises :class:`ImpossibleDate` (a ValueError) for a date that does not
    exist, such as 2025-04-31."""
    found = _DATE_RE.fullmatch(_normal(text))
    if found is None:
        return None
    y, m, d = found["y"], found["m"] or found["m2"], found["d"] or found["d2"]
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError as exc:
        raise ImpossibleDate(text.strip(), str(exc)) from None


def parse_datetime(text: str) -> dt.datetime | None:
    """Return the moment ``text`` writes (a date, optionally a time such as 14:00 or 9:30),
    or None if it is in no accepted form.  Raises :class:`ImpossibleDate` for a date or a
    time that does not exist."""
    found = _DATETIME_RE.fullmatch(_normal(text))
    if found is None:
        return None
    y, m, d = found["y"], found["m"] or found["m2"], found["d"] or found["d2"]
    try:
        return dt.datetime(int(y), int(m), int(d), int(found["H"] or 0), int(found["M"] or 0),
                           int(found["S"] or 0))
    except ValueError as exc:
        raise ImpossibleDate(text.strip(), str(exc)) from None


def _date(value: Any) -> Any:
    if isinstance(value, str):
        parsed = parse_date(value)
        return value if parsed is None else parsed
    return value


def _datetime(value: Any) -> Any:
    if isinstance(value, str):
        parsed = parse_datetime(value)
        return value if parsed is None else parsed
    return value


Date = Annotated[dt.date, BeforeValidator(_date)]
"""A date: ISO, 2025-4-9, 2025/4/9 or 2025年4月9日; an impossible one is refused."""

DateTime = Annotated[dt.datetime, BeforeValidator(_datetime)]
"""A date with an optional time: 2025-4-9 14:00, 2025年4月9日14:00, or ISO."""
