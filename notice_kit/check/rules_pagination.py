"""Pagination rules: where the pages break, read on a PDF (a .docx has no pages until a word
processor lays it out).

GB/T 9704-2012 7.3.4 puts the 附件说明 as one block under the body; 7.3.5 wants the page of
the 署名 to carry text of the body (adjust spacing rather than leave the 署名 alone); 7.4
puts the 版记 on the last page, the back of the last sheet (封四), an even page.  A heading
left as a page's last line and a form spilling a few lines onto a page of its own are
typesetting faults every proof-reader marks.
"""

from __future__ import annotations

from collections.abc import Iterator

from notice_kit.check import measure as m
from notice_kit.check.registry import Issue, Severity, rule
from notice_kit.inspect.model import Element, Heading, InspectedDocument
from notice_kit.layout.profile import LayoutProfile

# What counts as text of the notice above the 署名 (7.3.5): the body — not the 附件说明,
# which follows it ("此页无正文" is what a page of the 附件说明 and the 署名 alone says).
_TEXT_KINDS = ("title", "addressees", "paragraph", "heading", "table", "caption")
# A form's last page holding this many lines or fewer, and no table, has spilled (practice).
FORM_SPILL_MAX_LINES = 3
# What a heading or caption leads to: its text.
_LEADS_TO = ("paragraph", "heading", "table", "caption")
# Not content: what stands on every page or only marks a place.
_FURNITURE = ("page_number", "rule")


def _pages(e: Element) -> list[int]:
    return sorted({b.page for b in e.boxes})


def _last_page(e: Element) -> int | None:
    return max((b.page for b in e.boxes), default=e.page)


@rule("GB712", "7.3.5", "署名页有正文 / text above the signature", formats=("pdf",))
def signature_page(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """The page holding the 署名 (or, without one, the 成文日期) also holds text of the
    body above it — the 附件说明 alone is not the body; the 成文日期 stands on the page of
    the 署名."""
    notice = m.parts(doc)[0]
    closing = [e for e in notice if e.kind in ("signature", "date") and e.page is not None]
    if not closing:
        return
    first = closing[0]
    page = first.page or 0
    above = [e for e in notice[: notice.index(first)] if e.kind in _TEXT_KINDS
             and page in _pages(e)]
    if not above:
        note = any(e.kind == "attachment_note" and page in _pages(e) for e in notice)
        zh, en = ("附件说明、", "the attachment note and ") if note else ("", "")
        yield Issue(f"第{page}页只有{zh}署名和成文日期，没有正文 / page {page} holds {en}the "
                    "signature without any text of the body", "署名页有正文 / body text on the page",
                    f"第{page}页无正文 / none on p.{page}", element=first, page=page)
    date = next((e for e in closing if e.kind == "date"), None)
    signatures = [e for e in closing if e.kind == "signature"]
    if date is not None and signatures and date.page != _last_page(signatures[-1]):
        yield Issue("成文日期与署名不在同一页 / the date is on another page than the signature",
                    f"第{_last_page(signatures[-1])}页", f"第{date.page}页", element=date)


@rule("GB713", "7.3.4", "附件说明不跨页 / attachment note on one page", formats=("pdf",))
def attachment_note_page(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """The 附件说明 is one block: all its lines on one page."""
    for note in doc.of_kind("attachment_note"):
        pages = _pages(note)
        if len(pages) > 1:
            yield Issue(f"附件说明被分在第{pages[0]}页和第{pages[-1]}页 / the attachment note is split "
                        f"over pages {pages[0]}–{pages[-1]}", "同一页 / one page",
                        "、".join(f"第{n}页" for n in pages), element=note, page=pages[-1])


@rule("GB714", "7.3.7", "表单不孤页 / no form spilling onto a page", formats=("pdf",))
def form_spill(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """A form (an attachment with a table: a 回执, a register) does not spill onto a page of
    its own with a few lines and no table — its contact line, its deadline; a long form
    that goes on with its header row repeated is fine."""
    for attachment in doc.attachments:
        if not attachment.tables:
            continue
        elements = [e for e in doc.elements[attachment.first_element: attachment.last_element + 1]
                    if e.kind not in _FURNITURE]
        pages = sorted({b.page for e in elements for b in e.boxes})
        if len(pages) < 2:
            continue
        last = pages[-1]
        on_last = [b for e in elements for b in e.boxes if b.page == last]
        has_table = any(e.kind == "table" and last in _pages(e) for e in elements)
        if not has_table and len(on_last) <= FORM_SPILL_MAX_LINES:
            first_line = next(e for e in elements if last in _pages(e))
            yield Issue(f"{attachment.label}“{attachment.title or ''}”的末页（第{last}页）只有"
                        f"{len(on_last)}行 / the form's last page, p.{last}, holds only "
                        f"{len(on_last)} line(s)", "表单排在一页内 / the form on one page",
                        f"第{last}页 {len(on_last)} 行", element=first_line, page=last)


@rule("GB715", "7.3.3", "标题不在页末 / no heading last on a page", formats=("pdf",))
def heading_at_page_end(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """A heading of the first two levels standing on its own line (一、… （一）… with no
    run-in text), or a table's caption, is not the last line of a page with its text on
    the next.  (Numbered items of levels 3 and 4 are often list items: a list may break.)"""
    content = [e for e in doc.elements if e.kind not in _FURNITURE and e.boxes]
    for i, e in enumerate(content):
        standalone = (isinstance(e, Heading) and e.level <= 2 and not e.run_in) \
            or e.kind == "caption"
        if not standalone or i + 1 >= len(content):
            continue
        page = _last_page(e)
        following = content[i + 1]
        if following.kind not in _LEADS_TO or following.page is None or page is None:
            continue
        if following.page > page:
            zh, en = ("表题", "caption") if e.kind == "caption" else ("标题", "heading")
            yield Issue(f"{zh}在第{page}页末，下文在第{following.page}页 / a {en} "
                        f"ends p.{page}, its text starts p.{following.page}",
                        "与下文同页 / on the page of its text", f"第{page}页末行 / last line of p.{page}",
                        element=e, page=page)


@rule("GB716", "7.4", "版记在偶数页 / colophon on an even page", formats=("pdf",))
def colophon_even_page(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """The 版记 is on the last page, the back of the last sheet (封四): an even page.  A part
    printed on its own (正文 alone, an attachment) only warns: its pages are not the
    package's."""
    colophon = doc.of_kind("colophon_cc", "colophon_print")
    if not colophon or colophon[0].page is None:
        return
    page = colophon[-1].page or colophon[0].page or 0
    if page % 2 == 0:
        return
    note = doc.first("attachment_note")
    whole = m.has_notice(doc) and (note is None or bool(doc.attachments))
    severity: Severity | None = None if whole else "warning"
    yield Issue(f"版记在第{page}页（奇数页） / the colophon is on p.{page}, an odd page",
                "偶数页 / an even page", f"第{page}页", element=colophon[0], page=page,
                severity=severity)


@rule("GB717", "7.3.7", "附件另面编排 / each attachment on a new page", formats=("pdf",))
def attachment_new_page(doc: InspectedDocument, p: LayoutProfile) -> Iterator[Issue]:
    """Each attachment starts a page of its own ("附件应当另面编排"): its label is the
    first line of its page, and its title on the label's page."""
    for attachment in doc.attachments:
        label = doc.elements[attachment.first_element]
        page = label.page
        if page is None:
            continue
        before = [e for e in doc.elements[: attachment.first_element]
                  if e.kind not in _FURNITURE and page in _pages(e)]
        if before:
            yield Issue(f"{attachment.label}未另面编排，排在第{page}页的{_describe(before[-1])}之后 / "
                        f"{attachment.label} does not start a page: it follows other text on p.{page}",
                        "另起一页 / at the top of a new page", f"第{page}页中 / inside p.{page}",
                        element=label, page=page)
            continue
        title = next((e for e in doc.elements[attachment.first_element: attachment.last_element + 1]
                      if e.kind == "attachment_title"), None)
        if title is not None and title.page is not None and title.page != page:
            yield Issue(f"{attachment.label}的标识在第{page}页，标题在第{title.page}页 / the label of "
                        f"{attachment.label} is on p.{page}, its title on p.{title.page}",
                        f"第{page}页", f"第{title.page}页", element=title, page=title.page)


def _describe(e: Element) -> str:
    text = e.text.replace("\n", "")
    return f"“{text[:12]}{'…' if len(text) > 12 else ''}”"
