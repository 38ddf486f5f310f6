"""Import a notice from plain text: a copy from a PDF or a web page, or notice_kit's own text.

The text is read in the order a notice is laid out (GB/T 9704-2012 7.2–7.4): the 版头
(:mod:`~notice_kit.importing.header`), the title and 主送机关
(:mod:`~notice_kit.importing.title`), the body up to the 附件说明, the 署名 and
成文日期 (:mod:`~notice_kit.importing.closing`), the attachments, each behind its label
("附件2") — or, as copies often lose the label, behind a line that repeats a title of the
附件说明 — and the 版记 (:mod:`~notice_kit.importing.colophon`).  Every line is
normalised first (:mod:`~notice_kit.importing.normalize`) and each change is noted with
the field it ended up in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from notice_kit.importing.attachments import attachment_data
from notice_kit.importing.body import body_blocks
from notice_kit.importing.closing import (
    BRACKETED,
    END_PUNCT,
    Closing,
    closing_start,
    read_closing,
    read_note_entries,
    signature_names,
    signed_date,
)
from notice_kit.importing.colophon import colophon_indices, read_colophon
from notice_kit.importing.common import Draft, not_a_notice
from notice_kit.importing.dates import is_date_line
from notice_kit.importing.header import (
    DOC_NUMBER,
    is_broken_doc_number,
    looks_like_title,
    read_doc_number,
    read_header,
    repair_doc_number,
)
from notice_kit.importing.lines import PAGE_CHROME, Line, line_span, source_lines
from notice_kit.importing.normalize import has_han
from notice_kit.importing.printed import printed_names, printed_title
from notice_kit.importing.result import ImportNote
from notice_kit.importing.title import NOTE_LEAD, read_addressees, read_title

LABEL = re.compile(r"^附\s*件\s*(?P<n>\d{0,2}|[一二三四五六七八九十]{1,3})\s*[：:]?$")
LABEL_TITLE = re.compile(r"^附\s*件\s*(?P<n>\d{1,2})\s*[：:]\s*(?P<title>\S.*)$")
# Words that tell a text is an official notice even when nothing else could be read.
_NOTICE_WORDS = ("通知", "关于", "特此", "现将", "各单位", "各地", "要求", "请", "工作")


MISSING_ATTACHMENT = "（附件正文未随文导入，请补充）"
"""The body of an attachment the 附件说明 names but the source does not hold."""


@dataclass
class _Page:
    """An attachment page as found: its title and content lines."""

    title: str | None
    lines: list[Line] = field(default_factory=list)
    title_lines: list[Line] = field(default_factory=list)


def draft_from_text(path: Path, text: str, notes: list[ImportNote] | None = None) -> Draft:
    """Return the parts of the notice written as plain text in ``text``.

    Raises :class:`~notice_kit.errors.DataError` naming ``path`` when the text is empty
    or is not a notice (no Chinese text, a single line, nothing a notice has).
    """
    lines = source_lines(text)
    draft = Draft(title="")
    draft.notes = list(notes or [])
    regions: dict[int, str] = {}
    _drop_chrome(lines, draft.notes)
    if not any(ln.text for ln in lines):
        raise not_a_notice(path, "文件为空，找不到标题", "the file is empty: no title")
    if sum(1 for ln in lines if ln.text) == 1:
        raise not_a_notice(path, "只有一行文字，找不到标题和正文，不像是一份通知",
                           "a single line of text: no title and no body, this does not look "
                           "like a notice")
    if not has_han(text):
        raise not_a_notice(path, "没有中文文字，不是一份通知", "no Chinese text: this is not a notice")
    header, pos = read_header(lines, draft.notes)
    draft.issuers, draft.mark_suffix, draft.header = header.issuers, header.mark_suffix, header.header
    _mark(regions, header.lines, "notice.header")
    _doc_number_below(lines, pos, draft, regions)
    found = read_title(lines, pos, draft.notes)
    if found is None:
        raise not_a_notice(path, "只有版头，找不到标题和正文", "only a header: no title and no body")
    draft.title, pos = found
    _mark_range(regions, lines, 0, pos, "notice.title")
    draft.addressees, pos, used = read_addressees(lines, pos, draft.notes)
    _mark(regions, used, "notice.addressees")
    if not draft.addressees:
        draft.notes.append(ImportNote("notice.addressees", "未找到主送机关（以“：”结尾的行）/ "
                                      "no addressee line (ending in “：”)"))
    end = _body_end(lines, pos)
    colophon = [lines[end + i] for i in colophon_indices(lines[end:])]
    draft.colophon = read_colophon(colophon, draft.notes)
    _mark(regions, colophon, "notice.colophon")
    for line in colophon:
        line.text = ""
    body_lines = lines[pos:end]
    _mark(regions, body_lines, "notice.body")
    draft.body = body_blocks(body_lines, "notice.body", draft.notes)
    after_date = _after_first_date(lines, end)
    later = [ln.text for ln in lines[after_date:] if ln.text]
    titles, pos = read_note_entries(lines, end, later, draft.notes)
    _mark_range(regions, lines, end, pos, "attachments")
    closing_lines, pos = _closing_lines(lines, pos)
    closing = read_closing(closing_lines, draft.notes)
    _apply_closing(closing, draft)
    _mark(regions, closing_lines, "notice")
    pages, leftover = _pages(lines[pos:], titles)
    printed = printed_names(draft.title, "".join(ln.text for ln in body_lines))
    _attachments(pages, leftover, titles, draft, regions, printed)
    if closing.leftover:
        _to_body(closing.leftover, draft, regions)
    if not draft.body:
        raise not_a_notice(path, "找不到正文", "no body text found")
    if not _is_notice(draft, header.lines, text):
        raise not_a_notice(path, "看不出是一份通知（没有版头、主送、成文日期、版记，"
                           "也没有“通知”“关于”等字样）",
                           "this does not look like a notice (no header, addressees, date, "
                           "colophon, or words such as 通知, 关于)")
    _change_notes(lines, regions, draft.notes)
    return draft


def _drop_chrome(lines: list[Line], notes: list[ImportNote]) -> None:
    dropped = [ln for ln in lines if ln.text and PAGE_CHROME.match(ln.text)]
    for line in dropped:
        line.text = ""
    if dropped:
        notes.append(ImportNote("notice", f"删去页码行 {len(dropped)} 行（{line_span(dropped[:1])} 等）/ "
                                f"{len(dropped)} page-number lines dropped"))


def _doc_number_below(lines: list[Line], pos: int, draft: Draft, regions: dict[int, str]) -> None:
    """A 发文字号 a web copy puts under the title instead of above it."""
    if "doc_number" in draft.header:
        return
    for line in [ln for ln in lines[pos:pos + 8] if ln.text][:4]:
        if is_broken_doc_number(line.text):
            draft.header["doc_number"] = repair_doc_number(line, draft.notes)
            regions[line.no] = "notice.header.doc_number"
            line.text = ""
            return
        m = DOC_NUMBER.match(line.text)
        if m and m.end() == len(line.text):
            draft.header["doc_number"] = read_doc_number(m, line, draft.notes)
            draft.notes.append(ImportNote("notice.header.doc_number", f"{line_span([line])}：发文字号"
                                          "不在版头而在标题附近，已移入版头 / the document number "
                                          "was found near the title: moved to the header",
                                          draft.header["doc_number"]))
            regions[line.no] = "notice.header.doc_number"
            line.text = ""
            return


def _body_end(lines: list[Line], start: int) -> int:
    """The index of the 附件说明, of an attachment label, or of the 署名 above the date."""
    closing = closing_start(lines, start)
    for i in range(start, closing if closing is not None else len(lines)):
        text = lines[i].text
        if NOTE_LEAD.match(text) or LABEL.match(text) or LABEL_TITLE.match(text):
            return i
    return closing if closing is not None else len(lines)


def _after_first_date(lines: list[Line], start: int) -> int:
    for i in range(start, len(lines)):
        if LABEL.match(lines[i].text):
            return i
        if is_date_line(lines[i].text):
            return i + 1
    return len(lines)


def _closing_lines(lines: list[Line], start: int) -> tuple[list[Line], int]:
    """The lines of 署名, 成文日期 and 附注 from ``start``; the index after them."""
    for i in range(start, len(lines)):
        text = lines[i].text
        if LABEL.match(text) or LABEL_TITLE.match(text):
            break
        if is_date_line(text) or signed_date(lines[i]) is not None:
            end = i + 1
            nxt = next((j for j in range(end, len(lines)) if lines[j].text), None)
            if nxt is not None and BRACKETED.match(lines[nxt].text):
                end = nxt + 1
            return lines[start:end], end
    # No date: the 署名 lines only.
    end = start
    while end < len(lines) and (not lines[end].text or signature_names(lines[end])):
        end += 1
    return lines[start:end], end


def _apply_closing(closing: Closing, draft: Draft) -> None:
    draft.signatures = closing.signatures
    draft.note = closing.note
    if closing.date is not None:
        draft.date = closing.date.date
        if closing.date.chinese and closing.date_line is not None:
            draft.notes.append(ImportNote("notice.date", f"{line_span([closing.date_line])}：成文日期"
                                          f"“{closing.date.text}”改为阿拉伯数字（GB/T 9704-2012 7.3.5）"
                                          " / Chinese-numeral date converted to Arabic numerals",
                                          draft.date.isoformat()))
    if len(closing.signatures) > 1:
        draft.notes.append(ImportNote("notice.signatures", "署名识别为多个机关："
                                      f"{'、'.join(closing.signatures)}，请核对 / several signing "
                                      "authorities, please check", "；".join(closing.signatures)))


def _pages(lines: list[Line], titles: list[str]) -> tuple[list[_Page], list[Line]]:
    """Split what follows the closing into attachment pages; return them and the lines before."""
    before: list[Line] = []
    pages: list[_Page] = []
    for line in lines:
        text = line.text
        current = pages[-1] if pages else None
        if (m := LABEL_TITLE.match(text)) is not None:
            pages.append(_Page(title=m["title"].strip(), title_lines=[line]))
        elif LABEL.match(text):
            pages.append(_Page(title=None, title_lines=[line]))
        elif current is not None and current.title is None:
            if text:
                current.title = text
                current.title_lines.append(line)
        elif current is not None and not current.lines and text and _wraps(current.title, text, titles):
            current.title = (current.title or "") + text
            current.title_lines.append(line)
        elif text and len(pages) < len(titles) and _bare(text) == titles[len(pages)]:
            # A copy may lose a label ("附件1") but keep the page's title.
            pages.append(_Page(title=text, title_lines=[line]))
        elif current is not None:
            current.lines.append(line)
        elif text:
            before.append(line)
    return pages, before


def _bare(title: str) -> str:
    """A title without the punctuation a name does not end with (GB/T 9704-2012 7.3.4)."""
    return title.rstrip(END_PUNCT + " \u3000") or title


def _wraps(title: str | None, text: str, titles: list[str]) -> bool:
    """Whether ``text`` continues a title that wrapped, by the 附件说明's entries."""
    if not title:
        return False
    joined = title + text
    return title not in titles and any(t.startswith(joined) for t in titles)


def _attachments(pages: list[_Page], before: list[Line], titles: list[str], draft: Draft,
                 regions: dict[int, str], printed: list[str]) -> None:
    if before and not titles and not pages and (head := printed_title(before, printed)):
        # "关于印发…方案的通知" and the 方案 after the date, its title without "附件".
        rest = before[before.index(head[-1]) + 1:]
        pages = [_Page(title="".join(ln.text for ln in head), lines=rest, title_lines=head)]
        joined = f"，标题由 {len(head)} 行合并 / title joined from {len(head)} lines" \
            if len(head) > 1 else ""
        draft.notes.append(ImportNote("attachments[0]", f"{line_span(head)}：成文日期后是本通知印发的"
                                      "文件（没有“附件”标识），按附件1导入" + joined + " / the "
                                      "document this notice prints follows the date without an "
                                      "附件 label: imported as attachment 1", pages[0].title))
        before = []
    if before and len(titles) == 1 and not pages:
        # "附件：名单" and then the list without label or title: the one attachment.
        pages = [_Page(title=titles[0], lines=before)]
        draft.notes.append(ImportNote("attachments[0]", f"{line_span(before[:1])}起的文字没有附件标识"
                                      "和标题，按附件说明作为附件“" + titles[0] + "”导入 / text "
                                      "after the closing imported as the attachment named in the "
                                      "附件说明", titles[0]))
        before = []
    found: list[dict[str, object]] = []
    for page in pages:
        where = f"attachments[{len(found)}]"
        _mark(regions, page.title_lines + page.lines, where)
        if not page.title:
            draft.notes.append(ImportNote(where, f"{line_span(page.title_lines)}：附件没有标题，"
                                          "未导入 / an attachment without a title: not imported"))
            continue
        if _bare(page.title) != page.title:
            draft.notes.append(ImportNote(where, f"{line_span(page.title_lines)}：附件名称后的标点"
                                          "已删去（GB/T 9704-2012 7.3.4）/ punctuation after the "
                                          "attachment name dropped", _bare(page.title)))
            page.title = _bare(page.title)
        data = attachment_data(page.title, page.lines, where, draft.notes)
        if data is not None:
            found.append(data)
    draft.attachments = _with_placeholders(found, titles, draft.notes)
    if before:
        _to_body(before, draft, regions)


def _with_placeholders(found: list[dict[str, object]], titles: list[str],
                       notes: list[ImportNote]) -> list[dict[str, object]]:
    """The attachments in the order of the 附件说明, a placeholder for each one not in the source.

    The 附件说明 is made from the attachments, so a named attachment missing from the
    source would vanish from it: a placeholder page keeps its name (noted).
    """
    by_title = {str(a["title"]): a for a in found}
    missing = [t for t in titles if t not in by_title]
    if not missing:
        if titles and [str(a["title"]) for a in found] != titles:
            notes.append(ImportNote("attachments", "附件页的顺序与附件说明不同，已按附件页导入 / the "
                                    "attachment pages are in another order than the 附件说明"))
        return found
    notes.append(ImportNote(
        "attachments", f"附件说明列出的附件有 {len(missing)} 件不在源文件中，已按名称建占位附件"
        f"（正文为“{MISSING_ATTACHMENT}”），"
        "请补充内容或改为 kind: file / attachments named in the 附件说明 are not in the source: "
        "placeholders were made, please fill them in",
        "；".join(missing)))
    ordered: list[dict[str, object]] = [
        by_title.get(t) or {"kind": "document", "title": t, "body": [MISSING_ATTACHMENT]}
        for t in titles]
    return ordered + [a for a in found if str(a["title"]) not in titles]


def _to_body(lines: list[Line], draft: Draft, regions: dict[int, str]) -> None:
    """Lines that fit nowhere: kept at the end of the body (read as body text), and noted."""
    filled = [ln for ln in lines if ln.text]
    # Read as body text — "一、" "（一）" "1." lines become sections, not paragraphs — one
    # block per line: what these lines are is not known, so none continues another.
    draft.body += body_blocks(filled, "notice.body", draft.notes, join=False)
    _mark(regions, filled, "notice.body")
    draft.notes.append(ImportNote("notice.body", f"{line_span(filled[:1])} 等 {len(filled)} 行"
                                  "无法归类，已作为正文末尾内容导入（按序号分层），请核对 / lines not "
                                  "understood were added at the end of the body (numbered lines "
                                  "as sections): " + " ".join(ln.text for ln in filled)[:120]))


def _is_notice(draft: Draft, header: list[Line], text: str) -> bool:
    return bool(header or draft.addressees or draft.date or draft.colophon or draft.attachments
                or looks_like_title(draft.title) or any(w in text for w in _NOTICE_WORDS))


def _mark(regions: dict[int, str], lines: list[Line], where: str) -> None:
    for line in lines:
        regions.setdefault(line.no, where)


def _mark_range(regions: dict[int, str], lines: list[Line], start: int, end: int,
                where: str) -> None:
    _mark(regions, [ln for ln in lines[start:end] if ln.text], where)


def _change_notes(lines: list[Line], regions: dict[int, str], notes: list[ImportNote]) -> None:
    """One note per changed line: where it went, what was changed."""
    for line in lines:
        if line.changes:
            notes.append(ImportNote(regions.get(line.no, "notice"), f"第{line.no}行 / line {line.no}: "
                                    + "；".join(line.changes)))
