"""Drive one private LibreOffice through UNO, one JSON request per line on stdin.

Run as a script by :mod:`notice_kit.convert.listener` under Debian's ``/usr/bin/python3``
(the only Python that sees ``python3-uno``), so it imports nothing but the standard library
and ``uno``::

    /usr/bin/python3 _uno_worker.py SOFFICE PROFILE_DIR PIPE_NAME START_TIMEOUT

It starts LibreOffice at once as a UNO listener (``--accept=pipe,…``) with its own profile,
in this process's group (the caller made it a new session), connects as soon as it answers,
and prints ``{"ready": seconds}``.  Then each line ``{"src": …, "out": …, "filter": {…}}``
gets ``{"ok": true}`` or ``{"error": …, "retry": bool}``.  When stdin closes — the caller
finished, or was killed, even by SIGKILL — the whole process group is killed: no
LibreOffice outlives the build that started it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any


def _reply(message: dict[str, Any]) -> None:
    try:
        sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        # The caller is gone (killed mid-conversion): take LibreOffice down with us.
        _die()


def _die(*_: object) -> None:
    # Everything in this group: soffice's launcher, soffice.bin, and this process.  A killed
    # LibreOffice leaves its pipes (/tmp/OSL_PIPE_…, hard-wired to /tmp) behind: unlink the
    # ones our group listens on, found before the kill.
    for path in _group_sockets():
        with contextlib.suppress(OSError):
            os.unlink(path)
    os.killpg(os.getpgrp(), signal.SIGKILL)


def _group_sockets() -> list[str]:
    """Paths of the Unix sockets LibreOffice's pipes in this process group listen on."""
    try:
        group = os.getpgrp()
        inodes: set[str] = set()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                if os.getpgid(int(entry)) != group:
                    continue
                for fd in os.listdir(f"/proc/{entry}/fd"):
                    target = os.readlink(f"/proc/{entry}/fd/{fd}")
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
            except OSError:
                continue
        found = []
        with open("/proc/net/unix", encoding="ascii", errors="replace") as table:
            next(table, None)
            for row in table:
                fields = row.split()
                if len(fields) >= 8 and fields[6] in inodes and "/OSL_PIPE_" in fields[7]:
                    found.append(fields[7])
        return found
    except OSError:
        return []


# soffice.bin's exit code asking to be started again: it does so once, after setting up an
# empty profile (its launcher, oosplash, would restart it).
_RESTART = 81


def _launcher(soffice: str) -> tuple[str, dict[str, str]]:
    """LibreOffice's program itself, soffice.bin, when ``soffice`` is its shell script.

    On Linux the script only finds its folder (dirname, basename, ls, sed: six processes,
    ~40 ms before LibreOffice even starts), sets SAL_ENABLE_FILE_LOCKING and execs the
    launcher, oosplash.  The launcher runs javaldx (two more processes, for Java, which a
    conversion never loads), stays in memory (3 MiB) for the whole build, and restarts
    soffice.bin when it asks to — which :func:`_connect` does here instead.
    """
    real = os.path.realpath(soffice)
    program = os.path.join(os.path.dirname(real), "soffice.bin")
    script = os.path.basename(real) == "soffice" and sys.platform.startswith("linux")
    if script and os.access(program, os.X_OK):
        return program, {**os.environ, "SAL_ENABLE_FILE_LOCKING": "1"}
    return soffice, dict(os.environ)


def _start_soffice(soffice: str, profile: str, pipe: str) -> subprocess.Popen[bytes]:
    uri = "file://" + profile
    exe, env = _launcher(soffice)
    return subprocess.Popen(
        [exe, f"-env:UserInstallation={uri}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )


def _connect(start: Callable[[], subprocess.Popen[bytes]], pipe: str, deadline: float
             ) -> tuple[Any, subprocess.Popen[bytes]]:
    """Start LibreOffice and connect to it: its Desktop and its process."""
    import uno  # type: ignore[import-not-found]
    from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    proc = start()
    restarted = False
    while True:
        try:
            ctx = resolver.resolve(url)
            break
        except NoConnectException:
            if proc.poll() is not None:
                if proc.returncode == _RESTART and not restarted:
                    restarted = True  # the profile is set up now: start it for real
                    proc = start()
                    continue
                err = (proc.stderr.read() if proc.stderr else b"").decode("utf-8", "replace")
                raise RuntimeError(f"LibreOffice exited at start ({proc.returncode}): "
                                   f"{err.strip()[-600:]}") from None
            if time.monotonic() > deadline:
                raise RuntimeError("LibreOffice did not answer in time") from None
            time.sleep(0.02)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx), proc


def _props(**values: Any) -> tuple[Any, ...]:
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def _convert(desktop: Any, src: str, out: str, options: dict[str, Any]) -> None:
    import uno
    from com.sun.star.beans import PropertyValue

    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                       _props(Hidden=True, ReadOnly=True))
    if doc is None:
        raise LookupError(f"the document could not be loaded: {src}")
    try:
        data = tuple(PropertyValue(Name=k, Value=v) for k, v in options.items())
        store = _props(FilterName="writer_pdf_Export", Overwrite=True)
        if data:
            store += _props(FilterData=uno.Any("[]com.sun.star.beans.PropertyValue", data))
        doc.storeToURL(uno.systemPathToFileUrl(out), store)
    finally:
        doc.close(True)


def _typed(options: dict[str, Any]) -> dict[str, Any]:
    import uno

    # Integers go as UNO long (SelectPdfVersion, WatermarkColor …), as the filter wants.
    return {k: uno.Any("long", v) if isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in options.items()}


def main() -> None:
    soffice, profile, pipe, start_timeout = sys.argv[1:5]
    started = time.monotonic()
    signal.signal(signal.SIGTERM, _die)
    try:
        desktop, proc = _connect(lambda: _start_soffice(soffice, profile, pipe), pipe,
                                 started + float(start_timeout))
    except Exception as exc:
        _reply({"error": f"{type(exc).__name__}: {exc}", "retry": True})
        _die()
        return
    try:
        _serve(desktop, proc, time.monotonic() - started)
    finally:
        # However the loop ends — stdin closed, LibreOffice dead, an exception — nothing
        # of the group may outlive this process.
        _die()


def _serve(desktop: Any, proc: subprocess.Popen[bytes], startup: float) -> None:
    _reply({"ready": round(startup, 3)})
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            _convert(desktop, request["src"], request["out"], _typed(request.get("filter", {})))
            _reply({"ok": True})
        except LookupError as exc:
            _reply({"error": str(exc), "retry": False})
        except Exception as exc:
            alive = proc.poll() is None
            _reply({"error": f"{type(exc).__name__}: {exc}", "retry": True, "alive": alive})
            if not alive:
                break


if __name__ == "__main__":
    # stdin closing is the signal to go; a watchdog thread also covers a parent that
    # vanished while a conversion blocks the main loop.
    parent = os.getppid()

    def _watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                _die()

    threading.Thread(target=_watch, daemon=True).start()
    main()
