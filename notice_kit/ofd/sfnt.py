"""The sfnt container of an installed font file (.ttf/.otf, or one face of a .ttc/.otc
collection): where each table of a face lies, read without loading the file."""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

__all__ = ["Unsupported", "face_tables"]


class Unsupported(Exception):
    """The face uses a CFF feature this subsetter does not handle."""



def face_tables(file: Path, index: int = 0) -> tuple[mmap.mmap, dict[str, tuple[int, int]]]:
    """Return the file mapped into memory and the (offset, length) of each table of face
    ``index`` (a .ttc/.otc collection has several faces; a plain font has face 0)."""
    with open(file, "rb") as handle:
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    start = 0
    if data[:4] == b"ttcf":
        (count,) = struct.unpack_from(">I", data, 8)
        if not 0 <= index < count:
            raise Unsupported(f"{file}: no face {index} in a collection of {count}")
        (start,) = struct.unpack_from(">I", data, 12 + 4 * index)
    (num_tables,) = struct.unpack_from(">H", data, start + 4)
    tables: dict[str, tuple[int, int]] = {}
    for i in range(num_tables):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, start + 12 + 16 * i)
        tables[tag.decode("latin-1")] = (offset, length)
    return data, tables
