"""notice_kit's own output passes `check`: notices of many shapes (tests/check/notices/),
each built with real LibreOffice, their merged PDF and .docx checked with zero errors.

Each shape once raised a false alarm: titles and attachment titles beginning with a year,
table captions (黑体 above a table), wrapped 附件说明 entries, long URLs and Latin strings
(the text block's right edge, 28 characters a line), a joint notice of three issuers, a
sealed signature, a 回执 running over several pages, a table of ten columns.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from notice_kit.check import check_document
from notice_kit.inspect.model import InspectedDocument
from notice_kit.manifest import BuildResult
from notice_kit.testing import read

from .conftest import NOTICES

SHAPES = sorted(p.stem for p in NOTICES.glob("*.yaml"))

pytestmark = pytest.mark.slow


@pytest.fixture(params=SHAPES)
def built(request: pytest.FixtureRequest, notice_build: Callable[[str], BuildResult]) -> BuildResult:
    return notice_build(request.param)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_builds_check_with_no_errors(built: BuildResult, fmt: str) -> None:
    report = check_document(built.path("package", fmt))
    errors = [f"{f.code} {f.location}: {f.message} (expected {f.expected}, found {f.found})"
              for f in report.findings if f.severity == "error"]
    assert errors == [], f"{built.outdir}: " + "\n".join(errors)


def _doc(built: BuildResult) -> InspectedDocument:
    return read(built.path("package", "pdf"))


def test_titles_and_captions_are_read_as_such(built: BuildResult) -> None:
    """Every attachment has its title; captions are captions, never body paragraphs."""
    doc = _doc(built)
    assert doc.title, doc.path
    assert all(a.title for a in doc.attachments), [(a.label, a.title) for a in doc.attachments]
    captions = {e.text for e in doc.of_kind("caption")}
    paragraphs = {e.text for e in doc.of_kind("paragraph")}
    assert not captions & paragraphs


def test_year_titles_and_captions(notice_build: Callable[[str], BuildResult]) -> None:
    built = notice_build("year_titles")
    for fmt in ("pdf", "docx"):
        doc = read(built.path("package", fmt))
        assert doc.title == "2025年全市学生常见病和健康影响因素监测与干预工作方案"
        assert [a.title for a in doc.attachments] == [
            "2025年学生常见病和健康影响因素监测学校名单", "2025年监测工作联系人名单"]
        assert [e.text for e in doc.of_kind("caption")] == ["2025年各地监测学校数", "2025年监测学校分布"]


def test_urls_keep_their_paragraph(notice_build: Callable[[str], BuildResult]) -> None:
    """A line cut short before an address too long to break goes on with the next."""
    doc = read(notice_build("wide_table").path("package", "pdf"))
    texts = [e.text for e in doc.of_kind("paragraph")]
    assert any(t.startswith("各地登录") and t.endswith("沿用2023年度账号。") for t in texts), texts


def test_a_spaced_out_caption_is_a_caption(notice_build: Callable[[str], BuildResult]) -> None:
    """"表1　　　　任务分解": pdftotext cuts it at the gap; centred over its table, it is
    still the caption, not a body paragraph in 黑体."""
    doc = read(notice_build("wrapped_note").path("package", "pdf"))
    assert [e.text.replace("\t", "").replace("\u3000", "") for e in doc.of_kind("caption")] == [
        "表1任务分解"]
