"""`notice-kit build` handed whole to a running `notice-kit serve` (same user, same code):
the same files and the same words as a build of its own, and a build of its own whenever
the server cannot promise that."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import SEED_EXAMPLE
from .procs import needs_uno
from .test_serve import free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Server:
    proc: subprocess.Popen[str]
    env: dict[str, str]
    socket: Path

    def stop(self) -> str:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.communicate(timeout=60)[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    needs_uno()
    run = tmp_path_factory.mktemp("run")
    port = free_port()
    env = {**os.environ, "XDG_RUNTIME_DIR": str(run),
           "NOTICE_KIT_CONVERTER": f"127.0.0.1:{port}"}
    env.pop("NOTICE_KIT_SERVED_BUILDS", None)
    proc = subprocess.Popen([sys.executable, "-m", "notice_kit.cli", "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert f"127.0.0.1:{port}" in line, line
    srv = Server(proc, env, run / "notice_kit" / f"build-{port}.sock")
    yield srv
    if proc.poll() is None:
        srv.stop()


def build(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "notice_kit.cli", "build", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def pdf_text(pdf: Path) -> bytes:
    return subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          check=True).stdout


def test_the_socket_is_the_users_alone(server: Server) -> None:
    assert stat.S_ISSOCK(server.socket.stat().st_mode)
    assert stat.S_IMODE(server.socket.stat().st_mode) == 0o600
    assert stat.S_IMODE(server.socket.parent.stat().st_mode) == 0o700


def test_a_served_build_is_the_build_of_its_own(server: Server, tmp_path: Path) -> None:
    served = build(server.env, str(SEED_EXAMPLE), "-o", str(tmp_path / "s"))
    own = build({**server.env, "NOTICE_KIT_CONVERTER": "off"}, str(SEED_EXAMPLE),
                "-o", str(tmp_path / "o"))
    assert served.returncode == own.returncode == 0, served.stderr + own.stderr
    assert served.stdout.replace(str(tmp_path / "s"), "OUT") == \
        own.stdout.replace(str(tmp_path / "o"), "OUT")
    assert served.stderr == own.stderr  # warnings
    names = sorted(p.name for p in (tmp_path / "o").iterdir())
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == names
    for name in names:
        a, b = tmp_path / "s" / name, tmp_path / "o" / name
        if name.endswith(".docx"):
            assert a.read_bytes() == b.read_bytes(), name
        elif name.endswith(".pdf"):
            assert pdf_text(a) == pdf_text(b), name
    # --json prints the manifest, as a build of its own does.
    js = build(server.env, str(SEED_EXAMPLE), "-o", str(tmp_path / "j"), "--json", "-f", "docx")
    assert js.returncode == 0, js.stderr
    assert json.loads(js.stdout)["title"] in own.stdout


def test_errors_are_reported_as_without_a_server(server: Server, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SEED_EXAMPLE.read_text(encoding="utf-8").replace(
        "date: ", "date: 2024-02-30 #", 1), encoding="utf-8")
    served = build(server.env, str(bad), "-o", str(tmp_path / "s"))
    own = build({**server.env, "NOTICE_KIT_CONVERTER": "off"}, str(bad), "-o", str(tmp_path / "o"))
    assert served.returncode == own.returncode == 1
    assert served.stderr == own.stderr and "bad.yaml" in own.stderr
    assert not (tmp_path / "s").exists()


def test_other_code_or_settings_build_by_themselves(server: Server, tmp_path: Path) -> None:
    # A client whose NOTICE_KIT_* settings differ (here the font folder, to its default) might
    # build differently: the server declines and the client builds, converting through it.
    env = {**server.env, "NOTICE_KIT_FONT_DIR": "/usr/local/share/fonts/notice-kit"}
    done = build(env, str(SEED_EXAMPLE), "-o", str(tmp_path / "x"), "-f", "pdf")
    assert done.returncode == 0, done.stderr
    off = build({**server.env, "NOTICE_KIT_SERVED_BUILDS": "off"}, str(SEED_EXAMPLE),
                "-o", str(tmp_path / "y"), "-f", "pdf")
    assert off.returncode == 0, off.stderr


def test_two_builds_at_once(server: Server, tmp_path: Path) -> None:
    """Each connection builds in a thread of its own; what a build imports on first use
    (the OFD writer, the 回执 forms) is imported when the server starts, not by two request
    threads at once (lazy imports in two threads deadlocked on python-docx's)."""
    procs = [subprocess.Popen([sys.executable, "-m", "notice_kit.cli", "build", str(SEED_EXAMPLE),
                               "-o", str(tmp_path / name), *extra], cwd=ROOT, env=server.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name, extra in (("a", ["-f", "ofd"]), ("b", ["-f", "pdf"]))]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert len(list((tmp_path / "a").glob("*.ofd"))) == 5
    assert len(list((tmp_path / "b").glob("*.pdf"))) == 5


def test_stopping_the_server_removes_its_socket_and_counts(server: Server) -> None:
    said = server.stop()
    assert not server.socket.exists()
    # Whole builds: the seed, the --json one and the two at once (not the erroneous one:
    # declined); conversions: the two builds of their own that converted through it.
    assert re.search(r"after 2 document\(s\) and 4 build\(s\)", said), said
