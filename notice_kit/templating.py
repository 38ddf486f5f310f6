"""Notice data that builds on other data: ``extends:`` and ``vars:`` in a data file.

The fourth-quarter notice is the third-quarter notice with other dates, deadlines and
schools.  So a data file may name a base file (``extends: ../templates/quarterly-review.yaml``)
whose data is deep-merged *under* its own, and may define variables (``vars:``) that any
text field uses as Jinja expressions with Chinese official filters::

    extends: ../templates/quarterly-review.yaml
    vars:
      quarter: 4
      meeting: {date: 2025-01-10, time: "14:00"}
    notice:
      title: 关于开展全市青少年生命关爱{{ quarter | quarter }}复盘与调度工作的通知

Merging (base first, then each file down the chain):

- mappings merge key by key; any other value (text, number, list) replaces the base's;
- ``key: null`` removes the base's ``key``;
- a list can be merged instead of replaced with ``{merge: [...]}``, walking the base's
  items in order: a mapping merges into the base item at that position (its ``kind``, if
  given, must be the base item's), ``{}`` keeps it, ``null`` drops it, ``{insert: item}``
  inserts a new item before it; base items after the last are kept, extra items appended.

Rendering happens on the merged raw data, before validation, so a variable can fill any
text field — and a string that is exactly one ``{{ expression }}`` takes the value itself
(a date stays a date, a list of schools stays a list).  Templates come from data files
that other people write: they run in Jinja's immutable sandbox with undefined variables as
errors, exactly like letterheads (see :mod:`notice_kit.render.docx.letterhead`).  The
sandbox bounds what a template can reach, not the time it takes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notice_kit.errors import DataError, Problem
from notice_kit.models import chinese_date
from notice_kit.models.dates import ImpossibleDate, parse_datetime
from notice_kit.numbering import chinese_numeral
from notice_kit.template_lookup import MISS, lookup

EXTENDS_KEY = "extends"
VARS_KEY = "vars"
MERGE_KEY = "merge"
INSERT_KEY = "insert"
MAX_CHAIN = 20  # deeper than any real template chain; stops a runaway before Python does

# Keys whose (relative) values are file paths, resolved against the file that wrote them.
_PATH_KEYS = frozenset({"path", "seal", "letterhead"})
_TEMPLATE_MARKS = ("{{", "{%", "{#")
_SINGLE_EXPRESSION = re.compile(r"\s*\{\{(?P<expr>(?:(?!\}\}|\{\{).)*)\}\}\s*", re.DOTALL)

ReadData = Callable[[Path], Any]

if TYPE_CHECKING:
    from jinja2.sandbox import ImmutableSandboxedEnvironment


# ---------------------------------------------------------------- filters


class FilterValueError(ValueError):
    """A filter was given a value it cannot format (e.g. ``cn_date`` on a name)."""

    def __init__(self, filter_name: str, expected: tuple[str, str], value: object) -> None:
        self.filter_name = filter_name
        self.value = value
        super().__init__(
            f"{filter_name} 需要{expected[0]}，得到 {value!r} / "
            f"{filter_name} needs {expected[1]}, got {value!r} ({type(value).__name__})"
        )


_DATE = ("日期", "a date such as 2024-11-22")
_DATETIME = ("日期时间", "a date and time such as 2024-11-22 14:00")
_TIME = ("时间", 'a time such as "14:00" (quote it: YAML reads 14:00 as a number)')
_QUARTER = ("季度 1–4", "a quarter 1–4")
_NUMBER = ("1–9999 的整数", "a whole number 1–9999")


def _as_datetime(value: object, name: str, expected: tuple[str, str]) -> dt.datetime:
    # YAML gives dates as date objects, "2024-11-22 14:00" (no seconds) as text.
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        # fromisoformat wants 09:30; people write 9:30, 2025-1-10, 2025/1/10, 2025年1月10日.
        # An impossible date (2025-04-31) raises ImpossibleDate, naming it.
        moment = parse_datetime(value)
        if moment is not None:
            return moment
    raise FilterValueError(name, expected, value)


def _as_time(value: object) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            # "14:00" or "8:30" alone, or a whole date and time.
            return (_as_datetime(text, "cn_time", _TIME).time() if len(text) > 5
                    else dt.time.fromisoformat(text.zfill(5)))
        except ValueError:
            pass
    raise FilterValueError("cn_time", _TIME, value)


def cn_date(value: object) -> str:
    """2024-11-22 → 2024年11月22日 (GB/T 9704-2012 7.3.5.4: 月、日不编虚位)."""
    return chinese_date(_as_datetime(value, "cn_date", _DATE).date())


def cn_datetime(value: object) -> str:
    """2024-11-22 14:00 → 2024年11月22日14:00, the way the seed writes a meeting time."""
    moment = _as_datetime(value, "cn_datetime", _DATETIME)
    return f"{chinese_date(moment.date())}{moment.hour}:{moment.minute:02d}"


def cn_time(value: object) -> str:
    """"14:00", 14:00:00 or a datetime → 14:00 (hour without a leading zero: 8:30)."""
    moment = _as_time(value)
    return f"{moment.hour}:{moment.minute:02d}"


def cn_month_day(value: object) -> str:
    """2024-11-05 → 11月5日, for deadlines within the year of the notice."""
    day = _as_datetime(value, "cn_month_day", _DATE)
    return f"{day.month}月{day.day}日"


def _whole_number(value: object, name: str, expected: tuple[str, str], top: int) -> int:
    number = value
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= top:
        raise FilterValueError(name, expected, value)
    return number


def quarter(value: object) -> str:
    """3 → 第三季度."""
    return f"第{chinese_numeral(_whole_number(value, 'quarter', _QUARTER, 4))}季度"


def cn_number(value: object) -> str:
    """3 → 三, 12 → 十二 (numerals as in headings and in 三季度)."""
    return chinese_numeral(_whole_number(value, "cn_number", _NUMBER, 9999))


FILTERS: dict[str, Callable[[object], str]] = {
    "cn_date": cn_date,
    "cn_datetime": cn_datetime,
    "cn_time": cn_time,
    "cn_month_day": cn_month_day,
    "quarter": quarter,
    "cn_number": cn_number,
}
"""The filters a data template may use, besides Jinja's built-in ones."""


def _environment() -> ImmutableSandboxedEnvironment:
    # Jinja2 (~25 ms to import) only for data that holds a template.
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    # The sandbox refuses attribute tricks (``''.__class__``) and mutating calls; strict
    # undefined turns a misspelt variable into an error rather than an empty string — a
    # silently empty date in a notice is the failure this module exists to prevent.
    env = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    env.filters.update({name: _strict(f) for name, f in FILTERS.items()})
    return env


def _strict(f: Callable[[object], str]) -> Callable[[object], str]:
    # A filter receives an undefined variable as an object instead of an error; report it
    # as undefined (naming the variable), not as "not a date".
    import jinja2

    def checked(value: object) -> str:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return f(value)

    return checked


# ---------------------------------------------------------------- rendering


def render_data(data: Any, variables: Mapping[str, Any], *, source: Path | str | None = None,
                path: str = "") -> Any:
    """Return ``data`` with every template string rendered from ``variables``.

    Raises :class:`DataError` naming ``source``, the field path and the expression for an
    undefined variable, a filter given a wrong value, a syntax error or a sandbox refusal.
    """
    problems: list[Problem] = []
    rendered = _render_node(_Lazy(), data, dict(variables), path, problems)
    if problems:
        raise DataError(problems, source=source)
    return rendered


class _Lazy:
    """The template environment, made on the first template met (most data has none)."""

    _env: ImmutableSandboxedEnvironment | None = None

    def get(self) -> ImmutableSandboxedEnvironment:
        if self._env is None:
            self._env = _environment()
        return self._env


def _render_node(env: _Lazy, node: Any, variables: dict[str, Any],
                 path: str, problems: list[Problem]) -> Any:
    if isinstance(node, dict):
        return {key: _render_node(env, value, variables, _join(path, key), problems)
                for key, value in node.items()}
    if isinstance(node, list):
        return [_render_node(env, item, variables, f"{path}[{i}]", problems)
                for i, item in enumerate(node)]
    if isinstance(node, str) and any(mark in node for mark in _TEMPLATE_MARKS):
        single = _SINGLE_EXPRESSION.fullmatch(node)
        value = lookup(node, variables, FILTERS, alone=single["expr"] if single else None)
        if value is not MISS:
            return value
        try:
            return _render_string(env.get(), node, variables, single)
        except Exception as exc:  # every template failure becomes a Problem, none escapes
            problems.append(Problem(path, _explain(exc, node)))
    return node


def _render_string(env: ImmutableSandboxedEnvironment, text: str, variables: dict[str, Any],
                   single: re.Match[str] | None) -> Any:
    """``text`` rendered by Jinja; ``single``: its match as one expression alone, if it is."""
    import jinja2

    if single is None:
        return env.from_string(text).render(variables)
    # One expression alone: keep its value's type, so `date: "{{ issued }}"` stays a date
    # and `items: "{{ schools }}"` stays a list.
    value = env.compile_expression(single["expr"], undefined_to_none=False)(variables)
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    return value


def _explain(exc: Exception, text: str) -> str:
    import jinja2

    shown = text if len(text) <= 80 else text[:77] + "…"
    where = f"（模板 / template: {shown!r}）"
    if isinstance(exc, jinja2.UndefinedError):
        return f"未定义的变量 / undefined variable: {exc.message}{where}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"模板被沙箱拒绝 / template refused by the sandbox: {exc}{where}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"模板语法错误 / template syntax error: {exc.message}{where}"
    if isinstance(exc, FilterValueError | ImpossibleDate):
        return f"{exc}{where}"
    return f"模板出错 / template failed: {type(exc).__name__}: {exc}{where}"


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


# ---------------------------------------------------------------- merging


def merge(base: Any, child: Any, *, path: str = "") -> Any:
    """Return ``child`` deep-merged over ``base`` (neither is changed); rules in the module doc."""
    if _is_merge_form(child):
        return _merge_list(base, child[MERGE_KEY], path)
    if not (isinstance(base, dict) and isinstance(child, dict)):
        return child
    out = dict(base)
    for key, value in child.items():
        if value is None:
            out.pop(key, None)
        elif key in out:
            out[key] = merge(out[key], value, path=_join(path, key))
        else:
            out[key] = merge(None, value, path=_join(path, key))
    return out


def _merge_list(base: Any, items: list[Any], path: str) -> Any:
    # A walk over the base's items in order: each child item merges into (mapping), drops
    # (null) or leaves (``{}``) the base item at the cursor, or inserts a new item before
    # it (``{insert: …}``); base items past the end are kept, child items past it appended.
    if base is None:
        base = []
    if _is_merge_form(base):
        # Two merge forms (a script's changes over a child file): stay one, applied later.
        return {MERGE_KEY: _merge_list(base[MERGE_KEY], items, path)}
    if not isinstance(base, list):
        raise DataError([Problem(path, f"“{MERGE_KEY}:” 只能合并到基础文件中的列表 / "
                                       f"“{MERGE_KEY}:” merges into a list, the base has none")])
    out: list[Any] = []
    cursor = 0
    for item in items:
        if isinstance(item, dict) and set(item) == {INSERT_KEY}:
            out.append(item[INSERT_KEY])
            continue
        if cursor >= len(base):
            out.append(item)
            continue
        here = f"{path}[{cursor}]"
        if item == {}:
            out.append(base[cursor])  # kept as it is, whatever it is (a paragraph is text)
        elif item is not None:
            _check_kind(base[cursor], item, here)
            out.append(merge(base[cursor], item, path=here))
        cursor += 1
    return out + base[cursor:]


def _is_merge_form(node: Any) -> bool:
    return isinstance(node, dict) and set(node) == {MERGE_KEY} and isinstance(node[MERGE_KEY], list)


def _check_kind(base: Any, item: Any, path: str) -> None:
    # Position alone would silently merge a 回执 into a 名单 after an attachment is added
    # to the template; naming the kind makes that an error instead.
    theirs = base.get("kind") if isinstance(base, dict) else None
    ours = item.get("kind") if isinstance(item, dict) else None
    if ours is not None and theirs is not None and ours != theirs:
        raise DataError([Problem(path, f"合并的项目类型不符：基础文件此处为 {theirs}，这里写的是 {ours} / "
                                       f"merged item's kind {ours!r} does not match the base's "
                                       f"{theirs!r} at this position")])


# ---------------------------------------------------------------- extends


def expand(data: Any, source: Path, read_data: ReadData) -> Any:
    """Return ``data`` (read from ``source``) with its base chain merged in and templates
    rendered; data without ``extends:``, ``vars:`` or templates comes back equal.

    ``read_data`` reads and parses a base file (raising :class:`DataError` for it).
    """
    return render_vars(resolve_extends(data, source, read_data), source)


def resolve_extends(data: Any, source: Path, read_data: ReadData) -> Any:
    """Return ``data`` with its base chain merged in and ``extends:`` dropped, its
    ``vars:`` and templates left for :func:`render_vars` — the point at which a script's
    changes merge in (:func:`notice_kit.load_notice` ``changes=``), so that they meet the
    whole list of attachments rather than a file's ``{merge: …}`` patch of them, and a
    change of ``vars`` still reaches every text that uses them."""
    if not isinstance(data, dict):
        return data
    merged = dict(_with_bases(data, source, read_data, chain=[_key(source)]))
    merged.pop(EXTENDS_KEY, None)
    return merged


def render_vars(data: Any, source: Path | str | None = None) -> Any:
    """Return ``data`` with its ``vars:`` taken out and every template rendered from them."""
    if not isinstance(data, dict):
        return data
    # Rendered even without vars: a "{{ date }}" left in a file is an undefined variable,
    # never text that slips into a notice.
    merged = dict(data)
    variables = merged.pop(VARS_KEY, None) or {}
    if not isinstance(variables, dict):
        raise DataError([Problem(VARS_KEY, "应为变量名到值的映射 / must be a mapping of names "
                                           f"to values（得到 / got {type(variables).__name__}）")],
                        source=source)
    return render_data(merged, variables, source=source)


def _with_bases(data: dict[str, Any], source: Path, read_data: ReadData,
                chain: list[Path]) -> dict[str, Any]:
    target = data.get(EXTENDS_KEY)
    if target is None:
        return data
    if not isinstance(target, str) or not target.strip() or "\x00" in target:
        raise DataError([Problem(EXTENDS_KEY, "应为基础文件的路径 / must be the path of a base file")],
                        source=source)
    base_path = _key(source.parent / target)
    if base_path in chain or len(chain) >= MAX_CHAIN:
        raise DataError([Problem(EXTENDS_KEY, "基础文件循环引用 / the base files extend each other "
                                              f"in a cycle: {_show([*chain, base_path])}")],
                        source=source)
    if not base_path.is_file():
        raise DataError([Problem(EXTENDS_KEY, f"找不到基础文件 / base file not found: {target} "
                                              f"({_show([*chain, base_path])})")], source=source)
    base = read_data(base_path)
    if not isinstance(base, dict):
        raise DataError([Problem("", "基础文件的顶层应为对象 / a base file's top level must be a "
                                     f"mapping ({_show([*chain, base_path])})")], source=base_path)
    base = _rebased(base, base_path.parent)
    base = _with_bases(base, base_path, read_data, [*chain, base_path])
    try:
        return dict(merge({k: v for k, v in base.items() if k != EXTENDS_KEY}, data))
    except DataError as exc:
        raise DataError(exc.problems, source=source) from None


def _rebased(node: Any, folder: Path) -> Any:
    """Return ``node`` with relative file paths made absolute against ``folder``: a path
    in a base file means "next to the base file", wherever the child lives."""
    if isinstance(node, dict):
        return {k: (str(folder / v) if k in _PATH_KEYS and isinstance(v, str)
                    and not _templated(v) and not Path(v).is_absolute() else _rebased(v, folder))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rebased(item, folder) for item in node]
    return node


def _templated(text: str) -> bool:
    return any(mark in text for mark in _TEMPLATE_MARKS)


def _key(path: Path) -> Path:
    # resolve() so that ../q3/../templates/x.yaml and templates/x.yaml are one file in a cycle.
    return path.resolve()


def _show(chain: list[Path]) -> str:
    return "extends: " + " → ".join(str(p) for p in chain)
