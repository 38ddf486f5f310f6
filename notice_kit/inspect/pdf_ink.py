"""The top of a PDF mark's red ink, found in a few pixel rows rendered by pdftoppm
(GB/T 9704 7.2.4 measures the mark's top edge, a little below its letters' box)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from notice_kit.inspect.model import Element
from notice_kit.inspect.pdftext import run_poppler

_DPI = 300
_HIGH = bytes(1 if v > 180 else 0 for v in range(256))
_LOW = bytes(1 if v < 100 else 0 for v in range(256))


def measure_mark(pdf: Path, elements: list[Element]) -> None:
    """Set the mark's ``ink_top_mm``: the first pixel row holding red ink (7.2.4 measures
    the mark's top edge, which lies a little below the top of its letters' box)."""
    mark = next((e for e in elements if e.kind == "mark" and e.boxes), None)
    if mark is None or shutil.which("pdftoppm") is None:
        return
    box = mark.boxes[0]
    top = max(box.top_mm - 2, 0)
    mark.ink_top_mm = _red_ink_top(pdf, box.page, box.x0_mm, top, box.x1_mm, box.bottom_mm)


def _red_ink_top(pdf: Path, page: int, x0: float, y0: float, x1: float, y1: float) -> float | None:
    px = _DPI / 25.4
    args = ["-r", str(_DPI), "-f", str(page), "-l", str(page),
            "-x", str(round(x0 * px)), "-y", str(round(y0 * px)),
            "-W", str(round((x1 - x0) * px)), "-H", str(round((y1 - y0) * px)), str(pdf)]
    ppm = run_poppler("pdftoppm", args, pdf)
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", ppm)
    if m is None:
        return None
    width, height = int(m[1]), int(m[2])
    data = ppm[m.end():]
    stride = width * 3
    for row in range(height):
        line = data[row * stride:(row + 1) * stride]
        red = (int.from_bytes(line[0::3].translate(_HIGH), "big")
               & int.from_bytes(line[1::3].translate(_LOW), "big")
               & int.from_bytes(line[2::3].translate(_LOW), "big"))
        if red.bit_count() >= 2:
            return round(y0 + row / px, 2)
    return None
