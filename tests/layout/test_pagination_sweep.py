"""Pagination sweep (issue: every notice shape): grow a notice's body one line at a time
through a whole page and, at every length, check on the real LibreOffice PDF that

- the 署名 page carries text of the body above the 署名 (GB/T 9704-2012 7.3.5);
- the 附件说明 is one block on one page (7.3.4);
- the 成文日期 is on the 署名's page (7.3.5);
- the build reports no pagination fault in its manifest.

The oracle here reads the PDF on its own terms (it looks for the sweep's own marker text),
independently of notice_kit's pagination verifier, which it also holds to account.
Slow (about seventy builds through one warm LibreOffice): marked ``slow``; CI runs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import notice_kit
from notice_kit.convert.unoserver import WarmConverter
from notice_kit.inspect.pdftext import read_lines
from notice_kit.manifest import BuildResult

from ..conftest import make_seal, minimal_data, needs_libreoffice

pytestmark = pytest.mark.slow

# 26 characters: with the two-character indent, exactly one full line of 28.
LINE = "这是用于测试分页的正文内容每行正好二十六个字符吧吧。"
MARK = "这是用于测试分页"
LAST = "最后一段" + "正文用来检验一个多行的段落在页面底部被拆开时的情形" * 3 + "。"
ATTACHMENTS = [{"title": f"第{i}个附件的标题", "body": ["附件内容。"]} for i in (1, 2, 3)]
ISSUERS = ["扬州市教育局", "扬州市财政局", "扬州市卫生健康委员会"]


def one_line_body(n: int) -> dict[str, object]:
    data = minimal_data(body=[LINE] * n)
    data["attachments"] = ATTACHMENTS
    return data


def long_last_paragraph(n: int) -> dict[str, object]:
    data = minimal_data(body=[LINE] * n + [LAST])
    data["attachments"] = ATTACHMENTS
    return data


def joint_with_headings(n: int) -> dict[str, object]:
    return minimal_data(
        header={"issuers": ISSUERS, "doc_number": "扬教发〔2024〕8号"},
        body=[{"heading": "工作要求", "children": [LINE] * n},
              {"heading": "联系方式", "text": "请各地按时报送。"}],
        note="联系人：王五；联系电话：87366433",
        colophon={"cc": ["江苏省教育厅"], "printer": "扬州市教育局办公室",
                  "print_date": "2024-10-25"},
    )


def joint_sealed(n: int, seals: list[str]) -> dict[str, object]:
    data = minimal_data(header={"issuers": ISSUERS, "doc_number": "扬教发〔2024〕8号"},
                        body=[LINE] * n, seal=seals)
    data["attachments"] = ATTACHMENTS[:2]
    return data


def long_table_last(n: int) -> dict[str, object]:
    """The body ends with a 30-row table running over a page: LibreOffice ignores
    keep-with-next on a table's last row, so the build carries its last rows over."""
    table = {"columns": ["序号", "学校", "人数"],
             "rows": [[str(i), f"第{i}学校", "3"] for i in range(1, 31)]}
    data = minimal_data(body=[LINE] * n + [table])
    data["attachments"] = ATTACHMENTS
    return data


def heading_walks_down(n: int) -> dict[str, object]:
    """A heading alone on its line (二、…) walks down through the foot of page 2."""
    data = minimal_data(body=[{"heading": "工作背景", "children": [LINE] * n},
                              {"heading": "工作要求", "children": [LAST]}])
    data["attachments"] = ATTACHMENTS
    return data


SHAPES = {
    # Page 1 holds about nine body lines under the 版头; 9–31 walks the end of the body
    # through the whole of page 2 and onto page 3.
    "one-line paragraphs, 3 attachments": (one_line_body, range(9, 32)),
    "a four-line last paragraph, 3 attachments": (long_last_paragraph, range(5, 28)),
    "joint issue, headings, 附注, 版记": (joint_with_headings, range(7, 30)),
    "joint issue sealed by three, 2 attachments": (joint_sealed, range(5, 28)),
    "a 30-row table ending the body, 3 attachments": (long_table_last, range(0, 23)),
    "a heading alone walking down page 2": (heading_walks_down, range(20, 43)),
}


@pytest.fixture(scope="module")
def warm() -> Iterator[WarmConverter]:
    needs_libreoffice()
    with WarmConverter() as conv:
        yield conv


def _texts(pdf: Path) -> list[tuple[int, str]]:
    return [(page.number, line.text.replace(" ", "")) for page in read_lines(pdf)
            for line in page.lines if not line.spaced_text.startswith("—")]


def sweep_faults(result: BuildResult) -> list[str]:
    """What the oracle finds wrong with one build of the sweep."""
    package_pdf = result.path("package", "pdf")
    notice_pages = next(p for p in result.manifest.parts if p.role == "notice")
    lines = [(page, text) for page, text in _texts(package_pdf)
             if page <= notice_pages.last_page]
    names = [i for i, (_, t) in enumerate(lines) if t in ISSUERS[:1]]
    dates = [i for i, (_, t) in enumerate(lines) if t == "2024年10月25日"]
    assert names and dates, lines[-8:]
    s, d = names[-1], dates[-1]
    faults = []
    sign_page = lines[s][0]
    if lines[d][0] != sign_page:
        faults.append(f"date on page {lines[d][0]}, 署名 on {sign_page}")
    if not any(page == sign_page and (MARK in text or text.startswith(("最后一段", "正文", "二、"))
                                      or re.fullmatch(r"第\d+学校", text) is not None)
               for page, text in lines[:s]):
        faults.append(f"署名 alone on page {sign_page}")
    note = [page for page, text in lines[:s]
            if text.startswith("附件：") or (text[:2] in ("2.", "3.") and "附件的标题" in text)]
    if len(set(note)) > 1:
        faults.append(f"附件说明 split over pages {sorted(set(note))}")
    faults += [f"manifest: {w}" for w in result.manifest.warnings]
    return faults


@pytest.mark.parametrize("shape", list(SHAPES))
def test_pagination_rules_hold_at_every_body_length(shape: str, warm: WarmConverter,
                                                    tmp_path: Path) -> None:
    make, lengths = SHAPES[shape]
    extra: tuple[list[str], ...] = ()
    if make is joint_sealed:
        extra = ([str(make_seal(tmp_path / f"seal{i}.png")) for i in range(3)],)
    found = {}
    for n in lengths:
        package = notice_kit.package_from_data(make(n, *extra))  # type: ignore[operator]
        result = notice_kit.build_package(package, tmp_path / f"n{n}", formats=["pdf"],
                                          converter=warm)
        if faults := sweep_faults(result):
            found[n] = faults
    assert not found, found
