"""The .docx as Word and WPS meet it: a clean package, a font table with substitution
hints, named styles with outline levels, the condensing in the defaults (issue 12, the
research audit's F2 F5 F6 F7 F9 F10)."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from lxml import etree

import notice_kit
from notice_kit.models import Package
from notice_kit.render.docx.base import used_font_names

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def merged(seed_package: Package) -> bytes:
    return notice_kit.render_package_docx(seed_package).data


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def test_only_the_parts_a_notice_needs(merged: bytes) -> None:
    """No blank thumbnail, no stylesWithEffects, no bibliography store, no list or web
    settings; the theme stays (a schema-valid document names one)."""
    names = set(zipfile.ZipFile(io.BytesIO(merged)).namelist())
    assert names == {
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
        "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
        "word/settings.xml", "word/fontTable.xml", "word/theme/theme1.xml",
        "word/footer1.xml", "word/footer2.xml",
    }
    assert len(merged) < 25_000  # was 48,868 bytes on python-docx's template


def test_settings_and_properties_are_honest(merged: bytes) -> None:
    """Compatibility mode 15 (no 「兼容模式」), no proofing or revision-session marks, no
    lastPrinted, app.xml naming notice_kit with no made-up page or word counts; Word
    still writes a true thumbnail on its first save."""
    settings = part(merged, "word/settings.xml")
    mode = [el.get(f"{W}val") for el in settings.iter(f"{W}compatSetting")
            if el.get(f"{W}name") == "compatibilityMode"]
    assert mode == ["15"]
    assert settings.find(f"{W}proofState") is None and settings.find(f"{W}rsids") is None
    assert settings.find(f"{W}savePreviewPicture") is not None
    core = etree.tostring(part(merged, "docProps/core.xml"), encoding="unicode")
    assert "lastPrinted" not in core
    app = etree.tostring(part(merged, "docProps/app.xml"), encoding="unicode")
    assert "<Application>notice_kit</Application>" in app
    assert not re.search(r"<(Pages|Words|Characters|Template|AppVersion)>", app)


def test_font_table_lists_every_face_with_hints(merged: bytes) -> None:
    """Every face the document names is in fontTable.xml; the Chinese ones with charset
    86 (GB 2312), and the _GB2312 faces and 方正小标宋简体 with the profile's fallback as
    altName, so Word and WPS substitute the right family on a PC without them."""
    document = docx.Document(io.BytesIO(merged))
    used = used_font_names(document)
    fonts = {f.get(f"{W}name"): f for f in part(merged, "word/fontTable.xml").iter(f"{W}font")}
    assert set(used) <= set(fonts)
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体", "Times New Roman"} <= set(used)

    def val(face: str, tag: str) -> str | None:
        el = fonts[face].find(f"{W}{tag}")
        return None if el is None else el.get(f"{W}val")

    for face in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"):
        assert val(face, "charset") == "86", face
    fallback = notice_kit.GBT9704.fonts.fallback
    for face, alt in fallback.items():
        assert val(face, "altName") == alt
        assert alt in fonts  # the fallback faces the runs may switch to are listed too
    assert val("黑体", "altName") == "SimHei" and val("宋体", "altName") == "SimSun"
    assert val("仿宋_GB2312", "panose1") == "02010609030101010101"
    assert val("Times New Roman", "charset") == "00"


def styles_by_id(data: bytes) -> dict[str, etree._Element]:
    return {s.get(f"{W}styleId"): s for s in part(data, "word/styles.xml").iter(f"{W}style")}


def test_named_styles_carry_the_formatting(merged: bytes) -> None:
    """公文正文, 标题 1–4 (Word's built-in heading names, so the gallery's 标题 1 is the
    公文 one), 公文标题, 主送机关, 附件标识 and 版记, each in the 公文 fonts and sizes."""
    styles = styles_by_id(merged)
    names = {sid: s.find(f"{W}name").get(f"{W}val") for sid, s in styles.items()}
    assert {names[k] for k in ("nkBody", "Heading1", "Heading2", "Heading3", "Heading4",
                               "Title", "nkAddressee", "nkAttachmentLabel", "nkColophon")} == {
        "公文正文", "heading 1", "heading 2", "heading 3", "heading 4", "Title", "主送机关",
        "附件标识", "版记"}
    # python-docx's 100 table styles, blue headings and latent styles are gone.
    assert len(styles) < 20
    assert part(merged, "word/styles.xml").find(f"{W}latentStyles") is None

    def fonts(sid: str) -> str:
        return styles[sid].find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")

    assert [fonts(f"Heading{n}") for n in (1, 2, 3, 4)] == ["黑体", "楷体_GB2312", "仿宋_GB2312",
                                                           "仿宋_GB2312"]
    assert fonts("Title") == "方正小标宋简体"
    assert styles["Title"].find(f"{W}rPr/{W}sz").get(f"{W}val") == "44"
    assert styles["nkColophon"].find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"
    assert styles["nkBody"].find(f"{W}pPr/{W}ind").get(f"{W}firstLine") == "630"


def test_headings_alone_have_outline_levels_run_in_ones_do_not(merged: bytes) -> None:
    """The navigation pane lists 「一、时间、地点」, not the whole run-in paragraph
    「（一）时间：2024年…」."""
    styles = styles_by_id(merged)
    levels = {sid: s.find(f"{W}pPr/{W}outlineLvl") for sid, s in styles.items()}
    assert [levels[f"Heading{n}"].get(f"{W}val") for n in (1, 2, 3, 4)] == ["0", "1", "2", "3"]
    assert all(levels[sid] is None for sid in styles if not sid.startswith("Heading"))
    body = part(merged, "word/document.xml")

    def style_of(prefix: str) -> str | None:
        for p in body.iter(f"{W}p"):
            if "".join(p.itertext()).startswith(prefix):
                ref = p.find(f"{W}pPr/{W}pStyle")
                return None if ref is None else ref.get(f"{W}val")
        raise AssertionError(prefix)

    assert style_of("一、时间、地点") == "Heading1"
    assert style_of("（一）时间：") == "nkBody"
    assert style_of("为贯彻落实") == "nkBody"
    assert style_of("附件1") == "nkAttachmentLabel"
    assert not body.findall(f".//{W}pPr/{W}outlineLvl")  # only styles carry them


def test_typed_text_is_condensed_and_cells_type_at_the_table_size(merged: bytes) -> None:
    """The −0.25 pt is in the defaults (a blank line typed into keeps 28 a line); the
    runs that must not be condensed say so."""
    styles = part(merged, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}spacing")
    assert default.get(f"{W}val") == "-5"
    body = part(merged, "word/document.xml")
    blank = [p for p in body.iter(f"{W}p") if p.find(f"{W}r") is None
             and p.find(f"{W}pPr/{W}rPr") is None and p.find(f"{W}pPr/{W}pStyle") is None]
    assert len(blank) > 10  # blank lines: what is typed into them takes the defaults
    for p in body.iter(f"{W}p"):
        if "".join(p.itertext()) == "扬州市教育局文件":
            assert p.find(f"{W}r/{W}rPr/{W}spacing").get(f"{W}val") == "0"
            break
    else:
        raise AssertionError("no mark")


def test_the_stored_base_is_python_docx_s_template_pruned() -> None:
    """notice_kit/data/base.docx (read instead of pruning at every start, issue 14) is
    what pruning python-docx's template gives today; after a python-docx upgrade that
    changes its template, run scripts/make-base-docx.py."""
    from importlib import resources

    from notice_kit.render.docx.base import BASE_FILE, pruned_template_bytes

    stored = (resources.files("notice_kit") / BASE_FILE).read_bytes()
    assert stored == pruned_template_bytes(), "run scripts/make-base-docx.py"
