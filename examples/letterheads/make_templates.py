"""Make the example letterhead templates in this folder (run from the repository root):

    python examples/letterheads/make_templates.py

- ``gbt9704.docx``: the built-in GB/T 9704-2012 版头 with placeholders
  (:func:`notice_kit.render.docx.letterhead.export_default_letterhead`), to start from;
- ``bureau-custom.docx``: a bureau's own design — logo, red name in Chinese and English,
  thin red double rule, 发文字号 and date — showing docxtpl's ``{%p if %}`` paragraphs.

Both are written byte for byte the same on every run (fixed zip timestamps, a logo
drawn without text so no font is involved).
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from docx.shared import Mm
from PIL import Image, ImageDraw

from notice_kit.layout.profile import GBT9704
from notice_kit.render.docx import xml
from notice_kit.render.docx.letterhead import export_default_letterhead
from notice_kit.render.docx.writer import DocxWriter, Span

HERE = Path(__file__).resolve().parent
RED = GBT9704.mark_color
LATIN = "Times New Roman"


def logo_png(size: int = 256) -> bytes:
    """A red disc with a white five-pointed star, drawn 4× larger and scaled down so the
    edges are smooth."""
    big = size * 4
    image = Image.new("RGBA", (big, big), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, big - 8, big - 8), fill=f"#{RED}")
    centre, outer, inner = big / 2, big * 0.36, big * 0.36 * 0.382
    points = [
        (centre + r * math.sin(math.pi * k / 5), centre - r * math.cos(math.pi * k / 5))
        for k, r in ((k, outer if k % 2 == 0 else inner) for k in range(10))
    ]
    draw.polygon(points, fill="white")
    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()


def bureau_custom(path: Path) -> None:
    writer = DocxWriter(GBT9704)
    # 紧急程度 only when the notice has one: docxtpl drops the {%p %} paragraphs.
    writer.paragraph([Span("{%p if urgency %}")], align="left")
    writer.paragraph([Span("{{ urgency }}", role="hei")], align="left")
    writer.paragraph([Span("{%p endif %}")], align="left")
    name = writer.paragraph([], align="center", space_before_pt=24)
    # "At least" spacing: the exact body pitch would clip the 16 mm logo.
    xml.ppr_set(name._p.get_or_add_pPr(), "w:spacing", line=xml.pt_to_twips(52),
                lineRule="atLeast")
    xml.ppr_set(name._p.get_or_add_pPr(), "w:textAlignment", val="center")
    name.add_run().add_picture(io.BytesIO(logo_png()), width=Mm(16), height=Mm(16))
    writer.add_span(name, Span(" 扬州市教育局", role="xiaobiaosong", size=36, color=RED,
                               condensed=False))
    english = writer.paragraph([], align="center", line_pt=22)
    run = english.add_run("Yangzhou Municipal Education Bureau")
    rpr = run._r.get_or_add_rPr()
    xml.set_fonts(rpr, LATIN)
    # Small caps change lower-case letters only: the text is typed in mixed case.
    xml.rpr_set(rpr, "w:smallCaps")
    xml.rpr_set(rpr, "w:color", val=RED)
    xml.rpr_set(rpr, "w:spacing", val=20)
    xml.set_size(rpr, 14)
    rule = writer.paragraph([], line_pt=8)
    borders = xml.ordered_child(rule._p.get_or_add_pPr(), "w:pBdr", xml.PPR_ORDER)
    borders.append(xml.element("w:bottom", val="double", sz=4, space=1, color=RED))
    number = writer.paragraph([Span("{{ doc_number }}")], align="left")
    tabs = xml.ordered_child(number._p.get_or_add_pPr(), "w:tabs", xml.PPR_ORDER)
    tabs.append(xml.element("w:tab", val="right", pos=writer.text_width_twips))
    writer.add_span(number, Span("\t{{ date }}"))
    path.write_bytes(writer.to_bytes())


def main() -> None:
    export_default_letterhead(HERE / "gbt9704.docx")
    bureau_custom(HERE / "bureau-custom.docx")


if __name__ == "__main__":
    main()
