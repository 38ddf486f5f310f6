"""Fixtures for the OFD tests: the seed package's PDF and a sealed notice, each converted
to OFD once per session (real LibreOffice PDFs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import notice_kit
from notice_kit.manifest import BuildResult
from notice_kit.ofd import DocInfo, OfdSource, OutlineEntry

from ..conftest import make_seal, minimal_data, needs_libreoffice

INFO = DocInfo(title="测试通知", author="扬州市教育局", created=dt.date(2024, 10, 25),
               keywords=("通知", "测试"))


def convert(pdf: Path) -> bytes:
    """Return ``pdf`` as OFD, converted from scratch (a fresh font book)."""
    return OfdSource(pdf).write(INFO, [OutlineEntry("正文", 0)])


@pytest.fixture(scope="session")
def seed_pdf(seed_build: BuildResult) -> Path:
    return seed_build.path("package", "pdf")


@pytest.fixture(scope="session")
def seed_ofd(seed_pdf: Path) -> bytes:
    return convert(seed_pdf)


@pytest.fixture(scope="session")
def sealed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    needs_libreoffice()
    folder = tmp_path_factory.mktemp("sealed")
    data = minimal_data(seal=str(make_seal(folder / "seal.png")))
    result = notice_kit.build_package(notice_kit.package_from_data(data), folder / "out",
                                      formats=["pdf"])
    return result.path("package", "pdf")


@pytest.fixture(scope="session")
def sealed_ofd(sealed_pdf: Path) -> bytes:
    return convert(sealed_pdf)


@pytest.fixture(scope="session")
def internal_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An internal package: AES-encrypted, a 45° watermark, a seal, two attachments."""
    needs_libreoffice()
    folder = tmp_path_factory.mktemp("internal")
    data = minimal_data(seal=str(make_seal(folder / "seal.png")))
    data["attachments"] = [{"title": "参会人员名单", "items": ["张三", "李四"]},
                           {"title": "会议议程", "items": ["开幕", "总结"]}]
    data["options"] = {"internal": True}
    result = notice_kit.build_package(notice_kit.package_from_data(data), folder / "out",
                                      formats=["pdf"])
    return result.path("package", "pdf")
