"""``notice-kit lint NOTICE_FILE [--json]``: the command's body, wired into the click group
by :mod:`notice_kit.cli`."""

from __future__ import annotations

from pathlib import Path

import click

from notice_kit.lint import findings_json, format_findings, lint_report
from notice_kit.loading import load_notice, parse_data, with_profile


def lint_command(path: Path, as_json: bool, *, allow_outside: bool = False,
                 profile: str | None = None) -> int:
    """Lint the data file at ``path``, print the report, return the exit status.

    The status is 1 when a finding of severity error was found, else 0.  A file that
    does not load raises :class:`~notice_kit.errors.DataError` for the caller to print.
    ``allow_outside`` and ``profile`` are those of ``build``.
    """
    package = load_notice(path, allow_outside=allow_outside)
    if profile is not None:
        package = with_profile(package, profile)
    # The raw data too: a body written as plain text loses its typed numbers in parsing.
    data = parse_data(path.read_text(encoding="utf-8-sig"), path)
    report = lint_report(package, data=data)
    findings = list(report)
    click.echo(findings_json(findings) if as_json else format_findings(findings))
    return report.exit_status
