"""Small measures the rules share: the text block in mm, expected font roles, tolerances."""

from __future__ import annotations

from notice_kit.convert.fonts import Role
from notice_kit.inspect.fonts import font_role, role_name
from notice_kit.inspect.model import Element, Geometry, InspectedDocument, PageInfo
from notice_kit.layout.profile import MM_PER_PT, LayoutProfile

# GB/T 9704 5.2.1 gives the margins as 37 mm ± 1 mm; positions of lines and marks are
# measured against the same millimetre.
TOLERANCE_MM = 1.0
SIZE_TOLERANCE_PT = 0.25


def block_left(p: LayoutProfile) -> float:
    return p.margin_left_mm


def block_right(p: LayoutProfile) -> float:
    return p.margin_left_mm + p.text_width_mm


def block_top(p: LayoutProfile) -> float:
    return p.margin_top_mm


def block_bottom(p: LayoutProfile) -> float:
    return p.margin_top_mm + p.text_height_mm


def block_centre(p: LayoutProfile) -> float:
    return (block_left(p) + block_right(p)) / 2


# (top, right, bottom, left) in mm
Margins = tuple[float, float, float, float]


def upright_margins(p: LayoutProfile) -> Margins:
    return p.margin_top_mm, p.margin_right_mm, p.margin_bottom_mm, p.margin_left_mm


def turned_margins(g: Geometry | None, p: LayoutProfile) -> Margins:
    """The margins of a landscape page: the portrait ones turned a quarter clockwise (the
    订口 on top) or anticlockwise, whichever the page (as measured in ``g``) is nearer to;
    clockwise when nothing was measured."""
    top, right, bottom, left = upright_margins(p)
    ways: list[Margins] = [(left, top, right, bottom), (right, bottom, left, top)]
    if g is None:
        return ways[0]
    found = (g.margin_top_mm, g.margin_right_mm, g.margin_bottom_mm, g.margin_left_mm)

    def distance(way: Margins) -> float:
        return sum(abs(f - w) for f, w in zip(found, way, strict=True) if f is not None)

    return min(ways, key=distance)


def page_info(doc: InspectedDocument, page: int | None) -> PageInfo | None:
    return next((info for info in doc.pages if info.number == page), None)


def geometry_of(doc: InspectedDocument, page: int) -> Geometry | None:
    """The geometry of the run of pages (of one size) holding ``page`` (PDF)."""
    runs: list[int] = []  # the first page of each run, as the reader groups them
    previous: tuple[float, float] | None = None
    for info in doc.pages:
        size = (round(info.width_mm, 2), round(info.height_mm, 2))
        if size != previous:
            runs.append(info.number)
        previous = size
    index = sum(1 for first in runs if first <= page) - 1
    return doc.geometry[index] if 0 <= index < len(doc.geometry) else None


def block_x(doc: InspectedDocument, p: LayoutProfile, page: int | None) -> tuple[float, float]:
    """The block's left and right edges on ``page``: a landscape page's (a wide table,
    clause 8) with the margins turned, else the portrait block's."""
    info = page_info(doc, page)
    if info is None or not info.landscape:
        return block_left(p), block_right(p)
    _, right, _, left = turned_margins(geometry_of(doc, info.number), p)
    return left, info.width_mm - right


def block_centre_on(doc: InspectedDocument, p: LayoutProfile, page: int | None) -> float:
    left, right = block_x(doc, p, page)
    return (left + right) / 2


def line_pitch_mm(p: LayoutProfile) -> float:
    return p.line_pitch_pt * MM_PER_PT


def char_mm(p: LayoutProfile, size_pt: float | None = None) -> float:
    """One character cell in mm: the body's pitch, or ``size_pt`` wide."""
    return (size_pt if size_pt is not None else p.char_pitch_pt) * MM_PER_PT


def expected_role(p: LayoutProfile, role: str) -> Role | None:
    """The typeface role of a profile font role ("body", "hei", …)."""
    names = {"body": p.fonts.body, "xiaobiaosong": p.fonts.xiaobiaosong, "hei": p.fonts.hei,
             "kai": p.fonts.kai, "song": p.fonts.song}
    return font_role(names.get(role, role))


def font_text(element: Element, font: str | None = None, role: str | None = None) -> str:
    """"黑体 (黑体)" / "NotoSansCJKjp-Regular (黑体)": the font and the role it stands for."""
    name = font if font is not None else element.font
    kind = role if role is not None else element.font_role
    if name is None:
        return "未知 / unknown"
    return f"{name}（{role_name(kind)}）" if kind else name


def expected_font(p: LayoutProfile, role: str) -> str:
    """What to print as expected: "仿宋（仿宋_GB2312）"."""
    names = {"body": p.fonts.body, "xiaobiaosong": p.fonts.xiaobiaosong, "hei": p.fonts.hei,
             "kai": p.fonts.kai, "song": p.fonts.song}
    expected = expected_role(p, role)
    return f"{role_name(expected)}（{names.get(role, role)}）"


def same_size(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= SIZE_TOLERANCE_PT


def size_text(size: float | None) -> str:
    return "未知 / unknown" if size is None else f"{size:g} pt"


def parts(document: InspectedDocument) -> list[list[Element]]:
    """The notice and each attachment, as separate element lists (numbering restarts)."""
    out: list[list[Element]] = [[]]
    for element in document.elements:
        if element.kind == "attachment_label":
            out.append([])
        out[-1].append(element)
    return out


def has_notice(document: InspectedDocument) -> bool:
    """Tell whether the file holds a notice, not only attachments printed on their own."""
    return any(e.kind in ("title", "addressees", "paragraph", "heading", "mark")
               for e in parts(document)[0])
