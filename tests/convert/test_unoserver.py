"""Warm and remote converters against real unoserver instances on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

import notice_kit
from notice_kit import ConversionError
from notice_kit.convert.unoserver import RemoteConverter, WarmConverter
from notice_kit.models import Package

from ..conftest import needs_libreoffice
from .procs import group_members


def _uno_available() -> bool:
    return subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True,
                          check=False).returncode == 0


@pytest.fixture(scope="module")
def warm() -> Iterator[WarmConverter]:
    needs_libreoffice()
    if not _uno_available():
        if os.environ.get("CI"):
            pytest.fail("python3-uno missing on CI: run scripts/install-system-deps.sh")
        pytest.skip("python3-uno not installed")
    with WarmConverter() as conv:
        yield conv


def test_warm_converter_reuses_one_libreoffice(warm: WarmConverter, docx: Path,
                                               tmp_path: Path) -> None:
    pid = warm.pid
    for i in range(3):
        out = tmp_path / f"{i}.pdf"
        warm.convert(docx, out)
        reader = PdfReader(out)
        assert len(reader.pages) >= 10
        assert "/nkpart1" in reader.named_destinations  # bookmarks exported
    assert warm.pid == pid and warm.restarts == 0


def test_build_with_the_warm_converter(warm: WarmConverter, seed_package: Package,
                                       tmp_path: Path) -> None:
    result = notice_kit.build_package(seed_package, tmp_path / "o", converter=warm)
    assert [p.label for p in result.manifest.parts] == [None, "附件1", "附件2", "附件3"]


def test_a_killed_libreoffice_is_restarted(warm: WarmConverter, docx: Path,
                                           tmp_path: Path) -> None:
    assert warm.pid is not None and warm._proc is not None
    os.killpg(warm.pid, signal.SIGKILL)
    warm._proc.wait(timeout=10)  # dead for sure before the next request
    warm.convert(docx, tmp_path / "after.pdf")
    assert warm.restarts == 1
    assert len(PdfReader(tmp_path / "after.pdf").pages) >= 10


def test_remote_converter_skips_a_host_that_does_not_answer(warm: WarmConverter, docx: Path,
                                                            tmp_path: Path) -> None:
    port = warm._port
    remote = RemoteConverter(["127.0.0.1:9", f"127.0.0.1:{port}"], connect_timeout=2)
    for i in range(2):  # the turn moves on: both orders reach the live host
        remote.convert(docx, tmp_path / f"r{i}.pdf")
        assert (tmp_path / f"r{i}.pdf").read_bytes().startswith(b"%PDF")


def test_remote_converter_names_every_host_when_none_answers(docx: Path, tmp_path: Path) -> None:
    remote = RemoteConverter(["127.0.0.1:9", "127.0.0.1:19"], connect_timeout=1)
    with pytest.raises(ConversionError, match=r"127\.0\.0\.1:9 .*127\.0\.0\.1:19"):
        remote.convert(docx, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_garbage_is_refused_before_it_reaches_the_server(warm: WarmConverter,
                                                         tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ConversionError, match=r"bad\.docx"):
        warm.convert(bad, tmp_path / "bad.pdf")


def test_close_leaves_no_process_behind(docx: Path, tmp_path: Path) -> None:
    needs_libreoffice()
    if not _uno_available():
        pytest.skip("python3-uno not installed")
    conv = WarmConverter()
    conv.start()
    pgid = conv.pid
    assert pgid is not None and group_members(pgid)
    conv.convert(docx, tmp_path / "one.pdf")
    conv.close()
    assert group_members(pgid) == []
