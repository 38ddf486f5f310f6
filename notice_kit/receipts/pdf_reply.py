"""Reading a filled PDF 回执 form: its field values by name (``单位名称``, ``r3.手机号码``)."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from notice_kit.receipts.model import RawReply, ReplyError

# The name of a table cell's field: row number and column (see notice_kit.receipts.pdf_form).
ROW_FIELD = re.compile(r"r(\d+)\.(.+)")


def row_field_name(row: int, column: str) -> str:
    """Return the field name of data row ``row`` (1-based), ``column``."""
    return f"r{row}.{column}"


def read_pdf(path: Path) -> RawReply:
    """Return the field values of the PDF form at ``path``.

    Raises :class:`ReplyError` for a password-protected or corrupt PDF, and for a PDF
    without form fields (printed or scanned: it has to be typed in by hand).
    """
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReplyError(path, "PDF 有密码保护，无法读取 / the PDF is password-protected")
        values = reader.get_form_text_fields(full_qualified_name=True)
    except FileNotDecryptedError:
        raise ReplyError(path, "PDF 有密码保护，无法读取 / the PDF is password-protected") from None
    except (PdfReadError, PyPdfError, OSError, ValueError, KeyError) as exc:
        raise ReplyError(path, f"不是有效的 PDF 文件 / not a valid PDF ({exc})") from None
    if not values:
        raise ReplyError(path, "PDF 没有可填写的表单域（打印或扫描件），需人工录入 / the PDF has "
                               "no form fields (printed or scanned): it must be typed in")
    reply = RawReply(path=path, format="pdf", named_rows={})
    assert reply.named_rows is not None
    for name, value in values.items():
        text = "" if value is None else str(value)
        hit = ROW_FIELD.fullmatch(name)
        if hit:
            reply.named_rows.setdefault(int(hit.group(1)), {})[hit.group(2)] = text
        else:
            reply.fields[name] = text
    return reply
