"""The body of a notice as a tree: paragraphs, numbered sections, lists and tables.

Numbers are never stored: a :class:`Section` is numbered by its position among its
siblings when the document is written, so inserting one renumbers the rest.
In a data file a paragraph is written as a plain string; a whole body may also be given
as plain text with the usual prefixes (一、 （一） 1． （1）) and is parsed into this tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from notice_kit.models.base import NoticeModel
from notice_kit.models.text import clean_text

MAX_LEVEL = 4


def _cell(value: Any) -> Any:
    # Numbers in cells (序号, phone numbers) are text on the page; YAML reads them as ints.
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return clean_text(value) if isinstance(value, str) else value


Cell = Annotated[str, BeforeValidator(_cell)]
"""A table cell: text, numbers accepted and written as typed, may be empty."""

ColumnWidths = list[Annotated[float, Field(gt=0, allow_inf_nan=False)]]
"""Relative column widths: one positive number per column."""

Orientation = Literal["auto", "portrait", "landscape"]
"""Where a table goes: ``auto`` puts a wide one on a landscape page (GB/T 9704 clause 8)."""

# The same two keys on a body table and on a 回执, described once.
WidthsField = Annotated[ColumnWidths | None, Field(
    description="各列相对宽度（可选，正数，每列一个；省略时按内容自动） / relative column "
    "widths, one positive number per column (by default from the content)",
)]
OrientationField = Annotated[Orientation, Field(
    description="版面方向：auto（8 列及以上或竖排放不下时横排）、portrait、landscape / "
    "page orientation: auto (landscape from 8 columns or when too wide), portrait, landscape",
)]


def check_widths(widths: list[float] | None, columns: list[str] | None) -> list[float] | None:
    """Return ``widths``; raise ValueError unless it is None or has one number per column
    (``columns`` None: the columns were invalid, nothing to compare)."""
    if widths is not None and columns is not None and len(widths) != len(columns):
        n = len(columns)
        raise ValueError(
            f"widths 有 {len(widths)} 个数，表格有 {n} 列 / widths has {len(widths)} "
            f"numbers but there are {n} columns (one per column)"
        )
    return widths


class _Block(NoticeModel):

    kind: str


class Paragraph(_Block):
    """A body paragraph (正文段落): indented two characters, wraps flush left."""

    kind: Literal["paragraph"] = "paragraph"
    text: str = Field(min_length=1, description="段落文字 / paragraph text")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data

    @field_validator("text")
    @classmethod
    def _clean(cls, v: str) -> str:
        return _non_blank(clean_text(v))

    @model_serializer(mode="wrap")
    def _as_string(self, handler: Any) -> Any:
        # A paragraph is written back as a bare string, the way people type it.
        return self.text


class NumberedList(_Block):
    """A list whose items are numbered 1. 2. 3. (e.g. a list of schools)."""

    kind: Literal["list"] = "list"
    items: list[str] = Field(min_length=1, description="列表各项 / the items, in order")

    @field_validator("items")
    @classmethod
    def _items(cls, v: list[str]) -> list[str]:
        return [_non_blank(clean_text(item)) for item in v]


class Table(_Block):
    """A bordered table with a header row."""

    kind: Literal["table"] = "table"
    title: str | None = Field(None, description="表格标题（可选） / optional caption above the table")
    columns: list[Cell] = Field(min_length=1, description="表头各列 / column headings")
    rows: list[list[Cell]] = Field(default_factory=list, description="表格内容 / data rows")
    widths: WidthsField = None
    orientation: OrientationField = "auto"

    @model_validator(mode="after")
    def _shape(self) -> Table:
        n = len(self.columns)
        for i, row in enumerate(self.rows):
            if len(row) != n:
                raise ValueError(
                    f"第 {i + 1} 行有 {len(row)} 格，表头有 {n} 列 / "
                    f"row {i + 1} has {len(row)} cells but there are {n} columns"
                )
        check_widths(self.widths, self.columns)  # again: columns may be assigned later
        return self

    @field_validator("widths")
    @classmethod
    def _widths(cls, v: list[float] | None, info: ValidationInfo) -> list[float] | None:
        return check_widths(v, info.data.get("columns"))

    @field_validator("title")
    @classmethod
    def _title(cls, v: str | None) -> str | None:
        return None if v is None else clean_text(v) or None


class Section(_Block):
    """A numbered section: 一、 （一） 1． （1） by depth, with an optional run-in text.

    ``heading`` is set in the level's heading font; ``text`` follows on the same line in
    the body font ("（一）时间：" + "2024年11月22日14:00。").  A section with only ``text``
    is a numbered item set in the body font.  ``children`` hold what stands under it.
    """

    kind: Literal["section"] = "section"
    heading: str | None = Field(None, description="标题部分，用标题字体 / heading part")
    text: str | None = Field(None, description="同行正文，用正文字体 / run-in text part")
    level: int | None = Field(
        None,
        ge=1,
        le=MAX_LEVEL,
        description="层级 1–4；省略时按嵌套深度 / level 1–4; by default the nesting depth",
    )
    children: list[Block] = Field(default_factory=list, description="下级内容 / content under it")

    @field_validator("heading", "text")
    @classmethod
    def _clean(cls, v: str | None) -> str | None:
        return None if v is None else _non_blank(clean_text(v))

    @model_validator(mode="after")
    def _has_words(self) -> Section:
        if self.heading is None and self.text is None:
            raise ValueError("需要 heading 或 text / a section needs a heading or a text")
        # Its own subtree must nest within 4 levels (its parent is checked with the body).
        for _ in section_levels(self.children, self.level or 1):
            pass
        return self


def _block_tag(value: Any) -> str | None:
    """Tell which kind of block a value is, from ``kind`` or from the keys it has."""
    if isinstance(value, str):
        return "paragraph"
    if isinstance(value, _Block):
        return str(value.kind)
    if isinstance(value, dict):
        if "kind" in value:
            return str(value["kind"])
        if "columns" in value:
            return "table"
        if "items" in value:
            return "list"
        if {"heading", "text", "children"} & value.keys():
            return "section"
    return None


Block = Annotated[
    Annotated[Paragraph, Tag("paragraph")]
    | Annotated[Section, Tag("section")]
    | Annotated[NumberedList, Tag("list")]
    | Annotated[Table, Tag("table")],
    Discriminator(
        _block_tag,
        custom_error_type="block_kind",
        custom_error_message=(
            "无法识别的内容块：应为字符串（段落）或含 heading/text、items、columns 的对象 / "
            "unknown block: expected a string (paragraph) or a mapping with "
            "heading/text, items or columns"
        ),
    ),
]
Section.model_rebuild()


def _non_blank(v: str) -> str:
    if not v.strip():
        raise ValueError("不能为空 / must not be empty")
    return v


def section_levels(blocks: list[Block], parent_level: int = 0) -> Iterator[tuple[Section, int]]:
    """Yield every section in document order with its effective level (1–4).

    Raises ValueError when a section sits deeper than level 4 or names a level not
    below its parent's.
    """
    for block in blocks:
        if isinstance(block, Section):
            level = block.level if block.level is not None else parent_level + 1
            if level <= parent_level:
                raise ValueError(
                    f"层级 {level} 不能低于上级的 {parent_level} / "
                    f"level {level} must be deeper than its parent's {parent_level}"
                )
            if level > MAX_LEVEL:
                raise ValueError(
                    f"标题最多 {MAX_LEVEL} 级 / headings go at most {MAX_LEVEL} levels deep"
                )
            yield block, level
            yield from section_levels(block.children, level)


def walk(blocks: list[Block]) -> Iterator[Block]:
    """Yield every block of a tree in document order."""
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from walk(block.children)


def section_numbers(blocks: list[Block]) -> dict[int, tuple[int, int]]:
    """Return ``{id(section): (level, number)}`` for every section of a tree.

    A section is numbered by its position among the sibling sections of its level,
    counting again after a shallower sibling (一、 1． 2． 二、 1．) — every renderer
    takes its numbers from here, so the Word file and the text agree.
    """
    levels = {id(s): level for s, level in section_levels(blocks)}
    numbers: dict[int, tuple[int, int]] = {}

    def visit(siblings: list[Block]) -> None:
        counters: dict[int, int] = {}
        for block in siblings:
            if isinstance(block, Section):
                level = levels[id(block)]
                for deeper in [lv for lv in counters if lv > level]:
                    del counters[deeper]
                counters[level] = counters.get(level, 0) + 1
                numbers[id(block)] = (level, counters[level])
                visit(block.children)

    visit(blocks)
    return numbers
