"""Matching a reply to the form: its title, the header row of its table, its fields.

Columns are matched by name, not position, so a reply whose columns were reordered still
reads right; a renamed column is matched to the most similar name left and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from notice_kit.receipts.form import FormSpec
from notice_kit.receipts.model import Cell, RawTable
from notice_kit.receipts.values import normalize

# How alike a renamed header must be to a column's name to be taken for it.
_RENAMED_RATIO = 0.5
# Rows searched for the header: a sheet may start with the title and the fields.
_HEADER_SEARCH_ROWS = 30


def squeeze(text: str) -> str:
    """Return ``text`` normalised without any whitespace or colon (for comparing labels)."""
    return re.sub(r"[\s:：]+", "", normalize(text))


@dataclass
class HeaderMatch:
    """The header row of a table and which form column each of its cells holds."""

    table: RawTable
    row: int
    columns: dict[int, str]  # header cell index → form column
    renamed: dict[str, str] = field(default_factory=dict)  # form column → header text
    unknown: list[str] = field(default_factory=list)  # header texts matching no column
    missing: list[str] = field(default_factory=list)  # form columns with no header
    reordered: bool = False

    @property
    def score(self) -> float:
        exact = len(self.columns) - len(self.renamed)
        return exact + 0.5 * len(self.renamed)


def match_header(cells: list[Cell], spec: FormSpec) -> HeaderMatch | None:
    """Match one row's cells against the form's columns; None unless at least half of the
    columns (and at least one exactly) are there."""
    wanted = {squeeze(c): c for c in spec.columns}
    texts = [squeeze(c.text) for c in cells]
    columns: dict[int, str] = {}
    for i, text in enumerate(texts):
        if text in wanted and wanted[text] not in columns.values():
            columns[i] = wanted[text]
    if not columns:
        return None
    left = [c for c in spec.columns if c not in columns.values()]
    renamed: dict[str, str] = {}
    unknown: list[str] = []
    for i, text in enumerate(texts):
        if i in columns or not text:
            continue
        best = max(left, key=lambda c: _likeness(text, c), default=None)
        if best is not None and _likeness(text, best) >= _RENAMED_RATIO:
            columns[i] = best
            renamed[best] = cells[i].text.strip()
            left.remove(best)
        else:
            unknown.append(cells[i].text.strip())
    if len(columns) * 2 < len(spec.columns):
        return None
    order = [columns[i] for i in sorted(columns)]
    expected = [c for c in spec.columns if c in order]
    return HeaderMatch(table=RawTable([]), row=0, columns=columns, renamed=renamed,
                       unknown=unknown, missing=left, reordered=order != expected)


def _likeness(text: str, column: str) -> float:
    c = squeeze(column)
    if c in text or text in c:
        return max(0.6, SequenceMatcher(None, text, c).ratio())
    return SequenceMatcher(None, text, c).ratio()


def find_header(tables: list[RawTable], spec: FormSpec) -> HeaderMatch | None:
    """Return the best-matching header row among the tables' first rows, if any."""
    best: HeaderMatch | None = None
    for table in tables:
        for r, cells in enumerate(table.rows[:_HEADER_SEARCH_ROWS]):
            match = match_header(cells, spec)
            if match is not None and (best is None or match.score > best.score):
                match.table, match.row = table, r
                best = match
    return best


def has_title(lines: list[str], spec: FormSpec) -> bool:
    """Return whether the form's title appears among ``lines`` (spaces ignored)."""
    title = squeeze(spec.title)
    return any(title and title in squeeze(line) for line in lines)


def read_fields(lines: list[str], labels: tuple[str, ...]) -> dict[str, str]:
    """Return the value typed after each label (``单位名称：…``) in ``lines``.

    Typed over the underline or after it, with a full- or half-width colon, with tabs and
    underscores around it: all read the same.  Two fields on one line are split at the
    second label.  The first line naming a label wins.
    """
    found: dict[str, str] = {}
    if not labels:
        return found
    label_re = "|".join(re.escape(squeeze(lbl)) for lbl in sorted(labels, key=len, reverse=True))
    pattern = re.compile(rf"({label_re})[:：]")
    for line in lines:
        # Labels may be typed with spaces inside (单 位 名 称：).
        flat = _unspace_labels(normalize(line.replace("\t", " ")), labels)
        hits = list(pattern.finditer(flat))
        for i, hit in enumerate(hits):
            end = hits[i + 1].start() if i + 1 < len(hits) else len(flat)
            value = flat[hit.end():end].strip(" _＿")
            label = next(lbl for lbl in labels if squeeze(lbl) == hit.group(1))
            if label not in found or (not found[label] and value):
                found[label] = value
    return found


def _unspace_labels(text: str, labels: tuple[str, ...]) -> str:
    """Return ``text`` with spaces inside any label removed (``单 位 名 称：`` → ``单位名称：``)."""
    for label in labels:
        chars = list(squeeze(label))
        if len(chars) > 1:
            spaced = r"\s*".join(re.escape(ch) for ch in chars) + r"\s*(?=[:：])"
            text = re.sub(spaced, squeeze(label), text)
    return text
