"""回执 round trip: the forms to send (fillable PDF, .xlsx) and collecting the replies.

    from notice_kit.receipts import collect, write_xlsx
    result = collect(["replies/"], "notice.yaml", recipients=units)
    write_xlsx(result, "回执汇总.xlsx")

Replies may be .docx (Word, WPS), .doc/.wps/.odt/.rtf (through LibreOffice), the fillable
PDF form, or .xlsx/.csv.  Every problem found is in ``result.issues`` with the file, row
and column; values are never silently corrected.
"""

from notice_kit.receipts.collect import collect
from notice_kit.receipts.form import FormSpec, choose_spec, receipt_specs
from notice_kit.receipts.model import Collection, Issue, ReplyError, ReplyFile, ReplyRow
from notice_kit.receipts.output import write_csv, write_xlsx

__all__ = [
    "Collection",
    "FormSpec",
    "Issue",
    "ReplyError",
    "ReplyFile",
    "ReplyRow",
    "choose_spec",
    "collect",
    "receipt_specs",
    "write_csv",
    "write_xlsx",
]
