"""Building many packages at once, through warm LibreOffices.

Rendering a package is Python work and converting it is LibreOffice's, in another
process.  With ``workers`` > 1 and no converter given, the packages are built in that many
worker *processes* (forked), each with its own LibreOffice: Python's rendering and PDF
finishing then run on every core, where threads would take turns on one (measured on the
seed, 2 cores: 0.87 s a package with threads).  Forking is only safe in a process that runs
no other thread, so a caller with threads running (or a converter of its own, which cannot
be shared with another process) gets threads, as before.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path

from notice_kit.assemble.package_pdf import Converter
from notice_kit.build import build_package
from notice_kit.errors import NoticeKitError
from notice_kit.manifest import BuildResult
from notice_kit.models import Format, Package


@dataclass(frozen=True)
class BatchItem:
    """One package of a batch and where it goes."""

    package: Package
    outdir: Path


@dataclass(frozen=True)
class BatchOutcome:
    """What became of one item: a result, or the error that stopped it."""

    item: BatchItem
    result: BuildResult | None
    error: NoticeKitError | None

    @property
    def ok(self) -> bool:
        return self.error is None


def build_packages(
    items: Iterable[BatchItem | tuple[Package, str | Path]],
    *,
    converter: Converter | None = None,
    formats: Sequence[Format] | None = None,
    workers: int = 2,
    on_done: Callable[[BatchOutcome], None] | None = None,
) -> list[BatchOutcome]:
    """Build every item and return the outcomes in the items' order.

    A failing package does not stop the batch: its error is in its outcome.  Without a
    ``converter`` the warm ``notice-kit serve`` is used if it answers, else one private
    LibreOffice per worker (:class:`~notice_kit.convert.listener.ListenerConverter`) is
    started at once and stopped at the end.  Without a ``converter`` and with two or more
    workers, the items are built in worker processes where that is safe (see the module's
    notes), else in worker threads.  ``on_done`` is called as each item finishes, e.g. to
    advance a progress bar: in the calling thread with processes, from a worker thread with
    threads.
    """
    batch = [i if isinstance(i, BatchItem) else BatchItem(i[0], Path(i[1])) for i in items]
    wants_pdf = any({"pdf", "ofd"} & set(formats or i.package.options.formats) for i in batch)
    if converter is None and _can_fork(workers, len(batch)):
        return _run_processes(batch, formats, workers, on_done, wants_pdf)
    if converter is None and wants_pdf:
        from notice_kit.convert.discover import default_converter

        # One LibreOffice per worker, started now: they come up while the first packages
        # render (or the warm `notice-kit serve`, when one answers).
        with default_converter(workers=max(1, min(workers, len(batch)))) as own:
            return _run(batch, own, formats, workers, on_done)
    return _run(batch, converter, formats, workers, on_done)


def _run(batch: list[BatchItem], converter: Converter | None,
         formats: Sequence[Format] | None, workers: int,
         on_done: Callable[[BatchOutcome], None] | None) -> list[BatchOutcome]:
    def one(item: BatchItem) -> BatchOutcome:
        try:
            result = build_package(item.package, item.outdir, converter=converter,
                                   formats=formats)
            outcome = BatchOutcome(item, result, None)
        except NoticeKitError as exc:
            outcome = BatchOutcome(item, None, exc)
        if on_done is not None:
            on_done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, batch))


def _can_fork(workers: int, count: int) -> bool:
    return (workers > 1 and count > 1 and "fork" in mp.get_all_start_methods()
            and threading.active_count() == 1)


# -- worker processes ----------------------------------------------------------------
_converter: Converter | None = None  # the worker process's own (set by _start_worker)


def _start_worker(wants_pdf: bool) -> None:
    global _converter
    if wants_pdf:
        from notice_kit.convert.discover import default_converter

        try:
            own = default_converter(workers=1)  # LibreOffice starts now, as the first renders
        except NoticeKitError:
            return  # a bad $NOTICE_KIT_CONVERTER: each build reports it
        _converter = own
        # Run when the pool shuts the worker down (atexit handlers do not run there).
        Finalize(own, own.close, exitpriority=10)


def _build_in_worker(item: BatchItem, formats: Sequence[Format] | None) -> BatchOutcome:
    try:
        result = build_package(item.package, item.outdir, converter=_converter,
                               formats=formats)
        return BatchOutcome(item, result, None)
    except NoticeKitError as exc:
        return BatchOutcome(item, None, exc)


def _run_processes(batch: list[BatchItem], formats: Sequence[Format] | None, workers: int,
                   on_done: Callable[[BatchOutcome], None] | None,
                   wants_pdf: bool) -> list[BatchOutcome]:
    outcomes: list[BatchOutcome | None] = [None] * len(batch)
    with ProcessPoolExecutor(max_workers=min(workers, len(batch)),
                             mp_context=mp.get_context("fork"), initializer=_start_worker,
                             initargs=(wants_pdf,)) as pool:
        futures = {pool.submit(_build_in_worker, item, formats): i
                   for i, item in enumerate(batch)}
        for future in as_completed(futures):
            outcome = future.result()
            outcomes[futures[future]] = outcome
            if on_done is not None:
                on_done(outcome)
    return [o for o in outcomes if o is not None]
