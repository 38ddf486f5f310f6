"""Character classes and small text helpers shared by the rules."""

from __future__ import annotations

import re
import unicodedata

from notice_kit.numbering import parse_chinese_numeral

# Han ideographs (basic, extension A, compatibility).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation as set in Chinese text: CJK symbols (、。〈〉《》「」【】〔〕…),
# full-width forms (！（），：；？), and the quotes/dashes a CJK font sets full width.
WIDE_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·"
CHINESE = HAN + WIDE_PUNCT

_HAN_RE = re.compile(f"[{HAN}]")
_CHINESE_RE = re.compile(f"[{CHINESE}]")

EXCERPT_RADIUS = 8


def is_han(ch: str) -> bool:
    return bool(_HAN_RE.fullmatch(ch))


def is_chinese(ch: str) -> bool:
    """A Han character or full-width punctuation: what Chinese running text is made of."""
    return bool(_CHINESE_RE.fullmatch(ch))


def excerpt(text: str, start: int, end: int | None = None, radius: int = EXCERPT_RADIUS) -> str:
    """Return ``text[start:end]`` with up to ``radius`` characters either side, "…" where cut."""
    end = start if end is None else end
    a, b = max(0, start - radius), min(len(text), end + radius)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


def number_value(typed: str) -> int | None:
    """Return the value of a typed number: 3, ３ or 三; None when it is neither."""
    digits = unicodedata.normalize("NFKC", typed)
    if digits.isdigit():
        return int(digits)
    try:
        return parse_chinese_numeral(typed)
    except ValueError:
        return None
