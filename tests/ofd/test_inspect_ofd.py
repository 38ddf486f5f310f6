"""inspect and check read an OFD (issue 16 item 2): the lines, positions and fonts the PDF
reader gets from poppler come from the OFD's TextObjects and PathObjects, so the same
GB/T 9704 rules run on all three formats — and give the same answers on the PDF and
its OFD, clean or broken."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from notice_kit.check import check_document
from notice_kit.convert import convert_to_pdf
from notice_kit.errors import InspectionError
from notice_kit.inspect.model import InspectedDocument
from notice_kit.inspect.reader import inspect_document
from notice_kit.manifest import BuildResult

from ..check import broken
from ..conftest import needs_libreoffice
from .conftest import convert


def _elements(doc: InspectedDocument) -> list[tuple[object, ...]]:
    return [(e.kind, e.text, e.page, e.font_role, e.size_pt, e.align) for e in doc.elements]


def _findings(doc: InspectedDocument) -> list[tuple[str, str, str, str, str]]:
    """Each finding's code, severity, place, expectation and what was found — a font by
    the typeface it stands for: the OFD embeds the system face under its own name
    (NotoSerifCJKsc-Regular where the PDF says NotoSerifCJKjp-Regular-VKana)."""
    report = check_document(doc)
    return sorted((f.code, f.severity, str(f.location), f.expected,
                   re.sub(r"^[\w-]+（", "（", f.found)) for f in report.findings)


@pytest.fixture(scope="module")
def seed_pair(seed_pdf: Path, seed_ofd: bytes, tmp_path_factory: pytest.TempPathFactory,
              ) -> tuple[InspectedDocument, InspectedDocument]:
    path = tmp_path_factory.mktemp("seed_ofd") / "seed.ofd"
    path.write_bytes(seed_ofd)
    return inspect_document(seed_pdf), inspect_document(path)


def test_the_seed_ofd_reads_like_its_pdf(seed_pair: tuple[InspectedDocument, InspectedDocument]) -> None:
    pdf, ofd = seed_pair
    assert ofd.format == "ofd" and ofd.paged and ofd.page_count == pdf.page_count == 14
    assert _elements(ofd) == _elements(pdf)
    assert [(a.label, a.title, a.page) for a in ofd.attachments] == \
        [(a.label, a.title, a.page) for a in pdf.attachments]
    assert [p.page_number for p in ofd.pages] == [p.page_number for p in pdf.pages]
    assert ofd.line_pitch_mm == pdf.line_pitch_mm
    for got, want in zip(ofd.geometry, pdf.geometry, strict=True):
        assert (got.page_width_mm, got.page_height_mm) == (want.page_width_mm, want.page_height_mm)
        for side in ("top", "bottom", "left", "right"):
            g, w = getattr(got, f"margin_{side}_mm"), getattr(want, f"margin_{side}_mm")
            assert g == pytest.approx(w, abs=0.05), side


def test_positions_and_fonts_match_the_pdf(
        seed_pair: tuple[InspectedDocument, InspectedDocument]) -> None:
    """Each line's box within 0.05 mm of poppler's; the faces are the embedded fonts' names
    (the OFD's subset of Noto Serif CJK SC where the PDF names its JP cut) standing for the
    same typefaces; the mark's ink top from its glyph outlines within 0.3 mm of the
    rendered pixels."""
    pdf, ofd = seed_pair
    for got, want in zip(ofd.elements, pdf.elements, strict=True):
        assert len(got.boxes) == len(want.boxes), got.text
        for a, b in zip(got.boxes, want.boxes, strict=True):
            assert (a.page, a.x0_mm, a.top_mm, a.x1_mm, a.bottom_mm) == pytest.approx(
                (b.page, b.x0_mm, b.top_mm, b.x1_mm, b.bottom_mm), abs=0.05), got.text
    assert {e.font for e in ofd.elements if e.font_role == "fangsong"} == {"FandolFang-Regular"}
    title = ofd.first("title")
    assert title is not None and title.font == "NotoSerifCJKsc-Bold" and title.size_pt == 22
    mark_pdf, mark_ofd = pdf.first("mark"), ofd.first("mark")
    assert mark_pdf is not None and mark_ofd is not None and mark_ofd.color == "FF0000"
    assert mark_ofd.ink_top_mm == pytest.approx(mark_pdf.ink_top_mm, abs=0.3)


def test_the_seed_ofd_checks_clean(seed_pair: tuple[InspectedDocument, InspectedDocument]) -> None:
    pdf, ofd = seed_pair
    report = check_document(ofd)
    assert report.format == "ofd" and report.findings == []
    # every rule of a PDF runs on the OFD: the pagination rules too
    assert report.rules == check_document(pdf).rules


def _slips(doc: broken.Document) -> None:
    """A level-1 heading in 宋体, "附件2：", the left margin at 20 mm, a page break before
    the 署名 (alone on its page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    broken.label_with_colon(doc)
    broken.left_margin_20mm(doc)
    broken.set_font(doc, "二、", "宋体", exact=False)
    signature = broken.find_p(doc, "扬州市教育局")
    signature.find(qn("w:pPr")).append(OxmlElement("w:pageBreakBefore"))  # type: ignore[attr-defined]


def test_a_broken_notice_gives_the_same_findings_in_ofd_and_pdf(
        seed_build: BuildResult, tmp_path: Path) -> None:
    needs_libreoffice()
    source = broken.edit_docx(seed_build.path("package", "docx"), tmp_path / "broken.docx", _slips)
    pdf = tmp_path / "broken.pdf"
    convert_to_pdf(source, pdf)
    ofd = tmp_path / "broken.ofd"
    ofd.write_bytes(convert(pdf))
    from_pdf, from_ofd = _findings(inspect_document(pdf)), _findings(inspect_document(ofd))
    assert from_ofd == from_pdf
    codes = {code for code, severity, *_ in from_ofd if severity == "error"}
    assert {"GB501", "GB705", "GB709", "GB712"} <= codes, from_ofd


def test_what_is_not_an_ofd_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ofd"
    empty.write_bytes(b"")
    with pytest.raises(InspectionError, match="empty"):
        inspect_document(empty)
    text = tmp_path / "text.ofd"
    text.write_text("通知", encoding="utf-8")
    with pytest.raises(InspectionError, match="not a ZIP package"):
        inspect_document(text)
    other = tmp_path / "other.ofd"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "not an OFD")
    with pytest.raises(InspectionError, match="not a readable OFD"):
        inspect_document(other)
