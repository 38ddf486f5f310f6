"""Rendering PDF pages to pixels for measurement (poppler's pdftoppm + Pillow)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

DPI = 300
MM_PER_PX = 25.4 / DPI


def render_page(pdf: Path, page: int) -> Image.Image:
    """Return page ``page`` (1-based) of ``pdf`` as an RGB image at 300 dpi."""
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "p"
        subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png",
                        str(pdf), str(stem)], check=True, timeout=120)
        (png,) = Path(tmp).glob("p-*.png")
        return Image.open(png).convert("RGB")


def is_red(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return r > 180 and g < 100 and b < 100


def is_dark(rgb: tuple[int, int, int]) -> bool:
    return max(rgb) < 110


def rows_where(image: Image.Image, test: object, *, x_mm: tuple[float, float] = (0, 210),
               y_mm: tuple[float, float] = (0, 297), min_run_mm: float = 0) -> list[float]:
    """Return the y (mm) of every pixel row holding pixels that pass ``test``; with
    ``min_run_mm``, only rows where at least that length of such pixels stands."""
    px = image.load()
    x0, x1 = (round(v / MM_PER_PX) for v in x_mm)
    y0, y1 = (round(v / MM_PER_PX) for v in y_mm)
    need = max(1, round(min_run_mm / MM_PER_PX / 2))
    found = []
    for y in range(max(y0, 0), min(y1, image.height)):
        count = sum(1 for x in range(max(x0, 0), min(x1, image.width), 2) if test(px[x, y]))  # type: ignore[operator,index]
        if count >= need:
            found.append(y * MM_PER_PX)
    return found


def runs(values: list[float], gap_mm: float = 0.3) -> list[tuple[float, float]]:
    """Group sorted row positions into (first, last) runs."""
    out: list[tuple[float, float]] = []
    for v in values:
        if out and v - out[-1][1] <= gap_mm:
            out[-1] = (out[-1][0], v)
        else:
            out.append((v, v))
    return out
