"""A notice written by hand with python-docx, the way a clerk sets one up in Word — no
notice_kit involved: fonts named on each run, indents typed as full-width spaces in places,
the title on two centred paragraphs, a "Table Grid" table, a PAGE field in the footer."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

FANG, HEI, KAI, XBS = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"
TITLE = "关于做好2024年冬季学校安全工作的通知"
ATTACHMENTS = [("附件1", "安全检查情况汇总表"), ("附件2", "值班安排表")]
RECEIPT = ["序号", "学校", "检查情况"]


def _run(para: Paragraph, text: str, font: str = FANG, size: float = 16,
         color: str | None = None) -> None:
    run = para.add_run(text)
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _para(doc: docx.document.Document, *runs: tuple[str, str], size: float = 16,
          align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = False,
          color: str | None = None) -> Paragraph:
    para = doc.add_paragraph()
    para.paragraph_format.line_spacing = Pt(28.95)
    if align is not None:
        para.alignment = align
    if indent:
        para.paragraph_format.first_line_indent = Pt(32)
    for text, font in runs:
        _run(para, text, font, size, color)
    return para


def _border(para: Paragraph, side: str, color: str, sz: int) -> None:
    ppr = para._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(sz)), ("space", "1"), ("color", color)):
        edge.set(qn(f"w:{key}"), value)
    bdr.append(edge)
    ppr.append(bdr)


def _footer(doc: docx.document.Document) -> None:
    para = doc.sections[0].footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(para, "— ", "宋体", 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)
    _run(para, " —", "宋体", 14)


def write_handmade(path: Path) -> Path:
    """Write the hand-made notice to ``path`` and return it."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, ("某某县教育局文件", XBS), size=42, align=centre, color="FF0000")
    _para(doc)
    number = _para(doc, ("某教发〔2024〕3号", FANG), align=centre)
    _border(number, "bottom", "FF0000", 8)
    _para(doc)
    _para(doc, ("关于做好2024年冬季", XBS), size=22, align=centre)
    _para(doc, ("学校安全工作的通知", XBS), size=22, align=centre)
    _para(doc)
    _para(doc, ("各乡镇中心校，县直各学校：", FANG))
    _para(doc, ("为切实做好今冬学校安全工作，现将有关事项通知如下。", FANG), indent=True)
    _para(doc, ("一、工作要求", HEI), indent=True)
    _para(doc, ("（一）加强排查。", KAI), ("各校要对校舍、食堂、宿舍开展一次全面排查。", FANG),
          indent=True)
    _para(doc, ("（二）落实责任。", KAI), ("校长是学校安全第一责任人。", FANG), indent=True)
    _para(doc, ("二、时间安排", HEI), indent=True)
    _para(doc, ("1．12月10日前完成自查；", FANG), indent=True)
    _para(doc, ("2．12月20日前上报汇总表。", FANG), indent=True)
    _para(doc)
    _para(doc, ("附件：1.安全检查情况汇总表", FANG), indent=True)
    # Names aligned with full-width spaces, as clerks do: two for the indent, three for 附件：.
    _para(doc, ("\u3000" * 5 + "2.值班安排表", FANG))
    _para(doc)
    name = _para(doc, ("某某县教育局", FANG), align=WD_ALIGN_PARAGRAPH.RIGHT)
    name.paragraph_format.right_indent = Pt(64)
    date = _para(doc, ("2024年12月2日", FANG), align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.right_indent = Pt(32)
    for n, (label, title) in enumerate(ATTACHMENTS):
        doc.add_page_break()
        _para(doc, (label, HEI))
        _para(doc)
        _para(doc, (title, XBS), size=22, align=centre)
        _para(doc)
        if n == 0:
            table = doc.add_table(rows=4, cols=3, style="Table Grid")
            for c, head in enumerate(RECEIPT):
                table.rows[0].cells[c].text = head
            for r in range(1, 4):
                table.rows[r].cells[0].text = str(r)
        else:
            _para(doc, ("12月31日至1月2日每日安排一名校领导带班。", FANG), indent=True)
    cc = _para(doc, ("抄送：县政府办公室。", FANG), size=14)
    _border(cc, "top", "000000", 8)
    printed = _para(doc, ("某某县教育局办公室\t2024年12月2日印发", FANG), size=14)
    _border(printed, "bottom", "000000", 8)
    _footer(doc)
    doc.save(str(path))
    return path
