"""Sealed joint issue (GB/T 9704-2012 7.3.5.1, issue: every notice shape, item 3).

"联合行文时，一般将各发文机关署名按照发文机关顺序整齐排列在相应位置，并将印章一一对应、
端正、居中下压发文机关署名，最后一个印章端正、居中下压发文机关署名和成文日期，印章之间
排列整齐、互不相交或相切，每排印章两端不得超出版心，首排印章顶端应上距正文（或附件说明）
一行之内。"

Measured on the real PDF: red ink found by column and row projections gives each seal's
box; the names and the date come from the PDF's text.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image

import notice_kit
from notice_kit.errors import DataError
from notice_kit.inspect.pdftext import read_lines
from notice_kit.layout.profile import GBT9704 as P
from notice_kit.manifest import BuildResult

from ..conftest import make_seal, minimal_data, needs_libreoffice
from .raster import MM_PER_PX, render_page

NAMES = ["扬州市教育局", "扬州市财政局", "扬州市卫生健康委员会", "扬州市体育局"]
BLOCK_LEFT = P.margin_left_mm
BLOCK_RIGHT = P.margin_left_mm + P.text_width_mm
LINE_MM = P.line_pitch_pt * 25.4 / 72


@pytest.fixture(scope="module")
def seals(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four seal images of different pixel sizes (one not square)."""
    folder = tmp_path_factory.mktemp("seals")
    base = Image.open(make_seal(folder / "base.png"))
    sizes = [(420, 420), (200, 200), (800, 760), (300, 300)]
    paths = []
    for i, size in enumerate(sizes):
        path = folder / f"seal{i}.png"
        base.resize(size).save(path)
        paths.append(path)
    return paths


def joint_sealed(n: int, seals: list[Path]) -> dict[str, object]:
    data = minimal_data(header={"issuers": NAMES[:n], "doc_number": "扬教发〔2024〕8号"},
                        body=["现将有关事项通知如下。"] * 3,
                        seal=[str(s) for s in seals[:n]])
    data["attachments"] = [{"title": "参会回执", "columns": ["姓名", "单位"]}]
    return data


@pytest.fixture(scope="module", params=[2, 3, 4])
def sealed_build(request: pytest.FixtureRequest, seals: list[Path],
                 tmp_path_factory: pytest.TempPathFactory) -> tuple[int, BuildResult]:
    needs_libreoffice()
    n: int = request.param
    package = notice_kit.package_from_data(joint_sealed(n, seals))
    out = tmp_path_factory.mktemp(f"joint{n}") / "out"
    return n, notice_kit.build_package(package, out, formats=["pdf"])


def _intervals(mask: np.ndarray, axis: int) -> list[tuple[float, float]]:
    """(first, last) mm of the runs of rows (axis=1) or columns (axis=0) holding ink."""
    hits = np.flatnonzero(mask.any(axis=axis))
    out: list[tuple[float, float]] = []
    for i in hits:
        if out and i * MM_PER_PX - out[-1][1] <= 2 * MM_PER_PX:
            out[-1] = (out[-1][0], i * MM_PER_PX)
        else:
            out.append((i * MM_PER_PX, i * MM_PER_PX))
    return out


def seal_boxes(pdf: Path, page: int) -> list[tuple[float, float, float, float]]:
    """Each seal's (x0, top, x1, bottom) in mm, from the red ink below the 版头."""
    rgb = np.asarray(render_page(pdf, page)).astype(int)
    red = (rgb[..., 0] > 180) & (rgb[..., 1] < 100) & (rgb[..., 2] < 100)
    if page == 1:
        red[: round(80 / MM_PER_PX)] = False  # the red mark and rule of the 版头
    boxes = []
    for y0, y1 in _intervals(red, 1):
        band = red[round(y0 / MM_PER_PX): round(y1 / MM_PER_PX) + 1]
        boxes += [(x0, y0, x1, y1) for x0, x1 in _intervals(band, 0)]
    return boxes


def signature_page(result: BuildResult) -> int:
    notice = next(p for p in result.manifest.parts if p.role == "notice")
    return notice.last_page


def test_one_seal_per_name_in_rows_aligned_and_apart(sealed_build: tuple[int, BuildResult]
                                                     ) -> None:
    n, result = sealed_build
    pdf = result.path("package", "pdf")
    boxes = seal_boxes(pdf, signature_page(result))
    assert len(boxes) == n, boxes
    rows = {round(b[1]) for b in boxes}
    assert len(rows) == (1 if n <= 2 else 2), boxes  # 4 → two rows of two
    for a in boxes:
        assert a[0] >= BLOCK_LEFT - 0.5 and a[2] <= BLOCK_RIGHT + 0.5, a  # inside the block
        assert 38 < a[2] - a[0] < 46, a  # 42 mm whatever the image's pixel size
        for b in boxes:
            if a is not b and abs(a[1] - b[1]) < 1:  # same row: aligned, neither touching
                assert abs(a[3] - b[3]) < 2.5, (a, b)
                assert a[2] < b[0] - 1 or b[2] < a[0] - 1, (a, b)
            elif a is not b:  # rows apart
                assert a[3] < b[1] - 1 or b[3] < a[1] - 1, (a, b)


def test_each_seal_presses_its_own_name_and_the_last_the_date(
        sealed_build: tuple[int, BuildResult]) -> None:
    n, result = sealed_build
    pdf = result.path("package", "pdf")
    page = signature_page(result)
    boxes = sorted(seal_boxes(pdf, page), key=lambda b: (round(b[1]), b[0]))
    lines = read_lines(pdf, page, page)[0].lines
    words = [w for ln in lines for w in ln.words]
    for i, name in enumerate(NAMES[:n]):
        word = next(w for w in words if w.text == name)
        box = boxes[i]  # issuing order: left to right, row by row
        assert abs(word.centre_x - (box[0] + box[2]) / 2) < 2.0, (name, word, box)
        # 居中下压: the name lies inside the seal, below its centre.
        assert (box[1] + box[3]) / 2 < word.middle_y < box[3], (name, word, box)
    date = next(ln for ln in lines if ln.text.replace(" ", "") == "2024年10月25日")
    last = boxes[-1]
    # The last seal is centred on the date (wider than the 42 mm seal) and presses it.
    assert abs(date.centre_x - (last[0] + last[2]) / 2) < 2.0, (date, last)
    assert (last[1] + last[3]) / 2 < date.top < last[3] - 3, (date, last)
    assert abs(date.x1 - (BLOCK_RIGHT - P.sealed_date_right_chars * P.char_pitch_pt * 25.4 / 72)
               ) < 1.0


def test_first_row_top_within_a_line_below_the_text(sealed_build: tuple[int, BuildResult]
                                                    ) -> None:
    _, result = sealed_build
    pdf = result.path("package", "pdf")
    page = signature_page(result)
    top = min(b[1] for b in seal_boxes(pdf, page))
    note = next(ln for ln in read_lines(pdf, page, page)[0].lines if ln.text.startswith("附件"))
    assert note.bottom < top <= note.bottom + LINE_MM, (note, top)


def test_a_single_seal_still_works_as_one_path(seals: list[Path], tmp_path: Path) -> None:
    package = notice_kit.package_from_data(minimal_data(seal=str(seals[0])))
    assert package.notice.seals == [seals[0]]
    result = notice_kit.build_package(package, tmp_path / "out", formats=["docx"])
    assert result.manifest.files


def test_seal_list_round_trips_relative(seals: list[Path], tmp_path: Path) -> None:
    package = notice_kit.package_from_data(joint_sealed(2, seals))
    target = seals[0].parent / "notice.yaml"
    notice_kit.dump_notice(package, target)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["notice"]["seal"] == ["seal0.png", "seal1.png"]
    assert notice_kit.load_notice(target).notice.seals == package.notice.seals


def test_a_joint_notice_with_one_seal_is_refused_naming_the_field(seals: list[Path]) -> None:
    data = joint_sealed(3, seals)
    data["notice"]["seal"] = str(seals[0])  # type: ignore[index]
    with pytest.raises(DataError) as err:
        notice_kit.package_from_data(data)
    assert "notice" in str(err.value) and "3个署名，1枚印章" in str(err.value)


def test_a_seal_that_is_not_an_image_names_its_place(seals: list[Path], tmp_path: Path) -> None:
    bad = tmp_path / "seal.png"
    bad.write_text("not an image", encoding="utf-8")
    data = joint_sealed(2, seals)
    data["notice"]["seal"] = [str(seals[0]), str(bad)]  # type: ignore[index]
    out = tmp_path / "out"
    with pytest.raises(DataError) as err:
        notice_kit.build_package(notice_kit.package_from_data(data), out)
    assert "notice.seal[1]" in str(err.value)
    assert not out.exists()  # nothing half-written
