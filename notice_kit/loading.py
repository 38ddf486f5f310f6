"""Read and write notice data files (YAML or JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from notice_kit.derive import merge_data, remember
from notice_kit.errors import DataError, Problem
from notice_kit.layout.profile import PROFILES
from notice_kit.models import FileAttachment, Package
from notice_kit.templating import render_vars, resolve_extends
from notice_kit.validation import problems_from
from notice_kit.yamlfile import LineMap, parse_yaml

_YAML_SUFFIXES = {".yaml", ".yml"}


def load_notice(path: str | Path, *, allow_outside: bool = False,
                changes: dict[str, Any] | None = None) -> Package:
    """Return the package described by the YAML or JSON file at ``path``.

    Relative paths in the file (external attachments, seal image, letterhead) are
    resolved against the file's folder, and must exist.  A file may build on a base
    file (``extends:``) and use variables (``vars:``) in its texts; see
    :mod:`notice_kit.templating`.  Raises :class:`DataError`
    naming the file, the field path and what is wrong.

    An external attachment must lie in the data file's folder or below it — a data file
    received from elsewhere must not pull in ``/etc/passwd`` or ``../../secret.pdf`` —
    unless ``allow_outside`` is true.

    ``changes`` (a mapping, as a data file would write it) merge over the file's data by
    the rules of ``extends:`` (:func:`notice_kit.merge_data`), after its base files and
    before its ``vars:`` are rendered: next quarter's notice from last quarter's file.
    """
    path = Path(path)
    reading = _Reading()
    try:
        # extends:/vars: are resolved on the raw data, before validation (notice_kit.templating).
        raw = resolve_extends(reading.read(path), path, reading.read)
        if changes is not None:
            raw = merge_data(raw, changes)
        package = package_from_data(render_vars(raw, path), base_dir=path.parent, source=path)
        check_files(package, source=path)
        if not allow_outside:
            check_attachments_inside(package, path.parent, source=path)
    except DataError as exc:
        raise reading.with_lines(exc if exc.source else DataError(exc.problems, source=path),
                                 path) from None
    remember(package, raw, base_dir=path.parent, source=path)
    return package


class _Reading:
    """Reads the files of one load (the data file, then its bases) and keeps the line of
    every field path in each, to tell on which line a refused value was written."""

    def __init__(self) -> None:
        self.lines: dict[Path, LineMap] = {}

    def read(self, path: Path) -> Any:
        data, lines = read_data_lines(path)
        self.lines[path.resolve()] = lines
        return data

    def with_lines(self, exc: DataError, top: Path) -> DataError:
        """Return ``exc`` with each problem's line filled in where a file of this load
        wrote its field path (the data file first: its values win over its bases')."""
        if exc.source is None or Path(exc.source).resolve() != top.resolve():
            return exc
        order = [top.resolve(), *(p for p in self.lines if p != top.resolve())]
        problems = []
        for problem in exc.problems:
            found = next(((p, self.lines[p][problem.location]) for p in order
                          if problem.line is None and problem.location in self.lines.get(p, {})),
                         None)
            if found is not None:
                file = None if found[0] == top.resolve() else str(found[0])
                problem = replace(problem, line=found[1], file=file)
            problems.append(problem)
        return DataError(problems, source=exc.source)


def with_profile(package: Package, profile: str) -> Package:
    """Return ``package`` laid out under the layout profile named ``profile``."""
    if profile not in PROFILES:
        raise DataError([Problem("--profile", f"未知的版式方案，可用：{'、'.join(PROFILES)} / unknown "
                                              f"layout profile; known: {', '.join(PROFILES)}"
                                              f"（得到 / got {profile!r}）")])
    return package.model_copy(update={"options": package.options.model_copy(
        update={"profile": profile})})


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
    """Return the raw data (dicts and lists) of the YAML or JSON file at ``path``.

    Raises :class:`DataError` naming the file and the line for a file that cannot be
    read, a syntax error, a key written twice or an impossible date.
    """
    return read_data_lines(path)[0]


def read_data_lines(path: Path) -> tuple[Any, LineMap]:
    """Return :func:`read_data`'s data and the line of each field path (YAML only)."""
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
    if path.suffix.lower() == ".json":
        return parse_data(text, path), {}
    return parse_yaml(text, path)


def parse_data(text: str, source: Path) -> Any:
    """Return the data structure in ``text``, YAML unless ``source`` ends in .json."""
    if source.suffix.lower() == ".json":
        try:
            return json.loads(text, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as exc:
            problem = Problem(
                f"第 {exc.lineno} 行第 {exc.colno} 列 / line {exc.lineno}, column {exc.colno}",
                f"JSON 语法错误 / JSON syntax error: {exc.msg}",
            )
            raise DataError([problem], source=source) from None
        except _DuplicateKey as exc:
            raise DataError([Problem("", str(exc))], source=source) from None
    return parse_yaml(text, source)[0]


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"键“{key}”重复（后者会覆盖前者） / duplicate key {key!r} "
                                "(the second would silently replace the first)")
        out[key] = value
    return out


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
