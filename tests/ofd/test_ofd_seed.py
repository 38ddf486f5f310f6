"""The seed package's real PDF as OFD: a valid package, text identical to the PDF's,
every character in its embedded font, the same bytes every time."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fontTools.ttLib import TTFont

from notice_kit.manifest import BuildResult
from notice_kit.ofd import OfdSource
from notice_kit.ofd.verify import NS, check_ofd, ofd_parts

from .conftest import INFO, convert

ofdkit = pytest.importorskip("ofdkit")


def test_every_part_is_well_formed_structured_and_resolves(seed_ofd: bytes) -> None:
    assert check_ofd(seed_ofd) == []


def test_the_same_pdf_gives_the_same_bytes(seed_pdf: Path, seed_ofd: bytes) -> None:
    assert convert(seed_pdf) == seed_ofd


def test_one_ofd_page_per_pdf_page_of_the_same_size(seed_pdf: Path, seed_ofd: bytes) -> None:
    from pypdf import PdfReader

    reader = PdfReader(seed_pdf)
    doc = ofdkit.open(io.BytesIO(seed_ofd))
    assert len(doc.pages) == len(reader.pages)
    for page, pdf_page in zip(doc.pages, reader.pages, strict=True):
        assert page.width == pytest.approx(float(pdf_page.mediabox.width) * 25.4 / 72, abs=0.01)
        assert page.height == pytest.approx(float(pdf_page.mediabox.height) * 25.4 / 72,
                                            abs=0.01)


def _lines(items: list[tuple[float, float, float, str]]) -> list[str]:
    """Cluster (top, x, height, text) items into lines, top to bottom, left to right."""
    lines: list[list[tuple[float, float, float, str]]] = []
    for item in sorted(items):
        if lines and item[0] - lines[-1][0][0] < 0.5 * max(item[2], lines[-1][0][2]):
            lines[-1].append(item)
        else:
            lines.append([item])
    return ["".join(re.sub(r"\s", "", t) for _, _, _, t in sorted(line, key=lambda i: i[1]))
            for line in lines]


def _pdf_lines(pdf: Path) -> list[list[str]]:
    """pdftotext's words with their boxes, as lines per page (mm)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html, flags=re.S):
        words = [(float(y0) * 25.4 / 72, float(x0) * 25.4 / 72,
                  (float(y1) - float(y0)) * 25.4 / 72, ET.fromstring(f"<w>{w}</w>").text or "")
                 for x0, y0, _x1, y1, w in re.findall(
                     r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                     r"(.*?)</word>", page)]
        pages.append(_lines(words))
    return pages


def test_text_read_back_by_ofdkit_equals_pdftotext(seed_pdf: Path, seed_ofd: bytes) -> None:
    doc = ofdkit.open(io.BytesIO(seed_ofd))
    ofd_pages = [_lines([(r.y - r.size, r.x, r.size, r.text) for r in page.runs])
                 for page in doc.pages]
    pdf_pages = _pdf_lines(seed_pdf)
    assert ofd_pages == pdf_pages
    characters = sum(len(line) for page in pdf_pages for line in page)
    assert characters > 5000


def _fonts(parts: dict[str, bytes]) -> dict[str, TTFont]:
    res = ET.fromstring(parts["Doc_0/PublicRes.xml"])
    return {font.attrib["ID"]: TTFont(io.BytesIO(parts["Doc_0/Res/" + (
        font.findtext(f"{NS}FontFile") or "")])) for font in res.iter(f"{NS}Font")}


def test_every_character_is_drawn_from_a_glyph_of_its_embedded_subset(seed_ofd: bytes) -> None:
    parts = ofd_parts(seed_ofd)
    fonts = _fonts(parts)
    cmaps = {fid: font.getBestCmap() for fid, font in fonts.items()}
    drawn = 0
    for name, body in parts.items():
        if not name.endswith("Content.xml"):
            continue
        for text in ET.fromstring(body).iter(f"{NS}TextObject"):
            cmap = cmaps[text.attrib["Font"]]
            for code in text.iter(f"{NS}TextCode"):
                for ch in code.text or "":
                    drawn += 1
                    assert ord(ch) in cmap, f"{ch!r} not in font {text.attrib['Font']}"
                    glyph = cmap[ord(ch)]
                    assert glyph != ".notdef"
    assert drawn > 5000
    # Subsets: no font carries much more than it draws.
    for font in fonts.values():
        assert font["maxp"].numGlyphs <= len(font.getBestCmap()) + 2


def test_the_glyphs_are_the_installed_faces_own_for_their_characters(seed_pdf: Path) -> None:
    """The PDF names a CFF face's glyphs cidN after their index in the installed face; the
    face's own cmap must agree (else the OFD would show other glyphs than the PDF)."""
    from notice_kit.ofd import FontBook
    from notice_kit.ofd.model import Glyph
    from notice_kit.ofd.pdfread import read_pages

    book = FontBook()
    pages = read_pages(seed_pdf, book)
    faces: dict[str, dict[int, int]] = {}
    agree = total = 0
    for page in pages:
        for item in page.items:
            if not isinstance(item, Glyph) or not item.ref.source.startswith("face:"):
                continue
            if item.ref.source not in faces:
                path, index = item.ref.source[5:].rsplit("#", 1)
                with TTFont(path, fontNumber=int(index), lazy=True) as font:
                    order = {n: i for i, n in enumerate(font.getGlyphOrder())}
                    faces[item.ref.source] = {cp: order[n]
                                              for cp, n in font.getBestCmap().items()}
            total += 1
            agree += faces[item.ref.source].get(ord(item.text)) == item.ref.glyph
    assert total > 5000
    assert agree / total > 0.995


def test_zip_has_fixed_dates_and_the_ofd_layout(seed_ofd: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(seed_ofd)) as zf:
        names = zf.namelist()
        assert names[:4] == ["OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml",
                             "Doc_0/DocumentRes.xml"]
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert sum(n.endswith("Content.xml") for n in names) == 14


def test_docinfo_and_outline_read_back(seed_ofd: bytes) -> None:
    doc = ofdkit.open(io.BytesIO(seed_ofd))
    assert doc.info.title == "测试通知"
    assert doc.info.author == "扬州市教育局"
    assert doc.info.creation_date == "2024-10-25"
    assert doc.info.keywords == ("通知", "测试")
    document = ET.fromstring(ofd_parts(seed_ofd)["Doc_0/Document.xml"])
    (elem,) = document.iter(f"{NS}OutlineElem")
    assert elem.attrib["Title"] == "正文"


def _drawn(parts: dict[str, bytes]) -> dict[str, tuple[set[str], set[int]]]:
    """Per font ID: the characters its text objects show, and the glyphs CGTransforms name."""
    drawn: dict[str, tuple[set[str], set[int]]] = {}
    for name, body in parts.items():
        if name.endswith("Content.xml"):
            for text in ET.fromstring(body).iter(f"{NS}TextObject"):
                chars, glyphs = drawn.setdefault(text.attrib["Font"], (set(), set()))
                for code in text.iter(f"{NS}TextCode"):
                    chars.update(code.text or "")
                for transform in text.iter(f"{NS}CGTransform"):
                    glyphs.update(int(g) for g in (transform.findtext(f"{NS}Glyphs") or "").split())
    return drawn


def test_each_part_embeds_only_the_glyphs_of_its_own_pages(seed_build: BuildResult,
                                                            seed_pdf: Path) -> None:
    """Issue 16: a part OFD's fonts are subsets of its own glyphs, smaller than the
    package's (they were the package's whole subsets, ~400 KB a part)."""
    source = OfdSource(seed_pdf)
    package = ofd_parts(source.write(INFO))
    package_bytes = sum(len(v) for k, v in package.items() if k.startswith("Doc_0/Res/font_"))
    assert len(seed_build.manifest.parts) == 4
    for part in seed_build.manifest.parts:
        data = source.write(INFO, first_page=part.first_page, last_page=part.last_page)
        assert check_ofd(data) == []
        parts = ofd_parts(data)
        fonts = _fonts(parts)
        drawn = _drawn(parts)
        assert set(fonts) == set(drawn)
        for fid, font in fonts.items():
            chars, transformed = drawn[fid]
            cmap = font.getBestCmap()
            assert {chr(cp) for cp in cmap} == chars, (part.title, fid)
            order = font.getGlyphOrder()
            glyphs = {order.index(name) for name in cmap.values()} | transformed
            assert font["maxp"].numGlyphs <= len(glyphs | {0}), (part.title, fid)
        font_bytes = sum(len(v) for k, v in parts.items() if k.startswith("Doc_0/Res/font_"))
        assert font_bytes < package_bytes, part.title
