"""``notice-kit batch``: one package per recipient unit, from one notice.

Each unit gets its own copy: the 回执's first field (单位名称) pre-filled with the unit's
name and its own 份号 (000001, 000002, … GB/T 9704-2012 7.2.1), in a folder named after
the unit.  All packages go through :func:`notice_kit.batch.build_packages`, i.e. one warm
LibreOffice for the batch, so twenty packages take seconds.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import click

from notice_kit.assemble.package_pdf import Converter
from notice_kit.batch import BatchItem, BatchOutcome, build_packages
from notice_kit.errors import DataError, NoticeKitError, Problem
from notice_kit.loading import load_notice, with_profile
from notice_kit.models import Format, Package, ReceiptField, ReceiptForm
from notice_kit.recipients import read_recipients as read_recipients  # re-exported: receipts, scripts

# Characters Windows, macOS or a zip tool refuse or misread in a folder name.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_NAME = 60  # characters; CJK names are short, paths under Windows' 260 limit stay safe


def batch_command(
    notice_file: Path,
    recipients: Path | None,
    outdir: Path,
    *,
    formats: Sequence[Format] | None = None,
    workers: int = 2,
    converter: Converter | None = None,
    progress: bool | None = None,
    allow_outside: bool = False,
    profile: str | None = None,
) -> int:
    """Build one package of ``notice_file`` per recipient unit into ``outdir``/<unit>.

    ``recipients`` is a CSV (UTF-8 or GBK) or .xlsx list, or a YAML/JSON list of unit names
    (:func:`notice_kit.recipients.read_recipients`); without it the notice's own 主送 list
    is used.  ``allow_outside`` and ``profile`` are those of ``build``.
    ``progress`` shows a progress bar (default: when stderr is a terminal).  Prints a
    summary and returns the exit status: 0 when every package was built, 1 otherwise.
    """
    try:
        package = load_notice(notice_file, allow_outside=allow_outside)
        if profile is not None:
            package = with_profile(package, profile)
        units = read_recipients(recipients) if recipients else list(package.notice.addressees)
        if not units:
            raise DataError([Problem("", "没有收文单位 / no recipient units")], source=recipients)
        items = [BatchItem(for_recipient(package, unit, copy), outdir / folder)
                 for copy, (unit, folder) in enumerate(zip(units, folder_names(units),
                                                           strict=True), start=1)]
    except NoticeKitError as exc:
        click.secho(f"错误 / error: {exc}", fg="red", err=True)
        return 1
    outcomes = _build(items, formats, workers, converter, progress)
    return _summary(units, outcomes)


def for_recipient(package: Package, unit: str, copy: int) -> Package:
    """Return ``package`` for one unit: 份号 ``copy`` and the first 回执 field set to ``unit``."""
    header = package.notice.header.model_copy(update={"copy_number": f"{copy:06d}"})
    notice = package.notice.model_copy(update={"header": header})
    attachments = list(package.attachments)
    for i, attachment in enumerate(attachments):
        if isinstance(attachment, ReceiptForm) and attachment.fields:
            first = ReceiptField(label=attachment.fields[0].label, value=unit)
            attachments[i] = attachment.model_copy(
                update={"fields": [first, *attachment.fields[1:]]})
            break  # only the 回执 the unit sends back; a second one is not theirs to fill
    return package.model_copy(update={"notice": notice, "attachments": attachments})


def folder_names(units: Sequence[str]) -> list[str]:
    """Return a safe, unique folder name per unit, numbered in order: 01-市直各学校."""
    width = max(2, len(str(len(units))))
    return [f"{i:0{width}d}-{_safe(unit)}" for i, unit in enumerate(units, start=1)]


def _safe(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE.sub("_", name).strip(" .")  # a trailing dot or space vanishes on Windows
    return name[:MAX_NAME] or "unit"


def _build(items: list[BatchItem], formats: Sequence[Format] | None, workers: int,
           converter: Converter | None, progress: bool | None) -> list[BatchOutcome]:
    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        return build_packages(items, converter=converter, formats=formats, workers=workers)
    lock = threading.Lock()  # on_done runs in the worker threads
    with click.progressbar(length=len(items), label="生成中 / building",
                           file=sys.stderr) as bar:
        def advance(_: BatchOutcome) -> None:
            with lock:
                bar.update(1)

        return build_packages(items, converter=converter, formats=formats, workers=workers,
                              on_done=advance)


def _summary(units: Sequence[str], outcomes: Sequence[BatchOutcome]) -> int:
    failed = [(unit, o) for unit, o in zip(units, outcomes, strict=True) if not o.ok]
    built = len(outcomes) - len(failed)
    click.echo(f"已生成 {built}/{len(outcomes)} 份 / built {built} of {len(outcomes)} packages"
               f"（{outcomes[0].item.outdir.parent if outcomes else ''}）")
    for unit, outcome in failed:
        click.secho(f"  失败 / failed: {unit}: {outcome.error}", fg="red", err=True)
    return 1 if failed else 0
