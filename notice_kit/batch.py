"""Building many packages at once, through one warm LibreOffice.

Rendering a package is Python work and converting it is LibreOffice's, in another
process: with two workers one package renders while the previous one converts, which on
two cores halves the time of a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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
    started at once and stopped at the end.  ``on_done`` is called as each item finishes (from a
    worker thread), e.g. to advance a progress bar.
    """
    batch = [i if isinstance(i, BatchItem) else BatchItem(i[0], Path(i[1])) for i in items]
    wants_pdf = any({"pdf", "ofd"} & set(formats or i.package.options.formats) for i in batch)
    if converter is None and wants_pdf:
        from notice_kit.convert.discover import default_converter

        # One LibreOffice per worker, started now: they come up while the first packages
        # render (or the warm `notice-kit serve`, when one answers).
        with default_converter(workers=max(1, workers)) as own:
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
