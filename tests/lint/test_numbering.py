"""NK3xx: numbers typed by hand, sequences a reader sees, run-in headings."""

from __future__ import annotations

from notice_kit.lint.rules.numbering import sequence_breaks

from .helpers import data, package, run


def test_sequence_breaks_restart_deeper_levels() -> None:
    # 一、 1． 2． 二、 1． 3．: only the last skips.
    values = [(1, 1), (3, 1), (3, 2), (1, 2), (3, 1), (3, 3)]
    assert [b.index for b in sequence_breaks(values)] == [5]


def test_paragraphs_with_typed_numbers_were_probably_sections() -> None:
    findings = run("NK301", package(["一、总体要求", "正文。", "三、工作安排"]))
    assert [f.location for f in findings] == ["notice.body[0]", "notice.body[2]"]
    assert all(f.severity == "info" for f in findings)
    # "一是" and "第一，" open a paragraph; they are no numbering prefix.
    assert run("NK301", package(["一是强化统筹。", "第一，咬定目标。", "1.8亿人次。"])) == []


def test_typed_numbers_that_skip() -> None:
    [finding] = run("NK302", package(["一、总体要求", "三、工作安排"]))
    assert finding.location == "notice.body[1]"
    assert "“一、”之后是“三、”" in finding.message
    assert run("NK302", package(["一、总体要求", "二、工作安排"])) == []


def test_typed_numbers_among_generated_ones() -> None:
    # The section is numbered 一、, the typed paragraph after it says 三、.
    body = [{"heading": "总体要求", "children": ["1．目标", "2．原则", "4．要求"]}, "三、安排"]
    findings = run("NK302", package(body))
    assert [f.location for f in findings] == ["notice.body[0].children[2]", "notice.body[1]"]
    # A typed 二、 followed by a generated one: the reader sees 二、 twice.
    findings = run("NK302", package([{"heading": "甲"}, "二、乙", {"heading": "丙"}]))
    assert [f.location for f in findings] == ["notice.body[2]"]
    assert "重复" in findings[0].message
    # Generated numbers alone are always in sequence.
    assert run("NK302", package([{"heading": "甲"}, {"heading": "乙", "level": 1}])) == []


def test_numbers_typed_into_sections_and_lists_are_printed_twice() -> None:
    body = [{"heading": "一、总体要求"}, {"text": "（二）各地要落实。"},
            {"items": ["1.邗江中专", "高邮中学"]}]
    attachments = [{"title": "名单", "items": ["1．邗江中专"]}]
    findings = run("NK303", package(body, attachments))
    assert [f.location for f in findings] == [
        "notice.body[0].heading", "notice.body[1].text", "notice.body[2].items[0]",
        "attachments[0].items[0]",
    ]
    assert run("NK303", package([{"heading": "总体要求", "text": "一是……"}])) == []


def test_run_in_heading_needs_a_colon_or_full_stop() -> None:
    body = [{"heading": "时间", "text": "11月22日。"}, {"heading": "地点："},
            {"heading": "时间：", "text": "11月22日。"}, {"heading": "工作要求。", "text": "各地要落实。"},
            {"heading": "其他事项", "children": ["正文。"]}]
    findings = run("NK304", package(body))
    assert [(f.location, f.severity) for f in findings] == [
        ("notice.body[0].heading", "warning"), ("notice.body[1].heading", "info"),
    ]


def test_plain_text_body_whose_typed_numbers_skip() -> None:
    raw = data("一、总体要求\n二、工作安排\n（一）时间：11月22日。\n（三）地点：会议室。\n四、其他\n")
    pkg = package(raw["notice"]["body"])
    [skip_2, skip_1] = run("NK305", pkg, raw)
    assert skip_2.location == "notice.body"
    assert "“（一）”之后是“（三）”" in skip_2.message and "“（二）”" in skip_2.message
    assert "“二、”之后是“四、”" in skip_1.message and "输出时编号为“三、”" in skip_1.message
    # Without the data as written there is nothing to read.
    assert run("NK305", pkg) == []
    fine = data("一、总体要求\n（一）时间：11月22日。\n二、其他\n（一）甲。\n")
    assert run("NK305", package(fine["notice"]["body"]), fine) == []
