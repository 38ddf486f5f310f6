"""Chinese official numbering: 一、 （一） 1． （1） and Chinese numerals.

Pure functions; the body tree stores no numbers, so inserting a section renumbers the rest
(GB/T 9704-2012 7.3.3: 结构层次序数依次可以用"一、""（一）""1．""（1）"标注).
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """Return ``n`` (1–9999) in Chinese numerals as used in headings: 1→一, 10→十, 21→二十一."""
    if not 1 <= n <= 9999:
        raise ValueError(f"chinese_numeral needs 1–9999, got {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out: list[str] = []
    zero_pending = False
    for value, name in units:
        digit, n = divmod(n, value)
        if digit:
            if zero_pending and out:
                out.append("零")
            out.append(_DIGITS[digit] + name)
            zero_pending = False
        elif out:
            zero_pending = True
    return "".join(out)


def parse_chinese_numeral(text: str) -> int:
    """Return the value of a Chinese numeral such as 十二 or 一百零三; raise ValueError."""
    if not text or any(ch not in _DIGITS + "十百千" for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, current = 0, 0
    for ch in text:
        if ch in "十百千":
            scale = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * scale
            current = 0
        else:
            current = _DIGITS.index(ch)
    return total + current


def heading_prefix(level: int, n: int) -> str:
    """Return the numbering prefix of the ``n``-th heading of ``level`` (1–4)."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}．"
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level must be 1–4, got {level}")
