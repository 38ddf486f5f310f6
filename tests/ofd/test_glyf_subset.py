"""The byte-level TrueType subsetter (notice_kit.ofd.glyf) a part OFD's fonts from the PDF
go through: the kept glyphs draw as before (composite glyphs with their components,
renumbered), with their advances; what it does not take is refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from notice_kit.ofd.glyf import subset_glyf
from notice_kit.ofd.sfnt import Unsupported

LIBERATION = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")


def _like_libreoffice() -> bytes:
    """Liberation Serif with the tables LibreOffice's subsets have (post without names)."""
    if not LIBERATION.exists():
        pytest.skip("Liberation Serif is not installed")
    font = TTFont(str(LIBERATION))
    for tag in ("FFTM", "GDEF", "GPOS", "GSUB", "kern"):
        del font[tag]
    font["post"].formatType = 3.0
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def test_kept_glyphs_draw_as_before_with_their_components() -> None:
    program = _like_libreoffice()
    original = TTFont(io.BytesIO(program))
    cmap = original.getBestCmap()
    order = original.getGlyphOrder()
    wanted = sorted({order.index(cmap[ord(ch)]) for ch in "Àéñ2024年AZ"
                     if ord(ch) in cmap})
    data, new = subset_glyf(program, wanted)
    subset = TTFont(io.BytesIO(data))
    assert set(wanted) | {0} <= set(new)
    assert len(new) > len(wanted) + 1  # the components of À, é, ñ came along
    assert subset["maxp"].numGlyphs == len(new) == len(subset.getGlyphOrder())
    old_set, new_set = original.getGlyphSet(), subset.getGlyphSet()
    new_order = subset.getGlyphOrder()
    for old, index in new.items():
        old_pen, new_pen = DecomposingRecordingPen(old_set), DecomposingRecordingPen(new_set)
        old_set[order[old]].draw(old_pen)
        new_set[new_order[index]].draw(new_pen)
        assert new_pen.value == old_pen.value, order[old]
        assert subset["hmtx"][new_order[index]] == original["hmtx"][order[old]]
    assert len(data) < len(program) / 10


def test_a_font_with_layout_tables_is_refused() -> None:
    if not LIBERATION.exists():
        pytest.skip("Liberation Serif is not installed")
    with pytest.raises(Unsupported):
        subset_glyf(LIBERATION.read_bytes(), [1, 2, 3])
