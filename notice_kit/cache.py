"""notice_kit's per-user cache folder: ``$XDG_CACHE_HOME/notice_kit``, else
``~/.cache/notice_kit`` (the title segmenter, font coverage, LibreOffice's profile, the
build socket's fallback place)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """The folder, created if needed; None when it cannot be written."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says to ignore a relative XDG_CACHE_HOME.
    try:
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
        folder = base / "notice_kit"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home directory can be found
        return None
    return folder if os.access(folder, os.W_OK) else None
