"""The fixed wording every renderer prints, in one place (so .docx and text agree)."""

from __future__ import annotations

from collections.abc import Sequence

from notice_kit.models import Contact, ReceiptForm, chinese_date, chinese_datetime
from notice_kit.models.notice import Colophon

NAME_SEPARATOR = "，"
"""Between 主送机关 and between 抄送机关."""
ATTACHMENT_LEAD = "附件："
CC_LEAD = "抄送："


def addressee_line(addressees: Sequence[str]) -> str:
    """主送机关 joined, ending with a full-width colon (7.3.2)."""
    return NAME_SEPARATOR.join(addressees) + "："


def attachment_note_entries(titles: Sequence[str]) -> list[tuple[str, str, str]]:
    """Return the 附件说明 (7.3.4) as (lead, number, title) per line: the lead "附件："
    on the first line only, the number "1." only when there are several."""
    if len(titles) == 1:
        return [(ATTACHMENT_LEAD, "", titles[0])]
    return [
        (ATTACHMENT_LEAD if n == 1 else "", f"{n}.", title)
        for n, title in enumerate(titles, start=1)
    ]


def list_item(n: int, text: str) -> str:
    """A numbered list line: "1.邗江中专"."""
    return f"{n}.{text}"


def field_line(label: str, value: str) -> str:
    """A 回执 header field: "单位名称：" + value."""
    return f"{label}：{value}"


def contact_text(contact: Contact) -> str:
    parts = [
        f"联系人：{contact.name}" if contact.name else "",
        f"电话：{contact.phone}" if contact.phone else "",
        f"邮箱：{contact.email}" if contact.email else "",
    ]
    return "；".join(p for p in parts if p)


def receipt_notes(form: ReceiptForm) -> list[str]:
    """Sentences under a 回执 table: its own notes as written, then when and where to
    return it, and whom to ask."""
    notes = list(form.notes)
    if form.deadline or form.return_to:
        when = f"请于{chinese_datetime(form.deadline)}前" if form.deadline else "请"
        notes.append(f"{when}报送{form.return_to or ''}。")
    if form.contact and contact_text(form.contact):
        notes.append(f"（{contact_text(form.contact)}）")
    return notes


def cc_line(colophon: Colophon) -> str | None:
    """"抄送：甲，乙。" (7.4), or None without 抄送."""
    return f"{CC_LEAD}{NAME_SEPARATOR.join(colophon.cc)}。" if colophon.cc else None


def print_parts(colophon: Colophon) -> tuple[str, str] | None:
    """(印发机关, "2024年10月28日印发") (7.4), or None."""
    if colophon.printer is None or colophon.print_date is None:
        return None
    return colophon.printer, f"{chinese_date(colophon.print_date)}印发"
