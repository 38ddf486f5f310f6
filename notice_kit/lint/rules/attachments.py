"""The notice's references to its 附件, and the attachments' names (GB/T 9704-2012 7.3.4, 7.3.7)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from notice_kit.lint.fields import TextField, notice_fields
from notice_kit.lint.registry import Hit, rule
from notice_kit.lint.text import excerpt, number_value
from notice_kit.models import Package, ReceiptForm

_NUM = r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})(?![0-9０-９])"
# "附件3", "附件1、2", "附件1至3": every number is checked, a range by its ends.
_NUMBERED = re.compile(rf"附件\s*{_NUM}(?:\s*[、和及与至到—\-－～~]\s*{_NUM}(?![年月日号]))*")
_NUMBER = re.compile(_NUM)
_BARE = re.compile(r"附件(?!\s*(?:[0-9０-９]|[一二三四五六七八九十]))")
# "各附件", "上述附件均…" speak of all of them, which is not ambiguous.
_PLURAL_BEFORE = ("各", "个", "份", "些", "上述", "以下", "下列", "所有", "全部", "相关", "有关")
_PLURAL_AFTER = ("均", "都", "各", "等")
# A 附件说明 typed into the body by hand ("附件：1.名单").
_TYPED_NOTE = re.compile(r"^附件\s*[：:]")
_CLAUSE_BREAK = re.compile(r"[，。；：、（）()《》“”,;:！？!?\s]")
_BOOK_TITLE = re.compile(r"《([^《》]+)》")
# Words that end the noun phrase before "回执": "材料连同参会人员名单回执" names "参会人员名单回执".
_CONNECTIVES = ("连同", "以及", "及", "和", "与", "并", "将", "把", "填写", "填报", "附上", "请")
_TITLE_TRAILING = "。．.，,；;：:、！!？?"
# "附件2：名单", "附件：名单", "3. 名单": a label typed into the name.
_TITLE_LABEL = re.compile(
    r"^(?:附件\s*(?:[0-9０-９]+\s*[：:．.、]?|[：:])|[0-9０-９]{1,2}\s*[．.、](?![0-9]))\s*"
)

SIMILAR = 0.75
"""SequenceMatcher ratio from which a 《title》 counts as meant for an attachment title."""
MIN_GUESS_OVERLAP = 3
"""Characters a clause must share with a title for lint to guess the attachment meant."""


def _reference_fields(package: Package) -> Iterator[TextField]:
    # A typed 附件说明 is reported by NK106; its "附件：" is no reference.
    return (f for f in notice_fields(package) if not _TYPED_NOTE.match(f.text))


def _is_plural(text: str, start: int, end: int) -> bool:
    return text[:start].endswith(_PLURAL_BEFORE) or text[end:].startswith(_PLURAL_AFTER)


def _clause_before(text: str, pos: int) -> str:
    return _CLAUSE_BREAK.split(text[:pos])[-1]


def _overlap(a: str, b: str) -> int:
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match().size


def _guess(clause: str, titles: list[str]) -> int | None:
    """Return the index of the one title sharing the most words with ``clause``, if clear."""
    scores = [_overlap(clause, title) for title in titles]
    best = max(scores, default=0)
    if best >= MIN_GUESS_OVERLAP and scores.count(best) == 1:
        return scores.index(best)
    return None


@rule("NK101", "ambiguous-attachment", "warning",
      "GB/T 9704-2012 7.3.4、7.3.7：有多个附件时以序号区分（附件1、附件2）")
def ambiguous_attachment(package: Package) -> Iterator[Hit]:
    """The text says "见附件" while there are several: the reader cannot tell which."""
    titles = [a.title for a in package.attachments]
    if len(titles) < 2:
        return
    for field in _reference_fields(package):
        for m in _BARE.finditer(field.text):
            if _is_plural(field.text, m.start(), m.end()):
                continue
            zh = f"正文提到“附件”但有 {len(titles)} 个附件，请写明附件几"
            en = f'the text refers to "附件" but there are {len(titles)} attachments: say which'
            guess = _guess(_clause_before(field.text, m.start()), titles)
            if guess is not None:
                label = package.attachment_label(guess + 1)
                zh += f"（可能是{label}“{titles[guess]}”）"
                en += f" (perhaps {label} “{titles[guess]}”)"
            yield Hit(field.location, zh, en, excerpt(field.text, m.start(), m.end()))


@rule("NK102", "missing-attachment", "error",
      "GB/T 9704-2012 7.3.7：附件序号与附件说明、附件页一致；只有一个附件时标“附件”，不编号")
def missing_attachment(package: Package) -> Iterator[Hit]:
    """附件4 with three attachments; 附件1 when the only one is labelled 附件; 附件 with none."""
    count = len(package.attachments)
    for field in _reference_fields(package):
        for m in _NUMBERED.finditer(field.text):
            numbers = [number_value(n) or 0 for n in _NUMBER.findall(m.group(), 2)]
            hit = _numbered_reference(field, m, numbers, count)
            if hit is not None:
                yield hit
        if count == 0:
            for m in _BARE.finditer(field.text):
                yield Hit(field.location, "正文提到“附件”，但没有附件",
                          'the text refers to "附件" but the package has no attachments',
                          excerpt(field.text, m.start(), m.end()))


def _numbered_reference(field: TextField, m: re.Match[str], numbers: list[int],
                        count: int) -> Hit | None:
    where = excerpt(field.text, m.start(), m.end())
    said = m.group()
    if any(n > count for n in numbers) or 0 in numbers:
        have_zh = "没有附件" if count == 0 else f"只有 {count} 个附件"
        have_en = ("there are no attachments" if count == 0 else
                   "there is only one attachment" if count == 1 else f"there are only {count}")
        return Hit(field.location, f"正文提到“{said}”，但{have_zh}",
                   f"the text refers to “{said}” but {have_en}", where)
    if count == 1:
        return Hit(field.location,
                   f"只有一个附件时标注为“附件”，不编号；正文写的是“{said}”",
                   f"with a single attachment its label is “附件” without a number; "
                   f"the text says “{said}”", where, severity="warning")
    return None


@rule("NK103", "attachment-title-mismatch", "warning",
      "GB/T 9704-2012 7.3.4：附件名称前后一致 / an attachment is named the same everywhere")
def title_mismatch(package: Package) -> Iterator[Hit]:
    """《…》 naming something that is almost, but not exactly, an attachment's title."""
    titles = [a.title for a in package.attachments]
    for field in _reference_fields(package):
        for m in _BOOK_TITLE.finditer(field.text):
            named = m.group(1)
            if named in titles:
                continue
            near = _near_title(named, titles)
            if near is not None:
                label = package.attachment_label(near + 1)
                yield Hit(field.location,
                          f"《{named}》与{label}的标题“{titles[near]}”不完全一致",
                          f"《{named}》 does not quite match the title of {label}, “{titles[near]}”",
                          excerpt(field.text, m.start(), m.end()))


def _near_title(named: str, titles: list[str]) -> int | None:
    for i, title in enumerate(titles):
        contained = min(len(named), len(title)) >= 4 and (named in title or title in named)
        if contained or SequenceMatcher(None, named, title).ratio() >= SIMILAR:
            return i
    return None


@rule("NK104", "receipt-mention", "info",
      "惯例：正文提到回执时用回执的标题，并有对应附件 / practice: the body names the receipt by its title")
def receipt_mention(package: Package) -> Iterator[Hit]:
    """"回执" in the body but no receipt; a receipt the body never mentions; a receipt
    called by another name than its title."""
    receipts = [(i, a.title) for i, a in enumerate(package.attachments)
                if isinstance(a, ReceiptForm) or "回执" in a.title]
    fields = list(_reference_fields(package))
    mentions = [(f, m) for f in fields for m in re.finditer("回执", f.text)]
    if not receipts:
        for field, m in mentions[:1]:
            yield Hit(field.location, "正文提到回执，但附件中没有回执",
                      "the text mentions a receipt (回执) but no attachment is one",
                      excerpt(field.text, m.start(), m.end()))
        return
    labels = [package.attachment_label(i + 1) for i, _ in receipts]
    if not mentions and not any(label in f.text for f in fields for label in labels):
        yield Hit(f"attachments[{receipts[0][0]}]",
                  f"附件中有回执“{receipts[0][1]}”，正文却没有提到它（何时、向谁报送）",
                  f"the package has a receipt, “{receipts[0][1]}”, "
                  "but the text never mentions it (when to return it, to whom)")
    for field, m in mentions:
        named = _receipt_name(field.text, m.start())
        if named == "回执" or any(named in title for _, title in receipts):
            continue
        i, title = receipts[0]
        yield Hit(field.location,
                  f"正文称“{named}”，而回执（{package.attachment_label(i + 1)}）的标题是“{title}”",
                  f"the text calls it “{named}” but the receipt "
                  f"({package.attachment_label(i + 1)}) is titled “{title}”",
                  excerpt(field.text, m.end() - len(named), m.end()))


def _receipt_name(text: str, pos: int) -> str:
    """The noun phrase ending in 回执 at ``pos``: "参会人员名单回执"."""
    clause = _clause_before(text, pos)
    cut = max((clause.rfind(w) + len(w) for w in _CONNECTIVES if w in clause), default=0)
    return clause[cut:] + "回执"


@rule("NK105", "attachment-title-punctuation", "warning",
      "GB/T 9704-2012 7.3.4：附件名称后不加标点符号；序号由附件位置生成")
def attachment_title(package: Package) -> Iterator[Hit]:
    """A name ending in punctuation, carrying its own "附件2：" or "3." label, or in 《》."""
    for i, attachment in enumerate(package.attachments):
        title, where = attachment.title, f"attachments[{i}].title"
        if title.endswith(tuple(_TITLE_TRAILING)):
            yield Hit(where, f"附件名称“{title}”后有标点“{title[-1]}”，应删去",
                      f"the attachment name ends with “{title[-1]}”: names take no punctuation",
                      excerpt(title, len(title) - 1, len(title)))
        label = _TITLE_LABEL.match(title)
        if label:
            yield Hit(where, f"附件名称以“{label.group().strip()}”开头：附件序号会自动生成，会重复",
                      f"the attachment name starts with “{label.group().strip()}”: "
                      "the number is generated and would be printed twice",
                      excerpt(title, 0, label.end()))
        if title.startswith("《") and title.endswith("》"):
            yield Hit(where, "附件名称不加书名号《》", "an attachment name is not put in 《》",
                      excerpt(title, 0, 1))


@rule("NK106", "typed-attachment-note", "warning",
      "GB/T 9704-2012 7.3.4：附件说明由附件标题生成 / notice_kit writes the 附件说明 itself")
def typed_attachment_note(package: Package) -> Iterator[Hit]:
    """A 附件说明 typed into the body: it would be printed twice."""
    for field in notice_fields(package):
        if _TYPED_NOTE.match(field.text):
            yield Hit(field.location,
                      "正文里手写了附件说明：附件说明按附件自动生成，"
                      "请删去这一段，把附件列在 attachments 下",
                      "the body holds a typed 附件说明: it is generated from the attachments, "
                      "so delete this paragraph and list them under attachments",
                      excerpt(field.text, 0, 3))


# "《省厅一季度分析材料》（附件1）", "（见附件2）", "附件3：《各地参加学校名单》": a title
# tied to a number, which goes stale when an attachment is removed or moved.
_TITLE_THEN_NUMBER = re.compile(
    rf"《(?P<title>[^《》]+)》\s*[（(]\s*(?:见|详见)?\s*附件\s*(?P<num>{_NUM})\s*[）)]")
_NUMBER_THEN_TITLE = re.compile(rf"附件\s*(?P<num>{_NUM})\s*[：:]?\s*《(?P<title>[^《》]+)》")


@rule("NK107", "attachment-reference-title", "error",
      "GB/T 9704-2012 7.3.4：附件序号和名称前后一致 / an attachment's number and name agree "
      "everywhere")
def reference_title(package: Package) -> Iterator[Hit]:
    """《title》（附件N） or 附件N《title》 where attachment N has another title — after an
    attachment was removed or the attachments reordered."""
    titles = [a.title for a in package.attachments]
    for field in _reference_fields(package):
        found = [*_TITLE_THEN_NUMBER.finditer(field.text), *_NUMBER_THEN_TITLE.finditer(field.text)]
        for m in sorted(found, key=lambda m: m.start()):
            number = number_value(m["num"]) or 0
            if not 1 <= number <= len(titles):
                continue  # NK102 reports a number beyond the attachments
            named, title = m["title"], titles[number - 1]
            if _same_title(named, title):
                continue
            label = package.attachment_label(number)
            zh = f"正文“{m.group()}”，但{label}是“{title}”"
            en = f"the text says “{m.group()}” but {label} is “{title}”"
            other = next((i for i, t in enumerate(titles) if _same_title(named, t)), None)
            if other is not None:
                zh += f"；《{named}》是{package.attachment_label(other + 1)}"
                en += f"; 《{named}》 is {package.attachment_label(other + 1)}"
            elif named not in titles:
                zh += f"；没有名为《{named}》的附件（已删除？）"
                en += f"; no attachment is titled 《{named}》 (removed?)"
            yield Hit(field.location, zh, en, excerpt(field.text, m.start(), m.end()))


def _same_title(named: str, title: str) -> bool:
    a, b = re.sub(r"\s+", "", named), re.sub(r"\s+", "", title)
    return a == b or _near_title(a, [b]) is not None
