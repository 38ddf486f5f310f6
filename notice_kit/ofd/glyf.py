"""Subset a TrueType font program (the ``glyf`` subsets LibreOffice embeds in a PDF) to some
of its glyphs, working on its bytes.

A part OFD embeds only the glyphs of its own pages. The programs LibreOffice writes hold
``cmap cvt fpgm glyf head hhea hmtx loca maxp name post prep``; the kept glyphs are copied
in their order (with the components of a composite glyph, renumbered), ``loca``, ``hmtx``,
``maxp`` and ``hhea`` follow, the hinting programs and names stay. The cmap is the
caller's to replace. A program with other tables that index glyphs (layout, kerning,
device metrics) or a ``post`` table with glyph names raises :class:`Unsupported`, and
the caller uses fontTools instead.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

from notice_kit.ofd.sfnt import Unsupported

__all__ = ["subset_glyf"]

# Tables that do not index glyphs, or that this module rewrites.
_KNOWN = {"cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name",
          "post", "prep", "OS/2", "gasp"}
# Composite glyph flags.
_ARG_WORDS, _HAVE_SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x1, 0x8, 0x20, 0x40, 0x80


def subset_glyf(program: bytes, glyphs: Sequence[int]) -> tuple[bytes, dict[int, int]]:
    """Return ``program`` with .notdef, ``glyphs`` and their components only, and the map
    old glyph index → new."""
    if program[:4] not in (b"\x00\x01\x00\x00", b"true"):
        raise Unsupported("not a TrueType font")
    (num_tables,) = struct.unpack_from(">H", program, 4)
    tables: dict[str, bytes] = {}
    for i in range(num_tables):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", program, 12 + 16 * i)
        tables[tag.decode("latin-1")] = program[offset : offset + length]
    unknown = set(tables) - _KNOWN
    if unknown or not {"glyf", "loca", "head", "hhea", "hmtx", "maxp"} <= set(tables):
        raise Unsupported(f"tables {sorted(unknown)}" if unknown else "a table missing")
    post = tables.get("post", b"")
    if post and post[:4] != b"\x00\x03\x00\x00":
        raise Unsupported("post table with glyph names")
    head, maxp = bytearray(tables["head"]), bytearray(tables["maxp"])
    (count,) = struct.unpack_from(">H", maxp, 4)
    (long_loca,) = struct.unpack_from(">h", head, 50)
    loca = tables["loca"]
    if long_loca:
        offsets = struct.unpack(f">{count + 1}I", loca[: 4 * (count + 1)])
    else:
        offsets = tuple(2 * o for o in struct.unpack(f">{count + 1}H", loca[: 2 * (count + 1)]))
    glyf = tables["glyf"]

    def data(gid: int) -> bytes:
        return glyf[offsets[gid] : offsets[gid + 1]]

    kept: set[int] = set()
    todo = [0, *glyphs]
    while todo:
        gid = todo.pop()
        if gid in kept:
            continue
        if not 0 <= gid < count:
            raise Unsupported(f"glyph {gid} of {count}")
        kept.add(gid)
        body = data(gid)
        if len(body) >= 10 and struct.unpack_from(">h", body)[0] < 0:
            todo += [component for component, _ in _components(body)]
    order = sorted(kept)
    new = {gid: i for i, gid in enumerate(order)}
    out_glyf = bytearray()
    out_loca = [0]
    for gid in order:
        glyph = bytearray(data(gid))
        if len(glyph) >= 10 and struct.unpack_from(">h", glyph)[0] < 0:
            for component, at in _components(bytes(glyph)):
                struct.pack_into(">H", glyph, at, new[component])
        out_glyf += glyph + b"\x00" * (-len(glyph) % 4)
        out_loca.append(len(out_glyf))
    struct.pack_into(">h", head, 50, 1)  # long offsets
    struct.pack_into(">H", maxp, 4, len(order))
    hhea = bytearray(tables["hhea"])
    (metrics,) = struct.unpack_from(">H", hhea, 34)
    if metrics == 0:
        raise Unsupported("no horizontal metrics")
    hmtx = tables["hmtx"]
    out_hmtx = bytearray()
    for gid in order:
        (advance,) = struct.unpack_from(">H", hmtx, 4 * min(gid, metrics - 1))
        lsb_at = 4 * gid + 2 if gid < metrics else 4 * metrics + 2 * (gid - metrics)
        out_hmtx += struct.pack(">H", advance) + hmtx[lsb_at : lsb_at + 2]
    struct.pack_into(">H", hhea, 34, len(order))
    tables.update(glyf=bytes(out_glyf), loca=struct.pack(f">{len(out_loca)}I", *out_loca),
                  head=bytes(head), maxp=bytes(maxp), hhea=bytes(hhea), hmtx=bytes(out_hmtx))
    return _sfnt(tables), new


def _components(body: bytes) -> list[tuple[int, int]]:
    """The (glyph index, where it is written) of each component of a composite glyph."""
    found = []
    at = 10
    while True:
        flags, glyph = struct.unpack_from(">HH", body, at)
        found.append((glyph, at + 2))
        at += 4 + (4 if flags & _ARG_WORDS else 2)
        if flags & _HAVE_SCALE:
            at += 2
        elif flags & _XY_SCALE:
            at += 4
        elif flags & _TWO_BY_TWO:
            at += 8
        if not flags & _MORE:
            return found


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """The TrueType file of ``tables`` (checksums included; checkSumAdjustment is left
    for fontTools to set when it saves the font)."""
    tags = sorted(tables)
    count = len(tags)
    power = 1
    while power * 2 <= count:
        power *= 2
    header = struct.pack(">4sHHHH", b"\x00\x01\x00\x00", count, power * 16,
                         max(0, power.bit_length() - 1), count * 16 - power * 16)
    offset = 12 + 16 * count
    directory, bodies = [], []
    for tag in tags:
        body = tables[tag]
        padded = body + b"\x00" * (-len(body) % 4)
        checksum = sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), checksum, offset,
                                     len(body)))
        bodies.append(padded)
        offset += len(padded)
    return header + b"".join(directory) + b"".join(bodies)
