"""``notice-kit receipts``: collect the replies to a 回执 into one table."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from notice_kit.errors import NoticeKitError
from notice_kit.receipts.collect import collect
from notice_kit.receipts.model import Collection
from notice_kit.receipts.output import write_csv, write_xlsx


@click.group("receipts")
def receipts_group() -> None:
    """回执：收集各单位的回复 / 回执 replies: collect them into one table."""


@receipts_group.command("collect")
@click.argument("replies", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-n", "--notice", "notice_file", required=True, type=click.Path(path_type=Path),
              help="通知的数据文件 / the notice's data file (YAML/JSON)")
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="汇总表 .xlsx / the summary workbook to write")
@click.option("--csv", "csv_out", type=click.Path(path_type=Path),
              help="同时写出 CSV / also write the summary as CSV")
@click.option("-r", "--recipients", type=click.Path(path_type=Path),
              help="收文单位名单（CSV/YAML），列出未回复的单位 / recipient units: list who has not replied")
@click.option("--receipt", help="通知有多个回执时：附件序号或标题 / which 回执 (number or title)")
@click.option("--strict", is_flag=True,
              help="回复中有错误时退出码为 1 / exit 1 when a reply has an error")
def collect_command(replies: tuple[Path, ...], notice_file: Path, out: Path,
                    csv_out: Path | None, recipients: Path | None, receipt: str | None,
                    strict: bool) -> None:
    """收集回执 / collect the replies (files or folders) into OUT.xlsx.

    Reads .docx, .doc/.wps/.odt/.rtf (through LibreOffice), the fillable PDF form, .xlsx
    and .csv replies.  Each problem is listed with its file, row and column; values are
    never silently corrected.  A file that cannot be read is reported and the rest still
    collected.
    """
    sys.exit(run_collect(replies, notice_file, out, csv_out, recipients, receipt, strict))


def run_collect(replies: tuple[Path, ...], notice_file: Path, out: Path, csv_out: Path | None,
                recipients: Path | None, receipt: str | None, strict: bool) -> int:
    """Collect, write the outputs, print a summary; return the exit status."""
    from notice_kit.batch_cli import read_recipients

    try:
        units = read_recipients(recipients) if recipients else None
        result = collect(replies, notice_file, receipt=receipt, recipients=units)
        write_xlsx(result, out)
        if csv_out is not None:
            write_csv(result, csv_out)
    except NoticeKitError as exc:
        click.secho(f"错误 / error: {exc}", fg="red", err=True)
        return 1
    _summary(result, out, csv_out)
    return 1 if strict and result.errors else 0


def _summary(result: Collection, out: Path, csv_out: Path | None) -> None:
    collected = [f for f in result.files if f.status == "collected"]
    units = len({f.unit for f in collected if f.unit})
    click.echo(f"已收集 / collected: {result.title}：{len(collected)}/{len(result.files)} 个文件，"
               f"{units} 个单位，{len(result.rows)} 行 / {len(collected)} of {len(result.files)} "
               f"files, {units} units, {len(result.rows)} rows")
    for issue in result.issues:
        label = "错误 / error" if issue.severity == "error" else "提示 / warning"
        click.secho(f"  {label}: {issue}", fg="red" if issue.severity == "error" else "yellow",
                    err=True)
    if result.not_replied is not None:
        if result.not_replied:
            click.echo(f"  未回复 / not replied ({len(result.not_replied)}): "
                       + "、".join(result.not_replied))
        else:
            click.echo("  全部单位已回复 / every unit has replied")
    click.echo(f"  → {out}" + (f", {csv_out}" if csv_out else ""))
