"""Fonts of a notice read back: which typeface a font name stands for (仿宋, 黑体, …),
the dominant font of a paragraph, and red ink (GB/T 9704 5.2.2, 5.2.4)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from notice_kit.convert.fonts import Role
from notice_kit.inspect.model import Span

# Names (lower-cased) that tell a typeface's role: Chinese names in a .docx, the faces of
# Windows, WPS and 方正 (FZFSK = 方正仿宋_GBK …), and the free faces notice_kit renders with.
# Order matters: 小标宋 and 仿宋 before 宋; Latin faces before "serif".
_ROLE_KEYS: tuple[tuple[Role, tuple[str, ...]], ...] = (
    (Role.LATIN_SERIF, ("times", "liberation", "dejavu", "arial", "calibri", "helvetica",
                        "cambria", "georgia")),
    (Role.XIAOBIAOSONG, ("小标宋", "xiaobiaosong", "xbs", "biaosong")),
    (Role.FANGSONG, ("仿宋", "fangsong", "fandolfang", "fzfs", "fang")),
    (Role.KAI, ("楷", "kai", "fzkt")),
    (Role.HEI, ("黑", "hei", "sans", "fzht", "dengxian", "等线")),
    (Role.SONG, ("宋", "song", "simsun", "serif", "ming")),
)
_HEAVY = ("bold", "black", "heavy")


def font_role(name: str | None) -> Role | None:
    """Return the typeface role a font name stands for, or None when unknown.

    A heavy serif CJK face (Noto Serif CJK Bold, what notice_kit renders 小标宋 with)
    counts as 小标宋: no free face is closer.
    """
    if not name:
        return None
    folded = name.lower().replace(" ", "")
    for role, keys in _ROLE_KEYS:
        if any(k in folded for k in keys):
            if role is Role.SONG and "cjk" in folded and any(h in folded for h in _HEAVY):
                return Role.XIAOBIAOSONG
            return role
    return None


def role_name(role: Role | str | None) -> str:
    """The Chinese name of a role, for messages: fangsong → 仿宋."""
    names = {"xiaobiaosong": "小标宋", "fangsong": "仿宋", "hei": "黑体", "kai": "楷体",
             "song": "宋体", "latin_serif": "Times"}
    return names.get(str(role), str(role))


def is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") and not ch.isspace()


def dominant(spans: Iterable[Span]) -> Span | None:
    """Return the span whose font covers most Chinese characters (most characters if
    there are none): the paragraph's font, whatever its digits are set in."""
    weight: Counter[tuple[str | None, float | None, str | None, bool]] = Counter()
    fallback: Counter[tuple[str | None, float | None, str | None, bool]] = Counter()
    for s in spans:
        key = (s.font, s.size_pt, s.color, s.bold)
        weight[key] += sum(1 for ch in s.text if is_cjk(ch))
        fallback[key] += len(s.text.strip())
    best = weight if sum(weight.values()) else fallback
    if not best or not sum(best.values()):
        return None
    font, size, color, bold = best.most_common(1)[0][0]
    return Span(text="", font=font, size_pt=size, color=color, bold=bold)


def is_red(color: str | None) -> bool:
    """Tell whether an "RRGGBB" colour is the red of a mark or rule (GB/T 9704 5.2.4)."""
    if not color or not re.fullmatch(r"[0-9A-Fa-f]{6}", color):
        return False
    r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    return r > 180 and g < 100 and b < 100


def role_value(font: str | None) -> str | None:
    """The role's value ("fangsong") of a font name, or None when unknown."""
    role = font_role(font)
    return role.value if role else None
