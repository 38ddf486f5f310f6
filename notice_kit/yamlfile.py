"""Read a YAML data file strictly: every error names the line it is on.

PyYAML's safe loader lets three slips through or reports them far from where they are:

- a key written twice (``date:`` twice) silently keeps the last — here it is an error
  naming both lines;
- an impossible date (``date: 2025-04-31``) ends in ``ValueError: day is out of range for
  month`` from deep inside the constructor, with no line and no field — here it is a
  :class:`~notice_kit.errors.DataError` naming the field path and the line;
- an unclosed quote is reported where the scanner gave up (often the end of the file) —
  here at the line where the quote was opened.

:func:`parse_yaml` also returns the line of every field path, so the loader can say on
which line a value the models refuse was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from notice_kit.errors import DataError, Problem
from notice_kit.models.dates import ImpossibleDate

LineMap = dict[str, int]
"""Field path (``notice.date``, ``attachments[1].columns``) → 1-based line in the file."""

_MERGE_TAG = "tag:yaml.org,2002:merge"


class _NodeError(Exception):
    """Raised inside the constructor; turned into a DataError once the path is known."""

    def __init__(self, node: Node, message: str, line: int) -> None:
        self.node = node
        self.message = message
        self.line = line
        super().__init__(message)


if TYPE_CHECKING:
    _MixinBase = yaml.SafeLoader  # the constructor methods the mixin overrides
else:
    _MixinBase = object


class _Strict(_MixinBase):
    """Refuses duplicate keys and reports impossible dates by node (a constructor mixin)."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue  # "<<: *base" entries may be overridden on purpose
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: the base class reports it
                continue
            if first is not None:
                raise _NodeError(
                    key_node,
                    f"键“{key}”重复：第 {first} 行和第 {line} 行（后者会覆盖前者） / "
                    f"duplicate key {key!r}: lines {first} and {line} (the second would "
                    "silently replace the first)",
                    line,
                )
            seen[key] = line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            text = str(node.value)
            raise _NodeError(node, str(ImpossibleDate(text, str(exc))),
                             node.start_mark.line + 1) from None


class StrictLoader(_Strict, yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and reports impossible dates by node."""


# libyaml parses ~10× faster than PyYAML's own parser (the seed: 50 ms → 5 ms of a build).
# A file it refuses is read again by PyYAML, whose messages the documentation shows.
_FastLoader: Any = (type("_FastStrictLoader", (_Strict, yaml.CSafeLoader), {})
                    if hasattr(yaml, "CSafeLoader") else None)

for _loader in (StrictLoader, _FastLoader):
    if _loader is not None:
        _loader.add_constructor("tag:yaml.org,2002:timestamp",
                                _loader.construct_yaml_timestamp)


def parse_yaml(text: str, source: Path | str | None = None) -> tuple[Any, LineMap]:
    """Return the data in YAML ``text`` and the line of every field path in it.

    Raises :class:`DataError` naming ``source`` and the line for a syntax error, a key
    written twice and an impossible date (with its field path).
    """
    if _FastLoader is not None:
        try:
            return _parse(_FastLoader, text, source)
        except yaml.YAMLError:
            pass  # said again by PyYAML below, in its words
    return _parse(StrictLoader, text, source)


def _parse(loader_class: Any, text: str, source: Path | str | None) -> tuple[Any, LineMap]:
    try:
        # PyYAML's reader checks the characters as it is made: a control character is a
        # ReaderError here, before any parsing.
        loader = loader_class(text)
    except yaml.YAMLError as exc:
        if loader_class is not StrictLoader:
            raise
        raise DataError([_syntax_problem(exc, text)], source=source) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines = dict(_paths(node, ""))
        try:
            return loader.construct_document(node), lines
        except _NodeError as exc:
            path = next((p for p, n in _nodes(node, "") if n is exc.node), "")
            raise DataError([Problem(path, exc.message, line=exc.line)], source=source) from None
    except yaml.YAMLError as exc:
        if loader_class is not StrictLoader:
            raise
        raise DataError([_syntax_problem(exc, text)], source=source) from None
    finally:
        loader.dispose()


def _nodes(node: Node, path: str) -> Iterator[tuple[str, Node]]:
    """Yield every node of the tree under ``node`` with its field path (keys too)."""
    yield path, node
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, ScalarNode):
                continue
            here = f"{path}.{key_node.value}" if path else str(key_node.value)
            yield here, key_node
            yield from _nodes(value_node, here)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _nodes(item, f"{path}[{i}]")


def _paths(node: Node, path: str) -> Iterator[tuple[str, int]]:
    seen: set[str] = set()
    for here, n in _nodes(node, path):
        if here and here not in seen:  # a key node comes before its value: its line wins
            seen.add(here)
            yield here, n.start_mark.line + 1


def _syntax_problem(exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    what = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return Problem("", f"YAML 语法错误 / YAML syntax error: {what}")
    line, column = mark.line + 1, mark.column + 1
    opened = _open_quote_line(exc, text, line)
    if opened is not None and opened[0] < line:
        start, col = opened
        return Problem(
            f"第 {start} 行第 {col} 列 / line {start}, column {col}",
            f"YAML 语法错误：这里的引号没有闭合（到第 {line} 行才发现） / YAML syntax error: "
            f"the quote opened here is not closed (noticed at line {line}: {what})",
        )
    return Problem(f"第 {line} 行第 {column} 列 / line {line}, column {column}",
                   f"YAML 语法错误 / YAML syntax error: {what}")


def _open_quote_line(exc: yaml.YAMLError, text: str, line: int) -> tuple[int, int] | None:
    """Return (line, column) where a quoted text that runs over lines starts before the
    error — an unclosed quote swallows the lines after it — or None."""
    context = getattr(exc, "context_mark", None)
    if context is not None and "quoted scalar" in str(getattr(exc, "context", "")):
        return context.line + 1, context.column + 1
    found: tuple[int, int] | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 > line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line):
                found = (token.start_mark.line + 1, token.start_mark.column + 1)
    except yaml.YAMLError:
        pass
    return found
