"""The notice: 版头, title, 主送, body, 附件说明, 署名 and 成文日期, 附注 (GB/T 9704-2012 7.2–7.3)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from docx.text.paragraph import Paragraph as DocxParagraph

from notice_kit.layout.metrics import set_width, text_width
from notice_kit.layout.profile import MM_PER_PT, LayoutProfile
from notice_kit.models import Package, chinese_date
from notice_kit.render import wording
from notice_kit.render.docx import xml
from notice_kit.render.docx.body import render_blocks
from notice_kit.render.docx.fitting import AS_WRITTEN, Fitting
from notice_kit.render.docx.joint_seal import render_joint_sealed
from notice_kit.render.docx.seal import add_seal
from notice_kit.render.docx.table_geometry import borderless
from notice_kit.render.docx.titles import title_lines
from notice_kit.render.docx.writer import BODY_INDENT, DocxWriter, Indent, Span

# The mark's line box is a little taller than its glyphs; measured in LibreOffice's PDF,
# the glyph top then sits this many em below the top of the line box.
MARK_LINE_EM = 1.15
MARK_TOP_INSET_EM = 0.06


def render_notice(writer: DocxWriter, package: Package, *, header: bool = True,
                  fitting: Fitting = AS_WRITTEN) -> None:
    """Append the whole notice (without attachments and 版记) to ``writer``; without the
    版头 when ``header`` is false (a letterhead template is then the writer's base).
    ``fitting``: adjustments the PDF build asks for after measuring (:class:`Fitting`)."""
    notice = package.notice
    if header:
        render_header(writer, package)
    render_title(writer, notice.title, location="notice.title",
                 keep_whole=[*notice.header.issuers, *notice.signing_authorities])
    if notice.addressees:
        writer.blank(writer.profile.blank_lines_after_title)
        writer.paragraph([Span(wording.addressee_line(notice.addressees))], style="addressee")
    render_blocks(writer, notice.body, carry_rows=fitting.carry_rows,
                  split_at=fitting.split_last_paragraph)
    # 7.3.5: the 署名 page must carry text of the body.  The body's last lines, the
    # 附件说明 (7.3.4: one block, never split) and the 署名 with its date form one chain
    # of keep-with-next paragraphs, so that Word, WPS and LibreOffice all move the last
    # lines of the body over with them instead of leaving the signature alone.  A chain
    # longer than a page would instead be pushed off page 1 whole and then broken
    # anyway: then only the 附件说明's tail is kept with the 署名 (the build reports it).
    fits = _closing_lines(writer, package) <= writer.profile.lines_per_page - 2
    if fits and fitting.keep_body_end:
        writer.keep_last_with_next()
    render_attachment_note(writer, package, keep=fits, blank_scale=fitting.closing_blank_scale)
    render_signature(writer, package, keep_with_note=notice.note is not None,
                     blank_scale=fitting.closing_blank_scale)
    if notice.note:
        writer.paragraph([Span(f"（{notice.note}）")], style="body")


def render_header(writer: DocxWriter, package: Package) -> None:
    """版头 (7.2): 份号/密级/紧急程度 stacked top left, the red mark 35 mm below the top of
    the block, 发文字号 and 签发人, and the red rule 4 mm below them."""
    p = writer.profile
    header = package.notice.header
    # 7.2.1–7.2.3: 份号 (digits), then 密级 and 紧急程度 in 黑体, stacked top left.
    stacked = [Span(header.copy_number)] if header.copy_number else []
    stacked += [
        Span(text, role="hei")
        for text in (str(header.secrecy) if header.secrecy else None, header.urgency)
        if text
    ]
    for span in stacked:
        writer.paragraph([span], align="left")
    lines = header.mark_lines
    suffix = header.mark_suffix if header.mark is None else ""
    size = mark_size(writer, lines, suffix)
    # 7.2.4: the mark's top edge 35 mm below the top of the text block.
    above_pt = len(stacked) * p.line_pitch_pt
    space_before = max(p.mark_top_mm / MM_PER_PT - above_pt - MARK_TOP_INSET_EM * size, 0)
    mark = Span("", role="xiaobiaosong", size=size, color=p.mark_color, condensed=False)
    if len(lines) == 1:
        writer.paragraph([_with(mark, lines[0] + suffix)], align="center",
                         line_pt=size * MARK_LINE_EM, space_before_pt=space_before)
    else:
        render_joint_mark(writer, lines, suffix, mark, space_before)
    writer.blank(p.blank_lines_after_mark)
    rule_para = render_doc_number_line(writer, package)
    # The mark line and the rule are not whole grid lines; pad after the rule so the
    # title and the body sit on the same 22-line grid as every other page.
    odd = space_before + size * MARK_LINE_EM + _rule_gap_pt(p) + p.rule_width_pt
    pad = -odd % p.line_pitch_pt
    xml.ppr_set(rule_para._p.get_or_add_pPr(), "w:spacing", after=xml.pt_to_twips(pad))


def _with(span: Span, text: str) -> Span:
    return dataclasses.replace(span, text=text)


def mark_size(writer: DocxWriter, lines: list[str], suffix: str) -> float:
    """Return the mark's font size: the profile's, shrunk so the longest line fits."""
    p = writer.profile
    widest = max(text_width(line) for line in lines) + text_width(suffix)
    fit = (p.text_width_mm / MM_PER_PT) / max(widest, 1) * 0.98
    return min(p.mark_size_pt, round(fit * 2) / 2)


def render_joint_mark(
    writer: DocxWriter, lines: list[str], suffix: str, mark: Span, space_before: float
) -> None:
    """Joint issue (7.2.4): authorities stacked, lead first, "文件" on the right, centred
    vertically against them — a borderless table of two cells."""
    size = mark.size or writer.profile.body_size_pt
    writer.paragraph([], line_pt=1, space_before_pt=max(space_before - 1, 0))
    # Cells exactly as wide as their text (plus a little), no padding: a name must not wrap.
    names_w = max(text_width(line) for line in lines) * size
    widths = [xml.pt_to_twips(names_w + size * 0.3)]
    if suffix:
        widths.append(xml.pt_to_twips(text_width(suffix) * size + size * 0.3))
    table = writer.document.add_table(rows=1, cols=len(widths))
    borderless(table, widths)
    names = table.rows[0].cells[0]
    for i, line in enumerate(lines):
        para = names.paragraphs[0] if i == 0 else names.add_paragraph()
        _mark_line(writer, para, _with(mark, line), distribute=True)
    if suffix:
        cell = table.rows[0].cells[1]
        xml.set_attrs(xml.child(cell._tc.get_or_add_tcPr(), "w:vAlign"), val="center")
        _mark_line(writer, cell.paragraphs[0], _with(mark, suffix), distribute=False)


def _mark_line(writer: DocxWriter, para: DocxParagraph, span: Span, *, distribute: bool) -> None:
    ppr = para._p.get_or_add_pPr()
    size = span.size or writer.profile.body_size_pt
    xml.ppr_set(ppr, "w:spacing", line=xml.pt_to_twips(size * MARK_LINE_EM), lineRule="exact")
    # Joint marks are set with the names spread to equal width.
    xml.ppr_set(ppr, "w:jc", val="distribute" if distribute else "left")
    writer.add_span(para, span)


def render_doc_number_line(writer: DocxWriter, package: Package) -> DocxParagraph:
    """发文字号 centred — or, with 签发人 (上行文), one character in from the left on the
    line of the last signer — and the red rule 4 mm below it (7.2.5–7.2.7)."""
    p = writer.profile
    header = package.notice.header
    number = header.doc_number or ""
    if header.signers:
        rule_para = _signer_lines(writer, number, header.signers)
    else:
        rule_para = writer.paragraph([Span(number)] if number else [], align="center")
    borders = xml.ordered_child(rule_para._p.get_or_add_pPr(), "w:pBdr", xml.PPR_ORDER)
    borders.append(xml.border("w:bottom", sz=round(p.rule_width_pt * 8), color=p.mark_color,
                              space=_rule_gap_pt(p)))
    return rule_para


# The border is drawn below the line box, which reaches this far below the glyphs
# (measured in LibreOffice's PDF: ink of 〔〕号 to the rule).
RULE_GAP_CORRECTION_PT = 3.3


def _rule_gap_pt(p: LayoutProfile) -> int:
    return max(round(p.rule_gap_mm / MM_PER_PT - RULE_GAP_CORRECTION_PT), 0)


def _signer_lines(writer: DocxWriter, number: str, signers: list[str]) -> DocxParagraph:
    """签发人 (7.2.6): "签发人：" 仿宋 + names 楷体, one character in from the right, two
    names a line, a wrapped line aligned under the first name; the 发文字号 one character
    in from the left on the last signer line.  Returns that line."""
    pairs = ["\u3000".join(signers[i : i + 2]) for i in range(0, len(signers), 2)]
    right_tab = writer.text_width_twips - writer.chars(1)
    names_at = right_tab - writer.chars(set_width(pairs[0]))
    para: DocxParagraph | None = None
    for i, names in enumerate(pairs):
        last = i == len(pairs) - 1
        para = writer.paragraph([Span(number)] if last and number else [], align="left",
                                indent=Indent(left=1))
        tabs = xml.ordered_child(para._p.get_or_add_pPr(), "w:tabs", xml.PPR_ORDER)
        if i == 0:
            tabs.append(xml.element("w:tab", val="right", pos=right_tab))
            para.add_run("\t")
            writer.add_span(para, Span("签发人："))
        else:
            tabs.append(xml.element("w:tab", val="left", pos=names_at))
            para.add_run("\t")
        writer.add_span(para, Span(names, role="kai"))
    assert para is not None
    return para


def render_title(writer: DocxWriter, title: str, *, location: str,
                 keep_whole: Sequence[str] = ()) -> None:
    """标题 (7.3.1): 2号小标宋, centred, two blank lines below the rule, balanced lines;
    the phrases in ``keep_whole`` (the authorities' names) never broken."""
    p = writer.profile
    writer.blank(p.blank_lines_before_title)
    render_title_lines(writer, title, location=location, keep_whole=keep_whole)


def render_title_lines(writer: DocxWriter, title: str, *, location: str,
                       keep_next: bool = False, keep_whole: Sequence[str] = ()) -> None:
    p = writer.profile
    para = writer.paragraph([], style="title", keep_next=keep_next)
    lines = title_lines(writer, title, location=location, keep_whole=keep_whole)
    for i, line in enumerate(lines):
        if i:
            writer.line_break(para)
        writer.add_span(para, Span(line, role="xiaobiaosong", size=p.title_size_pt,
                                   condensed=False))


def _closing_lines(writer: DocxWriter, package: Package) -> int:
    """About how many lines the 附件说明, 署名, 成文日期 and 附注 take together."""
    p = writer.profile
    titles = [n.attachment.title for n in package.numbered_attachments()]
    room = p.chars_per_line - BODY_INDENT.first_line - text_width(wording.ATTACHMENT_LEAD) - 2
    note = sum(max(1, math.ceil(text_width(t) / room)) for t in titles)
    notice = package.notice
    names = len(notice.signing_authorities)
    if len(notice.seals) > 1:
        # Rows of seals (at most three a row) stand seal_row_lines apart.
        names = 1 + (math.ceil(names / 3) - 1) * p.seal_row_lines
    blank = (p.sealed_blank_lines_before_signature if notice.seals
             else p.blank_lines_before_signature)
    return ((p.blank_lines_before_attachment_note + note if titles else 0)
            + blank + names + 1
            + (math.ceil(text_width(notice.note) / p.chars_per_line) if notice.note else 0))


# When the 附件说明 cannot be kept whole, this many of its last lines go with the 署名.
NOTE_TAIL_KEPT = 2


def render_attachment_note(writer: DocxWriter, package: Package, *, keep: bool = True,
                           blank_scale: float = 1.0) -> None:
    """附件说明 (7.3.4): one blank line below the body, two characters in; several
    attachments numbered "1." with names aligned, wrapped names aligned with their own
    first character (a hanging indent, the number reaching it by a tab)."""
    titles = [n.attachment.title for n in package.numbered_attachments()]
    if not titles:
        return
    writer.blank(writer.profile.blank_lines_before_attachment_note, keep_next=keep,
                 scale=blank_scale)
    entries = wording.attachment_note_entries(titles)
    lead_w = text_width(wording.ATTACHMENT_LEAD)
    number_w = max(1.0, max(text_width(number) for _, number, _ in entries))
    left = BODY_INDENT.first_line + lead_w + (number_w if len(entries) > 1 else 0)
    for i, (lead, number, title) in enumerate(entries):
        hanging = text_width(lead) + (number_w if number else 0)
        text = lead + (f"{number}\t" if number else "") + title
        kept = keep or i >= len(entries) - NOTE_TAIL_KEPT
        writer.paragraph([Span(text)], indent=Indent(left=left, hanging=hanging), align="left",
                         keep_next=kept, keep_lines=True)


def render_signature(writer: DocxWriter, package: Package, *, keep_with_note: bool = False,
                     blank_scale: float = 1.0) -> None:
    """发文机关署名 and 成文日期 (7.3.5).

    Unsealed (7.3.5.2): the name two characters in from the right, the date below it
    starting two characters further right — or, when the date is the longer, the date two
    characters in from the right and the name moved left.  Sealed (7.3.5.1): the date four
    characters in from the right, the name centred over it, the seal pressing both.
    Whichever line sets the right edge is right-aligned, so it holds whatever the fonts.
    """
    p = writer.profile
    notice = package.notice
    date = chinese_date(notice.date)
    names = notice.signing_authorities
    seals = notice.seals
    # A seal needs its full two lines above the name (7.3.5.1): only unsealed blanks shrink.
    writer.blank(p.sealed_blank_lines_before_signature if seals else p.blank_lines_before_signature,
                 keep_next=True, scale=1.0 if seals else blank_scale)
    block = p.text_width_mm / MM_PER_PT / p.char_pitch_pt
    name_w = max(set_width(n) for n in names)
    date_w = set_width(date)
    right = p.sealed_date_right_chars if seals else p.signature_right_chars
    first: DocxParagraph | None = None
    if len(seals) > 1:
        render_joint_sealed(writer, names, date, seals, keep_with_note=keep_with_note)
    elif seals:
        date_start = block - right - date_w
        name_start = date_start + (date_w - name_w) / 2
        for name in names:
            para = writer.paragraph([Span(name)], align="left",
                                    indent=Indent(left=name_start), keep_next=True)
            first = first or para
        writer.paragraph([Span(date)], align="right", indent=Indent(right=right),
                         keep_next=keep_with_note)
        assert first is not None
        add_seal(writer, first, seals[0], centre_chars=date_start + date_w / 2)
    elif date_w + p.date_extra_chars > name_w:
        name_start = block - right - date_w - p.date_extra_chars
        for name in names:
            writer.paragraph([Span(name)], align="left", indent=Indent(left=name_start),
                             keep_next=True)
        writer.paragraph([Span(date)], align="right", indent=Indent(right=right),
                         keep_next=keep_with_note)
    else:
        for name in names:
            writer.paragraph([Span(name)], align="right", indent=Indent(right=right),
                             keep_next=True)
        writer.paragraph([Span(date)], align="left",
                         indent=Indent(left=block - right - name_w + p.date_extra_chars),
                         keep_next=keep_with_note)
