"""The OFD stage's own PDF reader (notice_kit.ofd.pdfread, over pypdf): on notice_kit's
PDFs it gives exactly what pdfminer.six's interpreter gave (every glyph, path and image,
to the last bit of every coordinate) without falling back to it; what it does not take
goes to pdfminer; its content-stream syntax and text operators."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject

from notice_kit.ofd import FontBook
from notice_kit.ofd.model import PT_TO_MM, Glyph, PageContent, Picture
from notice_kit.ofd.pdfminer_read import read_pages_pdfminer
from notice_kit.ofd.pdfread import read_pages
from notice_kit.ofd.pdfsyntax import Name, parse


def _read_without_fallback(pdf: bytes | Path,
                           monkeypatch: pytest.MonkeyPatch) -> tuple[list[PageContent], FontBook]:
    def refuse(*args: object) -> list[PageContent]:
        raise AssertionError("the PDF went to pdfminer")

    book = FontBook()
    with monkeypatch.context() as patch:
        patch.setattr("notice_kit.ofd.pdfminer_read.read_pages_pdfminer", refuse)
        pages = read_pages(pdf, book)
    return pages, book


def _uses(book: FontBook) -> dict[str, Any]:
    return {key: source.uses for key, source in book._sources.items() if source.uses}


@pytest.mark.parametrize("fixture", ["seed_pdf", "sealed_pdf", "internal_pdf"])
def test_the_same_items_as_pdfminer_read(fixture: str, request: pytest.FixtureRequest,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Seed (14 pages, 4 CFF faces, 2 TrueType), sealed (an image with a soft mask),
    internal (AES-encrypted, text turned 45°)."""
    pdf: Path = request.getfixturevalue(fixture)
    pages, book = _read_without_fallback(pdf, monkeypatch)
    reference_book = FontBook()
    reference = read_pages_pdfminer(pdf, reference_book)
    assert pages == reference
    assert _uses(book) == _uses(reference_book)
    assert sum(isinstance(i, Glyph) for p in pages for i in p.items) > 50


def _with_content(pdf: Path, extra: bytes, *, drop_to_unicode: str | None = None) -> bytes:
    """``pdf`` with ``extra`` drawn after page 1's content."""
    writer = PdfWriter(clone_from=str(pdf))
    page = writer.pages[0]
    content = ContentStream(None, writer)
    content.set_data(page.get_contents().get_data() + b"\n" + extra)
    page.replace_contents(content)
    if drop_to_unicode:
        font = page["/Resources"]["/Font"][drop_to_unicode].get_object()
        del font[NameObject("/ToUnicode")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _liberation(pdf: Path) -> tuple[str, list[float]]:
    """The TrueType font of page 1 (its resource name) and its widths from code 0."""
    page = PdfReader(pdf).pages[0]
    for name, font in page["/Resources"]["/Font"].items():
        font = font.get_object()
        if font["/Subtype"] == "/TrueType" and font.get("/FirstChar", 0) == 0:
            return name[1:], [float(w) for w in font["/Widths"]]
    pytest.skip("no TrueType font on page 1")


def test_text_state_operators_and_literal_strings(sealed_pdf: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    font, widths = _liberation(sealed_pdf)
    extra = (f"q 0 0 1 rg BT /{font} 20 Tf 2 Tc 50 Tz 3 Ts 14 TL 1 0 0 1 100 300 Tm "
             r"(\001\002\001) Tj (\002) ' 0 4 (\001) " + '"' + " ET Q").encode()
    pages, _ = _read_without_fallback(_with_content(sealed_pdf, extra), monkeypatch)
    height = pages[0].height
    added = [i for i in pages[0].items if isinstance(i, Glyph) and i.color == (0, 0, 255)]
    assert len(added) == 5
    first, second, third, after_quote, after_double = added
    # Advance = (width / 1000 × size + Tc) × Tz: Tc after every glyph.
    step1 = (widths[1] / 1000 * 20 + 2) * 0.5
    step2 = (widths[2] / 1000 * 20 + 2) * 0.5
    assert first.x == pytest.approx(100 * PT_TO_MM)
    assert second.x == pytest.approx((100 + step1) * PT_TO_MM)
    assert third.x == pytest.approx((100 + step1 + step2) * PT_TO_MM)
    # Ts raises the baseline; ' goes to the next line (TL 14 down) and starts over.
    assert first.y == pytest.approx(height - (300 + 3) * PT_TO_MM)
    assert after_quote.y == pytest.approx(height - (300 - 14 + 3) * PT_TO_MM)
    assert after_quote.x == pytest.approx(100 * PT_TO_MM)
    # " sets Tw and Tc (4) and shows its string after the last advance of the line.
    step_quote = (widths[2] / 1000 * 20 + 2) * 0.5
    assert after_double.x == pytest.approx((100 + step_quote) * PT_TO_MM)
    assert first.frame == (0.5, 0.0, 0.0, 1.0)  # Tz 50: glyphs half as wide
    assert first.size == pytest.approx(20 * PT_TO_MM)


def test_an_inline_image_goes_to_pdfminer(sealed_pdf: Path) -> None:
    data = _with_content(sealed_pdf, b"q 10 0 0 10 50 50 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x80"
                                     b" EI Q")
    pages = read_pages(data, FontBook())
    assert pages == read_pages_pdfminer(data, FontBook())
    assert sum(isinstance(i, Picture) for i in pages[0].items) == 2  # the seal and the dot


def test_a_font_without_tounicode_goes_to_pdfminer(sealed_pdf: Path) -> None:
    font, _ = _liberation(sealed_pdf)
    data = _with_content(sealed_pdf, b"", drop_to_unicode=f"/{font}")
    pages = read_pages(data, FontBook())
    assert pages == read_pages_pdfminer(data, FontBook())


def test_content_stream_syntax() -> None:
    stream = (b"% a comment\n/Name#20x 1 -2.5 .5 +3 4. true null [1 (a\\(b\\)c) <41 4>] "
              b"<</MCID 0 /K [1 2]>> BDC (x\\\ny\\101\\12z(n)) Tj EMC T* f*")
    ops = list(parse(stream))
    assert [op for op, _ in ops] == ["BDC", "Tj", "EMC", "T*", "f*"]
    operands = ops[0][1]
    assert operands[:8] == ["Name x", 1, -2.5, 0.5, 3, 4.0, True, None]
    assert isinstance(operands[0], Name)
    assert operands[8] == [1, b"a(b)c", b"A@"]  # odd hex digits end in 0
    assert operands[9] == {"MCID": 0, "K": [1, 2]}
    assert ops[1][1] == [b"xyA\nz(n)"]  # line continuation, octal escapes, nested parens
    # The same stream without literal strings and comments takes the fast path.
    fast = list(parse(b"/F1 12 Tf[<0102>-50<03>]TJ 1 0 0 RG 0.5 w"))
    assert fast == [("Tf", ["F1", 12]), ("TJ", [[b"\x01\x02", -50, b"\x03"]]),
                    ("RG", [1, 0, 0]), ("w", [0.5])]
