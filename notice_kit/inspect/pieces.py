"""What the readers hand to the classifier: a :class:`Piece` — a paragraph (.docx) or a
run of lines forming one (PDF) with its fonts, alignment and place — before it is named."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from notice_kit.inspect.fonts import dominant, is_red
from notice_kit.inspect.model import Align, Box, Span


@dataclass
class Piece:
    """A paragraph (.docx) or a run of lines forming one (PDF), before it is named."""

    text: str
    spans: list[Span] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    align: Align = "left"
    indent_chars: float = 0.0  # where the first line starts, in body characters
    new_page: bool = False
    paragraph: int | None = None
    area: str | None = None
    table: tuple[list[str], list[list[str]]] | None = None
    rule_color: str | None = None  # set for a horizontal rule
    rule_pt: float | None = None

    @property
    def style(self) -> Span | None:
        return dominant(self.spans)

    @property
    def size(self) -> float | None:
        style = self.style
        return style.size_pt if style else None

    @property
    def red(self) -> bool:
        style = self.style
        return style is not None and is_red(style.color)

    @property
    def right_side(self) -> bool:
        """Set towards the right: the signature and date (7.3.5)."""
        return self.align == "right" or (self.align != "center" and self.indent_chars >= 8)


def body_size(pieces: Iterable[Piece]) -> float | None:
    """The body's size (5.2.2): that of most paragraphs set flush or indented — not of the
    most characters, which on a short page may be its title or a table's."""
    text = [p for p in pieces if p.rule_color is None and p.table is None and p.text.strip()]
    sizes = Counter(p.size for p in text if p.align != "center" and p.size)
    sizes = sizes or Counter(p.size for p in text if p.size)
    return max(sizes, key=lambda s: (sizes[s], -s)) if sizes else None
