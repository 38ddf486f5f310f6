"""Rules of GB/T 9704-2012 clause 5: paper, margins, the body font, 22 lines of 28 characters."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator

from notice_kit.check import measure as m
from notice_kit.check.registry import Issue, rule
from notice_kit.inspect.fonts import font_role
from notice_kit.inspect.model import Element, Geometry, Heading, InspectedDocument, Line
from notice_kit.layout.metrics import text_width
from notice_kit.layout.profile import LayoutProfile


@rule("GB501", "5.1, 5.2.1", "纸张与页边距 / paper and margins")
def page_geometry(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """A4 paper; 天头 37 mm, 订口 28 mm, block 156 × 225 mm, each ± 1 mm.  A PDF's margins
    are measured where its text stands (left and right edges, first line top).  A page
    turned landscape (a wide table, clause 8) is A4 on its side with the margins turned
    with it, either way round."""
    for g in doc.geometry:
        size = (g.page_width_mm, g.page_height_mm)
        turned = size[0] > size[1]
        want = (p.page_height_mm, p.page_width_mm) if turned else (p.page_width_mm, p.page_height_mm)
        if abs(size[0] - want[0]) > m.TOLERANCE_MM or abs(size[1] - want[1]) > m.TOLERANCE_MM:
            yield Issue(f"{g.where}：纸张不是 A4 / paper is not A4",
                        f"{want[0]:g} × {want[1]:g} mm", f"{size[0]:.1f} × {size[1]:.1f} mm")
        margins = m.turned_margins(g, p) if turned else m.upright_margins(p)
        yield from (_measured_margins(doc, g, p, margins) if g.measured else _margins(g, margins))


def _margins(g: Geometry, want: m.Margins) -> Iterator[Issue]:
    top, right, bottom, left = want
    for (zh, en), found, expected in ((("上", "top"), g.margin_top_mm, top),
                                      (("下", "bottom"), g.margin_bottom_mm, bottom),
                                      (("左", "left"), g.margin_left_mm, left),
                                      (("右", "right"), g.margin_right_mm, right)):
        if found is not None and abs(found - expected) > m.TOLERANCE_MM:
            yield Issue(f"{g.where}：{zh}页边距 / {en} margin",
                        f"{expected:g} ± {m.TOLERANCE_MM:g} mm", f"{found:.1f} mm")


def _measured_margins(doc: InspectedDocument, g: Geometry, p: LayoutProfile,
                      want: m.Margins) -> Iterator[Issue]:
    want_top, want_right, want_bottom, want_left = want
    checks = [(("左", "left"), g.margin_left_mm, want_left),
              (("右", "right"), g.margin_right_mm, want_right)]
    for (zh, en), found, expected in checks:
        if found is not None and abs(found - expected) > m.TOLERANCE_MM:
            yield Issue(f"{g.where}：正文{zh}边缘与版心不符 / the text's {en} edge is off the block",
                        f"页边 {expected:g} ± {m.TOLERANCE_MM:g} mm", f"{found:.1f} mm")
    # The first line's letters sit inside the first line of the block, below its top.
    top = g.margin_top_mm
    if top is not None and not (want_top - m.TOLERANCE_MM <= top
                                <= want_top + m.line_pitch_mm(p)):
        yield Issue(f"{g.where}：首行文字不在版心第一行 / first line not on the block's first line",
                    f"{want_top:g}–{want_top + m.line_pitch_mm(p):.1f} mm", f"{top:.1f} mm")
    bottom = g.margin_bottom_mm
    if bottom is not None and bottom < want_bottom - m.TOLERANCE_MM:
        yield Issue(f"{g.where}：文字超出版心下边缘 / text below the block", f"≥ {want_bottom:g} mm",
                    f"{bottom:.1f} mm")


_BODY_KINDS = ("paragraph", "addressees", "attachment_note", "signature", "date", "note")


@rule("GB502", "5.2.2, 7.3.3", "正文字体字号 / body font and size")
def body_font(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """Body text in 3号仿宋 (16 pt): paragraphs, 主送, 附件说明, 署名, 日期, 附注, and the
    run-in text of headings (the heading part is GB705's)."""
    want = m.expected_role(p, "body")
    for e in doc.elements:
        found = _body_text_font(e)
        if found is None:
            continue
        font, role = found
        if role is not None and role != "latin_serif" and role != want:
            yield Issue("正文字体不是仿宋 / body text not in 仿宋", m.expected_font(p, "body"),
                        m.font_text(e, font, role), element=e)
        elif not isinstance(e, Heading) and not m.same_size(e.size_pt, p.body_size_pt):
            yield Issue("正文字号不是三号 / body text not 三号", m.size_text(p.body_size_pt),
                        m.size_text(e.size_pt), element=e)


def _body_text_font(e: Element) -> tuple[str | None, str | None] | None:
    """The (font, role) of an element's body text, or None when it has none to check."""
    if isinstance(e, Heading):
        if not e.run_in or not e.run_in_font:
            return None
        role = font_role(e.run_in_font)
        return e.run_in_font, role.value if role else None
    if e.kind in _BODY_KINDS and e.area != "table":  # (a table only places a joint mark)
        return e.font, e.font_role
    return None


# Latin words, addresses, e-mail: set in a proportional face, not half a character each,
# and broken where they can be — a line holding one is not measured in characters.
_LATIN_RUN = re.compile(r"[A-Za-z/@:._~?=&%#-]{4,}")


def _body_lines(doc: InspectedDocument, p: LayoutProfile) -> list[tuple[int, Line]]:
    """The body-size lines of the portrait pages inside the block (a landscape page —
    a wide table's — is not on the 22 × 28 grid)."""
    return [(info.number, ln) for info in doc.pages if not info.landscape for ln in info.lines
            if m.same_size(ln.size_pt, p.body_size_pt) and "\t" not in ln.text
            and ln.bottom_mm <= m.block_bottom(p) + m.TOLERANCE_MM]


@rule("GB503", "5.2.3", "每面22行 / 22 lines a page", formats=("pdf",))
def lines_per_page(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """"一般每面排22行": the measured line pitch gives 22 lines in the block's height, and a
    page whose text runs on to the next is filled to its last line."""
    pitch = doc.line_pitch_mm
    if not pitch:
        return
    per_page = p.text_height_mm / pitch
    if abs(per_page - p.lines_per_page) > 0.4:
        yield Issue("行距不合每面22行 / line pitch does not give 22 lines",
                    f"{p.lines_per_page} 行/页（行距 {m.line_pitch_mm(p):.2f} mm）",
                    f"{per_page:.1f} 行/页（行距 {pitch:.2f} mm）")
        return
    yield from _short_pages(doc, p, pitch)


def _short_pages(doc: InspectedDocument, p: LayoutProfile, pitch: float) -> Iterator[Issue]:
    lines = _body_lines(doc, p)
    if not lines:
        return
    first_top = min(ln.top_mm for _, ln in lines)
    by_page: dict[int, list[Line]] = {}
    for page, ln in lines:
        by_page.setdefault(page, []).append(ln)
    right = m.block_right(p) - 1.5 * m.char_mm(p)
    for page, page_lines in by_page.items():
        last = max(page_lines, key=lambda ln: ln.top_mm)
        following = by_page.get(page + 1)
        if following is None or last.x1_mm < right:
            continue  # the page ends a paragraph: it may end early (a heading kept with the next)
        nxt = min(following, key=lambda ln: ln.top_mm)
        if abs(nxt.x0_mm - m.block_left(p)) > m.TOLERANCE_MM:
            continue
        used = round((last.top_mm - first_top) / pitch) + 1
        if used < p.lines_per_page:
            yield Issue("文字未排满本页 / text stops before the page's last line",
                        f"{p.lines_per_page} 行", f"{used} 行", page=page, severity="warning")


@rule("GB504", "5.2.3", "每行28字 / 28 characters a line", formats=("pdf",))
def chars_per_line(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """"每行排28个字，并撑满版心": no full line holds more than 28 characters (digits and
    Latin letters count half), and full lines hold about 28."""
    right = m.block_right(p) - m.char_mm(p)
    full = [(page, ln) for page, ln in _body_lines(doc, p) if ln.x1_mm >= right
            and ln.x0_mm < m.block_left(p) + 2.5 * m.char_mm(p) and not _LATIN_RUN.search(ln.text)]
    for page, ln in full:
        indent = round((ln.x0_mm - m.block_left(p)) / m.char_mm(p))
        width = text_width(ln.text) + indent
        if width > p.chars_per_line + 0.01:
            yield Issue("一行超过28字 / more than 28 characters on a line",
                        f"≤ {p.chars_per_line} 字", f"{width:g} 字：{ln.text}", page=page)
    widths = [text_width(ln.text) for _, ln in full if ln.x0_mm < m.block_left(p) + 0.5]
    if len(widths) >= 5 and statistics.median(widths) < p.chars_per_line - 0.5:
        yield Issue("满行不足28字 / full lines hold fewer than 28 characters",
                    f"{p.chars_per_line} 字", f"{statistics.median(widths):g} 字（中位数 / median）",
                    severity="warning")

