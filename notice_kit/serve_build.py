"""Whole builds done by a running ``notice-kit serve``, for ``notice-kit build`` on the
same machine and by the same user.

A build's own process spends ~0.5 s importing pydantic, python-docx, pypdf and the models
before it renders a line; a warm server has them imported, and its LibreOffice is warm
too.  So ``notice-kit serve`` also listens on a Unix socket, ``build-PORT.sock`` in a
folder only its user can open (``$XDG_RUNTIME_DIR/notice_kit``, else
``~/.cache/notice_kit/run``), and ``notice-kit build`` hands it the whole command when it
answers there: the data file's and output folder's absolute paths and the options.  The
server runs the same :func:`~notice_kit.build.build_package` through its own converter and
sends back what the command prints.

The client builds by itself instead — same files, same messages — whenever the server
cannot be trusted to give the same result: no socket, a server of other code (a
fingerprint of notice_kit's version, its files' paths and times, and the ``NOTICE_KIT_*``
environment must match), or any error (so an error is reported by the client's own
build, word for word as without a server).

``NOTICE_KIT_SERVED_BUILDS=off`` keeps builds in their own process (converting through the
server's LibreOffice as before).

This module imports only the standard library at the top: the client must stay light.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from notice_kit.cache import cache_dir
from notice_kit.convert.address import DEFAULT_PORT, host_port
from notice_kit.summary import Line

logger = logging.getLogger(__name__)

ENV = "NOTICE_KIT_CONVERTER"
SWITCH = "NOTICE_KIT_SERVED_BUILDS"  # "off": build in this process, converting through the server
_CONNECT_SECONDS = 1.0
_BUILD_SECONDS = 1800.0


def socket_dir() -> Path:
    """The folder of the build sockets: private to the user."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / "notice_kit"
    cache = cache_dir()
    if cache is None:
        raise OSError("no runtime or cache folder for the build socket")
    return cache / "run"


def socket_path(port: int) -> Path:
    return socket_dir() / f"build-{port}.sock"


def fingerprint() -> str:
    """What must be the same in client and server for a build to come out the same."""
    import notice_kit
    from notice_kit._version import __version__

    root = Path(notice_kit.__file__).parent
    marks = [__version__, str(root)]
    for path in sorted(root.rglob("*.py")):
        st = path.stat()
        marks.append(f"{path.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}")
    marks += sorted(f"{k}={v}" for k, v in os.environ.items()
                    if k.startswith("NOTICE_KIT_") and k not in (ENV, SWITCH))
    return hashlib.sha256("\n".join(marks).encode()).hexdigest()


def local_ports(value: str | None = None) -> list[int]:
    """Ports of the warm converters on this machine a build would use (``$NOTICE_KIT_CONVERTER``
    or the default 2004; none for ``off``)."""
    text = os.environ.get(ENV) if value is None else value
    if text is None or not text.strip():
        return [DEFAULT_PORT]
    if text.strip().lower() in {"off", "none", "0", "no"}:
        return []
    ports = []
    for item in text.replace(",", " ").split():
        try:
            host, port = host_port(item)
        except ValueError:
            continue  # the build reports a malformed address itself
        if host in {"127.0.0.1", "localhost", "::1"}:
            ports.append(port)
    return ports


# -- client ---------------------------------------------------------------------------
def served_build(request: dict[str, Any]) -> dict[str, Any] | None:
    """Have a running server build; its reply, or None to build here.

    ``request``: ``notice_file``, ``outdir`` (absolute), ``formats``, ``profile``,
    ``allow_outside``, ``json``.  The reply holds ``lines`` (:data:`Line` as lists).
    """
    if os.environ.get(SWITCH, "").strip().lower() in {"off", "no", "0", "false"}:
        return None
    for port in local_ports():
        try:
            path = socket_path(port)
        except OSError:
            return None
        if not path.exists():
            continue
        import socket  # a server's socket is there: only then (~10 ms with selectors)

        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(_CONNECT_SECONDS)
                conn.connect(str(path))
                conn.settimeout(_BUILD_SECONDS)
                body = {**request, "fingerprint": fingerprint()}
                conn.sendall(json.dumps(body, ensure_ascii=False).encode() + b"\n")
                reply = json.loads(conn.makefile("rb").readline() or b"null")
        except (OSError, ValueError) as exc:
            logger.debug("no build from %s (%s)", path, exc)
            continue
        if isinstance(reply, dict) and reply.get("ok"):
            return reply
        logger.debug("the server at %s left the build to us: %s", path, reply)
        return None  # it answered: a second server would say the same
    return None


# -- server ---------------------------------------------------------------------------
Builder = Callable[[dict[str, Any]], list[Line]]


class BuildService:
    """The Unix socket of a ``notice-kit serve``; each connection is one build, run by
    ``builder`` in a thread of its own."""

    def __init__(self, port: int, builder: Builder) -> None:
        folder = socket_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
        if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(folder, 0o700)  # only this user may hand builds to this server
        self.path = socket_path(port)
        self.builder = builder
        self.builds = 0
        self._fingerprint = fingerprint()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # a server killed before it could remove its socket
        service = self
        # Imported here: a client (every `notice-kit build`) needs neither.
        import socketserver
        import threading

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                reply = service._answer(self.rfile.readline())
                self.wfile.write(json.dumps(reply, ensure_ascii=False).encode() + b"\n")

        old = os.umask(0o177)
        try:
            self.server = socketserver.ThreadingUnixStreamServer(str(self.path), Handler)
        finally:
            os.umask(old)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def _answer(self, line: bytes) -> dict[str, Any]:
        try:
            request = json.loads(line)
        except ValueError:
            return {"ok": False, "why": "not a request"}
        if request.get("fingerprint") != self._fingerprint:
            return {"ok": False, "why": "other code or environment"}
        try:
            lines = self.builder(request)
        except Exception as exc:  # the client builds by itself and reports it as it would
            logger.info("build of %s left to the client: %s", request.get("notice_file"), exc)
            return {"ok": False, "why": f"{type(exc).__name__}: {exc}"}
        self.builds += 1
        return {"ok": True, "lines": lines}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
