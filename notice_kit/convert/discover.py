"""Which converter a build uses when none is given.

1. A warm converter that answers — ``notice-kit serve`` at ``$NOTICE_KIT_CONVERTER``
   (``host:port``, several separated by commas or spaces to spread the work), else at
   :data:`DEFAULT_ADDRESS` — is used as a :class:`RemoteConverter`.  If it stops
   answering mid-build, the build falls back to its own LibreOffice.
2. Otherwise the build starts its own LibreOffice at once
   (:class:`~notice_kit.convert.listener.ListenerConverter`), one per worker of a batch.

``NOTICE_KIT_CONVERTER=off`` (or ``none``) skips the look-up.
"""

from __future__ import annotations

import logging
import os
import queue
import re
import socket
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from notice_kit.convert.address import DEFAULT_PORT as DEFAULT_PORT
from notice_kit.convert.address import host_port as _host_port
from notice_kit.convert.listener import ListenerConverter
from notice_kit.errors import ConversionError

if TYPE_CHECKING:
    from notice_kit.convert.unoserver import RemoteConverter

# The client of a warm converter (xmlrpc: http, email, ssl …) is imported only when one
# answers: this module is imported on the way to starting LibreOffice, which waits for it.

__all__ = ["DEFAULT_ADDRESS", "ENV", "ClosingConverter", "converter_hosts", "default_converter",
           "live_hosts"]

logger = logging.getLogger(__name__)

ENV = "NOTICE_KIT_CONVERTER"
DEFAULT_ADDRESS = f"127.0.0.1:{DEFAULT_PORT}"
_LOCAL_PROBE_SECONDS = 0.2
_REMOTE_PROBE_SECONDS = 1.0


class ClosingConverter(Protocol):
    """A converter that holds resources until closed."""

    def convert(self, docx: Path, pdf: Path, *, pdfa: bool = False,
                watermark: str | None = None) -> None: ...

    def close(self) -> None: ...


def converter_hosts(value: str | None = None) -> list[str]:
    """Return the addresses to look for a warm converter at (``$NOTICE_KIT_CONVERTER`` by
    default; empty for ``off``/``none``).  Raises :class:`ConversionError` for a malformed
    address."""
    text = os.environ.get(ENV) if value is None else value
    if text is None or not text.strip():
        return [DEFAULT_ADDRESS]
    if text.strip().lower() in {"off", "none", "0", "no"}:
        return []
    hosts = [h for h in re.split(r"[,\s]+", text.strip()) if h]
    for host in hosts:
        try:
            _host_port(host)
        except ValueError as exc:
            raise ConversionError(f"${ENV}: {exc}") from None
    return hosts


def _answers(address: str) -> bool:
    host, port = _host_port(address)
    local = host in {"127.0.0.1", "localhost", "::1"}
    try:
        with socket.create_connection(
                (host, port), timeout=_LOCAL_PROBE_SECONDS if local else _REMOTE_PROBE_SECONDS):
            return True
    except OSError:
        return False


def live_hosts(hosts: Sequence[str]) -> list[str]:
    """The addresses among ``hosts`` that accept a connection (probed in parallel)."""
    if len(hosts) <= 1:
        return [h for h in hosts if _answers(h)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(hosts)) as pool:
        return [h for h, ok in zip(hosts, pool.map(_answers, hosts), strict=True) if ok]


class _Pool:
    """Several converters; each conversion borrows a free one (batches: one per worker)."""

    def __init__(self, members: Sequence[ClosingConverter]) -> None:
        self.members = list(members)
        self._free: queue.Queue[ClosingConverter] = queue.Queue()
        for member in self.members:
            self._free.put(member)

    def convert(self, docx: Path, pdf: Path, *, pdfa: bool = False,
                watermark: str | None = None) -> None:
        member = self._free.get()
        try:
            member.convert(docx, pdf, pdfa=pdfa, watermark=watermark)
        finally:
            self._free.put(member)

    def close(self) -> None:
        for member in self.members:
            member.close()


class _RemoteFirst:
    """A running ``notice-kit serve`` first; the build's own LibreOffice when it stops
    answering (started then, once, and kept for the rest of the build)."""

    def __init__(self, remote: RemoteConverter, fallback: Callable[[], ClosingConverter]) -> None:
        self.remote = remote
        self._fallback_factory = fallback
        self._fallback: ClosingConverter | None = None
        self._lock = threading.Lock()

    def convert(self, docx: Path, pdf: Path, *, pdfa: bool = False,
                watermark: str | None = None) -> None:
        if self._fallback is None:
            try:
                self.remote.convert(docx, pdf, pdfa=pdfa, watermark=watermark)
                return
            except ConversionError as exc:
                from notice_kit.convert.unoserver import ConverterUnavailableError

                if not isinstance(exc, ConverterUnavailableError):
                    raise
                logger.warning("warm converter unavailable (%s): using an own LibreOffice", exc)
        with self._lock:
            if self._fallback is None:
                self._fallback = self._fallback_factory()
        self._fallback.convert(docx, pdf, pdfa=pdfa, watermark=watermark)

    def close(self) -> None:
        if self._fallback is not None:
            self._fallback.close()


class _Closing:
    """Make a converter usable in ``with``."""

    def __init__(self, inner: ClosingConverter) -> None:
        self.inner = inner

    def convert(self, docx: Path, pdf: Path, *, pdfa: bool = False,
                watermark: str | None = None) -> None:
        self.inner.convert(docx, pdf, pdfa=pdfa, watermark=watermark)

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> _Closing:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def default_converter(*, workers: int = 1, timeout: float = 120,
                      hosts: Sequence[str] | None = None) -> _Closing:
    """Return the converter a build uses by default, already starting; close it after.

    A warm converter that answers at ``hosts`` (default: :func:`converter_hosts`) is used
    first; otherwise ``workers`` private LibreOffices start now, in the background.
    """
    def own() -> ClosingConverter:
        members = [ListenerConverter(timeout=timeout) for _ in range(max(1, workers))]
        return members[0] if len(members) == 1 else _Pool(members)

    wanted = converter_hosts() if hosts is None else list(hosts)
    live = live_hosts(wanted) if wanted else []
    if live:
        logger.info("using the warm converter at %s", ", ".join(live))
        from notice_kit.convert.unoserver import RemoteConverter

        return _Closing(_RemoteFirst(RemoteConverter(live, timeout=timeout), own))
    return _Closing(own())
