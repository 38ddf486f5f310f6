"""Rules of GB/T 9704-2012 clauses 7.4 (版记) and 7.5 (页码)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notice_kit.check import measure as m
from notice_kit.check.registry import Issue, rule
from notice_kit.inspect.model import Box, Element, InspectedDocument, PageInfo
from notice_kit.layout.profile import LayoutProfile


@rule("GB710", "7.4", "版记 / colophon")
def colophon(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """抄送 and 印发 in 4号仿宋; in a PDF on the last page, the last rule on the bottom edge
    of the block (that page even: GB716)."""
    lines = doc.of_kind("colophon_cc", "colophon_print")
    if not lines:
        return
    for e in lines:
        if not m.same_size(e.size_pt, p.colophon_size_pt):
            yield Issue("版记字号应为四号 / colophon in 四号", m.size_text(p.colophon_size_pt),
                        m.size_text(e.size_pt), element=e)
    if doc.paged:
        yield from _colophon_place(doc, p, lines)


def _colophon_place(doc: InspectedDocument, p: LayoutProfile, lines: list[Element]) -> Iterator[Issue]:
    last_page = doc.page_count or 0
    for e in lines:
        if e.page != last_page:
            yield Issue("版记应在最后一页 / colophon on the last page", f"第{last_page}页",
                        f"第{e.page}页", element=e)
            return
    rules = [e for e in doc.of_kind("rule") if e.page == last_page and e.boxes
             and e.boxes[0].top_mm >= lines[0].boxes[0].top_mm - 2 * m.line_pitch_mm(p)]
    if not rules:
        yield Issue("版记缺少分隔线 / colophon without its rules", "首末条粗线 / thick rules",
                    "无 / none", element=lines[0])
        return
    bottom = rules[-1].boxes[0].top_mm
    if abs(bottom - m.block_bottom(p)) > m.TOLERANCE_MM:
        yield Issue("版记末条分隔线应与版心下边缘重合 / last rule on the block's bottom edge",
                    f"{m.block_bottom(p):.1f} mm", f"{bottom:.1f} mm", element=rules[-1])



@rule("GB711", "7.5", "页码 / page numbers")
def page_numbers(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """"— 1 —" in 4号 Arabic digits, 7 mm below the block, odd pages right and even pages
    left one character in (or as the profile says); numbers run on without gaps; only a
    page holding the 版记 alone (or a blank one) goes without."""
    if doc.format == "docx":
        yield from _footers(doc, p)
    else:
        yield from _printed(doc, p)


def _format_re(p: LayoutProfile) -> re.Pattern[str]:
    before, _, after = p.page_number_format.partition("{n}")
    return re.compile(re.escape(before) + r"(?P<n>\d+)" + re.escape(after))


def _footers(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    footers = doc.of_kind("page_number")
    if not footers:
        yield Issue("页脚中没有页码 / no page number in the footers", p.page_number_format.format(n=1),
                    "无 / none")
        return
    fmt = _format_re(p)
    for e in footers:
        if not fmt.fullmatch(e.text):
            yield Issue("页码格式 / page number text", p.page_number_format.format(n=1), e.text,
                        element=e)
        if not m.same_size(e.size_pt, p.page_number_size_pt):
            yield Issue("页码字号应为四号 / page number in 四号", m.size_text(p.page_number_size_pt),
                        m.size_text(e.size_pt), element=e)
        want = _footer_align(p, e)
        if e.align != want:
            yield Issue("页码位置 / page number side", want, e.align or "未知 / unknown", element=e)
    if p.page_number_style == "outer" and not doc.even_and_odd_footers:
        yield Issue("奇偶页页码应分设 / odd and even footers differ", "w:evenAndOddHeaders",
                    "未设置 / not set")


def _footer_align(p: LayoutProfile, e: Element) -> str:
    if p.page_number_style == "centre":
        return "center"
    return "left" if e.area and "even" in e.area else "right"


def _printed(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    fmt = _format_re(p)
    previous: tuple[int, int] | None = None  # (page, value)
    for info in doc.pages:
        if info.page_number is None:
            yield from _missing(doc, info)
            continue
        found = fmt.fullmatch(info.page_number)
        digits = re.sub(r"\D", "", info.page_number)
        value = int(digits) if digits else None
        if found is None:
            yield Issue("页码格式 / page number text", p.page_number_format.format(n=value or 1),
                        info.page_number, page=info.number)
        if value is None:
            continue
        if previous is not None and value != previous[1] + info.number - previous[0]:
            expected = previous[1] + info.number - previous[0]
            yield Issue("页码不连续 / page numbers skip", p.page_number_format.format(n=expected),
                        info.page_number, page=info.number)
        previous = (info.number, value)
        yield from _position(info, value, p)


def _missing(doc: InspectedDocument, info: PageInfo) -> Iterator[Issue]:
    colophon_only = all(e.kind in ("colophon_cc", "colophon_print", "rule")
                        for e in doc.elements if e.page == info.number and e.kind != "page_number")
    if not colophon_only:
        yield Issue("缺少页码 / page without a number", "— N —", "无 / none", page=info.number)


def _upright_box(info: PageInfo, p: LayoutProfile) -> Box | None:
    """The page number's box as on the paper read upright: a landscape page's is turned
    back a quarter (clockwise or anticlockwise, whichever puts it below the block)."""
    box = info.page_number_box
    if box is None or not info.landscape:
        return box
    w, h = info.width_mm, info.height_mm
    ways = [Box(page=box.page, x0_mm=box.top_mm, x1_mm=box.bottom_mm, top_mm=w - box.x1_mm,
                bottom_mm=w - box.x0_mm),
            Box(page=box.page, x0_mm=h - box.bottom_mm, x1_mm=h - box.top_mm, top_mm=box.x0_mm,
                bottom_mm=box.x1_mm)]
    want_y = m.block_bottom(p) + p.page_number_gap_mm
    return min(ways, key=lambda b: abs((b.top_mm + b.bottom_mm) / 2 - want_y))


def _position(info: PageInfo, value: int, p: LayoutProfile) -> Iterator[Issue]:
    box = _upright_box(info, p)
    if box is None:
        return
    middle = (box.top_mm + box.bottom_mm) / 2
    want_y = m.block_bottom(p) + p.page_number_gap_mm
    if abs(middle - want_y) > m.TOLERANCE_MM:
        yield Issue("页码应在版心下边缘之下7 mm / 7 mm below the block",
                    f"{p.page_number_gap_mm:g} mm", f"{middle - m.block_bottom(p):.1f} mm",
                    page=info.number)
    inset = p.page_number_side_chars * m.char_mm(p, p.page_number_size_pt)
    if p.page_number_style == "centre":
        side, want_x, x = "居中 / centred", m.block_centre(p), box.centre_x_mm
    elif value % 2:
        side, want_x, x = "右侧 / right", m.block_right(p) - inset, box.x1_mm
    else:
        side, want_x, x = "左侧 / left", m.block_left(p) + inset, box.x0_mm
    if abs(x - want_x) > m.TOLERANCE_MM:
        yield Issue(f"页码位置 / page number place: {side}", f"{want_x:.1f} mm", f"{x:.1f} mm",
                    page=info.number)
