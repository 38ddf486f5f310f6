"""The OFD as an independent renderer draws it: ofd.js (npm, DLTech21, the SVG renderer most
OFD web viewers build on) in Debian's headless chromium, page for page against pdftoppm's
drawing of the same PDF.

The measure, per page, at 96 dpi (the scale at which ofd.js sizes images right; see
ofdjs/render.mjs): a pixel is ink where its darkest channel is below 128 (at least half
covered, black or colour alike). Each drawing's ink is matched against the other's ink
dilated by 1 px (3 x 3, 0.26 mm): ``pdf_matched`` is the share of the PDF's ink that lies
within 1 px of the OFD's ink (nothing missing), ``ofd_matched`` the share of the OFD's ink
within 1 px of the PDF's (nothing extra). Both must be >= 0.95, and the same again for red
ink alone (the 版头, its rule, the seal) where the page has any. The 1 px takes up the two
rasterisers' antialiasing and chromium's rounding of each text run to whole pixels; the plain
intersection over union, without it, is reported beside (0.6-0.85 on these pages).

ofd.js 0.2.6 never reads an OFD's embedded fonts: it asks the browser for each Font's
FamilyName, through its own table of Windows names. So the page is drawn twice: as ofd.js
draws it, with the installed fonts it finds by name, and with the OFD's embedded font files
handed to the browser as web fonts (chromium's font sanitizer checks them on the way), which
is what a reader that uses embedded fonts shows.

Skipped, not failed, where chromium, node or the harness's node_modules are missing:
scripts/install-system-deps.sh installs them (chromium from apt, `npm ci` in ofdjs/).
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from PIL import Image, ImageChops, ImageFilter

from notice_kit.ofd.verify import NS, ofd_parts

pytestmark = pytest.mark.slow

HARNESS = Path(__file__).parent / "ofdjs"
DPI = 96
BOUND = 0.95
INK = [255 if v < 128 else 0 for v in range(256)]
HIGH = [255 if v >= 128 else 0 for v in range(256)]


def _chromium() -> str | None:
    """Debian's chromium, or the browser CHROMIUM names."""
    return shutil.which(os.environ.get("CHROMIUM") or "chromium")


def needs_ofdjs() -> None:
    """Skip unless chromium, node, pdftoppm and the harness's node_modules are there."""
    missing = [name for name, present in (
        ("chromium", _chromium() is not None),
        ("node", shutil.which("node") is not None),
        ("pdftoppm", shutil.which("pdftoppm") is not None),
        ("ofd.js (npm ci in tests/ofd/ofdjs)",
         (HARNESS / "node_modules/ofd.js/lib/ofd.umd.min.js").is_file()),
        ("playwright-core (npm ci in tests/ofd/ofdjs)",
         (HARNESS / "node_modules/playwright-core/package.json").is_file()),
    ) if not present]
    if missing:
        pytest.skip(f"missing {', '.join(missing)} (scripts/install-system-deps.sh installs them)")


def _resolve(base: str, loc: str) -> str:
    if loc.startswith("/"):
        return loc.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), loc))


def _font_files(parts: dict[str, bytes]) -> dict[str, str]:
    """Every Font ID of the OFD's first document -> its FontFile's name in the package."""
    root = ET.fromstring(parts["OFD.xml"])
    doc_root = _resolve("OFD.xml", root.findtext(f"{NS}DocBody/{NS}DocRoot") or "")
    document = ET.fromstring(parts[doc_root])
    files: dict[str, str] = {}
    for tag in ("PublicRes", "DocumentRes"):
        for loc in document.iter(f"{NS}{tag}"):
            res_name = _resolve(doc_root, loc.text or "")
            res = ET.fromstring(parts[res_name])
            base = _resolve(res_name, (res.attrib.get("BaseLoc") or ".") + "/x")
            for font in res.iter(f"{NS}Font"):
                file = font.findtext(f"{NS}FontFile")
                if file:
                    files[font.attrib["ID"]] = _resolve(base, file)
    return files


@dataclass
class Match:
    pdf_matched: float
    ofd_matched: float
    iou: float

    @property
    def worst(self) -> float:
        return min(self.pdf_matched, self.ofd_matched)

    def __str__(self) -> str:
        return (f"pdf {self.pdf_matched:.3f} ofd {self.ofd_matched:.3f} "
                f"(IoU without tolerance {self.iou:.2f})")


@dataclass
class Page:
    number: int
    ink: Match
    red: Match | None

    @property
    def worst(self) -> float:
        return min(self.ink.worst, self.red.worst if self.red else 1.0)

    def __str__(self) -> str:
        red = f"; red {self.red}" if self.red else ""
        return f"page {self.number}: ink {self.ink}{red}"


@dataclass
class Rendering:
    pdf_pages: int
    ofd_pages: int
    errors: list[str]
    seconds: float
    folder: Path
    pages: dict[str, list[Page]]  # "installed" / "embedded" -> per page

    def report(self, variant: str) -> str:
        return "\n".join(str(p) for p in self.pages[variant]) + f"\n(PNGs in {self.folder})"


def _masks(path: Path, size: tuple[int, int]) -> tuple[Image.Image, Image.Image]:
    """Ink and red-ink masks (255 = ink) of ``path``'s top left ``size`` pixels."""
    image = Image.open(path).convert("RGB").crop((0, 0, *size))
    r, g, b = image.split()
    ink = ImageChops.darker(ImageChops.darker(r, g), b).point(INK)
    red = ImageChops.multiply(r.point(HIGH), ImageChops.lighter(g, b).point(INK))
    return ink, red


def _count(mask: Image.Image) -> int:
    return mask.histogram()[255]


def _match(ofd: Image.Image, pdf: Image.Image) -> Match | None:
    ofd_ink, pdf_ink = _count(ofd), _count(pdf)
    if pdf_ink == 0:
        return None if ofd_ink == 0 else Match(1.0, 0.0, 0.0)
    if ofd_ink == 0:
        return Match(0.0, 1.0, 0.0)
    grow = ImageFilter.MaxFilter(3)
    return Match(
        pdf_matched=_count(ImageChops.multiply(pdf, ofd.filter(grow))) / pdf_ink,
        ofd_matched=_count(ImageChops.multiply(ofd, pdf.filter(grow))) / ofd_ink,
        iou=_count(ImageChops.multiply(ofd, pdf)) / _count(ImageChops.lighter(ofd, pdf)),
    )


def _compare(ofd_png: Path, pdf_png: Path, number: int) -> Page:
    with Image.open(ofd_png) as a, Image.open(pdf_png) as b:
        size = (min(a.width, b.width), min(a.height, b.height))
    ofd_ink, ofd_red = _masks(ofd_png, size)
    pdf_ink, pdf_red = _masks(pdf_png, size)
    ink = _match(ofd_ink, pdf_ink)
    assert ink is not None, f"page {number} has no ink in the PDF"
    return Page(number, ink, _match(ofd_red, pdf_red))


def render(ofd: bytes, pdf: Path, folder: Path) -> Rendering:
    """Draw ``ofd`` with ofd.js (both ways) and ``pdf`` with pdftoppm, and compare them."""
    needs_ofdjs()
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.ofd").write_bytes(ofd)
    parts = ofd_parts(ofd)
    fonts: dict[str, str] = {}
    for font_id, name in _font_files(parts).items():
        path = folder / "fonts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(parts[name])
        fonts[font_id] = str(path)
    (folder / "fonts.json").write_text(json.dumps(fonts))
    # Two cores: pdftoppm draws the PDF while chromium draws the OFD.
    pdftoppm = subprocess.Popen(["pdftoppm", "-r", str(DPI), "-png", str(pdf),
                                 str(folder / "pdf")], stderr=subprocess.PIPE)
    try:
        node = subprocess.run(["node", str(HARNESS / "render.mjs"), str(folder / "doc.ofd"),
                               str(folder), "--scale", str(DPI / 25.4),
                               "--fonts", str(folder / "fonts.json")],
                              capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, CHROMIUM=_chromium() or ""))
        _, err = pdftoppm.communicate(timeout=300)
    finally:
        if pdftoppm.poll() is None:
            pdftoppm.kill()
            pdftoppm.wait()
    assert pdftoppm.returncode == 0, err
    assert node.returncode == 0, f"render.mjs failed:\n{node.stderr[-3000:]}"
    result = json.loads(node.stdout.strip().splitlines()[-1])
    pdf_pngs = sorted(folder.glob("pdf-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    pages = {
        variant: [_compare(folder / variant / f"page-{i}.png", pdf_png, i)
                  for i, pdf_png in enumerate(pdf_pngs[:result["pages"]], start=1)]
        for variant in ("installed", "embedded")
    }
    return Rendering(pdf_pages=len(pdf_pngs), ofd_pages=result["pages"], errors=result["errors"],
                     seconds=time.monotonic() - started, folder=folder, pages=pages)


@pytest.fixture(scope="module")
def seed_rendering(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> Rendering:
    needs_ofdjs()  # before the builds the fixtures below make
    return render(request.getfixturevalue("seed_ofd"), request.getfixturevalue("seed_pdf"),
                  tmp_path_factory.mktemp("ofdjs-seed"))


@pytest.fixture(scope="module")
def sealed_rendering(request: pytest.FixtureRequest,
                     tmp_path_factory: pytest.TempPathFactory) -> Rendering:
    needs_ofdjs()
    return render(request.getfixturevalue("sealed_ofd"), request.getfixturevalue("sealed_pdf"),
                  tmp_path_factory.mktemp("ofdjs-sealed"))


def _failing(pages: list[Page]) -> list[str]:
    return [str(p) for p in pages if p.worst < BOUND]


def test_ofdjs_reads_every_page_without_an_error(seed_rendering: Rendering) -> None:
    assert seed_rendering.ofd_pages == seed_rendering.pdf_pages == 14
    assert seed_rendering.errors == []


def test_ofdjs_with_the_embedded_fonts_draws_every_seed_page_like_the_pdf(
        seed_rendering: Rendering) -> None:
    pages = seed_rendering.pages["embedded"]
    assert _failing(pages) == [], seed_rendering.report("embedded")
    assert pages[0].red is not None  # the red 版头 and its rule are measured on page 1


def test_ofdjs_draws_the_seal_where_the_pdf_prints_it(sealed_rendering: Rendering) -> None:
    assert sealed_rendering.ofd_pages == sealed_rendering.pdf_pages == 1
    assert sealed_rendering.errors == []
    (page,) = sealed_rendering.pages["embedded"]
    assert page.red is not None  # the seal, the 版头 and its rule
    assert page.worst >= BOUND, sealed_rendering.report("embedded")


def test_ofdjs_as_it_is_draws_seed_pages_2_to_14_like_the_pdf(seed_rendering: Rendering) -> None:
    """ofd.js alone, text in the installed fonts it finds by name. Its table sends any family
    with "kai" in it (AR PL UKai CN, the 楷体 of the 二级标题) to 楷体/KaiTi/simkai, which a
    Linux machine does not have, so those headings come out in a fallback face; they are too
    few to cost 5 % of a page's ink."""
    pages = seed_rendering.pages["installed"][1:]
    assert _failing(pages) == [], seed_rendering.report("installed")


@pytest.mark.xfail(strict=True, reason=(
    "ofd.js 0.2.6 ignores the Font's Bold attribute and its embedded file: it draws text in the "
    "installed face named by FamilyName at the TextObject's Weight (400 when absent), so the "
    "发文机关标志 and the title, set in Noto Serif CJK SC Bold, come out Regular: 0.94 of the "
    "PDF's ink on page 1 is matched. With the embedded fonts the page matches (0.99)."))
def test_ofdjs_as_it_is_draws_seed_page_1_like_the_pdf(seed_rendering: Rendering) -> None:
    page = seed_rendering.pages["installed"][0]
    assert page.worst >= BOUND, str(page)
