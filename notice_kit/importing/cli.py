"""``notice-kit import FILE [-o OUT.yaml] [--force]``: write the imported data file."""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from notice_kit.errors import DataError
from notice_kit.importing.core import import_notice
from notice_kit.importing.result import ImportResult
from notice_kit.loading import package_data
from notice_kit.output import write_text_atomic


def import_command(path: Path, out: Path | None, force: bool) -> int:
    """Import ``path`` into the data file ``out`` (default: beside it, ``.yaml``).

    Prints the notes (what to check and fill in) and returns the exit code: 0 when the
    file was written, 1 when ``path`` is not a notice or ``out`` exists without ``force``
    — nothing is written then.
    """
    target = out if out is not None else path.with_suffix(".yaml")
    if target.resolve() == path.resolve():
        return _fail(f"{target}: 输出文件不能是输入文件 / the output cannot be the input file")
    if target.exists() and not force:
        return _fail(f"{target}: 文件已存在，加 --force 覆盖 / the file exists; use --force "
                     "to overwrite it")
    try:
        result = import_notice(path)
    except DataError as exc:
        return _fail(f"无法导入 / cannot import: {exc}")
    write_text_atomic(target, data_file_text(result, path))
    click.echo(f"已写入 / wrote {target}")
    for note in result.notes:
        click.echo(f"  - {note}")
    return 0


def data_file_text(result: ImportResult, source: Path) -> str:
    """The YAML data file, behind a comment listing what the user must check."""
    header = [f"# 由 notice-kit import 从 {source.name} 导入 / imported from {source.name}."]
    if result.notes:
        header.append("# 请核对并补填以下各项 / please check and fill in:")
        header += [f"#   - {note}" for note in result.notes]
    data = package_data(result.package)
    # Same dump settings as notice_kit.loading.dump_notice, which has no room for a comment.
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(header) + "\n\n" + body


def _fail(message: str) -> int:
    click.echo(message, err=True)
    return 1
