"""Typography of Chinese text: half-width punctuation and stray spaces.

Chinese running text takes full-width punctuation (GB/T 15834-2011 标点符号用法) and
no spaces between characters; both slips come from typing on an English keyboard or
from extracted text.  URLs, e-mail addresses, times (14:00) and numbers (1,000; 3.79)
keep their half-width characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from notice_kit.lint.fields import TextField, all_fields
from notice_kit.lint.registry import Hit, rule
from notice_kit.lint.text import CHINESE, HAN, WIDE_PUNCT, excerpt, is_chinese
from notice_kit.models import Package

FULL_WIDTH = {":": "：", ",": "，", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）",
              ".": "。", '"': "“”"}
# Spans where half-width punctuation is right.
_KEEP = re.compile(
    r"(?:https?://|www\.)[^\s，。；、）]+"  # URL
    r"|[\w.+-]+\s*@\s*[\w-]+(?:\.[\w-]+)+"  # e-mail, even with a stray space around @
    r"|\d{1,2}:\d{2}(?::\d{2})?"  # time
    r"|\d[\d,.]*\d"  # 1,000  3.79  1.2.3
)
_PAREN = re.compile(r"\(([^()]*)\)")
_SINGLE = re.compile(r"""[:,;?!."]""")
_PAREN_SINGLE = re.compile(r"[()]")  # one left unpaired
_SPACE = "[ \t\u3000]+"
_STRAY_SPACES = (
    # First: an ideographic space is named as such wherever it stands.
    (re.compile("\u3000+"), "全角空格", "(ideographic space U+3000)"),
    (re.compile(f"(?<=[{HAN}]){_SPACE}(?=[{HAN}])"), "汉字之间", "between Chinese characters"),
    (re.compile(f"(?<=[{WIDE_PUNCT}]){_SPACE}|{_SPACE}(?=[{WIDE_PUNCT}])"),
     "全角标点前后", "next to full-width punctuation"),
    (re.compile(r"(?<=[\w.+-])\s+(?=@)|(?<=@)\s+(?=\w)"), "电子邮箱中", "inside an e-mail address"),
    (re.compile(r"(?<=\d[.．,])\s+(?=\d)|(?<=\d)\s+(?=[.．]\d)"), "数字中", "inside a number"),
)

TYPOGRAPHY = "GB/T 15834-2011 标点符号用法：中文文本使用全角标点"


def _kept(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _KEEP.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _chinese_at(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and is_chinese(text[pos])


def halfwidth_marks(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, mark) of each half-width mark set in Chinese text."""
    kept = _kept(text)
    paired: set[int] = set()
    for m in _PAREN.finditer(text):
        if _inside(m.start(), kept):
            continue
        around = _chinese_at(text, m.start() - 1) or _chinese_at(text, m.end())
        if around or re.search(f"[{CHINESE}]", m.group(1)):
            paired.update((m.start(), m.end() - 1))
            yield m.start(), m.end(), "()"
    for m in _SINGLE.finditer(text):
        pos = m.start()
        if pos in paired or _inside(pos, kept):
            continue
        mark = m.group()
        before, after = _chinese_at(text, pos - 1), _chinese_at(text, pos + 1)
        # A full stop only ends a Chinese sentence: "学校." but not "e.g." or "No.1".
        if (mark == "." and before and _sentence_end(text, pos + 1)) or (
            mark != "." and (before or after)
        ):
            yield pos, pos + 1, mark
    for m in _PAREN_SINGLE.finditer(text):
        pos = m.start()
        if pos not in paired and not _inside(pos, kept) and (
            _chinese_at(text, pos - 1) or _chinese_at(text, pos + 1)
        ):
            yield pos, pos + 1, m.group()


def _sentence_end(text: str, pos: int) -> bool:
    rest = text[pos:].lstrip(" \t")
    return not rest or is_chinese(rest[0])


def _suggest(mark: str) -> str:
    if mark == "()":
        return "（）"
    return FULL_WIDTH.get(mark, mark)


@rule("NK401", "halfwidth-punctuation", "warning", TYPOGRAPHY)
def halfwidth_punctuation(package: Package) -> Iterator[Hit]:
    """":" "," "()" ";" "?" "!" in Chinese text (but not in 14:00, 1,000, URLs, e-mail)."""
    for field in all_fields(package):
        for start, end, mark in sorted(halfwidth_marks(field.text)):
            good = _suggest(mark)
            yield Hit(field.location, f"中文里用了半角“{mark}”，应为全角“{good}”",
                      f'half-width "{mark}" in Chinese text: use "{good}"',
                      excerpt(field.text, start, end))


def stray_spaces(field: TextField) -> Iterator[tuple[int, int, str, str]]:
    """Yield (start, end, where in Chinese, where in English) of each stray space."""
    seen: set[int] = set()
    for pattern, zh, en in _STRAY_SPACES:
        for m in pattern.finditer(field.text):
            if m.start() not in seen:
                seen.add(m.start())
                yield m.start(), m.end(), zh, en


@rule("NK402", "stray-space", "warning",
      "中文文本字间不加空格；电子邮箱、数字中不能有空格 / no spaces inside Chinese text, "
      "e-mail addresses or numbers")
def stray_space(package: Package) -> Iterator[Hit]:
    """"yzsjyjabc @126.com", "4亿人次。 “江苏", "41. 7%"."""
    for field in all_fields(package):
        for start, end, zh, en in sorted(stray_spaces(field)):
            yield Hit(field.location, f"多余的空格（{zh}）", f"stray space {en}",
                      excerpt(field.text, *_latin_word(field.text, start, end)))


def _latin_word(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span over the Latin letters and digits around it, so that an excerpt
    shows a whole e-mail address or number."""
    while start > 0 and text[start - 1].isascii() and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and text[end].isascii() and not text[end].isspace():
        end += 1
    return start, end
