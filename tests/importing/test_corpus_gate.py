"""The corpus gate (issue 11, part 3, import side): every notice in tests/corpus imports,
keeps ≥ 99 % of its characters, and builds.

The kept-character measure (:mod:`tests.importing.kept`): the source and the imported
package's text are both reduced to a multiset of characters, line by line, after the
normalisation the importer is asked to make — half-width ``, : ; ? ! ( )`` mapped to
full-width, the brackets of a 发文字号 to 〔〕, full-width digits to 0-9, dates in Chinese
numerals to Arabic, ASCII quotes and “” counted as one mark, "." as "。" (the importer sets
a "." that ends a Chinese sentence as "。"; in a number both sides keep it) — and with what
is regenerated rather than imported left out: the
numbering prefix of a line (一、 （一） 1． （1）), the 附件/附件N labels and 附件说明 entry
numbers, page-number lines, and all whitespace.  The package's text is
``render_text(package)`` plus the 版头 fields, which render_text leaves out as an extracted
text does (发文机关标志, 发文字号, 签发人, 份号, 密级, 紧急程度).  The ratio is
Σ min(source count, package count) / Σ source count over all characters: a character
dropped or changed counts against it, one added (a placeholder) does not.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

import notice_kit
from notice_kit.importing import import_notice
from notice_kit.importing.encoding import read_text_file

from .kept import kept_ratio

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
INDEX = CORPUS / "index.yaml"
MIN_KEPT = 0.99


def _entries() -> list[Any]:
    if not INDEX.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason="tests/corpus not there yet"))]
    entries = yaml.safe_load(INDEX.read_text(encoding="utf-8")) or []
    return [pytest.param(CORPUS / e["file"], id=Path(e["file"]).stem) for e in entries
            if (CORPUS / e["file"]).is_file()]


CORPUS_FILES = _entries()


@pytest.mark.parametrize("path", CORPUS_FILES)
def test_imports_and_keeps_the_text(path: Path) -> None:
    result = import_notice(path, today=dt.date(2025, 1, 1))
    ratio, missing = kept_ratio(read_text_file(path)[0], result.package)
    assert ratio >= MIN_KEPT, f"{path.name}: kept {ratio:.4f}, missing {''.join(missing.elements())}"


def test_the_gate_numbers() -> None:
    """All of the corpus at once: the numbers reported for the gate."""
    paths = [p.values[0] for p in CORPUS_FILES if p.values[0] is not None]
    if not paths:
        pytest.skip("tests/corpus not there yet")
    ratios = [kept_ratio(read_text_file(p)[0], import_notice(p).package)[0] for p in paths]
    print(f"\ncorpus gate: {len(ratios)} notices, kept min {min(ratios):.4f}, "
          f"mean {sum(ratios) / len(ratios):.4f}")
    assert min(ratios) >= MIN_KEPT


BUILD_SAMPLE = ("with-header", "joint-three", "14-changzhou-sports-plan-table",
                "03-huaibei-school-header-colophon")


@pytest.mark.parametrize("stem", BUILD_SAMPLE)
def test_an_imported_notice_builds(stem: str, tmp_path: Path) -> None:
    path = next((p.values[0] for p in CORPUS_FILES
                 if p.values[0] is not None and p.values[0].stem == stem), None)
    if path is None:
        pytest.skip(f"{stem} is not in the corpus (yet)")
    package = import_notice(path).package
    notice_kit.build_package(package, tmp_path / "out", formats=["docx"])
    assert list((tmp_path / "out").rglob("*.docx"))
