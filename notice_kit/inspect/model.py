"""A notice read back from a file, as typed objects: its elements, attachments and pages.

Pydantic models only — no I/O and no logic beyond reading them.  The readers
(:mod:`notice_kit.inspect.docx`, :mod:`notice_kit.inspect.pdf`) make them, with the help of
:mod:`notice_kit.inspect.classify`, which names each part of the notice;
:func:`notice_kit.inspect.reader.inspect_document` is the entry point.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

ElementKind = Literal[
    "copy_number", "secrecy", "urgency", "mark", "doc_number", "signer", "rule", "title",
    "addressees", "heading", "paragraph", "attachment_note", "signature", "date", "note",
    "attachment_label", "attachment_title", "table", "colophon_cc", "colophon_print",
    "page_number", "caption",
]
Align = Literal["left", "center", "right", "justify"]
Format = Literal["docx", "pdf", "ofd"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A run of text in one font."""

    text: str
    font: str | None = None
    size_pt: float | None = None
    color: str | None = None  # "RRGGBB"
    bold: bool = False


class Box(_Model):
    """Where a line of a PDF stands: 1-based page, millimetres from the top-left corner."""

    page: int
    x0_mm: float
    top_mm: float
    x1_mm: float
    bottom_mm: float

    @property
    def centre_x_mm(self) -> float:
        return (self.x0_mm + self.x1_mm) / 2


class Element(_Model):
    """One part of the notice, as found.  ``font`` is the East-Asian font name in a .docx
    and the face name in a PDF; ``font_role`` is the typeface it stands for."""

    kind: ElementKind
    index: int = 0  # position in InspectedDocument.elements
    text: str = ""
    lines: list[str] = Field(default_factory=list)
    font: str | None = None
    font_role: str | None = None
    size_pt: float | None = None
    color: str | None = None
    align: Align | None = None
    indent_chars: float | None = None
    page: int | None = None
    x_mm: float | None = None
    y_mm: float | None = None
    boxes: list[Box] = Field(default_factory=list)
    paragraph: int | None = None  # .docx: the paragraph's index among the body's paragraphs
    area: str | None = None  # "textbox", "footer (odd pages)", …; None for the main text
    thickness_pt: float | None = None  # rules
    ink_top_mm: float | None = None  # the mark: top of its red ink, measured on the page
    spans: list[Span] = Field(default_factory=list, exclude=True)

    def where(self) -> str:
        """A short human location: "第3页" / "page 3", or the paragraph number."""
        if self.page is not None:
            return f"第{self.page}页 / p.{self.page}"
        if self.paragraph is not None:
            return f"第{self.paragraph + 1}段 / ¶{self.paragraph + 1}"
        return self.area or ""


class Heading(Element):
    """A numbered heading or item: "（一）时间：" (heading) + "2024年…" (run-in text)."""

    kind: Literal["heading"] = "heading"
    level: int
    number: str  # as printed, with its punctuation: "一、" "（二）" "3．"
    value: int  # the number's value: 一、→1
    heading: str | None = None
    run_in: str | None = None
    run_in_font: str | None = None


class NoteEntry(_Model):
    """One line of the 附件说明: its number (None when there is one attachment) and name."""

    number: int | None
    title: str


class AttachmentNote(Element):
    kind: Literal["attachment_note"] = "attachment_note"
    entries: list[NoteEntry] = Field(default_factory=list)


class TableBlock(Element):
    """A bordered table: the first row's texts as ``columns``, the others as ``rows``."""

    kind: Literal["table"] = "table"
    columns: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)


def _element_tag(value: Any) -> str:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    return kind if kind in ("heading", "attachment_note", "table") else "other"


AnyElement = Annotated[
    Annotated[Heading, Tag("heading")]
    | Annotated[AttachmentNote, Tag("attachment_note")]
    | Annotated[TableBlock, Tag("table")]
    | Annotated[Element, Tag("other")],
    Discriminator(_element_tag),
]


class Attachment(_Model):
    """An attachment bound with the notice: label line, title, first page, its tables."""

    number: int | None
    label: str
    title: str | None = None
    page: int | None = None
    first_element: int
    last_element: int
    tables: list[TableBlock] = Field(default_factory=list)


class Geometry(_Model):
    """Paper and margins in mm.  From a .docx section these are the settings; from a PDF
    (``measured``) the margins are where the text stands: left and right edges of full
    lines, top of the highest and bottom of the lowest body line."""

    where: str
    page_width_mm: float
    page_height_mm: float
    margin_top_mm: float | None = None
    margin_bottom_mm: float | None = None
    margin_left_mm: float | None = None
    margin_right_mm: float | None = None
    measured: bool = False


class Line(_Model):
    """A body line of a PDF page (the grid and line-width rules measure these)."""

    text: str
    x0_mm: float
    top_mm: float
    x1_mm: float
    bottom_mm: float
    size_pt: float | None = None
    font: str | None = None


class PageInfo(_Model):
    """One PDF page: its size, the page number as printed (None if none) and its lines."""

    number: int
    width_mm: float
    height_mm: float
    page_number: str | None = None
    page_number_box: Box | None = None
    line_count: int = 0
    lines: list[Line] = Field(default_factory=list, exclude=True)

    @property
    def landscape(self) -> bool:
        """A page wider than tall (a wide table's page, GB/T 9704 clause 8)."""
        return self.width_mm > self.height_mm


class InspectedDocument(_Model):
    """A notice read back from ``path``: elements in reading order, attachments, pages."""

    path: str
    format: Format
    page_count: int | None = None  # PDF and OFD: a .docx has no pages until laid out
    geometry: list[Geometry] = Field(default_factory=list)
    elements: list[AnyElement] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    pages: list[PageInfo] = Field(default_factory=list)
    body_size_pt: float | None = None
    line_pitch_mm: float | None = None  # PDF: distance between body lines, measured
    even_and_odd_footers: bool | None = None  # .docx: w:evenAndOddHeaders

    @property
    def paged(self) -> bool:
        """Laid out on pages (a PDF or an OFD), not a .docx waiting for a word processor."""
        return self.format in ("pdf", "ofd")

    def of_kind(self, *kinds: ElementKind) -> list[AnyElement]:
        """Return the elements of these kinds, in order."""
        return [e for e in self.elements if e.kind in kinds]

    def first(self, kind: ElementKind) -> AnyElement | None:
        return next((e for e in self.elements if e.kind == kind), None)

    @property
    def title(self) -> str | None:
        title = self.first("title")
        return title.text if title else None

    @property
    def headings(self) -> list[Heading]:
        return [e for e in self.elements if isinstance(e, Heading)]

    @property
    def tables(self) -> list[TableBlock]:
        return [e for e in self.elements if isinstance(e, TableBlock)]

    def page_text(self, page: int) -> str:
        """Return the text printed on ``page`` (PDF), lines joined by newlines."""
        for info in self.pages:
            if info.number == page:
                return "\n".join(line.text for line in info.lines)
        raise IndexError(f"{self.path} has no page {page} (it has {len(self.pages)})")
