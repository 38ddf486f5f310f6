"""Every .docx notice_kit writes is valid OOXML and opens (issue 12, audit F1): schema and
package checks by openxml-audit (a maintained pure-Python validator: element order,
attribute values, relationships, content types, ids), then python-docx.

Its findings were checked by hand when this test was written: on python-docx's own
template it flags only the stylesWithEffects part (a false positive, audit F2), which
notice_kit's base no longer has; it does catch real order errors (w:jc before
w:spacing, wp:docPr before the wrap element, wps:bodyPr before wps:txbx).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

import notice_kit
from notice_kit.importing.core import import_notice
from notice_kit.models import Package
from notice_kit.render.docx.package import render_all

openxml_audit = pytest.importorskip("openxml_audit")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CORPUS = ROOT / "tests" / "corpus"
LETTERHEADS = EXAMPLES / "letterheads"


@pytest.fixture(scope="module")
def validator() -> Any:
    return openxml_audit.OpenXmlValidator(file_format=openxml_audit.FileFormat.MICROSOFT_365,
                                          max_errors=0)


def assert_valid(validator: Any, data: bytes, name: str, tmp_path: Path) -> None:
    path = tmp_path / "check.docx"
    path.write_bytes(data)
    result = validator.validate(path)
    errors = [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]
    assert result.is_valid and not errors, (name, errors[:10])
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs, name


def rendered(package: Package) -> Iterator[tuple[str, bytes]]:
    for doc in render_all(package):
        yield f"{doc.role}{doc.number or ''}", doc.data


def example_packages() -> list[tuple[str, Package]]:
    q3 = EXAMPLES / "yangzhou-2024-q3" / "notice.yaml"
    out = [(p.parent.name, notice_kit.load_notice(p))
           for p in sorted(EXAMPLES.glob("*/notice.yaml"))]
    for template in sorted(LETTERHEADS.glob("*.docx")):
        package = notice_kit.load_notice(q3)
        options = package.options.model_copy(update={"letterhead": template})
        out.append((f"q3+{template.stem}", package.model_copy(update={"options": options})))
    return out


def test_the_examples_give_valid_documents(validator: Any, tmp_path: Path) -> None:
    """The examples (and the seed with each example letterhead): every .docx of each."""
    seen = 0
    for name, package in example_packages():
        for part, data in rendered(package):
            assert_valid(validator, data, f"{name}/{part}", tmp_path)
            seen += 1
    assert seen >= 15


def test_the_letterhead_templates_are_valid(validator: Any, tmp_path: Path) -> None:
    for template in sorted(LETTERHEADS.glob("*.docx")):
        assert_valid(validator, template.read_bytes(), template.name, tmp_path)


ENTRIES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "index.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", ENTRIES, ids=[Path(e["file"]).stem for e in ENTRIES])
def test_the_corpus_gives_valid_documents(entry: dict[str, Any], validator: Any,
                                          tmp_path: Path) -> None:
    """Every notice of tests/corpus, imported: every .docx of its package."""
    package = import_notice(CORPUS / entry["file"]).package
    for part, data in rendered(package):
        assert_valid(validator, data, f"{entry['file']}/{part}", tmp_path)
