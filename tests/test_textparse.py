"""Plain text with 一、 （一） 1． （1） prefixes parses into the same tree (GB/T 9704 7.3.3)."""

from __future__ import annotations

from notice_kit import package_from_data
from notice_kit.models import NumberedList, Paragraph, Section
from notice_kit.models.body import section_levels
from notice_kit.render.text import render_text
from notice_kit.textparse import ParsedLine, logical_lines, parse_body, split_prefix

from .conftest import minimal_data

TEXT = """为做好有关工作，现通知如下：
一、时间、地点
（一）时间：2024年11月22日14:00。
（二）地点：扬州市教师发展学院三楼
 会议室。
二、工作要求
（一）提高认识。
1．围绕重点开展学习；
（1）学习文件；
（2）交流体会。
2．按时报送材料。
各地要认真落实。
"""


def test_all_four_levels_nest() -> None:
    blocks = parse_body(TEXT)
    levels = [(s.heading or s.text, level) for s, level in section_levels(blocks)]
    assert levels == [
        ("时间、地点", 1),
        ("时间：", 2),
        ("地点：", 2),
        ("工作要求", 1),
        ("提高认识。", 2),
        ("围绕重点开展学习；", 3),
        ("学习文件；", 4),
        ("交流体会。", 4),
        ("按时报送材料。", 3),
    ]


def test_run_in_headings_keep_heading_and_text_apart() -> None:
    first = parse_body(TEXT)[1]
    assert isinstance(first, Section)
    timing, place = first.children
    assert isinstance(timing, Section) and isinstance(place, Section)
    assert (timing.heading, timing.text) == ("时间：", "2024年11月22日14:00。")
    # The wrapped line of the source is joined back.
    assert place.text == "扬州市教师发展学院三楼会议室。"


def test_paragraphs_belong_to_the_innermost_open_heading() -> None:
    blocks = parse_body(TEXT)
    second = blocks[2]
    assert isinstance(blocks[0], Paragraph)
    assert isinstance(second, Section)
    # "各地要认真落实。" follows an item with text of its own, so it closes that item
    # and stays under 二、工作要求's open heading chain.
    last = second.children[-1]
    assert isinstance(last, Paragraph) and last.text == "各地要认真落实。"


def test_prefix_variants_are_recognised() -> None:
    for line, level in [("一、甲", 1), ("（一）甲", 2), ("(二)甲", 2), ("1．甲", 3), ("2.甲", 3),
                        ("3、甲", 3), ("（1）甲", 4), ("(12)甲", 4), ("2024年", 0),
                        ("3.79万人参加", 0), ("一是加强领导", 0)]:
        assert split_prefix(line).level == level, line


def test_numbers_as_typed_are_dropped_and_regenerated() -> None:
    """Typed numbers that skip (一、三、) come out in sequence: the tree stores none."""
    blocks = parse_body("一、甲\n三、乙\n五、丙")
    data = minimal_data(body=[b.model_dump() if not isinstance(b, Paragraph) else b.text
                              for b in blocks])
    text = render_text(package_from_data(data))
    assert "一、甲\n二、乙\n三、丙" in text


def test_inserting_a_section_renumbers_the_rest() -> None:
    package = package_from_data(minimal_data(body="一、甲\n（一）子一\n（二）子二\n二、乙"))
    first = package.notice.body[0]
    assert isinstance(first, Section)
    first.children.insert(0, Section(heading="新增"))
    text = render_text(package)
    assert "（一）新增\n（二）子一\n（三）子二\n二、乙" in text


def test_a_whole_body_as_text_in_a_data_file() -> None:
    package = package_from_data(minimal_data(body=TEXT))
    assert len(package.notice.body) == 3


def test_logical_lines_keep_bare_headings_separate() -> None:
    lines = logical_lines("二、关于问题和不足\n有几个方面是普遍的问题：")
    assert [line.text for line in lines] == ["关于问题和不足", "有几个方面是普遍的问题："]


def test_numbered_list_block_is_not_produced_from_prefixes() -> None:
    # "1．" lines are level-3 items, not a NumberedList: lists are explicit data.
    assert not any(isinstance(b, NumberedList) for b in parse_body("1．甲\n2．乙"))


def test_an_item_may_begin_with_a_year() -> None:
    """"1.2020年6月前，……" is item 1 (a decimal 1.2020 is no number one writes); "3.5万元"
    stays a number."""
    item = "2020年6月11日前，户籍在本区；"
    assert split_prefix("1." + item) == ParsedLine(3, "1", item)
    assert split_prefix("3.5万元用于奖励。").level == 0


def test_a_long_first_level_line_is_an_item_not_a_heading() -> None:
    """A "一、" line that is a whole paragraph keeps its number in the heading face and its
    text in the body face (seen set whole in 黑体 on ten corpus notices); a short one, with
    or without a full stop, is still a heading."""
    long_line = "一、凡在我校园内进行的各类大型活动，应提前三天将活动计划以书面形式告知相关部门。"
    (item,) = parse_body(long_line)
    assert isinstance(item, Section)
    assert item.heading is None and item.text is not None and item.text.startswith("凡在")
    (two,) = parse_body("二、相关部门审核后，由主管副校长审批。然后，交由总务执行。")
    assert isinstance(two, Section) and two.heading is None
    (heading,) = parse_body("一、提高认识，加强领导。")
    assert isinstance(heading, Section) and heading.heading == "提高认识，加强领导。"
    (run_in,) = parse_body("一、参赛对象：全市中小学在校学生。")
    assert isinstance(run_in, Section) and run_in.heading == "参赛对象：" and run_in.text
