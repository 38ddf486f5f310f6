"""render_text on small packages: layout, regenerated numbering, 附件说明, attachments, 版记."""

from __future__ import annotations

from typing import Any

from notice_kit.models import Package
from notice_kit.render.text import (
    attachment_note_lines,
    body_lines,
    colophon_lines,
    render_text,
)
from notice_kit.textparse import parse_body


def notice_data(body: Any = None, **notice: Any) -> dict[str, Any]:
    return {
        "header": {"issuers": ["某市教育局"]},
        "title": "关于开展测试工作的通知",
        "addressees": ["甲单位", "乙单位"],
        "body": body if body is not None else ["现将有关事项通知如下。"],
        "date": "2024-10-28",
        **notice,
    }


def make(body: Any = None, attachments: list[Any] | None = None, **notice: Any) -> Package:
    return Package.model_validate(
        {"notice": notice_data(body, **notice), "attachments": attachments or []}
    )


def lines(package: Package) -> list[str]:
    return render_text(package).splitlines()


# ---------------------------------------------------------------- layout


def test_layout_of_a_notice_without_attachments() -> None:
    text = render_text(make())
    assert text == (
        "关于开展测试工作的通知\n"
        "\n"
        "甲单位，乙单位：\n"
        "现将有关事项通知如下。\n"
        "\n"
        "某市教育局\n"
        "2024年10月28日\n"
    )
    assert "附件" not in text


def test_title_is_one_line_even_with_a_forced_break() -> None:
    package = make(title="关于开展\n测试工作的通知")
    assert lines(package)[0] == "关于开展测试工作的通知"


def test_no_addressees_no_addressee_line() -> None:
    assert lines(make(addressees=[]))[2] == "现将有关事项通知如下。"


def test_signatures_note_and_joint_issuers() -> None:
    package = make(
        header={"issuers": ["某市教育局", "某市卫生健康委员会"]},
        note="（联系人：张三；电话：12345678）",
    )
    out = lines(package)
    tail = out[out.index("某市教育局") :]
    assert tail == [
        "某市教育局",
        "某市卫生健康委员会",
        "2024年10月28日",
        "（联系人：张三；电话：12345678）",
    ]
    assert "某市人民政府" in lines(make(signatures=["某市人民政府"]))


def test_colophon() -> None:
    package = make(
        colophon={
            "cc": ["省教育厅", "市政府办公室"],
            "printer": "某市教育局办公室",
            "print_date": "2024-10-29",
        }
    )
    assert lines(package)[-2:] == [
        "抄送：省教育厅，市政府办公室。",
        "某市教育局办公室 2024年10月29日印发",
    ]
    assert colophon_lines(make().notice.colophon) == []


# ---------------------------------------------------------------- numbering


def test_four_levels_of_prefixes_and_run_in_headings() -> None:
    body = [
        {
            "heading": "时间、地点",
            "children": [
                {"heading": "时间：", "text": "2024年11月22日14:00。"},
                {
                    "text": "围绕以下工作交流发言：",
                    "children": [{"text": "第一项；", "children": [{"text": "细项。"}]}],
                },
            ],
        }
    ]
    assert body_lines(make(body).notice.body) == [
        "一、时间、地点",
        "（一）时间：2024年11月22日14:00。",
        "（二）围绕以下工作交流发言：",
        "1．第一项；",
        "（1）细项。",
    ]


def test_inserting_a_section_renumbers_the_rest() -> None:
    body: list[Any] = [
        {"heading": "时间、地点", "children": [{"text": "甲；"}, {"text": "乙。"}]},
        {"heading": "参加对象"},
        {"heading": "会议内容"},
    ]
    before = body_lines(make(body).notice.body)
    assert before == ["一、时间、地点", "（一）甲；", "（二）乙。", "二、参加对象", "三、会议内容"]

    body.insert(1, {"heading": "会议主题"})
    body[0]["children"].insert(0, {"text": "新增。"})
    after = body_lines(make(body).notice.body)
    assert after == [
        "一、时间、地点",
        "（一）新增。",
        "（二）甲；",
        "（三）乙。",
        "二、会议主题",
        "三、参加对象",
        "四、会议内容",
    ]


def test_inserting_into_the_model_renumbers_too() -> None:
    package = make([{"heading": "甲"}, {"heading": "乙"}])
    package.notice.body.insert(0, package.notice.body[1].model_copy(update={"heading": "零"}))
    assert body_lines(package.notice.body) == ["一、零", "二、甲", "三、乙"]


def test_paragraphs_between_sections_do_not_reset_numbering() -> None:
    body = ["开头。", {"heading": "甲"}, "中间的段落。", {"heading": "乙"}]
    assert body_lines(make(body).notice.body) == ["开头。", "一、甲", "中间的段落。", "二、乙"]


def test_explicit_level_skips_a_level() -> None:
    body = [
        {
            "heading": "要求",
            "children": [{"text": "第一条。", "level": 3}, {"text": "第二条。", "level": 3}],
        }
    ]
    assert body_lines(make(body).notice.body) == ["一、要求", "1．第一条。", "2．第二条。"]


def test_a_shallower_sibling_restarts_deeper_counts() -> None:
    body = [
        {
            "heading": "要求",
            "children": [
                {"text": "甲。", "level": 3},
                {"text": "乙。"},
                {"text": "丙。", "level": 3},
            ],
        }
    ]
    assert body_lines(make(body).notice.body) == ["一、要求", "1．甲。", "（一）乙。", "1．丙。"]


def test_lists_and_tables_in_a_body() -> None:
    body = [
        {"items": ["邗江中专", "邗江实验学校"]},
        {"title": "人员表", "columns": ["序号", "姓名"], "rows": [["1", "张三"]]},
    ]
    assert body_lines(make(body).notice.body) == [
        "1.邗江中专",
        "2.邗江实验学校",
        "人员表",
        "序号\t姓名",
        "1\t张三",
    ]


def test_a_plain_text_body_renders_back_to_its_text() -> None:
    text = (
        "为做好有关工作，现通知如下：\n"
        "一、时间、地点\n"
        "（一）时间：2024年11月22日14:00。\n"
        "（二）地点：市教师发展学院。\n"
        "二、会议内容\n"
        "（一）部分学校交流发言：\n"
        "1．学习情况；\n"
        "2．工作打算。\n"
        "（二）布置工作。"
    )
    assert body_lines(parse_body(text)) == text.splitlines()
    assert body_lines(make(text).notice.body) == text.splitlines()


# ---------------------------------------------------------------- 附件说明 and attachments


def test_one_attachment_has_no_number() -> None:
    package = make(attachments=[{"title": "参加学校名单", "items": ["甲校", "乙校"]}])
    out = lines(package)
    assert "附件：参加学校名单" in out
    assert not any(line.startswith("附件：1.") for line in out)
    label = out.index("附件")
    assert out[label : label + 6] == ["附件", "", "参加学校名单", "", "1.甲校", "2.乙校"]
    assert "附件1" not in out


def test_several_attachments_are_numbered() -> None:
    package = make(
        attachments=[
            {"title": "分析材料", "body": ["正文。"]},
            {"title": "参加人员回执", "columns": ["姓名", "职务"]},
            {"title": "参加学校名单", "items": ["甲校"]},
        ]
    )
    out = lines(package)
    note = out.index("附件：1.分析材料")
    assert out[note : note + 3] == ["附件：1.分析材料", "2.参加人员回执", "3.参加学校名单"]
    # 附件说明 comes before the signature, the attachments after the date, in order.
    assert note < out.index("某市教育局") < out.index("附件1") < out.index("附件2")
    for label, title in [
        ("附件1", "分析材料"),
        ("附件2", "参加人员回执"),
        ("附件3", "参加学校名单"),
    ]:
        assert out[out.index(label) + 2] == title


def test_attachment_note_lines() -> None:
    assert attachment_note_lines([]) == []
    assert attachment_note_lines(["名单"]) == ["附件：名单"]
    assert attachment_note_lines(["材料", "回执"]) == ["附件：1.材料", "2.回执"]


def test_receipt_content() -> None:
    package = make(
        attachments=[
            {
                "kind": "receipt",
                "title": "参加人员回执",
                "fields": ["单位名称", {"label": "填报日期：", "value": "11月19日"}],
                "columns": ["序号", "姓名", "手机号码"],
                "rows": [["1", "张三", ""]],
            }
        ]
    )
    out = lines(package)
    start = out.index("参加人员回执", out.index("附件") + 1)
    assert out[start + 2 :][:4] == [
        "单位名称：",
        "填报日期：11月19日",
        "序号\t姓名\t手机号码",
        "1\t张三\t",
    ]


def test_list_intro_and_file_attachment() -> None:
    package = make(
        attachments=[
            {"title": "名单", "intro": "以下学校参加：", "items": ["甲校"]},
            {"title": "实施方案", "path": "files/方案.pdf"},
        ]
    )
    out = lines(package)
    assert out[out.index("以下学校参加：") + 1] == "1.甲校"
    assert "（见文件 方案.pdf）" in out


# ---------------------------------------------------------------- purity


def test_render_text_is_pure() -> None:
    package = make(
        [{"heading": "甲", "children": [{"text": "乙。"}]}],
        attachments=[{"title": "名单", "items": ["甲校"]}],
    )
    dumped = package.model_dump(mode="json")
    first = render_text(package)
    assert render_text(package) == first
    assert package.model_dump(mode="json") == dumped
    assert first.endswith("\n") and not first.endswith("\n\n")
