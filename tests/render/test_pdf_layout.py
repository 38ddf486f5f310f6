"""The PDF LibreOffice makes of the merged .docx, measured: grid, characters per line, the
header block, page numbers, attachment pages and the 版记 (GB/T 9704-2012)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import notice_kit
from notice_kit.inspect.pdftext import PageLines, read_lines
from notice_kit.layout.metrics import text_width
from notice_kit.manifest import BuildResult
from notice_kit.models import Package

from ..conftest import minimal_data, needs_libreoffice
from .raster import is_dark, is_red, render_page, rows_where, runs

P = notice_kit.GBT9704
BLOCK_TOP = P.margin_top_mm
BLOCK_BOTTOM = P.margin_top_mm + P.text_height_mm
BLOCK_LEFT = P.margin_left_mm
BLOCK_RIGHT = P.margin_left_mm + P.text_width_mm
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


@pytest.fixture(scope="module")
def pdf(seed_build: BuildResult) -> Path:
    return seed_build.path("package", "pdf")


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[PageLines]:
    return read_lines(pdf)


def body_lines(page: PageLines) -> list[object]:
    return [ln for ln in page.lines if ln.bottom <= BLOCK_BOTTOM + 0.5]


def test_full_pages_have_22_lines_filling_the_block(pages: list[PageLines],
                                                   seed_build: BuildResult) -> None:
    """Digest 'Units and page': 22 lines a page, filling the 225 mm block."""
    briefing = seed_build.manifest.parts[1]
    inner = range(briefing.first_page + 1, briefing.last_page)  # pages with no heading gaps
    assert len(inner) >= 3
    for number in inner:
        lines = body_lines(pages[number - 1])
        assert len(lines) == 22, number
        assert lines[0].top - BLOCK_TOP < 4  # type: ignore[attr-defined]
        assert 0 <= BLOCK_BOTTOM - lines[-1].bottom < 1.5  # type: ignore[attr-defined]


def test_full_lines_have_28_characters(pages: list[PageLines]) -> None:
    """28 characters a line, the block's full width; a line ends early only where a
    closing mark may not start the next line (kinsoku), never later."""
    full = [ln for page in pages for ln in body_lines(page)
            if abs(ln.x0 - BLOCK_LEFT) < 0.3 and BLOCK_RIGHT - ln.x1 < 3]  # type: ignore[attr-defined]
    widths = [text_width(ln.text) for ln in full]  # type: ignore[attr-defined]
    assert len(widths) > 100
    assert max(widths) <= 28
    assert sum(1 for w in widths if w >= 27.5) / len(widths) > 0.8
    assert all(ln.x1 <= BLOCK_RIGHT + 0.5 for ln in full)  # type: ignore[attr-defined]


def test_no_character_is_lost(pdf: Path, seed_package: Package) -> None:
    """Every character of every paragraph reaches the PDF (LibreOffice once dropped a
    comma in column 29)."""
    pages = read_lines(pdf)
    text = "".join(ln.text for page in pages for ln in page.lines
                   if not PAGE_NUMBER.match(ln.text))
    squeezed = re.sub(r"\s", "", text)
    for line in notice_kit.render_text(seed_package).splitlines():
        line = re.sub(r"\s", "", line)
        if line:
            assert line in squeezed, line


def test_page_numbers_sit_outside_7mm_below_the_block(pages: list[PageLines]) -> None:
    """7.5: "— N —" 7 mm below the block, odd pages right and even pages left, one
    character (4号, 4.94 mm) in from the edge of the block."""
    one_char = P.page_number_size_pt * 25.4 / 72
    seen = 0
    for page in pages:
        numbers = [ln for ln in page.lines if PAGE_NUMBER.match(ln.text)]
        if not numbers:
            continue
        (number,) = numbers
        assert int(re.sub(r"\D", "", number.text)) == page.number
        assert abs(number.middle_y - (BLOCK_BOTTOM + 7)) < 1.0
        if page.number % 2:
            assert abs(number.x1 - (BLOCK_RIGHT - one_char)) < 0.8
        else:
            assert abs(number.x0 - (BLOCK_LEFT + one_char)) < 0.8
        seen += 1
    assert seen >= len(pages) - 1


def test_mark_top_is_35mm_below_the_block_and_rule_4mm_below_the_number(pdf: Path) -> None:
    """7.2.4: the mark's top edge 35 mm below the top of the block (red ink measured);
    7.2.7: the red rule 4 mm below the 发文字号, as wide as the block."""
    image = render_page(pdf, 1)
    red = runs(rows_where(image, is_red))
    mark, rule = red[0], red[-1]
    assert abs(mark[0] - (BLOCK_TOP + 35)) < 1.0
    rule_rows = rows_where(image, is_red, y_mm=(rule[0] - 0.1, rule[1] + 0.1),
                           min_run_mm=P.text_width_mm * 0.95)
    assert rule_rows, "the rule spans the block's width"
    number_ink = rows_where(image, is_dark, x_mm=(60, 150), y_mm=(mark[1] + 5, rule[0]))
    assert abs(rule[0] - number_ink[-1] - 4) < 0.8


def test_title_two_lines_below_the_rule_then_body_on_the_grid(pages: list[PageLines]) -> None:
    """7.3.1: title centred, two blank lines below the rule; the body on page 1 keeps the
    grid of every page (its lines start at whole line pitches)."""
    first = pages[0].lines
    title = [ln for ln in first if ln.text.startswith(("关于开展", "第三季度"))]
    assert len(title) == 2
    for ln in title:
        assert abs(ln.centre_x - (BLOCK_LEFT + BLOCK_RIGHT) / 2) < 1.0
    pitch = P.line_pitch_pt * 25.4 / 72
    body = [ln for ln in first if ln.top > title[-1].bottom and ln.bottom < BLOCK_BOTTOM]
    reference = pages[1].lines[0].top
    for ln in body:
        offset = (ln.top - reference) / pitch
        assert abs(offset - round(offset)) < 0.05, ln.text


def test_signature_and_date_positions(pages: list[PageLines], seed_build: BuildResult) -> None:
    """7.3.5.2 (unsealed, date longer than the name): the date ends two characters in
    from the right edge of the block; the name starts two characters left of the date."""
    two = 2 * P.char_pitch_pt * 25.4 / 72
    notice_end = pages[seed_build.manifest.parts[0].last_page - 1].lines
    name = next(ln for ln in notice_end if ln.text == "扬州市教育局")
    date = next(ln for ln in notice_end if ln.text == "2024年10月28日")
    assert abs(date.x1 - (BLOCK_RIGHT - two)) < 1.0
    assert abs((date.x0 - name.x0) - two) < 1.0
    assert date.top > name.top


def test_attachment_pages_label_line_1_title_line_3(pages: list[PageLines],
                                                   seed_build: BuildResult) -> None:
    """7.3.7: "附件N" flush left on line 1, the title centred on line 3."""
    pitch = P.line_pitch_pt * 25.4 / 72
    for part in seed_build.manifest.parts[1:]:
        lines = pages[part.first_page - 1].lines
        label, title = lines[0], lines[1]
        assert label.text == part.label
        assert abs(label.x0 - BLOCK_LEFT) < 0.3 and label.top - BLOCK_TOP < 4
        assert title.text == part.title
        assert abs(title.centre_x - (BLOCK_LEFT + BLOCK_RIGHT) / 2) < 1.0
        assert 1.6 < (title.top - label.top) / pitch < 2.4


def test_colophon_last_rule_meets_the_block_bottom_on_an_even_page(
    pdf: Path, pages: list[PageLines]
) -> None:
    """7.4: 版记 on the last page, its last rule on the bottom edge of the block; the last
    page is even (the back of the sheet)."""
    last = pages[-1]
    assert last.number % 2 == 0
    texts = [ln.text for ln in last.lines]
    assert "抄送：江苏省教育厅。" in texts
    image = render_page(pdf, last.number)
    rules = runs(rows_where(image, is_dark, y_mm=(200, BLOCK_BOTTOM + 3),
                            min_run_mm=P.text_width_mm * 0.95))
    assert len(rules) == 3  # thick, thin, thick
    assert abs(rules[-1][1] - BLOCK_BOTTOM) < 1.0


def test_colophon_alone_on_an_even_page_has_no_page_number(tmp_path: Path) -> None:
    """7.5: content ending on page 1 (odd) puts the 版记 alone on page 2, unnumbered."""
    needs_libreoffice()
    data = minimal_data()
    data["notice"]["colophon"] = {"printer": "扬州市教育局办公室", "print_date": "2024-10-25"}  # type: ignore[index]
    result = notice_kit.build_package(notice_kit.package_from_data(data), tmp_path / "o")
    pages = read_lines(result.path("package", "pdf"))
    assert len(pages) == 2
    assert [ln.text for ln in pages[1].lines] == ["扬州市教育局办公室", "2024年10月25日印发"]
    assert not any(PAGE_NUMBER.match(ln.text) for ln in pages[1].lines)
    assert any(PAGE_NUMBER.match(ln.text) for ln in pages[0].lines)
