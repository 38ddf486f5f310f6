"""A text box at a fixed place on the page, holding paragraphs (DrawingML ``wps:wsp``).

Used for the 版记, whose last rule must meet the bottom of the text block on the last
page whatever the content above it: Word and LibreOffice both place an anchored shape
at an absolute page position, while LibreOffice 7.4 ignores bottom alignment of frames
and floating tables (measured: both came out in the flow).
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph as DocxParagraph

EMU_PER_MM = 36000

_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


def anchored_drawing(
    shape_id: int,
    name: str,
    *,
    x: int,
    y: int,
    cx: int,
    cy: int,
    horizontal: str,
    vertical: str,
    wrap: str,
    graphic: str,
    namespaces: str = "",
    behind: bool = False,
    overlap: bool = False,
    locks: str = "",
) -> BaseOxmlElement:
    """Return a ``w:r`` holding a floating DrawingML shape: ``graphic`` (an
    ``a:graphicData`` element) at (``x``, ``y``) EMU from ``horizontal``/``vertical``
    (page, margin, paragraph), ``cx`` × ``cy`` EMU, wrapped as ``wrap`` (e.g.
    ``wrapNone``).  The one place that spells ``wp:anchor`` (text box, seal image)."""
    return parse_xml(
        f"""<w:r {_NS} {namespaces}><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0"
 relativeHeight="{251659264 + shape_id}" behindDoc="{int(behind)}" locked="1" layoutInCell="1"
 allowOverlap="{int(overlap)}">
 <wp:simplePos x="0" y="0"/>
 <wp:positionH relativeFrom="{horizontal}"><wp:posOffset>{x}</wp:posOffset></wp:positionH>
 <wp:positionV relativeFrom="{vertical}"><wp:posOffset>{y}</wp:posOffset></wp:positionV>
 <wp:extent cx="{cx}" cy="{cy}"/>
 <wp:effectExtent l="0" t="0" r="0" b="0"/>
 <wp:{wrap}/>
 <wp:docPr id="{shape_id}" name="{name}"/>
 <wp:cNvGraphicFramePr>{locks}</wp:cNvGraphicFramePr>
 <a:graphic>{graphic}</a:graphic>
</wp:anchor></w:drawing></w:r>"""
    )


def anchor_textbox(
    shape_id: int,
    anchor: DocxParagraph,
    content: Sequence[BaseOxmlElement],
    *,
    left_mm: float,
    top_mm: float,
    width_mm: float,
    height_mm: float,
    name: str,
    grow: bool = False,
) -> None:
    """Anchor a borderless text box at (``left_mm``, ``top_mm``) from the page's corner,
    holding the ``w:p`` elements ``content`` (moved out of wherever they were).

    With ``grow`` the box fits its text (``a:spAutoFit``): its top stays, and a line a
    clerk adds in Word, WPS or LibreOffice makes it taller instead of being cut off
    unseen (a fixed box, ``a:noAutofit``, hides what does not fit)."""
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    graphic = f"""<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
  <wps:wsp>
   <wps:cNvSpPr txBox="1"/>
   <wps:spPr>
    <a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
    <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
    <a:noFill/><a:ln><a:noFill/></a:ln>
   </wps:spPr>
   <wps:txbx><w:txbxContent/></wps:txbx>
   <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"
    anchor="b" anchorCtr="0">{"<a:spAutoFit/>" if grow else "<a:noAutofit/>"}</wps:bodyPr>
  </wps:wsp>
 </a:graphicData>"""
    run = anchored_drawing(
        shape_id, name, x=round(left_mm * EMU_PER_MM), y=round(top_mm * EMU_PER_MM),
        cx=cx, cy=cy, horizontal="page", vertical="page", wrap="wrapTopAndBottom",
        graphic=graphic,
    )
    box = run.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}txbxContent")
    for p in content:
        box.append(p)
    anchor._p.append(run)


_VML_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office"'
)


def anchor_turned_textbox(
    shape_id: int,
    anchor: DocxParagraph,
    content: Sequence[BaseOxmlElement],
    *,
    left_mm: float,
    top_mm: float,
    width_mm: float,
    height_mm: float,
) -> None:
    """Anchor a borderless text box whose text is turned a quarter clockwise, at
    (``left_mm``, ``top_mm``) from the page's corner, holding the ``w:p`` elements
    ``content`` — the page number of a landscape page.

    A VML text box (``layout-flow:vertical``): LibreOffice 7.4 places a DrawingML text
    box anchored in a header or footer at the page's corner whatever its offsets
    (measured), while it places a VML one where it says; Word and WPS read both.
    """
    pt = 72 / 25.4
    style = ";".join([
        "position:absolute",
        f"margin-left:{left_mm * pt:.2f}pt", f"margin-top:{top_mm * pt:.2f}pt",
        f"width:{width_mm * pt:.2f}pt", f"height:{height_mm * pt:.2f}pt",
        f"z-index:{251659264 + shape_id}",
        "mso-position-horizontal-relative:page", "mso-position-vertical-relative:page",
        "layout-flow:vertical",
    ])
    run = parse_xml(
        f"""<w:r {_VML_NS}><w:pict>
<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"
 path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>
 <v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>
<v:shape id="nk_turned_{shape_id}" type="#_x0000_t202" filled="f" stroked="f"
 style="{style}">
 <v:textbox style="layout-flow:vertical" inset="0,0,0,0"><w:txbxContent/></v:textbox>
</v:shape></w:pict></w:r>"""
    )
    box = run.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}txbxContent")
    for p in content:
        box.append(p)
    anchor._p.append(run)
