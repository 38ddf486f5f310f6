"""Helpers of the converter tests: is python3-uno here, which LibreOffice processes are left
(found by a marker in their command line)."""

from __future__ import annotations

import os
import subprocess
import time
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


def live_processes(marker: str) -> list[int]:
    """Live (non-zombie) processes whose command line contains ``marker``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if marker in cmdline and state != "Z":
            pids.append(int(entry.name))
    return pids


def gone(marker: str, within: float = 10.0) -> bool:
    """True once no live process carries ``marker`` (waiting up to ``within`` seconds)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not live_processes(marker):
            return True
        time.sleep(0.05)
    return not live_processes(marker)
