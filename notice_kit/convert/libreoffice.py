"""Convert a .docx to PDF with a headless LibreOffice, one isolated soffice per call.

Each call gets its own user profile (concurrent calls sharing a profile fail quietly), its own
fontconfig file (the standard 公文 font names mapped to installed free faces), its own process
group (so a hung LibreOffice and its children can be killed together), and a timeout (some
files hang LibreOffice forever).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from notice_kit.convert import profile as profile_cache
from notice_kit.convert.fonts import FontPlan, fontconfig_xml, plan_fonts
from notice_kit.errors import ConversionError, OutputError

__all__ = ["ConversionResult", "convert_to_docx", "convert_to_pdf", "find_soffice"]

logger = logging.getLogger(__name__)

INSTALL_HINT = "run scripts/install-system-deps.sh (as root) to install LibreOffice and fonts"
# Where LibreOffice lives when it is not on PATH (tarball installs, macOS).
_FALLBACK_SOFFICE = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
# How long a process group gets after SIGTERM before SIGKILL; also how long we wait for it to go.
_TERM_GRACE_SECONDS = 5.0
_STDERR_TAIL_CHARS = 1500


def export_options(*, pdfa: bool = False, watermark: str | None = None) -> dict[str, object]:
    """The PDF export filter options a package build needs, whichever converter runs:
    bookmarks become named destinations (how the assembler finds where each part
    starts); headings are not exported as outline entries (the assembler writes the
    outline: one entry per part); PDF/A-2b and a watermark on request.  The watermark
    is light grey 黑体 at 45° (LibreOffice's default is bright green and upright)."""
    options: dict[str, object] = {"ExportBookmarksToPDFDestination": True,
                                  "ExportBookmarks": False}
    if pdfa:
        options["SelectPdfVersion"] = 2
    if watermark:
        options.update({
            "Watermark": watermark,
            "WatermarkColor": 0xC8C8C8,
            "WatermarkFontName": "黑体",
            "WatermarkFontHeight": 40,
            "WatermarkRotateAngle": 450,
        })
    return options


@dataclass(frozen=True)
class ConversionResult:
    pdf: Path
    seconds: float
    font_plan: FontPlan
    attempts: int = 1


class _AttemptFailed(Exception):
    def __init__(self, cause: str, *, retry: bool) -> None:
        super().__init__(cause)
        self.cause = cause
        self.retry = retry


def soffice_env(tmp: Path, fonts_conf: Path | None = None) -> dict[str, str]:
    """The environment LibreOffice runs in: our fontconfig, and its temporary files under
    ``tmp`` — it leaves a ``lu*.tmp`` directory in $TMPDIR after every run, which would
    pile up in the user's /tmp; under ``tmp`` they go when the converter's directory does."""
    scratch = tmp / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch)}
    if fonts_conf is not None:
        env["FONTCONFIG_FILE"] = str(fonts_conf)
    return env


def find_soffice(soffice: str | None = None) -> str:
    """The soffice executable: ``soffice`` if given, else $NOTICE_KIT_SOFFICE, PATH, known dirs."""
    wanted = soffice or os.environ.get("NOTICE_KIT_SOFFICE")
    if wanted:
        found = shutil.which(wanted)
        if found is None:
            raise ConversionError(
                f"LibreOffice executable {wanted!r} not found or not executable; {INSTALL_HINT}"
            )
        return found
    for name in ("soffice", "libreoffice"):
        if (found := shutil.which(name)) is not None:
            return found
    for path in _FALLBACK_SOFFICE:
        if os.access(path, os.X_OK):
            return path
    raise ConversionError(f"LibreOffice (soffice) not found on PATH; {INSTALL_HINT}")


def _check_docx(docx: Path) -> None:
    # LibreOffice opens any unreadable file as plain text and "converts" it with exit code 0,
    # so a wrong input has to be caught here.
    if not docx.is_file():
        raise ConversionError(f"{docx}: no such file")
    try:
        with zipfile.ZipFile(docx) as zf:
            types = zf.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ConversionError(f"{docx}: not a Word .docx file ({exc})") from exc
    if b"wordprocessingml" not in types:
        raise ConversionError(f"{docx}: not a Word .docx file (no wordprocessingml part)")


def _filter_spec(pdf_options: Mapping[str, object] | None) -> str:
    """``pdf:writer_pdf_Export[:{json}]``; LibreOffice >= 7.4 reads typed JSON filter options."""
    if not pdf_options:
        return "pdf:writer_pdf_Export"
    typed: dict[str, object] = {}
    for key, value in pdf_options.items():
        if isinstance(value, Mapping) and "type" in value:
            typed[key] = dict(value)
        elif isinstance(value, bool):  # before int: bool is an int
            typed[key] = {"type": "boolean", "value": value}
        elif isinstance(value, int):
            typed[key] = {"type": "long", "value": str(value)}
        elif isinstance(value, str):
            typed[key] = {"type": "string", "value": value}
        else:
            raise TypeError(
                f"pdf_options[{key!r}]: use bool, int, str or {{'type': ..., 'value': ...}}, "
                f"not {type(value).__name__}"
            )
    return "pdf:writer_pdf_Export:" + json.dumps(typed, ensure_ascii=False)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # Zombies still count for killpg; an init that never reaps orphans would keep a killed
    # group "alive" forever, so on Linux look for a member that is not a zombie.
    try:
        stats = list(Path("/proc").glob("[0-9]*/stat"))
    except OSError:
        return True
    for stat in stats:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command name: state, ppid, pgrp.
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return not stats


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, SIGKILL what is left after the grace period.

    Runs after every attempt, not only on timeout: oosplash can exit while soffice.bin lingers.
    """
    pgid = proc.pid  # start_new_session makes the child the leader of its own group
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + _TERM_GRACE_SECONDS
        while time.monotonic() < deadline:
            proc.poll()  # reap the leader, else its zombie keeps the group alive
            if not _group_alive(pgid):
                return
            time.sleep(0.05)
    logger.warning("process group %d survived SIGKILL", pgid)


def _tail(data: bytes) -> str:
    # Every headless run warns about javaldx (no Java installed); it never explains a failure.
    lines = [
        ln
        for ln in data.decode("utf-8", "replace").splitlines()
        if ln.strip() and "javaldx" not in ln
    ]
    return "\n".join(lines)[-_STDERR_TAIL_CHARS:]


def _attempt(cmd: list[str], env: Mapping[str, str], out: Path, timeout: float) -> None:
    logger.debug("running %s", cmd)
    proc = subprocess.Popen(
        cmd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: one killpg reaches soffice.bin too
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        # Bounded: a grandchild that left the group could hold the pipes open for ever.
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.communicate(timeout=_TERM_GRACE_SECONDS)
        raise _AttemptFailed(f"timed out after {timeout:g} s", retry=False) from None
    except BaseException:
        # KeyboardInterrupt and the like: still leave no LibreOffice behind.
        _kill_group(proc)
        proc.wait()
        raise
    _kill_group(proc)
    if proc.returncode != 0:
        rc = proc.returncode
        how = f"killed by {signal.Signals(-rc).name}" if rc < 0 else f"exit code {rc}"
        detail = _tail(stderr) or _tail(stdout)
        raise _AttemptFailed(
            f"failed (LibreOffice {how})" + (f": {detail}" if detail else ""), retry=True
        )
    if not out.is_file() or out.stat().st_size == 0:
        detail = _tail(stdout + b"\n" + stderr)
        # A load error comes from the file's content: trying again cannot help.
        retry = "could not be loaded" not in detail
        raise _AttemptFailed(
            "failed: LibreOffice wrote no PDF" + (f": {detail}" if detail else ""), retry=retry
        )


def _place(src: Path, pdf: Path) -> None:
    # The temp dir may be on another filesystem, so copy next to the target first: os.replace
    # is atomic only within one filesystem, and readers never see a half-written PDF.
    tmp: Path | None = None
    try:
        pdf.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{pdf.name}.", suffix=".tmp", dir=pdf.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as dst, src.open("rb") as fsrc:
            shutil.copyfileobj(fsrc, dst)
        os.replace(tmp, pdf)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"{pdf}: cannot write the PDF ({exc})") from exc


def convert_to_pdf(
    docx: Path,
    pdf: Path,
    *,
    timeout: float = 120,
    font_plan: FontPlan | None = None,
    soffice: str | None = None,
    pdf_options: Mapping[str, object] | None = None,
) -> ConversionResult:
    """Convert ``docx`` to ``pdf`` (replaced atomically) with a fresh headless LibreOffice.

    ``font_plan`` defaults to :func:`plan_fonts` for this machine. ``pdf_options`` are
    writer_pdf_Export filter options, e.g. ``{"SelectPdfVersion": 2, "Watermark": "草稿"}``.
    A crash or missing output is retried once; a timeout is not (the file would hang again).
    Raises :class:`ConversionError` naming the document and the cause.
    """
    started = time.monotonic()
    docx, pdf = Path(docx), Path(pdf)
    _check_docx(docx)
    exe = find_soffice(soffice)
    plan = font_plan if font_plan is not None else plan_fonts()
    spec = _filter_spec(pdf_options)

    with tempfile.TemporaryDirectory(prefix="notice-kit-lo-") as tmp_name:
        tmp = Path(tmp_name)
        # A private copy under a plain name: LibreOffice derives the output name from it, a
        # leading "-" cannot be read as an option, and no lock file lands beside the original.
        src = tmp / "in" / ("document" + (docx.suffix.lower() or ".docx"))
        src.parent.mkdir()
        shutil.copyfile(docx, src)
        conf = tmp / "fonts.conf"
        conf.write_text(fontconfig_xml(plan), encoding="utf-8")
        env = soffice_env(tmp, conf)

        attempts = 0
        while True:
            attempts += 1
            outdir = tmp / f"out{attempts}"
            # A fresh profile per attempt: a crash can leave the old one locked or corrupt.
            profile = tmp / f"profile{attempts}"
            seeded = profile_cache.seed(profile, exe, cached=attempts == 1)
            cmd = [
                exe,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                "--convert-to",
                spec,
                "--outdir",
                str(outdir),
                str(src),
            ]
            out = outdir / (src.stem + ".pdf")
            try:
                _attempt(cmd, env, out, timeout)
                if not seeded:
                    profile_cache.keep(profile, exe)
                break
            except FileNotFoundError as exc:
                raise ConversionError(
                    f"{docx}: cannot start LibreOffice {exe!r} ({exc}); {INSTALL_HINT}"
                ) from exc
            except _AttemptFailed as exc:
                if seeded:  # the cached profile may be what failed: the retry goes without
                    profile_cache.discard(exe)
                if exc.retry and attempts < 2:
                    logger.warning("%s: %s; retrying once", docx, exc.cause)
                    continue
                tried = f" ({attempts} attempts)" if attempts > 1 else ""
                raise ConversionError(f"{docx}: PDF conversion {exc.cause}{tried}") from None
        _place(out, pdf)

    seconds = time.monotonic() - started
    logger.info("%s -> %s in %.2f s", docx, pdf, seconds)
    return ConversionResult(pdf, seconds, plan, attempts)


def convert_to_docx(src: Path, docx: Path, *, timeout: float = 60,
                    soffice: str | None = None) -> Path:
    """Convert a word-processor file LibreOffice opens (.doc, .wps, .odt, .rtf) to ``docx``
    (replaced atomically) with a fresh headless LibreOffice, and return ``docx``.

    Unlike :func:`convert_to_pdf` nothing is retried: these are other people's files, and
    one that crashes LibreOffice will crash it again.  Raises :class:`ConversionError`
    naming the file and the cause.
    """
    src, docx = Path(src), Path(docx)
    if not src.is_file():
        raise ConversionError(f"{src}: no such file")
    exe = find_soffice(soffice)
    with tempfile.TemporaryDirectory(prefix="notice-kit-lo-") as tmp_name:
        tmp = Path(tmp_name)
        copy = tmp / "in" / ("document" + src.suffix.lower())
        copy.parent.mkdir()
        shutil.copyfile(src, copy)
        outdir = tmp / "out"
        profile_cache.mark_version(tmp / "profile", exe)
        cmd = [exe, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
               "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(copy)]
        out = outdir / "document.docx"
        try:
            _attempt(cmd, soffice_env(tmp), out, timeout)
        except FileNotFoundError as exc:
            raise ConversionError(f"{src}: cannot start LibreOffice {exe!r} ({exc}); "
                                  f"{INSTALL_HINT}") from exc
        except _AttemptFailed as exc:
            raise ConversionError(f"{src}: conversion to .docx {exc.cause}".replace(
                "wrote no PDF", "wrote no .docx")) from None
        _place(out, docx)
    return docx
