"""GB/T 9704-2012 7.3.1 on the real PDF: a title with digits breaks where notice_kit chose,
not again inside LibreOffice (which adds CJK/Latin spacing around "2024"): before that was
counted, a 20-cell title came out as "…统计数据的通" and "知" alone on a line."""

from __future__ import annotations

from pathlib import Path

import pytest

import notice_kit
from notice_kit.inspect.pdftext import read_lines

from ..conftest import minimal_data, needs_libreoffice

TITLES = ["关于做好2025年全市中小学校开学工作的通知", "关于报送2024年度教育信息化统计数据的通知"]


@pytest.mark.parametrize("title", TITLES)
def test_title_lines_in_the_pdf_are_the_chosen_lines(title: str, tmp_path: Path) -> None:
    needs_libreoffice()
    result = notice_kit.build_package(notice_kit.package_from_data(minimal_data(title=title)),
                                      tmp_path / "out", formats=["pdf"])
    lines = read_lines(result.path("package", "pdf"), 1, 1)[0].lines
    # The title is set in 22 pt: its lines are the ones taller than body lines.
    title_lines = [ln.text.replace(" ", "") for ln in lines if ln.bottom - ln.top > 7.5]
    assert "".join(title_lines).endswith(title), title_lines
    got = [t for t in title_lines if t in title]
    assert len(got) == 2 and min(len(t) for t in got) >= 8, got
