"""The conventions of GB/T 9704-2012 that name a notice's parts: patterns for the 份号,
密级, 紧急程度, 发文字号, 附件说明, dates and the 版记, and heading numbers."""

from __future__ import annotations

import re

from notice_kit.numbering import parse_chinese_numeral
from notice_kit.textparse import ParsedLine, split_prefix

COPY_NUMBER = re.compile(r"\d{6}")  # 7.2.1
SECRECY = re.compile(r"(绝密|机密|秘密)(★.*)?")  # 7.2.2
URGENCY = re.compile(r"特急|加急|特提|平急")  # 7.2.3
# 7.2.5, loosely: any brackets round a year and a number ending in 号, so that the check
# can say what is wrong with 扬教发(2024)08号.
DOC_NUMBER = re.compile(r"\S*?[〔\[［【(（]\s*\d{2,4}\s*[〕\]］】)）]\s*第?\s*\d+\s*号")
SIGNER_LEAD = "签发人"
MARK_MIN_PT = 26  # 一号: the mark is set larger than any title (二号, 22 pt)
ATTACHMENT_LABEL = re.compile(r"附\s*件\s*(?P<n>\d*)\s*[：:]?")  # 7.3.7: 附件2
ATTACHMENT_NOTE = re.compile(r"附\s*件\s*[：:]\s*(?P<rest>\S.*)", re.S)  # 7.3.4
NOTE_ENTRY = re.compile(r"(?P<n>\d+)\s*[.．、]\s*(?P<title>.*)", re.S)
_DIGITS = r"[\d〇○零一二三四五六七八九十]"
DATE = re.compile(rf"{_DIGITS}{{4}}\s*年\s*{_DIGITS}{{1,3}}\s*月\s*{_DIGITS}{{1,3}}\s*日")
PRINT_LINE = re.compile(rf".*{DATE.pattern}\s*印发")  # 7.4.3
CC_LEAD = re.compile(r"抄\s*送\s*[：:]")  # 7.4.2
SENTENCE_END = tuple("。；，！？：")


_FULL_POINT_ITEM = re.compile(r"(?P<n>\d{1,3})\s*．\s*(?=\S)")


def parse_heading_prefix(text: str) -> tuple[ParsedLine, str] | None:
    """Return the numbering of a heading line and its prefix as printed, or None."""
    parsed = split_prefix(text)
    if parsed.level == 0 and (m := _FULL_POINT_ITEM.match(text)):
        # split_prefix reads "1.12" as a decimal; after a full-width "．" it is an item:
        # "1．12月10日前完成自查".
        parsed = ParsedLine(3, m["n"], text[m.end():])
    if parsed.level == 0 or parsed.number is None:
        return None
    return parsed, text[: len(text) - len(parsed.text)]


def number_value(number: str) -> int:
    """Return the value of a heading number's digits: 十二 → 12, 3 → 3."""
    return int(number) if number.isdigit() else parse_chinese_numeral(number)
