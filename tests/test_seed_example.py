"""The Yangzhou seed notice, transcribed in examples/yangzhou-2024-q3/notice.yaml.

The example must validate, survive a round trip, and reproduce the seed text word for word:
render_text() of the package, compared line by line with the seed after undoing only the
extraction artefacts, gives back every line of the seed and nothing else but the few values
the seed does not carry (marked "# not from the source" in the data file).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

import notice_kit
from notice_kit.models import ListAttachment, Package, Paragraph, ReceiptForm, Section
from notice_kit.models.body import section_levels, walk
from notice_kit.render.text import render_text
from notice_kit.textparse import parse_body

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DIR = ROOT / "examples" / "yangzhou-2024-q3"
EXAMPLE = EXAMPLE_DIR / "notice.yaml"
# shared/ sits beside the repository (on a developer's machine and in CI alike).
SEED = ROOT.parent / "shared" / "seed" / "000_e6d130a8fc1339a3.txt"

# What render_text prints that the seed does not carry: the 附件1 label (the seed has no
# label line above its first attachment), the 署名, the 成文日期 and the 版记.
NOT_FROM_SOURCE = {
    "附件1",
    "扬州市教育局",
    "2024年10月28日",
    "抄送：江苏省教育厅。",
    "扬州市教育局办公室 2024年10月28日印发",
}

# The source's own slips, kept in the data for a later lint to find.
KEPT_SLIPS = [
    "学校名单见附件，",  # three attachments: 附件3 is meant
    "yzsjyjabc @126.com",  # space in the e-mail address
    "四、其它事项",  # 其他
    "参会人员名单回执",  # the 回执 is titled 第三季度复盘与调度工作参加人员回执
    "受众超过4亿人次。 “江苏教育发布”",  # stray space
    "突出实出实践操作",  # doubled 实出
    "能让广大教育感受到",  # 广大教育工作者
    "占比从41. 7%",  # space in a number
    "收缴IPAD",
    "游戏帐号",
    "要想法设法",  # 想方设法
    "三是重点督导。",
    "工作落实情况并不客观",  # 乐观
]


def load_example() -> Package:
    # The example builds on the quarterly template (extends + vars): load it as users do.
    return notice_kit.load_notice(EXAMPLE)


@pytest.fixture(scope="module")
def package() -> Package:
    return load_example()


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        # CI lays shared/ beside the clone: there a missing seed is a failure, not a skip.
        if os.environ.get("CI"):
            pytest.fail(f"seed text not found: {SEED}")
        pytest.skip(f"seed text not found: {SEED}")
    return SEED.read_text(encoding="utf-8")


def seed_lines(raw: str) -> list[str]:
    """The non-empty lines of the seed with the extraction artefacts undone, and only those."""
    out: list[str] = []
    for raw_line in raw.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        if line == "会议室。" and out and out[-1].endswith("三楼"):
            out[-1] += line  # "三楼\n 会议室。": a line broken by the extraction
            continue
        line = re.sub(r"^(附件\d+)[：:]$", r"\1", line)  # label typed "附件2：", rendered "附件2"
        line = re.sub(r"^(\d+)\. +", r"\1.", line)  # "3. 各地参加学校名单"
        if line.endswith("市直各学校:"):
            line = line[:-1] + "："  # 主送 line ends with a half-width colon
        out.append(line)
    return out


def rendered_lines(text: str) -> list[str]:
    """The non-empty lines of render_text, a table row split into its cells.

    The seed holds a table as one cell per line; render_text joins a row with tabs.
    """
    out: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if line:
            out.extend(cell.strip() for cell in line.split("\t"))
    return out


# ---------------------------------------------------------------- (a) it validates


def test_example_validates(package: Package) -> None:
    assert package.title_text == "关于开展全市青少年生命关爱第三季度复盘与调度工作的通知"
    assert package.notice.header.doc_number == "扬教发〔2024〕96号"
    assert package.notice.signing_authorities == ["扬州市教育局"]
    assert len(package.attachments) == 3


# ---------------------------------------------------------------- (b) round trips


def test_round_trip_through_json_data(package: Package) -> None:
    data = package.model_dump(mode="json")
    again = Package.model_validate(data, context={"base_dir": EXAMPLE_DIR})
    assert again == package
    assert again.model_dump(mode="json") == data


def test_round_trip_through_yaml_text(package: Package) -> None:
    text = yaml.safe_dump(package.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
    again = Package.model_validate(yaml.safe_load(text), context={"base_dir": EXAMPLE_DIR})
    assert again == package
    assert render_text(again) == render_text(package)


# ---------------------------------------------------------------- (c) word for word


def test_every_seed_line_is_rendered(package: Package, seed_text: str) -> None:
    rendered = set(rendered_lines(render_text(package)))
    missing = [line for line in seed_lines(seed_text) if line not in rendered]
    assert missing == []


def test_nothing_rendered_is_invented(package: Package, seed_text: str) -> None:
    seed = set(seed_lines(seed_text))
    extra = {line for line in rendered_lines(render_text(package)) if line not in seed}
    assert extra == NOT_FROM_SOURCE


def test_rendered_in_the_order_of_the_seed(package: Package, seed_text: str) -> None:
    rendered = [
        line for line in rendered_lines(render_text(package)) if line not in NOT_FROM_SOURCE
    ]
    assert rendered == seed_lines(seed_text)


@pytest.mark.parametrize("slip", KEPT_SLIPS)
def test_the_source_slips_are_kept(package: Package, slip: str) -> None:
    assert slip in render_text(package)


def test_values_not_from_the_source_are_marked() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for key in (
        "issuers:",
        "mark_suffix:",
        "doc_number:",
        "date:",
        "cc:",
        "printer:",
        "print_date:",
    ):
        found = [line for line in lines if line.strip().startswith(key)]
        assert found, key
        assert all("# not from the source" in line for line in found), found


def test_body_equals_what_textparse_reads_from_the_seed(package: Package, seed_text: str) -> None:
    lines = seed_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.rstrip().endswith("市直各学校:"))
    end = next(i for i, line in enumerate(lines) if line.startswith("附件："))
    assert parse_body("\n".join(lines[start + 1 : end])) == package.notice.body

    start = next(i for i, line in enumerate(lines) if line.strip() == "省厅三季度分析材料")
    end = next(i for i, line in enumerate(lines) if line.strip().startswith("附件2"))
    document = package.attachments[0]
    assert document.kind == "document"
    assert parse_body("\n".join(lines[start + 1 : end])) == document.body


# ---------------------------------------------------------------- (d) structure


def test_notice_sections(package: Package) -> None:
    levels = list(section_levels(package.notice.body))
    top = [s for s, level in levels if level == 1]
    assert [s.heading for s in top] == ["时间、地点", "参加对象", "会议内容", "其它事项"]
    assert isinstance(package.notice.body[0], Paragraph)  # 为贯彻落实……
    assert all(isinstance(b, Section) for b in package.notice.body[1:])
    assert len([s for s, level in levels if level == 2]) == 11
    assert len(package.notice.addressees) == 5


def test_run_in_headings(package: Package) -> None:
    run_in = [
        (s.heading, s.text) for s, _ in section_levels(package.notice.body) if s.heading and s.text
    ]
    assert run_in == [
        ("时间：", "2024年11月22日14:00。"),
        ("地点：", "扬州市教师发展学院（史可法路199号）三楼会议室。"),
    ]


def test_level_three_items_sit_under_section_three_two(package: Package) -> None:
    level3 = [s for s, level in section_levels(package.notice.body) if level == 3]
    assert len(level3) == 5
    assert all(s.heading is None and s.text for s in level3)
    meeting = package.notice.body[3]
    assert isinstance(meeting, Section) and meeting.heading == "会议内容"
    parent = meeting.children[1]
    assert isinstance(parent, Section)
    assert parent.children == level3
    assert "1．围绕省教育厅下发的" in render_text(package)


def test_attachments(package: Package) -> None:
    kinds = [a.kind for a in package.attachments]
    assert kinds == ["document", "receipt", "list"]
    assert [n.label for n in package.numbered_attachments()] == ["附件1", "附件2", "附件3"]
    assert [a.title for a in package.attachments] == [
        "省厅三季度分析材料",
        "第三季度复盘与调度工作参加人员回执",
        "各地参加学校名单",
    ]


def test_document_attachment(package: Package) -> None:
    document = package.attachments[0]
    assert document.kind == "document"
    levels = list(section_levels(document.body))
    assert [(s.heading, level) for s, level in levels] == [
        ("关于三季度工作成效", 1),
        ("关于工作中的问题和不足", 1),
        ("关于下一步工作", 1),
    ]
    paragraphs = [b for b in walk(document.body) if b.kind == "paragraph"]
    assert len(paragraphs) == 15


def test_receipt(package: Package) -> None:
    receipt = package.attachments[1]
    assert isinstance(receipt, ReceiptForm)
    assert [f.label for f in receipt.fields] == ["单位名称"]
    assert receipt.columns == ["序号", "姓名", "单位及职务", "手机号码"]
    assert receipt.rows == []


def test_school_list(package: Package) -> None:
    schools = package.attachments[2]
    assert isinstance(schools, ListAttachment)
    assert len(schools.items) == 8
    assert schools.items[0] == "邗江中专"
    assert schools.items[-1] == "江都区大桥镇中学"
