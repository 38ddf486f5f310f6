"""The pagination rules (GB712–GB717) on real PDFs: a notice rendered by notice_kit, its
.docx broken on purpose with page breaks where a careless typesetter would leave them,
converted by LibreOffice — and the seed's package, which breaks none of them."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

import notice_kit
from notice_kit.check import CheckReport, check_document
from notice_kit.convert import convert_to_pdf
from notice_kit.manifest import BuildResult
from notice_kit.models import Package

from ..conftest import needs_libreoffice
from .broken import find_p

PAGINATION_CODES = {"GB712", "GB713", "GB714", "GB715", "GB716", "GB717"}

# A notice with a standalone heading, a three-entry 附件说明, a 回执 with its deadline and
# contact lines, and a 版记.
DATA = {
    "notice": {
        "header": {"issuers": ["某市教育局"], "doc_number": "某教发〔2025〕9号"},
        "title": "关于做好2025年全市中小学校春季开学工作的通知",
        "addressees": ["各县（市、区）教育局", "市直各学校"],
        "body": [
            "为做好2025年春季开学工作，确保校园安全稳定、教育教学秩序井然，现将有关事项通知如下。",
            {"heading": "开学准备", "children": [
                "各校要在开学前完成校舍安全排查，重点检查教室、宿舍、食堂、实验室等场所，发现隐患及时整改。",
                "各校要做好教材发放、课程安排和师资调配工作，确保开学第一天正常上课。",
            ]},
            {"heading": "安全工作", "children": [
                "各校要开展开学第一课安全教育，提高学生安全意识和自我保护能力。",
                "各校要加强校园门卫管理，严格落实外来人员登记制度。",
            ]},
            {"heading": "有关要求",
             "text": "请各单位于2月20日前将开学准备情况回执（附件1）报送市教育局基础教育处。"},
        ],
        "date": "2025-02-10",
        "colophon": {"cc": ["省教育厅"], "printer": "某市教育局办公室", "print_date": "2025-02-10"},
    },
    "attachments": [
        {"kind": "receipt", "title": "开学准备情况回执", "fields": ["单位名称"],
         "columns": ["序号", "检查项目", "完成情况", "备注"], "blank_rows": 4,
         "deadline": "2025-02-20 17:00", "return_to": "市教育局基础教育处",
         "contact": {"name": "李某某", "phone": "0514-80000001"}},
        {"kind": "list", "title": "开学安全检查重点场所", "items": ["教室", "宿舍", "食堂", "实验室"]},
        {"kind": "document", "title": "开学第一课安全教育参考提纲",
         "body": ["一是交通安全；二是消防安全；三是食品安全；四是防溺水安全。"]},
    ],
}


def _break_before(document: docx.document.Document, text: str) -> None:
    """Start the paragraph beginning with ``text`` (reading ``text`` exactly, if it starts
    with "=") on a new page (w:pageBreakBefore)."""
    p = find_p(document, text.removeprefix("="), exact=text.startswith("="))
    ppr = p.find(qn("w:pPr"))  # type: ignore[attr-defined]
    ppr.append(OxmlElement("w:pageBreakBefore"))


def _run_on(document: docx.document.Document, label: str) -> None:
    """Let the attachment labelled ``label`` run on from the page before: no page break
    before its label (w:pageBreakBefore), or, if it opens a section of its own, that
    section starting on the same page (w:type continuous)."""
    p = find_p(document, label)
    ppr = p.find(qn("w:pPr"))  # type: ignore[attr-defined]
    before = ppr.find(qn("w:pageBreakBefore")) if ppr is not None else None
    if before is not None:
        ppr.remove(before)
        return
    body = list(document.element.body)
    sect = next(s for el in body[body.index(p):] for s in el.iter(qn("w:sectPr")))  # type: ignore[arg-type]
    kind = sect.find(qn("w:type"))
    if kind is None:
        kind = OxmlElement("w:type")
        sect.insert(0, kind)
    kind.set(qn("w:val"), "continuous")


def _broken(tmp: Path, *starts: str, run_on: tuple[str, ...] = ()) -> CheckReport:
    """Render the notice, break the pages before the paragraphs starting with ``starts``
    (and let the attachments labelled ``run_on`` run on from the page before), convert with
    LibreOffice and check the PDF."""
    needs_libreoffice()
    rendered = notice_kit.render_package_docx(Package.model_validate(DATA))
    document = docx.Document(io.BytesIO(rendered.data))
    for start in starts:
        _break_before(document, start)
    for label in run_on:
        _run_on(document, label)
    document.save(str(tmp / "broken.docx"))
    convert_to_pdf(tmp / "broken.docx", tmp / "broken.pdf")
    return check_document(tmp / "broken.pdf")


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> CheckReport:
    """The 署名 and date pushed alone onto a page."""
    return _broken(tmp_path_factory.mktemp("alone"), "=某市教育局")


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> CheckReport:
    """附件说明 split after its first entry; heading 一、 last on page 1; the 回执's contact
    line alone on a page."""
    return _broken(tmp_path_factory.mktemp("split"), "各校要在开学前", "2.开学安全检查", "（联系人")


@pytest.fixture(scope="module")
def run_on(tmp_path_factory: pytest.TempPathFactory) -> CheckReport:
    """附件2 (a short list) run on under 附件1's 回执 instead of starting a page."""
    return _broken(tmp_path_factory.mktemp("run_on"), run_on=("附件2",))


def test_seed_package_keeps_every_pagination_rule(seed_build: BuildResult) -> None:
    report = check_document(seed_build.path("package", "pdf"))
    assert set(report.rules) >= PAGINATION_CODES
    assert [f for f in report.findings if f.code in PAGINATION_CODES] == []


def test_signature_alone_on_a_page(alone: CheckReport) -> None:
    (finding,) = alone.by_code("GB712")
    assert finding.severity == "error" and finding.location.kind == "signature"
    page = finding.location.page
    assert page is not None and f"第{page}页" in finding.message and f"page {page}" in finding.message
    assert alone.by_code("GB713") == [] and alone.by_code("GB715") == []


def test_attachment_note_split(split: CheckReport) -> None:
    (finding,) = split.by_code("GB713")
    assert finding.location.kind == "attachment_note"
    assert finding.expected == "同一页 / one page"
    first, last = (int(s) for s in finding.found.replace("第", "").replace("页", "").split("、"))
    assert last == first + 1


def test_heading_last_on_a_page(split: CheckReport) -> None:
    (finding,) = split.by_code("GB715")
    assert finding.location.text == "一、开学准备" and finding.location.page == 1


def test_form_spilling_onto_a_page(split: CheckReport) -> None:
    (finding,) = split.by_code("GB714")
    assert "附件1" in finding.message and finding.found.endswith("1 行")
    assert finding.location.text is not None and finding.location.text.startswith("（联系人")


def test_valid_layout_of_the_same_notice_passes(split: CheckReport, alone: CheckReport) -> None:
    """Each broken document fails only the rules it was broken for (and the 版记's page,
    whose parity the extra pages change).  The split 附件说明 leaves its last entries alone
    with the 署名 on their page: no text of the body there, GB712 too."""
    assert {f.code for f in split.findings if f.code in PAGINATION_CODES} <= {
        "GB712", "GB713", "GB714", "GB715", "GB716"}
    assert {f.code for f in alone.findings if f.code in PAGINATION_CODES} <= {"GB712", "GB716"}


def test_attachment_not_on_a_new_page(run_on: CheckReport) -> None:
    (finding,) = run_on.by_code("GB717")
    assert finding.severity == "error" and finding.location.text == "附件2"
    assert "附件2未另面编排" in finding.message and "does not start a page" in finding.message
    assert finding.expected == "另起一页 / at the top of a new page"
    assert {f.code for f in run_on.findings if f.code in PAGINATION_CODES} <= {"GB716", "GB717"}


def test_colophon_on_an_odd_page(split: CheckReport, alone: CheckReport) -> None:
    """One of the two broken documents ends on an odd page: an error, naming it."""
    odd = [r for r in (split, alone) if r.by_code("GB716")]
    assert odd, "neither broken document ends on an odd page"
    (finding,) = odd[0].by_code("GB716")
    assert finding.severity == "error" and finding.location.page is not None
    assert finding.location.page % 2 == 1
