"""Reading notice_kit's own PDFs without their font programs (issue 14, speed): the same
lines and boxes as a plain ``pdftotext``, and a plain read wherever that is not certain."""

from __future__ import annotations

from pathlib import Path

import pytest

from notice_kit.inspect.pdftext import _FONT_PROGRAM, hide_font_programs, read_lines
from notice_kit.manifest import BuildResult


def test_every_pdf_of_the_seed_reads_the_same_without_its_font_programs(
        seed_build: BuildResult) -> None:
    pdfs = sorted(seed_build.outdir.glob("*.pdf"))
    assert len(pdfs) == 5
    for pdf in pdfs:
        data = pdf.read_bytes()
        hidden = hide_font_programs(data)
        assert hidden is not None, pdf.name  # LibreOffice's fonts: all with ToUnicode
        assert len(hidden) == len(data)  # the cross-reference offsets stay right
        assert _FONT_PROGRAM.findall(data) and not _FONT_PROGRAM.findall(hidden)
        plain = read_lines(pdf)
        assert read_lines(pdf, own=True) == plain, pdf.name
        assert sum(len(p.lines) for p in plain) > 10


def test_one_page_reads_the_same(seed_build: BuildResult) -> None:
    merged = seed_build.path("package", "pdf")
    assert read_lines(merged, 3, 3, own=True) == read_lines(merged, 3, 3)


DESCRIPTOR = b"<</Type/FontDescriptor/FontName/AAAAAA+X/FontFile 12 0 R>>"
FONT = b"<</Type/Font/Subtype/Type1/FontDescriptor 11 0 R/ToUnicode 13 0 R>>"


@pytest.mark.parametrize(("data", "why"), [
    (b"%PDF-1.7\n" + DESCRIPTOR + b"<</Type/Font/FontDescriptor 11 0 R>>",
     "a font without a ToUnicode map: its characters may come from the program"),
    (b"%PDF-1.7\n" + DESCRIPTOR + FONT + b"<</Type/ObjStm/N 3>>",
     "object streams: fonts may be where the pattern cannot see"),
    (b"%PDF-1.7\n<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>", "nothing embedded"),
])
def test_a_read_as_it_is_where_hiding_could_change_the_text(data: bytes, why: str) -> None:
    assert hide_font_programs(data) is None, why


def test_each_kind_of_font_program_is_hidden_in_place() -> None:
    data = (b"%PDF-1.7\n" + DESCRIPTOR + FONT
            + b"<</FontFile2 21 0 R>><</FontFile3  31 0 R>>" + b"/ToUnicode 1 0 R" * 2)
    hidden = hide_font_programs(data)
    assert hidden is not None and len(hidden) == len(data)
    assert b"/FontFil_ 12 0 R" in hidden and b"/FontFil_2 21 0 R" in hidden
    assert b"/FontFil_3  31 0 R" in hidden and b"/FontFile" not in hidden


def test_read_in_page_ranges_at_once_it_reads_the_same(
        seed_build: BuildResult, monkeypatch: pytest.MonkeyPatch) -> None:
    """Long PDFs are read in parallel ranges, each pdftotext given the altered copy (a
    temporary file, removed after)."""
    from notice_kit.inspect import pdftext

    merged = seed_build.path("package", "pdf")
    whole = read_lines(merged)
    monkeypatch.setattr(pdftext, "_PAGES_PER_RANGE", 1)
    monkeypatch.setattr(pdftext.os, "sched_getaffinity", lambda _: set(range(3)), raising=False)
    calls: list[list[str]] = []
    popen = pdftext.subprocess.Popen

    def spy(args: list[str], **kw: object) -> object:
        calls.append(args)
        return popen(args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(pdftext.subprocess, "Popen", spy)
    assert read_lines(merged, own=True) == whole
    reads = [c for c in calls if c[0].endswith("pdftotext")]
    assert len(reads) == 3  # three ranges
    copies = {c[-2] for c in reads}
    assert len(copies) == 1 and copies != {str(merged)}  # all from the one altered copy
    assert not Path(copies.pop()).exists()


def test_without_a_writable_temporary_folder_the_file_is_read_as_it_is(
        seed_build: BuildResult, monkeypatch: pytest.MonkeyPatch) -> None:
    from notice_kit.inspect import pdftext

    merged = seed_build.path("package", "pdf")
    whole = read_lines(merged)

    def no_folder(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError("read-only /tmp")

    monkeypatch.setattr(pdftext.tempfile, "mkstemp", no_folder)
    assert read_lines(merged, own=True) == whole
