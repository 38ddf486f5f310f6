"""The seal (印章) image pressing the signature and date (GB/T 9704-2012 7.3.5.1)."""

from __future__ import annotations

from pathlib import Path

from docx.image.exceptions import UnrecognizedImageError
from docx.text.paragraph import Paragraph as DocxParagraph

from notice_kit.errors import DataError, Problem
from notice_kit.render.docx.textbox import EMU_PER_MM, anchored_drawing
from notice_kit.render.docx.writer import DocxWriter

# Namespaces the picture markup needs beyond those of the anchor.
_PICTURE_NS = (
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def add_seal(writer: DocxWriter, name_para: DocxParagraph, image: Path, *,
             centre_chars: float, location: str = "notice.seal") -> None:
    """Float the seal image over the signature: centred at ``centre_chars`` body cells
    from the left of the block, its centre on the top of the name line, so name and date
    sit a little below the seal's centre (居中下压, 居印章中心偏下)."""
    p = writer.profile
    try:
        rid, img = writer.document.part.get_or_add_image(str(image))
    except (UnrecognizedImageError, OSError) as exc:
        raise DataError(
            [Problem(location, f"无法读取印章图片 / cannot read the seal image: {exc}")]
        ) from None
    size_mm = p.seal_size_mm
    ratio = img.px_height / img.px_width if img.px_width else 1.0
    cx, cy = round(size_mm * EMU_PER_MM), round(size_mm * ratio * EMU_PER_MM)
    centre_mm = centre_chars * p.char_pitch_pt * 25.4 / 72
    x = round(centre_mm * EMU_PER_MM - cx / 2)
    y = -cy // 2
    sid = writer.next_id()
    graphic = f"""<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">
  <pic:pic>
   <pic:nvPicPr><pic:cNvPr id="{sid}" name="seal"/><pic:cNvPicPr/></pic:nvPicPr>
   <pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>
   <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
    <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>
  </pic:pic>
 </a:graphicData>"""
    run = anchored_drawing(
        sid, "印章", x=x, y=y, cx=cx, cy=cy, horizontal="margin", vertical="paragraph",
        wrap="wrapNone", graphic=graphic, namespaces=_PICTURE_NS, overlap=True,
        locks='<a:graphicFrameLocks noChangeAspect="1"/>',
    )
    name_para._p.append(run)
