"""A notice with every part of the 版头 and 主体 GB/T 9704 knows — 份号, 密级, 紧急程度, a
joint mark, 签发人 (上行文), 附注, a single attachment, a 版记 alone on its page — built by
notice_kit, read back from .docx and PDF, and passing the check."""

from __future__ import annotations

import pytest

import notice_kit
from notice_kit.check import check_document
from notice_kit.inspect.model import InspectedDocument
from notice_kit.inspect.reader import inspect_document
from notice_kit.manifest import BuildResult

from ..conftest import minimal_data, needs_libreoffice

HEADER = {"issuers": ["扬州市教育局", "扬州市财政局"], "doc_number": "扬教呈〔2024〕8号",
          "signers": ["张三", "李四"], "copy_number": 12, "secrecy": "机密★1年", "urgency": "特急"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    needs_libreoffice()
    data = minimal_data(header=HEADER, note="联系人：王五；电话：12345678")
    data["attachments"] = [{"kind": "list", "title": "名单", "items": ["甲", "乙"]}]
    data["notice"]["colophon"] = {"cc": ["江苏省教育厅"], "printer": "扬州市教育局办公室",  # type: ignore[index]
                                  "print_date": "2024-10-25"}
    return notice_kit.build_package(notice_kit.package_from_data(data), tmp_path_factory.mktemp("rich"))


@pytest.fixture(scope="module", params=["docx", "pdf"])
def doc(request: pytest.FixtureRequest, built: BuildResult) -> InspectedDocument:
    return inspect_document(built.path("package", request.param))


def test_header_parts_read_back(doc: InspectedDocument) -> None:
    head = [(e.kind, e.text) for e in doc.elements[:7]]
    assert head == [("copy_number", "000012"), ("secrecy", "机密★1年"), ("urgency", "特急"),
                    ("mark", "扬州市教育局扬州市财政局文件"), ("doc_number", "扬教呈〔2024〕8号"),
                    ("signer", "张三\u3000李四"), ("rule", "")]
    assert doc.elements[3].lines == ["扬州市教育局", "扬州市财政局", "文件"]


def test_joint_signature_note_and_single_attachment(doc: InspectedDocument) -> None:
    assert [e.text for e in doc.of_kind("signature")] == ["扬州市教育局", "扬州市财政局"]
    note = doc.first("note")
    assert note is not None and note.text == "（联系人：王五；电话：12345678）"
    assert [(a.number, a.label, a.title) for a in doc.attachments] == [(None, "附件", "名单")]


def test_every_part_passes_the_check(doc: InspectedDocument) -> None:
    report = check_document(doc)
    assert report.findings == []


def test_the_colophon_page_alone_has_no_number(built: BuildResult) -> None:
    doc = inspect_document(built.path("package", "pdf"))
    last = doc.pages[-1]
    assert last.page_number is None
    assert {e.kind for e in doc.elements if e.page == last.number} <= {
        "rule", "colophon_cc", "colophon_print"}
