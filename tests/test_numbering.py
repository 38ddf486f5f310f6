"""Chinese numbering (GB/T 9704-2012 7.3.3: 一、 （一） 1． （1））."""

from __future__ import annotations

import pytest

from notice_kit.numbering import chinese_numeral, heading_prefix, parse_chinese_numeral


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"),
     (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (1005, "一千零五")],
)
def test_numerals_round_trip(n: int, text: str) -> None:
    assert chinese_numeral(n) == text
    assert parse_chinese_numeral(text) == n


def test_prefixes_by_level() -> None:
    assert [heading_prefix(level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3．", "（3）"]


def test_out_of_range() -> None:
    with pytest.raises(ValueError):
        heading_prefix(5, 1)
    with pytest.raises(ValueError):
        chinese_numeral(0)
