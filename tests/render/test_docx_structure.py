"""The .docx as written: geometry, fonts, sizes, grid, footers and element order, read back
with python-docx and its XML (GB/T 9704-2012 clauses in each test)."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn

import notice_kit
from notice_kit.models import Package

from ..conftest import minimal_data

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def merged(seed_package: Package) -> Document:
    return docx.Document(io.BytesIO(notice_kit.render_package_docx(seed_package).data))


def _run_property(run: object, tag: str, attr: str = "w:val") -> str | None:
    """``tag``'s ``attr`` as the run gets it: its own, its paragraph style's (and that
    style's bases'), or the document defaults' (Word's order of inheritance)."""
    r = run._r  # type: ignore[attr-defined]
    p = r.getparent()
    levels = [r.rPr]
    root = run.part.package.main_document_part.document.styles.element  # type: ignore[attr-defined]
    styles = {s.get(qn("w:styleId")): s for s in root.iter(qn("w:style"))}
    ref = p.find(f"{W}pPr/{W}pStyle")
    style_id = ref.get(qn("w:val")) if ref is not None else "Normal"
    while style_id in styles:
        style = styles[style_id]
        levels.append(style.find(qn("w:rPr")))
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    levels.append(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    for rpr in levels:
        el = rpr.find(qn(tag)) if rpr is not None else None
        if el is not None and el.get(qn(attr)) is not None:
            return el.get(qn(attr))  # type: ignore[no-any-return]
    return None


def east_asian_font(run: object) -> str | None:
    return _run_property(run, "w:rFonts", "w:eastAsia")


def size_pt(run: object) -> float | None:
    sz = _run_property(run, "w:sz")
    return None if sz is None else int(sz) / 2


def find(doc: Document, text: str, *, exact: bool = False) -> object:
    for para in doc.paragraphs:
        if para.text == text if exact else para.text.startswith(text):
            return para
    raise AssertionError(f"no paragraph starts with {text!r}")


def test_page_is_a4_with_gbt9704_margins(merged: Document) -> None:
    """Digest 'Units and page': A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm."""
    s = merged.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    margins = [s.top_margin.mm, s.bottom_margin.mm, s.left_margin.mm, s.right_margin.mm]
    assert [round(m, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]


def test_defaults_fill_the_grid(merged: Document) -> None:
    """22 lines: exact 579-twip pitch; 28 characters: 3号 condensed by 0.25 pt; no theme
    fonts or Japanese theme language overriding the East-Asian names."""
    styles = merged.styles.element
    rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts = rpr.find(f"{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert not [k for k in fonts.attrib if k.endswith("Theme")]
    assert rpr.find(f"{W}sz").get(f"{W}val") == "32"
    spacing = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("579", "exact")
    lang = merged.settings.element.find(f"{W}themeFontLang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    # The condensing is the default, not on each run: text typed into a blank line keeps
    # 28 characters a line (audit F5).
    assert rpr.find(f"{W}spacing").get(f"{W}val") == "-5"
    body = find(merged, "为贯彻落实")
    assert all(_run_property(r, "w:spacing") == "-5" for r in body.runs)
    assert all(r._r.rPr is None or r._r.rPr.find(f"{W}spacing") is None for r in body.runs)


def test_mark_is_red_xiaobiaosong(merged: Document) -> None:
    """7.2.4: 发文机关标志 centred, red, 小标宋."""
    mark = find(merged, "扬州市教育局文件")
    run = mark.runs[0]
    assert east_asian_font(run) == "方正小标宋简体"
    assert run._r.rPr.find(f"{W}color").get(f"{W}val") == "FF0000"
    assert mark.paragraph_format.alignment == 1  # centre


def test_rule_is_red_below_the_doc_number(merged: Document) -> None:
    """7.2.7: a red rule under the 发文字号, full width (a paragraph border)."""
    para = find(merged, "扬教发〔2024〕96号")
    bottom = para._p.pPr.find(f"{W}pBdr/{W}bottom")
    assert bottom.get(f"{W}color") == "FF0000"
    assert para._p.pPr.find(f"{W}ind") is None  # no indents: the border spans the block


def test_title_is_two_balanced_lines_of_22pt(merged: Document) -> None:
    """7.3.1: 2号小标宋, centred, lines broken between words."""
    title = find(merged, "关于开展")
    assert title.text == "关于开展全市青少年生命关爱\n第三季度复盘与调度工作的通知"
    assert {east_asian_font(r) for r in title.runs if r.text.strip()} == {"方正小标宋简体"}
    assert {size_pt(r) for r in title.runs if r.text.strip()} == {22}


def test_heading_fonts_by_level(merged: Document) -> None:
    """7.3.3: 一、黑体  （一）楷体 — the run-in text after the heading in 仿宋."""
    level1 = find(merged, "一、时间、地点")
    assert east_asian_font(level1.runs[0]) == "黑体"
    run_in = find(merged, "（一）时间：")
    assert east_asian_font(run_in.runs[0]) == "楷体_GB2312"
    assert run_in.runs[0].text == "（一）时间："
    assert east_asian_font(run_in.runs[1]) == "仿宋_GB2312"
    item = find(merged, "1．围绕")
    assert east_asian_font(item.runs[0]) == "仿宋_GB2312"


def test_attachment_note_hangs_numbers(merged: Document) -> None:
    """7.3.4: "附件：1.名称", later numbers aligned under "1.", names aligned."""
    first = find(merged, "附件：1.")
    second = find(merged, "2.")
    ind1, ind2 = first._p.pPr.find(f"{W}ind"), second._p.pPr.find(f"{W}ind")
    assert ind1.get(f"{W}left") == ind2.get(f"{W}left")
    # left − hanging is where each line starts: two characters in, then "附件：" (3 more).
    start1 = int(ind1.get(f"{W}left")) - int(ind1.get(f"{W}hanging"))
    start2 = int(ind2.get(f"{W}left")) - int(ind2.get(f"{W}hanging"))
    assert start1 == 630 and start2 - start1 == 3 * 315


def test_signature_and_date_right_of_centre(merged: Document) -> None:
    """7.3.5.2: the date (longer than the name) two characters in from the right,
    right-aligned so it holds whatever the fonts; the name starts two characters left."""
    name = find(merged, "扬州市教育局", exact=True)
    date = find(merged, "2024年10月28日", exact=True)
    assert date.paragraph_format.alignment == 2
    assert date._p.pPr.find(f"{W}ind").get(f"{W}right") == "630"
    assert int(name._p.pPr.find(f"{W}ind").get(f"{W}left")) > 8844 / 2


def test_attachments_start_on_new_pages_with_label(merged: Document) -> None:
    """7.3.7: each attachment on a new page, "附件N" in 3号黑体, no colon."""
    for n in (1, 2, 3):
        label = find(merged, f"附件{n}")
        assert label.text == f"附件{n}"
        assert label._p.pPr.find(f"{W}pageBreakBefore") is not None
        assert east_asian_font(label.runs[0]) == "黑体"


def test_receipt_table_has_the_columns_and_blank_rows(merged: Document) -> None:
    table = merged.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["序号", "姓名", "单位及职务", "手机号码"]
    assert len(table.rows) == 1 + 8
    assert [r.cells[0].text for r in table.rows[1:]] == [str(n) for n in range(1, 9)]
    width = table._tbl.tblPr.find(f"{W}tblW")
    assert abs(int(width.get(f"{W}w")) - 8844) <= 4  # the block's width, 156 mm


def test_footers_put_page_numbers_outside(merged: Document) -> None:
    """7.5: "— N —" 4号宋体, odd pages right, even pages left, one character in."""
    assert merged.settings.element.find(f"{W}evenAndOddHeaders") is not None
    s = merged.sections[0]
    odd, even = s.footer.paragraphs[0], s.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "— 1 —"
    assert "PAGE" in "".join(t.text for t in odd._p.iter(f"{W}instrText"))
    assert (odd.paragraph_format.alignment, even.paragraph_format.alignment) == (2, 0)
    assert odd._p.pPr.find(f"{W}ind").get(f"{W}right") == "280"
    assert {east_asian_font(r) for r in odd.runs if r.text.strip()} == {"宋体"}
    assert {size_pt(r) for r in odd.runs if r.text.strip()} == {14}


def test_centred_profile_is_a_switch_not_an_edit(seed_package: Package) -> None:
    data = notice_kit.render_package_docx(seed_package, notice_kit.get_profile("centred")).data
    doc = docx.Document(io.BytesIO(data))
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text == "- 1 -" and footer.paragraph_format.alignment == 1
    assert notice_kit.GBT9704.page_number_format == "— {n} —"


def test_colophon_sits_in_a_bottom_text_box(merged: Document) -> None:
    """7.4: 抄送 and 印发 between a thick and a thin rule at the foot of the last page."""
    body = merged.element.body
    box = body.findall(f".//{W}txbxContent")[-1]
    paras = box.findall(f"{W}p")
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in paras]
    assert texts == ["", "抄送：江苏省教育厅。", "", "扬州市教育局办公室2024年10月28日印发", ""]
    # Rules are paragraphs of their own with no indents, so they span the block.
    rules = [p.find(f"{W}pPr/{W}pBdr/{W}bottom").get(f"{W}sz") for p in paras[::2]]
    assert rules == ["8", "6", "8"]
    assert all(p.find(f"{W}pPr/{W}ind") is None for p in paras[::2])


def test_element_order(merged: Document) -> None:
    """Notice, 附件说明, signature, then attachments in order (7.3.7: before the 版记)."""
    elements = [para._p for para in merged.paragraphs]
    order = [("扬州市教育局文件", True), ("扬教发〔2024〕96号", True), ("关于开展", False),
             ("各县", False), ("为贯彻落实", False), ("附件：1.", False), ("扬州市教育局", True),
             ("2024年10月28日", True), ("附件1", True), ("省厅三季度分析材料", True),
             ("附件2", True), ("第三季度复盘与调度工作参加人员回执", True), ("单位名称：", False),
             ("附件3", True), ("各地参加学校名单", True), ("1.邗江中专", True)]
    positions = [elements.index(find(merged, t, exact=e)._p) for t, e in order]  # type: ignore[attr-defined]
    assert positions == sorted(positions)


def test_characters_outside_gb2312_switch_to_the_plain_face() -> None:
    """仿宋_GB2312 lacks 堃 and 𠮷: those runs name 仿宋 instead (RENDERING-NOTES)."""
    package = notice_kit.package_from_data(minimal_data(body=["请王堃、𠮷田同志参加。"]))
    doc = docx.Document(io.BytesIO(notice_kit.render_notice_docx(package).data))
    para = find(doc, "请王")
    faces = [(r.text, east_asian_font(r)) for r in para.runs]
    assert ("堃", "仿宋") in faces and ("𠮷", "仿宋") in faces
    assert ("请王", "仿宋_GB2312") in faces


def test_same_data_gives_the_same_bytes(seed_package: Package) -> None:
    a = notice_kit.render_package_docx(seed_package).data
    b = notice_kit.render_package_docx(seed_package).data
    assert a == b
    names = {i.date_time for i in zipfile.ZipFile(io.BytesIO(a)).infolist()}
    assert names == {(1980, 1, 1, 0, 0, 0)}
