"""Shared by the converter tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import notice_kit
from notice_kit.models import Package


@pytest.fixture(scope="module")
def docx(tmp_path_factory: pytest.TempPathFactory, seed_package: Package) -> Path:
    """The seed's merged .docx, the document the converters are tried on."""
    path = tmp_path_factory.mktemp("converter") / "seed.docx"
    path.write_bytes(notice_kit.render_package_docx(seed_package).data)
    return path
