"""Issue 13, item 5: ``notice_kit`` exports its public API and nothing else."""

from __future__ import annotations

import types

import notice_kit


def test_every_exported_name_resolves() -> None:
    for name in notice_kit.__all__:
        assert getattr(notice_kit, name) is not None, name
    assert len(set(notice_kit.__all__)) == len(notice_kit.__all__)


def test_no_stray_names_are_exported() -> None:
    public = {n for n in dir(notice_kit) if not n.startswith("_")}
    assert public == {n for n in notice_kit.__all__ if not n.startswith("_")}
    # Also what the module really holds: helpers it imports are private, submodules aside.
    stray = [n for n, v in vars(notice_kit).items() if not n.startswith("_")
             and n not in notice_kit.__all__ and not isinstance(v, types.ModuleType)]
    assert stray == []
    for name in ("Any", "TYPE_CHECKING", "import_module", "version"):
        assert not hasattr(notice_kit, name), name


def test_the_derive_api_is_exported() -> None:
    assert {"merge_data", "read_data", "load_notice", "package_from_data"} <= set(notice_kit.__all__)
    assert callable(notice_kit.Package.evolve)
