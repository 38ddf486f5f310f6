"""The byte-level CFF subsetter (notice_kit.ofd.cff): a subset draws exactly the installed
face's glyphs (outlines, advances, CIDs), for a face without subroutines (FandolFang) and
one with them (Noto CJK, hint masks inside subroutines); what it cannot do goes to
fontTools."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from notice_kit.convert.fonts import InstalledFace, installed_faces
from notice_kit.ofd import FontBook
from notice_kit.ofd.cff import _flatten, _Subrs
from notice_kit.ofd.fonts import PdfFontProgram, _Source
from notice_kit.ofd.otf import subset_face
from notice_kit.ofd.sfnt import Unsupported

TEXT = "关于开展全市青少年生命关爱第三季度复盘与调度工作的通知，各县（市、区）教育局：2024年10月"


def _face(family: str, style: str = "Regular") -> InstalledFace:
    for face in installed_faces():
        if family in face.families and style in face.styles:
            return face
    pytest.skip(f"{family} {style} is not installed (scripts/install-system-deps.sh)")


def _glyphs(face: InstalledFace, text: str) -> tuple[list[int], dict[str, int]]:
    with TTFont(str(face.file), fontNumber=face.index, lazy=True) as font:
        order = {n: i for i, n in enumerate(font.getGlyphOrder())}
        cmap = font.getBestCmap()
        gids = sorted({order[cmap[ord(ch)]] for ch in text if ord(ch) in cmap})
    new = {gid: i + 1 for i, gid in enumerate(gids)}
    chars = {ch: new[order[cmap[ord(ch)]]] for ch in text if ord(ch) in cmap}
    return gids, chars


def _assert_same_glyphs(face: InstalledFace, data: bytes, gids: list[int]) -> None:
    sub = TTFont(io.BytesIO(data))
    with TTFont(str(face.file), fontNumber=face.index, lazy=True) as orig:
        new_order, old_order = sub.getGlyphOrder(), orig.getGlyphOrder()
        assert len(new_order) == len(gids) + 1
        new_set, old_set = sub.getGlyphSet(), orig.getGlyphSet()
        for new_name, gid in zip(new_order, [0, *gids], strict=True):
            old_name = old_order[gid]
            assert new_name == old_name  # the same CID (or glyph name)
            new_pen, old_pen = DecomposingRecordingPen(new_set), DecomposingRecordingPen(old_set)
            new_set[new_name].draw(new_pen)
            old_set[old_name].draw(old_pen)
            assert new_pen.value == old_pen.value, old_name
            assert sub["hmtx"][new_name] == orig["hmtx"][old_name]
    assert sub.sfntVersion == "OTTO"
    assert sorted(sub.keys()) == ["CFF ", "GlyphOrder", "OS/2", "cmap", "head", "hhea", "hmtx",
                                  "maxp", "name", "post"]
    top = sub["CFF "].cff.topDictIndex[0]
    assert not sub["CFF "].cff.GlobalSubrs  # inlined
    for fd in getattr(top, "FDArray", [top]):
        assert not hasattr(fd.Private, "Subrs")


@pytest.mark.parametrize(("family", "style"), [
    ("FandolFang", "Regular"),  # no subroutines: charstrings sliced
    ("Noto Serif CJK SC", "Bold"),  # subroutines, hint masks, 18 Font DICTs
    ("Noto Sans CJK SC", "Regular"),
])
def test_a_subset_draws_the_installed_faces_own_glyphs(family: str, style: str) -> None:
    face = _face(family, style)
    gids, chars = _glyphs(face, TEXT)
    assert len(gids) > 30
    data, ps, fam = subset_face(face.file, face.index, gids, chars)
    _assert_same_glyphs(face, data, gids)
    sub = TTFont(io.BytesIO(data))
    assert sub.getBestCmap() == {ord(ch): sub.getGlyphOrder()[g] for ch, g in chars.items()}
    assert ps and fam
    assert sub["name"].getDebugName(6) == ps


def test_the_subsets_pass_the_opentype_sanitizer(tmp_path: Path) -> None:
    """OTS (the sanitizer browsers run on web fonts): a dev dependency, so CI has it."""
    try:
        import ots  # type: ignore[import-untyped]
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("opentype-sanitizer missing: pip install -e '.[dev]'")
        pytest.skip("opentype-sanitizer not installed")
    for family, style in (("FandolFang", "Regular"), ("Noto Serif CJK SC", "Bold")):
        face = _face(family, style)
        gids, chars = _glyphs(face, TEXT)
        path = tmp_path / "subset.otf"
        path.write_bytes(subset_face(face.file, face.index, gids, chars)[0])
        result = ots.sanitize(str(path), str(tmp_path / "out.otf"), capture_output=True)
        assert result.returncode == 0, result.stderr


def _book_font(face: InstalledFace, text: str) -> bytes:
    book = FontBook(faces=[face], preferred=[(face.file, face.index)])
    key = f"face:{face.file}#{face.index}"
    with TTFont(str(face.file), fontNumber=face.index, lazy=True) as font:
        order = {n: i for i, n in enumerate(font.getGlyphOrder())}
        cmap = font.getBestCmap()
    source = _Source(key, PdfFontProgram("X", "type1", "k"), face=face,
                     uses=Counter((ch, order[cmap[ord(ch)]]) for ch in text if ord(ch) in cmap))
    book._sources[key] = source
    return book.font(key).data


def test_a_face_the_subsetter_cannot_do_goes_to_fonttools(
        monkeypatch: pytest.MonkeyPatch) -> None:
    face = _face("Noto Serif CJK SC", "Bold")
    gids, _ = _glyphs(face, TEXT)

    def refuse(*args: object) -> tuple[bytes, str, str]:
        raise Unsupported("test")

    monkeypatch.setattr("notice_kit.ofd.fonts.subset_face", refuse)
    data = _book_font(face, TEXT)
    _assert_same_glyphs(face, data, gids)


def _subrs(*bodies: bytes) -> _Subrs:
    from notice_kit.ofd.cff import _Index, _index

    return _Subrs(_Index(_index(list(bodies)), 0) if bodies else None)


def test_flatten_inlines_calls_and_counts_hints_across_them() -> None:
    # 8 stem hints (hstemhm), then two operands left for the subroutine's hintmask: an
    # implicit vstem, the 9th hint, so the mask takes 2 bytes (1 if miscounted).
    glyph = bytes([139] * 16 + [18] + [139, 139] + [32, 10] + [139, 139, 21, 14])
    local = _subrs(bytes([19, 0xFF, 0x80, 11]))  # subr -107 (bias 107): hintmask, return
    flat = _flatten(glyph, _subrs(), local)
    assert flat == bytes([139] * 16 + [18] + [139, 139] + [19, 0xFF, 0x80]
                         + [139, 139, 21, 14])
    # A global subroutine ending the glyph (endchar inside it): the caller's rest is dropped.
    glyph = bytes([139, 139, 21, 32, 29, 139, 139, 21, 14])
    flat = _flatten(glyph, _subrs(bytes([14])), _subrs())
    assert flat == bytes([139, 139, 21, 14])


def test_flatten_refuses_a_computed_subroutine_number() -> None:
    local = _subrs(bytes([11]))
    glyph = bytes([32, 139, 12, 10, 10, 14])  # -107 0 add callsubr
    with pytest.raises(Unsupported):
        _flatten(glyph, _subrs(), local)


def test_subsetting_fandolfang_is_fast() -> None:
    """The ~800 glyphs of the seed's body face in well under the 2 s fontTools took."""
    face = _face("FandolFang", "Regular")
    code = (
        "import time, sys\n"
        "from pathlib import Path\n"
        "from notice_kit.ofd.otf import subset_face\n"
        f"t = time.process_time(); subset_face(Path({str(face.file)!r}), {face.index}, "
        "list(range(1, 9000, 11)), {}); print(time.process_time() - t)\n"
    )
    seconds = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   check=True).stdout)
    assert seconds < 0.5


def test_a_name_keyed_cff_face(tmp_path: Path) -> None:
    """Not a CID font (as FandolFang and Noto CJK are): glyph names through the charset, one
    Private DICT at the top."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    names = [".notdef", "A", "B", "C", "D"]
    strings = {}
    for i, name in enumerate(names):
        pen = T2CharStringPen(500, None)
        pen.moveTo((50 + i, 0))
        pen.lineTo((450, 10 * i))
        pen.lineTo((250, 600 - i))
        pen.closePath()
        strings[name] = pen.getCharString()
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(n): n for n in names[1:]})
    builder.setupCFF("TestFace-Regular", {"FullName": "Test Face"}, strings, {})
    builder.setupHorizontalMetrics({n: (500 + i, 50 + i) for i, n in enumerate(names)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test Face", "styleName": "Regular",
                            "psName": "TestFace-Regular"})
    builder.setupOS2()
    builder.setupPost()
    path = tmp_path / "face.otf"
    builder.save(str(path))
    face = InstalledFace(("Test Face",), ("Regular",), path, 0)
    data, ps, family = subset_face(path, 0, [2, 4], {"B": 1, "D": 2})
    _assert_same_glyphs(face, data, [2, 4])
    font = TTFont(io.BytesIO(data))
    assert font.getGlyphOrder() == [".notdef", "B", "D"]
    assert not hasattr(font["CFF "].cff.topDictIndex[0], "ROS")
    assert (ps, family) == ("TestFace-Regular", "Test Face")
