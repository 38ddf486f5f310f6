"""The kept-character measure of the corpus gate (see test_corpus_gate.py)."""

from __future__ import annotations

import re
from collections import Counter

from notice_kit.importing.dates import DATE_TEXT, chinese_date, find_date
from notice_kit.importing.lines import PAGE_CHROME
from notice_kit.models import ReceiptForm
from notice_kit.models.package import Package
from notice_kit.render.docx.attachments import receipt_rows
from notice_kit.render.text import render_text
from notice_kit.textparse import split_prefix

_HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（",
                               ")": "）", "．": ".", "[": "〔", "]": "〕", "［": "〔", "］": "〕",
                               "【": "〔", "】": "〕", **{chr(0xFF10 + i): str(i) for i in range(10)}})
# Quotes count alike whichever way they are typed ("…" becomes “…”); so do "." and "。".
_AFTER_PREFIX = str.maketrans({"“": '"', "”": '"', ".": "。"})
_DATE = re.compile(DATE_TEXT)
_LABEL = re.compile(r"^附\s*件\s*\d{0,2}\s*[：:]?\s*(?:\d{1,2}\s*[.．、]\s*)?")
_SPACE = re.compile(r"\s+")


def _line(line: str) -> str:
    line = line.strip().translate(_HALF_TO_FULL)
    line = _DATE.sub(lambda m: chinese_date(d.date) if (d := find_date(m.group())) else m.group(),
                     line)
    line = _LABEL.sub("", line)
    parsed = split_prefix(line)
    # After the numbering is gone: a "." left ends a sentence ("。") or sits in a number.
    return _SPACE.sub("", parsed.text).translate(_AFTER_PREFIX)


def chars(text: str) -> Counter[str]:
    """The multiset of characters of ``text`` after normalisation, line by line."""
    out: Counter[str] = Counter()
    for line in text.splitlines():
        if line.strip() and not PAGE_CHROME.match(line.strip()):
            out.update(_line(line))
    return out


def package_text(package: Package) -> str:
    """render_text plus the 版头, which render_text leaves out (as an extracted text does),
    and the 序号 a 回执 prints on its blank rows (generated, as heading numbers are)."""
    header = package.notice.header
    lines = [*header.issuers, header.mark_suffix, header.doc_number or "",
             *([f"签发人：{'　'.join(header.signers)}"] if header.signers else []),
             header.copy_number or "", str(header.secrecy or ""), header.urgency or ""]
    for attachment in package.attachments:
        if isinstance(attachment, ReceiptForm):
            lines += [row[0] for row in receipt_rows(attachment)[len(attachment.rows):]]
    return "\n".join(lines) + "\n" + render_text(package)


def kept_ratio(source: str, package: Package) -> tuple[float, Counter[str]]:
    """The share of the source's characters found in the package's text; the missing ones."""
    src, out = chars(source), chars(package_text(package))
    missing = src - out
    total = sum(src.values())
    return (1 - sum(missing.values()) / total if total else 1.0), missing
