"""Text widths in character cells, as laid out on the GB/T 9704 grid.

A full-width character (CJK, full-width punctuation) takes one cell; digits, Latin
letters and half-width punctuation take half a cell in the standard Chinese faces.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def char_width(ch: str) -> float:
    """Return the width of ``ch`` in cells: 1 for wide characters, 0.5 for narrow ones.

    East-Asian "ambiguous" characters (— “ ” …) count 1 because a CJK font sets them
    full width; combining marks and format controls take no room.
    """
    if unicodedata.category(ch) in {"Mn", "Me", "Cc", "Cf"}:
        return 0.0
    return 1.0 if unicodedata.east_asian_width(ch) in {"W", "F", "A"} else 0.5


def text_width(text: str) -> float:
    """Return the width of ``text`` in character cells."""
    return sum(char_width(ch) for ch in text)


def is_gb2312_text(text: str) -> bool:
    """Tell whether every character of ``text`` is in GB 2312."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=8192)
def is_gb2312(ch: str) -> bool:
    """Tell whether ``ch`` is in GB 2312 (which the 仿宋_GB2312 / 楷体_GB2312 faces cover)."""
    if ch.isascii():
        return True
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# Word and LibreOffice both put a little space where CJK text meets Latin letters or
# digits ("2024年" → "2024 年"); LibreOffice ignores w:autoSpaceDE when importing .docx,
# so notice_kit leaves it on everywhere and counts it.  Measured in LibreOffice's PDF:
# 3.2 pt at 三号, a fifth of a cell.
AUTOSPACE_CELLS = 0.2


def set_width(text: str) -> float:
    """Return the width ``text`` takes when set, in cells, CJK/Latin spacing included."""
    transitions = sum(
        1 for a, b in itertools.pairwise(text)
        if _is_latin(a) != _is_latin(b) and not _is_neutral(a) and not _is_neutral(b)
    )
    return text_width(text) + AUTOSPACE_CELLS * transitions


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_neutral(ch: str) -> bool:
    # Spaces and punctuation do not trigger the spacing.
    return not ch.isalnum()


# Latin letters and digits in the title face are wider than half a cell: measured on Noto
# Serif CJK SC Bold, the 小标宋 substitute (advance widths in ems, averaged): digits 0.58,
# lower case 0.59, capitals 0.73, "." 0.34.  Counting them so keeps a computed title line
# from being wrapped again by LibreOffice ("…一般国际会议计划 / 表.doc"); with the real
# 方正小标宋, whose Latin is narrower, a line only comes out a little short.
_TITLE_LATIN = {"digit": 0.58, "lower": 0.59, "upper": 0.73, "other": 0.4}


def title_set_width(text: str) -> float:
    """Return the width ``text`` takes when set in the title face, in cells of its size,
    CJK/Latin spacing included."""
    width = 0.0
    for ch in text:
        if ch.isascii() and not ch.isspace():
            kind = ("digit" if ch.isdigit() else "lower" if ch.islower()
                    else "upper" if ch.isupper() else "other")
            width += _TITLE_LATIN[kind]
        else:
            width += char_width(ch)
    return width + set_width(text) - text_width(text)
