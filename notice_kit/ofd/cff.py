"""Subset the CFF table of an installed OpenType/CFF face to some of its glyphs, working
on its bytes (the rest of the font: :mod:`notice_kit.ofd.otf`).

fontTools' subsetter decompiles every kept charstring into a program and compiles it back,
which costs about 2 s for the ~800 glyphs of a notice (FandolFang's charstrings alone are
~470 KB). Here the kept charstrings are copied as they are: a face without subroutines
(FandolFang) is sliced, and one with them (Noto CJK) has the subroutine calls of its kept
glyphs inlined, byte for byte, by a walk that tracks only what the Type 2 charstring
format needs to find token boundaries (operand count, stem hints for ``hintmask``).

The result is a ``CFF`` table: CID-keyed or name-keyed as the face, kept glyphs in their
order, original CIDs or glyph names, only the Font DICTs used, no subroutines.

:func:`subset_cff` raises :class:`~notice_kit.ofd.sfnt.Unsupported` for what it does not
handle (CFF2, a charstring that computes its subroutine numbers, ``seac`` accents,
synthetic fonts …); the caller then falls back to fontTools.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterable, Sequence

from notice_kit.ofd.sfnt import Unsupported

__all__ = ["subset_cff"]

# Top DICT / Font DICT / Private DICT operators (12 x is written 0x0C00 | x).
_CHARSET, _ENCODING, _CHARSTRINGS, _PRIVATE, _SUBRS = 15, 16, 17, 18, 19
_CHARSTRING_TYPE, _SYNTHETIC_BASE = 0x0C06, 0x0C14
_ROS, _FDARRAY, _FDSELECT = 0x0C1E, 0x0C24, 0x0C25
_REWRITTEN = {_CHARSET, _ENCODING, _CHARSTRINGS, _PRIVATE, _FDARRAY, _FDSELECT}


# -- CFF structures ----------------------------------------------------------------------


class _Index:
    """A CFF INDEX at ``pos`` of ``data``; items are read on demand."""

    def __init__(self, data: bytes | mmap.mmap, pos: int) -> None:
        self.data = data
        self.count = int.from_bytes(data[pos : pos + 2], "big")
        if self.count == 0:
            self.size = 0
            self.end = pos + 2
            self._offsets = self._base = pos + 2
            return
        self.size = data[pos + 2]
        if not 1 <= self.size <= 4:
            raise Unsupported(f"INDEX offset size {self.size}")
        self._offsets = pos + 3
        self._base = pos + 3 + (self.count + 1) * self.size - 1
        self.end = self._base + self._offset(self.count)

    def _offset(self, i: int) -> int:
        at = self._offsets + i * self.size
        return int.from_bytes(self.data[at : at + self.size], "big")

    def __getitem__(self, i: int) -> bytes:
        if not 0 <= i < self.count:
            raise Unsupported(f"INDEX item {i} of {self.count}")
        return bytes(self.data[self._base + self._offset(i) : self._base + self._offset(i + 1)])

    def __len__(self) -> int:
        return self.count


def _index(items: Sequence[bytes]) -> bytes:
    """Return ``items`` as a CFF INDEX."""
    if not items:
        return b"\x00\x00"
    offsets = [1]
    for item in items:
        offsets.append(offsets[-1] + len(item))
    size = 1 if offsets[-1] < 1 << 8 else 2 if offsets[-1] < 1 << 16 else (
        3 if offsets[-1] < 1 << 24 else 4)
    return (struct.pack(">HB", len(items), size)
            + b"".join(o.to_bytes(size, "big") for o in offsets) + b"".join(items))


_DictEntry = tuple[int, list[int | None], bytes]


def _parse_dict(data: bytes) -> list[_DictEntry]:
    """Return a DICT's entries as (operator, integer operands, raw bytes): reals are kept
    as bytes only (their operand is None); an entry's raw bytes include its operator."""
    entries: list[_DictEntry] = []
    operands: list[int | None] = []
    start = i = 0
    while i < len(data):
        b0 = data[i]
        if b0 <= 21:
            if b0 == 12:
                op = 0x0C00 | data[i + 1]
                i += 2
            else:
                op = b0
                i += 1
            entries.append((op, operands, bytes(data[start:i])))
            operands = []
            start = i
        elif b0 == 28:
            operands.append(int.from_bytes(data[i + 1 : i + 3], "big", signed=True))
            i += 3
        elif b0 == 29:
            operands.append(int.from_bytes(data[i + 1 : i + 5], "big", signed=True))
            i += 5
        elif b0 == 30:
            i += 1
            while i < len(data) and (data[i] & 0x0F) != 0x0F and (data[i] >> 4) != 0x0F:
                i += 1
            i += 1
            operands.append(None)
        elif 32 <= b0 <= 246:
            operands.append(b0 - 139)
            i += 1
        elif 247 <= b0 <= 250:
            operands.append((b0 - 247) * 256 + data[i + 1] + 108)
            i += 2
        elif 251 <= b0 <= 254:
            operands.append(-(b0 - 251) * 256 - data[i + 1] - 108)
            i += 2
        else:
            raise Unsupported(f"DICT byte {b0}")
    return entries


def _operands(entries: Iterable[_DictEntry], op: int) -> list[int] | None:
    for found, values, _ in entries:
        if found == op:
            if any(v is None for v in values):
                raise Unsupported(f"DICT operator {op:#x} with a real operand")
            return [v for v in values if v is not None]
    return None


def _int5(value: int) -> bytes:
    """An integer operand in the fixed 5-byte form (so offsets can be filled in later)."""
    return b"\x1d" + value.to_bytes(4, "big", signed=True)


def _op(op: int) -> bytes:
    return bytes((12, op & 0xFF)) if op >= 0x0C00 else bytes((op,))


def _bias(count: int) -> int:
    return 107 if count < 1240 else 1131 if count < 33900 else 32768


class _Subrs:
    """A subroutine INDEX and its bias."""

    def __init__(self, index: _Index | None) -> None:
        self.index = index
        self.bias = _bias(len(index)) if index is not None else 0
        self._cache: dict[int, bytes] = {}

    def __len__(self) -> int:
        return len(self.index) if self.index is not None else 0

    def get(self, number: int) -> bytes:
        found = self._cache.get(number)
        if found is None:
            if self.index is None:
                raise Unsupported("a call to a subroutine the font does not have")
            found = self.index[number + self.bias]
            self._cache[number] = found
        return found


def _flatten(charstring: bytes, global_subrs: _Subrs, local_subrs: _Subrs) -> bytes:
    """Return a Type 2 charstring with its subroutine calls inlined (``callsubr`` and
    ``callgsubr`` with the literal operand before them; ``return`` dropped)."""
    out = bytearray()
    state = [0, 0]  # operands on the stack, stem hints so far
    last = [-1, -1, 0]  # where the last number token starts and ends in ``out``, its value

    def run(code: bytes, depth: int) -> bool:
        if depth > 10:
            raise Unsupported("subroutines nested deeper than 10")
        i, n = 0, len(code)
        while i < n:
            b0 = code[i]
            if b0 >= 32 or b0 == 28:
                if b0 == 28:
                    value, size = int.from_bytes(code[i + 1 : i + 3], "big", signed=True), 3
                elif b0 <= 246:
                    value, size = b0 - 139, 1
                elif b0 <= 250:
                    value, size = (b0 - 247) * 256 + code[i + 1] + 108, 2
                elif b0 <= 254:
                    value, size = -(b0 - 251) * 256 - code[i + 1] - 108, 2
                else:
                    value, size = _FIXED, 5  # 16.16: never a subroutine number
                last[0] = len(out)
                out.extend(code[i : i + size])
                last[1], last[2] = len(out), value
                state[0] += 1
                i += size
                continue
            if b0 in (10, 29):  # callsubr, callgsubr
                if last[1] != len(out) or last[2] == _FIXED:
                    raise Unsupported("a subroutine number that is not a literal")
                del out[last[0] :]
                last[1] = -1
                state[0] -= 1
                subrs = local_subrs if b0 == 10 else global_subrs
                if run(subrs.get(last[2]), depth + 1):
                    return True
                i += 1
                continue
            if b0 == 11:  # return
                return False
            if b0 == 14:  # endchar
                if state[0] >= 4:
                    raise Unsupported("endchar with accent operands (seac)")
                out.append(14)
                return True
            if b0 == 12:
                if 0 < code[i + 1] < 34:  # arithmetic and storage (dotsection 0, flex 34-37)
                    raise Unsupported(f"charstring operator 12 {code[i + 1]}")
                out.extend(code[i : i + 2])
                state[0] = 0
                i += 2
                continue
            if b0 in (1, 3, 18, 23):  # hstem, vstem, hstemhm, vstemhm
                state[1] += state[0] // 2
                state[0] = 0
            elif b0 in (19, 20):  # hintmask, cntrmask: a vstem may come before them
                state[1] += state[0] // 2
                state[0] = 0
                size = 1 + (state[1] + 7) // 8
                out.extend(code[i : i + size])
                i += size
                continue
            elif b0 in (0, 2, 9, 13, 15, 16, 17):
                raise Unsupported(f"reserved charstring operator {b0}")
            else:
                state[0] = 0
            out.append(b0)
            i += 1
        return False

    run(charstring, 0)
    return bytes(out)


_FIXED = 1 << 40


class _Cff:
    """The parts of a CFF table a subset needs."""

    def __init__(self, data: bytes | mmap.mmap, start: int, length: int) -> None:
        self.data = data
        major, _minor, header_size = data[start], data[start + 1], data[start + 2]
        if major != 1:
            raise Unsupported(f"CFF version {major}")
        self.start = start
        names = _Index(data, start + header_size)
        tops = _Index(data, names.end)
        if len(names) != 1 or len(tops) != 1:
            raise Unsupported("a CFF FontSet of more than one font")
        self.name = names[0]
        self.top = _parse_dict(tops[0])
        strings = _Index(data, tops.end)
        self.strings = bytes(data[tops.end : strings.end])
        self.global_subrs = _Subrs(_nonempty(_Index(data, strings.end)))
        if _operands(self.top, _SYNTHETIC_BASE) is not None:
            raise Unsupported("a synthetic font")
        kind = _operands(self.top, _CHARSTRING_TYPE)
        if kind is not None and kind != [2]:
            raise Unsupported(f"charstring type {kind}")
        offset = _operands(self.top, _CHARSTRINGS)
        if not offset:
            raise Unsupported("no CharStrings")
        self.charstrings = _Index(data, start + offset[0])
        self.cid = _operands(self.top, _ROS) is not None
        if start + length < self.charstrings.end:
            raise Unsupported("CharStrings beyond the table")
        self.fonts: list[tuple[list[_DictEntry], list[_DictEntry], _Subrs]] = []
        if self.cid:
            fdarray = _operands(self.top, _FDARRAY)
            fdselect = _operands(self.top, _FDSELECT)
            if not fdarray or not fdselect:
                raise Unsupported("a CID font without FDArray or FDSelect")
            fonts = _Index(data, start + fdarray[0])
            self.fonts = [self._font(_parse_dict(fonts[i])) for i in range(len(fonts))]
            self.fdselect = start + fdselect[0]
        else:
            self.fonts = [self._font(self.top)]
            self.fdselect = -1

    def _font(self, entries: list[_DictEntry]) -> tuple[list[_DictEntry], list[_DictEntry],
                                                        _Subrs]:
        private = _operands(entries, _PRIVATE)
        if private is None or len(private) != 2:
            raise Unsupported("a font without a Private DICT")
        size, offset = private
        at = self.start + offset
        pdict = _parse_dict(bytes(self.data[at : at + size]))
        subrs = _operands(pdict, _SUBRS)
        local = _Subrs(_nonempty(_Index(self.data, at + subrs[0])) if subrs else None)
        return entries, pdict, local

    def fd(self, gid: int) -> int:
        """The Font DICT of glyph ``gid`` (0 for a name-keyed font)."""
        if self.fdselect < 0:
            return 0
        data, at = self.data, self.fdselect
        if data[at] == 0:
            return data[at + 1 + gid]
        if data[at] != 3:
            raise Unsupported(f"FDSelect format {data[at]}")
        count = int.from_bytes(data[at + 1 : at + 3], "big")
        low, high = 0, count - 1
        while low < high:  # the last range whose first glyph is <= gid
            mid = (low + high + 1) // 2
            first = int.from_bytes(data[at + 3 + 3 * mid : at + 5 + 3 * mid], "big")
            if first <= gid:
                low = mid
            else:
                high = mid - 1
        return data[at + 5 + 3 * low]

    def charset(self, gids: Sequence[int]) -> list[int]:
        """The SID (name-keyed) or CID of each of ``gids`` (ascending, > 0)."""
        offset = _operands(self.top, _CHARSET)
        at = offset[0] if offset else 0
        if at == 0 and not self.cid:  # ISOAdobe: glyph i is SID i
            return list(gids)
        if at < 3:
            raise Unsupported(f"predefined charset {at}")
        data = self.data
        at += self.start
        fmt = data[at]
        if fmt == 0:
            return [int.from_bytes(data[at - 1 + 2 * g : at + 1 + 2 * g], "big") for g in gids]
        if fmt not in (1, 2):
            raise Unsupported(f"charset format {fmt}")
        width = 1 if fmt == 1 else 2
        wanted = iter(gids)
        out: list[int] = []
        target = next(wanted, None)
        gid, pos = 1, at + 1
        while target is not None:
            if gid >= len(self.charstrings):
                raise Unsupported("glyph beyond the charset")
            first = int.from_bytes(data[pos : pos + 2], "big")
            left = int.from_bytes(data[pos + 2 : pos + 2 + width], "big")
            while target is not None and target <= gid + left:
                out.append(first + target - gid)
                target = next(wanted, None)
            gid += left + 1
            pos += 2 + width
        return out


def _nonempty(index: _Index) -> _Index | None:
    return index if len(index) else None


def subset_cff(data: bytes | mmap.mmap, start: int, length: int,
               glyphs: Sequence[int]) -> bytes:
    """Return the CFF table at ``start`` with only ``glyphs`` (ascending, 0 first), in that
    order, their subroutines inlined."""
    cff = _Cff(data, start, length)
    if glyphs[-1] >= len(cff.charstrings):
        raise Unsupported(f"glyph {glyphs[-1]} of {len(cff.charstrings)}")
    fds = [cff.fd(g) for g in glyphs]
    used = sorted(set(fds))
    if used[-1] >= len(cff.fonts):
        raise Unsupported(f"Font DICT {used[-1]} of {len(cff.fonts)}")
    renumber = {fd: i for i, fd in enumerate(used)}
    charstrings = []
    for gid, fd in zip(glyphs, fds, strict=True):
        local = cff.fonts[fd][2]
        code = cff.charstrings[gid]
        if len(local) or len(cff.global_subrs):
            code = _flatten(code, cff.global_subrs, local)
        charstrings.append(code)
    charset = _charset(cff.charset(glyphs[1:]))

    def without(entries: list[_DictEntry], drop: set[int]) -> bytes:
        return b"".join(raw for op, _, raw in entries if op not in drop)

    privates = [without(cff.fonts[fd][1], {_SUBRS}) for fd in used]

    def offsets(charset_at: int, charstrings_at: int, third: int, fourth: int) -> bytes:
        head = _int5(charset_at) + _op(_CHARSET) + _int5(charstrings_at) + _op(_CHARSTRINGS)
        if cff.cid:  # FDArray, FDSelect
            return head + _int5(third) + _op(_FDARRAY) + _int5(fourth) + _op(_FDSELECT)
        return head + _int5(third) + _int5(fourth) + _op(_PRIVATE)  # Private size, offset

    # Top DICT: ROS first (CID fonts must start with it), the offsets at the end.
    ros = b"".join(raw for op, _, raw in cff.top if op == _ROS)
    top_rest = ros + without(cff.top, _REWRITTEN | {_ROS})
    top_size = len(top_rest) + len(offsets(0, 0, 0, 0))
    name_index = _index([cff.name])
    header = bytes((1, 0, 4, 4))
    pos = len(header) + len(name_index) + len(_index([bytes(top_size)]))
    pos += len(cff.strings) + 2  # String INDEX, empty Global Subr INDEX
    charset_at = pos
    pos += len(charset)
    fdselect = b""
    if cff.cid:
        fdselect = _fdselect([renumber[fd] for fd in fds])
    fdselect_at = pos
    pos += len(fdselect)
    charstrings_at = pos
    charstrings_index = _index(charstrings)
    pos += len(charstrings_index)
    if cff.cid:
        font_dicts = [without(cff.fonts[fd][0], {_PRIVATE}) for fd in used]
        private_at = pos + len(_index([d + bytes(11) for d in font_dicts]))
        filled = []
        for d, private in zip(font_dicts, privates, strict=True):
            filled.append(d + _int5(len(private)) + _int5(private_at) + _op(_PRIVATE))
            private_at += len(private)
        tail = [_index(filled), *privates]
        top = top_rest + offsets(charset_at, charstrings_at, pos, fdselect_at)
    else:
        tail = [privates[0]]
        top = top_rest + offsets(charset_at, charstrings_at, len(privates[0]), pos)
    assert len(top) == top_size
    return b"".join([header, name_index, _index([top]), cff.strings, b"\x00\x00", charset,
                     fdselect, charstrings_index, *tail])


def _charset(names: Sequence[int]) -> bytes:
    """The charset of glyphs 1… named (SID or CID) ``names``: format 0 or 2, the smaller."""
    listed = b"\x00" + b"".join(n.to_bytes(2, "big") for n in names)
    ranges = bytearray(b"\x02")
    i = 0
    while i < len(names):
        j = i
        while j + 1 < len(names) and names[j + 1] == names[j] + 1 and j - i < 0xFFFF:
            j += 1
        ranges += struct.pack(">HH", names[i], j - i)
        i = j + 1
    return listed if len(listed) <= len(ranges) else bytes(ranges)


def _fdselect(fds: Sequence[int]) -> bytes:
    """The FDSelect of glyphs 0… in Font DICTs ``fds``: format 0 or 3, the smaller."""
    starts = [i for i, fd in enumerate(fds) if i == 0 or fd != fds[i - 1]]
    if 5 + 3 * len(starts) >= 1 + len(fds):
        return b"\x00" + bytes(fds)
    return (struct.pack(">BH", 3, len(starts))
            + b"".join(struct.pack(">HB", i, fds[i]) for i in starts)
            + struct.pack(">H", len(fds)))
