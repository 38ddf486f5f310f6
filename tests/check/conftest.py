"""Fixtures of the check tests: the notices of tests/check/notices built once each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import notice_kit
from notice_kit.manifest import BuildResult

from ..conftest import make_seal, needs_libreoffice

NOTICES = Path(__file__).parent / "notices"


def pytest_configure(config: pytest.Config) -> None:
    # The marker lives in pyproject.toml; registering it here too keeps these tests
    # runnable on a tree where it is not (yet) there.
    config.addinivalue_line("markers", "slow: long sweeps over many real builds")


def build_notice(name: str, folder: Path) -> BuildResult:
    """Build tests/check/notices/``name``.yaml (with a seal image beside it) into
    ``folder``/out, .docx and PDF, with real LibreOffice."""
    needs_libreoffice()
    folder.mkdir(parents=True, exist_ok=True)
    data = shutil.copy(NOTICES / f"{name}.yaml", folder / f"{name}.yaml")
    make_seal(folder / "seal.png")
    return notice_kit.build_package(notice_kit.load_notice(data), folder / "out")


_BUILT: dict[str, BuildResult] = {}


@pytest.fixture(scope="session")
def notice_build(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Return a function building a notice of tests/check/notices once per session."""
    def build(name: str) -> BuildResult:
        if name not in _BUILT:
            _BUILT[name] = build_notice(name, tmp_path_factory.mktemp(name))
        return _BUILT[name]

    return build
