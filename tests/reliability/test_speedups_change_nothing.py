"""The speed-ups (issue 14) change no output: the overlapped LibreOffice, `notice-kit serve`
and a plain one-shot LibreOffice give byte-identical .docx files and page-identical PDFs
(same text, same pixels at 60 dpi); the cached segmenter cuts titles exactly as jieba."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest

import notice_kit
from notice_kit.build import LibreOfficeConverter
from notice_kit.layout import segmenter
from notice_kit.manifest import BuildResult
from notice_kit.models import Package
from notice_kit.serve import ConverterServer

from ..conftest import ROOT
from ..convert.procs import needs_uno


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pages_text(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         check=True).stdout.decode()
    return out.split("\f")


def _pixels(pdf: Path, folder: Path) -> list[bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-gray", str(pdf), str(folder / "p")], check=True)
    return [p.read_bytes() for p in sorted(folder.glob("p-*.pgm"))]


def _files(result: BuildResult, fmt: str) -> dict[str, Path]:
    return {f.path: result.outdir / f.path for f in result.manifest.files if f.format == fmt}


def test_overlapped_serve_and_one_shot_builds_are_the_same(
        tmp_path: Path, seed_package: Package, monkeypatch: pytest.MonkeyPatch) -> None:
    needs_uno()
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    monkeypatch.setenv("NOTICE_KIT_CONVERTER", "off")
    builds = {"overlapped": notice_kit.build_package(seed_package, tmp_path / "overlapped")}
    server = ConverterServer("127.0.0.1", _free_port())
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("NOTICE_KIT_CONVERTER", server.address)
        builds["serve"] = notice_kit.build_package(seed_package, tmp_path / "serve")
        assert server.conversions >= 1
    finally:
        server.stop()
        thread.join(timeout=30)
    builds["one-shot"] = notice_kit.build_package(seed_package, tmp_path / "one-shot",
                                                  converter=LibreOfficeConverter())

    reference = builds["one-shot"]
    for how, result in builds.items():
        docx = _files(result, "docx")
        assert docx.keys() == _files(reference, "docx").keys()
        for name, path in docx.items():
            assert path.read_bytes() == (reference.outdir / name).read_bytes(), (how, name)
        pdfs = _files(result, "pdf")
        assert pdfs.keys() == _files(reference, "pdf").keys()
        for name, path in pdfs.items():
            expected = reference.outdir / name
            assert _pages_text(path) == _pages_text(expected), (how, name)
            got = _pixels(path, tmp_path / "png" / how / name)
            want = _pixels(expected, tmp_path / "png" / "one-shot" / name)
            differing = [i + 1 for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
            assert not differing, f"{how}: {name} pages {differing} differ; see {tmp_path / 'png'}"


def _titles() -> list[str]:
    found = set()
    for path in [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/**/*.py")]:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            start = line.find("关于")
            if start >= 0:
                found.add(line[start:start + 60].strip(" \"',:：)"))
    return sorted(t for t in found if len(t) > 4)


def test_the_cached_segmenter_cuts_as_jieba_does(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    jieba_tokenizer = segmenter._load_tokenizer()
    db = tmp_path / "segmenter.sqlite"
    segmenter._write_segmenter_db(jieba_tokenizer, db)
    cached = segmenter._CachedSegmenter(db)
    samples = [*_titles(), "扬州市2024—2026年青少年ABC-2计划（试行）的通知",
               "关于印发《江苏省中小学课后服务管理办法》的通知 增长3.5%", "朱子玥 Latte 12.5%的牛奶\r\n二"]
    assert len(samples) > 50
    for text in samples:
        assert cached.lcut(text) == jieba_tokenizer.lcut(text), text


def test_the_segmenter_cache_is_written_once_and_then_used(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = segmenter._load_segmenter()
    assert not isinstance(first, segmenter._CachedSegmenter)  # no cache yet: jieba, then written
    assert (tmp_path / "notice_kit" / segmenter._SEGMENTER_DB).is_file()
    second = segmenter._load_segmenter()
    assert isinstance(second, segmenter._CachedSegmenter)
    title = "关于开展全市青少年生命关爱第三季度复盘与调度工作的通知"
    assert second.lcut(title) == first.lcut(title)


@pytest.mark.parametrize("pdfa", [False, True])
def test_parts_cut_in_memory_are_the_bytes_cut_from_the_file(
        tmp_path: Path, seed_package: Package, pdfa: bool) -> None:
    """The part PDFs are cut from the finished PDF still in memory; reading its bytes back
    first (as before) gives the same bytes, merged and every part."""
    import io

    from pypdf import PdfReader

    from notice_kit.assemble.package_pdf import part_specs, pdf_metadata
    from notice_kit.assemble.pdf import finish_merged, finished_writer, pdf_bytes, split_part
    from notice_kit.render.docx.package import render_package_docx

    needs_uno()
    package = seed_package.evolve({"options": {"pdfa": pdfa}})
    docx, raw = tmp_path / "merged.docx", tmp_path / "raw.pdf"
    docx.write_bytes(render_package_docx(package).data)
    LibreOfficeConverter().convert(docx, raw, pdfa=pdfa)
    meta = pdf_metadata(package)
    writer, ranges = finished_writer(raw, part_specs(package), meta)
    in_memory = [pdf_bytes(writer), *(split_part(writer, r, meta) for r in ranges)]
    merged, ranges_read = finish_merged(raw, part_specs(package), meta)
    reader = PdfReader(io.BytesIO(merged))
    read_back = [merged, *(split_part(reader, r, meta) for r in ranges_read)]
    assert ranges == ranges_read and len(ranges) == 4
    assert in_memory == read_back
    # Every finished file declares the version LibreOffice wrote, not pypdf's %PDF-1.3.
    assert {pdf[:8] for pdf in in_memory} == {raw.read_bytes()[:8]} != {b"%PDF-1.3"}
