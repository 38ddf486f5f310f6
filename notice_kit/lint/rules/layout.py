"""Page 1 must show body text (GB/T 9704-2012 7.3.2): a long 主送 list can push it off."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from notice_kit.errors import LayoutError
from notice_kit.layout.metrics import set_width, text_width
from notice_kit.layout.profile import GBT9704, MM_PER_PT, LayoutProfile, get_profile
from notice_kit.layout.titles import break_title
from notice_kit.lint.registry import Hit, rule
from notice_kit.models import Package
from notice_kit.render import wording
from notice_kit.render.docx.notice import MARK_LINE_EM, MARK_TOP_INSET_EM, RULE_GAP_CORRECTION_PT

MAX_TITLE_LINES = 3


@dataclass(frozen=True)
class PageOne:
    """Grid lines of page 1 by what fills them (an estimate: the renderer decides)."""

    total: int
    header: int
    title: int
    addressees: int

    @property
    def body(self) -> int:
        """Lines left for the body."""
        return self.total - self.header - self.title - self.addressees


def page_one(package: Package, profile: LayoutProfile | None = None) -> PageOne:
    """Estimate how page 1 is filled, the way the .docx renderer lays it out."""
    if profile is None:
        try:
            profile = get_profile(package.options.profile)
        except LayoutError:
            profile = GBT9704
    notice = package.notice
    title = profile.blank_lines_before_title + _title_lines(package, profile)
    addressees = 0
    if notice.addressees:
        line = wording.addressee_line(notice.addressees)
        addressees = profile.blank_lines_after_title + math.ceil(
            set_width(line) / profile.chars_per_line)
    return PageOne(profile.lines_per_page, _header_lines(package, profile), title, addressees)


def _header_lines(package: Package, p: LayoutProfile) -> int:
    """版头 in grid lines: stacked 份号/密级/紧急程度, the mark 35 mm down, two blank
    lines, the 发文字号 (or 签发人) line(s), the rule — padded to whole lines, as
    :func:`notice_kit.render.docx.notice.render_header` does."""
    header = package.notice.header
    stacked = sum(1 for x in (header.copy_number, header.secrecy, header.urgency) if x)
    lines = header.mark_lines
    suffix = header.mark_suffix if header.mark is None else ""
    widest = max(text_width(line) for line in lines) + text_width(suffix)
    size = min(p.mark_size_pt, round((p.text_width_mm / MM_PER_PT) / max(widest, 1) * 0.98 * 2) / 2)
    pitch = p.line_pitch_pt
    space_before = max(p.mark_top_mm / MM_PER_PT - stacked * pitch - MARK_TOP_INSET_EM * size, 0)
    rule_gap = max(round(p.rule_gap_mm / MM_PER_PT - RULE_GAP_CORRECTION_PT), 0)
    mark_block = space_before + len(lines) * size * MARK_LINE_EM + rule_gap + p.rule_width_pt
    number_lines = max(1, math.ceil(len(header.signers) / 2))
    return stacked + math.ceil(mark_block / pitch) + p.blank_lines_after_mark + number_lines


def _title_lines(package: Package, p: LayoutProfile) -> int:
    width = p.text_width_mm / MM_PER_PT / p.title_size_pt
    try:
        return len(break_title(package.notice.title, max_width=width, max_lines=MAX_TITLE_LINES))
    except LayoutError:  # too long to build at all; the build reports it
        return MAX_TITLE_LINES


@rule("NK501", "addressees-page-one", "warning",
      "GB/T 9704-2012 7.3.2：主送机关使首页不能显示正文时，应将主送机关移至版记")
def addressees_page_one(package: Package) -> Iterator[Hit]:
    """A 主送 list so long that page 1 shows no body text (or one line of it)."""
    if not package.notice.addressees or package.options.letterhead is not None:
        return  # a letterhead template's 版头 has its own height: nothing to estimate
    page = page_one(package)
    counts = (f"版头约 {page.header} 行、标题 {page.title} 行、主送 {page.addressees} 行，"
              f"共 {page.total} 行",
              f"header ≈{page.header} lines, title {page.title}, addressees {page.addressees}, "
              f"of {page.total}")
    if page.body < 1:
        yield Hit("notice.addressees",
                  f"主送机关太长，首页放不下正文（{counts[0]}）：请把主送机关移至版记",
                  f"the addressees push the body off page 1 ({counts[1]}): "
                  "move them to the colophon (版记)")
    elif page.body < 2:
        yield Hit("notice.addressees",
                  f"主送机关较长，首页只剩约 {page.body} 行正文（{counts[0]}）",
                  f"the addressees leave about {page.body} body line on page 1 ({counts[1]})",
                  severity="info")
