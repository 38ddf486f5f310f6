"""Collecting the replies to a 回执 into one table.

Each file is read and matched on its own, so one bad file is reported and the others are
still collected; then replies sent twice are found, numbers given twice are flagged, and
the units that have not replied are listed.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from notice_kit.errors import NoticeKitError
from notice_kit.loading import load_notice
from notice_kit.models import Package
from notice_kit.receipts.form import FormSpec, choose_spec
from notice_kit.receipts.matching import squeeze
from notice_kit.receipts.model import Collection, Issue, ReplyError, ReplyFile, ReplyRow
from notice_kit.receipts.reading import read_reply, reply_files
from notice_kit.receipts.rows import ReadReply, match_reply
from notice_kit.receipts.values import column_kind

logger = logging.getLogger(__name__)


def collect(
    replies: Iterable[Path | str],
    notice: Package | FormSpec | Path | str,
    *,
    receipt: int | str | None = None,
    recipients: Sequence[str] | None = None,
    timeout: float = 60,
) -> Collection:
    """Read every reply in ``replies`` (files or folders) to the 回执 of ``notice`` and
    return the rows, the problems found and the fate of each file.

    ``notice`` is a data file, a loaded package, or a :class:`FormSpec`; ``receipt`` picks
    the 回执 (attachment number or title) when the notice has several.  With
    ``recipients`` (unit names), :attr:`Collection.not_replied` lists those without a
    reply.  A file that cannot be read is reported in :attr:`Collection.issues` and
    skipped; only a bad ``notice`` raises (:class:`~notice_kit.errors.DataError`).
    """
    spec = _spec(notice, receipt)
    result = Collection(title=spec.title, fields=spec.fields, columns=spec.columns)
    kept: list[tuple[Path, ReadReply]] = []
    for path in reply_files(replies):
        try:
            reply = match_reply(read_reply(path, timeout=timeout), spec)
        except ReplyError as exc:
            result.issues.append(Issue(path.name, exc.reason))
            result.files.append(ReplyFile(path, "failed", message=exc.reason))
            continue
        except NoticeKitError as exc:  # e.g. LibreOffice missing
            result.issues.append(Issue(path.name, str(exc)))
            result.files.append(ReplyFile(path, "failed", message=str(exc)))
            continue
        twin = _same_reply(reply, kept)
        if twin is not None:
            msg = (f"与 {twin.name} 内容相同，只收一次 / same reply as {twin.name}: kept once")
            result.issues.append(Issue(path.name, msg, severity="warning"))
            result.files.append(ReplyFile(path, "duplicate", reply.unit, len(reply.rows), msg,
                                          duplicate_of=twin.name))
            continue
        result.issues += reply.issues
        result.rows += reply.rows
        result.files.append(ReplyFile(path, "collected", reply.unit, len(reply.rows)))
        kept.append((path, reply))
        logger.info("%s: %s, %d rows", path.name, reply.unit, len(reply.rows))
    result.issues += _units_twice(kept)
    result.issues += _numbers_twice(result.rows, spec)
    if recipients is not None:
        _against_recipients(result, recipients)
    return result


def _spec(notice: Package | FormSpec | Path | str, receipt: int | str | None) -> FormSpec:
    if isinstance(notice, FormSpec):
        return notice
    if isinstance(notice, Package):
        return choose_spec(notice, receipt)
    return choose_spec(load_notice(notice), receipt, source=notice)


def _content(reply: ReadReply) -> tuple[object, ...]:
    """What two copies of one reply share whatever their format (a PDF has no 序号 field)."""
    return (squeeze(reply.unit), tuple(sorted(reply.fields.items())),
            tuple(tuple(sorted((c, v) for c, v in r.values.items() if column_kind(c) != "number"))
                  for r in reply.rows))


def _same_reply(reply: ReadReply, kept: list[tuple[Path, ReadReply]]) -> Path | None:
    """The file already collected with the same unit and the same rows, if any."""
    content = _content(reply)
    return next((p for p, r in kept if r.rows and _content(r) == content), None)


def _units_twice(kept: list[tuple[Path, ReadReply]]) -> list[Issue]:
    by_unit: dict[str, list[Path]] = {}
    for path, reply in kept:
        if reply.unit:
            by_unit.setdefault(squeeze(reply.unit), []).append(path)
    issues = []
    for paths in by_unit.values():
        for path in paths[1:]:
            others = "、".join(p.name for p in paths if p != path)
            issues.append(Issue(path.name, f"同一单位另有回执 {others}，内容不同，均已收集，请核对 / the "
                                           f"unit also replied in {others} with other content: "
                                           "both collected, check which is current",
                                severity="warning"))
    return issues


def _numbers_twice(rows: list[ReplyRow], spec: FormSpec) -> list[Issue]:
    """Flag a phone or ID number given in more than one row (the same person twice?)."""
    issues = []
    for column in spec.columns:
        if spec.kind(column) not in ("mobile", "id"):
            continue
        seen: dict[str, ReplyRow] = {}
        for row in rows:
            value = row.values.get(column, "")
            if not value:
                continue
            if value in seen:
                first = seen[value]
                issues.append(Issue(row.file, f"与 {first.file} 第{first.row}行 相同：{value} / same as "
                                              f"{first.file} row {first.row}", row=row.row,
                                    column=column, severity="warning"))
            else:
                seen[value] = row
    return issues


def _against_recipients(result: Collection, recipients: Sequence[str]) -> None:
    names = {squeeze(n): n for n in recipients if n.strip()}
    replied = {squeeze(f.unit) for f in result.files if f.status != "failed" and f.unit}
    result.not_replied = [n for key, n in names.items() if key not in replied]
    for f in result.files:
        if f.status == "collected" and f.unit and squeeze(f.unit) not in names:
            close = difflib.get_close_matches(f.unit, list(names.values()), n=1, cutoff=0.5)
            msg = (f"单位“{f.unit}”不在收文单位名单中 / unit {f.unit!r} is not on the recipients list"
                   + (f"；是否为“{close[0]}”？ / did you mean {close[0]!r}?" if close else ""))
            result.unknown_units.append(f.unit)
            result.issues.append(Issue(f.path.name, msg, column="单位", severity="warning"))
