"""Handing freed memory back to the system at the one point of a build where it counts."""

from __future__ import annotations

import contextlib
import sys


def give_back() -> None:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``).

    Rendering builds and drops lxml trees of every .docx; glibc keeps the freed pages
    for later use.  A build calls this once its documents are rendered, while it waits on
    LibreOffice: 4–5 MiB of the build's peak (measured 298 → 293 MiB summed RSS, the
    example, LibreOffice included), for ~1 ms.  A no-op where there is no glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
