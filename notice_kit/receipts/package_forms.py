"""The 回执 forms a package carries besides the .docx: a fillable PDF and an .xlsx, as
each 回执's ``formats`` asks; written by the build next to the other files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from notice_kit.models import Package, ReceiptForm
from notice_kit.receipts.form import FormSpec
from notice_kit.receipts.pdf_form import make_pdf_form
from notice_kit.receipts.xlsx_form import make_xlsx_form

FORM_SUFFIX = "（填报）"  # 附件2-参加人员回执（填报）.pdf: told apart from the printed part


@dataclass(frozen=True)
class FormFile:
    """One form written: its file name in the folder, format, and the 回执 it is for."""

    path: str
    format: Literal["pdf", "xlsx"]
    number: int
    label: str
    title: str


def write_forms(folder: Path, package: Package, stems: Mapping[int, str],
                part_pdfs: Mapping[int, Path]) -> tuple[list[FormFile], list[str]]:
    """Write the forms every 回执 of ``package`` asks for into ``folder`` and return them
    with warnings (a PDF form needs the 回执's PDF: without it, it is left out, said so).

    ``stems`` are the attachments' file stems, ``part_pdfs`` their rendered PDFs.  Raises
    :class:`~notice_kit.errors.LayoutError` when the table is not found in the PDF.
    """
    files: list[FormFile] = []
    warnings: list[str] = []
    for item in package.numbered_attachments():
        form = item.attachment
        if not isinstance(form, ReceiptForm):
            continue
        wanted = set(form.formats)
        spec = FormSpec.from_receipt(form, item.number)
        stem = f"{stems[item.number]}{FORM_SUFFIX}"
        if "xlsx" in wanted:
            make_xlsx_form(spec, folder / f"{stem}.xlsx")
            files.append(FormFile(f"{stem}.xlsx", "xlsx", item.number, item.label, form.title))
        if "pdf-form" in wanted:
            pdf = part_pdfs.get(item.number)
            if pdf is None:
                warnings.append(f"{item.label}：可填写的 PDF 回执要先生成 PDF / {item.label}: the "
                                "fillable PDF form is made from the PDF, which was not built")
                continue
            make_pdf_form(pdf, spec, folder / f"{stem}.pdf")
            files.append(FormFile(f"{stem}.pdf", "pdf", item.number, item.label, form.title))
    return files, warnings
