"""Read and write notice data files (YAML or JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from notice_kit.errors import DataError, Problem
from notice_kit.layout.profile import PROFILES
from notice_kit.models import FileAttachment, Package
from notice_kit.templating import expand
from notice_kit.validation import problems_from

_YAML_SUFFIXES = {".yaml", ".yml"}


def load_notice(path: str | Path, *, allow_outside: bool = False) -> Package:
    """Return the package described by the YAML or JSON file at ``path``.

    Relative paths in the file (external attachments, seal image, letterhead) are
    resolved against the file's folder, and must exist.  A file may build on a base
    file (``extends:``) and use variables (``vars:``) in its texts; see
    :mod:`notice_kit.templating`.  Raises :class:`DataError`
    naming the file, the field path and what is wrong.

    An external attachment must lie in the data file's folder or below it — a data file
    received from elsewhere must not pull in ``/etc/passwd`` or ``../../secret.pdf`` —
    unless ``allow_outside`` is true.
    """
    path = Path(path)
    data = read_data(path)
    # extends:/vars: are resolved on the raw data, before validation (notice_kit.templating).
    data = expand(data, path, read_data)
    package = package_from_data(data, base_dir=path.parent, source=path)
    check_files(package, source=path)
    if not allow_outside:
        check_attachments_inside(package, path.parent, source=path)
    return package


def check_attachments_inside(package: Package, folder: Path, source: Path | str | None = None
                             ) -> None:
    """Raise :class:`DataError` for external attachments outside ``folder`` (links followed)."""
    root = folder.resolve()
    outside = [
        Problem(f"attachments[{i}].path",
                f"附件文件在数据文件所在文件夹之外，已拒绝（需要时请明确允许：--allow-outside）/ "
                f"the file lies outside the data file's folder and is refused (allow it "
                f"explicitly with --allow-outside): {att.path}")
        for i, att in enumerate(package.attachments)
        if isinstance(att, FileAttachment) and not att.path.resolve().is_relative_to(root)
    ]
    if outside:
        raise DataError(outside, source=source)


def read_data(path: Path) -> Any:
    """Return the raw data (dicts and lists) of the YAML or JSON file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError([Problem("", "找不到文件 / file not found")], source=path) from None
    except UnicodeDecodeError as exc:
        raise DataError(
            [Problem("", f"不是 UTF-8 编码的文本 / not UTF-8 text ({exc.reason})")], source=path
        ) from None
    except OSError as exc:
        raise DataError([Problem("", f"无法读取 / cannot read: {exc.strerror}")], source=path) from None
    return parse_data(text, path)


def parse_data(text: str, source: Path) -> Any:
    """Return the data structure in ``text``, YAML unless ``source`` ends in .json."""
    if source.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            problem = Problem(
                f"第 {exc.lineno} 行第 {exc.colno} 列 / line {exc.lineno}, column {exc.colno}",
                f"JSON 语法错误 / JSON syntax error: {exc.msg}",
            )
            raise DataError([problem], source=source) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            f"第 {mark.line + 1} 行第 {mark.column + 1} 列 / line {mark.line + 1}, "
            f"column {mark.column + 1}"
            if mark is not None
            else ""
        )
        what = getattr(exc, "problem", None) or str(exc)
        raise DataError([Problem(where, f"YAML 语法错误 / YAML syntax error: {what}")],
                        source=source) from None


def package_from_data(
    data: Any, *, base_dir: Path | None = None, source: Path | str | None = None
) -> Package:
    """Validate ``data`` (dicts and lists, as from YAML) into a :class:`Package`."""
    if not isinstance(data, dict):
        raise DataError(
            [Problem("", "数据文件的顶层应为对象（notice:, attachments:, …） / "
                         "the top level must be a mapping (notice:, attachments:, …)")],
            source=source,
        )
    context = {"base_dir": base_dir} if base_dir is not None else None
    try:
        return Package.model_validate(data, context=context)
    except ValidationError as exc:
        raise DataError(problems_from(exc), source=source) from None


def _referenced_files(package: Package) -> Iterator[tuple[str, Path]]:
    seals = package.notice.seals
    for i, seal in enumerate(seals):
        yield ("notice.seal" if len(seals) == 1 else f"notice.seal[{i}]"), seal
    if package.options.letterhead is not None:
        yield "options.letterhead", package.options.letterhead
    for i, attachment in enumerate(package.attachments):
        if isinstance(attachment, FileAttachment):
            yield f"attachments[{i}].path", attachment.path


def check_files(package: Package, source: Path | str | None = None, *,
                check_profile: bool = True) -> None:
    """Raise :class:`DataError` listing every referenced file that does not exist, and an
    unknown layout profile."""
    problems = [
        Problem(field, f"找不到文件 / file not found: {path}")
        for field, path in _referenced_files(package)
        if not path.is_file()
    ]
    if check_profile and package.options.profile not in PROFILES:
        problems.append(Problem(
            "options.profile",
            f"未知的版式方案，可用：{'、'.join(PROFILES)} / unknown layout profile; known: "
            f"{', '.join(PROFILES)}（得到 / got {package.options.profile!r}）",
        ))
    if problems:
        raise DataError(problems, source=source)


def dump_notice(package: Package, path: str | Path) -> None:
    """Write ``package`` as a YAML (or, for ``.json``, JSON) data file at ``path``.

    Paths are written relative to the file's folder where possible, so the pair of
    folders can be moved together.
    """
    path = Path(path)
    data = package_data(package, base_dir=path.parent)
    if path.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    from notice_kit.output import write_text_atomic

    write_text_atomic(path, text)


def package_data(package: Package, base_dir: Path | None = None) -> dict[str, Any]:
    """Return ``package`` as plain data (what a data file holds), defaults left out."""
    data: dict[str, Any] = package.model_dump(mode="json", exclude_defaults=True)
    if base_dir is not None:
        _relativize(data, base_dir.resolve())
    return data


def _relative(value: str, base: Path) -> str:
    p = Path(value)
    if p.is_absolute() and p.resolve().is_relative_to(base):
        return p.resolve().relative_to(base).as_posix()
    return value


def _relativize(node: Any, base: Path) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"path", "seal", "letterhead"} and isinstance(value, str):
                node[key] = _relative(value, base)
            elif key == "seal" and isinstance(value, list):
                node[key] = [_relative(v, base) if isinstance(v, str) else v for v in value]
            else:
                _relativize(value, base)
    elif isinstance(node, list):
        for item in node:
            _relativize(item, base)
