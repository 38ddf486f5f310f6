"""Rules of GB/T 9704-2012 clauses 7.2 (版头) and 7.3 (主体)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from notice_kit.check import measure as m
from notice_kit.check.registry import Issue, Severity, rule
from notice_kit.inspect.fonts import is_red
from notice_kit.inspect.model import AttachmentNote, Heading, InspectedDocument
from notice_kit.layout.profile import LayoutProfile
from notice_kit.models.header import check_doc_number
from notice_kit.numbering import heading_prefix

# -- 版头 --------------------------------------------------------------------------------------

# A joint mark is a table as wide as its names: its middle may stand a little off the block's.
MARK_CENTRE_TOLERANCE_MM = 3.0


@rule("GB701", "7.2.4", "发文机关标志 / issuing authority's mark")
def mark(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """The mark is red and centred; in a PDF its top edge (ink) is 35 mm below the top of
    the block."""
    for e in doc.of_kind("mark"):
        if not is_red(e.color):
            yield Issue("发文机关标志应为红色 / the mark is red", f"红色 / red（{p.mark_color}）",
                        e.color or "未设置 / not set", element=e)
        if e.boxes:  # a PDF: the middle of all its lines (a joint mark has several)
            middle = (min(b.x0_mm for b in e.boxes) + max(b.x1_mm for b in e.boxes)) / 2
            if abs(middle - m.block_centre(p)) > MARK_CENTRE_TOLERANCE_MM:
                yield Issue("发文机关标志应居中 / the mark is centred", "居中 / centred",
                            f"偏离 {middle - m.block_centre(p):+.1f} mm", element=e)
        elif e.align != "center":
            yield Issue("发文机关标志应居中 / the mark is centred", "居中 / centred",
                        e.align or "未知 / unknown", element=e)
        if doc.paged and e.ink_top_mm is not None:
            below = e.ink_top_mm - m.block_top(p)
            if abs(below - p.mark_top_mm) > m.TOLERANCE_MM:
                yield Issue("发文机关标志上边缘距版心上边缘 / mark top below the block's top",
                            f"{p.mark_top_mm:g} ± {m.TOLERANCE_MM:g} mm", f"{below:.1f} mm",
                            element=e)


@rule("GB702", "7.2.5", "发文字号 / document number")
def doc_number(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """〔2024〕 in 六角括号, no 第, no zero padding, ending with 号
    (:func:`notice_kit.models.header.check_doc_number`)."""
    for e in doc.of_kind("doc_number"):
        try:
            check_doc_number(e.text)
        except ValueError as exc:
            reason = str(exc).split("：")[0]
            yield Issue(f"发文字号格式 / document number: {reason}", "如 扬教发〔2024〕8号", e.text,
                        element=e)


# -- 主体 --------------------------------------------------------------------------------------


@rule("GB703", "7.3.1", "标题 / title")
def title(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """The title in 2号小标宋, centred; attachment titles likewise (*practice*: warnings)."""
    for e in doc.of_kind("title", "attachment_title"):
        practice: Severity | None = "warning" if e.kind == "attachment_title" else None
        want = m.expected_role(p, "xiaobiaosong")
        if e.font_role != (want.value if want else None):
            yield Issue("标题字体应为小标宋 / title in 小标宋", m.expected_font(p, "xiaobiaosong"),
                        m.font_text(e), element=e, severity=practice)
        if not m.same_size(e.size_pt, p.title_size_pt):
            yield Issue("标题字号应为二号 / title in 二号", m.size_text(p.title_size_pt),
                        m.size_text(e.size_pt), element=e, severity=practice)
        off = [abs(b.centre_x_mm - m.block_centre_on(doc, p, b.page)) for b in e.boxes]
        if e.align != "center" or any(d > 1.5 for d in off):
            found = f"偏离 {max(off):.1f} mm" if off else (e.align or "未知 / unknown")
            yield Issue("标题应居中 / title centred", "居中 / centred", found, element=e,
                        severity=practice)


@rule("GB704", "7.3.2", "主送机关 / addressees")
def addressees(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """Flush left, ending with a full-width colon."""
    for e in doc.of_kind("addressees"):
        if not e.text.endswith("："):
            yield Issue("主送机关末尾应为全角冒号 / addressees end with a full-width colon",
                        "…：", "…" + e.text[-3:], element=e)
        if (e.indent_chars or 0) > 0.5:
            yield Issue("主送机关应顶格 / addressees flush left", "顶格 / flush left",
                        f"缩进 {e.indent_chars:g} 字", element=e)


@rule("GB705", "7.3.3", "层次标题字体 / heading fonts")
def heading_fonts(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """一、黑体  （一）楷体  1．仿宋  （1）仿宋 (the heading part; run-in text is body)."""
    for e in doc.headings:
        if not 1 <= e.level <= len(p.heading_font_roles):
            continue
        role = p.heading_font_roles[e.level - 1]
        want = m.expected_role(p, role)
        if e.font_role not in (None, "latin_serif") and e.font_role != (want.value if want else None):
            yield Issue(f"第{e.level}层标题字体 / level-{e.level} heading font",
                        m.expected_font(p, role), m.font_text(e), element=e)
        elif not m.same_size(e.size_pt, p.body_size_pt):
            yield Issue(f"第{e.level}层标题字号 / level-{e.level} heading size",
                        m.size_text(p.body_size_pt), m.size_text(e.size_pt), element=e)


@rule("GB706", "7.3.3", "层次序数 / heading numbering")
def heading_numbers(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """一、二、 with no gaps (a higher level restarts the lower ones), written 一、 （一） 1．
    （1）; the notice and each attachment number on their own."""
    for part in m.parts(doc):
        last: dict[int, int] = {}
        for e in part:
            if not isinstance(e, Heading):
                continue
            expected = last.get(e.level, 0) + 1
            for deeper in [lv for lv in last if lv > e.level]:
                del last[deeper]
            last[e.level] = e.value
            if e.value != expected:
                yield Issue("序数不连续 / numbering skips or repeats",
                            heading_prefix(e.level, expected), e.number, element=e)
            elif not _prefix_ok(e):
                yield Issue("序数写法 / numbering style", heading_prefix(e.level, e.value),
                            e.number, element=e)


def _prefix_ok(e: Heading) -> bool:
    expected = heading_prefix(e.level, e.value)
    # "1." (half-width point) is how numbered lists are written: accept it at level 3.
    return e.number == expected or (e.level == 3 and e.number == f"{e.value}.")


_TRAILING_PUNCT = re.compile(r"[。，、；：！？.,;:!?]$")


@rule("GB707", "7.3.4, 7.3.7", "附件说明与附件一致 / attachment note matches the attachments")
def attachment_note(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """Each 附件说明 entry has the number and name of the attachment bound after the
    notice, in order, with no punctuation after the name."""
    note = next((e for e in doc.elements if isinstance(e, AttachmentNote)), None)
    if note is None:
        if doc.attachments and m.has_notice(doc):
            yield Issue("有附件但无附件说明 / attachments without an attachment note",
                        "附件：1.…", "无 / none", element=doc.elements[doc.attachments[0].first_element])
        return
    for entry in note.entries:
        if _TRAILING_PUNCT.search(entry.title):
            yield Issue("附件名称后不加标点 / no punctuation after an attachment name",
                        entry.title[:-1], entry.title, element=note)
    if not doc.attachments:
        yield Issue("附件说明所列附件不在本文件中 / the attachments listed are not in this file",
                    f"{len(note.entries)} 个附件 / attachments", "0", element=note,
                    severity="warning")
        return
    listed = [(n.number, _squeeze(n.title)) for n in note.entries]
    bound = [(a.number, _squeeze(a.title or "")) for a in doc.attachments]
    for i in range(max(len(listed), len(bound))):
        want = _entry_text(*listed[i]) if i < len(listed) else "无 / none"
        have = _entry_text(*bound[i]) if i < len(bound) else "无 / none"
        if want != have:
            yield Issue(f"附件说明第{i + 1}项与附件不符 / note entry {i + 1} differs from the attachment",
                        want, have, element=note)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _entry_text(number: int | None, title: str) -> str:
    return f"{number}.{title}" if number is not None else title


_ARABIC_DATE = re.compile(r"(\d{4})年([1-9]\d?)月([1-9]\d?)日")
_ANY_DATE = re.compile(r"(\S{4})\s*年\s*(\S{1,3}?)\s*月\s*(\S{1,3}?)\s*日")


@rule("GB708", "7.3.5, 7.4.3", "成文日期 / date")
def dates(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """成文日期 and 印发日期 in Arabic numerals, year in full, no zero padding:
    2024年10月28日."""
    for e in doc.of_kind("date", "colophon_print"):
        text = e.text if e.kind == "date" else e.text.split("\t")[-1].removesuffix("印发")
        found = _ANY_DATE.search(text)
        if found is None:
            continue
        date_text = found.group(0)
        m_arabic = _ARABIC_DATE.fullmatch(date_text)
        if m_arabic is None:
            yield Issue("日期应用阿拉伯数字、不编虚位 / Arabic numerals, no zero padding",
                        _suggest(found), date_text, element=e)
            continue
        try:
            dt.date(int(m_arabic[1]), int(m_arabic[2]), int(m_arabic[3]))
        except ValueError:
            yield Issue("日期不存在 / no such date", "有效日期 / a real date", date_text, element=e)


def _suggest(found: re.Match[str]) -> str:
    try:
        year, month, day = (int(g) for g in found.groups())
    except ValueError:
        return "如 2024年10月28日"
    return f"{year}年{month}月{day}日"


@rule("GB709", "7.3.7", "附件标识 / attachment label")
def attachment_labels(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """"附件2" on the first line, flush left, 3号黑体, no colon; numbered 1, 2, 3 in order
    ("附件" alone when there is one)."""
    labels = doc.of_kind("attachment_label")
    want_role = m.expected_role(p, "hei")
    # An attachment printed on its own keeps its number in the package: check the form only.
    alone = not m.has_notice(doc)
    for n, e in enumerate(labels, start=1):
        expected = "附件" if len(labels) == 1 else f"附件{n}"
        if alone and re.fullmatch(r"附件\d*", e.text):
            expected = e.text
        if e.text != expected:
            severity: Severity | None = "warning" if len(labels) == 1 and e.text == "附件1" else None
            yield Issue("附件标识写法 / attachment label", expected, e.text, element=e,
                        severity=severity)
        if e.font_role != (want_role.value if want_role else None):
            yield Issue("附件标识应为黑体 / attachment label in 黑体", m.expected_font(p, "hei"),
                        m.font_text(e), element=e)
        if (e.indent_chars or 0) > 0.5:
            yield Issue("附件标识应顶格 / attachment label flush left", "顶格 / flush left",
                        f"缩进 {e.indent_chars:g} 字", element=e)

