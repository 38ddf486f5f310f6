"""Layout profiles: every number of the page layout, in one place.

:data:`GBT9704` is GB/T 9704-2012 as digested in the project's notes; a local variant is
another named profile derived from it (``GBT9704.model_copy(update=…)``), never an edit.
Lengths are in millimetres or points as their names say.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from notice_kit.errors import LayoutError

MM_PER_PT = 25.4 / 72


class Fonts(BaseModel):
    """Font names written into the .docx (East-Asian attribute) per role (GB/T 9704 fonts)."""

    model_config = ConfigDict(frozen=True)

    body: str = "仿宋_GB2312"
    xiaobiaosong: str = "方正小标宋简体"
    hei: str = "黑体"
    kai: str = "楷体_GB2312"
    song: str = "宋体"
    latin: str = "Times New Roman"
    # The _GB2312 faces lack characters outside GB2312 (堃, 𠮷): runs holding such
    # characters switch to the plain family of the same style.
    fallback: dict[str, str] = Field(
        default_factory=lambda: {
            "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "方正小标宋_GBK"
        }
    )


class LayoutProfile(BaseModel):
    """All numbers the .docx renderer uses. Defaults are GB/T 9704-2012."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "gbt9704"
    description: str = "GB/T 9704-2012 党政机关公文格式"

    # 5.2.1 Paper and text block.
    page_width_mm: float = 210
    page_height_mm: float = 297
    margin_top_mm: float = 37
    margin_bottom_mm: float = 35
    margin_left_mm: float = 28
    margin_right_mm: float = 26

    # 5.2 (digest "Units and page") Grid: 22 lines × 28 characters. Exact line spacing
    # of 225 mm / 22 fills the block in Word and LibreOffice alike (a 28 pt one does not).
    lines_per_page: int = 22
    chars_per_line: int = 28
    line_pitch_twips: int = 579
    # 28 × 16 pt > 156 mm: condense body characters by 0.25 pt (twentieths: -5).
    char_spacing_twentieths: int = -5

    fonts: Fonts = Field(default_factory=Fonts)
    body_size_pt: float = 16  # 三号
    title_size_pt: float = 22  # 二号
    mark_size_pt: float = 42  # 初号; shrunk to fit the width when the name is long
    mark_color: str = "FF0000"
    page_number_size_pt: float = 14  # 四号
    colophon_size_pt: float = 14  # 四号

    # 7.2.4 The mark's top edge sits 35 mm below the top of the text block.
    mark_top_mm: float = 35
    # 7.2.5 Two blank lines between the mark and the 发文字号.
    blank_lines_after_mark: int = 2
    # 7.2.7 The red separator 4 mm below the 发文字号, full block width.
    rule_gap_mm: float = 4
    rule_width_pt: float = 1.0
    # 7.3.1 Title two blank lines below the rule; 主送 one blank line below the title.
    blank_lines_before_title: int = 2
    blank_lines_after_title: int = 1
    # 7.3.4 附件说明 one blank line below the body.
    blank_lines_before_attachment_note: int = 1
    # 7.3.5 Signature one blank line below; two characters in from the right.
    blank_lines_before_signature: int = 1
    signature_right_chars: float = 2
    date_extra_chars: float = 2  # the date starts two characters right of the name
    sealed_date_right_chars: float = 4
    seal_size_mm: float = 42
    # 7.3.5.1 Joint seals: in rows, neither overlapping nor touching (this much apart at
    # least), no row wider than the block; rows this many lines apart (centre to centre).
    seal_gap_mm: float = 4
    seal_row_lines: int = 5
    # 7.3.5.1 印章顶端应上距正文（或附件说明）一行之内: the seal (centred on the top of the
    # name line, 21 mm above it) must clear the text above yet start within a line of it.
    sealed_blank_lines_before_signature: int = 2

    # 7.3.3 Heading fonts by level.
    heading_font_roles: tuple[str, str, str, str] = ("hei", "kai", "body", "body")
    heading_bold: tuple[bool, bool, bool, bool] = (False, False, False, False)

    # 7.4 版记 rules: thick 0.35 mm, thin 0.25 mm (w:sz in eighths of a point).
    colophon_thick_sz: int = 8
    colophon_thin_sz: int = 6
    colophon_side_chars: float = 1

    # 7.5 Page numbers: "— N —", 7 mm below the block, outer side one character in.
    page_number_style: Literal["outer", "centre"] = "outer"
    page_number_format: str = "— {n} —"
    page_number_gap_mm: float = 7
    page_number_side_chars: float = 1

    # 7.3.7 Attachment pages: label on line 1, title centred on line 3.
    attachment_title_line: int = 3

    # Tables (body tables and 回执 forms; the standard gives no numbers: practice).
    # Text sizes tried in order, 4号 first.  A portrait table goes no smaller than
    # table_portrait_min_pt (5号) before it turns landscape; a landscape one may go on
    # down to the last size (小五).
    table_sizes_pt: tuple[float, ...] = (14, 12, 10.5, 9)
    table_portrait_min_pt: float = 10.5
    # Exact line height of cell text in ems: ink centred in the line in LibreOffice,
    # which sets the baseline at 80 % of an exact line.
    table_line_em: float = 1.3
    # Cell padding: left/right as Word's default (0.19 cm), top/bottom a little.
    table_cell_margin_x_mm: float = 1.9
    table_cell_margin_x_min_mm: float = 1.0  # a dense table at its smallest size
    table_cell_margin_y_mm: float = 0.6
    # Rows are at least this high (atLeast: rows with wrapped text grow).
    table_row_height_mm: float = 8
    # Clause 8: a table of this many columns, or one too wide for the portrait block
    # at the smallest size, goes on a landscape page.
    table_landscape_columns: int = 8
    # Room kept for digits: an 18-digit 身份证号码, an 11–13 digit phone number.
    table_id_digits: int = 18
    table_phone_digits: int = 12
    # A 回执's rows are for handwriting: 12 mm, shrunk to keep the form on one page down
    # to 7 mm (an exercise book's ruling; the text steps down a size to fit the row).
    receipt_row_height_mm: float = 12
    receipt_row_min_mm: float = 7

    # Derived numbers.
    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm

    @property
    def line_pitch_pt(self) -> float:
        return self.line_pitch_twips / 20

    @property
    def char_pitch_pt(self) -> float:
        """Width one body character takes on the line, spacing included."""
        return self.body_size_pt + self.char_spacing_twentieths / 20


    def derive(self, **changes: Any) -> LayoutProfile:
        """Return a validated copy with ``changes`` — how a local variant is made."""
        return LayoutProfile.model_validate({**self.model_dump(), **changes})


GBT9704 = LayoutProfile()

CENTRED = GBT9704.derive(
    name="centred",
    description="GB/T 9704-2012，页码居中“- 1 -”（部分省市的做法）",
    page_number_style="centre",
    page_number_format="- {n} -",
)

PROFILES: dict[str, LayoutProfile] = {p.name: p for p in (GBT9704, CENTRED)}


def get_profile(name: str) -> LayoutProfile:
    """Return the layout profile called ``name``.

    Raises :class:`~notice_kit.errors.LayoutError` naming the known profiles.
    """
    try:
        return PROFILES[name]
    except KeyError:
        raise LayoutError(
            f"未知的版式方案 {name!r}，可用：{'、'.join(PROFILES)} / unknown layout profile "
            f"{name!r}; known: {', '.join(PROFILES)}"
        ) from None
