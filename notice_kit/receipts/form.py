"""The 回执 a reply answers: its title, header fields and columns, taken from the notice."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from notice_kit.errors import DataError, Problem
from notice_kit.models import Package, ReceiptForm
from notice_kit.receipts.values import ColumnKind, column_kind, normalize
from notice_kit.render.wording import receipt_notes


@dataclass(frozen=True)
class FormSpec:
    """What a reply to one 回执 must contain.

    ``fields`` are the header labels (the first is the unit, 单位名称); ``columns`` the
    table's columns; ``prefilled`` the header values already printed on the form.
    """

    title: str
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    prefilled: dict[str, str] = field(default_factory=dict)
    rows: tuple[tuple[str, ...], ...] = ()
    blank_rows: int = 0
    number: int = 0
    notes: tuple[str, ...] = ()  # when and where to return it, whom to ask

    @classmethod
    def from_receipt(cls, form: ReceiptForm, number: int = 0) -> FormSpec:
        """Return the spec of ``form``, the package's attachment ``number``."""
        return cls(
            title=normalize(form.title),
            fields=tuple(f.label for f in form.fields),
            columns=tuple(normalize(c) for c in form.columns),
            prefilled={f.label: normalize(f.value) for f in form.fields if f.value},
            rows=tuple(tuple(r) for r in form.rows),
            blank_rows=form.blank_row_count,
            number=number,
            notes=tuple(receipt_notes(form)),
        )

    @property
    def unit_field(self) -> str | None:
        """The label of the field naming the replying unit (the first one), if any."""
        return self.fields[0] if self.fields else None

    def kind(self, column: str) -> ColumnKind:
        return column_kind(column)

    @property
    def row_count(self) -> int:
        """The rows printed on the form: the pre-filled ones and the blank ones."""
        return len(self.rows) + self.blank_rows

    @property
    def data_columns(self) -> tuple[str, ...]:
        """The columns a unit fills in (all but a 序号 column)."""
        return tuple(c for c in self.columns if self.kind(c) != "number")


def receipt_specs(package: Package) -> list[FormSpec]:
    """Return a spec for every 回执 of ``package``, in attachment order."""
    return [FormSpec.from_receipt(item.attachment, item.number)
            for item in package.numbered_attachments()
            if isinstance(item.attachment, ReceiptForm)]


def choose_spec(package: Package, receipt: int | str | None, source: Path | str | None = None
                ) -> FormSpec:
    """Return the spec of the 回执 chosen by attachment number or title (the only one by
    default).  Raises :class:`DataError` naming the notice when there is none to choose."""
    specs = receipt_specs(package)
    if not specs:
        raise DataError([Problem("attachments", "通知没有回执 / the notice has no 回执")],
                        source=source)
    if receipt is None:
        if len(specs) > 1:
            names = "，".join(f"附件{s.number} {s.title}" for s in specs)
            raise DataError([Problem("attachments", f"通知有多个回执（{names}），请指定 --receipt / "
                                                    "the notice has several 回执: choose one")],
                            source=source)
        return specs[0]
    for spec in specs:
        if receipt == spec.number or (isinstance(receipt, str)
                                      and (receipt == str(spec.number)
                                           or normalize(receipt) == spec.title)):
            return spec
    raise DataError([Problem("attachments", f"没有这个回执：{receipt} / no such 回执: {receipt}")],
                    source=source)
