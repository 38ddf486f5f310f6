"""Importing the .docx notice_kit builds gives back the same notice."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import docx
import pytest

import notice_kit
from notice_kit.errors import DataError
from notice_kit.importing import ImportResult, import_notice
from notice_kit.models import Package
from notice_kit.render.text import render_text

ROOT = Path(__file__).resolve().parents[2]
SEED_EXAMPLE = ROOT / "examples" / "yangzhou-2024-q3" / "notice.yaml"


@pytest.fixture(scope="module")
def example() -> Package:
    return notice_kit.load_notice(SEED_EXAMPLE)


@pytest.fixture(scope="module")
def reimported(example: Package, tmp_path_factory: pytest.TempPathFactory) -> ImportResult:
    out = tmp_path_factory.mktemp("docx")
    result = notice_kit.build_package(example, out, formats=["docx"])
    merged = next(f for f in result.manifest.files if f.role == "package")
    return import_notice(out / merged.path)


def test_render_text_equal(reimported: ImportResult, example: Package) -> None:
    assert render_text(reimported.package) == render_text(example)


def test_every_part_equal(reimported: ImportResult, example: Package) -> None:
    """Beyond the text: 版头 (mark, 发文字号), body tree, attachments, date, 版记."""
    got, want = reimported.package.notice, example.notice
    assert got.header == want.header
    assert got.body == want.body
    assert (got.date, got.colophon, got.signatures) == (want.date, want.colophon, want.signatures)
    assert reimported.package.attachments == example.attachments
    assert reimported.notes == []


def test_a_docx_without_a_title(tmp_path: Path) -> None:
    path = tmp_path / "random.docx"
    document = docx.Document()
    document.add_paragraph("购物清单：牛奶，面包。")
    document.save(str(path))
    with pytest.raises(DataError) as info:
        import_notice(path)
    assert "random.docx" in str(info.value) and "no title" in str(info.value)


def test_a_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataError, match=r"broken\.docx"):
        import_notice(path)


def test_a_notice_made_by_hand_in_word(tmp_path: Path) -> None:
    """Not written by notice_kit: fonts on runs, a two-paragraph title, a grid table."""
    spec = importlib.util.spec_from_file_location("handmade", ROOT / "tests/inspect/handmade.py")
    assert spec is not None and spec.loader is not None
    handmade = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(handmade)
    result = import_notice(handmade.write_handmade(tmp_path / "hand.docx"))
    notice = result.package.notice
    assert notice.title == handmade.TITLE
    assert notice.addressees == ["各乡镇中心校", "县直各学校"]
    assert notice.date.isoformat() == "2024-12-02"
    assert notice.colophon.cc == ["县政府办公室"]
    assert [a.title for a in result.package.attachments] == [t for _, t in handmade.ATTACHMENTS]
    assert "（二）落实责任。校长是学校安全第一责任人。" in render_text(result.package)
