"""build_package: files, manifest, page ranges and atomic replacement of OUTDIR."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

import notice_kit
from notice_kit.manifest import BuildResult
from notice_kit.models import Package


def test_docx_only_build_lists_every_file(tmp_path: Path, seed_package: Package) -> None:
    result = notice_kit.build_package(seed_package, tmp_path / "out", formats=["docx"])
    m = result.manifest
    assert [f.format for f in m.files] == ["docx"] * 5
    for f in m.files:
        data = (result.outdir / f.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f.sha256 and len(data) == f.bytes
    assert m.file("attachment", "docx", 2).label == "附件2"
    assert m.parts == []  # no PDF, no page ranges


def test_manifest_json_equals_the_result(seed_build: BuildResult) -> None:
    on_disk = json.loads((seed_build.outdir / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(seed_build.manifest.model_dump_json(exclude_none=True))


def test_pdf_parts_cover_the_merged_pdf(seed_build: BuildResult) -> None:
    m = seed_build.manifest
    merged = m.file("package", "pdf")
    assert merged.pages == len(PdfReader(seed_build.outdir / merged.path).pages)
    assert [(p.role, p.attachment) for p in m.parts] == [
        ("notice", None), ("attachment", 1), ("attachment", 2), ("attachment", 3)
    ]
    # Contiguous, starting at 1, ending at the last page; each split PDF has its pages.
    assert m.parts[0].first_page == 1
    for a, b in zip(m.parts, m.parts[1:], strict=False):
        assert b.first_page == a.last_page + 1
    assert m.parts[-1].last_page == merged.pages
    total = 0
    for part in m.parts:
        f = m.file(part.role, "pdf", part.attachment)
        assert f.first_page == part.first_page
        assert f.pages == len(PdfReader(seed_build.outdir / f.path).pages)
        total += f.pages or 0
    assert total == merged.pages


def test_attachment_parts_start_on_their_label_page(seed_build: BuildResult) -> None:
    """GB/T 9704-2012 7.3.7: each attachment starts on a new page with its label."""
    m = seed_build.manifest
    reader = PdfReader(seed_build.outdir / m.file("package", "pdf").path)
    for part in m.parts[1:]:
        text = reader.pages[part.first_page - 1].extract_text()
        assert text.lstrip().startswith(part.label or ""), text[:40]
        assert part.title in text.replace("\n", "")


def test_merged_pdf_outline_labels_and_metadata(seed_build: BuildResult,
                                                seed_package: Package) -> None:
    m = seed_build.manifest
    reader = PdfReader(seed_build.outdir / m.file("package", "pdf").path)
    outline = [(reader.get_destination_page_number(o) + 1, o.title) for o in reader.outline]
    assert outline == [
        (1, f"正文　{seed_package.title_text}"),
        (m.parts[1].first_page, "附件1　省厅三季度分析材料"),
        (m.parts[2].first_page, "附件2　第三季度复盘与调度工作参加人员回执"),
        (m.parts[3].first_page, "附件3　各地参加学校名单"),
    ]
    assert [reader.page_labels[i] for i in (0, 4)] == ["1", "5"]
    meta = reader.metadata
    assert meta is not None
    assert meta.title == seed_package.title_text
    assert meta.author == "扬州市教育局"
    assert "root" not in str(dict(meta)) and "/tmp" not in str(dict(meta))


def test_split_pdfs_keep_the_package_page_numbers(seed_build: BuildResult) -> None:
    m = seed_build.manifest
    f = m.file("attachment", "pdf", 1)
    reader = PdfReader(seed_build.outdir / f.path)
    assert reader.page_labels[0] == str(f.first_page)


def test_rebuild_replaces_the_package_and_keeps_other_files(
    tmp_path: Path, seed_package: Package
) -> None:
    out = tmp_path / "out"
    notice_kit.build_package(seed_package, out, formats=["docx"])
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    renamed = seed_package.model_copy(deep=True)
    renamed.attachments[2].title = "参加学校名单"
    notice_kit.build_package(renamed, out, formats=["docx"])
    names = {p.name for p in out.iterdir()}
    assert "附件3-参加学校名单.docx" in names
    assert "附件3-各地参加学校名单.docx" not in names  # stale file of the old build removed
    assert "my-notes.txt" in names
    assert not list(tmp_path.glob(".out.building-*"))


def test_unwritable_outdir_is_a_clear_error(tmp_path: Path, seed_package: Package) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(notice_kit.OutputError, match="cannot write"):
        notice_kit.build_package(seed_package, blocker / "out", formats=["docx"])


def test_pdfa_option_writes_pdfa_2b(tmp_path: Path, seed_package: Package) -> None:
    """Issue 4: PDF/A-2b as an option — XMP claims part 2 conformance B, an output intent
    is present, and the split PDFs keep both."""
    from .conftest import needs_libreoffice

    needs_libreoffice()
    package = seed_package.model_copy(deep=True)
    package.options.pdfa = True
    result = notice_kit.build_package(package, tmp_path / "o")
    for role, number in (("package", None), ("attachment", 1)):
        reader = PdfReader(result.path(role, "pdf", number))  # type: ignore[arg-type]
        root = reader.root_object
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert "<pdfaid:part>2</pdfaid:part>" in xmp or 'pdfaid:part="2"' in xmp
        assert "/OutputIntents" in root
        meta = reader.metadata
        assert meta is not None and meta.title == seed_package.title_text


def test_fonts_report_substitutes_and_characters_no_face_has(tmp_path: Path) -> None:
    """Issue 4: every build says which face stood in for which standard name, and warns
    about characters none of the mapped faces has (they would print as boxes)."""
    from .conftest import minimal_data, needs_libreoffice

    needs_libreoffice()
    rare = "\U00031350"  # CJK Extension H: no installed face has it
    package = notice_kit.package_from_data(minimal_data(body=[f"请核对{rare}字。"]))
    result = notice_kit.build_package(package, tmp_path / "o")
    fonts = result.manifest.fonts
    assert fonts is not None
    assert set(fonts.substitutions) >= {"仿宋_GB2312", "方正小标宋简体"}
    assert fonts.missing_glyphs == [rare]
    assert any(rare in w for w in result.manifest.warnings)


def test_strict_fonts_refuse_substitution(tmp_path: Path) -> None:
    """Issue 4: an option makes substitution an error; the .docx files are still written."""
    from .conftest import minimal_data, needs_libreoffice

    needs_libreoffice()
    package = notice_kit.package_from_data(minimal_data())
    package.options.strict_fonts = True
    with pytest.raises(notice_kit.ConversionError, match="仿宋_GB2312"):
        notice_kit.build_package(package, tmp_path / "o")
    assert {p.suffix for p in (tmp_path / "o").iterdir()} == {".docx", ".json"}


def test_pdf_only_build_keeps_no_docx(tmp_path: Path, seed_package: Package) -> None:
    from .conftest import needs_libreoffice

    needs_libreoffice()
    result = notice_kit.build_package(seed_package, tmp_path / "o", formats=["pdf"])
    assert {f.format for f in result.manifest.files} == {"pdf"}
    assert sorted(p.suffix for p in (tmp_path / "o").iterdir()) == [".json"] + [".pdf"] * 5


def test_batch_builds_every_package_and_reports_failures(tmp_path: Path,
                                                         seed_package: Package) -> None:
    """A batch goes on past a failing package and says which one failed."""
    from notice_kit.batch import build_packages

    from .conftest import minimal_data

    bad = notice_kit.package_from_data(minimal_data(title="关于" + "很长的标题" * 30 + "的通知"))
    outcomes = build_packages(
        [(seed_package, tmp_path / "a"), (bad, tmp_path / "b"), (seed_package, tmp_path / "c")],
        formats=["docx"], workers=2,
    )
    assert [o.ok for o in outcomes] == [True, False, True]
    assert isinstance(outcomes[1].error, notice_kit.LayoutError)
    assert (tmp_path / "c" / "manifest.json").exists() and not (tmp_path / "b").exists()


def test_a_build_killed_midway_leaves_outdir_as_it_was(tmp_path: Path,
                                                        seed_package: Package) -> None:
    """Issue 7: SIGKILL in the middle of a build (during the PDF conversion) leaves OUTDIR
    exactly as it was; the next build clears the killed build's staging folder."""
    import signal
    import subprocess
    import sys
    import time

    from .conftest import SEED_EXAMPLE, needs_libreoffice

    needs_libreoffice()
    out = tmp_path / "out"
    notice_kit.build_package(seed_package, out, formats=["docx"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = subprocess.Popen([sys.executable, "-m", "notice_kit.cli", "build", str(SEED_EXAMPLE),
                             "-o", str(out)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.building-*/*.docx")) and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until it is writing into its staging folder
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert list(tmp_path.glob(".out.building-*"))  # the killed build's leftovers …
    notice_kit.build_package(seed_package, out, formats=["docx"])
    assert not list(tmp_path.glob(".out.building-*"))  # … are cleared by the next build


def test_internal_package_has_a_watermark_and_forbids_copying(tmp_path: Path,
                                                              seed_package: Package) -> None:
    """Issue 7: an option marks a package internal — a watermark on every page, PDF
    permissions that forbid copying and editing, AES-256."""
    from pypdf.constants import UserAccessPermissions

    from .conftest import needs_libreoffice

    needs_libreoffice()
    package = seed_package.model_copy(deep=True)
    package.options.internal = True
    result = notice_kit.build_package(package, tmp_path / "o")
    for role, number in (("package", None), ("attachment", 2)):
        reader = PdfReader(result.path(role, "pdf", number))  # type: ignore[arg-type]
        assert reader.is_encrypted
        assert reader.decrypt("") != 0  # opens without a password
        assert reader._encryption is not None and reader._encryption.V == 5  # AES-256
        # AES-256 is declared as Acrobat does: PDF 1.7 with Adobe's extension level 8.
        assert reader.pdf_header == "%PDF-1.7"
        adbe = reader.trailer["/Root"]["/Extensions"]["/ADBE"]
        assert (adbe["/BaseVersion"], adbe["/ExtensionLevel"]) == ("/1.7", 8)
        flags = reader.user_access_permissions
        assert flags is not None
        assert UserAccessPermissions.PRINT in flags
        assert UserAccessPermissions.EXTRACT not in flags
        assert UserAccessPermissions.MODIFY not in flags
        for page in reader.pages:
            assert "内部材料" in "".join(page.extract_text().split())


def test_internal_and_pdfa_cannot_both_be_on() -> None:
    from .conftest import minimal_data

    data = minimal_data()
    data["options"] = {"internal": True, "pdfa": True}
    with pytest.raises(notice_kit.DataError, match="PDF/A"):
        notice_kit.package_from_data(data)
