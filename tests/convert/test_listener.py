"""The overlapped converter: LibreOffice started at once as a UNO listener, with the one-shot
converter's guarantees — own profile, timeout, group kill, one retry, nothing left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

import notice_kit
from notice_kit import ConversionError
from notice_kit.convert.listener import ListenerConverter
from notice_kit.models import Package

from ..conftest import SEED_EXAMPLE, needs_libreoffice
from .procs import gone, live_processes, needs_uno

ROOT = Path(__file__).resolve().parents[2]


def mine() -> str:
    """The marker of this process's LibreOffice: the pipe name carries the builder's pid."""
    return f"notice-kit-{os.getpid()}-"


@pytest.fixture
def conv() -> Iterator[ListenerConverter]:
    needs_uno()
    converter = ListenerConverter()
    yield converter
    converter.close()


def test_it_starts_in_the_background_and_converts_twice(conv: ListenerConverter, docx: Path,
                                                       tmp_path: Path) -> None:
    assert live_processes(mine()), "LibreOffice should be starting already"
    for name in ("a.pdf", "b.pdf"):
        conv.convert(docx, tmp_path / name)
        reader = PdfReader(tmp_path / name)
        assert len(reader.pages) >= 10
        assert "/nkpart1" in reader.named_destinations  # bookmarks exported
    assert conv.attempts == 1  # one LibreOffice for both
    conv.close()
    assert gone(mine())


def test_options_reach_the_pdf_filter(conv: ListenerConverter, docx: Path,
                                      tmp_path: Path) -> None:
    conv.convert(docx, tmp_path / "w.pdf", watermark="草稿")
    text = PdfReader(tmp_path / "w.pdf").pages[0].extract_text()
    assert "草稿" in text


def test_nothing_is_left_after_a_failure_to_start(docx: Path, tmp_path: Path) -> None:
    needs_uno()
    conv = ListenerConverter(soffice="false")  # exits at once: twice, then the error
    with pytest.raises(ConversionError, match=r"seed\.docx.*2 attempts"):
        conv.convert(docx, tmp_path / "x.pdf")
    assert conv.attempts == 2
    conv.close()
    assert gone(mine())
    assert not (tmp_path / "x.pdf").exists()


def test_a_timeout_kills_the_group_and_is_not_retried(docx: Path, tmp_path: Path) -> None:
    needs_uno()
    conv = ListenerConverter(timeout=0.01)
    conv.wait_ready()
    with pytest.raises(ConversionError, match=r"seed\.docx: PDF conversion timed out after 0\.01 s"):
        conv.convert(docx, tmp_path / "x.pdf")
    assert conv.attempts == 1
    assert gone(mine())
    conv.close()


def test_a_libreoffice_killed_before_converting_is_replaced_once(conv: ListenerConverter,
                                                                 docx: Path,
                                                                 tmp_path: Path) -> None:
    conv.wait_ready()
    offices = [p for p in live_processes(mine()) if "soffice" in _cmdline(p)]
    assert offices
    for pid in offices:
        os.kill(pid, signal.SIGKILL)
    conv.convert(docx, tmp_path / "after.pdf")
    assert conv.attempts == 2
    assert len(PdfReader(tmp_path / "after.pdf").pages) >= 10
    conv.close()
    assert gone(mine())


def test_without_python3_uno_the_one_shot_converter_is_used(docx: Path, tmp_path: Path) -> None:
    needs_libreoffice()
    conv = ListenerConverter(python=sys.executable)  # this Python has no uno
    conv.convert(docx, tmp_path / "o.pdf")
    assert len(PdfReader(tmp_path / "o.pdf").pages) >= 10
    conv.close()
    assert gone(mine())


def test_garbage_is_refused_before_libreoffice(conv: ListenerConverter, tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ConversionError, match=r"bad\.docx"):
        conv.convert(bad, tmp_path / "bad.pdf")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _wait_for(marker: str, within: float = 30) -> list[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if found := live_processes(marker):
            return found
        time.sleep(0.05)
    return []


def test_sigkill_of_the_build_leaves_no_libreoffice(tmp_path: Path) -> None:
    """`notice-kit build` killed with SIGKILL while its LibreOffice runs: the worker sees its
    stdin close and kills the group."""
    needs_uno()
    env = {**os.environ, "NOTICE_KIT_CONVERTER": "off"}
    proc = subprocess.Popen([sys.executable, "-m", "notice_kit.cli", "build", str(SEED_EXAMPLE),
                             "-o", str(tmp_path / "out")], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marker = f"notice-kit-{proc.pid}-"
    assert _wait_for(marker), "the build never started LibreOffice"
    time.sleep(0.5)  # LibreOffice is up and loading
    proc.kill()
    proc.wait()
    assert gone(marker, within=15), f"left behind: {live_processes(marker)}"
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_sigkill_while_converting_leaves_no_libreoffice(tmp_path: Path, docx: Path) -> None:
    needs_uno()
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from notice_kit.convert.listener import ListenerConverter
        conv = ListenerConverter()
        conv.wait_ready()
        print("ready", flush=True)
        while True:
            conv.convert(Path({str(docx)!r}), Path({str(tmp_path / "x.pdf")!r}))
    """)
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                          cwd=ROOT) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(0.3)
        proc.kill()
    assert gone(f"notice-kit-{proc.pid}-", within=15)


def test_build_package_starts_and_stops_its_own(tmp_path: Path, seed_package: Package,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    needs_uno()
    monkeypatch.setenv("NOTICE_KIT_CONVERTER", "off")
    result = notice_kit.build_package(seed_package, tmp_path / "o")
    assert [p.label for p in result.manifest.parts] == [None, "附件1", "附件2", "附件3"]
    assert gone(mine())


def test_a_failed_build_stops_its_libreoffice(tmp_path: Path, seed_package: Package,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    needs_uno()
    monkeypatch.setenv("NOTICE_KIT_CONVERTER", "off")
    monkeypatch.setenv("NOTICE_KIT_SOFFICE", "false")
    with pytest.raises(ConversionError):
        notice_kit.build_package(seed_package, tmp_path / "o")
    assert (tmp_path / "o" / "manifest.json").exists()  # the .docx files are still written
    assert gone(mine())


def test_close_leaves_no_temporary_files(docx: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice leaves a ``lu*.tmp`` directory in $TMPDIR after each run and, when killed,
    its pipes (/tmp/OSL_PIPE_…): a clerk's scripts running daily would pile them up."""
    needs_uno()
    import glob
    import tempfile

    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read $TMPDIR
    earlier = set(glob.glob("/tmp/OSL_PIPE_*"))  # killed converters of other tests leave theirs
    conv = ListenerConverter()
    conv.convert(docx, tmp_path / "a.pdf")
    pid = conv.pid
    assert pid is not None
    # Only ours: other LibreOffices on the machine (a parallel build) come and go meanwhile.
    ours = {p for p in set(glob.glob("/tmp/OSL_PIPE_*")) - earlier if mine() in p}
    assert ours, "the pipe should be there while LibreOffice runs"
    conv.close()
    assert gone(mine())
    assert list(scratch.iterdir()) == []
    assert ours & set(glob.glob("/tmp/OSL_PIPE_*")) == set()
