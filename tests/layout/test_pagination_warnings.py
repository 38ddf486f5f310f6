"""When a pagination rule cannot hold, the build says so (issue: every notice shape, item 1):
in the manifest's ``pagination`` list and its warnings, and on the CLI — naming the page,
the rule and the GB/T 9704 clause — while still writing the package."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import yaml
from click.testing import CliRunner

import notice_kit
from notice_kit.cli import main
from notice_kit.inspect.pdftext import read_lines

from ..conftest import make_seal, minimal_data, needs_libreoffice


def thirty_attachments() -> dict[str, object]:
    """An 附件说明 of 30 entries is longer than a page: it cannot be kept on one (7.3.4)."""
    data = minimal_data()
    data["attachments"] = [{"title": f"第{n}个学校名单", "items": ["学校甲"]} for n in range(1, 31)]
    return data


def test_an_attachment_note_longer_than_a_page_is_reported(tmp_path: Path) -> None:
    needs_libreoffice()
    package = notice_kit.package_from_data(thirty_attachments())
    result = notice_kit.build_package(package, tmp_path / "out", formats=["pdf"])
    faults = [(f.rule, f.clause) for f in result.manifest.pagination]
    assert ("note-split", "7.3.4") in faults, result.manifest.pagination
    # The 附件说明 starts on page 1 and runs over pages 2–3: the fault names page 2, where
    # the split first shows.
    assert [f.page for f in result.manifest.pagination if f.rule == "note-split"] == [2]
    assert any("附件说明跨页" in w and "第2页" in w for w in result.manifest.warnings)
    saved = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert saved["pagination"][0]["rule"] == "note-split"


def test_the_cli_prints_the_pagination_warning_and_succeeds(tmp_path: Path) -> None:
    needs_libreoffice()
    data_file = tmp_path / "notice.yaml"
    data_file.write_text(yaml.safe_dump(thirty_attachments(), allow_unicode=True),
                         encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(data_file), "-o", str(tmp_path / "out"),
                                       "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert "警告 / warning: 第2页 / page 2: 附件说明跨页" in result.output


def test_the_seed_has_no_pagination_warning(seed_build: notice_kit.BuildResult) -> None:
    assert seed_build.manifest.pagination == []


def test_one_enormous_paragraph_still_brings_body_text_to_the_signature_page(
        tmp_path: Path) -> None:
    """Bad input (5,000 characters in one paragraph): it lays out over several pages and the
    page with the 署名 still carries its last lines (widow control on the last paragraph)."""
    needs_libreoffice()
    text = ("本段用于检验一个极长段落在分页时的处理情况，" * 250)[:5000] + "。"
    data = minimal_data(body=[text])
    data["attachments"] = [{"title": "参会回执", "columns": ["姓名", "单位"]}]
    result = notice_kit.build_package(notice_kit.package_from_data(data), tmp_path / "out",
                                      formats=["pdf"])
    assert result.manifest.pagination == []
    assert result.manifest.file("package", "pdf").pages >= 8


def one_long_paragraph() -> dict[str, object]:
    """The shape of corpus real/07: 版头, a two-line title, a two-line 主送 and a body of
    one ten-line paragraph.  Kept whole with the 署名, LibreOffice moved the paragraph to
    page 2 and left page 1 with no body text (it does not split a keep-with-next one)."""
    text = ("根据县党政机关清理办公用房工作领导小组有关通知精神，我局召开了工作部署会，"
            "各校积极开展自查登记，并上报了整改方案。") * 4
    return minimal_data(
        title="遂昌县教育局关于做好清理办公用房工作的补充通知",
        addressees=["教育局直属事业单位", "县属学校", "各乡镇（街道）中小学（幼儿园）",
                    "各中心成技校"],
        body=[text],
    )


def test_page_one_keeps_body_text_when_the_body_is_one_long_paragraph(tmp_path: Path) -> None:
    """Digest 7.3.2 (page 1 shows body text) and 7.3.5 together: the build converts again
    with the paragraph free to split; its last lines still reach the 署名 page."""
    needs_libreoffice()
    result = notice_kit.build_package(notice_kit.package_from_data(one_long_paragraph()),
                                      tmp_path / "out", formats=["pdf"])
    assert result.manifest.pagination == [], result.manifest.pagination
    lines = read_lines(result.path("package", "pdf"))
    assert any(ln.text.replace(" ", "").startswith("根据县党政机关") for ln in lines[0].lines)
    assert len(lines) == 2


def short_body_long_note() -> dict[str, object]:
    """The shape of corpus real/06: the closing chain misses page 1 by less than a line."""
    data = minimal_data(
        header={"issuers": ["泸州市龙马潭区人民政府办公室"], "doc_number": "泸龙府办函〔2020〕49号"},
        title="关于印发龙马潭区2020年秋期全区义务教育阶段招生工作方案的通知",
        addressees=["各街道办事处、镇人民政府", "区级（含长开区）相关部门", "区属各中小学校"],
        body=["经区政府同意，现将《龙马潭区2020年秋期全区义务教育阶段招生工作方案》印发给你们，"
              "请遵照执行。"],
        date="2020-05-25",
    )
    data["attachments"] = [{"title": "泸州市龙马潭区2020年秋期全区义务教育阶段招生工作方案",
                            "body": ["根据有关规定，特制定本方案。"]}]
    return data


def test_shorter_blank_lines_keep_the_closing_on_page_one(tmp_path: Path) -> None:
    """7.3.5 "调整行距": the blank lines before the 附件说明 and the 署名 shrink to half a
    line, so body, 附件说明 and 署名 share page 1 (before: the body alone on page 1, or
    the 署名 alone on page 2)."""
    needs_libreoffice()
    result = notice_kit.build_package(notice_kit.package_from_data(short_body_long_note()),
                                      tmp_path / "out", formats=["pdf"])
    assert result.manifest.pagination == [], result.manifest.pagination
    notice = next(p for p in result.manifest.parts if p.role == "notice")
    assert notice.first_page == notice.last_page == 1


def sealed_short_body(seal: Path) -> dict[str, object]:
    """The shape of tests/check/notices/sealed_long_receipt.yaml: a three-line body and a
    sealed 署名 whose chain does not fit below it on page 1."""
    data = minimal_data(
        header={"issuers": ["某区教育局"], "doc_number": "某教发〔2025〕7号"},
        title="关于做好2025年春季学期教师培训报名工作的通知",
        addressees=["各中小学、幼儿园"],
        body=["为提升教师专业能力，区教育局将于2025年春季学期组织开展教师全员培训。"
              "请各单位按要求做好报名工作，并于3月10日前将报名回执（附件）报送区教师发展中心。"],
        seal=str(seal), date="2025-02-20",
    )
    data["attachments"] = [{"title": "2025年春季学期教师培训报名回执", "columns": ["姓名", "学科"]}]
    return data


def test_a_short_last_paragraph_is_cut_where_libreoffice_broke_it(tmp_path: Path) -> None:
    """Kept whole with the sealed 署名, the three-line paragraph went to page 2 (page 1
    without body text); let go, it stayed whole on page 1 (the 署名 alone on page 2).  The
    build cuts it at a line end LibreOffice chose and carries the last lines over."""
    needs_libreoffice()
    seal = make_seal(tmp_path / "seal.png")
    result = notice_kit.build_package(notice_kit.package_from_data(sealed_short_body(seal)),
                                      tmp_path / "out", formats=["pdf", "docx"])
    assert result.manifest.pagination == [], result.manifest.pagination
    pages = read_lines(result.path("package", "pdf"))
    assert any(ln.text.replace(" ", "").startswith("为提升教师") for ln in pages[0].lines)
    second = [ln.text.replace(" ", "") for ln in pages[1].lines]
    signature = second.index("某区教育局")
    assert any("教师发展中心" in t for t in second[:signature])
    # The two parts together are the paragraph, word for word, in the .docx too.
    body = [p.text for p in docx.Document(str(result.path("package", "docx"))).paragraphs
            if p.text.startswith("为提升") or p.text.endswith("教师发展中心。")]
    assert "".join(dict.fromkeys(body)) == sealed_short_body(seal)["notice"]["body"][0]  # type: ignore[index]
