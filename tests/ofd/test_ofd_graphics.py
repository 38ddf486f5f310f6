"""Rules, colours and images survive: the red 版头 rule stays a red path, the seal stays
an image at the place the PDF prints it."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path
from xml.etree import ElementTree as ET

from PIL import Image

from notice_kit.layout.profile import get_profile
from notice_kit.ofd.verify import NS, check_ofd, ofd_parts


def _page(ofd: bytes, index: int) -> ET.Element:
    return ET.fromstring(ofd_parts(ofd)[f"Doc_0/Pages/Page_{index}/Content.xml"])


def _box(element: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in element.attrib["Boundary"].split())
    return x, y, w, h


def test_the_red_rule_below_the_issuer_mark_is_a_red_path(seed_ofd: bytes) -> None:
    page = _page(seed_ofd, 0)
    red_paths = [p for p in page.iter(f"{NS}PathObject")
                 if (p.find(f"{NS}StrokeColor") is not None
                     and p.find(f"{NS}StrokeColor").attrib["Value"] == "255 0 0")  # type: ignore[union-attr]
                 or (p.find(f"{NS}FillColor") is not None
                     and p.find(f"{NS}FillColor").attrib["Value"] == "255 0 0")]  # type: ignore[union-attr]
    assert red_paths, "no red path on page 1"
    _x, y, w, _ = _box(red_paths[0])
    assert w > 150  # the full width of the 版心 (156 mm)
    mark = next(t for t in page.iter(f"{NS}TextObject")
                if (t.findtext(f"{NS}TextCode") or "").startswith("扬州市教育局"))
    assert mark.find(f"{NS}FillColor").attrib["Value"] == "255 0 0"  # type: ignore[union-attr]
    assert y > _box(mark)[1]


def _red_ink_box(pdf: Path) -> tuple[float, float, float, float]:
    """The box of red pixels below the 版头 rule on page 1 of the PDF (mm), by pdftoppm."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(pdf),
                        f"{tmp}/p"], check=True)
        image = Image.open(next(Path(tmp).glob("p*.png"))).convert("RGB")
    mm = 25.4 / 100
    width, height = image.size
    start = int(140 / mm)  # below the 版头 and its rule
    pixels = image.load()
    xs, ys = [], []
    for y in range(start, height):
        for x in range(width):
            r, g, b = pixels[x, y]
            if r > 180 and g < 100 and b < 100:
                xs.append(x)
                ys.append(y)
    return min(xs) * mm, min(ys) * mm, (max(xs) - min(xs)) * mm, (max(ys) - min(ys)) * mm


def test_the_seal_is_an_image_where_the_pdf_prints_it(sealed_pdf: Path,
                                                     sealed_ofd: bytes) -> None:
    assert check_ofd(sealed_ofd) == []
    parts = ofd_parts(sealed_ofd)
    page = _page(sealed_ofd, 0)
    (image,) = page.iter(f"{NS}ImageObject")
    x, y, w, h = _box(image)
    size = get_profile("gbt9704").seal_size_mm
    assert (w, h) == (round(size, 0), round(size, 0)) or abs(w - size) < 0.1 > abs(h - size)
    ink = _red_ink_box(sealed_pdf)
    # The ring's ink fills the image but for its transparent margin (8 of 420 px).
    margin = size * 8 / 420
    assert abs(ink[0] - (x + margin)) < 0.6 and abs(ink[1] - (y + margin)) < 0.6
    res = ET.fromstring(parts["Doc_0/DocumentRes.xml"])
    (media,) = res.iter(f"{NS}MultiMedia")
    assert media.attrib["ID"] == image.attrib["ResourceID"]
    assert media.attrib["Type"] == "Image"
    picture = Image.open(io.BytesIO(parts["Doc_0/Res/" + (media.findtext(f"{NS}MediaFile") or "")]))
    assert picture.mode == "RGBA" and picture.size == (420, 420)
    assert picture.getpixel((0, 0))[3] == 0  # transparent ground
    assert picture.getpixel((210, 210))[:3] == (220, 0, 0)  # the red star
