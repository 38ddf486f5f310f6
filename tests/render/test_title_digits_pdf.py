"""GB/T 9704-2012 7.3.1 on the real PDF: a title breaks where notice_kit chose, not again
inside LibreOffice.  Before digits took their CJK/Latin spacing into account, a 20-cell
title came out as "…统计数据的通" and "知" alone on a line; before Latin letters took their
width in the title face, "…一般国际会议计划" and "表.doc"."""

from __future__ import annotations

from pathlib import Path

import pytest

import notice_kit
from notice_kit.inspect.pdftext import read_lines
from notice_kit.layout.profile import MM_PER_PT
from notice_kit.layout.titles import break_title

from ..conftest import minimal_data, needs_libreoffice

P = notice_kit.GBT9704
TITLES = [
    "关于做好2025年全市中小学校开学工作的通知",
    "关于报送2024年度教育信息化统计数据的通知",
    "2010年度拟申办及在华举办（含承办、合办等）一般国际会议计划表.doc",
    "教育管理信息系统V5.0升级操作指南（User Guide v5.0.2）的通知",
]


@pytest.mark.parametrize("title", TITLES)
def test_title_lines_in_the_pdf_are_the_chosen_lines(title: str, tmp_path: Path) -> None:
    needs_libreoffice()
    result = notice_kit.build_package(notice_kit.package_from_data(minimal_data(title=title)),
                                      tmp_path / "out", formats=["pdf"])
    lines = read_lines(result.path("package", "pdf"), 1, 1)[0].lines
    # The title is set in 22 pt: its lines are the ones taller than body lines, after the
    # red mark (which is taller still, and first).
    tall = [ln.text.replace(" ", "") for ln in lines if 8.5 < ln.bottom - ln.top < 15]
    chosen = break_title(title, max_width=P.text_width_mm / MM_PER_PT / P.title_size_pt)
    assert tall[-len(chosen):] == [line.replace(" ", "") for line in chosen], (tall, chosen)


def test_the_issuers_names_are_never_broken_in_the_title() -> None:
    """A joint notice's title begins with the three names: "某市 / 体育局" tore one."""
    names = ["某市教育局", "某市卫生健康委员会", "某市体育局"]
    title = "".join(names) + "关于开展2025年春季学期学生常见病和健康影响因素监测工作的通知"
    lines = break_title(title, max_width=20.1, keep_whole=names)
    assert all(any(n in line for line in lines) for n in names), lines
