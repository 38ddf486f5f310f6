"""A LibreOffice user profile to start from, kept in the user's cache.

Every conversion runs in a profile of its own (a crash cannot spoil the next one), but a
LibreOffice started on an *empty* profile first creates it — registers the bundled
extensions, writes the registry, restarts itself — which costs ~0.4 s of a ~1.1 s start
(measured: 2.1–2.3 s fresh against 1.7–1.9 s reusing a profile, the seed's merged .docx).
So the first profile LibreOffice makes is copied to the cache, per LibreOffice
installation, and later converters start from a copy of it.  A copy, never the cached one
itself: two builds at once must not share a profile.

A cached profile that LibreOffice cannot start from is thrown away by the converter
(:func:`discard`) and the retry runs on an empty one, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from notice_kit.cache import cache_dir

logger = logging.getLogger(__name__)

_VERSION = "v1"  # bump when what is kept changes
# Not carried over: the lock (names the dead process) and a log of the start.
_SKIP = shutil.ignore_patterns(".lock", "*.log")




def _key(soffice: str) -> str:
    """One cached profile per LibreOffice installation (path and build), since a profile
    records the build that made it and a newer one would redo the set-up anyway."""
    real = Path(os.path.realpath(soffice))
    marks = [str(real)]
    for candidate in (real, real.parent / "versionrc", real.parent / "types" / "offapi.rdb"):
        with contextlib.suppress(OSError):
            st = candidate.stat()
            marks.append(f"{candidate.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(marks).encode()).hexdigest()[:16]


def cached_profile(soffice: str) -> Path | None:
    """Where the profile for this LibreOffice is (or would be) kept; None without a cache."""
    root = cache_dir()
    return None if root is None else root / f"lo-profile-{_VERSION}-{_key(soffice)}"


def seed(dest: Path, soffice: str) -> bool:
    """Copy the cached profile to ``dest`` (which must not exist); False if there is none."""
    src = cached_profile(soffice)
    if src is None or not (src / "user").is_dir():
        return False
    try:
        shutil.copytree(src, dest, ignore=_SKIP, symlinks=True)
    except OSError as exc:
        logger.debug("cached LibreOffice profile not copied (%s)", exc)
        shutil.rmtree(dest, ignore_errors=True)
        return False
    return True


def keep(profile: Path, soffice: str) -> None:
    """Keep ``profile`` — one LibreOffice has just converted in — unless one is kept already.

    Written beside its final place and renamed into it, so a reader never sees half a
    profile; a second build doing the same at once loses the rename, harmlessly.
    """
    dest = cached_profile(soffice)
    if dest is None or dest.exists() or not (profile / "user").is_dir():
        return
    with contextlib.suppress(OSError):
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
        try:
            shutil.copytree(profile, tmp / "p", ignore=_SKIP, symlinks=True)
            os.rename(tmp / "p", dest)
        except OSError as exc:
            logger.debug("LibreOffice profile not cached (%s)", exc)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def discard(soffice: str) -> None:
    """Forget the cached profile (LibreOffice failed to start from a copy of it)."""
    kept = cached_profile(soffice)
    if kept is not None:
        shutil.rmtree(kept, ignore_errors=True)
