"""Issue 13, item 2: deriving next quarter's package in Python — ``Package.evolve``,
``load_notice(changes=…)`` and ``merge_data``, with the merge rules of ``extends:``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import notice_kit
from notice_kit import DataError, DocumentAttachment, ReceiptForm

from .conftest import SEED_EXAMPLE, minimal_data

ROOT = Path(__file__).resolve().parents[1]
Q4 = ROOT / "examples" / "yangzhou-2024-q4" / "notice.yaml"


def test_evolve_changes_one_deep_field_and_leaves_the_original() -> None:
    q3 = notice_kit.load_notice(SEED_EXAMPLE)
    q4 = q3.evolve({"notice": {"header": {"doc_number": "扬教发〔2025〕12号"}, "date": "2025-1-20"}})
    assert q4.notice.header.doc_number == "扬教发〔2025〕12号"
    assert q4.notice.date == dt.date(2025, 1, 20)
    assert q3.notice.header.doc_number == "扬教发〔2024〕96号"
    assert q4.notice.header.issuers == q3.notice.header.issuers
    assert q4.attachments == q3.attachments
    assert q4.notice.body is not q3.notice.body  # blocks of its own


def test_evolve_refuses_a_wrong_value_naming_field_and_file() -> None:
    q3 = notice_kit.load_notice(SEED_EXAMPLE)
    with pytest.raises(DataError) as caught:
        q3.evolve({"notice": {"date": "2025-02-30"}, "attachments": {"merge": [{}, {"columns": []}]}})
    assert caught.value.source == SEED_EXAMPLE
    assert [p.location for p in caught.value.problems] == ["notice.date", "attachments[1].columns"]


def test_evolve_merges_attachments_item_by_item_and_checks_their_kind() -> None:
    q3 = notice_kit.load_notice(SEED_EXAMPLE)
    dropped = q3.evolve({"attachments": {"merge": [None]}})
    assert [a.title for a in dropped.attachments] == [a.title for a in q3.attachments[1:]]
    with pytest.raises(DataError, match="kind 'list' does not match the base's 'document'"):
        q3.evolve({"attachments": {"merge": [{"kind": "list"}]}})


def test_vars_of_a_loaded_file_are_rendered_again_also_after_a_second_evolve() -> None:
    q4 = notice_kit.load_notice(Q4)
    q1 = q4.evolve({"vars": {"quarter": 1}})
    assert "第一季度" in q1.title_text and "第四季度" in q4.title_text
    assert q1.attachments[1].title == "第一季度复盘与调度工作参加人员回执"
    q2 = q1.evolve({"notice": {"date": "2025-06-20"}}).evolve({"vars": {"quarter": 2}})
    assert "第二季度" in q2.title_text and q2.notice.date == dt.date(2025, 6, 20)


def test_a_package_edited_in_place_merges_its_edits_but_has_no_vars() -> None:
    q4 = notice_kit.load_notice(Q4)
    q4.notice.date = dt.date(2025, 1, 2)
    assert q4.evolve({"notice": {"note": "请于会前报送。"}}).notice.date == dt.date(2025, 1, 2)
    with pytest.raises(DataError, match="no vars to change"):
        q4.evolve({"vars": {"quarter": 1}})


def test_a_package_built_in_python_evolves_too() -> None:
    package = notice_kit.package_from_data(minimal_data())
    assert package.evolve({"notice": {"addressees": None}}).notice.addressees == []
    with pytest.raises(DataError, match="changes must be a mapping"):
        package.evolve(["x"])  # type: ignore[arg-type]


def test_load_with_changes_merges_after_the_template_and_before_vars() -> None:
    # Q4's attachments are themselves a {merge: …} patch of the template's: the changes
    # must meet the merged list, replacing 附件1's body and keeping the 回执 and the list.
    changes = {
        "vars": {"quarter": 1},
        "attachments": {"merge": [{"kind": "document", "body": ["（省厅一季度分析材料，收到后录入。）"]}]},
    }
    q1 = notice_kit.load_notice(Q4, changes=changes)
    first, receipt, schools = q1.attachments
    assert isinstance(first, DocumentAttachment) and isinstance(receipt, ReceiptForm)
    assert first.title == "省厅一季度分析材料"
    assert [b.text for b in first.body] == ["（省厅一季度分析材料，收到后录入。）"]  # type: ignore[union-attr]
    assert schools.title == "各地参加学校名单"
    assert receipt.title == "第一季度复盘与调度工作参加人员回执"


def test_load_with_changes_names_the_file_for_a_refused_change() -> None:
    with pytest.raises(DataError) as caught:
        notice_kit.load_notice(Q4, changes={"notice": {"header": {"doc_number": "扬教发[2025]1号"}}})
    assert caught.value.source == Q4
    assert caught.value.problems[0].location == "notice.header.doc_number"


def test_merge_data_is_the_merge_of_extends() -> None:
    base = {"a": {"b": 1, "c": 2}, "items": [{"kind": "x", "v": 1}, {"kind": "y"}]}
    merged = notice_kit.merge_data(base, {"a": {"c": None, "d": 3},
                                          "items": {"merge": [{"v": 2}, None]}})
    assert merged == {"a": {"b": 1, "d": 3}, "items": [{"kind": "x", "v": 2}]}
    assert base["a"] == {"b": 1, "c": 2}  # not changed
    assert notice_kit.read_data(SEED_EXAMPLE)["notice"]["header"]["doc_number"] == "扬教发〔2024〕96号"
