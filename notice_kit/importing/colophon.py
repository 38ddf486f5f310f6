"""版记 (GB/T 9704-2012 7.4): "抄送：…" (perhaps wrapped) and "印发机关    日期印发"."""

from __future__ import annotations

import re
from typing import Any

from notice_kit.importing.common import split_names
from notice_kit.importing.dates import DATE_TEXT, find_date
from notice_kit.importing.lines import Line, line_span
from notice_kit.importing.result import ImportNote

CC_LEAD = re.compile(r"^抄\s*送\s*[：:]\s*")
PRINT_LINE = re.compile(rf"^(?P<printer>.+?)[\s\u3000]*(?P<date>{DATE_TEXT})[\s\u3000]*印\s*发$")


def colophon_indices(lines: list[Line]) -> list[int]:
    """The indices of the 版记 lines in ``lines``: 抄送 with its wrapped lines, the print line."""
    found: list[int] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        if CC_LEAD.match(text):
            found.append(i)
            # A wrapped 抄送 continues until its full stop, the print line or a blank line.
            while not lines[found[-1]].text.endswith(("。", ".")) and i + 1 < len(lines) \
                    and lines[i + 1].text and not PRINT_LINE.match(lines[i + 1].text) \
                    and not CC_LEAD.match(lines[i + 1].text) and len(found) < 40:
                i += 1
                found.append(i)
        elif PRINT_LINE.match(text):
            found.append(i)
        i += 1
    return found


def read_colophon(lines: list[Line], notes: list[ImportNote]) -> dict[str, Any]:
    """Return the ``colophon`` mapping of the 版记 lines (as found by :func:`colophon_indices`)."""
    data: dict[str, Any] = {}
    cc: list[str] = []
    for line in lines:
        text = line.text
        if m := PRINT_LINE.match(text):
            day = find_date(m["date"])
            if day is None:
                continue
            data["printer"], data["print_date"] = m["printer"].strip(" \u3000\t"), day.date
            if day.chinese:
                notes.append(ImportNote("notice.colophon.print_date", f"{line_span([line])}：印发日期"
                                        f"“{day.text}”改为阿拉伯数字 / Chinese-numeral date "
                                        "converted", day.date.isoformat()))
        else:
            cc.append(CC_LEAD.sub("", text))
    if cc:
        data["cc"] = split_names("".join(cc))
        if len(cc) > 1:
            notes.append(ImportNote("notice.colophon.cc", f"{line_span(lines[:len(cc)])}：抄送"
                                    f"跨 {len(cc)} 行，已合并 / a wrapped 抄送 joined"))
    return data
