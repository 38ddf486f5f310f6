"""The notice-kit command: a thin shell over the Python API.

Errors a user can cause print one readable message (no traceback) and exit 1.
"""

from __future__ import annotations

import contextlib
import gc
import json
import sys
from collections.abc import Callable, Iterator
from functools import wraps
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from notice_kit.errors import LayoutError, NoticeKitError, TemplateError

if TYPE_CHECKING:
    from notice_kit.manifest import BuildResult

# Each command imports what it needs when it runs: `notice-kit --help` loads no pydantic,
# python-docx or pypdf, and `build` starts LibreOffice before it imports them.

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Turn notice_kit's errors into a message on stderr and exit status 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NoticeKitError as exc:
            click.secho(f"错误 / error: {exc}", fg="red", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def _naming(notice_file: Path) -> Iterator[None]:
    """Prefix layout and template errors with the data file they came from."""
    try:
        yield
    except (LayoutError, TemplateError) as exc:
        raise type(exc)(f"{notice_file}: {exc}") from exc


class _Version:
    """The package version, looked up only for --version."""

    def __str__(self) -> str:
        from notice_kit import __version__

        return __version__


class _ProfileOption(click.Option):
    """``--profile``, whose help lists the layout profiles, read only when help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from notice_kit.layout.profile import PROFILES

        self.help = "版式方案 / layout profile: " + ", ".join(PROFILES)
        return super().get_help_record(ctx)


# Subcommand groups defined in their own modules: (module, attribute, short help).
_LAZY_COMMANDS = {
    "receipts": ("notice_kit.receipts.cli", "receipts_group",
                 "回执：收集各单位的回复 / 回执 replies: collect them into one table."),
}


class _LazyGroup(click.Group):
    """The command group; subcommand groups of other modules are imported when run."""

    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        lazy = _LAZY_COMMANDS.get(cmd_name)
        if lazy is not None and cmd_name not in self.commands:
            if self._listing:  # the command list in --help needs only the short help
                return click.Command(cmd_name, short_help=lazy[2])
            self.add_command(getattr(import_module(lazy[0]), lazy[1]), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(cast(str, _Version()), prog_name="notice-kit")
def main() -> None:
    """notice-kit：按 GB/T 9704-2012 生成通知及附件（Word 与 PDF）。

    Build Chinese official-notice packages (通知 + 附件 + 回执) from a YAML or JSON
    data file, laid out to GB/T 9704-2012, as Word files and one merged PDF.
    """


@main.command()
@click.argument("notice_file", type=click.Path(path_type=Path))
@click.option("-o", "--outdir", type=click.Path(path_type=Path), required=True,
              help="输出文件夹 / output folder (replaced files only; other files are kept)")
@click.option("-f", "--format", "formats", multiple=True,
              type=click.Choice(["docx", "pdf", "ofd"]),
              help="只输出这些格式 / only these formats (repeatable; default: the data file's)")
@click.option("--profile", cls=_ProfileOption, help="版式方案 / layout profile")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出清单 / print the manifest as JSON")
@click.option("--allow-outside", is_flag=True,
              help="允许附件文件在数据文件夹之外 / allow attachment files outside the data folder")
@friendly_errors
def build(notice_file: Path, outdir: Path, formats: tuple[str, ...], profile: str | None,
          as_json: bool, allow_outside: bool) -> None:
    """生成整套文件 / build the package described by NOTICE_FILE into OUTDIR."""
    if _built_by_server(notice_file, outdir, formats, profile, as_json, allow_outside):
        return
    # LibreOffice starts first and comes up while Python imports, loads and renders.
    converter = _early_converter(formats)
    try:
        from notice_kit.build import build_package
        from notice_kit.layout.profile import get_profile
        from notice_kit.loading import load_notice

        _imported()
        package = load_notice(notice_file, allow_outside=allow_outside)
        with _naming(notice_file):
            result = build_package(
                package, outdir, formats=list(formats) or None,  # type: ignore[arg-type]
                profile=get_profile(profile) if profile else None, converter=converter,
                stop_converter=True,
            )
    finally:
        if converter is not None:
            converter.close()
    if as_json:
        click.echo(result.manifest.model_dump_json(indent=2, exclude_none=True))
    else:
        _summary(result)


def _early_converter(formats: tuple[str, ...], workers: int = 1) -> Any:
    """Start the build's converter now unless ``-f`` leaves PDF out (a data file that asks
    for .docx only then costs one LibreOffice start-up, killed unused)."""
    if formats and not {"pdf", "ofd"} & set(formats):
        return None
    from notice_kit.convert.discover import default_converter

    try:
        return default_converter(workers=max(1, workers))
    except NoticeKitError:  # a bad $NOTICE_KIT_CONVERTER: reported if a PDF is wanted
        return None


def _summary(result: BuildResult) -> None:
    from notice_kit.summary import build_lines

    _echo(build_lines(result))


def _echo(lines: list[tuple[str, bool, str | None]]) -> None:
    for text, err, colour in lines:
        click.secho(text, fg=colour, err=err)


def _built_by_server(notice_file: Path, outdir: Path, formats: tuple[str, ...],
                     profile: str | None, as_json: bool, allow_outside: bool) -> bool:
    """Hand the build to a running ``notice-kit serve`` (same user, same code); False when
    there is none or it declines — then this process builds (notice_kit.serve_build)."""
    from notice_kit.serve_build import served_build

    reply = served_build({"notice_file": str(notice_file.resolve()),
                          "outdir": str(outdir.resolve()), "formats": list(formats),
                          "profile": profile, "allow_outside": allow_outside, "json": as_json})
    if reply is None:
        return False
    _echo([(str(text), bool(err), colour) for text, err, colour in reply["lines"]])
    return True


@main.command()
@click.argument("notice_file", type=click.Path(path_type=Path))
@click.option("--profile", cls=_ProfileOption, help="版式方案 / layout profile")
@click.option("--allow-outside", is_flag=True,
              help="允许附件文件在数据文件夹之外 / allow attachment files outside the data folder")
@friendly_errors
def validate(notice_file: Path, profile: str | None, allow_outside: bool) -> None:
    """检查数据文件 / validate NOTICE_FILE without writing anything."""
    from notice_kit.loading import load_notice, with_profile
    from notice_kit.render.docx.package import render_all

    package = load_notice(notice_file, allow_outside=allow_outside)
    if profile is not None:
        package = with_profile(package, profile)
    # Lay the documents out in memory too: a title too long for three lines is found here.
    with _naming(notice_file):
        render_all(package)
    n = len(package.attachments)
    click.echo(f"有效 / valid: {package.title_text}（{n} 个附件 / attachments）")


@main.command()
@click.argument("notice_file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print the findings as JSON")
@click.option("--profile", cls=_ProfileOption, help="版式方案 / layout profile")
@click.option("--allow-outside", is_flag=True,
              help="允许附件文件在数据文件夹之外 / allow attachment files outside the data folder")
@friendly_errors
def lint(notice_file: Path, as_json: bool, profile: str | None, allow_outside: bool) -> None:
    """检查数据中模型查不出的问题 / check the data for slips a model cannot catch.

    Ambiguous or missing 附件 references, deadlines out of order, numbering typed by hand,
    half-width punctuation and stray spaces in Chinese text, punctuation after attachment
    names, a 主送 list that pushes the body off page 1.  Exits 1 when a finding is an error.
    """
    from notice_kit.lint.cli import lint_command

    sys.exit(lint_command(notice_file, as_json, allow_outside=allow_outside, profile=profile))


@main.command("inspect")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print the structure as JSON")
@friendly_errors
def inspect_(file: Path, as_json: bool) -> None:
    """读出文件结构 / read a .docx or PDF notice back into its elements.

    Works on any notice that follows the standard's conventions, not only notice_kit's.
    """
    from notice_kit.inspect.cli import inspect_command

    sys.exit(inspect_command(file, as_json))


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print the findings as JSON")
@click.option("--profile", cls=_ProfileOption, default="gbt9704", show_default=True,
              help="版式方案 / layout profile")
@friendly_errors
def check(file: Path, as_json: bool, profile: str) -> None:
    """按 GB/T 9704 检查文件格式 / check a .docx or PDF notice against GB/T 9704.

    Each finding names the clause, the place, what was expected and what was found.
    Exits 1 when a rule of severity error fails.
    """
    from notice_kit.check.cli import check_command

    sys.exit(check_command(file, as_json, profile))


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="写入的数据文件（默认：同名 .yaml）/ data file to write (default: FILE.yaml)")
@click.option("--force", is_flag=True, help="覆盖已有文件 / overwrite an existing file")
@friendly_errors
def import_(file: Path, out: Path | None, force: bool) -> None:
    """把旧通知（纯文本或 .docx）转成数据文件 / turn last quarter's notice into a data file.

    Prints what was guessed and must be checked (发文字号, 成文日期 …).
    """
    from notice_kit.importing.cli import import_command

    sys.exit(import_command(file, out, force))


@main.command()
@click.argument("notice_file", type=click.Path(path_type=Path))
@click.option("-o", "--outdir", type=click.Path(path_type=Path), required=True,
              help="输出文件夹，每个单位一个子文件夹 / output folder, one sub-folder per unit")
@click.option("-r", "--recipients", type=click.Path(path_type=Path),
              help="单位名单（CSV（UTF-8 或 GBK）、.xlsx、YAML；默认用主送机关）/ recipient units: "
                   "CSV (UTF-8 or GBK), .xlsx or YAML (default: the 主送 list)")
@click.option("-f", "--format", "formats", multiple=True,
              type=click.Choice(["docx", "pdf", "ofd"]),
              help="只输出这些格式 / only these formats")
@click.option("-j", "--workers", default=2, show_default=True, help="并行数 / parallel builds")
@click.option("--profile", cls=_ProfileOption, help="版式方案 / layout profile")
@click.option("--allow-outside", is_flag=True,
              help="允许附件文件在数据文件夹之外 / allow attachment files outside the data folder")
@friendly_errors
def batch(notice_file: Path, outdir: Path, recipients: Path | None, formats: tuple[str, ...],
          workers: int, profile: str | None, allow_outside: bool) -> None:
    """每个单位生成一套（回执预填单位名称、份号逐份编号）/ one package per recipient unit.

    The 回执's first field is filled with the unit's name and 份号 numbered per copy; one
    LibreOffice is kept warm for the whole batch.
    """
    # One worker: its LibreOffice starts now.  More: each worker process starts its own
    # (notice_kit.batch), and this process must run no thread when it forks them.
    converter = _early_converter(formats, workers) if workers <= 1 else None
    try:
        from notice_kit.batch_cli import batch_command

        _imported()

        sys.exit(batch_command(notice_file, recipients, outdir,
                               formats=list(formats) or None,  # type: ignore[arg-type]
                               workers=workers, profile=profile, allow_outside=allow_outside,
                               converter=converter))
    finally:
        if converter is not None:
            converter.close()


@main.command()
def schema() -> None:
    """打印数据文件的 JSON Schema / print the JSON Schema of notice data files."""
    from notice_kit.schema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@main.command()
def profiles() -> None:
    """列出版式方案 / list the layout profiles."""
    from notice_kit.layout.profile import PROFILES

    for name, profile in PROFILES.items():
        click.echo(f"{name:<10} {profile.description}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址 / address to listen on (only a private network: no authentication)")
@click.option("--port", default=None, type=int,
              help="端口 / port (default 2004, where builds look)")
@click.option("--idle-timeout", default=0.0, type=float, show_default=True,
              help="空闲多少秒后退出（0：不退出）/ stop after this many seconds without a request "
                   "(0: never)")
@friendly_errors
def serve(host: str, port: int | None, idle_timeout: float) -> None:
    """常驻转换服务 / keep one LibreOffice warm for builds on this machine or others.

    `build` and `batch` use it when it answers at 127.0.0.1:2004 or at the addresses in
    NOTICE_KIT_CONVERTER (host:port, several separated by commas), and start their own
    LibreOffice when it does not.  A `build` by the same user on this machine is done by
    the server whole (its Python is warm too).  Stops on Ctrl-C, SIGTERM or after
    --idle-timeout.
    """
    from notice_kit.convert.discover import DEFAULT_PORT
    from notice_kit.serve import ConverterServer

    _imported()

    def ready(address: str) -> None:
        click.echo(f"转换服务已启动 / converter listening on {address}"
                   f"  (NOTICE_KIT_CONVERTER={address})", err=True)

    server = ConverterServer(host, DEFAULT_PORT if port is None else port,
                             idle_timeout=idle_timeout)
    server.run(on_ready=ready)
    builds = server.build_service.builds if server.build_service is not None else 0
    click.echo(f"转换服务已停止 / converter stopped after {server.conversions} document(s) "
               f"and {builds} build(s)", err=True)


def run() -> None:
    """The ``notice-kit`` command (console entry point).

    The cyclic garbage collector is off while a command imports: importing pydantic,
    python-docx and the models allocates enough to set it off again and again, ~10 % of a
    one-notice build's CPU time, for objects that live as long as the process.  Commands
    that go on to build documents call :func:`_imported`.  (Not done on import of this
    module: a program calling :func:`main` keeps its own GC.)
    """
    gc.disable()
    main()


def _imported() -> None:
    """The imports are done: what they made is frozen (never scanned again) and the
    collector back on, for the cycles rendered documents leave (a build's memory peaks
    while LibreOffice converts)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


if __name__ == "__main__":
    run()
