"""Template strings that only look values up, rendered without Jinja.

Nearly every template in notice data is ``{{ name }}``, ``{{ a.b }}`` or
``{{ a.b | cn_month_day }}`` inside running text.  Importing Jinja2 and compiling each
expression is ~8 % of a ``.docx``-only build of the quarterly notice; these forms are
evaluated here instead, by the rules Jinja's immutable sandbox applies to them:

- a name is looked up in the variables (never a literal such as ``none`` or a Jinja global);
- ``.key`` on a mapping is the value under ``key`` when the mapping has no attribute of
  that name (``{{ d.items }}`` is the method in Jinja, so it is left to Jinja);
- each filter is one of :data:`notice_kit.templating.FILTERS`, given no arguments;
- in running text each value is written as ``str(value)``; a string that is one expression
  alone takes the value itself.

Anything else — other syntax, a missing name or key, an object other than a plain
mapping, a filter that refuses its value, a carriage return (Jinja normalises newlines) —
returns :data:`MISS`, and the caller renders the string with Jinja, which then gives the
result or the error message it always gave.  ``tests/templating/test_lookup.py`` compares
the two on every template of the examples and on edge cases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

MISS: Final = object()
"""Returned when Jinja must render the string."""

_NAME = r"[A-Za-z][A-Za-z0-9_]*"  # no leading "_": the sandbox refuses such attributes
_EXPRESSION = re.compile(rf"\s*({_NAME}(?:\.{_NAME})*)\s*((?:\|\s*{_NAME}\s*)*)")
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# Names Jinja's parser reads as constants or operators, not as variables.
_RESERVED = frozenset({"true", "false", "none", "True", "False", "None", "and", "or", "not",
                       "in", "is", "if", "else"})


def lookup(text: str, variables: Mapping[str, Any],
           filters: Mapping[str, Callable[[Any], str]], *, alone: str | None) -> Any:
    """Return ``text`` rendered, or :data:`MISS` when it needs Jinja.

    ``alone`` is the expression when ``text`` is that one expression alone (its value is
    returned as it is); otherwise ``text`` is running text with ``{{ … }}`` placeholders.
    """
    if "{%" in text or "{#" in text or "\r" in text:
        return MISS
    if alone is not None:
        return _evaluate(alone, variables, filters)
    pieces: list[str] = []
    end = 0
    for match in _PLACEHOLDER.finditer(text):
        literal = text[end:match.start()]
        if "{{" in literal:
            return MISS
        value = _evaluate(match[1], variables, filters)
        if value is MISS:
            return MISS
        pieces += (literal, str(value))
        end = match.end()
    rest = text[end:]
    if "{{" in rest:
        return MISS
    pieces.append(rest)
    return "".join(pieces)


def _evaluate(expression: str, variables: Mapping[str, Any],
              filters: Mapping[str, Callable[[Any], str]]) -> Any:
    match = _EXPRESSION.fullmatch(expression)
    if match is None:
        return MISS
    name, *keys = match[1].split(".")
    if name in _RESERVED or name not in variables:
        return MISS
    value = variables[name]
    for key in keys:
        # Jinja tries the attribute first: only a plain dict without one is looked into.
        if type(value) is not dict or hasattr(value, key) or key not in value:
            return MISS
        value = value[key]
    for filter_name in filter(None, (f.strip() for f in match[2].split("|"))):
        f = filters.get(filter_name)
        if f is None:
            return MISS
        try:
            value = f(value)
        except Exception:  # Jinja renders it again and words the error as always
            return MISS
    return value
