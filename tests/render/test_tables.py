"""Tables that read well (issue 10, item 2) and 回执 forms that keep to one page (item 1),
measured on the PDF LibreOffice makes: cell text centred in its row, ID and phone
numbers on one line, the header row in 黑体 repeated on every page, a 回执 on one page
when its rows can shrink to fit, its notes never alone, wide tables on landscape pages
with the page number on the sheet's edge (GB/T 9704-2012 clause 8), and bad input."""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import notice_kit
from notice_kit.errors import DataError, LayoutError
from notice_kit.inspect.pdftext import PageLines, WordLine, read_lines
from notice_kit.layout.profile import MM_PER_PT
from notice_kit.manifest import BuildResult
from notice_kit.render.docx.package import render_package_docx

from ..conftest import minimal_data, needs_libreoffice
from .raster import is_dark, render_page, rows_where, runs

P = notice_kit.GBT9704
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BLOCK_LEFT = P.margin_left_mm
BLOCK_RIGHT = P.margin_left_mm + P.text_width_mm
BLOCK_BOTTOM = P.margin_top_mm + P.text_height_mm
ONE_CHAR = P.page_number_size_pt * MM_PER_PT  # 4号: 4.94 mm
ID = "321002198001011234"
PHONE = "13912345678"
FORM_COLUMNS = ["序号", "姓名", "性别", "职务", "身份证号码", "手机号码"]
WIDE = [f"列{i}" for i in range(1, 11)]
WIDER = [f"项{i}" for i in range(1, 21)]


def form(title: str, rows: int, *, notes: bool = True) -> dict[str, object]:
    data: dict[str, object] = {"kind": "receipt", "title": title, "columns": FORM_COLUMNS,
                               "blank_rows": rows}
    if notes:
        data.update(fields=["单位名称"], deadline="2024-11-19 16:00",
                    contact={"name": "白路", "phone": "87366433"})
    return data


def tables_data() -> dict[str, object]:
    data = minimal_data(body=[
        "现将有关事项通知如下。",
        {"title": "参会人员安排表",
         "columns": ["序号", "姓名", "单位及职务", "身份证号码", "手机号码", "备注"],
         "rows": [[str(i), "张三丰", "扬州市邗江区教育局副局长", ID, PHONE, "住宿"]
                  for i in range(1, 6)]},
        "请各单位认真组织。",
        {"title": "统计表", "columns": WIDE,
         "rows": [[f"{r}{c}" for c in range(10)] for r in range(4)]},
        "以上数据截至10月底。",
    ])
    data["attachments"] = [
        form("二十五行回执", 25, notes=False),
        form("六十行回执", 60),
        form("二百行回执", 200),
        {"kind": "document", "title": "二十列统计表",
         "body": ["说明如下。", {"columns": WIDER,
                               "rows": [[str(r * 100 + c) for c in range(20)]
                                        for r in range(3)]}]},
    ]
    return data


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    needs_libreoffice()
    package = notice_kit.package_from_data(tables_data())
    return notice_kit.build_package(package, tmp_path_factory.mktemp("tables") / "out")


@pytest.fixture(scope="module")
def pages(build: BuildResult) -> list[PageLines]:
    return read_lines(build.path("package", "pdf"))


def part_pages(build: BuildResult, pages: list[PageLines], number: int) -> list[PageLines]:
    part = build.manifest.parts[number]
    return pages[part.first_page - 1:part.last_page]


def page_with(pages: list[PageLines], text: str) -> PageLines:
    return next(p for p in pages if any(text in ln.text for ln in p.lines))


def row_numbers(page: PageLines) -> list[int]:
    """The 序号 numbers on a page (a line holding only digits, left of the block's middle)."""
    return [int(ln.text) for ln in page.lines
            if ln.text.isdigit() and ln.x1 < BLOCK_LEFT + 30 and ln.bottom < BLOCK_BOTTOM]


def has_header(page: PageLines) -> bool:
    """Tell whether the page shows the form's header row (its cells side by side)."""
    tops: dict[float, list[str]] = {}
    for ln in page.lines:
        tops.setdefault(round(ln.top, 1), []).append(ln.text)
    return any(cells == FORM_COLUMNS for cells in tops.values())


def docx_root(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


# -- cells ------------------------------------------------------------------------------------


def test_cell_text_is_centred_between_the_row_rules(build: BuildResult,
                                                    pages: list[PageLines]) -> None:
    """Cell text clears the rules and sits in the middle of its row (it once sat on the
    bottom rule): the ink of the 姓名 column, header (黑体) and body rows alike."""
    page = page_with(pages, "参会人员安排表")
    image = render_page(build.path("package", "pdf"), page.number)
    caption = next(ln for ln in page.lines if ln.text == "参会人员安排表")
    dark = rows_where(image, is_dark, x_mm=(BLOCK_LEFT + 1, BLOCK_RIGHT - 1),
                      y_mm=(caption.bottom, BLOCK_BOTTOM), min_run_mm=P.text_width_mm * 0.9)
    rules = [a for a, _ in runs(dark)]
    assert len(rules) >= 3  # the header row and at least one row (the rest may go over)
    name = next(w for ln in page.lines for w in ln.words if w.text == "张三丰")
    for top, bottom in itertools.pairwise(rules):
        ink = rows_where(image, is_dark, x_mm=(name.x0 + 0.3, name.x1 - 0.3),
                         y_mm=(top + 0.4, bottom - 0.2))
        above, below = ink[0] - top, bottom - ink[-1]
        assert above > 1.0 and below > 1.0, (top, bottom, ink[0], ink[-1])
        assert abs(above - below) < 1.0, (top, bottom, ink[0], ink[-1])


def test_id_and_phone_numbers_stay_on_one_line(build: BuildResult,
                                               pages: list[PageLines]) -> None:
    """An 18-digit 身份证号码 column has room for its digits, a phone column for 11; the
    序号 column is narrow; text columns share the rest and wrap."""
    words = [w.text for page in part_pages(build, pages, 0) for ln in page.lines
             for w in ln.words]
    assert words.count(ID) == 5 and words.count(PHONE) == 5
    root = docx_root(build.path("package", "docx"))
    table = next(t for t in root.iter(f"{W}tbl") if "参会人员安排表" not in
                 "".join(t.itertext()) and ID in "".join(t.itertext()))
    grid = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
    pad = 2 * round(P.table_cell_margin_x_mm * 1440 / 25.4)
    size = P.table_sizes_pt[0]
    assert grid[3] >= 18 * size / 2 * 20 + pad
    assert grid[4] >= 11 * size / 2 * 20 + pad
    assert grid[0] < grid[1] < grid[2]


def test_header_row_is_hei_and_marked_to_repeat(build: BuildResult) -> None:
    root = docx_root(build.path("package", "docx"))
    for table in root.iter(f"{W}tbl"):
        rows = table.findall(f"{W}tr")
        if rows[0].find(f"{W}trPr/{W}tblHeader") is None:
            continue  # a layout grid (the letterhead), not a data table
        fonts = {f.get(f"{W}eastAsia") for f in rows[0].iter(f"{W}rFonts")}
        assert fonts == {P.fonts.hei}
        assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
        height = rows[1].find(f"{W}trPr/{W}trHeight")
        assert height.get(f"{W}hRule") == "atLeast"


# -- 回执 on one page, or continued ------------------------------------------------------------


def test_25_row_form_sits_on_one_page(build: BuildResult, pages: list[PageLines]) -> None:
    """25 blank rows shrink (12 mm → ≥ 7 mm) so the form takes one page."""
    (page,) = part_pages(build, pages, 1)
    assert row_numbers(page) == list(range(1, 26))
    root = docx_root(build.path("attachment", "docx", 1))
    heights = {int(h.get(f"{W}val")) for h in root.iter(f"{W}trHeight")}
    (height,) = heights
    assert round(P.receipt_row_min_mm * 1440 / 25.4) <= height < round(
        P.receipt_row_height_mm * 1440 / 25.4)


def test_60_row_form_continues_under_its_repeated_header(build: BuildResult,
                                                         pages: list[PageLines]) -> None:
    """More rows than fit: the form runs on, each page opening with the header row, the
    rows in order, the notes on the page of the last rows."""
    form_pages = part_pages(build, pages, 2)
    assert len(form_pages) >= 3
    assert all(has_header(p) for p in form_pages)
    numbers = [n for p in form_pages for n in row_numbers(p)]
    assert numbers == list(range(1, 61))
    last = form_pages[-1]
    assert len(row_numbers(last)) >= 2
    assert any("联系人" in ln.text for ln in last.lines)


def test_200_row_form_lays_out_over_several_pages(build: BuildResult,
                                                  pages: list[PageLines]) -> None:
    form_pages = part_pages(build, pages, 3)
    assert len(form_pages) >= 10
    assert all(has_header(p) for p in form_pages)
    assert [n for p in form_pages for n in row_numbers(p)] == list(range(1, 201))
    assert len(row_numbers(form_pages[-1])) >= 2
    assert any("联系人" in ln.text for ln in form_pages[-1].lines)


def test_notes_never_stand_alone(tmp_path: Path) -> None:
    """Forms of 14 to 31 rows (every way the last page can fill up at 12 mm rows): the
    deadline and contact lines always share their page with rows of the form."""
    needs_libreoffice()
    data = minimal_data()
    data["attachments"] = [form(f"回执{n}", n) for n in range(14, 32)]
    build = notice_kit.build_package(notice_kit.package_from_data(data), tmp_path / "out")
    pages = read_lines(build.path("package", "pdf"))
    for part in build.manifest.parts[1:]:
        (notes,) = [p for p in pages[part.first_page - 1:part.last_page]
                    if any("联系人" in ln.text for ln in p.lines)]
        assert len(row_numbers(notes)) >= 2, part.label


# -- landscape ---------------------------------------------------------------------------------


def number_words(page: PageLines) -> list[WordLine]:
    """The page number's pieces on a landscape page: turned text at the sheet's bottom edge
    (the page's left), read as separate short lines."""
    return [ln for ln in page.lines if ln.x1 < P.margin_bottom_mm - 2]


def test_wide_tables_take_landscape_pages_numbered_on_the_sheet_edge(
        build: BuildResult, pages: list[PageLines]) -> None:
    """Clause 8: a 10-column and a 20-column table each on a landscape page, the table's
    head at the binding edge; the page number stays where the portrait pages have it —
    the dash 7 mm below the (turned) block, i.e. 28 mm from the page's left edge; odd
    numbers at the sheet's right (page's bottom), even at its left (page's top), one
    character in from the block."""
    landscape = [p for p in pages if p.width > p.height]
    assert {p.number for p in landscape} == {page_with(pages, "统计表").number,
                                             page_with(pages, "项20").number}
    for page in landscape:
        pieces = number_words(page)
        assert "".join(ln.text for ln in sorted(pieces, key=lambda ln: ln.top)) == (
            f"—{page.number}—")
        middle = sum((ln.x0 + ln.x1) / 2 for ln in pieces) / len(pieces)
        dash_from_sheet_bottom = P.margin_bottom_mm - P.page_number_gap_mm
        assert abs(middle - dash_from_sheet_bottom) < 1.0
        top, bottom = min(ln.top for ln in pieces), max(ln.bottom for ln in pieces)
        if page.number % 2:
            assert abs(bottom - (P.margin_left_mm + P.text_width_mm - ONE_CHAR)) < 0.8
        else:
            assert abs(top - (P.margin_left_mm + ONE_CHAR)) < 0.8
        # The table inside the turned block.
        body = [ln for ln in page.lines if ln not in pieces]
        assert min(ln.x0 for ln in body) >= P.margin_bottom_mm - 0.5
        assert max(ln.x1 for ln in body) <= P.margin_bottom_mm + P.text_height_mm + 0.5
        assert min(ln.top for ln in body) >= P.margin_left_mm - 0.5
    # Text after a landscape table goes on on a portrait page, numbered as usual.
    after = page_with(pages, "以上数据截至10月底")
    assert after.width < after.height
    assert after.number == page_with(pages, "统计表").number + 1
    # A document attachment holding a wide table turns as a whole: its label, title and
    # text stand on the landscape page with the table, not alone on a portrait one.
    table_page = page_with(pages, "项20")
    assert any(ln.text == "附件4" for ln in table_page.lines)
    assert any("说明如下" in ln.text for ln in table_page.lines)


def test_twenty_columns_step_down_to_a_smaller_size(build: BuildResult,
                                                   pages: list[PageLines]) -> None:
    page = page_with(pages, "项20")
    words = [w for ln in page.lines for w in ln.words]
    first = next(w for w in words if w.text.startswith("项1"))
    # Every heading on one line: all on the first one's line (a wrapped cell would
    # centre two lines, its pieces higher and lower).
    heads = sorted((w for w in words if abs(w.top - first.top) < 0.5 and w.x0 > 30),
                   key=lambda w: w.x0)
    assert "".join(w.text for w in heads) == "".join(WIDER)
    assert page.width > page.height
    root = docx_root(build.path("attachment", "docx", 4))
    (table,) = root.iter(f"{W}tbl")
    sizes = {int(s.get(f"{W}val")) for s in table.iter(f"{W}sz")}
    assert max(sizes) / 2 < P.table_sizes_pt[0]
    assert min(sizes) / 2 >= P.table_sizes_pt[-1]


# -- bad input --------------------------------------------------------------------------------


def test_too_many_columns_name_the_field() -> None:
    data = minimal_data(body=["见下表。", {"columns": [f"第{i}项指标" for i in range(40)]}])
    package = notice_kit.package_from_data(data)
    with pytest.raises(LayoutError, match=re.escape("notice.body[1].columns")):
        render_package_docx(package)
    data = minimal_data()
    data["attachments"] = [{"title": "回执", "columns": [f"第{i}项指标" for i in range(40)]}]
    with pytest.raises(LayoutError, match=re.escape("attachments[0].columns")):
        render_package_docx(notice_kit.package_from_data(data))


@pytest.mark.parametrize(("widths", "where"), [([1, 2], "widths"), ([1, 0, 2], "widths[1]"),
                                              ([1, -1, 2], "widths[1]")])
def test_bad_widths_name_the_field(widths: list[float], where: str) -> None:
    columns = ["序号", "姓名", "身份证号码"]
    data = minimal_data(body=[{"columns": columns, "widths": widths}])
    with pytest.raises(DataError, match=re.escape(f"notice.body[0].{where}")):
        notice_kit.package_from_data(data)
    data = minimal_data()
    data["attachments"] = [{"title": "回执", "columns": columns, "widths": widths}]
    with pytest.raises(DataError, match=re.escape(f"attachments[0].{where}")):
        notice_kit.package_from_data(data)


def test_widths_are_relative_and_fill_the_block() -> None:
    data = minimal_data(body=[{"columns": ["甲", "乙", "丙"], "widths": [1, 2, 1]}])
    data["attachments"] = [{"title": "回执", "columns": ["甲", "乙"], "widths": [3, 1]}]
    package = notice_kit.package_from_data(data)
    root = etree.fromstring(zipfile.ZipFile(
        __import__("io").BytesIO(render_package_docx(package).data)).read("word/document.xml"))
    tables = [t for t in root.iter(f"{W}tbl") if t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None]
    grids = [[int(c.get(f"{W}w")) for c in t.iter(f"{W}gridCol")] for t in tables]
    block = round(P.text_width_mm * 1440 / 25.4)
    assert [sum(g) for g in grids] == [block, block]
    assert abs(grids[0][1] / grids[0][0] - 2) < 0.01 and abs(grids[1][0] / grids[1][1] - 3) < 0.01
