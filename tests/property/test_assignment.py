"""Property tests (issue 13): editing a loaded package in Python is validated where the value
is assigned.  Random values — wrong types, impossible dates, empty lists, malformed 发文字号 —
assigned to every field of every model in the seed package either raise ValidationError at
the assignment, leaving the model as it was, or are stored as the field's own type and the
package still renders: never a TypeError or IndexError later inside a renderer.

The CI profile is short (a fixed seed, 60 examples); a long run is
`NOTICE_KIT_HYPOTHESIS_EXAMPLES=10000 python -m pytest tests/property -q`.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import notice_kit
from notice_kit.errors import DataError, LayoutError, TemplateError
from notice_kit.models import Package

from ..conftest import SEED_EXAMPLE

EXAMPLES = int(os.environ.get("NOTICE_KIT_HYPOTHESIS_EXAMPLES", "60"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SEED = notice_kit.load_notice(SEED_EXAMPLE)


def fields(model: BaseModel, path: str = "package") -> Iterator[tuple[str, BaseModel, str]]:
    """Yield (path, model, field name) for every field of every model under ``model``."""
    for name in type(model).model_fields:
        yield f"{path}.{name}", model, name
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from fields(value, f"{path}.{name}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from fields(item, f"{path}.{name}[{i}]")


# Known gap: a nested section's ``level`` is checked against its own children when assigned,
# but against its parent only when the body is validated again (a block does not know its
# parent); assigning level 1 under a level-2 section is refused by the next validation, not
# at the assignment.  Those paths are left out here, and listed as not done in issue 13.
FIELD_PATHS = [path for path, _, _ in fields(SEED)
               if not (path.endswith(".level") and ".children[" in path)]


def _field(package: Package, path: str) -> tuple[BaseModel, str]:
    return next((m, n) for p, m, n in fields(package) if p == path)


WRONG: list[Any] = [
    None, 0, -1, 3.5, float("nan"), True, "", " ", "\x00", "2025-02-30", "2025-03-25",
    "扬教发[2025]01号", "扬教发〔2025〕01号", "第三季度", [], [""], [[]], [1, 2], {}, {"kind": "video"},
    {"text": ""}, dt.date(2025, 2, 28), dt.datetime(2025, 2, 28, 14, 0), Path("x.txt"),
    object(), b"bytes", ["甲", None],
]
values = st.one_of(st.sampled_from(WRONG), st.integers(), st.text(max_size=8),
                   st.lists(st.sampled_from(WRONG[:12]), max_size=3))


def _render(package: Package, path: str) -> None:
    notice_kit.render_text(package)
    part = re.match(r"package\.attachments\[(\d+)\]", path)
    try:
        if part is None:
            notice_kit.render_notice_docx(package)
        else:
            notice_kit.render_attachment_docx(package, int(part[1]) + 1)
    except (LayoutError, TemplateError, DataError):
        # A title too long for three lines; a file that does not exist (models do no I/O:
        # the loader and the build check files): clear errors of their own, naming it.
        pass


@PROFILE
@given(path=st.sampled_from(FIELD_PATHS), value=values)
def test_a_wrong_value_is_refused_at_the_assignment(path: str, value: Any) -> None:
    package = copy.deepcopy(SEED)
    model, name = _field(package, path)
    before = model.model_dump()
    try:
        setattr(model, name, value)
    except ValidationError:
        assert model.model_dump() == before, f"{path} changed although refused"
        return
    # Accepted: it was valid, and it is stored converted, so every renderer takes it.
    _render(package, path)


def test_every_model_of_the_seed_is_covered() -> None:
    kinds = {type(m).__name__ for _, m, _ in fields(SEED)}
    assert {"Package", "Notice", "Header", "Colophon", "OutputOptions"} <= kinds


@pytest.mark.parametrize(("path", "value"), [
    ("package.notice.date", "2025-02-30"),
    ("package.notice.date", 20250325),
    ("package.notice.header.doc_number", "扬教发[2025]01号"),
    ("package.notice.header.issuers", []),
    ("package.notice.colophon.print_date", None),
    ("package.notice.signatures", ["甲", "乙", "丙", "丁"] * 3 + [""]),
    ("package.notice.body", []),
    ("package.attachments", [{"kind": "video"}]),
    ("package.options.formats", ["html"]),  # ofd became a format in issue 16
])
def test_known_wrong_values_are_refused(path: str, value: Any) -> None:
    package = copy.deepcopy(SEED)
    model, name = _field(package, path)
    with pytest.raises(ValidationError):
        setattr(model, name, value)


def test_assigned_text_is_converted_like_the_loader_does() -> None:
    package = copy.deepcopy(SEED)
    package.notice.date = "2025年3月25日"  # type: ignore[assignment]
    assert package.notice.date == dt.date(2025, 3, 25)
    package.notice.addressees = "市直各学校"  # type: ignore[assignment]
    assert package.notice.addressees == ["市直各学校"]
    package.notice.header = {"issuers": "扬州市教育局"}  # type: ignore[assignment]
    assert isinstance(package.notice.header, notice_kit.Header)


def test_a_refused_cross_field_check_leaves_the_model_as_it_was() -> None:
    # pydantic stores the value before running the model's own checks: it is put back.
    package = copy.deepcopy(SEED)
    colophon = package.notice.colophon
    printer = colophon.printer
    with pytest.raises(ValidationError, match="printer and print_date go together"):
        colophon.print_date = None
    assert colophon.print_date is not None and colophon.printer == printer
    package.options.internal = True
    with pytest.raises(ValidationError, match="PDF/A forbids encryption"):
        package.options.pdfa = True
    assert package.options.pdfa is False
    assert "pdfa" not in package.options.model_fields_set


def test_the_issues_examples_in_attachments_and_blocks_are_refused() -> None:
    package = copy.deepcopy(SEED)
    receipt = package.attachments[1]
    with pytest.raises(ValidationError):
        receipt.columns = []  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        receipt.deadline = "2024-11-31 17:00"  # type: ignore[union-attr]
    receipt.deadline = "2024年11月19日16:00"  # type: ignore[union-attr]
    assert receipt.deadline == dt.datetime(2024, 11, 19, 16, 0)  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="widths has 2 numbers but there are 1 columns"):
        notice_kit.Table(columns=["a", "b"], widths=[1, 1]).columns = ["a"]
    with pytest.raises(ValidationError):
        package.notice.header.mark_suffix = "\x1f"
