"""Checking the values of a reply, column by column.

Values are compared in NFKC form (full-width digits and letters become ASCII) with the
separators people type inside numbers (spaces, hyphens) removed.  A check never changes
what it is given beyond that: a wrong value is reported and kept as typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal

ColumnKind = Literal["number", "name", "mobile", "phone", "id", "email", "text"]

_MOBILE = re.compile(r"1[3-9]\d{9}")
# A landline with or without its area code, or an extension: 0514-87366433, 87366433-801.
_LANDLINE = re.compile(r"(0\d{2,3})?\d{7,8}(转?\d{1,5})?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_SEPARATORS = re.compile(r"[\s\-‐‑–—－]+")


def column_kind(name: str) -> ColumnKind:
    """Return what a column named ``name`` holds, from the words in its name."""
    n = normalize(name).replace(" ", "")
    if n in {"序号", "编号", "序"}:
        return "number"
    if "身份证" in n or "证件号" in n:
        return "id"
    if "手机" in n:
        return "mobile"
    if "电话" in n or "联系方式" in n:
        return "phone"
    if "邮箱" in n or "mail" in n.lower():
        return "email"
    if n in {"姓名", "名字", "联系人", "参会人员", "参加人员"}:
        return "name"
    return "text"


def normalize(text: str) -> str:
    """Return ``text`` in NFKC form with its ends and inner runs of whitespace tidied."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[ \t\r\n\u00a0]+", " ", text).strip()


def clean(kind: ColumnKind, text: str) -> str:
    """Return the value a column of ``kind`` keeps: normalised, and a mobile or ID number
    typed in groups (``138 1234 5678``, ``139-0000-0006``) without the separators; other
    values (two numbers in one cell, a short one) stay as typed, to be reported."""
    value = normalize(text)
    joined = _SEPARATORS.sub("", value)
    if kind == "mobile" and len(joined) == 11:
        return joined
    if kind == "id" and len(joined) == 18:
        return joined.upper()
    return value


def problem(kind: ColumnKind, value: str) -> str | None:
    """Return what is wrong with a cleaned ``value`` of a ``kind`` column, or None."""
    if not value:
        return None
    if kind == "mobile":
        return _mobile_problem(value)
    if kind == "phone":
        if _MOBILE.fullmatch(value) or _LANDLINE.fullmatch(_SEPARATORS.sub("", value)):
            return None
        return f"电话号码格式不对：{value} / not a phone number: {value}"
    if kind == "id":
        return id_problem(value)
    if kind == "email" and not _EMAIL.fullmatch(value):
        return f"邮箱格式不对：{value} / not an e-mail address: {value}"
    if kind == "name" and " " in value:
        return f"姓名中有空格：{value!r} / the name contains a space: {value!r}"
    return None


def _mobile_problem(value: str) -> str | None:
    digits = _SEPARATORS.sub("", value)
    if digits.isdigit() and len(digits) != 11:
        return (f"手机号码应为 11 位，此处 {len(digits)} 位：{value} / "
                f"a mobile number is 11 digits, got {len(digits)}: {value}")
    if not value.isdigit():
        return f"手机号码应为 11 位数字：{value} / a mobile number is 11 digits: {value}"
    if len(value) != 11:
        return (f"手机号码应为 11 位，此处 {len(value)} 位：{value} / "
                f"a mobile number is 11 digits, got {len(value)}: {value}")
    if not _MOBILE.fullmatch(value):
        return f"不是手机号码（应以 13–19 开头）：{value} / not a mobile number: {value}"
    return None


def id_problem(value: str) -> str | None:
    """Return what is wrong with an 18-character resident ID number, or None."""
    if len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return (f"身份证号码应为 18 位（17 位数字加校验位）：{value}（{len(value)} 位） / "
                f"an ID number is 17 digits and a check character, got {len(value)}: {value}")
    expected = id_check_digit(value[:17])
    if value[17] != expected:
        return (f"身份证号码校验位不对：{value}（应为 {expected}） / "
                f"ID number check digit is {value[17]}, should be {expected}: {value}")
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return f"身份证号码中的出生日期无效：{value[6:14]} / no such birth date in the ID: {value}"
    return None


def id_check_digit(first17: str) -> str:
    """Return the check character of an ID number's first 17 digits (GB 11643-1999)."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]
