"""The document a "关于印发…的通知" prints, when a copy sets it after the 成文日期 unlabelled.

A notice that prints (印发, 转发, 颁发, 发布) a 方案 or 办法 carries it behind the closing;
web copies often drop the "附件" label and keep only the document's own title — wrapped
onto two or three lines, perhaps with the issuing region before it — and its body.  Such a
document is an attachment of the notice, not more of its body.
"""

from __future__ import annotations

import re

from notice_kit.importing.header import looks_like_title
from notice_kit.importing.lines import Line
from notice_kit.textparse import TERMINAL, split_prefix

_PRINTS = re.compile(r"关于(?:印发|转发|颁发|发布|下发)(?P<doc>.+?)的(?:通知|函)$")
_QUOTED = re.compile(r"《(?P<doc>[^《》]{2,80})》")
_MAX_TITLE_LINES = 3
_TITLE_LINE_MAX = 40
_MIN_MATCH = 4


def printed_names(title: str, body_text: str) -> list[str]:
    """The names of the documents the notice prints: from its title, and 《…》 in its body.

    Empty unless the title says the notice prints a document ("关于印发…的通知").
    """
    m = _PRINTS.search(title)
    if m is None:
        return []
    names = [m["doc"].strip("《》")]
    names += [q["doc"] for q in _QUOTED.finditer(body_text)]
    return [n for n in names if n]


def printed_title(lines: list[Line], names: list[str]) -> list[Line]:
    """The first of ``lines`` that make the printed document's title (empty: none).

    The title is one to three short lines without closing punctuation or numbering whose
    text, joined, names one of ``names`` (the region may stand before it, or the copy may
    leave it out), or at least ends as a title does (…方案, …办法); some body must follow.
    """
    if not names:
        return []
    filled = [ln for ln in lines if ln.text]
    joined = ""
    loose = 0
    for k, line in enumerate(filled[:_MAX_TITLE_LINES], start=1):
        text = line.text
        if text.endswith(TERMINAL) or split_prefix(text).level or len(text) > _TITLE_LINE_MAX:
            break
        joined += text
        if k == len(filled):
            break
        if any(joined.endswith(n) or (len(joined) >= _MIN_MATCH and n.endswith(joined))
               for n in names):
            return filled[:k]
        if not loose and looks_like_title(joined):
            loose = k
    return filled[:loose]
