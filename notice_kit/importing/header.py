"""版头 read from the first lines of a text (GB/T 9704-2012 7.2).

Before the title a copy may carry 份号 (six digits), 密级 (机密★1年), 紧急程度 (特急), the
发文机关标志 (one line per authority, "文件" after the last or on its own; joint
authorities also side by side on one line, between runs of spaces), the 发文字号
(扬教发〔2024〕77号, brackets typed as [] or () are set right) and 签发人.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from notice_kit.importing.lines import PAGE_CHROME, RULE, Line, line_span
from notice_kit.importing.result import ImportNote

ORG_END = re.compile(
    r"(?:局|厅|部|委|委员会|办公室|办公厅|办|政府|中心|院|会|处|科|所|站|校|学校|大学|学院|集团|公司"
    r"|党委|党组|支部|队|团|社|馆|室|联|街道|办事处|小组|组|专班|总部|署|司|行|园|宫|中学|小学|幼儿园)$"
)
_NOT_IN_NAME = re.compile(r"[，。；：！？,.;:!?“”\"《》]")
_TITLE_END = re.compile(r"(?:通知|通报|决定|意见|办法|方案|报告|请示|函|批复|公告|通告|纪要|规定|细则"
                        r"|要点|计划|规划|公报|命令|议案|决议|指示|的复函|安排|名单|通讯录)$")
MARK_SUFFIX = "文件"
DOC_NUMBER = re.compile(
    r"^(?P<prefix>[^\s〔\[［【(（〈]{1,20}?)\s*(?P<open>[〔\[［【(（〈])\s*(?P<year>\d{4})\s*"
    r"(?P<close>[〕\]］】)）〉])\s*(?P<di>第\s*)?(?P<num>\d{1,5})\s*号"
)
_REPAIRABLE = re.compile(r"^(?P<prefix>[^\s，。：〔\[［【(（]{0,12})[〔\[［【(（]\s*(?P<year>(?:19|20)\d{2})"
                         r"\s*[〕\]］】)）]?\s*(?:第\s*)?(?P<num>\d{1,5})\s*号?$")
PLACEHOLDER_PREFIX = "（机关代字）"
"""Stands for the 机关代字 a broken 发文字号 lost."""
SIGNERS = re.compile(r"签\s*发\s*人\s*[：:]\s*(?P<names>.*)$")
_COPY = re.compile(r"^(?:份号\s*[：:]?\s*)?(?P<n>\d{6})$")
_SECRECY = re.compile(r"^(?P<level>绝密|机密|秘密)(?:\s*★\s*(?P<period>\S+))?$")
_URGENCY = re.compile(r"^(?P<u>特急|加急|特提|平急)$")
_NAME_SPLIT = re.compile(r"[ \u3000\t、，,]+")


def is_org_name(text: str) -> bool:
    """Whether ``text`` reads as the name of an authority (扬州市教育局, 中共某县委)."""
    return (2 <= len(text) <= 40 and ORG_END.search(text) is not None
            and _NOT_IN_NAME.search(text) is None and "关于" not in text
            and not text[0].isdigit())


def looks_like_title(text: str) -> bool:
    """Whether ``text`` ends as a title does (…的通知, …方案)."""
    return _TITLE_END.search(text) is not None


@dataclass
class HeaderFound:
    """What the 版头 lines said; ``header`` holds the model's field names."""

    issuers: list[str] = field(default_factory=list)
    mark_suffix: str | None = None
    header: dict[str, Any] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)


def read_header(lines: list[Line], notes: list[ImportNote]) -> tuple[HeaderFound, int]:
    """Read the 版头 at the top of ``lines``; return it and the index of the first other line.

    Only lines that are surely 版头 are taken: a line is a mark line when it names
    authorities (and perhaps ends in "文件"), and the first line that is neither such a
    line nor a 份号/密级/紧急程度/发文字号/签发人 line starts the title.
    """
    found = HeaderFound()
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if not text or RULE.match(text) or PAGE_CHROME.match(text):
            i += 1
            continue
        if not (_doc_number_line(line, found, notes) or _marks(line, found, lines[i + 1:])
                or _flags(line, found) or _signers(text, found)
                or _broken_doc_number(line, found, notes)):
            break
        found.lines.append(line)
        i += 1
    if found.issuers and found.mark_suffix is None:
        found.mark_suffix = ""
        notes.append(ImportNote("notice.header.mark_suffix", f"{line_span(found.lines)}：发文机关标志不带"
                                "“文件”，已按原样导入（mark_suffix 为空）/ the mark has no 文件: "
                                "mark_suffix set empty", ""))
    if len(found.issuers) > 1:
        notes.append(ImportNote("notice.header.issuers", "识别为联合行文，发文机关依次为 "
                                f"{'、'.join(found.issuers)}，请核对 / joint issuers, please check",
                                "；".join(found.issuers)))
    return found, i


def _flags(line: Line, found: HeaderFound) -> bool:
    """份号, 密级, 紧急程度 — alone or several on one line between spaces."""
    parts = line.cells or [line.text]
    matched: dict[str, Any] = {}
    for part in parts:
        if (m := _COPY.match(part)) and "copy_number" not in matched:
            matched["copy_number"] = m["n"]
        elif (m := _SECRECY.match(part)) and "secrecy" not in matched:
            matched["secrecy"] = f"{m['level']}★{m['period']}" if m["period"] else m["level"]
        elif (m := _URGENCY.match(part)) and "urgency" not in matched:
            matched["urgency"] = m["u"]
        else:
            return False
    found.header.update(matched)
    return True


def _marks(line: Line, found: HeaderFound, rest: list[Line]) -> bool:
    """A line of the 发文机关标志: authorities, perhaps with 文件, or 文件 alone."""
    text = line.text
    if "doc_number" in found.header:  # the mark stands above the 发文字号
        return False
    if text.replace(" ", "").replace("\u3000", "") == MARK_SUFFIX:
        if not found.issuers:
            return False
        found.mark_suffix = MARK_SUFFIX
        return True
    names = line.cells
    suffix = None
    if names and names[-1].endswith(MARK_SUFFIX) and len(names[-1]) > len(MARK_SUFFIX):
        names[-1] = names[-1][: -len(MARK_SUFFIX)].strip()
        suffix = MARK_SUFFIX
    elif names and names[-1] == MARK_SUFFIX and len(names) > 1:
        names, suffix = names[:-1], MARK_SUFFIX
    if not names or not all(is_org_name(n) for n in names):
        return False
    if suffix is None and not found.issuers and not _mark_without_suffix(rest):
        return False
    found.issuers.extend(names)
    if suffix:
        found.mark_suffix = suffix
    return True


def _mark_without_suffix(rest: list[Line]) -> bool:
    """An authority's name on the first line is a mark if a title or 发文字号 follows."""
    following = [ln.text for ln in rest if ln.text and not RULE.match(ln.text)][:4]
    return any(DOC_NUMBER.match(t) or looks_like_title(t) or t.startswith("关于")
               or t.replace("\u3000", "") == MARK_SUFFIX or is_org_name(t) for t in following)


def _signers(text: str, found: HeaderFound) -> bool:
    m = SIGNERS.match(text)
    if m is None or not m["names"].strip():
        return False
    found.header.setdefault("signers", []).extend(
        n for n in _NAME_SPLIT.split(m["names"].strip()) if n)
    return True


def _doc_number_line(line: Line, found: HeaderFound, notes: list[ImportNote]) -> bool:
    text = line.text
    m = DOC_NUMBER.match(text)
    if m is None or "doc_number" in found.header:
        return False
    rest = text[m.end():].strip(" \u3000\t")
    if rest and not _signers(rest, found):
        return False
    found.header["doc_number"] = read_doc_number(m, line, notes)
    return True


def _broken_doc_number(line: Line, found: HeaderFound, notes: list[ImportNote]) -> bool:
    """"琼教〔202062": a 发文字号 that lost characters, under the mark — repaired, noted."""
    if not found.issuers or "doc_number" in found.header or not is_broken_doc_number(line.text):
        return False
    found.header["doc_number"] = repair_doc_number(line, notes)
    return True


def is_broken_doc_number(text: str) -> bool:
    """"琼教〔202062", "[2007]11号": what is left of a 发文字号 that lost characters."""
    return _REPAIRABLE.match(text) is not None and DOC_NUMBER.match(text) is None


def repair_doc_number(line: Line, notes: list[ImportNote]) -> str:
    """The 发文字号 a clerk would make of a broken one: year, number, 号, a placeholder 代字."""
    m = _REPAIRABLE.match(line.text)
    assert m is not None
    prefix = m["prefix"] or PLACEHOLDER_PREFIX
    value = f"{prefix}〔{m['year']}〕{int(m['num'])}号"
    notes.append(ImportNote("notice.header.doc_number", f"{line_span([line])}：发文字号残缺"
                            f"“{line.text}”，已补为“{value}”，请核对 / a broken document number "
                            "was repaired by guess, please check", value))
    return value


def read_doc_number(m: re.Match[str], line: Line, notes: list[ImportNote]) -> str:
    """The 发文字号 of a DOC_NUMBER match, set right (〔〕, no 第, no leading zero) with notes."""
    prefix, year, num = m["prefix"], m["year"], m["num"]
    value = f"{prefix}〔{year}〕{int(num)}号"
    fixes = []
    if (m["open"], m["close"]) != ("〔", "〕"):
        fixes.append(f"年份括号“{m['open']}{m['close']}”改为六角括号“〔〕”")
    if m["di"]:
        fixes.append("删去“第”字")
    if num != str(int(num)):
        fixes.append(f"顺序号“{num}”删去虚位")
    if fixes:
        notes.append(ImportNote("notice.header.doc_number", f"{line_span([line])}："
                                f"{'；'.join(fixes)}（原文“{m.group()}”）/ document number set "
                                "right (GB/T 9704-2012 7.2.5)", value))
    return value
