"""``notice-kit serve``: one warm LibreOffice that builds on this machine (or others) use.

The server speaks unoserver's XML-RPC (``info()``, ``convert(…)``), so
:class:`~notice_kit.convert.unoserver.RemoteConverter` and unoserver's own client work
against it.  Behind it runs a :class:`~notice_kit.convert.listener.ListenerConverter` —
own profile, the notice fonts' fontconfig mapping, timeout, restart after a crash — so a
document converts exactly as in a build's own LibreOffice.  Builds find it at
:data:`~notice_kit.convert.discover.DEFAULT_ADDRESS` or ``$NOTICE_KIT_CONVERTER``.

It speaks plain XML-RPC without authentication: bind it to 127.0.0.1 (the default) or a
private network only.

It also builds whole packages for ``notice-kit build`` run by the same user on the same
machine, over a private Unix socket (:mod:`notice_kit.serve_build`).
"""

from __future__ import annotations

import logging
import signal
import tempfile
import threading
import time
import xmlrpc.client
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

from notice_kit.convert.discover import DEFAULT_PORT
from notice_kit.convert.listener import ListenerConverter
from notice_kit.errors import ConversionError, NoticeKitError
from notice_kit.serve_build import BuildService
from notice_kit.summary import Line

__all__ = ["DEFAULT_PORT", "ConverterServer", "parse_filter_options", "serve"]

logger = logging.getLogger(__name__)


def parse_filter_options(options: Sequence[str]) -> dict[str, object]:
    """``["SelectPdfVersion=2", "ExportBookmarksToPDFDestination=true"]`` as typed values,
    read as unoserver reads them ("true"/"false" are booleans, digits integers)."""
    parsed: dict[str, object] = {}
    for option in options:
        name, sep, text = option.partition("=")
        if not sep or not name:
            raise ValueError(f"filter option must be Name=value, got {option!r}")
        value: object = text
        if text in ("true", "false"):
            value = text == "true"
        elif text.isdecimal():
            value = int(text)
        parsed[name] = value
    return parsed


class _Quiet(SimpleXMLRPCRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        logger.debug(format, *args)


class ConverterServer:
    """The XML-RPC server and the LibreOffice behind it; :meth:`run` until idle or stopped."""

    def __init__(self, host: str = "127.0.0.1", port: int = DEFAULT_PORT, *,
                 idle_timeout: float = 0, timeout: float = 120,
                 converter: ListenerConverter | None = None, builds: bool = True) -> None:
        try:
            self.server = SimpleXMLRPCServer((host, port), requestHandler=_Quiet,
                                             allow_none=True, logRequests=False)
        except OSError as exc:
            if converter is not None:
                converter.close()
            raise ConversionError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        self.converter = converter or ListenerConverter(timeout=timeout)
        self.build_service: BuildService | None = None
        if builds:
            # What a build imports: now, in the thread that makes the server, rather than at
            # the first client's expense — and never in two request threads at once, which
            # can deadlock on python-docx's circular imports.
            import notice_kit.assemble.package_pdf
            import notice_kit.build
            import notice_kit.layout.profile
            import notice_kit.loading
            import notice_kit.ofd.package
            import notice_kit.receipts.package_forms
            import notice_kit.render.docx.package
            import notice_kit.summary  # noqa: F401

            try:
                self.build_service = BuildService(self.server.server_address[1], self._build)
            except OSError as exc:  # no place for the socket: conversions are still served
                logger.warning("whole builds are not served: %s", exc)
        self.server.register_function(self.info, "info")
        self.server.register_function(self.convert, "convert")
        self.idle_timeout = idle_timeout
        self.address = f"{host}:{self.server.server_address[1]}"
        self.conversions = 0
        self._last = time.monotonic()
        self._stop = threading.Event()

    def info(self) -> dict[str, object]:
        """What unoserver's ``info()`` answers, enough for its clients."""
        from notice_kit import __version__

        self._last = time.monotonic()
        return {"unoserver": "notice-kit", "api": "3", "notice_kit": __version__}

    def convert(self, inpath: str | None = None, indata: xmlrpc.client.Binary | None = None,
                outpath: str | None = None, convert_to: str | None = None,
                filtername: str | None = None, filter_options: Sequence[str] = (),
                update_index: bool = True, infiltername: str | None = None,
                password: str | None = None) -> xmlrpc.client.Binary:
        """Convert a .docx sent as data to PDF and return the PDF's bytes (unoserver's call,
        limited to what notice_kit sends: data in, data out, writer_pdf_Export)."""
        del update_index, infiltername, password
        try:
            if indata is None or inpath is not None or outpath is not None:
                raise ConversionError("send the document as data (indata), not as a path")
            if (convert_to or "pdf") != "pdf" or filtername not in (None, "writer_pdf_Export"):
                raise ConversionError(f"only PDF (writer_pdf_Export) is served, not "
                                      f"{filtername or convert_to!r}")
            options = parse_filter_options(filter_options)
            with tempfile.TemporaryDirectory(prefix="notice-kit-serve-") as tmp:
                src, out = Path(tmp) / "document.docx", Path(tmp) / "document.pdf"
                src.write_bytes(indata.data)
                self.converter.convert_with_options(src, out, options)
                data = out.read_bytes()
        except (NoticeKitError, ValueError) as exc:
            raise xmlrpc.client.Fault(1, str(exc)) from None
        finally:
            self._last = time.monotonic()
        self.conversions += 1
        return xmlrpc.client.Binary(data)

    def _build(self, request: dict[str, Any]) -> list[Line]:
        """One ``notice-kit build`` for a client on this machine (notice_kit.serve_build)."""
        from notice_kit.build import build_package
        from notice_kit.layout.profile import get_profile
        from notice_kit.loading import load_notice
        from notice_kit.summary import build_lines

        self._last = time.monotonic()
        try:
            package = load_notice(Path(request["notice_file"]),
                                  allow_outside=bool(request["allow_outside"]))
            profile = request.get("profile")
            result = build_package(package, Path(request["outdir"]),
                                   formats=list(request["formats"]) or None,
                                   profile=get_profile(profile) if profile else None,
                                   converter=self.converter)
        finally:
            self._last = time.monotonic()
        if request.get("json"):
            return [(result.manifest.model_dump_json(indent=2, exclude_none=True), False, None)]
        return build_lines(result)

    def run(self, on_ready: Callable[[str], None] | None = None) -> None:
        """Serve until :meth:`stop`, SIGTERM, Ctrl-C or ``idle_timeout`` seconds without a
        request; LibreOffice is stopped on the way out, whatever the way."""
        self.server.timeout = 0.5
        previous = signal.getsignal(signal.SIGTERM)
        in_main = threading.current_thread() is threading.main_thread()
        if in_main:
            signal.signal(signal.SIGTERM, lambda *_: self._stop.set())
        try:
            self.converter.wait_ready()
            if on_ready is not None:
                on_ready(self.address)
            self._last = time.monotonic()
            while not self._stop.is_set():
                if self.idle_timeout > 0 and time.monotonic() - self._last > self.idle_timeout:
                    logger.info("idle for %g s: stopping", self.idle_timeout)
                    break
                self.server.handle_request()
        finally:
            if in_main:
                signal.signal(signal.SIGTERM, previous)
            self.close()

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        if self.build_service is not None:
            self.build_service.close()
        self.server.server_close()
        self.converter.close()


def serve(host: str = "127.0.0.1", port: int = DEFAULT_PORT, *, idle_timeout: float = 0,
          timeout: float = 120, on_ready: Callable[[str], None] | None = None) -> int:
    """Run a converter server until stopped; return how many documents it converted."""
    server = ConverterServer(host, port, idle_timeout=idle_timeout, timeout=timeout)
    server.run(on_ready)
    return server.conversions
