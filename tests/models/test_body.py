"""The body tree: blocks recognised from data, numbering never stored, levels 1–4."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from notice_kit.models import Block, NumberedList, Paragraph, Section, Table
from notice_kit.models.body import section_levels

BLOCKS = TypeAdapter(list[Block])


def test_blocks_are_recognised_by_their_keys() -> None:
    blocks = BLOCKS.validate_python([
        "一段正文。",
        {"heading": "时间、地点", "children": [{"heading": "时间：", "text": "11月22日。"}]},
        {"text": "市教育局分管负责人；"},
        {"items": ["邗江中专", "邗江实验学校"]},
        {"columns": ["序号", "姓名"], "rows": [["1", "白路"]]},
    ])
    kinds = [type(b) for b in blocks]
    assert kinds == [Paragraph, Section, Section, NumberedList, Table]


def test_paragraphs_dump_back_to_plain_strings() -> None:
    blocks = BLOCKS.validate_python(["甲。", {"heading": "乙"}])
    assert BLOCKS.dump_python(blocks, exclude_defaults=True) == ["甲。", {"heading": "乙"}]


def test_unknown_block_names_the_choices() -> None:
    with pytest.raises(ValidationError, match="heading/text"):
        BLOCKS.validate_python([{"bogus": 1}])


def test_line_breaks_inside_a_paragraph_are_joined_without_spaces() -> None:
    (p,) = BLOCKS.validate_python(["扬州市教师发展学院三楼\n  会议室。"])
    assert isinstance(p, Paragraph)
    assert p.text == "扬州市教师发展学院三楼会议室。"


@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m", "\u202e"])
def test_control_characters_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="U\\+"):
        BLOCKS.validate_python([f"正文{bad}"])


def test_lone_surrogates_are_refused() -> None:
    with pytest.raises(ValidationError):
        BLOCKS.validate_python(["正文\ud800"])


def test_a_section_needs_words() -> None:
    with pytest.raises(ValidationError, match="heading or a text"):
        BLOCKS.validate_python([{"children": ["x"]}])


def test_levels_follow_nesting_and_may_skip_explicitly() -> None:
    blocks = BLOCKS.validate_python([
        {"heading": "一级", "children": [{"text": "三级条目", "level": 3}]},
    ])
    assert [level for _, level in section_levels(blocks)] == [1, 3]


def test_five_levels_are_refused() -> None:
    deep: dict[str, object] = {"text": "五"}
    for word in "四三二一":
        deep = {"heading": word, "children": [deep]}
    with pytest.raises(ValueError, match="4"):
        list(section_levels(BLOCKS.validate_python([deep])))


def test_table_rows_must_match_columns() -> None:
    with pytest.raises(ValidationError, match="row 1 has 1 cells"):
        BLOCKS.validate_python([{"columns": ["a", "b"], "rows": [["x"]]}])
