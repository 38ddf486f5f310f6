"""`formats: [docx, pdf-form, xlsx]` on a 回执: the forms are written into the package and
listed in the manifest; `notice-kit batch` pre-fills each unit's name in all of them."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter

import notice_kit
from notice_kit.batch_cli import for_recipient
from notice_kit.manifest import BuildResult
from notice_kit.receipts import collect

from .filling import UNITS, write_notice


@pytest.fixture(scope="module")
def forms_notice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_notice(tmp_path_factory.mktemp("forms"), formats=["docx", "pdf-form", "xlsx"])


@pytest.fixture(scope="module")
def unit_build(forms_notice: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The package of one unit, as `notice-kit batch` makes it."""
    from tests.conftest import needs_libreoffice

    needs_libreoffice()
    package = for_recipient(notice_kit.load_notice(forms_notice), UNITS[1], 2)
    return notice_kit.build_package(package, tmp_path_factory.mktemp("unit") / "out")


def _form(result: BuildResult, fmt: str) -> Path:
    return result.outdir / result.manifest.file("attachment", fmt, 1, origin="form").path


def test_forms_are_in_the_package_and_manifest(unit_build: BuildResult) -> None:
    forms = [f for f in unit_build.manifest.files if f.origin == "form"]
    assert [(f.format, f.path) for f in forms] == [
        ("xlsx", "附件-安全工作会议参会人员回执（填报）.xlsx"),
        ("pdf", "附件-安全工作会议参会人员回执（填报）.pdf"),
    ]
    on_disk = json.loads((unit_build.outdir / "manifest.json").read_text(encoding="utf-8"))
    for entry in (e for e in on_disk["files"] if e["origin"] == "form"):
        assert (unit_build.outdir / entry["path"]).stat().st_size == entry["bytes"]
    # The printed part is still the one `file()` finds by default.
    assert unit_build.manifest.file("attachment", "pdf", 1).path == "附件-安全工作会议参会人员回执.pdf"


def test_unit_name_is_prefilled_in_every_form(unit_build: BuildResult) -> None:
    unit = UNITS[1]
    document = docx.Document(str(unit_build.path("attachment", "docx", 1)))
    assert any(p.text.startswith(f"单位名称：{unit}") for p in document.paragraphs)
    ws = load_workbook(_form(unit_build, "xlsx"))["回执"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "单位名称：")
    value = ws.cell(cell.row, cell.column + 1)
    assert value.value == unit and value.protection.locked is True
    fields = PdfReader(_form(unit_build, "pdf")).get_form_text_fields(full_qualified_name=True)
    assert fields["单位名称"] == unit


def test_replies_to_each_form_match_the_unit(unit_build: BuildResult, forms_notice: Path,
                                             tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(_form(unit_build, "pdf")))
    writer.update_page_form_field_values(writer.pages[0], {"r1.姓名": "甲", "r1.手机号码": "13800000001"},
                                         auto_regenerate=False)
    writer.write(tmp_path / "reply.pdf")
    wb = load_workbook(_form(unit_build, "xlsx"))
    ws = wb["回执"]
    head = next(c for row in ws.iter_rows() for c in row if c.value == "姓名")
    ws.cell(head.row + 1, head.column, "乙")
    ws.cell(head.row + 1, head.column + 2, "13800000002")
    wb.save(tmp_path / "reply.xlsx")
    result = collect([tmp_path / "reply.pdf", tmp_path / "reply.xlsx"], forms_notice,
                     recipients=UNITS)
    assert [(r.unit, r.values["姓名"]) for r in result.rows] == [(UNITS[1], "甲"), (UNITS[1], "乙")]
    assert result.unknown_units == []
    assert UNITS[1] not in (result.not_replied or [])


def test_pdf_form_without_pdf_is_left_out_with_a_warning(forms_notice: Path, tmp_path: Path) -> None:
    result = notice_kit.build_package(notice_kit.load_notice(forms_notice), tmp_path / "out",
                                      formats=["docx"])
    assert [f.format for f in result.manifest.files if f.origin == "form"] == ["xlsx"]
    assert any("pdf" in w.lower() and "附件" in w for w in result.manifest.warnings)


def test_formats_are_checked() -> None:
    from notice_kit.models import ReceiptForm

    with pytest.raises(ValueError, match="formats"):
        ReceiptForm(title="回执", columns=["姓名"], formats=["pdf"])  # type: ignore[list-item]
    assert ReceiptForm(title="回执", columns=["姓名"]).formats == ["docx"]
