"""The LibreOffice profile kept in the user's cache: later converters start from a copy of
the first one LibreOffice made (an empty profile costs ~0.4 s of set-up at every start)."""

from __future__ import annotations

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
