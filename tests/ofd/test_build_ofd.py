"""`notice-kit build -f ofd`: the package and each part as OFD, listed in the manifest,
with the package's outline and document info — here for an internal, sealed package
(AES-encrypted PDF, a 45° watermark, a seal image)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner

from notice_kit.cli import main
from notice_kit.ofd.verify import NS, check_ofd, ofd_parts

from ..conftest import make_seal, minimal_data, needs_libreoffice

ofdkit = pytest.importorskip("ofdkit")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    needs_libreoffice()
    folder = tmp_path_factory.mktemp("ofd-build")
    make_seal(folder / "seal.png")
    data = minimal_data(seal="seal.png")
    data["attachments"] = [
        {"title": "参会人员名单", "items": ["张三", "李四"]},
        {"title": "会议议程", "items": ["开幕", "总结"]},
    ]
    data["options"] = {"internal": True}
    (folder / "notice.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = CliRunner().invoke(main, ["build", str(folder / "notice.yaml"), "-o",
                                       str(folder / "out"), "-f", "ofd", "--json"])
    assert result.exit_code == 0, result.output
    return folder / "out", json.loads(result.stdout)


def test_ofd_alone_writes_the_package_and_each_part_and_no_pdf(
        built: tuple[Path, dict[str, object]]) -> None:
    out, manifest = built
    files = manifest["files"]
    assert isinstance(files, list)
    assert {f["format"] for f in files} == {"ofd"}
    assert [(f["role"], f.get("attachment")) for f in files] == [
        ("package", None), ("notice", None), ("attachment", 1), ("attachment", 2)]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f["path"] for f in files] + ["manifest.json"])
    total = files[0]["pages"]
    assert sum(f["pages"] for f in files[1:]) == total
    for f in files:
        data = (out / f["path"]).read_bytes()
        assert check_ofd(data) == [], f["path"]
        assert len(ofdkit.open(io.BytesIO(data)).pages) == f["pages"]


def test_the_outline_opens_each_part_on_its_first_page(
        built: tuple[Path, dict[str, object]]) -> None:
    out, manifest = built
    files = manifest["files"]
    assert isinstance(files, list)
    parts = ofd_parts((out / files[0]["path"]).read_bytes())
    document = ET.fromstring(parts["Doc_0/Document.xml"])
    page_ids = [p.attrib["ID"] for p in document.iter(f"{NS}Page")]
    outline = [(e.attrib["Title"], page_ids.index(e.find(f".//{NS}Dest").attrib["PageID"]) + 1)  # type: ignore[union-attr]
               for e in document.iter(f"{NS}OutlineElem")]
    assert outline == [
        ("正文　关于召开全市教育系统安全工作会议的通知", 1),
        ("附件1　参会人员名单", files[2]["first_page"]),
        ("附件2　会议议程", files[3]["first_page"]),
    ]
    # Internal: the OFD says not to edit or export, and the build warns it is only said.
    assert document.find(f"{NS}Permissions/{NS}Edit").text == "false"  # type: ignore[union-attr]
    assert any("OFD" in w for w in manifest["warnings"])  # type: ignore[union-attr]


def test_docinfo_comes_from_the_package(built: tuple[Path, dict[str, object]]) -> None:
    out, manifest = built
    files = manifest["files"]
    assert isinstance(files, list)
    doc = ofdkit.open(out / files[0]["path"])
    assert doc.info.title == "关于召开全市教育系统安全工作会议的通知"
    assert doc.info.author == "扬州市教育局"
    assert doc.info.creation_date == "2024-10-25"
    assert doc.info.keywords == ("通知", "参会人员名单", "会议议程")
    assert doc.info.custom_data == {"发文字号": "扬教发〔2024〕8号"}
    part = ofdkit.open(out / files[2]["path"])
    assert part.info.title == "参会人员名单"


def test_the_watermark_is_turned_text_and_the_seal_an_image(
        built: tuple[Path, dict[str, object]]) -> None:
    out, manifest = built
    files = manifest["files"]
    assert isinstance(files, list)
    page = ET.fromstring(ofd_parts((out / files[1]["path"]).read_bytes())[
        "Doc_0/Pages/Page_0/Content.xml"])
    turned = [t for t in page.iter(f"{NS}TextObject") if "CTM" in t.attrib]
    assert turned, "the 45° watermark should be text with a CTM"
    a, b, _c, _d, _, _ = (float(v) for v in turned[0].attrib["CTM"].split())
    assert abs(a) == pytest.approx(abs(b), abs=0.01) and abs(a) == pytest.approx(0.7071, abs=0.01)
    text = "".join(t.findtext(f"{NS}TextCode") or "" for t in turned)
    assert "内部材料" in text
    assert len(list(page.iter(f"{NS}ImageObject"))) == 1


def test_formats_ofd_in_the_data_file_writes_ofd(tmp_path: Path) -> None:
    """Issue 16 item 1: `formats: [ofd]` in the data, not only `-f ofd`."""
    import notice_kit

    from ..conftest import minimal_data

    data = minimal_data()
    data["options"] = {"formats": ["ofd"]}
    result = notice_kit.build_package(notice_kit.package_from_data(data), tmp_path / "out")
    assert {f.format for f in result.manifest.files} == {"ofd"}
    assert result.manifest.file("package", "ofd").pages == 1
