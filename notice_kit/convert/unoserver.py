"""Warm and remote converters: LibreOffice kept running behind unoserver.

A cold ``soffice --convert-to`` costs seconds per document; a LibreOffice that stays up
converts in a fraction of that.  :class:`WarmConverter` starts one (unoserver's server
runs under Debian's ``/usr/bin/python3``, the only Python that sees ``python3-uno``),
reuses it for every document, restarts it if it dies and stops it — with all its
children — when closed.  :class:`RemoteConverter` sends documents to unoserver instances
already running elsewhere (``host:port``), spreading them across several.  Both talk
plain XML-RPC, so they work from any Python.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import itertools
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import time
import xmlrpc.client
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from notice_kit.convert import profile as profile_cache
from notice_kit.convert.address import host_port as _host_port
from notice_kit.convert.fonts import FontPlan, fontconfig_xml, plan_fonts
from notice_kit.convert.libreoffice import (
    INSTALL_HINT,
    _check_docx,
    _kill_group,
    export_options,
    find_soffice,
    soffice_env,
)
from notice_kit.errors import ConversionError

logger = logging.getLogger(__name__)

DEBIAN_PYTHON = "/usr/bin/python3"


class ConverterUnavailableError(ConversionError):
    """No converter host answered (as opposed to a document a host could not convert)."""


def pdf_filter_options(*, pdfa: bool = False, watermark: str | None = None) -> list[str]:
    """:func:`export_options` in unoserver's "Name=value" form."""
    def text(value: object) -> str:
        return str(value).lower() if isinstance(value, bool) else str(value)

    return [f"{k}={text(v)}" for k, v in export_options(pdfa=pdfa, watermark=watermark).items()]


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: str) -> object:  # type: ignore[override]
        conn = super().make_connection(host)
        conn.timeout = self._timeout
        return conn


def _proxy(host: str, port: int, timeout: float) -> xmlrpc.client.ServerProxy:
    return xmlrpc.client.ServerProxy(
        f"http://{host}:{port}", transport=_TimeoutTransport(timeout), allow_none=True
    )


def _convert_via(proxy: xmlrpc.client.ServerProxy, docx: Path, pdf: Path,
                 options: Sequence[str]) -> None:
    _check_docx(docx)
    result = proxy.convert(
        None, xmlrpc.client.Binary(docx.read_bytes()), None, "pdf", "writer_pdf_Export",
        list(options), True, None, None,
    )
    data = getattr(result, "data", None)
    if not data or not bytes(data).startswith(b"%PDF"):
        raise ConversionError(f"{docx}: the converter returned no PDF")
    tmp = pdf.with_name(f".{pdf.name}.part")
    tmp.write_bytes(bytes(data))
    os.replace(tmp, pdf)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class WarmConverter:
    """A LibreOffice kept warm for a batch: ``with WarmConverter() as conv: conv.convert(…)``.

    ``start()`` takes about ten seconds (unoserver waits for LibreOffice); each
    conversion after that a fraction of a second.  If the server dies it is started again
    once and the document retried.
    """

    def __init__(self, *, timeout: float = 120, font_plan: FontPlan | None = None,
                 python: str = DEBIAN_PYTHON, start_timeout: float = 90) -> None:
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.python = python
        self.font_plan = font_plan
        self._proc: subprocess.Popen[bytes] | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._port = 0
        self.restarts = 0

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        """Start LibreOffice behind unoserver and wait until it answers."""
        if self._proc is not None:
            if self._proc.poll() is None:
                return
            # It died since the last document: start a new one, in a fresh profile.
            logger.warning("warm LibreOffice exited (%s); restarting", self._proc.returncode)
            self._stop_process()
            self.restarts += 1
        plan = self.font_plan or plan_fonts()
        if shutil.which(self.python) is None and not Path(self.python).exists():
            raise ConversionError(f"{self.python} not found; {INSTALL_HINT}")
        self._tmp = self._tmp or tempfile.TemporaryDirectory(prefix="notice-kit-uno-")
        tmp = Path(self._tmp.name)
        shim = _unoserver_shim(tmp)
        conf = tmp / "fonts.conf"
        conf.write_text(fontconfig_xml(plan), encoding="utf-8")
        self._port = _free_port()
        profile = tmp / f"profile-{self.restarts}"
        profile_cache.mark_version(profile, find_soffice())
        cmd = [
            self.python, "-c", "from unoserver.server import main; main()",
            "--interface", "127.0.0.1", "--uno-interface", "127.0.0.1",
            "--port", str(self._port), "--uno-port", str(_free_port()),
            "--user-installation", str(profile),
            "--executable", find_soffice(),
            "--conversion-timeout", str(int(self.timeout)),
        ]
        env = {**soffice_env(tmp, conf), "PYTHONPATH": str(shim)}
        with (tmp / "server.log").open("ab") as log:
            self._proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_ready(tmp / "server.log")

    def _wait_ready(self, log: Path) -> None:
        proxy = _proxy("127.0.0.1", self._port, timeout=2)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                tail = log.read_text(errors="replace")[-800:]
                self.close()
                raise ConversionError(f"the warm LibreOffice (unoserver) exited at start: {tail}")
            try:
                proxy.info()
                return
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.25)
        self.close()
        raise ConversionError(f"the warm LibreOffice did not answer within {self.start_timeout:.0f} s")

    def close(self) -> None:
        """Stop LibreOffice and unoserver, children included; idempotent."""
        self._stop_process()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _stop_process(self) -> None:
        if self._proc is not None:
            _kill_group(self._proc)
            # Reap the leader even when its group was already gone (killed from outside).
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=5)
            self._proc = None

    def __enter__(self) -> WarmConverter:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The process id of the unoserver process (the leader of its process group)."""
        return None if self._proc is None else self._proc.pid

    # -- converting --------------------------------------------------------------------
    def convert(self, docx: Path, pdf: Path, *, pdfa: bool = False,
                watermark: str | None = None) -> None:
        """Convert ``docx`` to ``pdf`` (written atomically); restart once if the server died."""
        self.start()
        for attempt in (1, 2):
            try:
                _convert_via(_proxy("127.0.0.1", self._port, self.timeout + 10), docx, pdf,
                             pdf_filter_options(pdfa=pdfa, watermark=watermark))
                return
            except (OSError, xmlrpc.client.ProtocolError) as exc:
                alive = self._proc is not None and self._proc.poll() is None
                if attempt == 2 or (alive and not isinstance(exc, ConnectionError)):
                    raise ConversionError(f"{docx}: the warm converter failed: {exc}") from None
                logger.warning("warm LibreOffice died (%s); restarting", exc)
                self._stop_process()
                self.restarts += 1
                self.start()
            except xmlrpc.client.Fault as exc:
                raise ConversionError(f"{docx}: LibreOffice could not convert it: "
                                      f"{exc.faultString.strip()[-300:]}") from None


class RemoteConverter:
    """Send documents to unoserver instances at ``host:port``, in turn; a host that does
    not answer is skipped for the next one, and the document fails only if none does."""

    def __init__(self, hosts: Sequence[str], *, timeout: float = 120,
                 connect_timeout: float = 5) -> None:
        if not hosts:
            raise ValueError("RemoteConverter needs at least one host:port")
        self.hosts = [_host_port(h) for h in hosts]
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self._turn = itertools.cycle(range(len(self.hosts)))

    def convert(self, docx: Path, pdf: Path, *, pdfa: bool = False,
                watermark: str | None = None) -> None:
        """Convert on the next host that answers; the fonts are the remote machine's."""
        start = next(self._turn)
        errors = []
        for i in range(len(self.hosts)):
            host, port = self.hosts[(start + i) % len(self.hosts)]
            try:
                _proxy(host, port, self.connect_timeout).info()
            except (OSError, xmlrpc.client.Error) as exc:
                errors.append(f"{host}:{port} ({exc})")
                continue
            try:
                _convert_via(_proxy(host, port, self.timeout), docx, pdf,
                             pdf_filter_options(pdfa=pdfa, watermark=watermark))
                return
            except xmlrpc.client.Fault as exc:
                raise ConversionError(f"{docx}: {host}:{port} could not convert it: "
                                      f"{exc.faultString.strip()[-300:]}") from None
            except OSError as exc:
                errors.append(f"{host}:{port} ({exc})")
        raise ConverterUnavailableError(
            f"{docx}: no converter host answered: {'; '.join(errors)}")




def _unoserver_shim(tmp: Path) -> Path:
    """Return a folder holding just the ``unoserver`` package, for Debian's Python.

    Putting this interpreter's whole site-packages on that Python's path could shadow
    Debian's own modules; one package of pure Python is safe to share.
    """
    spec = importlib.util.find_spec("unoserver")
    if spec is None or not spec.submodule_search_locations:
        raise ConversionError("the unoserver package is missing: pip install unoserver")
    shim = tmp / "shim"
    shim.mkdir(exist_ok=True)
    sources = [Path(next(iter(spec.submodule_search_locations)))]
    # unoserver reads its own version from its package metadata at start.
    dist = importlib.metadata.distribution("unoserver")
    record = next((f for f in dist.files or [] if ".dist-info/" in str(f)), None)
    if record is not None:
        sources.append(Path(str(dist.locate_file(record))).parent)
    for source in sources:
        link = shim / source.name
        if not link.exists():
            link.symlink_to(source)
    return shim
