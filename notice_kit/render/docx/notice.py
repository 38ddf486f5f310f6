"""The notice: 版头, title, 主送, body, 附件说明, signature and date, 附注 (GB/T 9704-2012 7.2–7.3)."""

from __future__ import annotations

from notice_kit.layout.metrics import text_width
from notice_kit.layout.profile import MM_PER_PT
from notice_kit.models import Package, chinese_date
from notice_kit.render.docx.body import render_blocks
from notice_kit.render.docx.titles import title_lines
from notice_kit.render.docx.writer import BODY_INDENT, DocxWriter, Indent, Span


def render_notice(writer: DocxWriter, package: Package) -> None:
    """Append the whole notice (without attachments and 版记) to ``writer``."""
    render_header(writer, package)
    render_title(writer, package.notice.title)
    notice = package.notice
    if notice.addressees:
        writer.blank(writer.profile.blank_lines_after_title)
        writer.paragraph([Span("，".join(notice.addressees) + "：")])
    render_blocks(writer, notice.body)
    render_attachment_note(writer, package)
    render_signature(writer, package)
    if notice.note:
        writer.paragraph([Span(f"（{notice.note}）")], indent=BODY_INDENT)


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
    # Exact spacing of 1 em puts the glyph cell in the line box; space before moves the
    # cell's top edge to 35 mm below the block's top (7.2.3).
    above_pt = len(stacked) * p.line_pitch_pt
    space_before = max(p.mark_top_mm / MM_PER_PT - above_pt - MARK_TOP_INSET_EM * size, 0)
    if len(lines) == 1:
        writer.paragraph(
            [Span(lines[0] + suffix, role="xiaobiaosong", size=size, color=p.mark_color,
                  condensed=False)],
            align="center",
            line_pt=size * MARK_LINE_EM,
            space_before_pt=space_before,
        )
    else:
        render_joint_mark(writer, lines, suffix, size, space_before)
    writer.blank(p.blank_lines_after_mark)
    render_doc_number_line(writer, package)


MARK_LINE_EM = 1.15
MARK_TOP_INSET_EM = 0.0


def mark_size(writer: DocxWriter, lines: list[str], suffix: str) -> float:
    """Return the mark's font size: the profile's, shrunk so the longest line fits."""
    p = writer.profile
    widest = max(text_width(line) for line in lines) + text_width(suffix)
    fit = (p.text_width_mm / MM_PER_PT) / max(widest, 1) * 0.98
    return min(p.mark_size_pt, round(fit * 2) / 2)


def render_joint_mark(
    writer: DocxWriter, lines: list[str], suffix: str, size: float, space_before: float
) -> None:
    """Joint issue (7.2.3): authorities stacked, lead first, "文件" on the right, centred
    vertically against them — a borderless two-column table."""
    p = writer.profile
    writer.paragraph([], line_pt=1, space_before_pt=max(space_before - 1, 0))
    names_w = max(text_width(line) for line in lines) * size
    suffix_w = max(text_width(suffix) * size, 1)
    total = names_w + suffix_w
    table = writer.document.add_table(rows=1, cols=2 if suffix else 1)
    from notice_kit.render.docx.writer import _table_geometry
    from notice_kit.render.docx.xml import pt_to_twips

    widths = [pt_to_twips(names_w + 4)] + ([pt_to_twips(suffix_w + 4)] if suffix else [])
    _table_geometry(table, widths)
    borders = table._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblBorders"
    )
    if borders is not None:
        for b in borders:
            b.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "nil")
    cell = table.rows[0].cells[0]
    for i, line in enumerate(lines):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        para.alignment = 3  # distribute evenly, as joint marks are set
        _exact(para, size * MARK_LINE_EM)
        writer.add_span(para, Span(line, role="xiaobiaosong", size=size, color=p.mark_color,
                                   condensed=False))
    if suffix:
        cell2 = table.rows[0].cells[1]
        from notice_kit.render.docx import xml

        xml.set_attrs(xml.child(cell2._tc.get_or_add_tcPr(), "w:vAlign"), val="center")
        para = cell2.paragraphs[0]
        _exact(para, size * MARK_LINE_EM)
        writer.add_span(para, Span(suffix, role="xiaobiaosong", size=size, color=p.mark_color,
                                   condensed=False))
    _ = total


def _exact(para: object, line_pt: float) -> None:
    from notice_kit.render.docx.xml import ppr_set, pt_to_twips

    ppr = para._p.get_or_add_pPr()  # type: ignore[attr-defined]
    ppr_set(ppr, "w:spacing", line=pt_to_twips(line_pt), lineRule="exact")


def render_doc_number_line(writer: DocxWriter, package: Package) -> None:
    """发文字号 centred (or, with 签发人, one character in from the left on the line of the
    last signer), then the red rule 4 mm below it (7.2.4–7.2.6)."""
    from notice_kit.render.docx import xml
    from notice_kit.render.docx.xml import ppr_set

    p = writer.profile
    header = package.notice.header
    number = header.doc_number or ""
    if header.signers:
        signer_lines = _signer_lines(header.signers)
        for i, names in enumerate(signer_lines):
            last = i == len(signer_lines) - 1
            spans = []
            if last and number:
                spans.append(Span(number))
            para = writer.paragraph(
                [*spans],
                align="left",
                indent=Indent(left=1),
            )
            # The signer block is right-aligned by a right tab one character in.
            ppr = para._p.get_or_add_pPr()
            tabs = xml.ordered_child(ppr, "w:tabs", xml.PPR_ORDER)
            tabs.append(
                xml.element("w:tab", val="right", pos=writer.text_width_twips - writer.chars(1))
            )
            para.add_run("\t")
            label = "签发人：" if i == 0 else "\u3000" * 4
            writer.add_span(para, Span(label))
            writer.add_span(para, Span(names, role="kai"))
            if last:
                rule_para = para
    else:
        rule_para = writer.paragraph([Span(number)] if number else [], align="center")
    ppr = rule_para._p.get_or_add_pPr()
    borders = xml.ordered_child(ppr, "w:pBdr", xml.PPR_ORDER)
    gap_pt = max(round(p.rule_gap_mm / MM_PER_PT - RULE_GAP_CORRECTION_PT), 0)
    borders.append(
        xml.border("w:bottom", sz=round(p.rule_width_pt * 8), color=p.mark_color, space=gap_pt)
    )
    _ = ppr_set


RULE_GAP_CORRECTION_PT = 0.0


def _signer_lines(signers: list[str]) -> list[str]:
    # Two names a line, as 签发人 blocks are usually set.
    return ["\u3000".join(signers[i : i + 2]) for i in range(0, len(signers), 2)]


def render_title(writer: DocxWriter, title: str) -> None:
    """标题 (7.3.1): 2号小标宋, centred, two blank lines below the rule, balanced lines."""
    p = writer.profile
    writer.blank(p.blank_lines_before_title)
    para = writer.paragraph([], align="center")
    for i, line in enumerate(title_lines(writer, title)):
        if i:
            writer.line_break(para)
        writer.add_span(para, Span(line, role="xiaobiaosong", size=p.title_size_pt,
                                   condensed=False))


def render_attachment_note(writer: DocxWriter, package: Package) -> None:
    """附件说明 (7.3.4): one blank line below the body, two characters in; several
    attachments numbered "1." with names aligned, wrapped names aligned with their own
    first character."""
    numbered = package.numbered_attachments()
    if not numbered:
        return
    writer.blank(writer.profile.blank_lines_before_attachment_note)
    lead = "附件："
    if len(numbered) == 1:
        title = numbered[0].attachment.title
        writer.paragraph([Span(lead + title)], indent=Indent(left=2 + 3, hanging=3))
        return
    number_w = max(text_width(f"{n.number}.") for n in numbered)
    number_cells = max(1.0, round(number_w * 2) / 2)
    left = 2 + 3 + number_cells
    for n in numbered:
        first = n.number == 1
        text = f"{n.number}.\t{n.attachment.title}"
        spans = [Span((lead if first else "") + text)]
        hanging = number_cells + (3 if first else 0)
        writer.paragraph(spans, indent=Indent(left=left, hanging=hanging), align="left")


def render_signature(writer: DocxWriter, package: Package) -> None:
    """发文机关署名 and 成文日期 (7.3.5.2, unsealed): the name two characters in from the
    right, the date below starting two characters further right — or, when the date is
    the longer, the date two in from the right and the name moved left."""
    p = writer.profile
    notice = package.notice
    date = chinese_date(notice.date)
    names = notice.signing_authorities
    writer.blank(p.blank_lines_before_signature)
    block_chars = p.text_width_mm / MM_PER_PT / p.char_pitch_pt
    name_w = max(text_width(n) for n in names)
    date_w = text_width(date)
    right = p.sealed_date_right_chars if notice.seal else p.signature_right_chars
    name_start = block_chars - right - name_w
    date_start = name_start + p.date_extra_chars
    if date_start + date_w > block_chars - right:
        date_start = block_chars - right - date_w
        name_start = date_start - p.date_extra_chars
    if notice.seal:
        # Sealed (7.3.5.1): date four characters in from the right, name centred over it.
        date_start = block_chars - right - date_w
        name_start = date_start + (date_w - name_w) / 2
    for name in names:
        writer.paragraph([Span(name)], align="left", indent=Indent(left=name_start),
                         keep_next=True)
    writer.paragraph([Span(date)], align="left", indent=Indent(left=date_start))
