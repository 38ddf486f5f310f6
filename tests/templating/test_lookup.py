"""Plain look-ups in data templates are rendered without Jinja (notice_kit.template_lookup),
and give exactly what Jinja gives: the same value and type, or the same error."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import notice_kit
from notice_kit import templating
from notice_kit.errors import DataError
from notice_kit.template_lookup import MISS, lookup
from notice_kit.templating import FILTERS, render_data

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "yangzhou-2024-q3" / "notice.yaml"


@pytest.fixture
def jinja_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every template through Jinja, as before the look-up path existed."""
    monkeypatch.setattr(templating, "lookup", lambda *a, **k: MISS)


VARIABLES: dict[str, Any] = {
    "quarter": 3,
    "who": "市直各学校",
    "n": None,
    "flag": True,
    "ratio": 1.5,
    "day": dt.date(2024, 11, 5),
    "moment": dt.datetime(2024, 11, 22, 14, 0),
    "text_day": "2024-11-19 16:00",
    "schools": ["扬州中学", "新华中学"],
    "meeting": {"start": "2024-11-22 14:00", "place": "三楼会议室", "items": 2,
                "inner": {"deep": "深"}, "_hidden": "x", "0": "zero"},
    "none": "a variable called none",
    "_private": "underscored",
    "range": "shadows a Jinja global",
}

TEMPLATES = [
    "{{ who }}",
    "  {{ who }}\n",
    "{{who}}",
    "致{{ who }}：",
    "第{{ quarter | cn_number }}季度，{{ quarter | quarter }}",
    "{{ quarter|cn_number }}",
    "{{ day | cn_date }}{{ day | cn_month_day }}",
    "{{ moment | cn_datetime }}，{{ moment | cn_time }}",
    "{{ text_day | cn_month_day }}{{ text_day | cn_time }}前",
    "{{ meeting.start | cn_datetime }}在{{ meeting.place }}",
    "{{ meeting.inner.deep }}",
    "{{ meeting.inner }}",
    "{{ schools }}",
    "名单：{{ schools }}",
    "{{ n }}|{{ flag }}|{{ ratio }}|{{ day }}|{{ moment }}",
    "{{ n }}",
    "{{ flag }}",
    "{{ day }}",
    "line one\nline two {{ who }}\n",
    "trailing newline kept {{ who }}\n\n",
    "literal }} and { and } stay {{ who }}",
    # Left to Jinja, which must then give its own answer:
    "{{ meeting.items }}",  # the dict's method, not the key
    "{{ meeting.get }}",
    "{{ meeting._hidden }}",  # the sandbox refuses it
    "{{ meeting . place }}",
    "{{ none }}",  # a Jinja constant, not the variable
    "{{ true }}",
    "{{ range }}",  # the variable, found before the global
    "{{ _private }}",
    "{{ who | upper }}",  # a Jinja filter
    "{{ who }}{% if flag %}！{% endif %}",
    "{{ who }}{# comment #}",
    "a\r\n{{ who }}",
    "{{ schools[0] }}",
    "{{ who ~ '!' }}",
]

FAILING = [
    "{{ missing }}",
    "在{{ missing }}",
    "{{ meeting.missing }}",
    "{{ meeting.inner.deep.deeper }}",
    "{{ who | cn_date }}",
    "{{ ratio | cn_number }}",
    "{{ schools | quarter }}",
    "{{ who | no_such_filter }}",
    "{{ who.__class__ }}",
    "{{ who | }}",
    "{{ meeting.0 }}",  # the key is the text "0"; Jinja looks up the number
    "{{ quarter | cn_number | quarter }}",
    "{{- who }}",  # a lone expression: "- who" negates a text
    "{{ who {{ quarter }}",
    "{{ who }} {{",
]


def _render(text: str) -> Any:
    return render_data({"field": text}, VARIABLES, source="test.yaml")["field"]


@pytest.mark.parametrize("text", TEMPLATES)
def test_same_value_and_type_as_jinja(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _render(text)
    monkeypatch.setattr(templating, "lookup", lambda *a, **k: MISS)
    slow = _render(text)
    assert fast == slow
    assert type(fast) is type(slow)


@pytest.mark.parametrize("text", FAILING)
def test_same_error_as_jinja(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DataError) as fast:
        _render(text)
    monkeypatch.setattr(templating, "lookup", lambda *a, **k: MISS)
    with pytest.raises(DataError) as slow:
        _render(text)
    assert str(fast.value) == str(slow.value)


@pytest.mark.parametrize("text", [
    "{{ meeting.items }}", "{{ none }}", "{{ _private }}", "{{ who | upper }}",
    "a\r\n{{ who }}", "{{ who }}{% if flag %}！{% endif %}", "{{ missing }}",
    "{{ who | cn_date }}", "{{ schools[0] }}", "{{ meeting.0 }}",
])
def test_what_it_leaves_to_jinja(text: str) -> None:
    single = templating._SINGLE_EXPRESSION.fullmatch(text)
    assert lookup(text, VARIABLES, FILTERS, alone=single["expr"] if single else None) is MISS


def test_lone_expression_keeps_the_object() -> None:
    # As Jinja's compiled expression does: the list itself, not a copy or its text.
    assert _render("{{ schools }}") is VARIABLES["schools"]


@pytest.mark.parametrize("path", [
    SEED,
    ROOT / "examples" / "yangzhou-2024-q4" / "notice.yaml",
    ROOT / "tests" / "templating" / "q3_reference.yaml",
])
def test_examples_load_the_same_either_way(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = notice_kit.load_notice(path).model_dump()
    monkeypatch.setattr(templating, "lookup", lambda *a, **k: MISS)
    assert notice_kit.load_notice(path).model_dump() == fast


def test_the_quarterly_notice_loads_without_importing_jinja() -> None:
    code = (
        "import sys, notice_kit\n"
        f"notice_kit.load_notice({str(SEED)!r})\n"
        "print('jinja2' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
