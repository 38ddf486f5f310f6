"""The test notice with its 回执, built once as real files."""

from __future__ import annotations

from pathlib import Path

import pytest

import notice_kit
from notice_kit.manifest import BuildResult

from .filling import write_notice


@pytest.fixture(scope="session")
def notice_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_notice(tmp_path_factory.mktemp("notice"))


@pytest.fixture(scope="session")
def docx_build(notice_file: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    package = notice_kit.load_notice(notice_file)
    return notice_kit.build_package(package, tmp_path_factory.mktemp("docx") / "out",
                                    formats=["docx"])


@pytest.fixture(scope="session")
def form_docx(docx_build: BuildResult) -> Path:
    """The 回执 .docx as sent to the units."""
    return docx_build.path("attachment", "docx", 1)


@pytest.fixture(scope="session")
def pdf_build(notice_file: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The notice built with real LibreOffice (.docx and PDF)."""
    from tests.conftest import needs_libreoffice

    needs_libreoffice()
    package = notice_kit.load_notice(notice_file)
    return notice_kit.build_package(package, tmp_path_factory.mktemp("pdf") / "out")
