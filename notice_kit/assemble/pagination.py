"""Verifying the pagination rules on the converted PDF, knowing the package.

The .docx asks Word, WPS and LibreOffice to keep the rules (keep-with-next chains, rows
that cannot split, header rows repeated); this module reads the PDF LibreOffice made and
says where a rule still does not hold — one enormous paragraph, an 附件说明 longer than a
page — so the build can warn, naming the page and the rule, instead of shipping a bad
page silently.  The build knows what it laid out (the 署名, the 附件说明, the headings),
so it looks for exactly those lines; ``notice-kit check`` judges documents it did not
make and has to classify lines first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from notice_kit.inspect.pdftext import PageLines, WordLine, read_lines
from notice_kit.models import (
    Block,
    DocumentAttachment,
    NumberedList,
    Package,
    Paragraph,
    ReceiptForm,
    Section,
    chinese_date,
)
from notice_kit.models.body import section_numbers
from notice_kit.numbering import heading_prefix
from notice_kit.render import wording
from notice_kit.render.docx.body import last_paragraph

# A continuation page of a form holding this few lines of text holds only a stray
# contact or deadline line: the form should have been kept on one page.
STRAY_LINES = 3


@dataclass(frozen=True)
class PaginationFault:
    """One pagination rule that does not hold on ``page`` (1-based, merged PDF)."""

    page: int
    rule: str
    clause: str
    message: str


@dataclass(frozen=True)
class _Line:
    page: int
    text: str  # spaces removed
    line: WordLine


def pagination_faults(pdf: Path, package: Package,
                      form_pages: Sequence[tuple[int, int, int]] = (),
                      pages: Sequence[PageLines] | None = None) -> list[PaginationFault]:
    """Return the pagination rules ``pdf`` (the merged package) breaks.

    ``form_pages`` lists ``(attachment number, first page, last page)`` of the form
    attachments (回执), whose spill onto a page of their own is looked for.  ``pages``, the
    text of ``pdf`` when the caller has read it already, spares reading it again.
    """
    pages = list(read_lines(pdf, own=True) if pages is None else pages)
    lines = [_Line(p.number, ln.text.replace(" ", ""), ln)
             for p in pages for ln in _content(p)]
    faults = list(_signature_faults(lines, package))
    faults += _first_page_faults(lines, package)
    faults += _heading_faults(pages, package)
    faults += _form_faults(pages, form_pages, package)
    return sorted(faults, key=lambda f: f.page)


def _content(page: PageLines) -> list[WordLine]:
    """The page's lines without its page number ("— 3 —")."""
    # The first character that is not a space, as in the spaced text, without joining
    # the words of every line again (~1,000 lines a package, read twice).
    return [ln for ln in page.lines if not ln.text.lstrip().startswith("—")]


def _notice_lines(lines: list[_Line], package: Package) -> list[_Line]:
    """The lines of the notice part: up to the first attachment's label opening a page."""
    items = package.numbered_attachments()
    if not items:
        return lines
    label = items[0].label
    for i, line in enumerate(lines):
        opens_page = i == 0 or lines[i - 1].page != line.page
        if opens_page and line.text == label and i > 0:
            return lines[:i]
    return lines


def _signature_faults(all_lines: list[_Line], package: Package) -> Iterator[PaginationFault]:
    lines = _notice_lines(all_lines, package)
    notice = package.notice
    date = chinese_date(notice.date).replace(" ", "")
    dates = [i for i, ln in enumerate(lines) if ln.text == date]
    if not dates:
        return
    d = dates[-1]
    first_name = notice.signing_authorities[0].replace(" ", "")
    names = [i for i in range(d) if lines[i].text == first_name]
    if not names:
        return
    s = names[-1]
    sign_page = lines[s].page
    if lines[d].page != sign_page:
        yield PaginationFault(lines[d].page, "date-apart", "7.3.5",
                              "成文日期与署名不在同一页 / the 成文日期 is not on the 署名's page")
    lead_at = next((i for i in range(s - 1, -1, -1)
                    if lines[i].text.startswith(wording.ATTACHMENT_LEAD)), None)
    body_end = lead_at if lead_at is not None else s
    if lead_at is not None and package.attachments:
        note_pages = {ln.page for ln in lines[lead_at:s]}
        if len(note_pages) > 1:
            yield PaginationFault(min(note_pages) + 1, "note-split", "7.3.4",
                                  "附件说明跨页 / the 附件说明 is split across pages")
    if not any(ln.page == sign_page for ln in lines[:body_end]):
        yield PaginationFault(sign_page, "signature-alone", "7.3.5",
                              "署名页没有正文 / the 署名 page carries no text of the body")


def _opening(blocks: list[Block]) -> str | None:
    """The first characters the body prints (spaces removed), to find on page 1."""
    if not blocks:
        return None
    first = blocks[0]
    if isinstance(first, Paragraph):
        text = first.text
    elif isinstance(first, Section):
        level, n = section_numbers(blocks)[id(first)]
        text = heading_prefix(level, n) + (first.heading or first.text or "")
    elif isinstance(first, NumberedList):
        text = wording.list_item(1, first.items[0])
    else:
        text = first.title or first.columns[0]
    return text.replace(" ", "")[:6] or None


def _first_page_faults(lines: list[_Line], package: Package) -> Iterator[PaginationFault]:
    # Digest 7.3.2: page 1 must show body text (a keep chain that moves a long last
    # paragraph whole can empty it).
    opening = _opening(package.notice.body)
    if opening is None or not lines:
        return
    first = lines[0].page
    if not any(ln.page == first and ln.text.startswith(opening) for ln in lines):
        yield PaginationFault(first, "first-page-empty", "7.3.2",
                              "首页没有正文 / page 1 carries no text of the body")


def _headings(blocks: list[Block]) -> Iterator[str]:
    numbers = section_numbers(blocks)

    def walk(items: list[Block]) -> Iterator[str]:
        for block in items:
            if isinstance(block, Section):
                if block.heading is not None and not block.text:
                    level, n = numbers[id(block)]
                    yield (heading_prefix(level, n) + block.heading).replace(" ", "")
                yield from walk(block.children)

    yield from walk(blocks)


def _heading_faults(pages: list[PageLines], package: Package) -> Iterator[PaginationFault]:
    headings = set(_headings(package.notice.body))
    for att in package.attachments:
        if isinstance(att, DocumentAttachment):
            headings.update(_headings(att.body))
    if not headings:
        return
    for page in pages[:-1]:
        content = _content(page)
        if content and content[-1].text.replace(" ", "") in headings:
            yield PaginationFault(page.number, "heading-last", "7.3.3",
                                  "标题是本页最后一行 / a heading is the last line of the page")


def _form_faults(pages: list[PageLines], form_pages: Sequence[tuple[int, int, int]],
                 package: Package) -> Iterator[PaginationFault]:
    by_number = {p.number: p for p in pages}
    # The 版记 alone on the last page after a form is no spill of the form.
    colophon = _colophon_texts(package)
    for number, first, last in form_pages:
        page = by_number.get(last)
        if last <= first or page is None:
            continue
        own = [ln for ln in _content(page) if ln.text.replace(" ", "") not in colophon]
        if 0 < len(own) <= STRAY_LINES:
            yield PaginationFault(last, "form-spill", "7.3.7",
                                  f"附件{number}（回执）溢出到新页，该页只有{len(own)}行 / "
                                  f"attachment {number} (a form) spills onto a page holding "
                                  f"{len(own)} line(s)")


def _colophon_texts(package: Package) -> set[str]:
    colophon = package.notice.colophon
    texts = {wording.cc_line(colophon) or ""}
    parts = wording.print_parts(colophon)
    if parts:
        texts |= {parts[0], parts[1], parts[0] + parts[1]}
    return {t.replace(" ", "").replace("\u3000", "") for t in texts if t}


def form_attachments(package: Package) -> list[int]:
    """The numbers of the attachments that are forms to fill in (回执)."""
    return [i.number for i in package.numbered_attachments()
            if isinstance(i.attachment, ReceiptForm)]


def split_point(package: Package, pages: Sequence[PageLines]) -> int:
    """Where to cut the body's last paragraph so its last lines go to the 署名's page.

    Read off a conversion in which the paragraph was let go: its lines as LibreOffice
    set them are found at the end of the body; the cut falls before the last two (the
    last one of a two-line paragraph).  Returns a character index into the paragraph's
    text, or 0 when there is no paragraph of two lines or more to cut.
    """
    last = last_paragraph(package.notice.body)
    if last is None:
        return 0
    flat = last.text.replace(" ", "")
    lines = _notice_lines([_Line(p.number, ln.text.replace(" ", ""), ln)
                           for p in pages for ln in _content(p)], package)
    texts = [ln.text for ln in lines]
    for end in range(len(texts) - 1, -1, -1):
        if not texts[end] or not flat.endswith(texts[end]):
            continue
        start, joined = end, texts[end]
        while len(joined) < len(flat) and start > 0 and flat.endswith(texts[start - 1] + joined):
            start -= 1
            joined = texts[start] + joined
        if joined != flat:
            continue
        count = end - start + 1
        if count < 2:
            return 0
        carried = "".join(texts[end - min(2, count - 1) + 1:end + 1])
        return _index_with_spaces(last.text, len(flat) - len(carried))
    return 0


def _index_with_spaces(text: str, visible: int) -> int:
    """The index in ``text`` before its ``visible``-th non-space character."""
    seen = 0
    for i, ch in enumerate(text):
        if seen == visible:
            return i
        if ch != " ":
            seen += 1
    return 0
