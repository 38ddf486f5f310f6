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
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from notice_kit.convert.fonts import Role
from notice_kit.inspect.model import (
    Align,
    AnyElement,
    Attachment,
    AttachmentNote,
    Box,
    Element,
    ElementKind,
    Heading,
    NoteEntry,
    Span,
    TableBlock,
)
from notice_kit.numbering import parse_chinese_numeral
from notice_kit.textparse import ParsedLine, split_prefix, to_section

# -- fonts ---------------------------------------------------------------------------------

# Names (lower-cased) that tell a typeface's role: Chinese names in a .docx, the faces of
# Windows, WPS and 方正 (FZFSK = 方正仿宋_GBK …), and the free faces notice_kit renders with.
# Order matters: 小标宋 and 仿宋 before 宋; Latin faces before "serif".
_ROLE_KEYS: tuple[tuple[Role, tuple[str, ...]], ...] = (
    (Role.LATIN_SERIF, ("times", "liberation", "dejavu", "arial", "calibri", "helvetica",
                        "cambria", "georgia")),
    (Role.XIAOBIAOSONG, ("小标宋", "xiaobiaosong", "xbs", "biaosong")),
    (Role.FANGSONG, ("仿宋", "fangsong", "fandolfang", "fzfs", "fang")),
    (Role.KAI, ("楷", "kai", "fzkt")),
    (Role.HEI, ("黑", "hei", "sans", "fzht", "dengxian", "等线")),
    (Role.SONG, ("宋", "song", "simsun", "serif", "ming")),
)
_HEAVY = ("bold", "black", "heavy")


def font_role(name: str | None) -> Role | None:
    """Return the typeface role a font name stands for, or None when unknown.

    A heavy serif CJK face (Noto Serif CJK Bold, what notice_kit renders 小标宋 with)
    counts as 小标宋: no free face is closer.
    """
    if not name:
        return None
    folded = name.lower().replace(" ", "")
    for role, keys in _ROLE_KEYS:
        if any(k in folded for k in keys):
            if role is Role.SONG and "cjk" in folded and any(h in folded for h in _HEAVY):
                return Role.XIAOBIAOSONG
            return role
    return None


def role_name(role: Role | str | None) -> str:
    """The Chinese name of a role, for messages: fangsong → 仿宋."""
    names = {"xiaobiaosong": "小标宋", "fangsong": "仿宋", "hei": "黑体", "kai": "楷体",
             "song": "宋体", "latin_serif": "Times"}
    return names.get(str(role), str(role))


def is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") and not ch.isspace()


def dominant(spans: Iterable[Span]) -> Span | None:
    """Return the span whose font covers most Chinese characters (most characters if
    there are none): the paragraph's font, whatever its digits are set in."""
    weight: Counter[tuple[str | None, float | None, str | None, bool]] = Counter()
    fallback: Counter[tuple[str | None, float | None, str | None, bool]] = Counter()
    for s in spans:
        key = (s.font, s.size_pt, s.color, s.bold)
        weight[key] += sum(1 for ch in s.text if is_cjk(ch))
        fallback[key] += len(s.text.strip())
    best = weight if sum(weight.values()) else fallback
    if not best or not sum(best.values()):
        return None
    font, size, color, bold = best.most_common(1)[0][0]
    return Span(text="", font=font, size_pt=size, color=color, bold=bold)


def is_red(color: str | None) -> bool:
    """Tell whether an "RRGGBB" colour is the red of a mark or rule (GB/T 9704 5.2.4)."""
    if not color or not re.fullmatch(r"[0-9A-Fa-f]{6}", color):
        return False
    r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    return r > 180 and g < 100 and b < 100


# -- conventions ---------------------------------------------------------------------------

COPY_NUMBER = re.compile(r"\d{6}")  # 7.2.1
SECRECY = re.compile(r"(绝密|机密|秘密)(★.*)?")  # 7.2.2
URGENCY = re.compile(r"特急|加急|特提|平急")  # 7.2.3
# 7.2.5, loosely: any brackets round a year and a number ending in 号, so that the check
# can say what is wrong with 扬教发(2024)08号.
DOC_NUMBER = re.compile(r"\S*?[〔\[［【(（]\s*\d{2,4}\s*[〕\]］】)）]\s*第?\s*\d+\s*号")
SIGNER_LEAD = "签发人"
MARK_MIN_PT = 26  # 一号: the mark is set larger than any title (二号, 22 pt)
ATTACHMENT_LABEL = re.compile(r"附\s*件\s*(?P<n>\d*)\s*[：:]?")  # 7.3.7: 附件2
ATTACHMENT_NOTE = re.compile(r"附\s*件\s*[：:]\s*(?P<rest>\S.*)", re.S)  # 7.3.4
NOTE_ENTRY = re.compile(r"(?P<n>\d+)\s*[.．、]\s*(?P<title>.*)", re.S)
_DIGITS = r"[\d〇○零一二三四五六七八九十]"
DATE = re.compile(rf"{_DIGITS}{{4}}\s*年\s*{_DIGITS}{{1,3}}\s*月\s*{_DIGITS}{{1,3}}\s*日")
PRINT_LINE = re.compile(rf".*{DATE.pattern}\s*印发")  # 7.4.3
CC_LEAD = re.compile(r"抄\s*送\s*[：:]")  # 7.4.2
_SENTENCE_END = tuple("。；，！？：")


_FULL_POINT_ITEM = re.compile(r"(?P<n>\d{1,3})\s*．\s*(?=\S)")


def parse_heading_prefix(text: str) -> tuple[ParsedLine, str] | None:
    """Return the numbering of a heading line and its prefix as printed, or None."""
    parsed = split_prefix(text)
    if parsed.level == 0 and (m := _FULL_POINT_ITEM.match(text)):
        # split_prefix reads "1.12" as a decimal; after a full-width "．" it is an item:
        # "1．12月10日前完成自查".
        parsed = ParsedLine(3, m["n"], text[m.end():])
    if parsed.level == 0 or parsed.number is None:
        return None
    return parsed, text[: len(text) - len(parsed.text)]


def number_value(number: str) -> int:
    """Return the value of a heading number's digits: 十二 → 12, 3 → 3."""
    return int(number) if number.isdigit() else parse_chinese_numeral(number)


# -- what the readers hand over --------------------------------------------------------------


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


# -- naming the pieces ----------------------------------------------------------------------

Phase = Literal["header", "title", "addressees", "body", "note", "closing", "attachment_title",
                "attachment_body", "colophon"]


class _Classifier:
    """Walks the pieces in reading order, knowing which part of the notice it is in."""

    def __init__(self, body_size: float | None) -> None:
        self.body_size = body_size or 16.0
        self.phase: Phase = "header"
        self.out: list[Element] = []
        # What a piece is depends on where we are: one method per part of the notice.
        self.handlers: dict[Phase, Callable[[Piece, str], None]] = {
            "header": self.in_header, "title": self.in_title, "addressees": self.in_addressees,
            "body": self.in_body, "note": self.in_note, "closing": self.in_closing,
            "attachment_title": self.in_attachment_title,
            "attachment_body": self.in_attachment_body, "colophon": self.in_colophon,
        }

    def run(self, pieces: list[Piece]) -> list[Element]:
        for piece in pieces:
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
        else:
            self.handlers[self.phase](piece, text)

    def is_label(self, piece: Piece, text: str) -> bool:
        if not ATTACHMENT_LABEL.fullmatch(text) or piece.indent_chars > 0.5:
            return False
        # An attachment printed on its own starts with its label.
        first = not any(e.kind != "rule" for e in self.out)
        return piece.new_page or first or self.phase not in ("header", "title", "addressees")

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
            if element.kind != "paragraph" or not right or element.text.endswith(_SENTENCE_END):
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
            "font_role": _role_value(style.font if style else None),
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
            **self.common(piece, **_heading_style(piece)),
        ))

    @staticmethod
    def extend(element: Element, piece: Piece, sep: str = "") -> None:
        """Add ``piece``'s lines to ``element`` (a title or mark set on several lines)."""
        element.text = element.text + sep + piece.text.strip()
        element.lines += [ln.strip() for ln in piece.lines] or [piece.text.strip()]
        element.boxes += piece.boxes
        element.spans += piece.spans


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


def _role_value(font: str | None) -> str | None:
    role = font_role(font)
    return role.value if role else None


def _font_runs(spans: list[Span]) -> list[tuple[Role | None, str, Span]]:
    """Spans as (role, text, span), digits and Latin letters taking their neighbour's
    role: "1．" is set in Times + 仿宋 but belongs to the 仿宋 heading."""
    roles = [font_role(s.font) if any(is_cjk(ch) for ch in s.text) else None for s in spans]
    out = []
    for i, span in enumerate(spans):
        after = next((r for r in roles[i:] if r is not None), None)
        before = next((r for r in reversed(roles[:i]) if r is not None), None)
        # "2024年": the digits go with the Chinese text after them, as a reader groups them.
        out.append((roles[i] or after or before, span.text, span))
    return out


def split_run_in(piece: Piece, parsed: ParsedLine,
                 prefix: str) -> tuple[str | None, str | None, str | None]:
    """Return (heading, run-in text, run-in font) of a numbered line.

    Where the fonts differ ("（一）时间：" in 楷体, the rest in 仿宋, 7.3.3), the font change is
    the split; where they are the same (levels 3 and 4 are 仿宋 like the body), the wording
    is: a short phrase ending in "：" or "。" followed by more text.
    """
    runs = _font_runs(piece.spans)
    roles = [r for r, _, _ in runs]
    if roles and roles[0] is not None and any(r is not None and r != roles[0] for r in roles):
        head = "".join(t for r, t, _ in _leading(runs, roles[0]))
        tail_spans = [s for _, _, s in runs[len(_leading(runs, roles[0])):]]
        heading = head.strip()[len(prefix.strip()):].strip() or None
        run_in = "".join(s.text for s in tail_spans).strip() or None
        tail_style = dominant(tail_spans)
        return heading, run_in, tail_style.font if tail_style else None
    section = to_section(parsed)
    style = piece.style
    return section.heading, section.text, style.font if style and section.text else None


def _leading(runs: list[tuple[Role | None, str, Span]],
             role: Role) -> list[tuple[Role | None, str, Span]]:
    out = []
    for run in runs:
        if run[0] != role:
            break
        out.append(run)
    return out


def _heading_style(piece: Piece) -> dict[str, Any]:
    """A heading's font is that of its number and heading words (its first spans)."""
    runs = _font_runs(piece.spans)
    if not runs or runs[0][0] is None:
        return {}
    first = dominant(s for _, _, s in _leading(runs, runs[0][0]))
    if first is None:
        return {}
    return {"font": first.font, "font_role": _role_value(first.font), "size_pt": first.size_pt,
            "color": first.color}


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


def body_size(pieces: Iterable[Piece]) -> float | None:
    """The body's size (5.2.2): that of most paragraphs set flush or indented — not of the
    most characters, which on a short page may be its title or a table's."""
    text = [p for p in pieces if p.rule_color is None and p.table is None and p.text.strip()]
    sizes = Counter(p.size for p in text if p.align != "center" and p.size)
    sizes = sizes or Counter(p.size for p in text if p.size)
    return max(sizes, key=lambda s: (sizes[s], -s)) if sizes else None
