"""The corpus gate (issues: every notice shape; reading notices from outside): every notice in
tests/corpus — real public notices kept word for word, and synthetic ones for the shapes the
real ones lack — goes import → build (.docx and PDF, real LibreOffice) → check with zero
errors on the merged PDF and the merged .docx, and the build reports no pagination fault.

Slow (about forty builds): marked ``slow``; CI runs it.  The import half alone (≥ 99 % of
the source's characters kept) is tests/importing/test_corpus_gate.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import notice_kit
from notice_kit.check import check_document
from notice_kit.convert.unoserver import WarmConverter
from notice_kit.importing.core import import_notice

from .conftest import needs_libreoffice

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "corpus"
ENTRIES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "index.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def warm() -> Iterator[WarmConverter]:
    needs_libreoffice()
    with WarmConverter() as conv:
        yield conv


def test_the_corpus_is_what_its_index_says() -> None:
    """Every file is indexed once, every real notice names its source address."""
    files = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.txt")}
    indexed = [e["file"] for e in ENTRIES]
    assert sorted(indexed) == sorted(files)
    real = [e for e in ENTRIES if e["kind"] == "real"]
    assert len(real) >= 12
    assert all(str(e.get("source", "")).startswith("http") for e in real)


@pytest.mark.parametrize("entry", ENTRIES, ids=[Path(e["file"]).stem for e in ENTRIES])
def test_imports_builds_and_checks_clean(entry: dict[str, Any], warm: WarmConverter,
                                         tmp_path: Path) -> None:
    imported = import_notice(CORPUS / entry["file"])
    result = notice_kit.build_package(imported.package, tmp_path / "out", converter=warm)
    assert result.manifest.pagination == [], result.manifest.pagination
    for fmt in ("pdf", "docx"):
        report = check_document(result.path("package", fmt))
        errors = [f"{f.code} {f.location}: {f.message}" for f in report.findings
                  if f.severity == "error"]
        assert errors == [], (fmt, errors)
