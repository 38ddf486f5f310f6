"""版记 (GB/T 9704-2012 7.4): 抄送 and 印发 lines between thick and thin rules, 4号仿宋."""

from __future__ import annotations

import math
from typing import Literal

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from docx.text.paragraph import Paragraph as DocxParagraph

from notice_kit.layout.metrics import text_width
from notice_kit.layout.profile import MM_PER_PT, LayoutProfile
from notice_kit.models import Package
from notice_kit.render import wording
from notice_kit.render.docx import xml
from notice_kit.render.docx.pagenumbers import clear_page_numbers
from notice_kit.render.docx.textbox import anchor_textbox
from notice_kit.render.docx.writer import DocxWriter, Indent, Span

ColophonPlacement = Literal["same-page", "next-page", "after-blank-page"]
"""Where the 版记 goes: at the foot of the page the content ends on; alone on the next page;
or alone after a blank page (so that it lands on an even page, the back of the last sheet)."""



def render_colophon(
    writer: DocxWriter, package: Package, placement: ColophonPlacement = "same-page"
) -> None:
    """Append the 版记 at the foot of a page (7.4): 抄送 wrapping after its colon, the
    printer one character in from the left and the date one in from the right.

    A page holding nothing but the 版记, and a blank page before it, carry no page number
    (7.5); ``placement`` other than same-page starts an unnumbered section for them.
    """
    colophon = package.notice.colophon
    if colophon.is_empty:
        return
    p = writer.profile
    size = p.colophon_size_pt
    side = p.colophon_side_chars
    paragraphs = []
    cc = wording.cc_line(colophon)
    if cc:
        lead = text_width(wording.CC_LEAD)
        paragraphs.append(writer.paragraph(
            [Span(cc, size=size, condensed=False)], style="colophon", size=size,
            indent=Indent(left=side + lead, right=side, hanging=lead),
        ))
    printed = wording.print_parts(colophon)
    if printed:
        printer, date = printed
        para = writer.paragraph([Span(printer, size=size, condensed=False)], style="colophon")
        # Tab stops count from the block's left edge: this one is the right indent's edge.
        tabs = xml.ordered_child(para._p.get_or_add_pPr(), "w:tabs", xml.PPR_ORDER)
        tabs.append(xml.element("w:tab", val="right",
                                pos=writer.text_width_twips - writer.chars(side, size)))
        para.add_run("\t")
        writer.add_span(para, Span(date, size=size, condensed=False))
        paragraphs.append(para)
    paragraphs = _with_rules(writer, paragraphs)
    if placement != "same-page":
        section = writer.document.add_section(WD_SECTION.NEW_PAGE)
        clear_page_numbers(section)
        if placement == "after-blank-page":
            writer.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _place_at_bottom(writer, paragraphs)


def _with_rules(writer: DocxWriter, paragraphs: list[DocxParagraph]) -> list[DocxParagraph]:
    """Interleave the rules: thick above the first line, thin between, thick below the
    last.  Each rule is a paragraph of its own with no indents, so it spans the whole
    block while the text stands one character in (a border on the text paragraph would
    follow its indents)."""
    p = writer.profile
    out: list[DocxParagraph] = []
    for i, para in enumerate(paragraphs):
        out.append(_rule(writer, p.colophon_thick_sz if i == 0 else p.colophon_thin_sz))
        out.append(para)
    out.append(_rule(writer, p.colophon_thick_sz))
    return out


RULE_LINE_PT = 1.0


def _rule(writer: DocxWriter, sz: int) -> DocxParagraph:
    para = writer.paragraph([], align="left", line_pt=RULE_LINE_PT)
    borders = xml.ordered_child(para._p.get_or_add_pPr(), "w:pBdr", xml.PPR_ORDER)
    borders.append(xml.border("w:bottom", sz=sz, space=0))
    return para


def _place_at_bottom(writer: DocxWriter, paragraphs: list[DocxParagraph]) -> DocxParagraph:
    """Move the 版记 into a text box whose bottom is the bottom of the text block
    (7.4: 版记中的分隔线与版心等宽，末条分隔线与公文最后一面的版心下边缘重合)."""
    p = writer.profile
    height_mm = colophon_height_mm(p, [para.text for para in paragraphs if para.text])
    anchor = writer.document.add_paragraph()
    anchor_textbox(
        writer.next_id(),
        anchor,
        [para._p for para in paragraphs],
        left_mm=p.margin_left_mm,
        top_mm=p.margin_top_mm + p.text_height_mm - height_mm,
        width_mm=p.text_width_mm,
        height_mm=height_mm,
        name="版记",
        grow=True,
    )
    return anchor


# Three rule paragraphs: their line and border heights (thick 0.35 mm, thin 0.25 mm).
# The box fits its text (it grows when a clerk adds a line), so its height is the text's
# exactly, with no slack: measured in LibreOffice's PDF, the last rule's bottom edge is
# then at 261.9-262.0 mm, on the block's bottom edge (262 mm).
RULES_ALLOWANCE_MM = 3 * RULE_LINE_PT * MM_PER_PT + 0.35 * 2 + 0.25


def colophon_height_mm(profile: LayoutProfile, lines: list[str]) -> float:
    """Return the height of the 版记 box holding these paragraphs (wrapped as laid out)."""
    usable = profile.text_width_mm / MM_PER_PT / profile.colophon_size_pt
    usable -= 2 * profile.colophon_side_chars
    count = sum(max(1, math.ceil(text_width(t.replace("\t", "  ")) / usable)) for t in lines)
    return count * profile.line_pitch_pt * MM_PER_PT + RULES_ALLOWANCE_MM


def colophon_lines(package: Package) -> list[str]:
    """The 版记's paragraphs as text (for measuring, before any .docx exists)."""
    colophon = package.notice.colophon
    printed = wording.print_parts(colophon)
    cc = wording.cc_line(colophon)
    return [*([cc] if cc else []), *(["\t".join(printed)] if printed else [])]
