"""The LibreOffice profile kept in the user's cache: later converters start from a copy of
the first one LibreOffice made (an empty profile costs ~0.4 s of set-up at every start)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from notice_kit import ConversionError
from notice_kit.convert import profile as profile_cache
from notice_kit.convert.libreoffice import convert_to_pdf, find_soffice
from notice_kit.convert.listener import ListenerConverter

from ..conftest import needs_libreoffice
from .procs import needs_uno


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(root))
    return root


def _profile(root: Path) -> Path:
    (root / "user" / "extensions").mkdir(parents=True)
    (root / "user" / "registrymodifications.xcu").write_text("<oor:items/>", encoding="utf-8")
    (root / ".lock").write_text("host,pid", encoding="utf-8")
    return root


def test_keep_seed_discard(cache: Path, tmp_path: Path) -> None:
    soffice = "/bin/true"
    assert not profile_cache.seed(tmp_path / "a", soffice)  # nothing kept yet
    profile_cache.keep(_profile(tmp_path / "made"), soffice)
    kept = profile_cache.cached_profile(soffice)
    assert kept is not None and kept.parent == cache / "notice_kit"
    assert (kept / "user" / "registrymodifications.xcu").is_file()
    assert not (kept / ".lock").exists()  # names a process that is gone
    assert [p.name for p in kept.parent.iterdir()] == [kept.name]  # no half-written copy
    assert profile_cache.seed(tmp_path / "b", soffice)
    assert (tmp_path / "b" / "user" / "registrymodifications.xcu").is_file()
    profile_cache.keep(_profile(tmp_path / "other"), soffice)  # one is kept already: stays
    profile_cache.discard(soffice)
    assert not kept.exists()


def test_profiles_kept_by_an_older_version_are_removed(cache: Path, tmp_path: Path) -> None:
    stale = cache / "notice_kit" / "lo-profile-v1-0123456789abcdef"
    (stale / "user").mkdir(parents=True)
    other = cache / "notice_kit" / "cmap-0123.u32"
    other.write_bytes(b"")
    profile_cache.keep(_profile(tmp_path / "made"), "/bin/true")
    assert not stale.exists() and other.exists()
    assert profile_cache.cached_profile("/bin/true").is_dir()  # type: ignore[union-attr]


def test_one_profile_per_libreoffice_installation(cache: Path) -> None:
    assert profile_cache.cached_profile("/bin/true") != profile_cache.cached_profile("/bin/false")


def test_the_second_converter_starts_from_the_first_ones_profile(
        cache: Path, docx: Path, tmp_path: Path) -> None:
    needs_libreoffice()
    needs_uno()
    with ListenerConverter() as first:
        first.convert(docx, tmp_path / "first.pdf")
    kept = profile_cache.cached_profile(find_soffice())
    assert kept is not None and (kept / "user").is_dir()
    with ListenerConverter() as second:
        second.convert(docx, tmp_path / "second.pdf")
        assert second._seeded
    a, b = (PdfReader(tmp_path / n) for n in ("first.pdf", "second.pdf"))
    assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]
    # The one-shot converter (no python3-uno) uses it too.
    convert_to_pdf(docx, tmp_path / "third.pdf")
    assert len(PdfReader(tmp_path / "third.pdf").pages) == len(a.pages)


def test_a_cached_profile_libreoffice_fails_on_is_discarded(
        cache: Path, docx: Path, tmp_path: Path) -> None:
    needs_uno()
    profile_cache.keep(_profile(tmp_path / "made"), find_soffice("false"))
    kept = profile_cache.cached_profile(find_soffice("false"))
    assert kept is not None and kept.is_dir()
    conv = ListenerConverter(soffice="false")  # starts from the copy, exits: discarded
    with pytest.raises(ConversionError):
        conv.convert(docx, tmp_path / "x.pdf")
    conv.close()
    assert not kept.exists()


def _installation(root: Path, version: str = "7.4") -> str:
    """A LibreOffice laid out as Debian's and TDF's are: program/soffice beside
    share/registry/main.xcd, where the product version is."""
    (root / "program").mkdir(parents=True)
    (root / "program" / "soffice").write_text("", encoding="utf-8")
    (root / "share" / "registry").mkdir(parents=True)
    (root / "share" / "registry" / "main.xcd").write_text(
        '<oor:data><node oor:name="Product"><prop oor:name="ooName"><value>LibreOffice</value>'
        f'</prop>\n  <prop oor:name="ooSetupVersion">\n    <value>{version}</value>\n  </prop>'
        "</node></oor:data>", encoding="utf-8")
    return str(root / "program" / "soffice")


def _marks(profile: Path) -> list[str]:
    text = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    return re.findall(r'ooSetupLastVersion" oor:op="fuse"><value>([^<]*)<', text)


def test_every_profile_is_marked_as_having_run_this_version(
        cache: Path, tmp_path: Path) -> None:
    # Without the mark LibreOffice runs its graphics render tests at every headless start.
    soffice = _installation(tmp_path / "lo", "24.8")
    assert profile_cache.installed_version(soffice) == "24.8"
    assert not profile_cache.seed(tmp_path / "empty", soffice)  # nothing cached: made
    assert _marks(tmp_path / "empty") == ["24.8"]
    made = _profile(tmp_path / "made")
    (made / "user" / "registrymodifications.xcu").write_text(  # as LibreOffice writes it
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/'
        '2001/registry">\n<item oor:path="/org.openoffice.Setup/Office"><prop oor:name='
        '"LastCompatibilityCheckID" oor:op="fuse"><value>40(Build:2)</value></prop></item>\n'
        '</oor:items>\n', encoding="utf-8")
    assert profile_cache.mark_version(made, soffice)
    assert _marks(made) == ["24.8"]
    text = (made / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert profile_cache.mark_version(made, soffice)  # once only
    assert (made / "user" / "registrymodifications.xcu").read_text(encoding="utf-8") == text
    profile_cache.keep(made, soffice)
    assert profile_cache.seed(tmp_path / "copy", soffice)
    assert _marks(tmp_path / "copy") == ["24.8"]
    assert not profile_cache.seed(tmp_path / "retry", soffice, cached=False)
    assert _marks(tmp_path / "retry") == ["24.8"]


def test_an_installation_laid_out_otherwise_gets_no_mark(tmp_path: Path) -> None:
    assert profile_cache.installed_version("/bin/true") is None
    assert not profile_cache.mark_version(tmp_path / "p", "/bin/true")
    assert not (tmp_path / "p").exists()


def test_libreoffice_skips_its_render_tests_and_keeps_the_mark(
        cache: Path, docx: Path, tmp_path: Path) -> None:
    """The real installation: its version is read, and a listener's LibreOffice, started
    from a marked profile, neither runs the render tests (they write
    GraphicsRenderTests.log into the profile) nor drops the mark when it saves its
    registry."""
    needs_libreoffice()
    needs_uno()
    soffice = find_soffice()
    version = profile_cache.installed_version(soffice)
    assert version is not None and re.fullmatch(r"\d+\.\d+", version)
    for _ in range(2):  # from an empty profile, then from the cached copy
        with ListenerConverter() as conv:
            conv.convert(docx, tmp_path / "out.pdf")
            assert conv._tmp is not None
            profile = Path(conv._tmp.name) / "profile1"
            assert not (profile / "user" / "GraphicsRenderTests.log").exists()
            assert _marks(profile) == [version]


def test_libreoffice_runs_without_its_launcher_and_restarts_after_set_up(
        cache: Path, docx: Path, tmp_path: Path) -> None:
    """soffice.bin is started directly (no oosplash left in memory); on an empty profile it
    sets it up and exits asking for a restart (81), which the worker does."""
    needs_libreoffice()
    needs_uno()
    from .procs import group_members

    with ListenerConverter() as conv:
        assert not conv._seeded  # nothing cached: an empty profile, set up at this start
        conv.convert(docx, tmp_path / "out.pdf")
        assert conv._worker is not None
        names = set()
        for pid in group_members(conv._worker.proc.pid):
            with contextlib.suppress(OSError):
                names.add(Path(f"/proc/{pid}/exe").resolve().name)
        assert "soffice.bin" in names and "oosplash" not in names
    assert len(PdfReader(tmp_path / "out.pdf").pages) > 1
