"""`notice-kit serve`: one warm converter that builds find, use, and fall back from."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import xmlrpc.client
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

import notice_kit
from notice_kit import ConversionError
from notice_kit.convert import discover
from notice_kit.convert.discover import converter_hosts, default_converter, live_hosts
from notice_kit.convert.listener import ListenerConverter
from notice_kit.convert.unoserver import RemoteConverter
from notice_kit.models import Package
from notice_kit.serve import ConverterServer, parse_filter_options

from ..conftest import SEED_EXAMPLE
from .procs import gone, needs_uno

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- finding a converter -------------------------------------------------------------------


def test_the_default_address_is_looked_up_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTICE_KIT_CONVERTER", raising=False)
    assert converter_hosts() == [discover.DEFAULT_ADDRESS] == ["127.0.0.1:2004"]
    assert converter_hosts("10.0.0.5:2004, 10.0.0.6:2004") == ["10.0.0.5:2004", "10.0.0.6:2004"]
    assert converter_hosts("a:1 b:2") == ["a:1", "b:2"]
    assert converter_hosts("off") == [] == converter_hosts("none")


def test_a_malformed_address_names_the_variable() -> None:
    with pytest.raises(ConversionError, match=r"NOTICE_KIT_CONVERTER.*'nohost'"):
        converter_hosts("nohost")


def test_only_hosts_that_accept_a_connection_are_live() -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        closed = free_port()
        assert live_hosts([f"127.0.0.1:{closed}", f"127.0.0.1:{port}"]) == [f"127.0.0.1:{port}"]


def test_with_no_converter_answering_a_build_starts_its_own() -> None:
    conv = default_converter(hosts=[f"127.0.0.1:{free_port()}"])
    try:
        assert isinstance(conv.inner, ListenerConverter)
    finally:
        conv.close()
    two = default_converter(workers=2, hosts=[])
    try:
        assert len(two.inner.members) == 2  # type: ignore[attr-defined]
    finally:
        two.close()


def test_filter_options_are_read_as_unoserver_reads_them() -> None:
    assert parse_filter_options(["ExportBookmarksToPDFDestination=true", "SelectPdfVersion=2",
                                 "Watermark=草稿"]) == {
        "ExportBookmarksToPDFDestination": True, "SelectPdfVersion": 2, "Watermark": "草稿"}
    with pytest.raises(ValueError, match="'junk'"):
        parse_filter_options(["junk"])


# --- a real server ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[ConverterServer]:
    needs_uno()
    srv = ConverterServer("127.0.0.1", free_port())
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    srv.converter.wait_ready()
    yield srv
    srv.stop()
    thread.join(timeout=30)


def test_remote_converter_and_builds_use_the_server(server: ConverterServer,
                                                    seed_package: Package, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    docx = tmp_path / "seed.docx"
    docx.write_bytes(notice_kit.render_package_docx(seed_package).data)
    RemoteConverter([server.address]).convert(docx, tmp_path / "r.pdf")
    assert "/nkpart1" in PdfReader(tmp_path / "r.pdf").named_destinations
    before = server.conversions

    def refuse(**_: object) -> None:
        raise AssertionError("the build started its own LibreOffice")

    monkeypatch.setattr(discover, "ListenerConverter", refuse)
    monkeypatch.setenv("NOTICE_KIT_CONVERTER", server.address)
    result = notice_kit.build_package(seed_package, tmp_path / "o")
    assert server.conversions > before  # converted there
    assert len(PdfReader(result.path("package", "pdf")).pages) == 14


def test_a_document_the_server_cannot_convert_is_a_fault_not_a_crash(
        server: ConverterServer) -> None:
    proxy = xmlrpc.client.ServerProxy(f"http://{server.address}", allow_none=True)
    with pytest.raises(xmlrpc.client.Fault, match=r"not a Word \.docx"):
        proxy.convert(None, xmlrpc.client.Binary(b"junk"), None, "pdf", "writer_pdf_Export",
                      [], True, None, None)
    with pytest.raises(xmlrpc.client.Fault, match="only PDF"):
        proxy.convert(None, xmlrpc.client.Binary(b"junk"), None, "odt", None, [], True, None,
                      None)
    assert proxy.info()["notice_kit"]  # still serving


def test_a_build_falls_back_when_the_server_stops_answering(seed_package: Package,
                                                            tmp_path: Path) -> None:
    needs_uno()
    dead = f"127.0.0.1:{free_port()}"
    fallback = discover._RemoteFirst(RemoteConverter([dead], connect_timeout=1),
                                     lambda: ListenerConverter())
    try:
        result = notice_kit.build_package(seed_package, tmp_path / "o", converter=fallback)
        own = fallback._fallback
        assert isinstance(own, ListenerConverter) and own._tmp is not None
        marker = own._tmp.name  # its profile's folder, in every command line of its group
    finally:
        fallback.close()
    assert result.manifest.parts[-1].last_page == 14
    assert gone(marker)


def test_serve_command_stops_when_idle_and_leaves_nothing(tmp_path: Path) -> None:
    needs_uno()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "notice_kit.cli", "serve", "--port", str(port),
                             "--idle-timeout", "3"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert f"127.0.0.1:{port}" in line, line
    env = {**os.environ, "NOTICE_KIT_CONVERTER": f"127.0.0.1:{port}"}
    build = subprocess.run([sys.executable, "-m", "notice_kit.cli", "build", str(SEED_EXAMPLE),
                            "-o", str(tmp_path / "o"), "-f", "pdf"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    # Built here, converting through the server (the first was built by the server whole).
    here = subprocess.run([sys.executable, "-m", "notice_kit.cli", "build", str(SEED_EXAMPLE),
                           "-o", str(tmp_path / "h"), "-f", "pdf"], cwd=ROOT,
                          env={**env, "NOTICE_KIT_SERVED_BUILDS": "off"},
                          capture_output=True, text=True, timeout=300)
    assert here.returncode == 0, here.stderr
    rest = proc.communicate(timeout=60)[1]  # stops by itself after 3 s idle
    assert proc.returncode == 0
    assert re.search(r"after [1-9]\d* document\(s\) and 1 build\(s\)", rest), rest
    assert gone(f"notice-kit-{proc.pid}-")


def test_serve_refuses_a_port_in_use() -> None:
    needs_uno()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        conv = ListenerConverter()
        assert conv._tmp is not None
        marker = conv._tmp.name
        with pytest.raises(ConversionError, match=f"127.0.0.1:{port}"):
            ConverterServer("127.0.0.1", port, converter=conv)
    assert gone(marker)  # the LibreOffice it was given is stopped
