"""Which free fonts stand in for the proprietary 公文 fonts when rendering PDF here.

A notice's .docx names the fonts a bureau's Windows/WPS machine has (方正小标宋简体, 仿宋_GB2312,
黑体, 楷体_GB2312, ...). None of them is free, and with no configuration fontconfig maps every CJK
name to one sans face. This module picks an installed free face per standard name and writes the
fontconfig file that makes LibreOffice use it, so the substitution is explicit and reportable.
"""

from __future__ import annotations

import array
import bisect
import contextlib
import hashlib
import logging
import os
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from notice_kit.cache import cache_dir
from notice_kit.errors import ConversionError


def escape(text: str) -> str:
    """XML-escape text.  (xml.sax.saxutils.escape would import urllib, http and ssl: 10 ms
    of every build.)"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

__all__ = [
    "CANDIDATES",
    "DEFAULT_FONT_DIR",
    "STANDARD_NAMES",
    "Candidate",
    "Face",
    "FontPlan",
    "InstalledFace",
    "MissingFontError",
    "Role",
    "fontconfig_xml",
    "installed_faces",
    "plan_fonts",
    "uncovered_chars",
]

logger = logging.getLogger(__name__)

# Where scripts/install-system-deps.sh puts FandolFang; the same variable overrides both.
DEFAULT_FONT_DIR = Path(os.environ.get("NOTICE_KIT_FONT_DIR", "/usr/local/share/fonts/notice-kit"))


class Role(StrEnum):
    """The typeface roles GB/T 9704 uses."""

    XIAOBIAOSONG = "xiaobiaosong"
    FANGSONG = "fangsong"
    HEI = "hei"
    KAI = "kai"
    SONG = "song"
    LATIN_SERIF = "latin_serif"


STANDARD_NAMES: Mapping[Role, tuple[str, ...]] = {
    Role.XIAOBIAOSONG: ("方正小标宋简体", "小标宋", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S"),
    Role.FANGSONG: ("仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312"),
    Role.HEI: ("黑体", "SimHei"),
    Role.KAI: ("楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312"),
    Role.SONG: ("宋体", "SimSun"),
    Role.LATIN_SERIF: ("Times New Roman",),
}


@dataclass(frozen=True)
class Candidate:
    """A free face that may stand in for a role.

    ``weight`` is a fontconfig weight constant forced on requests for the role's names: the
    documents ask 小标宋 at normal weight, and only a bold Noto Serif comes near its heavy strokes.
    """

    family: str
    styles: tuple[str, ...] = ("Regular", "Book")
    weight: str | None = None


# Ranked best first.
CANDIDATES: Mapping[Role, tuple[Candidate, ...]] = {
    Role.XIAOBIAOSONG: (
        # Black comes only with fonts-noto-cjk-extra.
        Candidate("Noto Serif CJK SC", ("Black", "Heavy"), "black"),
        Candidate("Noto Serif CJK SC", ("Bold",), "bold"),
    ),
    Role.FANGSONG: (Candidate("FandolFang"), Candidate("Noto Serif CJK SC")),
    Role.HEI: (Candidate("Noto Sans CJK SC"), Candidate("WenQuanYi Zen Hei")),
    # AR PL UKai is a brush 楷 like 楷体_GB2312; LXGW WenKai is a pen style, further off.
    Role.KAI: (Candidate("AR PL UKai CN"), Candidate("LXGW WenKai")),
    Role.SONG: (Candidate("Noto Serif CJK SC"),),
    Role.LATIN_SERIF: (Candidate("Liberation Serif"), Candidate("DejaVu Serif")),
}


@dataclass(frozen=True)
class InstalledFace:
    """One face as fontconfig lists it (a .ttc file holds several, told apart by index)."""

    families: tuple[str, ...]
    styles: tuple[str, ...]
    file: Path
    index: int = 0


@dataclass(frozen=True)
class Face:
    """The face chosen for a standard name."""

    family: str
    style: str
    file: Path
    index: int = 0
    weight: str | None = None
    substitute: bool = True  # False when the standard font itself is installed


@dataclass(frozen=True)
class FontPlan:
    """Standard font name -> face used for it when rendering, and the names left to chance."""

    faces: Mapping[str, Face]
    unmapped: tuple[str, ...] = ()
    font_dirs: tuple[Path, ...] = (DEFAULT_FONT_DIR,)

    @property
    def substitutions(self) -> dict[str, str]:
        """Standard name -> "Family Style" for every name rendered with a stand-in."""
        return {n: f"{f.family} {f.style}" for n, f in self.faces.items() if f.substitute}


class MissingFontError(ConversionError):
    """``strict`` rendering was asked for but some standard fonts are not installed."""

    def __reduce__(self) -> tuple[type[MissingFontError], tuple[tuple[str, ...]]]:
        return (type(self), (self.missing,))

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = tuple(missing)
        names = "、".join(self.missing)
        super().__init__(
            f"要求使用正式字体（options.strict_fonts），但这些字体未安装：{names}。"
            f"请安装（如 /usr/local/share/fonts），或关闭 strict_fonts 以使用免费替代字体 / "
            f"strict fonts (options.strict_fonts) are on, but these fonts are not installed and "
            f"would be substituted: {', '.join(self.missing)}. Install them (e.g. into "
            f"/usr/local/share/fonts) or turn strict_fonts off to accept free substitutes."
        )


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _base_config(font_dirs: Sequence[Path]) -> str:
    dirs = "".join(f"  <dir>{escape(str(d))}</dir>\n" for d in font_dirs)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{dirs}"
    )


@lru_cache(maxsize=8)
def installed_faces(font_dirs: tuple[Path, ...] = (DEFAULT_FONT_DIR,)) -> tuple[InstalledFace, ...]:
    """Every face fontconfig knows, including ``font_dirs``; asks ``fc-list`` once per dirs.

    fc-list runs under the same base configuration that LibreOffice gets, so a font counts as
    installed exactly when the conversion can use it.
    """
    with tempfile.TemporaryDirectory(prefix="notice-kit-fc-") as tmp:
        conf = Path(tmp, "fonts.conf")
        conf.write_text(_base_config(font_dirs) + "</fontconfig>\n", encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
        fmt = "%{family}\t%{style}\t%{file}\t%{index}\n"
        try:
            out = subprocess.run(
                ["fc-list", "--format", fmt],
                env=env,
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            ).stdout
        except (OSError, subprocess.SubprocessError) as exc:
            logger.warning("fc-list failed (%s); treating no font as installed", exc)
            return ()
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[2]:
            continue
        family, style, file, index = parts
        faces.append(
            InstalledFace(
                _split(family),
                _split(style),
                Path(file),
                # Variable-font instances keep their instance number in the high bits.
                int(index) & 0xFFFF if index.isdigit() else 0,
            )
        )
    return tuple(faces)


def _fold(name: str) -> str:
    # fontconfig compares family names ignoring case and spaces.
    return name.casefold().replace(" ", "")


def _find(installed: Sequence[InstalledFace], cand: Candidate) -> Face | None:
    want_family = _fold(cand.family)
    want_styles = {_fold(s) for s in cand.styles}
    matches = [
        f
        for f in installed
        if want_family in {_fold(n) for n in f.families}
        and any(_fold(s) in want_styles for s in f.styles)
    ]
    # fontconfig lists the canonical style first; "DejaVu Serif Condensed" is also styled
    # "Book", but second, and is not the face fontconfig returns for "DejaVu Serif".
    matches.sort(key=lambda f: _fold(f.styles[0]) not in want_styles)
    if not matches:
        return None
    face = matches[0]
    style = next(s for s in face.styles if _fold(s) in want_styles)
    return Face(cand.family, style, face.file, face.index, cand.weight)


def _real(installed: Sequence[InstalledFace], name: str) -> Face | None:
    folded = _fold(name)
    for face in installed:
        if folded in {_fold(f) for f in face.families}:
            return Face(
                name, face.styles[0] if face.styles else "", face.file, face.index, substitute=False
            )
    return None


def plan_fonts(
    *,
    strict: bool = False,
    font_dirs: Sequence[Path] = (DEFAULT_FONT_DIR,),
    installed: Sequence[InstalledFace] | None = None,
) -> FontPlan:
    """Choose a face for every standard name.

    A standard font that is really installed is used as itself; otherwise the best installed
    candidate of its role stands in. With ``strict`` any stand-in is an error
    (:class:`MissingFontError` lists the names not installed). ``installed`` overrides the
    ``fc-list`` lookup (tests, other machines).
    """
    dirs = tuple(font_dirs)
    have = installed_faces(dirs) if installed is None else tuple(installed)
    faces, unmapped, missing = _choose(have)
    if strict and missing:
        raise MissingFontError(list(missing))
    if unmapped:
        logger.warning("no installed font for %s; fontconfig will pick one", ", ".join(unmapped))
    return FontPlan(dict(faces), unmapped, dirs)


@lru_cache(maxsize=8)
def _choose(have: tuple[InstalledFace, ...]
            ) -> tuple[tuple[tuple[str, Face], ...], tuple[str, ...], tuple[str, ...]]:
    """(name, face) chosen, names unmapped, names missing: a pure function of the faces
    installed, asked for by every build (~10 ms of name matching over fc-list's faces)."""
    faces: list[tuple[str, Face]] = []
    unmapped: list[str] = []
    missing: list[str] = []
    for role, names in STANDARD_NAMES.items():
        stand_in = next((f for c in CANDIDATES[role] if (f := _find(have, c)) is not None), None)
        for name in names:
            real = _real(have, name)
            if real is None:
                missing.append(name)
            face = real or stand_in
            if face is None:
                unmapped.append(name)
            else:
                faces.append((name, face))
    return tuple(faces), tuple(unmapped), tuple(missing)


def fontconfig_xml(plan: FontPlan) -> str:
    """A fontconfig file that makes every substituted standard name resolve to its face."""
    parts = [_base_config(plan.font_dirs)]
    for name, face in plan.faces.items():
        if not face.substitute:
            continue  # a strong alias would hide the real font
        n, fam = escape(name), escape(face.family)
        parts.append(
            f'  <alias binding="strong">\n    <family>{n}</family>\n'
            f"    <prefer><family>{fam}</family></prefer>\n  </alias>\n"
        )
        if face.weight is not None:
            # The alias adds families without removing the standard name, so this test still
            # sees it; the document's weight (normal) is replaced by the face's.
            parts.append(
                '  <match target="pattern">\n'
                f'    <test qual="any" name="family"><string>{n}</string></test>\n'
                '    <edit name="weight" mode="assign" binding="strong">'
                f"<const>{escape(face.weight)}</const></edit>\n  </match>\n"
            )
    parts.append("</fontconfig>\n")
    return "".join(parts)


class _CodePoints:
    """The code points a face maps, as a sorted array searched by bisection: 4 bytes a code
    point where a frozenset takes ~60, and the seven faces of a build cover ~200,000 (a
    frozenset of them cost the build 15 MiB, measured)."""

    __slots__ = ("_points",)

    def __init__(self, points: array.array[int]) -> None:
        self._points = points

    def __contains__(self, cp: object) -> bool:
        points = self._points
        i = bisect.bisect_left(points, cp)  # type: ignore[call-overload]
        return i < len(points) and bool(points[i] == cp)


@lru_cache(maxsize=64)
def _codepoints(file: Path, index: int) -> _CodePoints:
    """The code points ``file`` (face ``index``) maps, cached on disk per file version:
    reading a CJK font's cmap with fontTools takes ~0.3 s, the cached list ~5 ms."""
    cached = _cmap_cache_path(file, index)
    if cached is not None:
        with contextlib.suppress(OSError, ValueError):
            data = array.array("I")
            data.frombytes(cached.read_bytes())
            return _CodePoints(data)  # written sorted (below), atomically
    # Imported here: fontTools costs ~50 ms to import and only coverage checks need it.
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(str(file), fontNumber=index, lazy=True) as font:
        cmap = font.getBestCmap() or {}
        points = array.array("I", sorted({int(cp) for cp in cmap}))
    if cached is not None:
        with contextlib.suppress(OSError):
            tmp = cached.with_name(f".{cached.name}.{os.getpid()}")
            tmp.write_bytes(points.tobytes())
            os.replace(tmp, cached)
    return _CodePoints(points)


def _cmap_cache_path(file: Path, index: int) -> Path | None:
    """Where the code points of this version of ``file`` are kept; None when no cache."""
    try:
        stat = file.stat()
    except OSError:
        return None
    key = f"{file.resolve()}\0{index}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"cmap-{hashlib.sha1(key).hexdigest()[:20]}.u32"


def _ignorable(ch: str) -> bool:
    # Layout characters are never drawn from a font's cmap.
    return ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"}


def uncovered_chars(text: str, plan: FontPlan, names: Iterable[str] | None = None) -> list[str]:
    """Characters of ``text`` that no face of ``plan`` has a glyph for, in first-seen order.

    ``names`` restricts the check to the faces of those standard names (e.g. the body font
    仿宋_GB2312 lacks many non-GB2312 given-name characters).
    """
    wanted = list(plan.faces) if names is None else list(names)
    faces = {(f.file, f.index) for n in wanted if (f := plan.faces.get(n)) is not None}
    covered = [_codepoints(file, index) for file, index in sorted(faces)]
    return [ch for ch in dict.fromkeys(text)  # each character once, in first-seen order
            if not _ignorable(ch) and not any(ord(ch) in c for c in covered)]
