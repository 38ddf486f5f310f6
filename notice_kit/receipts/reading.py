"""Reading any reply file: pick the reader by the file's suffix; older word-processor
files (.doc, .wps, .odt, .rtf) go through LibreOffice to .docx first."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from notice_kit.convert import convert_to_docx
from notice_kit.errors import ConversionError
from notice_kit.receipts.docx_reply import read_docx
from notice_kit.receipts.model import RawReply, ReplyError
from notice_kit.receipts.pdf_reply import read_pdf
from notice_kit.receipts.sheet_reply import read_csv, read_xlsx

READERS: dict[str, Callable[[Path], RawReply]] = {
    ".docx": read_docx, ".docm": read_docx, ".pdf": read_pdf,
    ".xlsx": read_xlsx, ".xlsm": read_xlsx, ".csv": read_csv,
}
CONVERTED = {".doc", ".wps", ".odt", ".rtf", ".dot", ".dotx"}
SUFFIXES = frozenset(READERS) | CONVERTED


def reply_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Yield the files ``paths`` name: files as given, folders' reply files in name order
    (Word's ``~$`` lock files and hidden files left out)."""
    for p in map(Path, paths):
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if (child.is_file() and child.suffix.lower() in SUFFIXES
                        and not child.name.startswith(("~$", "."))):
                    yield child
        else:
            yield p


def read_reply(path: Path, *, timeout: float = 60) -> RawReply:
    """Return what the reply file at ``path`` holds.  Raises :class:`ReplyError` naming the
    file when it is missing, of an unknown kind, unreadable or not convertible."""
    if not path.is_file():
        raise ReplyError(path, "文件不存在 / no such file")
    suffix = path.suffix.lower()
    if suffix in READERS:
        return READERS[suffix](path)
    if suffix not in CONVERTED:
        known = " ".join(sorted(SUFFIXES))
        raise ReplyError(path, f"无法读取这种文件（{suffix or '无后缀'}） / cannot read this kind of "
                               f"file; readable: {known}")
    with tempfile.TemporaryDirectory(prefix="notice-kit-reply-") as tmp:
        try:
            converted = convert_to_docx(path, Path(tmp) / "reply.docx", timeout=timeout)
        except ConversionError as exc:
            raise ReplyError(path, f"LibreOffice 无法转换 / LibreOffice could not convert it: "
                                   f"{str(exc).split(': ', 1)[-1]}") from None
        try:
            reply = read_docx(converted)
        except ReplyError as exc:
            raise ReplyError(path, exc.reason) from None
    reply.path = path
    reply.converted_from = suffix
    return reply
