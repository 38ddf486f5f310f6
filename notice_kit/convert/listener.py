"""LibreOffice started the moment a build starts, converting when the .docx is ready.

A one-shot ``soffice --convert-to pdf`` spends most of its second starting LibreOffice.
:class:`ListenerConverter` starts it at once — as a UNO listener with its own profile, its
own fontconfig file and its own process group — and returns: the build imports, renders and
writes its .docx meanwhile, and :meth:`ListenerConverter.convert` then only waits for
whatever start-up is left and converts (a few tenths of a second).

LibreOffice is driven by a small script (``_uno_worker.py``) run under Debian's
``/usr/bin/python3``, the only Python that sees ``python3-uno``; it talks JSON lines over
pipes.  The guarantees of the one-shot converter hold: a timeout per document (the group is
killed and the document is not retried), one retry in a fresh LibreOffice with a fresh
profile after a crash, and no process left behind — :meth:`close` kills the group, and the
worker kills it itself when its stdin closes, so even a build killed with SIGKILL leaves no
LibreOffice.  Where ``python3-uno`` is missing the one-shot converter is used instead.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from notice_kit.convert import profile as profile_cache
from notice_kit.convert.fonts import FontPlan, fontconfig_xml, plan_fonts
from notice_kit.convert.libreoffice import (
    _check_docx,
    _group_alive,
    _place,
    convert_to_pdf,
    export_options,
    find_soffice,
    soffice_env,
)
from notice_kit.errors import ConversionError

__all__ = ["DEBIAN_PYTHON", "ListenerConverter", "uno_python"]

logger = logging.getLogger(__name__)

DEBIAN_PYTHON = "/usr/bin/python3"
_WORKER = Path(__file__).with_name("_uno_worker.py")
_KILL_WAIT_SECONDS = 5.0
_GRACE_SECONDS = 1.0  # an idle worker ends within milliseconds of its stdin closing


def uno_python(python: str | None = None) -> str | None:
    """Return the Python that can drive LibreOffice (``$NOTICE_KIT_UNO_PYTHON``, else
    Debian's ``/usr/bin/python3``) if it exists, else None.  Whether it can import ``uno``
    shows only when the worker starts (checking first would cost a Python start-up)."""
    wanted = python or os.environ.get("NOTICE_KIT_UNO_PYTHON") or DEBIAN_PYTHON
    return wanted if os.access(wanted, os.X_OK) else shutil.which(wanted)


class _Worker:
    """One LibreOffice behind one worker script; the group dies with :meth:`kill`."""

    def __init__(self, python: str, soffice: str, tmp: Path, attempt: int,
                 start_timeout: float, env: Mapping[str, str]) -> None:
        profile = tmp / f"profile{attempt}"
        pipe = f"notice-kit-{os.getpid()}-{id(self):x}-{attempt}"
        self.proc = subprocess.Popen(
            [python, str(_WORKER), soffice, str(profile), pipe, f"{start_timeout:g}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=dict(env), start_new_session=True,
        )
        self.replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.ready = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                self.replies.put(json.loads(line))
            except ValueError:
                logger.debug("worker said: %r", line)
        self.replies.put(None)  # end of output: the worker is gone

    def reply(self, timeout: float) -> dict[str, Any] | None:
        """The next reply; None when the worker died; raises queue.Empty on timeout."""
        return self.replies.get(timeout=timeout)

    def stderr_tail(self) -> str:
        if self.proc.poll() is None or self.proc.stderr is None:
            return ""
        with contextlib.suppress(OSError, ValueError):
            return self.proc.stderr.read().decode("utf-8", "replace").strip()[-600:]
        return ""

    def send(self, request: Mapping[str, object]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(request, ensure_ascii=False) + "\n").encode())
        self.proc.stdin.flush()

    def kill(self, *, graceful: bool = False) -> None:
        """SIGKILL the whole group: the profile is thrown away, nothing to save.

        ``graceful``: first close the worker's stdin and give it a moment to take the group
        down itself, which also unlinks LibreOffice's pipes in /tmp (a SIGKILL from here
        would leave them); an idle worker does so in milliseconds.
        """
        pgid = self.proc.pid
        if graceful and self.proc.poll() is None and self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=_GRACE_SECONDS)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        deadline = time.monotonic() + _KILL_WAIT_SECONDS
        while time.monotonic() < deadline:
            self.proc.poll()  # reap the leader, else its zombie keeps the group "alive"
            if not _group_alive(pgid):
                break
            time.sleep(0.01)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=_KILL_WAIT_SECONDS)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()


class _Unavailable(Exception):
    """The UNO worker cannot run here (no python3-uno): use the one-shot converter."""


class ListenerConverter:
    """A private LibreOffice started now and used for every conversion of one build.

    ``with ListenerConverter() as conv: … conv.convert(docx, pdf)``.  Creating it starts
    LibreOffice in the background and returns at once.  Options: ``timeout`` per document
    (120 s), ``start_timeout`` for LibreOffice to answer (60 s), ``font_plan``,
    ``soffice``, ``python`` (the Python with ``python3-uno``).  Thread-safe: conversions
    take turns.
    """

    def __init__(self, *, timeout: float = 120, start_timeout: float = 60,
                 font_plan: FontPlan | None = None, soffice: str | None = None,
                 python: str | None = None, start: bool = True) -> None:
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.font_plan = font_plan
        self.soffice = soffice
        self.python = python
        self.attempts = 0  # LibreOffice instances started so far
        self.conversions = 0
        self._lock = threading.RLock()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._worker: _Worker | None = None
        self._unavailable: str | None = None
        self._started_at = 0.0
        self._seeded = False  # this LibreOffice started from the cached profile
        if start:
            self.start()

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        """Start LibreOffice in the background unless it runs already; returns at once."""
        with self._lock:
            if self._worker is not None or self._unavailable is not None:
                return
            python = uno_python(self.python)
            if python is None or not _WORKER.is_file():
                self._unavailable = f"no Python with python3-uno ({self.python or DEBIAN_PYTHON})"
                return
            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="notice-kit-listener-")
            tmp = Path(self._tmp.name)
            conf = tmp / "fonts.conf"
            if not conf.exists():
                plan = self.font_plan or plan_fonts()
                self.font_plan = plan
                conf.write_text(fontconfig_xml(plan), encoding="utf-8")
            env = soffice_env(tmp, conf)
            env.pop("PYTHONPATH", None)  # this interpreter's packages are not Debian's
            env.pop("PYTHONHOME", None)
            self.attempts += 1
            self._started_at = time.monotonic()
            soffice = find_soffice(self.soffice)
            # A retry starts from an empty profile: the cached one may be what failed.
            self._seeded = profile_cache.seed(tmp / f"profile{self.attempts}", soffice,
                                              cached=self.attempts == 1)
            self._worker = _Worker(python, soffice, tmp, self.attempts, self.start_timeout, env)

    def close(self) -> None:
        """Stop LibreOffice (its whole process group) and remove its profile; idempotent."""
        with self._lock:
            if self._worker is not None:
                # Gracefully only when it waits for requests: a worker still connecting to
                # LibreOffice reads no stdin, and would keep the caller a whole second.
                self._worker.kill(graceful=self._worker.ready)
                self._worker = None
            if self._tmp is not None:
                self._tmp.cleanup()
                self._tmp = None

    def _stop(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None

    def __enter__(self) -> ListenerConverter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __del__(self) -> None:  # a converter dropped without close(): still no LibreOffice
        if getattr(self, "_worker", None) is None and getattr(self, "_tmp", None) is None:
            return  # closed already (at interpreter exit even contextlib may be gone)
        with contextlib.suppress(Exception):
            self.close()

    @property
    def pid(self) -> int | None:
        """The worker's process id: the leader of LibreOffice's process group."""
        return None if self._worker is None else self._worker.proc.pid

    # -- converting ------------------------------------------------------------------
    def convert(self, docx: Path, pdf: Path, *, pdfa: bool = False,
                watermark: str | None = None) -> None:
        """Convert ``docx`` to ``pdf`` (replaced atomically).

        Raises :class:`ConversionError` naming the document and the cause.  A crash is
        retried once in a fresh LibreOffice; a timeout is not (the file would hang again).
        """
        self.convert_with_options(docx, pdf, export_options(pdfa=pdfa, watermark=watermark))

    def convert_with_options(self, docx: Path, pdf: Path, options: Mapping[str, object]) -> None:
        """Convert with these writer_pdf_Export filter options (bool, int or str values)."""
        docx, pdf = Path(docx), Path(pdf)
        _check_docx(docx)
        with self._lock:
            self.start()
            if self._unavailable is not None:
                self._one_shot(docx, pdf, options)
                return
            assert self._tmp is not None
            tmp = Path(self._tmp.name)
            self.conversions += 1
            src = tmp / f"in{self.conversions}" / ("document" + (docx.suffix.lower() or ".docx"))
            src.parent.mkdir()
            shutil.copyfile(docx, src)
            out = src.with_suffix(".pdf")
            for attempt in (1, 2):
                try:
                    self._attempt(docx, src, out, options)
                    break
                except _Unavailable as exc:
                    self._unavailable = str(exc)
                    logger.info("UNO worker unavailable (%s): one-shot LibreOffice", exc)
                    self._one_shot(docx, pdf, options)
                    return
                except _Retry as exc:
                    self._forget_seed()
                    if attempt == 2:
                        raise ConversionError(f"{docx}: PDF conversion failed: {exc} "
                                              f"(2 attempts)") from None
                    logger.warning("%s: %s; retrying once in a fresh LibreOffice", docx, exc)
                    self._stop()
                    self.start()
            if not self._seeded and self.conversions == 1:
                # The first LibreOffice here to get this far: later ones start from its profile.
                profile_cache.keep(tmp / f"profile{self.attempts}", find_soffice(self.soffice))
            _place(out, pdf)
            shutil.rmtree(src.parent, ignore_errors=True)

    def wait_ready(self) -> None:
        """Block until LibreOffice answers (a server warming up); raises ConversionError."""
        with self._lock:
            self.start()
            for attempt in (1, 2):
                if self._unavailable is not None:
                    return
                try:
                    self._await_worker()
                    return
                except _Unavailable as exc:
                    self._unavailable = str(exc)
                except _Retry as exc:
                    self._forget_seed()
                    if attempt == 2:
                        raise ConversionError(f"LibreOffice did not start: {exc}") from None
                    self._stop()
                    self.start()

    def _forget_seed(self) -> None:
        if self._seeded:
            logger.info("LibreOffice failed on the cached profile: it is discarded")
            profile_cache.discard(find_soffice(self.soffice))
            self._seeded = False

    def _await_worker(self) -> _Worker:
        worker = self._worker
        assert worker is not None
        if not worker.ready:
            left = self.start_timeout - (time.monotonic() - self._started_at)
            try:
                hello = worker.reply(timeout=max(left, 0.1) + 5)
            except queue.Empty:
                self._stop()
                raise _Retry(f"LibreOffice did not answer within {self.start_timeout:g} s") \
                    from None
            if hello is None or "ready" not in hello:
                detail = (hello or {}).get("error") or worker.stderr_tail()
                self._stop()
                if "uno" in str(detail) and ("ModuleNotFound" in str(detail)
                                             or "No module named" in str(detail)):
                    raise _Unavailable(str(detail))
                raise _Retry(f"LibreOffice did not start: {detail}")
            worker.ready = True
            logger.debug("LibreOffice listening after %.2f s", hello["ready"])
        return worker

    def _attempt(self, docx: Path, src: Path, out: Path, options: Mapping[str, object]) -> None:
        worker = self._await_worker()
        try:
            worker.send({"src": str(src), "out": str(out), "filter": dict(options)})
        except OSError as exc:  # the worker died since it said ready
            self._stop()
            raise _Retry(f"LibreOffice died ({exc})") from None
        try:
            reply = worker.reply(timeout=self.timeout)
        except queue.Empty:
            self._stop()
            raise ConversionError(f"{docx}: PDF conversion timed out after {self.timeout:g} s") \
                from None
        if reply is None:
            self._stop()
            raise _Retry("LibreOffice died")
        if "error" in reply:
            if not reply.get("retry", True):
                raise ConversionError(f"{docx}: PDF conversion failed: {reply['error']}")
            self._stop()
            raise _Retry(str(reply["error"]))
        if not out.is_file() or out.stat().st_size == 0:
            self._stop()
            raise _Retry("LibreOffice wrote no PDF")

    def _one_shot(self, docx: Path, pdf: Path, options: Mapping[str, object]) -> None:
        convert_to_pdf(docx, pdf, timeout=self.timeout, font_plan=self.font_plan,
                       soffice=self.soffice, pdf_options=options)


class _Retry(Exception):
    """An attempt failed in a way a fresh LibreOffice may not repeat."""
