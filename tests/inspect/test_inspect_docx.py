"""Reading .docx notices back: the seed's merged .docx, and one written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import notice_kit
from notice_kit.errors import InspectionError
from notice_kit.inspect.model import (
    AttachmentNote,
    Heading,
    InspectedDocument,
    NoteEntry,
    TableBlock,
)
from notice_kit.inspect.reader import inspect_document
from notice_kit.models import Package

from .handmade import ATTACHMENTS, RECEIPT, TITLE, write_handmade


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory, seed_package: Package) -> InspectedDocument:
    path = tmp_path_factory.mktemp("inspect") / "seed.docx"
    path.write_bytes(notice_kit.render_package_docx(seed_package).data)
    return inspect_document(path)


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> InspectedDocument:
    return inspect_document(write_handmade(tmp_path_factory.mktemp("hand") / "hand.docx"))


def kinds(doc: InspectedDocument) -> list[str]:
    return [e.kind for e in doc.elements if e.kind not in ("heading", "paragraph")]


def test_seed_parts_in_reading_order(seed: InspectedDocument) -> None:
    assert kinds(seed) == [
        "mark", "doc_number", "rule", "title", "addressees", "attachment_note", "signature",
        "date", "attachment_label", "attachment_title", "attachment_label", "attachment_title",
        "table", "attachment_label", "attachment_title", "rule", "colophon_cc", "rule",
        "colophon_print", "rule", "page_number", "page_number",
    ]
    assert [e.index for e in seed.elements] == list(range(len(seed.elements)))


def test_seed_header_and_title(seed: InspectedDocument) -> None:
    mark = seed.first("mark")
    assert mark is not None and mark.text == "扬州市教育局文件"
    assert (mark.font, mark.font_role, mark.size_pt, mark.color) == (
        "方正小标宋简体", "xiaobiaosong", 42, "FF0000")
    rule = seed.first("rule")
    assert rule is not None and rule.color == "FF0000"
    title = seed.first("title")
    assert title is not None and title.lines == ["关于开展全市青少年生命关爱", "第三季度复盘与调度工作的通知"]
    assert (title.font, title.size_pt, title.align) == ("方正小标宋简体", 22, "center")
    assert seed.title == "关于开展全市青少年生命关爱第三季度复盘与调度工作的通知"


def test_seed_headings_with_numbers_fonts_and_run_in(seed: InspectedDocument) -> None:
    first, timing = seed.headings[0], seed.headings[1]
    assert (first.level, first.number, first.heading, first.run_in, first.font) == (
        1, "一、", "时间、地点", None, "黑体")
    assert (timing.level, timing.number, timing.heading, timing.run_in) == (
        2, "（一）", "时间：", "2024年11月22日14:00。")
    assert (timing.font, timing.run_in_font) == ("楷体_GB2312", "仿宋_GB2312")
    item = next(h for h in seed.headings if h.level == 3)
    assert (item.number, item.value, item.heading, item.font) == ("1．", 1, None, "仿宋_GB2312")
    assert item.run_in is not None and item.run_in.startswith("围绕省教育厅下发的")
    level1 = [h.number for h in seed.headings if h.level == 1 and h.index < seed.attachments[0].first_element]
    assert level1 == ["一、", "二、", "三、", "四、"]


def test_seed_attachment_note_signature_and_date(seed: InspectedDocument) -> None:
    (note,) = [e for e in seed.elements if isinstance(e, AttachmentNote)]
    assert note.entries == [NoteEntry(number=1, title="省厅三季度分析材料"),
                            NoteEntry(number=2, title="第三季度复盘与调度工作参加人员回执"),
                            NoteEntry(number=3, title="各地参加学校名单")]
    signature, date = seed.of_kind("signature", "date")
    assert (signature.text, date.text, date.align) == ("扬州市教育局", "2024年10月28日", "right")


def test_seed_attachments_grouped_with_the_receipt_table(seed: InspectedDocument) -> None:
    assert [(a.number, a.label, a.title) for a in seed.attachments] == [
        (1, "附件1", "省厅三季度分析材料"), (2, "附件2", "第三季度复盘与调度工作参加人员回执"),
        (3, "附件3", "各地参加学校名单")]
    (receipt,) = seed.attachments[1].tables
    assert receipt.columns == ["序号", "姓名", "单位及职务", "手机号码"]
    assert receipt.rows == [[str(n), "", "", ""] for n in range(1, 9)]
    assert receipt.font == "黑体"
    label = seed.elements[seed.attachments[1].first_element]
    assert (label.text, label.font) == ("附件2", "黑体")


def test_seed_colophon_footers_and_geometry(seed: InspectedDocument) -> None:
    cc, printed = seed.of_kind("colophon_cc", "colophon_print")
    assert (cc.text, cc.size_pt, cc.area) == ("抄送：江苏省教育厅。", 14, "textbox")
    assert printed.text == "扬州市教育局办公室\t2024年10月28日印发"
    odd, even = seed.of_kind("page_number")
    assert (odd.text, odd.align, even.align, odd.font, odd.size_pt) == ("— 1 —", "right", "left", "宋体", 14)
    assert seed.even_and_odd_footers
    (g,) = seed.geometry
    assert [round(v or 0) for v in (g.page_width_mm, g.page_height_mm, g.margin_top_mm,
                                    g.margin_bottom_mm, g.margin_left_mm, g.margin_right_mm)] == \
        [210, 297, 37, 35, 28, 26]


def test_seed_json_round_trips(seed: InspectedDocument) -> None:
    """--json output reads back into the same typed elements (runs and lines are left out)."""
    again = InspectedDocument.model_validate_json(seed.model_dump_json())
    assert [type(e) for e in again.elements] == [type(e) for e in seed.elements]
    assert again.model_dump() == seed.model_dump()


# -- a notice written by hand ----------------------------------------------------------------


def test_handmade_notice_reads_back(handmade: InspectedDocument) -> None:
    assert kinds(handmade) == [
        "mark", "doc_number", "rule", "title", "addressees", "attachment_note", "signature",
        "date", "attachment_label", "attachment_title", "table", "attachment_label",
        "attachment_title", "rule", "colophon_cc", "colophon_print", "rule", "page_number",
    ]
    assert handmade.title == TITLE  # two centred paragraphs make one title
    assert handmade.first("title").lines == ["关于做好2024年冬季", "学校安全工作的通知"]  # type: ignore[union-attr]


def test_handmade_headings_and_note(handmade: InspectedDocument) -> None:
    assert [(h.level, h.number, h.heading, h.run_in) for h in handmade.headings] == [
        (1, "一、", "工作要求", None),
        (2, "（一）", "加强排查。", "各校要对校舍、食堂、宿舍开展一次全面排查。"),
        (2, "（二）", "落实责任。", "校长是学校安全第一责任人。"),
        (1, "二、", "时间安排", None),
        (3, "1．", None, "12月10日前完成自查；"),
        (3, "2．", None, "12月20日前上报汇总表。"),
    ]
    assert [h.font for h in handmade.headings[:3]] == ["黑体", "楷体_GB2312", "楷体_GB2312"]
    (note,) = [e for e in handmade.elements if isinstance(e, AttachmentNote)]
    # The second line was aligned with full-width spaces: still an entry.
    assert [(n.number, n.title) for n in note.entries] == [(1, "安全检查情况汇总表"), (2, "值班安排表")]


def test_handmade_attachments_and_table_from_a_table_style(handmade: InspectedDocument) -> None:
    assert [(a.label, a.title) for a in handmade.attachments] == ATTACHMENTS
    (table,) = [e for e in handmade.elements if isinstance(e, TableBlock)]
    assert table.columns == RECEIPT and table.rows == [["1", "", ""], ["2", "", ""], ["3", "", ""]]
    assert handmade.attachments[0].tables == [table]


def test_unreadable_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InspectionError, match="no such file"):
        inspect_document(tmp_path / "missing.docx")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InspectionError, match=r"can only read \.docx, \.pdf or \.ofd, got '\.txt'"):
        inspect_document(tmp_path / "notes.txt")
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    with pytest.raises(InspectionError, match=r"not a readable \.docx"):
        inspect_document(tmp_path / "bad.docx")


def test_a_heading_is_a_heading_wherever_it_stands() -> None:
    """一、 before the first body text is still a heading (no addressees, no title)."""
    from notice_kit.inspect.classify import classify
    from notice_kit.inspect.model import Span
    from notice_kit.inspect.pieces import Piece

    pieces = [Piece(text="一、总体要求", spans=[Span(text="一、总体要求", font="黑体", size_pt=16)],
                    indent_chars=2),
              Piece(text="正文。", spans=[Span(text="正文。", font="仿宋", size_pt=16)], indent_chars=2)]
    heading, para = classify(pieces, 16)
    assert isinstance(heading, Heading) and heading.heading == "总体要求"
    assert para.kind == "paragraph"
