"""Letterhead templates: the context, filling the example templates, the sandbox, refusing
zip bombs and corrupt files, and the rendered letterhead as the base of a notice."""

from __future__ import annotations

import importlib.util
import io
import os
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate  # type: ignore[import-untyped]

import notice_kit
from notice_kit import GBT9704, TemplateError
from notice_kit.models import Package
from notice_kit.render.docx.letterhead import (
    LETTERHEAD_ID_BASE,
    LETTERHEAD_VARIABLES,
    MAX_UNPACKED_BYTES,
    export_default_letterhead,
    letterhead_base,
    letterhead_context,
    prepare_base,
    render_letterhead,
)
from notice_kit.render.docx.pagenumbers import add_page_numbers
from notice_kit.render.docx.writer import DocxWriter, Span

from ..conftest import ROOT, minimal_data

LETTERHEADS = ROOT / "examples" / "letterheads"
EXAMPLES = [LETTERHEADS / "gbt9704.docx", LETTERHEADS / "bureau-custom.docx"]


# -- helpers ------------------------------------------------------------------------------
def make_template(folder: Path, *paragraphs: str, header: str | None = None) -> Path:
    """A .docx whose body holds ``paragraphs`` (and page header ``header``)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    path = folder / "template.docx"
    document.save(str(path))
    return path


def all_text(document: Document) -> str:
    """Every text of the body and the page headers."""
    body = document.element.body
    headers = [s.header._element for s in document.sections if not s.header.is_linked_to_previous]
    return "\n".join("".join(t.text or "" for t in root.iter(qn("w:t"))) for root in [body, *headers])


def with_header(package: Package, **fields: object) -> Package:
    copy = package.model_copy(deep=True)
    for name, value in fields.items():
        setattr(copy.notice.header, name, value)
    return copy


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_templates", LETTERHEADS / "make_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the context ----------------------------------------------------------------------------
def test_context_is_the_documented_plain_data(seed_package: Package) -> None:
    context = letterhead_context(seed_package)
    assert context.keys() == LETTERHEAD_VARIABLES.keys()
    for name, value in context.items():
        assert isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ), name
    assert context["doc_number"] == "扬教发〔2024〕96号"
    assert context["mark"] == "扬州市教育局文件"
    assert context["issuer"] == "扬州市教育局"
    assert (context["date"], context["date_iso"], context["year"]) == (
        "2024年10月28日", "2024-10-28", "2024")
    assert context["print_date"] == "2024年10月28日"
    # Absent fields are empty strings, so {% if urgency %} and {{ urgency }} both work.
    assert (context["urgency"], context["copy_number"], context["secrecy"]) == ("", "", "")


def test_context_of_a_joint_issue_with_secrecy() -> None:
    data = minimal_data(header={"issuers": ["扬州市教育局", "扬州市财政局"],
                                "doc_number": "扬教发〔2024〕8号", "copy_number": 12,
                                "secrecy": "机密★1年"})
    context = letterhead_context(notice_kit.package_from_data(data))
    assert context["mark"] == "扬州市教育局\u3000扬州市财政局文件"
    assert context["mark_lines"] == ["扬州市教育局", "扬州市财政局"]
    assert (context["copy_number"], context["secrecy"]) == ("000012", "机密★1年")


# -- the example templates --------------------------------------------------------------------
@pytest.mark.parametrize("template", EXAMPLES, ids=lambda p: p.stem)
def test_example_template_is_filled(template: Path, seed_package: Package) -> None:
    text = all_text(render_letterhead(template, seed_package))
    assert "{{" not in text and "{%" not in text and "}}" not in text
    assert "扬教发〔2024〕96号" in text


def test_default_letterhead_draws_the_builtin_header(seed_package: Package) -> None:
    document = render_letterhead(LETTERHEADS / "gbt9704.docx", seed_package)
    # 份号, 密级, 紧急程度 keep their (empty) lines: the mark stays 35 mm down (7.2.4).
    assert [p.text for p in document.paragraphs] == [
        "", "", "", "扬州市教育局文件", "", "", "扬教发〔2024〕96号"]
    mark = document.paragraphs[3].runs[0]
    assert mark.font.color.rgb is not None and str(mark.font.color.rgb) == GBT9704.mark_color
    assert mark.font.size is not None and mark.font.size.pt == GBT9704.mark_size_pt


def test_custom_letterhead_shows_urgency_only_when_given(seed_package: Package) -> None:
    template = LETTERHEADS / "bureau-custom.docx"
    plain = render_letterhead(template, seed_package)
    urgent = render_letterhead(template, with_header(seed_package, urgency="特急"))
    assert urgent.paragraphs[0].text == "特急"
    assert len(urgent.paragraphs) == len(plain.paragraphs) + 1
    assert "2024年10月28日" in plain.paragraphs[-1].text


def test_examples_are_regenerated_byte_for_byte(tmp_path: Path) -> None:
    script = load_script()
    export_default_letterhead(tmp_path / "gbt9704.docx")
    script.bureau_custom(tmp_path / "bureau-custom.docx")
    for example in EXAMPLES:
        assert (tmp_path / example.name).read_bytes() == example.read_bytes(), (
            f"{example.name} is stale: run python examples/letterheads/make_templates.py")


def test_values_are_escaped_not_markup(tmp_path: Path, seed_package: Package) -> None:
    template = make_template(tmp_path, "{{ mark }}")
    package = with_header(seed_package, mark="扬州<w:t>&amp;</w:t>教育局")
    assert render_letterhead(template, package).paragraphs[0].text == "扬州<w:t>&amp;</w:t>教育局"


def test_page_header_placeholders_are_filled(tmp_path: Path, seed_package: Package) -> None:
    template = make_template(tmp_path, "正文", header="页眉 {{ doc_number }}")
    document = render_letterhead(template, seed_package)
    assert document.sections[0].header.paragraphs[0].text == "页眉 扬教发〔2024〕96号"


# -- template errors ------------------------------------------------------------------------
def test_undefined_variable_is_named(tmp_path: Path, seed_package: Package) -> None:
    template = make_template(tmp_path, "第一段", "发文字号：{{ doc_numbr }}")
    with pytest.raises(TemplateError) as caught:
        render_letterhead(template, seed_package)
    message = str(caught.value)
    assert str(template) in message
    assert ("模板中的变量未定义：doc_numbr / "
            "undefined variable in the letterhead template: doc_numbr") in message
    assert "发文字号：{{ doc_numbr }}" in message  # the paragraph it is in
    assert isinstance(caught.value, ValueError)


def test_undefined_variable_in_a_page_header(tmp_path: Path, seed_package: Package) -> None:
    template = make_template(tmp_path, "正文", header="{{ bureau }}")
    with pytest.raises(TemplateError, match=r"bureau(.|\n)*page header"):
        render_letterhead(template, seed_package)


def test_syntax_error_names_the_line(tmp_path: Path, seed_package: Package) -> None:
    template = make_template(tmp_path, "第一段", "{% if urgency %}没有结束")
    with pytest.raises(TemplateError, match=r"syntax error(.|\n)*line \d+: “\{% if urgency %\}没有结束”"):
        render_letterhead(template, seed_package)


def test_failing_expression(tmp_path: Path, seed_package: Package) -> None:
    template = make_template(tmp_path, "{{ 1 / 0 }}")
    with pytest.raises(TemplateError, match="ZeroDivisionError"):
        render_letterhead(template, seed_package)


def test_raw_markup_that_would_be_dropped_is_refused(tmp_path: Path, seed_package: Package) -> None:
    # docxtpl's own parser "recovers" from broken XML by dropping it; we refuse instead.
    template = make_template(tmp_path, "{{ '<broken' | safe }}")
    with pytest.raises(TemplateError, match="invalid XML"):
        render_letterhead(template, seed_package)


SANDBOX_ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ joiner.__init__.__globals__['os'].system('touch PWNED') }}",
    "{{ lipsum.__globals__['os'].popen('touch PWNED') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ ''|attr('__class__') }}",
    "{{ '{0.__class__.__mro__}'.format(issuer) }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ issuers.append('x') }}",
]


@pytest.mark.parametrize("payload", SANDBOX_ESCAPES)
def test_sandbox_escape_is_refused(tmp_path: Path, seed_package: Package, payload: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    template = make_template(tmp_path, payload.replace("PWNED", str(tmp_path / "pwned")))
    with pytest.raises(TemplateError, match="sandbox forbids"):
        render_letterhead(template, seed_package)
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "PWNED").exists()


def test_the_payloads_do_run_without_the_sandbox(tmp_path: Path) -> None:
    """The control: docxtpl's default environment runs such a payload — which is why
    render_letterhead never uses it."""
    template = make_template(tmp_path, SANDBOX_ESCAPES[1].replace("PWNED", str(tmp_path / "pwned")))
    DocxTemplate(str(template)).render({})
    assert (tmp_path / "pwned").exists()


# -- refused files ---------------------------------------------------------------------------
def zip_of_zeros(path: Path, size: int) -> Path:
    """A .docx-named zip with one member of ``size`` zero bytes (deflates ~1000:1)."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive, \
            archive.open("word/document.xml", "w", force_zip64=True) as member:
        for _ in range(size // len(chunk)):
            member.write(chunk)
    return path


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path, seed_package: Package,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = zip_of_zeros(tmp_path / "bomb.docx", 200 * 1024 * 1024)
    assert bomb.stat().st_size < 2 * 1024 * 1024

    def no_unpacking(*args: object, **kwargs: object) -> None:
        raise AssertionError("a member was opened")

    # Refused from the zip's directory: no member is ever opened.
    with monkeypatch.context() as patch:
        patch.setattr(zipfile.ZipFile, "open", no_unpacking)
        with pytest.raises(TemplateError, match="zip bomb"):
            render_letterhead(bomb, seed_package)


def test_highly_compressed_member_is_refused(tmp_path: Path, seed_package: Package) -> None:
    dense = zip_of_zeros(tmp_path / "dense.docx", 8 * 1024 * 1024)  # under the total limit
    with pytest.raises(TemplateError, match=r"word/document.xml \d+:1"):
        render_letterhead(dense, seed_package)


def test_oversized_file_is_refused_unread(tmp_path: Path, seed_package: Package) -> None:
    big = tmp_path / "big.docx"
    with big.open("wb") as f:
        f.truncate(MAX_UNPACKED_BYTES + 1)  # sparse: nothing to write
    with pytest.raises(TemplateError, match="zip bomb"):
        render_letterhead(big, seed_package)


def rezipped(source: Path, target: Path, *, drop: str = "", cut: str = "") -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != drop:
                dst.writestr(item.filename, data[:200] if item.filename == cut else data)
    return target


def corrupt_files(folder: Path) -> Iterator[Path]:
    good = make_template(folder, "{{ doc_number }}")
    noise = folder / "noise.docx"
    noise.write_bytes(os.urandom(4096))
    yield noise
    yield rezipped(good, folder / "no-document.docx", drop="word/document.xml")
    yield rezipped(good, folder / "cut-document.docx", cut="word/document.xml")
    yield rezipped(good, folder / "cut-styles.docx", cut="word/styles.xml")
    yield folder / "missing.docx"
    yield lying_zip(folder / "lying.docx")


def lying_zip(path: Path) -> Path:
    """A zip whose member declares 1000 bytes but holds 2 MB: passes the size check,
    and zipfile stops reading it at the declared size (bad CRC)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", bytes(2 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)  # central directory: uncompressed size
    struct.pack_into("<I", data, 22, 1000)  # local header: uncompressed size
    path.write_bytes(bytes(data))
    return path


def test_corrupt_or_missing_file(tmp_path: Path, seed_package: Package) -> None:
    for path in corrupt_files(tmp_path):
        with pytest.raises(TemplateError) as caught:
            render_letterhead(path, seed_package)
        assert str(path) in str(caught.value)


# -- the letterhead as the base of the notice ---------------------------------------------------
def reloaded(writer: DocxWriter) -> Document:
    document: Document = docx.Document(io.BytesIO(writer.to_bytes()))
    return document


def test_letterhead_is_the_top_of_the_notice(seed_package: Package) -> None:
    base = letterhead_base(LETTERHEADS / "bureau-custom.docx", seed_package)
    writer = DocxWriter(GBT9704, base=base)
    writer.paragraph([Span("关于开展全市青少年生命关爱第三季度复盘与调度工作的通知")])
    document = reloaded(writer)
    texts = [p.text for p in document.paragraphs]
    assert texts[1] == "Yangzhou Municipal Education Bureau"
    assert texts[-1].startswith("关于开展")
    # The profile's page, whatever the template had.
    section = document.sections[0]
    assert [round(m.mm, 1) for m in (section.top_margin, section.left_margin)] == [37.0, 28.0]
    # The letterhead keeps its own spacing (the logo line) and gets the inherited body
    # pitch pinned; the notice's own paragraphs inherit the writer's defaults.
    name, number, appended = document.paragraphs[0], document.paragraphs[3], document.paragraphs[4]
    assert name.paragraph_format.line_spacing is not None
    assert name._p.pPr.find(qn("w:spacing")).get(qn("w:lineRule")) == "atLeast"
    assert number._p.pPr.find(qn("w:spacing")).get(qn("w:line")) == str(GBT9704.line_pitch_twips)
    assert appended._p.pPr is None or appended._p.pPr.find(qn("w:spacing")) is None
    # Drawing ids clear of the writer's 1, 2, …
    ids = [int(el.get("id")) for el in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert ids and min(ids) > LETTERHEAD_ID_BASE


def foreign_template(folder: Path) -> Path:
    """A template unlike python-docx's own: no document defaults, the default style not
    called Normal and carrying formatting, landscape with a gutter, two sections, a
    first-page header and a footer."""
    document = docx.Document()
    document.add_paragraph("红头 {{ issuer }}").runs[0].font.size = Pt(42)
    document.add_section()
    document.add_paragraph("{{ doc_number }}")
    document.add_paragraph("")
    section = document.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.gutter = Mm(10)
    section.different_first_page_header_footer = True
    section.footer.paragraphs[0].text = "地址：扬州市"
    styles = document.styles.element
    styles.remove(styles.find(qn("w:docDefaults")))
    normal = document.styles["Normal"]
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.font.size = Pt(12)
    normal.element.find(qn("w:name")).set(qn("w:val"), "正文")
    path = folder / "foreign.docx"
    document.save(str(path))
    return path


def test_foreign_template_as_base(tmp_path: Path, seed_package: Package) -> None:
    base = letterhead_base(foreign_template(tmp_path), seed_package)
    writer = DocxWriter(GBT9704, base=base)
    writer.paragraph([Span("正文第一段")])
    add_page_numbers(writer, writer.document.sections[0])
    document = reloaded(writer)
    assert len(document.sections) == 1
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert section.gutter is not None and section.gutter.mm == 0
    assert not section.different_first_page_header_footer
    assert "地址" not in "".join(p.text for p in section.footer.paragraphs)
    # The section break's paragraph stays (it took a line), the trailing empty one goes.
    first, _, number, body = document.paragraphs
    assert [p.text for p in document.paragraphs] == [
        "红头 扬州市教育局", "", "扬教发〔2024〕96号", "正文第一段"]
    # The letterhead keeps what it inherited: single spacing, the style's indent and size.
    spacing = first._p.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("240", "auto")
    assert number.paragraph_format.first_line_indent is not None
    assert number.runs[0].font.size is not None and number.runs[0].font.size.pt == 12
    # The notice's paragraph: no indent or size from the template's default style.
    assert body.paragraph_format.first_line_indent is None
    assert document.styles["Normal"].element.find(qn("w:pPr")) is None


def test_prepare_base_accepts_python_docx_default() -> None:
    document = prepare_base(docx.Document())
    writer = DocxWriter(GBT9704, base=document)
    writer.paragraph([Span("正文")])
    assert [p.text for p in reloaded(writer).paragraphs] == ["正文"]


def test_explicit_fonts_are_not_overridden_by_inherited_theme_fonts() -> None:
    """python-docx's defaults name theme fonts (eastAsiaTheme=…): pinned onto a run that
    names its own font, they would win over it."""
    document = docx.Document()
    para = document.add_paragraph()
    named = para.add_run("扬州市教育局")
    named._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
    plain = para.add_run("plain")
    prepare_base(document)
    named_fonts = named._r.rPr.find(qn("w:rFonts"))
    assert named_fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert named_fonts.get(qn("w:eastAsiaTheme")) is None
    assert named_fonts.get(qn("w:asciiTheme")) is not None  # not set on the run: inherited
    assert plain._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is not None
