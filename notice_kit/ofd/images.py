"""A PDF image as the OFD embeds it: JPEG as it is, anything else as a PNG.

Works on :class:`ImageStream`, which each PDF reader fills from its own objects: names as
``str`` without the slash, arrays as lists, dictionaries as dicts, streams as
:class:`ImageStream`, all references resolved.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from notice_kit.ofd.model import OfdError

__all__ = ["ImageStream", "encode_image"]


@dataclass
class ImageStream:
    """An image XObject (or its soft mask): its dictionary, decoded data and filters."""

    attrs: Mapping[str, object]
    data: Callable[[], bytes]  # the data with every filter applied
    raw: Callable[[], bytes]  # the data as stored
    filters: list[str]

    def get(self, *keys: str, default: object = None) -> object:
        """The value of the first of ``keys`` present (full and abbreviated names)."""
        for key in keys:
            if key in self.attrs:
                return self.attrs[key]
        return default


def encode_image(stream: ImageStream, name: str) -> tuple[bytes, str]:
    """Return the image as (bytes, "PNG"|"JPEG"): JPEG passes through; raw pixels (8-bit
    gray, RGB, CMYK, indexed, 1-bit) with an optional soft mask become a PNG."""
    if stream.filters and stream.filters[-1] in ("DCTDecode", "DCT") and len(stream.filters) == 1:
        return stream.raw(), "JPEG"
    try:
        width = int(stream.get("Width", "W"))  # type: ignore[call-overload]
        height = int(stream.get("Height", "H"))  # type: ignore[call-overload]
        pixels, channels = _pixels(stream, width, height)
        smask = stream.get("SMask")
        if isinstance(smask, ImageStream) and channels in (1, 3):
            size = (int(smask.get("Width")), int(smask.get("Height")))  # type: ignore[call-overload]
            if size == (width, height):
                alpha, _ = _pixels(smask, width, height)
                pixels = _interleave(pixels, alpha, channels)
                channels += 1
    except (ValueError, TypeError, IndexError, zlib.error) as exc:
        raise OfdError(f"图像 {name} 无法转换 / image {name} cannot be converted: {exc}") from exc
    return _png(pixels, width, height, channels), "PNG"


def _pixels(stream: ImageStream, width: int, height: int) -> tuple[bytes, int]:
    data = stream.data()
    bpc = int(stream.get("BitsPerComponent", "BPC", default=8) or 1)  # type: ignore[call-overload]
    space = stream.get("ColorSpace", "CS")
    if stream.get("ImageMask", "IM", default=False) or bpc == 1:
        row = (width + 7) // 8
        out = bytearray()
        for y in range(height):
            bits = data[y * row : (y + 1) * row]
            for x in range(width):
                out.append(255 if bits[x >> 3] >> (7 - (x & 7)) & 1 else 0)
        return bytes(out), 1
    if bpc != 8:
        raise ValueError(f"{bpc} bits per component")
    base, lookup = _space(space)
    if lookup is not None:
        table = bytes(lookup)
        out = bytearray()
        for index in data[: width * height]:
            out += table[index * 3 : index * 3 + 3]
        return bytes(out), 3
    if base == 4:
        out = bytearray()
        for i in range(0, width * height * 4, 4):
            cyan, magenta, yellow, black = (v / 255 for v in data[i : i + 4])
            out += bytes(round(255 * (1 - v) * (1 - black)) for v in (cyan, magenta, yellow))
        return bytes(out), 3
    return _decode_array(stream, bytes(data[: width * height * base]), base), base


def _decode_array(stream: ImageStream, data: bytes, channels: int) -> bytes:
    """Apply an image's /Decode ranges (LibreOffice writes soft masks with [1 0])."""
    ranges = stream.get("Decode", "D")
    if not isinstance(ranges, list) or len(ranges) != 2 * channels:
        return data
    values = [float(v) for v in ranges]
    if all(values[i : i + 2] == [0.0, 1.0] for i in range(0, len(values), 2)):
        return data
    out = bytearray(data)
    for c in range(channels):
        low, high = values[2 * c], values[2 * c + 1]
        table = bytes(max(0, min(255, round(255 * (low + v / 255 * (high - low)))))
                      for v in range(256))
        out[c::channels] = data[c::channels].translate(table)
    return bytes(out)


def _space(space: object) -> tuple[int, bytes | None]:
    """Return (components, palette) of a colour space."""
    if isinstance(space, str):
        if space in ("DeviceGray", "G", "CalGray"):
            return 1, None
        if space in ("DeviceRGB", "RGB", "CalRGB"):
            return 3, None
        if space in ("DeviceCMYK", "CMYK"):
            return 4, None
    if isinstance(space, list) and space:
        kind = space[0]
        if kind == "ICCBased" and isinstance(space[1], ImageStream):
            return int(space[1].get("N", default=3)), None  # type: ignore[call-overload]
        if kind in ("Indexed", "I"):
            base, _ = _space(space[1])
            table = space[3]
            raw = table.data() if isinstance(table, ImageStream) else bytes(table)
            if base != 3:
                raise ValueError("indexed image over a non-RGB base")
            return 3, raw
        if kind in ("CalRGB", "Lab"):
            return 3, None
        if kind == "CalGray":
            return 1, None
    if space is None:
        return 1, None
    raise ValueError(f"colour space {space!r}")


def _interleave(pixels: bytes, alpha: bytes, channels: int) -> bytes:
    out = bytearray(len(pixels) + len(alpha))
    step = channels + 1
    for c in range(channels):
        out[c::step] = pixels[c::channels]
    out[channels::step] = alpha[: len(pixels) // channels]
    return bytes(out)


def _png(pixels: bytes, width: int, height: int, channels: int) -> bytes:
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    stride = width * channels
    raw = b"".join(b"\x00" + pixels[y * stride : (y + 1) * stride] for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
