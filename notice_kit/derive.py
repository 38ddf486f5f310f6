"""Deriving a package from another in Python: next quarter's notice from last quarter's.

One set of merge rules serves data files and scripts: ``changes`` merge over a package's
data exactly as a data file merges over its ``extends:`` base (:func:`merge_data`; the
rules are in :mod:`notice_kit.templating`), and the result is validated as a new
:class:`~notice_kit.models.Package` — the original is not changed.

A package loaded from a file remembers that file's data as it was before its ``vars:`` were
rendered, so ``package.evolve({"vars": {"quarter": 1}})`` re-renders every text that uses
``{{ quarter }}``.  Once a package has been edited in place after loading, its rendered
texts are all there is: changes still merge, but a change of ``vars`` is refused.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notice_kit.errors import DataError, Problem
from notice_kit.models import Package
from notice_kit.templating import VARS_KEY, merge, render_vars


@dataclass(frozen=True)
class _Origin:
    raw: dict[str, Any]  # bases merged in, vars not yet rendered
    rendered: dict[str, Any]  # the package's data right after loading
    base_dir: Path | None
    source: Path | str | None


_ORIGINS: dict[int, _Origin] = {}


def remember(package: Package, raw: Any, *, base_dir: Path | None,
             source: Path | str | None) -> None:
    """Note that ``package`` was made from ``raw`` (bases merged, vars unrendered)."""
    if not isinstance(raw, dict):
        return
    key = id(package)
    _ORIGINS[key] = _Origin(raw, _data(package), base_dir, source)
    weakref.finalize(package, _ORIGINS.pop, key, None)


def merge_data(base: Any, changes: Any) -> Any:
    """Return ``changes`` deep-merged over ``base`` by the rules of ``extends:``.

    Mappings merge key by key, ``key: None`` removes a key, any other value replaces the
    base's, and ``{"merge": [...]}`` walks a list item by item (``{}`` keeps an item, a
    mapping merges into it, ``None`` drops it, ``{"insert": item}`` inserts before it).
    Neither argument is changed.  Raises :class:`DataError` for a ``merge:`` over something
    that is not a list, or an item whose ``kind`` differs from the base item's.
    """
    return merge(base, changes)


def evolve(package: Package, changes: dict[str, Any]) -> Package:
    """Return a new package: ``changes`` merged over ``package``'s data, validated.

    Raises :class:`DataError` naming the field path for a change the models refuse, a
    merge that does not fit, or a ``vars`` change on a package edited since it was loaded.
    """
    if not isinstance(changes, dict):
        raise DataError([Problem("", "changes 应为对象（键: 值） / changes must be a mapping "
                                     f"(got {type(changes).__name__})")])
    origin = _ORIGINS.get(id(package))
    try:
        return _evolve(package, changes, origin)
    except DataError as exc:
        if exc.source is not None or origin is None or origin.source is None:
            raise
        raise DataError(exc.problems, source=origin.source) from None


def _evolve(package: Package, changes: dict[str, Any], origin: _Origin | None) -> Package:
    current = _data(package)
    if origin is not None and origin.rendered == current:
        raw = merge_data(origin.raw, changes)
        base_dir, source = origin.base_dir, origin.source
    else:
        if VARS_KEY in changes:
            raise DataError([Problem(VARS_KEY, "这个方案没有变量（不是从数据文件读取的，或读取后已修改）/ "
                                               "this package has no vars to change: it was not "
                                               "loaded from a data file, or was edited since")])
        raw = merge_data(current, changes)
        base_dir, source = None, origin.source if origin is not None else None
    from notice_kit.loading import package_from_data

    derived = package_from_data(render_vars(raw, source), base_dir=base_dir, source=source)
    remember(derived, raw, base_dir=base_dir, source=source)
    return derived


def _data(package: Package) -> dict[str, Any]:
    # Paths stay absolute: the derived package resolves them as the original did.
    data: dict[str, Any] = package.model_dump(mode="json", exclude_defaults=True)
    return data
