"""Naming the parts of a notice read back from a file, by GB/T 9704-2012's conventions.

Both readers (:mod:`notice_kit.inspect.docx`, :mod:`notice_kit.inspect.pdf`) turn a file
into :class:`Piece` objects — a paragraph or a line with its fonts, alignment and place —
and hand them to :func:`classify`, which names each one by the conventions of
GB/T 9704-2012 (prefixes, positions, fonts, red ink), not by anything notice_kit writes.
So a notice made by hand in Word or WPS reads back the same way, as long as it follows the
standard.  The results are the models of :mod:`notice_kit.inspect.model`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

from notice_kit.convert.fonts import Role
from notice_kit.inspect.conventions import (
    ATTACHMENT_LABEL,
    ATTACHMENT_NOTE,
    CC_LEAD,
    COPY_NUMBER,
    DATE,
    DOC_NUMBER,
    MARK_MIN_PT,
    NOTE_ENTRY,
    PRINT_LINE,
    SECRECY,
    SENTENCE_END,
    SIGNER_LEAD,
    URGENCY,
    number_value,
    parse_heading_prefix,
)
from notice_kit.inspect.fonts import font_role, is_red, role_value
from notice_kit.inspect.model import (
    AnyElement,
    Attachment,
    AttachmentNote,
    Element,
    ElementKind,
    Heading,
    NoteEntry,
    TableBlock,
)
from notice_kit.inspect.pieces import Piece
from notice_kit.inspect.run_in import heading_style, split_run_in
from notice_kit.textparse import ParsedLine

# -- naming the pieces ----------------------------------------------------------------------

Phase = Literal["header", "title", "addressees", "body", "note", "closing", "attachment_title",
                "attachment_body", "colophon"]


class _Classifier:
    """Walks the pieces in reading order, knowing which part of the notice it is in."""

    def __init__(self, body_size: float | None) -> None:
        self.body_size = body_size or 16.0
        self.phase: Phase = "header"
        self.out: list[Element] = []
        self.following: Piece | None = None  # the next piece with text, or a table
        # What a piece is depends on where we are: one method per part of the notice.
        self.handlers: dict[Phase, Callable[[Piece, str], None]] = {
            "header": self.in_header, "title": self.in_title, "addressees": self.in_addressees,
            "body": self.in_body, "note": self.in_note, "closing": self.in_closing,
            "attachment_title": self.in_attachment_title,
            "attachment_body": self.in_attachment_body, "colophon": self.in_colophon,
        }

    def run(self, pieces: list[Piece]) -> list[Element]:
        for i, piece in enumerate(pieces):
            self.following = next((p for p in pieces[i + 1:] if p.text.strip() or p.table), None)
            self.take(piece)
        for i, element in enumerate(self.out):
            element.index = i
            if element.kind == "mark":
                _order_joint_mark(element)
        return self.out

    # Parts recognised wherever they appear.
    def take(self, piece: Piece) -> None:
        text = piece.text.strip()
        if piece.rule_color is not None:
            self.emit("rule", piece, color=piece.rule_color, thickness_pt=piece.rule_pt)
            if self.phase == "header" and is_red(piece.rule_color):
                self.phase = "title"  # 7.2.7: the red rule closes the 版头
        elif piece.table is not None:
            self.emit_table(piece)
        elif CC_LEAD.match(text):
            self.phase = "colophon"
            self.emit("colophon_cc", piece)
        elif PRINT_LINE.fullmatch(text):
            self.phase = "colophon"
            self.emit("colophon_print", piece)
        elif self.is_label(piece, text):
            self.phase = "attachment_title"
            self.emit("attachment_label", piece)
        elif self.is_caption(piece, text):
            self.emit("caption", piece)
        else:
            self.handlers[self.phase](piece, text)

    def is_label(self, piece: Piece, text: str) -> bool:
        if not ATTACHMENT_LABEL.fullmatch(text) or piece.indent_chars > 0.5:
            return False
        # An attachment printed on its own starts with its label.
        first = not any(e.kind != "rule" for e in self.out)
        return piece.new_page or first or self.phase not in ("header", "title", "addressees")

    def is_caption(self, piece: Piece, text: str) -> bool:
        """A table's caption: a short centred line right above a table, in body size or
        smaller and not in 小标宋 (that is a title)."""
        following = self.following
        if following is None or following.table is None:
            return False
        if piece.align != "center" and not _centred_over(piece, following):
            return False
        if self.phase in ("header", "title"):
            return False
        style = piece.style
        heavy = font_role(style.font if style else None) is Role.XIAOBIAOSONG
        return not heavy and (piece.size or 0) <= self.body_size + 1 and len(piece.lines) <= 2

    def in_header(self, piece: Piece, text: str) -> None:
        if COPY_NUMBER.fullmatch(text):
            self.emit("copy_number", piece)
        elif SECRECY.fullmatch(text):
            self.emit("secrecy", piece)
        elif URGENCY.fullmatch(text):
            self.emit("urgency", piece)
        elif piece.red or (piece.align == "center" and (piece.size or 0) >= MARK_MIN_PT):
            self.emit_mark(piece)  # (a black mark is still the mark: GB701 says it is black)
        elif SIGNER_LEAD in text:
            self.emit_signer_line(piece, text)
        elif DOC_NUMBER.fullmatch(text):
            self.emit("doc_number", piece)
        else:
            self.phase = "title"
            self.in_title(piece, text)

    def emit_mark(self, piece: Piece) -> None:
        # A joint mark comes as several red pieces (names, then 文件): one mark.
        last = self.out[-1] if self.out else None
        if last is not None and last.kind == "mark":
            self.extend(last, piece)
        else:
            self.emit("mark", piece)

    def emit_signer_line(self, piece: Piece, text: str) -> None:
        """7.2.6: "扬教发〔2024〕8号<tab>签发人：张三" — the number, then the signer."""
        before, _, names = text.partition(SIGNER_LEAD)
        number = before.strip()
        if DOC_NUMBER.fullmatch(number):
            self.emit("doc_number", piece, text=number)
        self.emit("signer", piece, text=names.lstrip("：: \t"))

    def in_title(self, piece: Piece, text: str) -> None:
        if self.is_title_like(piece):
            self.emit_title("title", piece)
            self.phase = "addressees"
        else:
            self.phase = "addressees"
            self.in_addressees(piece, text)

    def is_title_like(self, piece: Piece) -> bool:
        style = piece.style
        large = (piece.size or 0) >= self.body_size + 3
        heavy = font_role(style.font if style else None) is Role.XIAOBIAOSONG
        return piece.align == "center" and (large or heavy)

    def emit_title(self, kind: ElementKind, piece: Piece) -> None:
        # A title set as several centred lines (PDF) or paragraphs (by hand) is one title.
        last = self.out[-1] if self.out else None
        if (last is not None and last.kind == kind and piece.align == "center"
                and piece.size == last.size_pt and not piece.new_page):
            self.extend(last, piece, sep="")
        else:
            self.emit(kind, piece)

    def in_addressees(self, piece: Piece, text: str) -> None:
        if self.out and self.out[-1].kind == "title" and self.is_title_like(piece):
            self.emit_title("title", piece)  # the title's next line
            return
        self.phase = "body"
        if piece.indent_chars < 0.5 and text.endswith(("：", ":")) and piece.align != "center":
            self.emit("addressees", piece)
        else:
            self.in_body(piece, text)

    def in_body(self, piece: Piece, text: str) -> None:
        if self.out and self.out[-1].kind == "title" and self.is_title_like(piece):
            self.emit_title("title", piece)
        elif self.phase == "body" and (m := ATTACHMENT_NOTE.fullmatch(text)):
            self.phase = "note"
            note = AttachmentNote(**self.common(piece))
            self.add_entry(note, m["rest"])
            self.out.append(note)
        elif DATE.fullmatch(text) and (piece.right_side or self.phase in ("note", "closing")):
            self.mark_signature()
            self.emit("date", piece)
            self.phase = "closing"
        elif (found := parse_heading_prefix(text)) is not None:
            self.emit_heading(piece, *found)
        else:
            self.emit("paragraph", piece)

    def in_note(self, piece: Piece, text: str) -> None:
        note = next(e for e in reversed(self.out) if isinstance(e, AttachmentNote))
        if NOTE_ENTRY.fullmatch(text) and not piece.right_side:
            self.add_entry(note, text)
            self.extend(note, piece, sep="\n")
        elif note.entries and piece.indent_chars > 2.5 and not piece.right_side:
            # A wrapped name continues under its own first character (7.3.4).
            note.entries[-1].title += text
            self.extend(note, piece, sep="")
        else:
            self.phase = "closing"
            self.in_closing(piece, text)

    @staticmethod
    def add_entry(note: AttachmentNote, text: str) -> None:
        m = NOTE_ENTRY.fullmatch(text.strip())
        if m:
            note.entries.append(NoteEntry(number=int(m["n"]), title=_squeeze(m["title"])))
        else:
            note.entries.append(NoteEntry(number=None, title=_squeeze(text)))

    def in_closing(self, piece: Piece, text: str) -> None:
        if self.out and self.out[-1].kind == "date" and re.fullmatch(r"[（(].*[）)]", text, re.S):
            self.emit("note", piece)  # 7.3.6: 附注 on the line after the date
        else:
            self.in_body(piece, text)

    def mark_signature(self) -> None:
        """The short lines set to the right just above a date are the 署名 (7.3.5)."""
        for element in reversed(self.out):
            right = element.align == "right" or (element.indent_chars or 0) >= 8
            if element.kind != "paragraph" or not right or element.text.endswith(SENTENCE_END):
                break
            element.kind = "signature"

    def in_attachment_title(self, piece: Piece, text: str) -> None:
        if piece.align == "center":
            self.emit_title("attachment_title", piece)
        else:
            self.phase = "attachment_body"
            self.in_attachment_body(piece, text)

    def in_attachment_body(self, piece: Piece, text: str) -> None:
        last = self.out[-1] if self.out else None
        if last is not None and last.kind == "attachment_title" and piece.align == "center" \
                and piece.size == last.size_pt:
            self.emit_title("attachment_title", piece)
        else:
            self.in_body(piece, text)

    def in_colophon(self, piece: Piece, text: str) -> None:
        last = self.out[-1] if self.out else None
        if last is not None and last.kind == "colophon_cc" and not last.text.endswith("。"):
            self.extend(last, piece, sep="")  # 抄送 wrapped after its colon (7.4.2)
        else:
            self.in_body(piece, text)

    # -- making elements
    def common(self, piece: Piece, **extra: Any) -> dict[str, Any]:
        style = piece.style
        box = piece.boxes[0] if piece.boxes else None
        values: dict[str, Any] = {
            "text": piece.text.strip(),
            "lines": [ln.strip() for ln in piece.lines] or [piece.text.strip()],
            "font": style.font if style else None,
            "font_role": role_value(style.font if style else None),
            "size_pt": style.size_pt if style else None,
            "color": style.color if style else None,
            "align": piece.align,
            "indent_chars": round(piece.indent_chars, 2),
            "page": box.page if box else None,
            "x_mm": round(box.x0_mm, 2) if box else None,
            "y_mm": round(box.top_mm, 2) if box else None,
            "boxes": list(piece.boxes),
            "paragraph": piece.paragraph,
            "area": piece.area,
            "spans": list(piece.spans),
        }
        values.update(extra)
        return values

    def emit(self, kind: ElementKind, piece: Piece, **extra: Any) -> None:
        self.out.append(Element(kind=kind, **self.common(piece, **extra)))

    def emit_table(self, piece: Piece) -> None:
        assert piece.table is not None
        columns, rows = piece.table
        self.out.append(TableBlock(columns=columns, rows=rows, **self.common(piece)))

    def emit_heading(self, piece: Piece, parsed: ParsedLine, prefix: str) -> None:
        heading, run_in, run_in_font = split_run_in(piece, parsed, prefix)
        assert parsed.number is not None
        self.out.append(Heading(
            level=parsed.level, number=prefix.strip(), value=number_value(parsed.number),
            heading=heading, run_in=run_in, run_in_font=run_in_font,
            **self.common(piece, **heading_style(piece)),
        ))

    @staticmethod
    def extend(element: Element, piece: Piece, sep: str = "") -> None:
        """Add ``piece``'s lines to ``element`` (a title or mark set on several lines)."""
        element.text = element.text + sep + piece.text.strip()
        element.lines += [ln.strip() for ln in piece.lines] or [piece.text.strip()]
        element.boxes += piece.boxes
        element.spans += piece.spans


def _centred_over(piece: Piece, table: Piece) -> bool:
    """Tell whether a PDF line stands centred over the table below it — a caption spaced
    out with wide gaps ("表1　　2025年…", "填报单位：　　　填报日期：") is not read as one
    centred line."""
    if not piece.boxes or not table.boxes or len(piece.boxes) != 1 or piece.indent_chars < 0.5:
        return False
    line, grid = piece.boxes[0], table.boxes[0]
    return (line.page == grid.page and 0 <= grid.top_mm - line.bottom_mm < 15
            and abs(line.centre_x_mm - grid.centre_x_mm) < 3)


def _order_joint_mark(mark: Element) -> None:
    """Read a joint mark laid out on a page as the names top down, then "文件" (which
    stands to their right, between them: 7.2.4)."""
    if len(mark.boxes) < 2 or len(mark.boxes) != len(mark.lines):
        return
    pairs = sorted(zip(mark.boxes, mark.lines, strict=True),
                   key=lambda bl: (round(bl[0].x0_mm / 5), bl[0].top_mm))
    mark.boxes = [b for b, _ in pairs]
    mark.lines = [line for _, line in pairs]
    mark.text = "".join(mark.lines)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def classify(pieces: list[Piece], body_size: float | None = None) -> list[AnyElement]:
    """Name every piece (see the module docstring); return the elements in order."""
    return list(_Classifier(body_size).run(pieces))


def group_attachments(elements: list[AnyElement]) -> list[Attachment]:
    """Group the elements from each "附件N" label to the next into attachments (7.3.7)."""
    found: list[Attachment] = []
    for element in elements:
        if element.kind == "attachment_label":
            m = ATTACHMENT_LABEL.fullmatch(element.text)
            number = int(m["n"]) if m and m["n"] else None
            found.append(Attachment(number=number, label=element.text, page=element.page,
                                    first_element=element.index, last_element=element.index))
        elif found and element.kind not in ("colophon_cc", "colophon_print", "page_number",
                                            "rule"):
            current = found[-1]  # (rules are the 版记's, or the attachment's own decoration)
            current.last_element = element.index
            if element.kind == "attachment_title" and current.title is None:
                current.title = element.text
            if isinstance(element, TableBlock):
                current.tables.append(element)
    return found
