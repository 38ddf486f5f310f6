"""External attachments (an existing PDF or .docx) inside the package (issue 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader, PdfWriter

import notice_kit
from notice_kit import DataError
from notice_kit.inspect.pdftext import read_lines

from .conftest import minimal_data, needs_libreoffice


def external_pdf(path: Path, pages: int, text: str = "外部文件",
                 header: str | None = None) -> Path:
    """A small PDF made by notice_kit itself (LibreOffice), ``pages`` pages long
    (declaring ``header`` when given)."""
    body = [text] + [{"heading": f"第{i}页", "text": "内容。" * 200} for i in range(pages)]
    package = notice_kit.package_from_data(minimal_data(body=body))
    # Centred numbers, so they do not sit where the package stamps its own.
    out = notice_kit.build_package(package, path.parent / f"{path.stem}-src",
                                   profile=notice_kit.get_profile("centred"))
    source = PdfReader(out.path("notice", "pdf"))
    writer = PdfWriter()
    for page in source.pages[:pages]:
        writer.add_page(page)
    if header is not None:
        writer.pdf_header = header
    writer.write(path)
    return path


def package_with(tmp_path: Path, attachment: dict[str, object]) -> Path:
    data = minimal_data(body=["请阅附件。"])
    data["attachments"] = [{"title": "会议议程", "items": ["报到", "开会"]}, attachment]
    data["notice"]["colophon"] = {"printer": "扬州市教育局办公室", "print_date": "2024-10-25"}  # type: ignore[index]
    path = tmp_path / "n.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_external_pdf_is_merged_with_label_and_page_numbers(tmp_path: Path) -> None:
    needs_libreoffice()
    external_pdf(tmp_path / "ext.pdf", 3, header="%PDF-1.7")
    data_file = package_with(tmp_path, {"title": "外部材料", "path": "ext.pdf"})
    result = notice_kit.build_package(notice_kit.load_notice(data_file), tmp_path / "out")
    # The package holds the external file's pages: it declares their later version.
    assert PdfReader(result.path("package", "pdf")).pdf_header == "%PDF-1.7"
    part = next(p for p in result.manifest.parts if p.attachment == 2)
    pages = read_lines(result.path("package", "pdf"))
    first = pages[part.first_page - 1]
    assert first.lines[0].text == "附件2"  # stamped on line 1
    # The file's last page is its own: the 版记 goes on a page after it, unnumbered.
    assert part.last_page == part.first_page + 3 and part.last_page % 2 == 0
    last = [ln.text for ln in pages[part.last_page - 1].lines]
    assert last[0].startswith("扬州市教育局办公室") and not any("—" in t for t in last)
    for number in range(part.first_page, part.first_page + 3):
        texts = [ln.text for ln in pages[number - 1].lines]
        assert any(f"—{number}—" in t.replace(" ", "") for t in texts), texts
        # The file's own page lies underneath: more than the stamp's label and number.
        assert len([t for t in texts if t != "附件2" and "—" not in t]) > 3, texts
    reader = PdfReader(result.path("package", "pdf"))
    titles = [o.title for o in reader.outline]
    assert "附件2　外部材料" in titles
    # The original file is also delivered as it was.
    copied = result.manifest.file("attachment", "pdf", 2, origin="copied")
    assert copied.path == "附件2-外部材料.pdf"
    assert result.manifest.file("attachment", "pdf", 2).path == "附件2-外部材料-盖页码.pdf"


def test_external_docx_is_converted_and_merged(tmp_path: Path) -> None:
    needs_libreoffice()
    inner = notice_kit.package_from_data(minimal_data(body=["这是一个外部的Word文件。"]))
    (tmp_path / "ext.docx").write_bytes(notice_kit.render_notice_docx(inner).data)
    data_file = package_with(tmp_path, {"title": "外部文件", "path": "ext.docx"})
    result = notice_kit.build_package(notice_kit.load_notice(data_file), tmp_path / "out")
    part = next(p for p in result.manifest.parts if p.attachment == 2)
    text = "".join(ln.text for ln in read_lines(result.path("package", "pdf"))[part.first_page - 1].lines)
    assert "这是一个外部的Word文件" in text


@pytest.mark.parametrize("kind", ["corrupt", "encrypted", "empty"])
def test_bad_external_pdf_is_refused_and_docx_still_written(tmp_path: Path, kind: str) -> None:
    """A corrupt or encrypted external PDF: a clear error naming the part; the .docx
    outputs are still written; no partial PDF is left behind."""
    needs_libreoffice()
    bad = tmp_path / "bad.pdf"
    if kind == "corrupt":
        bad.write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    elif kind == "empty":
        bad.write_bytes(b"")
    else:
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        writer.encrypt("secret", algorithm="AES-256")
        writer.write(bad)
    data_file = package_with(tmp_path, {"title": "外部材料", "path": "bad.pdf"})
    out = tmp_path / "out"
    with pytest.raises(DataError) as info:
        notice_kit.build_package(notice_kit.load_notice(data_file), out)
    assert "attachments[1].path" in str(info.value)
    assert "bad.pdf" in str(info.value)
    written = {p.suffix for p in out.iterdir()}
    assert ".docx" in written
    assert not [p for p in out.iterdir() if p.suffix == ".pdf" and p.name != "附件2-外部材料.pdf"]


def test_a_500_page_external_pdf_is_handled(tmp_path: Path) -> None:
    """Issue 7: a huge external PDF (500 pages) is merged with continuous page numbers."""
    needs_libreoffice()
    writer = PdfWriter()
    for _ in range(500):
        writer.add_blank_page(595, 842)
    writer.write(tmp_path / "big.pdf")
    data = minimal_data(body=["请阅附件。"])
    data["attachments"] = [{"title": "汇编材料", "path": "big.pdf"}]
    path = tmp_path / "n.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = notice_kit.build_package(notice_kit.load_notice(path), tmp_path / "out")
    (part,) = [p for p in result.manifest.parts if p.attachment == 1]
    assert (part.first_page, part.last_page) == (2, 501)
    last = read_lines(result.path("package", "pdf"), first=501, last=501)[0]
    assert any(t.text.replace(" ", "") == "—501—" for t in last.lines)
