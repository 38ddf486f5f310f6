"""Small value types shared by the models: file paths, dates, validated strings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationInfo, WithJsonSchema

from notice_kit.models.body import Block, section_levels
from notice_kit.models.text import clean_text


def _resolve(value: Path, info: ValidationInfo) -> Path:
    # A NUL byte makes every file operation raise ValueError: refuse it here, clearly.
    if "\x00" in str(value):
        raise ValueError("路径含有空字符 / the path contains a NUL character")
    if str(value) in ("", "."):
        raise ValueError("路径不能为空 / the path must not be empty")
    # Relative paths in a data file mean "next to the data file"; the loader passes
    # that folder as validation context.  Resolution is pure: existence is the
    # loader's business.
    base = (info.context or {}).get("base_dir") if isinstance(info.context, dict) else None
    if base is not None and not value.is_absolute():
        return Path(base) / value
    return value


DataPath = Annotated[Path, AfterValidator(_resolve)]
"""A path in a data file, relative to the data file's folder."""


def _text(value: Any) -> Any:
    # YAML reads 87366433 or 2024 as numbers; in a text field they mean the digits.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return clean_text(value) if isinstance(value, str) else value


def _required_text(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and not value:
        raise ValueError("不能为空 / must not be empty")
    return value


Text = Annotated[str, BeforeValidator(_required_text)]
"""A non-empty single-paragraph text: stripped, line breaks joined, control chars refused."""

PlainText = Annotated[str, BeforeValidator(_text)]
"""Like :data:`Text`, but may be empty."""

def _name(value: Any) -> Any:
    # 主送/抄送 names: the renderer adds the separators and the final "：" or "。".
    value = _required_text(value)
    return value.rstrip("：:，,、；;。").rstrip() or value if isinstance(value, str) else value


Name = Annotated[str, BeforeValidator(_name)]


def _str_list(value: Any) -> Any:
    # A single name is as natural to write as a list of one.
    return [value] if isinstance(value, str) else value


TextList = Annotated[
    list[Name],
    BeforeValidator(_str_list),
    WithJsonSchema(
        {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    ),
]
"""A list of names; one name may be written without the list."""


def chinese_date(day: dt.date) -> str:
    """Return ``day`` the official way, in Arabic numerals without padding: 2024年10月25日.

    GB/T 9704-2012 7.3.5.4: 成文日期用阿拉伯数字将年、月、日标全，月、日不编虚位.
    """
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_datetime(moment: dt.datetime) -> str:
    """Return ``moment`` as 2024年11月19日16:00 (time omitted at midnight)."""
    if moment.hour == 0 and moment.minute == 0:
        return chinese_date(moment.date())
    return f"{chinese_date(moment.date())}{moment.hour}:{moment.minute:02d}"


def _parse_text_body(value: Any) -> Any:
    # Imported here: the parser builds blocks, and blocks know nothing of parsing.
    from notice_kit.textparse import parse_body

    return parse_body(value) if isinstance(value, str) else value


def _check_levels(value: list[Block]) -> list[Block]:
    for _ in section_levels(value):
        pass
    return value


Body = Annotated[
    list[Block], BeforeValidator(_parse_text_body), AfterValidator(_check_levels)
]
"""A body: a list of blocks, or plain text with 一、（一）1．（1） prefixes to parse."""
