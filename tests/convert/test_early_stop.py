"""A build stops its own LibreOffice as soon as no conversion can follow — before the PDFs
are finished and the manifest written — and leaves none behind either way."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest

import notice_kit
from notice_kit.assemble import package_pdf
from notice_kit.models import Package

from .procs import live_processes, needs_uno


def test_the_builds_own_libreoffice_stops_before_the_pdfs_are_finished(
        seed_package: Package, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    needs_uno()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # the listener's folder: a marker
    monkeypatch.setenv("NOTICE_KIT_CONVERTER", "off")
    seen: dict[str, list[int]] = {}
    real = package_pdf.pagination_faults

    def faults(*args: object, **kwargs: object) -> object:
        if "form_pages" in kwargs or len(args) > 2:  # the final check, after the last conversion
            deadline = time.monotonic() + 10
            while live_processes(str(scratch)) and time.monotonic() < deadline:
                time.sleep(0.02)
            seen["final check"] = live_processes(str(scratch))
        else:
            seen.setdefault("first check", live_processes(str(scratch)))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(package_pdf, "pagination_faults", faults)
    result = notice_kit.build_package(seed_package, tmp_path / "out", formats=["pdf"])
    assert seen["first check"], "LibreOffice is up while a conversion may still follow"
    assert seen["final check"] == []  # stopped while the build still works on the PDF
    assert result.path("package", "pdf").is_file()
    assert live_processes(str(scratch)) == []


def test_a_converter_the_caller_gives_is_not_stopped(
        seed_package: Package, tmp_path: Path) -> None:
    needs_uno()
    from notice_kit.convert.listener import ListenerConverter

    with ListenerConverter() as conv:
        notice_kit.build_package(seed_package, tmp_path / "a", formats=["pdf"], converter=conv)
        assert conv._worker is not None  # still up for the caller's next build
        notice_kit.build_package(seed_package, tmp_path / "b", formats=["pdf"], converter=conv)


def test_stop_converter_stops_the_callers_converter_early_too(
        seed_package: Package, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As ``notice-kit build`` uses it: its LibreOffice, started before the data is read,
    is the build's to stop."""
    needs_uno()
    from notice_kit.convert.listener import ListenerConverter

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    conv = ListenerConverter()
    seen: list[list[int]] = []
    real = package_pdf.pagination_faults

    def faults(*args: object, **kwargs: object) -> object:
        if len(args) > 2:  # the final check
            deadline = time.monotonic() + 10
            while live_processes(str(scratch)) and time.monotonic() < deadline:
                time.sleep(0.02)
            seen.append(live_processes(str(scratch)))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(package_pdf, "pagination_faults", faults)
    notice_kit.build_package(seed_package, tmp_path / "out", formats=["pdf"], converter=conv,
                             stop_converter=True)
    assert seen == [[]]
    assert conv._worker is None and conv._tmp is None
