"""What a clerk fixes by hand in a pasted notice, done line by line and said in words.

* half-width ``, : ; ? !`` in Chinese text → ``， ： ； ？ ！``; ``(…)`` → ``（…）`` and
  ``"…"`` → ``“…”`` (in pairs) when the brackets or quotes hold or touch Chinese text; a
  "." that ends a Chinese sentence → ``。`` — never inside a URL or an e-mail address,
  never between digits (14:30, 1,000), never in Latin text;
* full-width digits ``２０２４`` → ``2024``;
* a single stray space between two Chinese characters is dropped ("通 知" → "通知");
  runs of several spaces are kept here: they separate joint authorities, table cells or
  the 印发机关 from the 印发日期, and the structure reader decides what they are;
* control characters a text field cannot hold (a form feed from a PDF copy) are dropped.

Each function returns the new text and the list of changes made, for the import notes.
"""

from __future__ import annotations

import re
from collections import Counter

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
_URL_OR_MAIL = re.compile(
    r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|[A-Za-z0-9._%+\-]+\s?@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"
)
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_PAREN = re.compile(r"\(([^()\n]*)\)")
_QUOTE = re.compile(r'"([^"\n]*)"')
# A "." after a Chinese character or closing mark, at the end or before more Chinese text.
_STOP = re.compile(rf"[{_HAN}”’）》」』%](\.)(?=\s*$|[{_HAN}“‘（《「『])")
_NUMBERING = re.compile(r"^\s*[（(]?[一二三四五六七八九十百零\d]{1,3}[）)]?$")
_MIN_SENTENCE = 4
_STRAY = re.compile(rf"(?<=[{_HAN}])[ \u00a0](?=[{_HAN}])")
_RUN = re.compile(rf"(?<=[{_HAN}])[ \u3000\u00a0]+(?=[{_HAN}])")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff"
                      "\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_HAN_RE = re.compile(f"[{_HAN}]")


def _is_chinese(ch: str) -> bool:
    return bool(ch) and (re.match(f"[{_HAN}{_CJK_PUNCT}]", ch) is not None)


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return _HAN_RE.search(text) is not None


def _punctuation(segment: str, changes: Counter[str]) -> str:
    out: list[str] = []
    n = len(segment)
    i = 0
    while i < n:
        ch = segment[i]
        if ch in _FULL:
            before = segment[:i].rstrip(" ")[-1:]
            after_text = segment[i + 1:]
            after = after_text.lstrip(" ")[:1]
            between_digits = before.isdigit() and after.isdigit() and ch in ",:"
            if not between_digits and (_is_chinese(before) or _is_chinese(after)):
                out.append(_FULL[ch])
                changes[f"“{ch}”→“{_FULL[ch]}”"] += 1
                # "甲, 乙" → "甲，乙": the space typed after a Latin comma goes with it.
                stripped = after_text.lstrip(" ")
                if _is_chinese(after):
                    i += 1 + len(after_text) - len(stripped)
                    continue
            else:
                out.append(ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _quotes(segment: str, changes: Counter[str]) -> str:
    """"申请表" → “申请表”: ASCII double quotes in pairs, around or beside Chinese text."""
    if segment.count('"') % 2:
        return segment  # an odd quote: which one opens cannot be told

    def fix(m: re.Match[str]) -> str:
        inner = m[1]
        before = segment[:m.start()][-1:]
        after = segment[m.end():][:1]
        if has_han(inner) or _is_chinese(before) or _is_chinese(after):
            changes['"…"→“…”'] += 1
            return f"“{inner}”"
        return m.group()

    return _QUOTE.sub(fix, segment)


def _full_stop(text: str, changes: Counter[str]) -> str:
    """A "." ending a Chinese sentence ("……申请表”." "……易发期.为……") → "。".

    Not the "." of a numbering prefix ("一.竞赛项目", "（一）."), nor one in a number.
    """
    def fix(m: re.Match[str]) -> str:
        if _NUMBERING.match(text[:m.start(1)]):
            return m.group()
        changes["“.”→“。”"] += 1
        return m.group().replace(".", "。")

    if len(text.strip()) <= _MIN_SENTENCE:
        return text
    return _STOP.sub(fix, text)


def _parens(segment: str, changes: Counter[str]) -> str:
    def fix(m: re.Match[str]) -> str:
        inner = m[1]
        before = segment[:m.start()][-1:]
        after = segment[m.end():][:1]
        if has_han(inner) or _is_chinese(before) or _is_chinese(after):
            changes["“( )”→“（ ）”"] += 1
            return f"（{inner}）"
        return m.group()

    return _PAREN.sub(fix, segment)


def _clerk(segment: str, changes: Counter[str]) -> str:
    # Brackets and quotes first: "（不仅限于此）:" then has Chinese before its colon.
    return _punctuation(_quotes(_parens(segment, changes), changes), changes)


def normalise_line(line: str) -> tuple[str, list[str]]:
    """Return ``line`` with the clerk's fixes made, and the changes as short phrases.

    Tabs and runs of spaces are kept (they may separate cells or names).
    """
    changes: Counter[str] = Counter()
    text = line
    cleaned = _CONTROL.sub("", text.replace("\x0c", "").replace("\u00a0", " "))
    if cleaned != text:
        changes["删除控制字符 / control characters dropped"] += 1
        text = cleaned
    digits = text.translate(_FULL_DIGITS)
    if digits != text:
        changes["全角数字改为半角 / full-width digits → 0-9"] += 1
        text = digits
    parts: list[str] = []
    pos = 0
    for m in _URL_OR_MAIL.finditer(text):
        parts.append(_clerk(text[pos:m.start()], changes))
        parts.append(m.group())
        pos = m.end()
    parts.append(_full_stop(_clerk(text[pos:], changes), changes))
    text = "".join(parts)
    stray = len(_STRAY.findall(text))
    if stray:
        text = _STRAY.sub("", text)
        changes["删除汉字间空格 / space between Chinese characters dropped"] += stray
    return text, _phrases(changes)


def join_runs(text: str) -> tuple[str, list[str]]:
    """Drop every run of spaces between two Chinese characters (inside a paragraph)."""
    runs = len(_RUN.findall(text))
    if not runs:
        return text, []
    return _RUN.sub("", text), [f"删除汉字间空格 / spaces between Chinese characters dropped ×{runs}"]


def _phrases(changes: Counter[str]) -> list[str]:
    return [f"{what} ×{n}" if n > 1 else what for what, n in changes.items()]
