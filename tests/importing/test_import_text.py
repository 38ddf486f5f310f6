"""Importing the seed text reproduces the structure of the hand-made seed example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import notice_kit
from notice_kit.errors import DataError
from notice_kit.importing import import_notice
from notice_kit.models import ListAttachment, Package, ReceiptForm
from notice_kit.render.text import render_text

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT.parent / "shared" / "seed" / "000_e6d130a8fc1339a3.txt"
SEED_EXAMPLE = ROOT / "examples" / "yangzhou-2024-q3" / "notice.yaml"
TODAY = dt.date(2024, 10, 28)


@pytest.fixture(scope="module")
def example() -> Package:
    return notice_kit.load_notice(SEED_EXAMPLE)


@pytest.fixture(scope="module")
def imported() -> notice_kit.importing.ImportResult:
    if not SEED_TEXT.is_file():
        pytest.skip(f"seed text not found: {SEED_TEXT}")
    return import_notice(SEED_TEXT, today=TODAY)


def test_title_and_addressees(imported: notice_kit.importing.ImportResult,
                              example: Package) -> None:
    assert imported.package.notice.title == example.notice.title
    # "各县（市、区）…局" is one name: split at "，" only.
    assert imported.package.notice.addressees == example.notice.addressees


def test_body_tree_equals_the_example(imported: notice_kit.importing.ImportResult,
                                      example: Package) -> None:
    """Sections, run-in headings, levels and texts — including the "三楼\\n 会议室" join."""
    assert imported.package.notice.body == example.notice.body


def test_attachments(imported: notice_kit.importing.ImportResult, example: Package) -> None:
    got, want = imported.package.attachments, example.attachments
    assert [a.kind for a in got] == ["document", "receipt", "list"]
    assert [a.title for a in got] == [a.title for a in want]
    assert got == want  # the document's body tree, the 回执, the eight schools
    receipt, schools = got[1], got[2]
    assert isinstance(receipt, ReceiptForm) and isinstance(schools, ListAttachment)
    assert [f.label for f in receipt.fields] == ["单位名称"]
    assert receipt.columns == ["序号", "姓名", "单位及职务", "手机号码"]
    assert len(schools.items) == 8 and schools.items[-1] == "江都区大桥镇中学"


def test_placeholders_are_listed(imported: notice_kit.importing.ImportResult) -> None:
    notice = imported.package.notice
    assert notice.header.doc_number is None
    assert notice.header.issuers == ["（发文机关）"]
    assert notice.date == TODAY
    assert set(imported.guessed) == {"notice.header.issuers", "notice.header.doc_number",
                                     "notice.date", "notice.colophon", "notice.addressees"}
    # Issue 11: every change is listed too — the seed's 主送 ends in a half-width colon.
    [colon] = [n for n in imported.notes if n.field == "notice.addressees"]
    assert "“:”→“：”" in colon.message and "line 3" in colon.message
    assert imported.guessed["notice.date"] == "2024-10-28"


def test_text_round_trip(tmp_path: Path, example: Package) -> None:
    """notice_kit's own text (with 署名, date, labels, 版记) imports back to the same text."""
    source = tmp_path / "notice.txt"
    source.write_text(render_text(example), encoding="utf-8")
    result = import_notice(source)
    assert render_text(result.package) == render_text(example)
    assert result.package.notice.colophon == example.notice.colophon
    assert result.package.notice.date == example.notice.date


def test_issuer_from_the_title(tmp_path: Path) -> None:
    source = tmp_path / "n.txt"
    source.write_text("扬州市教育局关于开展检查的通知\n各学校：\n现通知如下。\n", encoding="utf-8")
    result = import_notice(source)
    assert result.package.notice.header.issuers == ["扬州市教育局"]
    assert result.guessed["notice.header.issuers"] == "扬州市教育局"


def test_note_with_spaces_and_single_attachment(tmp_path: Path) -> None:
    source = tmp_path / "n.txt"
    source.write_text("关于检查的通知\n各学校：\n现通知如下。\n附件：名单\n附件\n名单\n1.甲校\n2.乙校\n",
                      encoding="utf-8")
    result = import_notice(source)
    [att] = result.package.attachments
    assert isinstance(att, ListAttachment) and att.items == ["甲校", "乙校"]


@pytest.mark.parametrize("content", [b"", b"\n  \n", b"\x00\x01\x02binary\x00"])
def test_not_a_notice(tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    with pytest.raises(DataError) as info:
        import_notice(source)
    assert "bad.txt" in str(info.value) and " / " in str(info.value)
