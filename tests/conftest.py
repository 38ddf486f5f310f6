"""Shared fixtures: the seed example, and its package built once with real LibreOffice."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import notice_kit
from notice_kit.manifest import BuildResult
from notice_kit.models import Package

ROOT = Path(__file__).resolve().parents[1]
SEED_EXAMPLE = ROOT / "examples" / "yangzhou-2024-q3" / "notice.yaml"


def needs_libreoffice() -> None:
    """Skip when LibreOffice is absent on a developer machine; CI must have it."""
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing on CI: run scripts/install-system-deps.sh")
        pytest.skip("LibreOffice not installed (scripts/install-system-deps.sh)")


@pytest.fixture(scope="session")
def seed_package() -> Package:
    return notice_kit.load_notice(SEED_EXAMPLE)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory, seed_package: Package) -> BuildResult:
    """The seed example built once, .docx and PDF, for tests that only read the output."""
    needs_libreoffice()
    out = tmp_path_factory.mktemp("seed") / "out"
    return notice_kit.build_package(seed_package, out)


def minimal_data(**notice: object) -> dict[str, object]:
    """Return the smallest valid data of a package, with ``notice`` fields overridden."""
    base: dict[str, object] = {
        "header": {"issuers": ["扬州市教育局"], "doc_number": "扬教发〔2024〕8号"},
        "title": "关于召开全市教育系统安全工作会议的通知",
        "addressees": ["各县（市、区）教育局"],
        "body": ["现将有关事项通知如下。"],
        "date": "2024-10-25",
    }
    base.update(notice)
    return {"notice": base}


def make_seal(path: Path) -> Path:
    """A red seal, as a clerk's scan: a thick ring and a five-pointed star on a transparent
    ground (PNG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (420, 420), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 412, 412), outline=(220, 0, 0, 255), width=26)
    draw.regular_polygon((210, 210, 105), 5, fill=(220, 0, 0, 255))
    image.save(path)
    return path
