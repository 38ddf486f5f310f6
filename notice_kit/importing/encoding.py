"""Reading a text file whose encoding nobody wrote down: UTF-8, UTF-16, or GB18030/GBK."""

from __future__ import annotations

import codecs
from pathlib import Path

from notice_kit.importing.common import not_a_notice
from notice_kit.importing.result import ImportNote


def read_text_file(path: Path) -> tuple[str, list[ImportNote]]:
    """Return the text of ``path`` and a note when it was not UTF-8.

    Raises :class:`~notice_kit.errors.DataError` naming the file for a binary file or an
    unknown encoding.
    """
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), [ImportNote("source", "文件按 UTF-16 编码读取 / read as "
                                                      "UTF-16")]
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise not_a_notice(path, "不是文本文件（含二进制内容）", "not a text file (binary content)")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    # Archived Chinese texts from older Windows tools are GBK; GB18030 reads GBK and more.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise not_a_notice(path, "无法识别文本编码（应为 UTF-8 或 GBK/GB18030）",
                           "unknown text encoding (expected UTF-8 or GBK/GB18030)") from None
    return text, [ImportNote("source", f"{path.name} 不是 UTF-8，已按 GBK/GB18030 编码读取，请核对"
                             "文字有无乱码 / not UTF-8: decoded as GBK/GB18030, check for "
                             "garbled characters")]
