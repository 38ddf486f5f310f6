"""Reading PDF notices back: the seed's merged PDF (LibreOffice), and the hand-made .docx
converted — positions in mm, face names, page numbers as printed, red ink measured."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

import notice_kit
from notice_kit.convert import convert_to_pdf
from notice_kit.errors import InspectionError
from notice_kit.inspect.fonts import font_role
from notice_kit.inspect.model import AttachmentNote, InspectedDocument
from notice_kit.inspect.pdftext import read_font_spans, read_word_lines
from notice_kit.inspect.reader import inspect_document
from notice_kit.manifest import BuildResult

from ..conftest import needs_libreoffice
from .handmade import ATTACHMENTS, RECEIPT, TITLE, write_handmade

P = notice_kit.GBT9704
BLOCK_BOTTOM = P.margin_top_mm + P.text_height_mm


@pytest.fixture(scope="module")
def seed(seed_build: BuildResult) -> InspectedDocument:
    return inspect_document(seed_build.path("package", "pdf"))


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> InspectedDocument:
    needs_libreoffice()
    tmp = tmp_path_factory.mktemp("hand")
    return inspect_document(convert_to_pdf(write_handmade(tmp / "hand.docx"), tmp / "hand.pdf").pdf)


def test_seed_header_positions(seed: InspectedDocument) -> None:
    mark, number, rule = seed.elements[:3]
    assert (mark.kind, mark.page, mark.color, mark.size_pt, mark.font_role) == (
        "mark", 1, "FF0000", 42, "xiaobiaosong")
    # 7.2.4: the top of the red ink 35 mm below the block (the letters' box starts higher).
    assert mark.ink_top_mm == pytest.approx(P.margin_top_mm + P.mark_top_mm, abs=0.5)
    assert mark.y_mm is not None and mark.y_mm < mark.ink_top_mm
    assert (number.kind, number.text, number.align) == ("doc_number", "扬教发〔2024〕96号", "center")
    assert (rule.kind, rule.color) == ("rule", "FF0000")
    assert rule.boxes[0].x1_mm - rule.boxes[0].x0_mm == pytest.approx(P.text_width_mm, abs=0.5)


def test_seed_title_lines_are_centred(seed: InspectedDocument) -> None:
    title = seed.first("title")
    assert title is not None and title.lines == ["关于开展全市青少年生命关爱", "第三季度复盘与调度工作的通知"]
    centre = P.margin_left_mm + P.text_width_mm / 2
    assert [b.centre_x_mm for b in title.boxes] == [pytest.approx(centre, abs=1.0)] * 2
    assert title.font_role == "xiaobiaosong" and title.size_pt == 22


def test_seed_paragraphs_are_joined_across_lines_and_pages(seed: InspectedDocument) -> None:
    addressees = seed.first("addressees")
    assert addressees is not None and len(addressees.lines) == 3
    assert addressees.text.endswith("市直各学校：")
    # （三）各地各市直学校… starts on page 4; the paragraph before it ran over from page 3.
    over = next(e for e in seed.elements if e.text.startswith("（二）近日"))
    assert {b.page for b in over.boxes} == {3, 4}
    assert over.text.endswith("材料为内部材料，一律不得外传及拍照、复印上传至各类微信群、QQ群等网络平台。")


def test_seed_headings_fonts_from_the_faces(seed: InspectedDocument) -> None:
    first, timing = seed.headings[:2]
    assert (first.number, first.heading, first.font_role, first.page) == ("一、", "时间、地点", "hei", 2)
    assert (timing.heading, timing.run_in, timing.font_role) == ("时间：", "2024年11月22日14:00。", "kai")
    assert font_role(timing.run_in_font) is not None and font_role(timing.run_in_font).value == "fangsong"  # type: ignore[union-attr]


def test_seed_note_signature_date_positions(seed: InspectedDocument) -> None:
    (note,) = [e for e in seed.elements if isinstance(e, AttachmentNote)]
    assert [n.number for n in note.entries] == [1, 2, 3]
    date = seed.first("date")
    assert date is not None and date.page == 4 and date.text == "2024年10月28日"
    two = 2 * P.char_pitch_pt * 25.4 / 72
    right = P.margin_left_mm + P.text_width_mm
    assert date.boxes[0].x1_mm == pytest.approx(right - two, abs=1.0)


def test_seed_attachments_pages_and_receipt_table(seed: InspectedDocument,
                                                  seed_build: BuildResult) -> None:
    parts = seed_build.manifest.parts[1:]
    assert [(a.label, a.title, a.page) for a in seed.attachments] == [
        (p.label, p.title, p.first_page) for p in parts]
    (table,) = seed.attachments[1].tables
    assert table.columns == ["序号", "姓名", "单位及职务", "手机号码"]
    assert table.rows == [[str(n), "", "", ""] for n in range(1, 9)]
    assert table.font_role == "hei" and table.size_pt == 14


def test_seed_page_numbers_as_printed(seed: InspectedDocument) -> None:
    assert [p.page_number for p in seed.pages] == [f"— {n} —" for n in range(1, 15)]
    box = seed.pages[1].page_number_box
    assert box is not None and (box.top_mm + box.bottom_mm) / 2 == pytest.approx(BLOCK_BOTTOM + 7, abs=1)
    assert seed.line_pitch_mm == pytest.approx(P.text_height_mm / 22, abs=0.05)


def test_seed_colophon_on_the_last_page(seed: InspectedDocument) -> None:
    cc, printed = seed.of_kind("colophon_cc", "colophon_print")
    assert (cc.page, printed.page) == (14, 14)
    assert printed.text == "扬州市教育局办公室\t2024年10月28日印发"
    rules = [e for e in seed.of_kind("rule") if e.page == 14]
    assert [r.thickness_pt for r in rules] == [1.0, 0.75, 1.0]
    assert rules[-1].boxes[0].top_mm == pytest.approx(BLOCK_BOTTOM, abs=1.0)


def test_poppler_readers_keep_words_and_faces(seed_build: BuildResult) -> None:
    pdf = seed_build.path("package", "pdf")
    last = read_word_lines(pdf)[0][-1]
    assert (last.text, last.spaced_text) == ("—1—", "— 1 —")
    mark = read_font_spans(pdf)[0][0]
    assert (mark.text, mark.color, mark.size_pt) == ("扬州市教育局文件", "FF0000", 42)
    assert mark.font.startswith("NotoSerifCJK")  # the subset tag "BAAAAA+" is dropped


# -- the hand-made notice, laid out by LibreOffice -----------------------------------------------


def test_handmade_pdf_reads_back(handmade: InspectedDocument) -> None:
    assert handmade.title == TITLE
    assert [(a.label, a.title) for a in handmade.attachments] == ATTACHMENTS
    assert handmade.attachments[0].tables[0].columns == RECEIPT
    assert [(h.level, h.number) for h in handmade.headings] == [
        (1, "一、"), (2, "（一）"), (2, "（二）"), (1, "二、"), (3, "1．"), (3, "2．")]
    assert [p.page_number for p in handmade.pages] == [f"— {n} —" for n in range(1, len(handmade.pages) + 1)]
    signature, date = handmade.of_kind("signature", "date")
    assert (signature.text, date.text) == ("某某县教育局", "2024年12月2日")


@pytest.mark.parametrize(("name", "role"), [
    ("仿宋_GB2312", "fangsong"), ("FandolFang-Regular", "fangsong"), ("FZFSK--GBK1-0", "fangsong"),
    ("方正小标宋简体", "xiaobiaosong"), ("NotoSerifCJKjp-Bold-VKana", "xiaobiaosong"),
    ("FZXBSK--GBK1-0", "xiaobiaosong"), ("黑体", "hei"), ("SimHei", "hei"),
    ("NotoSansCJKjp-Regular-VKana", "hei"), ("楷体_GB2312", "kai"), ("UKaiCN", "kai"),
    ("宋体", "song"), ("NotoSerifCJKjp-Regular-VKana", "song"), ("LiberationSerif", "latin_serif"),
])
def test_font_roles_from_names(name: str, role: str) -> None:
    found = font_role(name)
    assert found is not None and found.value == role


def test_a_broken_pdf_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 nothing")
    with pytest.raises(InspectionError, match="not a readable PDF"):
        inspect_document(tmp_path / "bad.pdf")


def test_page_ranges_read_at_once_give_the_lines_of_one_read(
        seed_build: BuildResult, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_lines runs pdftotext over page ranges in parallel; the pages, their numbers and
    lines must be exactly those of a single run over the whole PDF."""
    from notice_kit.inspect import pdftext

    pdf = seed_build.path("package", "pdf")
    monkeypatch.setattr(pdftext, "_PAGES_PER_RANGE", 10**6)
    whole = pdftext.read_lines(pdf)
    monkeypatch.setattr(pdftext, "_PAGES_PER_RANGE", 3)
    monkeypatch.setattr(pdftext.os, "sched_getaffinity", lambda _: set(range(4)), raising=False)
    ranged = pdftext.read_lines(pdf)
    assert len(whole) == pdftext.page_count(pdf) >= 12
    assert [p.number for p in ranged] == list(range(1, len(whole) + 1))
    assert ranged == whole


def test_a_short_pdf_is_read_in_one_run_without_pdfinfo(
        seed_build: BuildResult, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The page tree says how long the PDF is: a short one goes to one pdftotext over every
    page, with no pdfinfo first; where the tree is not in plain text, pdfinfo decides."""
    from notice_kit.inspect import pdftext

    pdf = seed_build.path("package", "pdf")
    monkeypatch.setattr(pdftext.os, "sched_getaffinity", lambda _: set(range(4)), raising=False)

    def no_pdfinfo(path: Path) -> int:
        raise AssertionError("pdfinfo run for a short PDF")

    monkeypatch.setattr(pdftext, "page_count", no_pdfinfo)
    assert not pdftext._may_split(pdf.read_bytes())
    assert len(pdftext.read_lines(pdf)) == len(PdfReader(pdf).pages)
    # Long enough to split: the page tree says so, and pdfinfo is asked.
    monkeypatch.setattr(pdftext, "_PAGES_PER_RANGE", 3)
    assert pdftext._may_split(pdf.read_bytes())
    # A page tree hidden in an object stream (no "/Count" in plain text): pdfinfo decides.
    hidden = tmp_path / "hidden.pdf"
    hidden.write_bytes(pdf.read_bytes().replace(b"/Count", b"/Cxunt"))
    assert pdftext._may_split(hidden.read_bytes())
