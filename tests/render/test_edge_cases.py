"""Edge cases of whole packages, .docx and PDF: titles too long, 200 attachments, a 12-column
回执, characters outside GB 2312, the sealed layout, joint issuing, 上行文 with 签发人, the
stacked 份号/密级/紧急程度, .docx files LibreOffice opens, and hostile text.

LibreOffice is slow, so each package that needs a PDF is built once per module and serves
several tests; the conversions of item 9 run side by side.  Known defects are marked
``xfail(strict=True)`` with the function that misbehaves named in the reason.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
import yaml
from lxml import etree
from PIL import Image
from pypdf import PdfReader

import notice_kit
from notice_kit.convert import convert_to_pdf
from notice_kit.inspect.pdftext import Word, read_word_lines
from notice_kit.layout.metrics import is_gb2312, text_width
from notice_kit.manifest import BuildResult
from notice_kit.models import chinese_date
from notice_kit.render.docx.xml import PPR_ORDER, RPR_ORDER

from ..conftest import make_seal, minimal_data, needs_libreoffice
from .raster import MM_PER_PX, is_dark, is_red, render_page, rows_where, runs

P = notice_kit.GBT9704
BLOCK_TOP = P.margin_top_mm
BLOCK_BOTTOM = P.margin_top_mm + P.text_height_mm
BLOCK_LEFT = P.margin_left_mm
BLOCK_RIGHT = P.margin_left_mm + P.text_width_mm
CHAR_MM = P.char_pitch_pt * 25.4 / 72  # one body character cell on the line
PITCH_MM = P.line_pitch_pt * 25.4 / 72
BLOCK_TWIPS = round(P.text_width_mm * 1440 / 25.4)  # 8844

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PAGE_NUMBER_WORD = re.compile(r"^[—\-\d]+$")


def chars_twips(n: float) -> int:
    """``n`` body character cells in twips, as the renderer counts them."""
    return round(n * P.char_pitch_pt * 20)


# -- reading PDFs ------------------------------------------------------------------------------


def pdf_words(pdf: Path, first: int | None = None, last: int | None = None) -> list[Word]:
    """Every word of ``pdf`` (pages ``first``–``last``; ``first`` alone: that page) with its box."""
    if first is not None and last is None:
        last = first
    return [word for page in read_word_lines(pdf, first, last) for line in page for word in line.words]


def pdf_rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped into visual rows (tops within 1.5 mm), each row left to right."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.page, w.top, w.x0)):
        if rows and rows[-1][0].page == word.page and abs(word.top - rows[-1][0].top) < 1.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def row_text(row: list[Word]) -> str:
    return "".join(w.text for w in row)


def char_boxes(word: Word) -> Iterator[tuple[str, tuple[float, float, float, float]]]:
    """Each character of a word of full-width characters with its cell (mm)."""
    step = (word.x1 - word.x0) / max(len(word.text), 1)
    for i, ch in enumerate(word.text):
        yield ch, (word.x0 + i * step, word.top, word.x0 + (i + 1) * step, word.bottom)


def looks_like_a_box(image: Image.Image, cell: tuple[float, float, float, float]) -> bool:
    """Tell whether the ink in ``cell`` (mm) is a hollow rectangle: a missing-glyph box.

    A box has ink along all four edges of its ink bounds; a real character (even 口-like
    ones such as 𠮷) does not have all four edges closed from corner to corner.
    """
    x0, y0, x1, y1 = (round(v / MM_PER_PX) for v in cell)
    px = image.load()
    ink = {(x, y) for x in range(x0, x1) for y in range(y0, y1) if sum(px[x, y]) < 600}  # type: ignore[index]
    if not ink:
        return False
    ax0, ax1 = min(x for x, _ in ink), max(x for x, _ in ink)
    ay0, ay1 = min(y for _, y in ink), max(y for _, y in ink)

    def column(x: int) -> float:
        return sum((x, y) in ink for y in range(ay0, ay1 + 1)) / (ay1 - ay0 + 1)

    def row(y: int) -> float:
        return sum((x, y) in ink for x in range(ax0, ax1 + 1)) / (ax1 - ax0 + 1)

    band = 3
    edges = [
        max(column(x) for x in range(ax0, ax0 + band)),
        max(column(x) for x in range(ax1 - band + 1, ax1 + 1)),
        max(row(y) for y in range(ay0, ay0 + band)),
        max(row(y) for y in range(ay1 - band + 1, ay1 + 1)),
    ]
    return min(edges) > 0.9


def font_covers(ch: str) -> bool:
    """Whether any installed face (fontconfig, as LibreOffice sees them) has ``ch``."""
    out = subprocess.run(["fc-list", f":charset={ord(ch):x}", "family"], capture_output=True,
                         text=True, timeout=60, check=False).stdout
    return bool(out.strip())


# -- reading .docx files -----------------------------------------------------------------------


# The style sheet of each document read, by its root element: a run's face is resolved
# through its paragraph's style and the document defaults, as Word resolves it.
_STYLE_SHEETS: dict[etree._Element, etree._Element] = {}


def docx_xml(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read(part))
        _STYLE_SHEETS[root] = etree.fromstring(zf.read("word/styles.xml"))
        return root


def run_text(run: etree._Element) -> str:
    """The text of a run as Word shows it: w:t, a tab for w:tab, a line break for w:br."""
    out = []
    for el in run.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        out.append(el.text or "" if el.tag == f"{W}t" else "\t" if el.tag == f"{W}tab" else "\n")
    return "".join(out)


def run_font(run: etree._Element) -> str | None:
    """The East-Asian face a run gets: its own, else its paragraph style's (and that
    style's bases'), else the document defaults'."""
    levels = [run.find(f"{W}rPr")]
    styles = _STYLE_SHEETS.get(run.getroottree().getroot())
    if styles is not None:
        by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
        para = next(run.iterancestors(f"{W}p"), None)
        ref = para.find(f"{W}pPr/{W}pStyle") if para is not None else None
        style_id = ref.get(f"{W}val") if ref is not None else "Normal"
        while style_id in by_id:
            levels.append(by_id[style_id].find(f"{W}rPr"))
            based = by_id[style_id].find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        levels.append(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    for rpr in levels:
        fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
        if fonts is not None and fonts.get(f"{W}eastAsia"):
            return fonts.get(f"{W}eastAsia")
    return None


def para_text(p: etree._Element) -> str:
    return "".join(run_text(r) for r in p.iter(f"{W}r"))


def body_paragraphs(path: Path) -> list[etree._Element]:
    """Top-level paragraphs of the body (not those in tables or text boxes)."""
    return list(docx_xml(path).find(f"{W}body").iterchildren(f"{W}p"))


# -- packages ----------------------------------------------------------------------------------

ISSUERS = ["扬州市教育局", "扬州市财政局", "扬州市人力资源和社会保障局"]
RARE = "𠮷堃㐀𠀀"  # outside GB 2312: Ext B (covered here), BMP, Ext A, Ext B (no free face has it)
RECEIPT_COLUMNS = ["序号", "姓名", "性别", "民族", "出生年月", "职务", "职称", "手机号码",
                   "办公电话", "电子邮箱", "是否住宿", "备注"]
SIGNERS = ["张三", "李四", "王五"]
LONG_TITLE = "关于" + "开展全市青少年生命关爱第三季度复盘与调度工作" * 4 + "的通知"


def joint_data() -> dict[str, object]:
    """Three issuing authorities, characters outside GB 2312 in title, body, both heading
    fonts and a table cell, and a 12-column 回执."""
    data = minimal_data(
        header={"issuers": ISSUERS, "doc_number": "扬教发〔2024〕8号"},
        title=f"关于表彰王{RARE}同志的通知",
        body=[
            f"现将{RARE}同志事迹通报如下。",
            {"heading": f"表彰{RARE}先进", "children": [
                {"heading": f"{RARE}事迹：", "text": "工作认真。"},
            ]},
            {"columns": ["姓名", "单位"], "rows": [[f"王{RARE}", "市一中"]]},
        ],
    )
    data["attachments"] = [
        {"title": "参会人员回执", "fields": ["单位名称"], "columns": RECEIPT_COLUMNS},
    ]
    return data


def upward_data(seal: Path) -> dict[str, object]:
    """上行文: 签发人 (three), 份号, 密级, 紧急程度, sealed."""
    return minimal_data(
        header={"issuers": ["扬州市教育局"], "doc_number": "扬教发〔2024〕8号",
                "signers": SIGNERS, "copy_number": 1, "secrecy": "机密★1年", "urgency": "特急"},
        title="关于申请安全工作经费的请示",
        addressees=["扬州市人民政府"],
        body=["现将有关事项请示如下。"],
        seal=str(seal),
    )


def many_data() -> dict[str, object]:
    data = minimal_data()
    data["attachments"] = [
        {"title": f"第{n}个名单", "items": [f"学校{n}甲", f"学校{n}乙"]} for n in range(1, 201)
    ]
    return data


HOSTILE = [
    '<w:p>&amp;</w:p> "双引号" \'单引号\' ]]> <![CDATA[x]]> {{ notice.title }} {% if x %}',
    "👨\u200d👩\u200d👧 e\u0301 \u00a0不换行空格\t制表符",
    "A" * 300,
]


@pytest.fixture(scope="module")
def joint_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    needs_libreoffice()
    package = notice_kit.package_from_data(joint_data())
    return notice_kit.build_package(package, tmp_path_factory.mktemp("joint") / "out")


@pytest.fixture(scope="module")
def joint_pdf(joint_build: BuildResult) -> Path:
    return joint_build.path("package", "pdf")


@pytest.fixture(scope="module")
def joint_words(joint_pdf: Path) -> list[Word]:
    return pdf_words(joint_pdf)


@pytest.fixture(scope="module")
def joint_page1(joint_pdf: Path) -> Image.Image:
    return render_page(joint_pdf, 1)


@pytest.fixture(scope="module")
def seal_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_seal(tmp_path_factory.mktemp("seal") / "seal.png")


@pytest.fixture(scope="module")
def upward_build(tmp_path_factory: pytest.TempPathFactory, seal_png: Path) -> BuildResult:
    needs_libreoffice()
    package = notice_kit.package_from_data(upward_data(seal_png))
    return notice_kit.build_package(package, tmp_path_factory.mktemp("upward") / "out")


@pytest.fixture(scope="module")
def upward_pdf(upward_build: BuildResult) -> Path:
    return upward_build.path("package", "pdf")


@pytest.fixture(scope="module")
def upward_rows(upward_pdf: Path) -> list[list[Word]]:
    return pdf_rows(pdf_words(upward_pdf, 1, 1))


@pytest.fixture(scope="module")
def upward_page1(upward_pdf: Path) -> Image.Image:
    return render_page(upward_pdf, 1)


@pytest.fixture(scope="module")
def many_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """200 attachments, .docx and PDF in one build (LibreOffice converts the merged .docx
    once; there is no 版记, so no second layout)."""
    needs_libreoffice()
    package = notice_kit.package_from_data(many_data())
    return notice_kit.build_package(package, tmp_path_factory.mktemp("many") / "out")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    data = minimal_data(title="关于<测试>&“特殊”字符的通知", addressees=["<甲>&乙"], body=HOSTILE)
    data["attachments"] = [
        {"title": "../../etc/passwd", "items": ["<x>", "a\\b"]},
        {"title": 'CON:*?"<>|名单', "items": ["y"]},
    ]
    package = notice_kit.package_from_data(data)
    return notice_kit.build_package(package, tmp_path_factory.mktemp("hostile") / "out",
                                    formats=["docx"])


BIG = ("这是一段很长的文字，用来检验渲染器。" * 6000)[:100_000]


@pytest.fixture(scope="module")
def big_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    package = notice_kit.package_from_data(minimal_data(body=[BIG]))
    return notice_kit.build_package(package, tmp_path_factory.mktemp("big") / "out",
                                    formats=["docx"])


def empty_package() -> notice_kit.Package:
    data = minimal_data()
    data["attachments"] = []
    return notice_kit.package_from_data(data)


@pytest.fixture(scope="module")
def empty_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return notice_kit.build_package(empty_package(), tmp_path_factory.mktemp("empty") / "out",
                                    formats=["docx"])


# -- 1. titles too long -------------------------------------------------------------------------


def test_title_too_long_is_a_layout_error_and_writes_nothing(tmp_path: Path) -> None:
    """7.3.1: the title is laid out in at most three balanced lines; one that needs more is a
    LayoutError naming notice.title, in Chinese and English, and OUTDIR stays as it was."""
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "keep.txt").write_text("old", encoding="utf-8")
    package = notice_kit.package_from_data(minimal_data(title=LONG_TITLE))
    with pytest.raises(notice_kit.LayoutError) as info:
        notice_kit.build_package(package, outdir, formats=["docx"])
    message = str(info.value)
    assert message.startswith("notice.title")
    assert "过长" in message and "too long" in message
    assert [p.name for p in outdir.iterdir()] == ["keep.txt"]
    assert (outdir / "keep.txt").read_text(encoding="utf-8") == "old"
    fresh = tmp_path / "fresh"
    with pytest.raises(notice_kit.LayoutError):
        notice_kit.build_package(package, fresh)  # PDF too: fails before converting
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_attachment_title_too_long_names_its_index(tmp_path: Path) -> None:
    """7.3.7: an attachment title is set like the notice's (at most three lines); the error
    names attachments[N].title, N counting from 0."""
    data = minimal_data()
    data["attachments"] = [
        {"title": "参会回执", "columns": ["姓名"]},
        {"title": "参加全市青少年生命关爱工作的学校名单" * 5, "items": ["邗江中专"]},
    ]
    package = notice_kit.package_from_data(data)
    with pytest.raises(notice_kit.LayoutError) as info:
        notice_kit.build_package(package, tmp_path / "out", formats=["docx"])
    message = str(info.value)
    assert message.startswith("attachments[1].title")
    assert "过长" in message and "too long" in message
    assert list(tmp_path.iterdir()) == []


def test_cli_title_too_long_exits_1_without_traceback(tmp_path: Path) -> None:
    """Issue line: the CLI prints one readable message for a title too long, exit status 1,
    no traceback, nothing written."""
    source = tmp_path / "notice.yaml"
    source.write_text(yaml.safe_dump(minimal_data(title=LONG_TITLE), allow_unicode=True),
                      encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "notice_kit.cli", "build", str(source), "-o", str(out)],
        capture_output=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, stderr
    assert "Traceback" not in stderr + proc.stdout.decode("utf-8", "replace")
    assert "notice.title" in stderr
    assert "过长" in stderr and "too long" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.yaml"]


# -- 2. 200 attachments ------------------------------------------------------------------------


def attachment_note(path: Path) -> list[tuple[int, str, etree._Element]]:
    """The 附件说明 lines of a notice .docx: (number, title, paragraph)."""
    entries = []
    for p in body_paragraphs(path):
        m = re.fullmatch(r"(?:附件：)?(\d+)\.\t(.+)", para_text(p))
        if m:
            entries.append((int(m[1]), m[2], p))
    return entries


def test_200_attachments_note_lists_1_to_200_with_room_for_the_widest_number(
    many_build: BuildResult,
) -> None:
    """7.3.4: "附件：1.名称", then "2.名称" … aligned under "1.", names aligned with each
    other: one hanging indent for all 200 lines, wide enough for "200."."""
    entries = attachment_note(many_build.path("notice", "docx"))
    assert [n for n, _, _ in entries] == list(range(1, 201))
    assert all(title == f"第{n}个名单" for n, title, _ in entries)
    assert para_text(entries[0][2]).startswith("附件：1.")
    indents = []
    for _, _, p in entries:
        ind = p.find(f"{W}pPr/{W}ind")
        indents.append((int(ind.get(f"{W}left")), int(ind.get(f"{W}hanging"))))
    lefts = {left for left, _ in indents}
    assert len(lefts) == 1, "every name starts at the same place"
    (left,) = lefts
    first_start = left - indents[0][1]
    assert first_start == chars_twips(2)  # two characters in
    number_starts = {left - hanging for left, hanging in indents[1:]}
    assert number_starts == {first_start + chars_twips(text_width("附件："))}  # under "1."
    room = left - number_starts.pop()
    assert room >= chars_twips(text_width("200."))


def test_200_attachments_note_is_aligned_in_the_pdf(many_build: BuildResult) -> None:
    """7.3.4 in the PDF: numbers 2.–200. start under "1.", every name starts at the same x,
    and "200." ends before its name starts."""
    notice = many_build.manifest.parts[0]
    rows = pdf_rows(pdf_words(many_build.path("package", "pdf"), notice.first_page,
                              notice.last_page))
    numbers: dict[int, tuple[Word, Word]] = {}
    for row in rows:
        m = re.fullmatch(r"(?:附件：)?(\d+)\.", row[0].text)
        if m and len(row) > 1 and row_text(row[1:]) == f"第{m[1]}个名单":
            numbers[int(m[1])] = (row[0], row[1])
    assert sorted(numbers) == list(range(1, 201))
    name_x = [name.x0 for _, name in numbers.values()]
    assert max(name_x) - min(name_x) < 0.3
    number_x = [numbers[n][0].x0 for n in range(2, 201)]
    assert max(number_x) - min(number_x) < 0.3
    lead = numbers[1][0]
    assert abs(number_x[0] - (lead.x0 + 3 * CHAR_MM)) < 0.5  # under the "1." after 附件：
    assert all(number.x1 < name.x0 - 0.5 for number, name in numbers.values())


def test_200_attachments_each_start_a_new_page_with_their_label(many_build: BuildResult) -> None:
    """7.3.7: each attachment on a new page, "附件N" on its first line — in the merged
    .docx (page break before the label) and in the PDF (the part's first page)."""
    labels = [p for p in body_paragraphs(many_build.path("package", "docx"))
              if re.fullmatch(r"附件\d+", para_text(p))]
    assert [para_text(p) for p in labels] == [f"附件{n}" for n in range(1, 201)]
    assert all(p.find(f"{W}pPr/{W}pageBreakBefore") is not None for p in labels)
    parts = many_build.manifest.parts
    assert [p.label for p in parts[1:]] == [f"附件{n}" for n in range(1, 201)]
    starts = [p.first_page for p in parts]
    assert starts == sorted(set(starts))
    words = pdf_words(many_build.path("package", "pdf"), parts[1].first_page, parts[-1].last_page)
    first_rows: dict[int, str] = {}
    for row in pdf_rows(words):
        first_rows.setdefault(row[0].page, row_text(row))
    for part in parts[1:]:
        assert first_rows[part.first_page] == part.label


def test_200_attachments_have_unique_file_names(many_build: BuildResult) -> None:
    """Issue line: file names unique (also ignoring case, for Windows), one .docx and one
    .pdf per attachment, named 附件N-标题."""
    paths = [f.path for f in many_build.manifest.files]
    assert len({p.casefold() for p in paths}) == len(paths)
    for fmt in ("docx", "pdf"):
        names = [many_build.manifest.file("attachment", fmt, n).path for n in range(1, 201)]
        assert names == [f"附件{n}-第{n}个名单.{fmt}" for n in range(1, 201)]
    assert sorted(p.name for p in many_build.outdir.iterdir()) == sorted([*paths, "manifest.json"])


def test_200_attachments_pdf_pages_outline_and_labels(many_build: BuildResult) -> None:
    """One merged PDF of ≥ 200 pages, its outline 正文 + 附件1…附件200 at the parts' first
    pages, page labels, as the manifest says."""
    pdf = many_build.path("package", "pdf")
    reader = PdfReader(pdf)
    pages = len(reader.pages)
    assert pages >= 200
    assert many_build.manifest.file("package", "pdf").pages == pages
    parts = many_build.manifest.parts
    assert parts[-1].last_page == pages
    outline = [(item.title, reader.get_destination_page_number(item) + 1)
               for item in reader.outline]
    assert len(outline) == 201
    assert outline[0][0].startswith("正文")
    for (title, page), part in zip(outline[1:], parts[1:], strict=True):
        assert title.startswith(f"{part.label}　") and title.endswith(part.title)
        assert page == part.first_page
    assert "/PageLabels" in reader.trailer["/Root"]


def test_many_attachment_titles_build(tmp_path: Path) -> None:
    """Issue line (200 attachments) in small: ten attachments with ordinary 30-character
    titles build (.docx only)."""
    data = minimal_data()
    data["attachments"] = [
        {"title": f"全市中小学校园安全隐患排查整治工作实施方案第{n}部分", "items": ["甲"]}
        for n in range(1, 11)
    ]
    result = notice_kit.build_package(notice_kit.package_from_data(data), tmp_path / "out",
                                      formats=["docx"])
    assert len(result.manifest.files) == 12


# -- 3. a 回执 with 12 columns -------------------------------------------------------------------


def test_receipt_with_12_columns_fits_the_block(joint_build: BuildResult) -> None:
    """Clause 8 / 7.3.7: the 回执 table fits the text block (tblW ≤ 8844 twips) or sits on
    a landscape page wide enough for it."""
    root = docx_xml(joint_build.path("attachment", "docx", 1))
    (table,) = root.iter(f"{W}tbl")
    assert len(table.findall(f"{W}tblGrid/{W}gridCol")) == 12
    width = int(table.find(f"{W}tblPr/{W}tblW").get(f"{W}w"))
    grid = sum(int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol"))
    size = root.find(f".//{W}sectPr/{W}pgSz")
    landscape = size is not None and int(size.get(f"{W}w")) > int(size.get(f"{W}h"))
    if landscape:
        margins = root.find(f".//{W}sectPr/{W}pgMar")
        room = (int(size.get(f"{W}w")) - int(margins.get(f"{W}left"))
                - int(margins.get(f"{W}right")))
    else:
        room = BLOCK_TWIPS
    # Each column's width is rounded to a twip: allow half a twip per column here; the
    # exact bound is the next test.
    assert width <= room + 6 and grid <= room + 6
    assert width == grid


def test_receipt_with_12_columns_is_not_wider_than_the_block(joint_build: BuildResult) -> None:
    """Clause 8 / issue line: tblW ≤ the block's width exactly — 8844 twips on a portrait
    page; a 12-column form goes on a landscape page (issue 10), whose block is the
    portrait block turned, 225 mm = 12756 twips."""
    root = docx_xml(joint_build.path("attachment", "docx", 1))
    (table,) = root.iter(f"{W}tbl")
    size = root.find(f".//{W}sectPr/{W}pgSz")
    assert size.get(f"{W}orient") == "landscape"
    landscape_block = round(P.text_height_mm * 1440 / 25.4)
    assert int(table.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) <= landscape_block


def test_receipt_with_12_columns_shows_every_header_in_the_pdf(
    joint_build: BuildResult, joint_words: list[Word]
) -> None:
    """Every column heading reaches the PDF, read down its column (narrow columns wrap), in
    order; nothing lies outside the page, and the table stays inside the block."""
    page = joint_build.manifest.parts[-1].first_page
    words = [w for w in joint_words if w.page == page]
    (field,) = [w for w in words if w.text.startswith("单位名称")]
    cells = [w for w in words if w.top > field.bottom and not PAGE_NUMBER_WORD.match(w.text)]
    columns: list[list[Word]] = []
    for w in sorted(cells, key=lambda w: w.centre_x):
        if columns and abs(w.centre_x - columns[-1][0].centre_x) < 2.0:
            columns[-1].append(w)
        else:
            columns.append([w])
    texts = ["".join(w.text for w in sorted(col, key=lambda w: w.top)) for col in columns]
    assert texts == RECEIPT_COLUMNS
    reader = PdfReader(joint_build.path("package", "pdf"))
    sizes = [(float(p.mediabox.width) * 25.4 / 72, float(p.mediabox.height) * 25.4 / 72)
             for p in reader.pages]
    for w in joint_words:  # inside its own page (A4, portrait or landscape)
        width, height = sizes[w.page - 1]
        assert w.x0 >= 0 and w.x1 <= width and w.top >= 0 and w.bottom <= height, w
    width, height = sizes[page - 1]
    if width <= height:  # portrait: inside the block
        assert all(w.x0 >= BLOCK_LEFT - 0.5 and w.x1 <= BLOCK_RIGHT + 0.5 for w in cells)
    else:  # landscape: inside the turned block (left margin = the sheet's bottom one)
        left = P.margin_bottom_mm
        assert all(w.x0 >= left - 0.5 and w.x1 <= left + P.text_height_mm + 0.5 for w in cells)


# -- 4. characters outside GB 2312 -------------------------------------------------------------


def test_rare_characters_switch_to_the_fallback_face_in_body_heading_and_table(
    joint_build: BuildResult,
) -> None:
    """Fonts (digest) / profile.fonts.fallback: 仿宋_GB2312 and 楷体_GB2312 lack 𠮷 堃 㐀 𠀀;
    in the body, a 楷体 heading (level 2) and a table cell those characters go in runs of
    仿宋 / 楷体, while their GB 2312 neighbours keep the standard face."""
    fallback = P.fonts.fallback
    root = docx_xml(joint_build.path("package", "docx"))
    seen = {"body": False, "heading": False, "cell": False}
    for p in root.iter(f"{W}p"):
        text = para_text(p)
        if not any(ch in text for ch in RARE):
            continue
        in_cell = any(a.tag == f"{W}tc" for a in p.iterancestors())
        kind = ("cell" if in_cell and text.startswith("王") else
                "body" if text.startswith("现将") else
                "heading" if text.startswith("（一）") else None)
        if kind is None:
            continue
        for run in p.iter(f"{W}r"):
            chars, font = run_text(run), run_font(run)
            if not chars:
                continue
            if all(is_gb2312(ch) for ch in chars):
                assert font in fallback, (kind, chars, font)
            else:
                assert font in fallback.values(), (kind, chars, font)
        rare_fonts = {run_font(r) for r in p.iter(f"{W}r") if set(run_text(r)) & set(RARE)}
        expected = fallback[P.fonts.kai] if kind == "heading" else fallback[P.fonts.body]
        assert rare_fonts == {expected}, (kind, rare_fonts)
        seen[kind] = True
    assert all(seen.values()), seen


def test_rare_characters_in_the_title_leave_the_gb2312_title_face(
    joint_build: BuildResult,
) -> None:
    """Issue line (characters outside GB 2312 in the title): the title's runs holding them
    use a face that has them, not the GB 2312-only 方正小标宋简体."""
    root = docx_xml(joint_build.path("package", "docx"))
    runs_ = [r for p in root.iter(f"{W}p") if para_text(p) == f"关于表彰王{RARE}同志的通知"
             for r in p.iter(f"{W}r")]
    assert runs_
    for run in runs_:
        if any(not is_gb2312(ch) for ch in run_text(run)):
            assert run_font(run) != P.fonts.xiaobiaosong, run_text(run)


def test_rare_characters_reach_the_pdf_as_real_glyphs(
    joint_build: BuildResult, joint_words: list[Word], joint_page1: Image.Image
) -> None:
    """Every character outside GB 2312 that some installed face has is in the PDF's text in
    the title, the body, both headings and the table cell, drawn as a glyph (not an empty
    box); every font is embedded (pdffonts); a character no face has is reported in the
    manifest's warnings instead."""
    covered = [ch for ch in RARE if font_covers(ch)]
    missing = [ch for ch in RARE if ch not in covered]
    assert "𠮷" in covered  # an Extension B character the free CJK faces have
    places = {
        "title": lambda t: t.endswith("同志的通知"),
        "body": lambda t: t.startswith("现将"),
        "heading 1": lambda t: t.startswith("一、"),
        "heading 2": lambda t: t.startswith("（一）"),
        "cell": lambda t: t.startswith("王") and not t.startswith("王五"),
    }
    # The table ends the body, so it goes to page 2 with the 署名 (7.3.5: the 署名 page
    # carries text of the body); everything else is on page 1.
    rows = pdf_rows([w for w in joint_words if w.page <= 2])
    pages = {1: joint_page1}
    for place, match in places.items():
        found = [r for r in rows if match(row_text(r))]
        assert found, place
        row = found[0]
        page = row[0].page
        if page not in pages:
            pages[page] = render_page(joint_build.path("package", "pdf"), page)
        for ch in covered:
            assert ch in row_text(row), (place, ch, row_text(row))
        drawn = [ch for word in row for ch, cell in char_boxes(word)
                 if ch in covered and not looks_like_a_box(pages[page], cell)]
        assert sorted(drawn) == sorted(covered), (place, drawn)
        # Calibration: where LibreOffice draws a character no face has, it draws a box,
        # and the detector must see it (here: 𠀀 in the title and the 黑体 heading).
        for word in row:
            for ch, cell in char_boxes(word):
                if ch in missing:
                    assert looks_like_a_box(pages[page], cell), (place, ch)
    fonts = subprocess.run(["pdffonts", str(joint_build.path("package", "pdf"))],
                           capture_output=True, text=True, check=True, timeout=60).stdout
    faces = [ln.split() for ln in fonts.splitlines()[2:] if ln.strip()]
    assert faces and all(f[-5] == "yes" for f in faces), fonts  # the emb column
    warnings = " ".join(joint_build.manifest.warnings)
    for ch in missing:
        assert ch in warnings, (ch, joint_build.manifest.warnings)


def test_extension_b_title_with_a_colophon_builds_a_pdf(tmp_path: Path) -> None:
    """Issue line (Extension B names) with 7.4: a title holding 𠮷 and a 版记 — the build
    measures the first PDF to place the 版记 and must cope with the title's metadata."""
    needs_libreoffice()
    data = minimal_data(title="关于表彰王𠮷同志的通知",
                        colophon={"printer": "扬州市教育局办公室", "print_date": "2024-10-25"})
    result = notice_kit.build_package(notice_kit.package_from_data(data), tmp_path / "out")
    assert result.manifest.file("package", "pdf").pages == 2


# -- 5. the sealed layout ----------------------------------------------------------------------


def signature_paragraphs(path: Path, names: list[str]) -> tuple[etree._Element, etree._Element]:
    """The first 署名 paragraph and the date paragraph of a notice .docx."""
    paras = body_paragraphs(path)
    texts = [para_text(p) for p in paras]
    date = max(i for i, t in enumerate(texts) if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t))
    first = date - len(names)
    assert texts[first:date] == names
    return paras[first], paras[date]


def test_sealed_docx_floats_the_seal_at_the_signature(upward_build: BuildResult) -> None:
    """7.3.5.1: the seal is a floating picture anchored at the 署名, in front of the text,
    the image part holding the PNG."""
    path = upward_build.path("notice", "docx")
    name, _ = signature_paragraphs(path, ["扬州市教育局"])
    anchors = list(name.iter(f"{WP}anchor"))
    assert len(anchors) == 1
    anchor = anchors[0]
    assert anchor.find(f"{WP}wrapNone") is not None
    assert anchor.get("behindDoc") == "0"
    blip = anchor.find(f".//{A}blip")
    rid = blip.get(f"{R}embed")
    rels = docx_xml(path, "word/_rels/document.xml.rels")
    (target,) = [r.get("Target") for r in rels if r.get("Id") == rid]
    with zipfile.ZipFile(path) as zf:
        image = Image.open(io.BytesIO(zf.read(f"word/{target}")))
    assert image.format == "PNG"


def test_sealed_docx_puts_the_date_4_characters_in_from_the_right(
    upward_build: BuildResult,
) -> None:
    """7.3.5.1 in the .docx (as Word lays it out): the date ends four characters in from the
    right edge of the block."""
    _, date = signature_paragraphs(upward_build.path("notice", "docx"), ["扬州市教育局"])
    ppr = date.find(f"{W}pPr")
    jc = ppr.find(f"{W}jc")
    ind = ppr.find(f"{W}ind")
    if jc is not None and jc.get(f"{W}val") in ("right", "end"):
        assert int(ind.get(f"{W}right")) == chars_twips(P.sealed_date_right_chars)
    else:
        end = int(ind.get(f"{W}left")) + chars_twips(text_width(para_text(date)))
        assert abs(end - (BLOCK_TWIPS - chars_twips(P.sealed_date_right_chars))) <= 20


def signature_rows(rows: list[list[Word]], name: str) -> tuple[list[Word], list[Word]]:
    date = next(r for r in rows if re.fullmatch(r"\d{4}年\d+月\d+日", row_text(r)))
    above = rows[rows.index(date) - 1]
    assert row_text(above) == name
    return above, date


def box_of(row: list[Word]) -> tuple[float, float, float, float]:
    return (min(w.x0 for w in row), min(w.top for w in row), max(w.x1 for w in row),
            max(w.bottom for w in row))


def test_sealed_pdf_seal_presses_the_signature_and_the_date(
    upward_rows: list[list[Word]], upward_page1: Image.Image
) -> None:
    """7.3.5.1: the red seal presses the 署名 and the date (red ink inside both lines' boxes),
    which sit below the seal's centre (居印章中心偏下)."""
    name, date = signature_rows(upward_rows, "扬州市教育局")
    nx0, ny0, nx1, ny1 = box_of(name)
    dx0, dy0, dx1, dy1 = box_of(date)
    assert rows_where(upward_page1, is_red, x_mm=(nx0, nx1), y_mm=(ny0, ny1))
    assert rows_where(upward_page1, is_red, x_mm=(dx0, dx1), y_mm=(dy0, dy1))
    seal_rows = runs(rows_where(upward_page1, is_red, x_mm=(BLOCK_LEFT, BLOCK_RIGHT),
                                y_mm=(ny0 - 40, dy1 + 40)), gap_mm=3)
    top, bottom = max(seal_rows, key=lambda r: r[1] - r[0])
    assert 35 < bottom - top < 50  # the 42 mm seal
    centre = (top + bottom) / 2
    assert (ny0 + ny1) / 2 > centre and (dy0 + dy1) / 2 > centre


def test_sealed_pdf_date_ends_4_characters_in_from_the_right(
    upward_rows: list[list[Word]],
) -> None:
    """7.3.5.1: 成文日期右空四字 — measured in the PDF, where LibreOffice puts extra space
    between digits and CJK characters (the date is wider than its 7 cells)."""
    _, date = signature_rows(upward_rows, "扬州市教育局")
    assert abs(box_of(date)[2] - (BLOCK_RIGHT - P.sealed_date_right_chars * CHAR_MM)) < 1.0


def test_sealed_pdf_name_is_centred_over_the_date(upward_rows: list[list[Word]]) -> None:
    """7.3.5.1: 以成文日期为准居中编排发文机关署名 — measured in the PDF."""
    name, date = signature_rows(upward_rows, "扬州市教育局")
    n, d = box_of(name), box_of(date)
    assert abs((n[0] + n[2]) / 2 - (d[0] + d[2]) / 2) < 1.0


# -- 6. joint issuing --------------------------------------------------------------------------


def mark_region(words: list[Word]) -> tuple[float, float]:
    """Top and bottom (mm) of the 发文机关标志 on page 1: from the block's top to just above
    the 发文字号."""
    number = next(w for w in words if w.page == 1 and w.text.startswith("扬教发"))
    return BLOCK_TOP, number.top - 2


def test_joint_mark_is_red_with_every_issuer_and_wenjian_once_in_the_docx(
    joint_build: BuildResult, joint_words: list[Word], joint_page1: Image.Image
) -> None:
    """7.2.4 joint issue: the mark holds the three authorities, lead first, and "文件" once;
    all of its ink is red."""
    root = docx_xml(joint_build.path("notice", "docx"))
    tables = list(root.iter(f"{W}tbl"))
    mark = tables[0]
    texts = [para_text(p) for p in mark.iter(f"{W}p") if para_text(p)]
    assert [t for t in texts if t != "文件"] == ISSUERS
    assert texts.count("文件") == 1
    top, bottom = mark_region(joint_words)
    assert rows_where(joint_page1, is_red, x_mm=(BLOCK_LEFT, BLOCK_RIGHT), y_mm=(top, bottom))
    assert not rows_where(joint_page1, is_dark, x_mm=(BLOCK_LEFT, BLOCK_RIGHT),
                          y_mm=(top, bottom))


def test_joint_mark_stacks_three_names_and_wenjian_once_in_the_pdf(
    joint_words: list[Word], joint_page1: Image.Image
) -> None:
    """7.2.4: three names stacked, one line each, "文件" once on one line to their right,
    vertically centred — three rows of red ink."""
    top, bottom = mark_region(joint_words)
    rows = pdf_rows([w for w in joint_words if w.page == 1 and top <= w.top < bottom])
    texts = [row_text(r) for r in rows]
    assert sum(t.count("文件") for t in texts) == 1, texts
    assert [t.replace("文件", "") for t in texts] == ISSUERS
    red = runs(rows_where(joint_page1, is_red, x_mm=(BLOCK_LEFT, BLOCK_RIGHT), y_mm=(top, bottom)),
               gap_mm=0.5)
    assert len(red) == 3, red


def test_joint_signature_lists_the_three_authorities(
    joint_build: BuildResult, joint_words: list[Word]
) -> None:
    """7.3.5.2 joint issue: the 署名 lists every authority, lead first, one a line, above
    the date — in the .docx and in the PDF."""
    signature_paragraphs(joint_build.path("notice", "docx"), ISSUERS)
    rows = pdf_rows([w for w in joint_words if w.page <= joint_build.manifest.parts[0].last_page])
    texts = [row_text(r) for r in rows]
    date = texts.index(chinese_date(notice_kit.package_from_data(joint_data()).notice.date))
    assert texts[date - 3 : date] == ISSUERS


# -- 7. 上行文 with 签发人 -----------------------------------------------------------------------


def test_upward_signers_right_doc_number_left_on_the_last_signer_line_rule_below(
    upward_build: BuildResult, upward_rows: list[list[Word]], upward_page1: Image.Image
) -> None:
    """7.2.6: "签发人：" + names (楷体) one character in from the right, two names a line;
    the 发文字号 one character in from the left on the last signer's line; 7.2.7: the red
    rule 4 mm below it across the block."""
    texts = [row_text(r) for r in upward_rows]
    first = next(i for i, t in enumerate(texts) if t.startswith("签发人："))
    assert texts[first] == "签发人：张三李四"  # poppler drops the 全角 space between names
    last = upward_rows[first + 1]
    assert texts[first + 1] == "扬教发〔2024〕8号王五"
    number = [w for w in last if w.text.startswith("扬教发")]
    assert abs(number[0].x0 - (BLOCK_LEFT + CHAR_MM)) < 0.8
    # The first signer line ends one character in; a wrapped one aligns under its first
    # name (test_upward_wrapped_signer_aligns_with_the_first_name).
    assert abs(upward_rows[first][-1].x1 - (BLOCK_RIGHT - CHAR_MM)) < 0.8
    assert "签发人" not in texts[first + 2]
    # The red rule: 4 mm below the ink of the 发文字号 line, the block's width.
    line_bottom = max(w.bottom for w in last)
    rule = runs(rows_where(upward_page1, is_red, y_mm=(line_bottom, line_bottom + 15),
                           min_run_mm=P.text_width_mm * 0.95))
    assert rule
    ink = rows_where(upward_page1, is_dark, x_mm=(number[0].x0, number[-1].x1 + 6),
                     y_mm=(number[0].top - 1, rule[0][0]))
    assert abs(rule[0][0] - ink[-1] - P.rule_gap_mm) < 0.8
    # Fonts: 签发人 in the body face, the names in 楷体.
    root = docx_xml(upward_build.path("notice", "docx"))
    runs_ = [(run_text(r), run_font(r)) for r in root.iter(f"{W}r")]
    assert ("签发人：", P.fonts.body) in runs_
    assert ("张三\u3000李四", P.fonts.kai) in runs_ and ("王五", P.fonts.kai) in runs_


def test_upward_wrapped_signer_aligns_with_the_first_name(upward_rows: list[list[Word]]) -> None:
    """7.2.6: 回行时与上一行第一个签发人姓名对齐 — 王五 starts where 张三 starts."""
    texts = [row_text(r) for r in upward_rows]
    first = next(i for i, t in enumerate(texts) if t.startswith("签发人："))
    zhang = next(box for w in upward_rows[first] for ch, box in char_boxes(w) if ch == "张")
    wang = next(box for w in upward_rows[first + 1] for ch, box in char_boxes(w) if ch == "王")
    assert abs(zhang[0] - wang[0]) < 1.0


# -- 8. 份号 / 密级 / 紧急程度 ------------------------------------------------------------------


def test_copy_number_secrecy_urgency_stacked_top_left(
    upward_build: BuildResult, upward_rows: list[list[Word]], upward_page1: Image.Image
) -> None:
    """7.2.1–7.2.3: 份号 (6 digits), 密级和保密期限, 紧急程度 flush left on lines 1–3 in that
    order, 密级 and 紧急程度 in 黑体; 7.2.4: the mark still starts 35 mm below the block top."""
    top3 = upward_rows[:3]
    assert [row_text(r) for r in top3] == ["000001", "机密★1年", "特急"]
    for i, row in enumerate(top3):
        assert abs(row[0].x0 - BLOCK_LEFT) < 0.3
        assert abs(row[0].top - (top3[0][0].top + i * PITCH_MM)) < 1.0
    assert top3[0][0].top - BLOCK_TOP < 4
    paras = [para_text(p) for p in body_paragraphs(upward_build.path("notice", "docx"))[:3]]
    assert paras == ["000001", "机密★1年", "特急"]
    fonts = {run_text(r): run_font(r) for r in docx_xml(upward_build.path("notice", "docx"))
             .iter(f"{W}r") if run_text(r) in ("机密★1年", "特急")}
    assert fonts == {"机密★1年": P.fonts.hei, "特急": P.fonts.hei}
    red = runs(rows_where(upward_page1, is_red, x_mm=(BLOCK_LEFT, BLOCK_RIGHT),
                          y_mm=(BLOCK_TOP, BLOCK_TOP + 70)))
    assert abs(red[0][0] - (BLOCK_TOP + P.mark_top_mm)) < 1.0


# -- 9. every .docx opens in LibreOffice; XML structure ------------------------------------------


def all_docx(*builds: BuildResult) -> list[Path]:
    return [b.outdir / f.path for b in builds for f in b.manifest.files if f.format == "docx"]


def schema_violations(path: Path, tag: str, order: tuple[str, ...]) -> list[str]:
    """Children of every ``w:{tag}`` that are unknown to ``order``, repeated or out of order."""
    wanted = [f"{W}{name.split(':')[1]}" for name in order]
    found = []
    with zipfile.ZipFile(path) as zf:
        for part in zf.namelist():
            if not part.endswith(".xml"):
                continue
            for el in etree.fromstring(zf.read(part)).iter(f"{W}{tag}"):
                kids = [c.tag for c in el if isinstance(c.tag, str)]
                ranks = [wanted.index(k) if k in wanted else -1 for k in kids]
                if -1 in ranks or ranks != sorted(ranks) or len(set(kids)) != len(kids):
                    found.append(f"{path.name}:{part}: {[k.replace(W, 'w:') for k in kids]}")
    return found


@pytest.fixture(scope="module")
def written_docx(joint_build: BuildResult, upward_build: BuildResult, hostile_build: BuildResult,
                 big_build: BuildResult, empty_build: BuildResult) -> list[Path]:
    return all_docx(joint_build, upward_build, hostile_build, big_build, empty_build)


def test_docx_parts_parse_and_run_properties_follow_the_schema_order(
    written_docx: list[Path],
) -> None:
    """Word refuses out-of-order children: every XML part of every .docx parses, every
    w:rPr lists its children in RPR_ORDER (CT_RPr) and every w:pPr in PPR_ORDER (CT_PPr)."""
    assert len(written_docx) >= 13
    for path in written_docx:
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None
            for part in zf.namelist():
                if part.endswith((".xml", ".rels")):
                    etree.fromstring(zf.read(part))
    problems = [v for path in written_docx for v in schema_violations(path, "rPr", RPR_ORDER)]
    assert problems == []
    problems = [v for path in written_docx for v in schema_violations(path, "pPr", PPR_ORDER)]
    assert problems == []


# CT_TblPr (ECMA-376 Part 1, 17.4.60): an xsd:sequence.
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)


def test_table_properties_follow_the_schema_order(written_docx: list[Path]) -> None:
    """CT_TblPr is a sequence: w:jc, w:tblBorders and w:tblLayout come before w:tblLook."""
    problems = [v for path in written_docx for v in schema_violations(path, "tblPr", TBLPR_ORDER)]
    assert problems == []


def test_docx_files_open_in_libreoffice(
    tmp_path: Path, joint_build: BuildResult, upward_build: BuildResult,
    hostile_build: BuildResult,
) -> None:
    """Every kind of .docx notice_kit writes loads in LibreOffice as a Word document: the
    joint notice (mark table), the 12-column 回执, the sealed notice (floating picture) and
    the hostile-text package, converted side by side (the merged .docx of the joint, sealed
    and 200-attachment packages are converted by their builds)."""
    needs_libreoffice()
    cases = [
        (joint_build.path("notice", "docx"), "事迹通报如下"),
        (joint_build.path("attachment", "docx", 1), "参会人员回执"),
        (upward_build.path("notice", "docx"), "关于申请安全工作经费的请示"),
        (hostile_build.path("package", "docx"), "{{ notice.title }}"),
    ]

    def convert(i: int) -> Path:
        pdf = tmp_path / f"{i}.pdf"
        convert_to_pdf(cases[i][0], pdf, timeout=120)
        return pdf

    with ThreadPoolExecutor(max_workers=min(len(cases), os.cpu_count() or 2)) as pool:
        pdfs = list(pool.map(convert, range(len(cases))))
    for (source, snippet), pdf in zip(cases, pdfs, strict=True):
        assert len(PdfReader(pdf).pages) >= 1, source
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              check=True, timeout=60).stdout.decode("utf-8", "replace")
        assert re.sub(r"\s", "", snippet) in re.sub(r"\s", "", text), (source.name, snippet)


# -- 10. hostile text ---------------------------------------------------------------------------


def test_100k_character_paragraph_renders_docx_only(big_build: BuildResult) -> None:
    """Issue line: a 10^5-character paragraph is written whole (.docx only)."""
    assert len(BIG) == 100_000
    document = docx.Document(str(big_build.path("package", "docx")))
    assert any(p.text == BIG for p in document.paragraphs)
    document = docx.Document(str(big_build.path("notice", "docx")))
    assert any(p.text == BIG for p in document.paragraphs)


def test_empty_attachment_list_renders_without_attachment_note(empty_build: BuildResult) -> None:
    """7.3.4: no attachments, no 附件说明 — and no attachment files."""
    for role in ("notice", "package"):
        texts = [p.text for p in docx.Document(str(empty_build.path(role, "docx"))).paragraphs]
        assert not any(t.startswith("附件") for t in texts), texts
    assert [f.role for f in empty_build.manifest.files] == ["notice", "package"]
    text = notice_kit.render_text(empty_package())
    assert "附件" not in text


def test_markup_like_text_is_written_literally_and_file_names_stay_inside(
    hostile_build: BuildResult,
) -> None:
    """Issue line (hostile strings): XML markup, CDATA ends, template syntax, emoji with
    joiners, combining marks, NBSP and tabs come out as typed; attachment titles with path
    separators and Windows-reserved characters give plain file names inside OUTDIR."""
    texts = [p.text for p in docx.Document(str(hostile_build.path("package", "docx"))).paragraphs]
    for s in HOSTILE:
        assert s in texts, s
    assert "关于<测试>&“特殊”字符的通知" in texts
    assert "<甲>&乙：" in texts
    for f in hostile_build.manifest.files:
        assert re.search(r'[\\/:*?"<>|]', f.path) is None, f.path
        assert (hostile_build.outdir / f.path).resolve().parent == hostile_build.outdir
