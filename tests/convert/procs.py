"""Helpers of the converter tests: is python3-uno here, which LibreOffice processes are left
(found by a marker in their command line)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from notice_kit.convert.listener import uno_python


def needs_uno() -> None:
    """Skip without LibreOffice or python3-uno on a developer machine; CI must have both."""
    from ..conftest import needs_libreoffice

    needs_libreoffice()
    python = uno_python()
    ok = python is not None and subprocess.run([python, "-c", "import uno"], capture_output=True,
                                               check=False).returncode == 0
    if not ok:
        if os.environ.get("CI"):
            pytest.fail("python3-uno missing on CI: run scripts/install-system-deps.sh")
        pytest.skip("python3-uno not installed")


def _live() -> Iterator[tuple[Path, list[str]]]:
    """Each live (non-zombie) process: its /proc entry and its stat fields after the name."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields and fields[0] != "Z":
            yield entry, fields


def live_processes(marker: str) -> list[int]:
    """Live (non-zombie) processes whose command line contains ``marker``."""
    pids = []
    for entry, _ in _live():
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            pids.append(int(entry.name))
    return pids


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in process group ``pgid``."""
    return [int(entry.name) for entry, fields in _live() if int(fields[2]) == pgid]


def gone(marker: str, within: float = 10.0) -> bool:
    """True once no live process carries ``marker`` (waiting up to ``within`` seconds)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not live_processes(marker):
            return True
        time.sleep(0.05)
    return not live_processes(marker)
