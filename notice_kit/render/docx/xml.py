"""The thin OOXML layer: the only place that spells WordprocessingML element names.

Everything above it speaks in fonts, sizes, indents and borders.
"""

from __future__ import annotations

from docx.oxml.ns import nsmap as _NSMAP
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from docx.oxml.xmlchemy import BaseOxmlElement

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4


def mm_to_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def pt_to_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


def clark(tag: str) -> str:
    """``qn(tag)``, remembered: rendering asks for the same few dozen names ~100,000 times."""
    try:
        return _CLARK[tag]
    except KeyError:
        name = _CLARK[tag] = qn(tag)
        return name


_CLARK: dict[str, str] = {}
_MADE: dict[str, tuple[str, dict[str, str]]] = {}


def new_element(tag: str) -> BaseOxmlElement:
    """python-docx's ``OxmlElement(tag)``, with the parsing of ``tag`` remembered: a
    build makes ~4,000 elements of a few dozen names."""
    try:
        name, declared = _MADE[tag]
    except KeyError:
        prefix = tag.partition(":")[0]
        name, declared = _MADE[tag] = (clark(tag), {prefix: _NSMAP[prefix]})
    made: BaseOxmlElement = oxml_parser.makeelement(name, nsmap=declared)
    return made


_LATER: dict[tuple[str, ...], frozenset[str]] = {}


def child(parent: BaseOxmlElement, tag: str, *, before: tuple[str, ...] = ()) -> BaseOxmlElement:
    """Return ``parent``'s child ``tag``, creating it (ahead of any of ``before``) if absent."""
    found: BaseOxmlElement | None = parent.find(clark(tag))
    if found is not None:
        return found
    el = new_element(tag)
    if before:
        later = _LATER.get(before)
        if later is None:
            later = _LATER[before] = frozenset(clark(name) for name in before)
        # One pass over the children (they are in schema order): the first that must come
        # after the new one is where it goes.
        for existing in parent.iterchildren():
            if existing.tag in later:
                existing.addprevious(el)
                return el
    parent.append(el)
    return el


def set_attrs(el: BaseOxmlElement, **attrs: str | int) -> BaseOxmlElement:
    for key, value in attrs.items():
        el.set(clark(f"w:{key}"), str(value))
    return el


def element(tag: str, **attrs: str | int) -> BaseOxmlElement:
    return set_attrs(new_element(tag), **attrs)


# Order of w:rPr children per the schema (CT_RPr); Word rejects out-of-order children.
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
    "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
# Order of w:pPr children per the schema (CT_PPr).
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


# Order of w:tblPr children (CT_TblPr) and of w:trPr children (CT_TrPr).
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription",
)
TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)


def ordered_child(parent: BaseOxmlElement, tag: str, order: tuple[str, ...]) -> BaseOxmlElement:
    """Return ``parent``'s child ``tag``, inserted at its schema position if new."""
    key = (tag, order)
    later = _AFTER.get(key)
    if later is None:
        later = _AFTER[key] = order[order.index(tag) + 1 :]
    return child(parent, tag, before=later)


_AFTER: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}


def rpr_set(rpr: BaseOxmlElement, tag: str, **attrs: str | int) -> BaseOxmlElement:
    return set_attrs(ordered_child(rpr, tag, RPR_ORDER), **attrs)


def ppr_set(ppr: BaseOxmlElement, tag: str, **attrs: str | int) -> BaseOxmlElement:
    return set_attrs(ordered_child(ppr, tag, PPR_ORDER), **attrs)


def set_fonts(rpr: BaseOxmlElement, name: str, *, latin: str | None = None) -> None:
    """Name the font on every script slot, East Asian first (GBT9704.md "Fonts").

    ``w:hint="eastAsia"`` makes Word use the East-Asian font for ambiguous-width
    characters such as “” —— ……, which would otherwise come out in the Latin font.
    """
    rpr_set(
        rpr,
        "w:rFonts",
        ascii=latin or name,
        hAnsi=latin or name,
        eastAsia=name,
        cs=latin or name,
        hint="eastAsia",
    )


def set_size(rpr: BaseOxmlElement, pt: float) -> None:
    half_points = round(pt * 2)
    rpr_set(rpr, "w:sz", val=half_points)
    rpr_set(rpr, "w:szCs", val=half_points)


def border(tag: str, *, sz: int, color: str = "000000", space: int = 0) -> BaseOxmlElement:
    return element(tag, val="single", sz=sz, space=space, color=color)
