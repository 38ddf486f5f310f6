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

Every profile a converter starts from, cached or empty, also records the installation's
version as the last one run (:func:`mark_version`).  LibreOffice runs its graphics render
tests (``GraphicsRenderTests``: some hundred 4096-pixel canvases drawn and compared) on every
start whose profile names an older version, and only its GUI ever writes the version there,
so a headless LibreOffice paid them at each start: ~1 s of a 1.7 s conversion and 280,000
of its 313,000 page faults (measured with ``perf record -e page-faults``; the seed's merged
.docx: 1.45–1.92 s unmarked, 0.52–0.62 s marked, text and positions of the PDF identical).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from notice_kit.cache import cache_dir

logger = logging.getLogger(__name__)

_VERSION = "v2"  # bump when what is kept changes (v2: the version mark)
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


_REGISTRY = "user/registrymodifications.xcu"
_ITEMS_END = "</oor:items>"
_MARK = ('<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" '
         'oor:op="fuse"><value>{version}</value></prop></item>\n')
_EMPTY_REGISTRY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + _ITEMS_END + "\n")
_SETUP_VERSION = re.compile(rb'<prop oor:name="ooSetupVersion">\s*<value>(\d+\.\d+)</value>')


@functools.cache
def installed_version(soffice: str) -> str | None:
    """The ``major.minor`` version of the LibreOffice at ``soffice``, as its own registry
    gives it (``share/registry/main.xcd``); None where the installation is laid out
    differently."""
    program = Path(os.path.realpath(soffice)).parent
    try:
        data = (program.parent / "share" / "registry" / "main.xcd").read_bytes()
    except OSError:
        return None
    found = _SETUP_VERSION.search(data)
    return found.group(1).decode() if found else None


def mark_version(profile: Path, soffice: str) -> bool:
    """Record in ``profile`` (made if missing) that this LibreOffice's version has run, so
    it skips the start-up render tests; False where the version cannot be read (the
    profile is then left as it was: LibreOffice works without the mark, only slower)."""
    registry = profile / _REGISTRY
    try:
        text = registry.read_text(encoding="utf-8") if registry.exists() else _EMPTY_REGISTRY
        if "ooSetupLastVersion" in text or _ITEMS_END not in text:
            # A copy of the cached profile is marked already: its installation's 2 MB
            # registry is not read at every build's start.
            return "ooSetupLastVersion" in text
        version = installed_version(soffice)
        if version is None:
            return False
        registry.parent.mkdir(parents=True, exist_ok=True)
        at = text.rindex(_ITEMS_END)
        registry.write_text(text[:at] + _MARK.format(version=version) + text[at:],
                            encoding="utf-8")
    except OSError as exc:
        logger.debug("LibreOffice profile not marked (%s)", exc)
        return False
    return True


def seed(dest: Path, soffice: str, *, cached: bool = True) -> bool:
    """Make ``dest`` (which must not exist) a profile to start from: a copy of the cached
    one (unless ``cached`` is false, as for a retry), or else an empty one; either carries
    the version mark.  True if it is a copy."""
    src = cached_profile(soffice) if cached else None
    copied = False
    if src is not None and (src / "user").is_dir():
        try:
            shutil.copytree(src, dest, ignore=_SKIP, symlinks=True)
            copied = True
        except OSError as exc:
            logger.debug("cached LibreOffice profile not copied (%s)", exc)
            shutil.rmtree(dest, ignore_errors=True)
    mark_version(dest, soffice)
    return copied


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
        # Profiles kept by an older notice_kit (another _VERSION) are never read again.
        for old in dest.parent.glob("lo-profile-v*"):
            if not old.name.startswith(f"lo-profile-{_VERSION}-"):
                shutil.rmtree(old, ignore_errors=True)


def discard(soffice: str) -> None:
    """Forget the cached profile (LibreOffice failed to start from a copy of it)."""
    kept = cached_profile(soffice)
    if kept is not None:
        shutil.rmtree(kept, ignore_errors=True)
