"""Turn pydantic's ValidationError into problems a clerk can read (Chinese and English)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from notice_kit.errors import Problem

# Union tags pydantic puts into error locations; users never write them.
_TAGS = frozenset({"paragraph", "section", "list", "table", "document", "receipt", "file"})
_INTERNAL = frozenset({"function-before", "function-after", "function-wrap", "str", "int"})

_MESSAGES: dict[str, str] = {
    "missing": "缺少必填字段 / this field is required",
    "extra_forbidden": "未知字段（拼写错误？） / unknown field (a typo?)",
    "string_type": "应为文本 / expected text",
    "string_unicode": "含有无效字符（孤立的代理项） / contains an invalid character (a lone surrogate)",
    "int_type": "应为整数 / expected a whole number",
    "int_parsing": "应为整数 / expected a whole number",
    "bool_parsing": "应为 true 或 false / expected true or false",
    "list_type": "应为列表 / expected a list",
    "dict_type": "应为对象（键: 值） / expected a mapping (key: value)",
    "model_type": "应为对象（键: 值） / expected a mapping (key: value)",
    "model_attributes_type": "应为对象（键: 值） / expected a mapping (key: value)",
    "date_type": "应为日期，如 2024-10-25 / expected a date such as 2024-10-25",
    "date_parsing": "应为日期，如 2024-10-25 / expected a date such as 2024-10-25",
    "date_from_datetime_parsing": "应为日期，如 2024-10-25 / expected a date such as 2024-10-25",
    "date_from_datetime_inexact": "应为日期（不含时间） / expected a date without a time",
    "datetime_type": "应为时间，如 2024-11-19 16:00 / expected a date and time",
    "datetime_parsing": "应为时间，如 2024-11-19 16:00 / expected a date and time",
    "datetime_from_date_parsing": "应为时间，如 2024-11-19 16:00 / expected a date and time",
    "path_type": "应为文件路径 / expected a file path",
}


def location(loc: Sequence[int | str]) -> str:
    """Return a field path like ``attachments[1].columns`` from a pydantic location."""
    out = ""
    prev: int | str | None = None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif (part in _TAGS and isinstance(prev, int)) or part in _INTERNAL:
            pass  # a union tag after an index, or a validator wrapper
        else:
            out += f".{part}" if out else str(part)
        prev = part
    return out


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind in ("too_short", "too_long"):
        ctx: dict[str, Any] = dict(error.get("ctx", {}))
        if ctx.get("field_type") == "List":
            bound = ctx.get("min_length", ctx.get("max_length"))
            word = "至少" if kind == "too_short" else "至多"
            en = "at least" if kind == "too_short" else "at most"
            return f"{word}需要 {bound} 项 / needs {en} {bound} item(s)"
        if kind == "too_short":
            return "不能为空 / must not be empty"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"应为 {expected} 之一 / expected one of {expected}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{error['msg']} / 超出允许范围"
    text = _MESSAGES.get(kind)
    if text is None:
        return str(error["msg"])
    return text


def _shown_input(error: ErrorDetails) -> str:
    value = error.get("input")
    if error["type"] in ("missing", "value_error", "extra_forbidden") or isinstance(
        value, dict | list
    ):
        return ""
    text = repr(value)
    return f"（得到 / got {text if len(text) <= 40 else text[:37] + '...'}）"


def problems_from(exc: ValidationError, prefix: Sequence[int | str] = ()) -> list[Problem]:
    """Return one :class:`Problem` per error of ``exc``, with readable paths and messages."""
    return [
        Problem(location([*prefix, *e["loc"]]), _message(e) + _shown_input(e))
        for e in exc.errors(include_url=False)
    ]
