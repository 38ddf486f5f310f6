"""Each GB/T 9704 rule against a document that breaks it — and the seed's outputs, which
break none.  .docx slips are edits of the seed's merged .docx; PDF-only slips are edited
.docx files converted by LibreOffice (three conversions, shared by module fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

import notice_kit
from notice_kit.check import RULES, CheckReport, check_document
from notice_kit.convert import convert_to_pdf
from notice_kit.layout.profile import get_profile
from notice_kit.manifest import BuildResult
from notice_kit.models import Package

from ..conftest import needs_libreoffice
from . import broken
from .broken import Edit


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory, seed_package: Package) -> Path:
    path = tmp_path_factory.mktemp("check") / "seed.docx"
    path.write_bytes(notice_kit.render_package_docx(seed_package).data)
    return path


def broken_report(seed_docx: Path, tmp_path: Path, edit: Edit) -> CheckReport:
    return check_document(broken.edit_docx(seed_docx, tmp_path / "broken.docx", edit))


def test_seed_outputs_pass_with_no_findings(seed_build: BuildResult) -> None:
    for path in (seed_build.path("package", "docx"), seed_build.path("package", "pdf")):
        report = check_document(path)
        assert report.ok, report.findings
        assert report.findings == []


def test_seed_parts_pass_with_no_errors(seed_build: BuildResult) -> None:
    """正文 and each attachment written on its own: no errors (正文 lists attachments that
    are in other files: a warning)."""
    for f in seed_build.manifest.files:
        if f.role == "package":
            continue
        report = check_document(seed_build.outdir / f.path)
        assert report.ok, (f.path, report.findings)


# -- .docx slips: (rule, edit, what the finding says) ----------------------------------------

DOCX_SLIPS: dict[str, tuple[Edit, str, str]] = {
    "GB501": (broken.left_margin_20mm, "28 ± 1 mm", "20.0 mm"),
    "GB502": (broken.body_in_songti, "仿宋（仿宋_GB2312）", "宋体（宋体）"),
    "GB701": (broken.mark_in_black, "红色 / red（FF0000）", "000000"),
    "GB702": (broken.doc_number_zero_padded, "如 扬教发〔2024〕8号", "扬教发〔2024〕096号"),
    "GB703": (broken.title_in_18pt, "22 pt", "18 pt"),
    "GB704": (broken.addressees_half_width_colon, "…：", "…学校:"),
    "GB705": (broken.heading_in_kaiti, "黑体（黑体）", "楷体_GB2312（楷体）"),
    "GB706": (broken.headings_skip_two, "二、", "三、"),
    "GB707": (broken.attachment_title_renamed, "3.各地参加学校名单", "3.参加学校名单"),
    "GB708": (broken.date_zero_padded, "2024年10月8日", "2024年10月08日"),
    "GB709": (broken.label_with_colon, "附件2", "附件2："),
    "GB710": (broken.colophon_in_16pt, "14 pt", "16 pt"),
    "GB711": (broken.even_page_numbers_right, "left", "right"),
}


@pytest.mark.parametrize("code", sorted(DOCX_SLIPS))
def test_docx_slip_is_found_by_its_rule(code: str, seed_docx: Path, tmp_path: Path) -> None:
    edit, expected, found = DOCX_SLIPS[code]
    report = broken_report(seed_docx, tmp_path, edit)
    findings = report.by_code(code)
    assert [(f.expected, f.found) for f in findings] == [(expected, found)], report.findings
    (finding,) = findings
    assert finding.severity == "error" and finding.clause == RULES[code].clause
    assert not report.ok
    # One slip, one finding: the other rules stay quiet.
    assert [f.code for f in report.findings] == [code]


def test_a_docx_finding_names_the_paragraph(seed_docx: Path, tmp_path: Path) -> None:
    report = broken_report(seed_docx, tmp_path, broken.label_with_colon)
    (finding,) = report.findings
    assert finding.location.kind == "attachment_label" and finding.location.text == "附件2："
    assert finding.location.paragraph is not None and finding.location.page is None


# -- PDF-only slips ------------------------------------------------------------------------------


def _broken_pdf(seed_build: BuildResult, tmp: Path, edit: Edit) -> CheckReport:
    needs_libreoffice()
    source = broken.edit_docx(seed_build.path("package", "docx"), tmp / "broken.docx", edit)
    convert_to_pdf(source, tmp / "broken.pdf")
    return check_document(tmp / "broken.pdf")


@pytest.fixture(scope="module")
def margins_pdf(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> CheckReport:
    return _broken_pdf(seed_build, tmp_path_factory.mktemp("margins"), broken.margins_moved)


@pytest.fixture(scope="module")
def grid_pdf(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> CheckReport:
    return _broken_pdf(seed_build, tmp_path_factory.mktemp("grid"), broken.grid_broken)


@pytest.fixture(scope="module")
def layout_pdf(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> CheckReport:
    return _broken_pdf(seed_build, tmp_path_factory.mktemp("layout"), broken.layout_broken)


def test_pdf_margins_are_measured_from_the_text(margins_pdf: CheckReport) -> None:
    """Left 20 mm, right 34 mm, top 30 mm: the text's edges show all three."""
    found = {f.expected: float(f.found.split(" ")[0]) for f in margins_pdf.by_code("GB501")}
    assert found.keys() == {"页边 28 ± 1 mm", "页边 26 ± 1 mm", "37–47.2 mm"}
    assert found["页边 28 ± 1 mm"] == pytest.approx(20, abs=0.3)
    assert found["页边 26 ± 1 mm"] == pytest.approx(34, abs=0.3)
    assert found["37–47.2 mm"] == pytest.approx(32.8, abs=0.5)  # 30 mm + the line's leading


def test_pdf_line_pitch_must_give_22_lines(grid_pdf: CheckReport) -> None:
    (finding,) = grid_pdf.by_code("GB503")
    assert finding.expected.startswith("22 行/页")
    assert finding.found == "24.5 行/页（行距 9.20 mm）"  # 26 pt lines


def test_pdf_lines_hold_at_most_28_characters(grid_pdf: CheckReport) -> None:
    findings = grid_pdf.by_code("GB504")
    assert findings and all(f.expected == "≤ 28 字" for f in findings)
    assert all(float(f.found.split(" ")[0]) > 28 for f in findings)
    assert findings[0].location.page is not None


def test_pdf_mark_top_35mm_below_the_block(layout_pdf: CheckReport) -> None:
    (finding,) = layout_pdf.by_code("GB701")
    assert finding.expected == "35 ± 1 mm"
    assert 44 < float(finding.found.split(" ")[0]) < 46  # 10 mm lower
    assert finding.location.page == 1


def test_pdf_colophon_last_rule_on_the_block_bottom(layout_pdf: CheckReport) -> None:
    finding = next(f for f in layout_pdf.by_code("GB710") if f.severity == "error")
    assert finding.expected == "262.0 mm"
    assert 221 < float(finding.found.split(" ")[0]) < 223  # 40 mm higher


def test_pdf_page_number_text_and_side(layout_pdf: CheckReport) -> None:
    findings = layout_pdf.by_code("GB711")
    texts = [f for f in findings if f.message.startswith("页码格式")]
    assert texts and {f.found for f in texts} >= {"第1页", "第3页"}
    sides = [f for f in findings if "左侧" in f.message]
    assert sides and {f.location.page for f in sides} >= {2, 4}


def test_profile_switch_changes_the_page_number_rule(seed_build: BuildResult) -> None:
    """The seed follows GB/T 9704; checked as the "centred" variant, its numbers are off."""
    report = check_document(seed_build.path("package", "pdf"), get_profile("centred"))
    codes = {f.code for f in report.findings}
    assert codes == {"GB711"}
    assert report.by_code("GB711")[0].expected == "- 1 -"


def test_every_rule_has_a_broken_document() -> None:
    pdf_tested = {"GB501", "GB503", "GB504", "GB701", "GB710", "GB711",
                  # test_pagination.py
                  "GB712", "GB713", "GB714", "GB715", "GB716", "GB717"}
    assert set(RULES) <= set(DOCX_SLIPS) | pdf_tested


def test_a_handmade_notice_is_checked_like_any_other(tmp_path: Path) -> None:
    """Written with python-docx, no notice_kit: right but for its footer — one page-number
    footer for all pages, where GB/T 9704 puts odd pages' numbers right, even pages' left."""
    from ..inspect.handmade import write_handmade

    report = check_document(write_handmade(tmp_path / "hand.docx"))
    assert [(f.code, f.expected, f.found) for f in report.findings] == [
        ("GB711", "w:evenAndOddHeaders", "未设置 / not set")]
