"""The fillable PDF 回执: fields over the real rendered form, filled with pypdf, rendered by
poppler and MuPDF, read back by collect."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader, PdfWriter

import notice_kit
from notice_kit.manifest import BuildResult
from notice_kit.receipts import collect
from notice_kit.receipts.form import receipt_specs
from notice_kit.receipts.output import table_rows
from notice_kit.receipts.pdf_form import FieldBox, make_pdf_form, plan_fields

from .filling import fill_reply

ID_OK = "11010519491231002X"
FILLED = {
    "单位名称": "邗江区教育局", "联系人": "王芳",
    "r1.姓名": "欧阳丽华", "r1.单位及职务": "邗江区教育局 副局长", "r1.手机号码": "13812345678",
    "r1.身份证号码": ID_OK,
    "r3.姓名": "张伟", "r3.手机号码": "１３９ ００００ ０１１１１",  # full width, a digit too many
}


@pytest.fixture(scope="module")
def part_pdf(pdf_build: BuildResult) -> Path:
    return pdf_build.path("attachment", "pdf", 1)


@pytest.fixture(scope="module")
def form_pdf(part_pdf: Path, notice_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = receipt_specs(notice_kit.load_notice(notice_file))[0]
    return make_pdf_form(part_pdf, spec, tmp_path_factory.mktemp("form") / "回执.pdf")


def test_the_form_declares_the_pdf_version_of_its_source(part_pdf: Path, form_pdf: Path) -> None:
    # Not pypdf's %PDF-1.3 for a file LibreOffice wrote as a later version.
    assert form_pdf.read_bytes()[:8] == part_pdf.read_bytes()[:8] != b"%PDF-1.3"


def _fill(form: Path, out: Path, values: dict[str, str]) -> Path:
    writer = PdfWriter(clone_from=PdfReader(form))
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    writer.write(out)
    return out


def _render(pdf: Path, out: Path, tool: str = "pdftoppm") -> Image.Image:
    if tool == "pdftoppm":
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf),
                        str(out.with_suffix(""))], check=True, timeout=60)
    else:
        subprocess.run(["mutool", "draw", "-q", "-r", "60", "-o", str(out), str(pdf), "1"],
                       check=True, timeout=60, capture_output=True)
    return Image.open(out).convert("L")


def _ink(image: Image.Image, box: FieldBox) -> int:
    """Dark pixels inside the field's box (60 dpi: mm × 60 / 25.4)."""
    k = 60 / 25.4
    crop = image.crop((round(box.x0 * k) + 1, round(box.top * k) + 1, round(box.x1 * k) - 1,
                       round(box.bottom * k) - 1))
    return int(crop.point(lambda p: 255 if p < 128 else 0).histogram()[255])


def test_fields_cover_every_blank_cell(part_pdf: Path, notice_file: Path) -> None:
    spec = receipt_specs(notice_kit.load_notice(notice_file))[0]
    boxes = plan_fields(part_pdf, spec)
    names = [b.name for b in boxes]
    assert names[:2] == ["单位名称", "联系人"]
    assert names[2:] == [f"r{r}.{c}" for r in range(1, 7)
                         for c in ["姓名", "单位及职务", "手机号码", "身份证号码"]]
    cells = {b.name: b for b in boxes}
    # Each row's fields sit side by side between the same rules, rows one under another.
    assert cells["r1.姓名"].x1 < cells["r1.单位及职务"].x0
    assert cells["r1.姓名"].bottom < cells["r2.姓名"].top
    assert 10 < cells["r1.姓名"].bottom - cells["r1.姓名"].top < 13  # 12 mm rows, inset


def test_blank_form_looks_like_the_printed_one(part_pdf: Path, form_pdf: Path,
                                               tmp_path: Path) -> None:
    printed = _render(part_pdf, tmp_path / "printed.png")
    form = _render(form_pdf, tmp_path / "form.png")
    assert ImageChops.difference(printed, form).getbbox() is None
    fields = PdfReader(form_pdf).get_form_text_fields(full_qualified_name=True)
    assert len(fields) == 2 + 6 * 4 and all(v is None for v in fields.values())


@pytest.mark.parametrize("tool", ["pdftoppm", "mutool"])
def test_filled_form_shows_chinese(form_pdf: Path, notice_file: Path, tmp_path: Path,
                                   tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed (scripts/install-system-deps.sh)")
    filled = _fill(form_pdf, tmp_path / "filled.pdf", FILLED)
    # pypdf encoded the text through the font's ToUnicode map: UCS-2, no '?' bytes.
    annots = [a.get_object() for a in PdfReader(filled).pages[0]["/Annots"]]
    unit = next(a for a in annots if a.get("/T") == "单位名称")
    ucs2 = "邗江区教育局".encode("utf-16-be").hex()
    assert f"<{ucs2}> Tj" in unit["/AP"]["/N"].get_object().get_data().decode()
    image = _render(filled, tmp_path / f"{tool}.png", tool)
    blank = _render(form_pdf, tmp_path / f"{tool}-blank.png", tool)
    spec = receipt_specs(notice_kit.load_notice(notice_file))[0]
    for box in plan_fields(form_pdf, spec):
        if box.name in FILLED:
            assert _ink(image, box) > 15, f"{box.name} not shown by {tool}"
        else:
            assert _ink(image, box) == _ink(blank, box), f"{box.name} changed"


def test_filled_form_reads_back(form_pdf: Path, notice_file: Path, tmp_path: Path) -> None:
    filled = _fill(form_pdf, tmp_path / "邗江.pdf", FILLED)
    result = collect([filled], notice_file)
    assert table_rows(result) == [
        ["邗江区教育局", "王芳", "1", "欧阳丽华", "邗江区教育局 副局长", "13812345678", ID_OK,
         "邗江.pdf", 1, ""],
        ["邗江区教育局", "王芳", "3", "张伟", "", "139 0000 01111", "", "邗江.pdf", 3,
         "单位及职务：未填 / empty；手机号码：手机号码应为 11 位，此处 12 位：139 0000 01111 / a "
         "mobile number is 11 digits, got 12: 139 0000 01111；身份证号码：未填 / empty"],
    ]


def test_same_reply_as_docx_and_pdf_is_kept_once(form_pdf: Path, form_docx: Path,
                                                 notice_file: Path, tmp_path: Path) -> None:
    values = {"单位名称": "江都区教育局", "r1.姓名": "吴强", "r1.单位及职务": "科长",
              "r1.手机号码": "13800000001", "r1.身份证号码": ID_OK}
    pdf = _fill(form_pdf, tmp_path / "江都.pdf", values)
    doc = fill_reply(form_docx, tmp_path / "江都.docx", "江都区教育局",
                     [["吴强", "科长", "13800000001", ID_OK]])
    result = collect([doc, pdf], notice_file)
    assert [f.status for f in result.files] == ["collected", "duplicate"]
    assert len(result.rows) == 1


def test_prefilled_unit_is_read_only_and_printed_once(part_pdf: Path, notice_file: Path,
                                                      tmp_path: Path) -> None:
    spec = receipt_specs(notice_kit.load_notice(notice_file))[0]
    spec = type(spec)(**{**spec.__dict__, "prefilled": {"单位名称": "宝应县教育局"}})
    form = make_pdf_form(part_pdf, spec, tmp_path / "宝应.pdf")
    annots = [a.get_object() for a in PdfReader(form).pages[0]["/Annots"]]
    unit = next(a for a in annots if a.get("/T") == "单位名称")
    assert unit["/V"] == "宝应县教育局" and int(unit["/Ff"]) & 1
    assert unit["/AP"]["/N"].get_object().get_data() == b""  # the page prints it
    filled = _fill(form, tmp_path / "r.pdf", {"r1.姓名": "陈静", "r1.手机号码": "13611112222"})
    result = collect([filled], notice_file)
    assert [(r.unit, r.values["姓名"]) for r in result.rows] == [("宝应县教育局", "陈静")]


def test_no_table_in_pdf_is_refused_with_its_name(pdf_build: BuildResult, notice_file: Path,
                                                  tmp_path: Path) -> None:
    from notice_kit.errors import LayoutError

    spec = receipt_specs(notice_kit.load_notice(notice_file))[0]
    with pytest.raises(LayoutError, match=r"正文\.pdf"):
        make_pdf_form(pdf_build.path("notice", "pdf"), spec, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
