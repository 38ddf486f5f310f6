"""PDF content-stream syntax: operators and their operands, as :mod:`notice_kit.ofd.pdfread`
and the ToUnicode maps of :mod:`notice_kit.ofd.pdffonts` need them.

Numbers, names, strings (literal and hex), arrays and dictionaries; anything else this
tokenizer does not take (an inline image, an operator inside an array) raises
:class:`Fallback`, and the document is read by pdfminer.six instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any


class Fallback(Exception):
    """What the own reader does not take: the document goes to pdfminer."""


_WS = rb"\x00\t\n\x0c\r "
_DELIM = rb"()<>\[\]{}/%"
# One token: a number, a name (with its slash), a delimiter, a hex string (with its angle
# brackets) or an operator; each its own group, so a match has one non-empty group.
_GROUPS = (
    rb"([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?![^" + _WS + _DELIM + rb"])"
    rb"|(/[^" + _WS + _DELIM + rb"]*)"
    rb"|(<<|>>|\[|\]|\{|\})"
    rb"|(<[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|([^" + _WS + _DELIM + rb"]+)"
)
# Streams without strings in parentheses or comments (LibreOffice writes text as hex):
# one findall gives every token as a tuple of the five groups.
_FAST = re.compile(_GROUPS)
# Any stream: white space and comments skipped, a literal string's "(" found.
_TOKEN = re.compile(rb"[" + _WS + rb"]+|%[^\r\n]*|(?P<s>\()|" + _GROUPS)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_LITERAL_RUN = re.compile(rb"[^()\\]+")
_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}


class Name(str):
    """A PDF name (operands are numbers, bytes, names, lists and dicts)."""

    __slots__ = ()


def parse(data: bytes) -> Iterator[tuple[str, list[Any]]]:
    """Yield (operator, operands) of a content stream."""
    if b"(" in data or b"%" in data or b")" in data:
        yield from _parse_tokens(_tokens(data))
    else:
        yield from _parse_tokens(_FAST.findall(data))


def _tokens(data: bytes) -> Iterator[tuple[bytes, bytes, bytes, bytes, bytes] | bytes]:
    """The tokens of ``data`` as :data:`_FAST` gives them, and literal strings as bytes."""
    match = _TOKEN.match
    pos, end = 0, len(data)
    while pos < end:
        m = match(data, pos)
        if m is None:
            raise Fallback(f"content stream: unexpected {data[pos:pos + 10]!r}")
        pos = m.end()
        if m.lastindex is None:
            continue
        if m.lastindex == 1:
            text, pos = _literal(data, pos)
            yield text
        else:
            yield tuple(g or b"" for g in m.groups()[1:])  # type: ignore[misc]


def _parse_tokens(tokens: Iterable[Any]) -> Iterator[tuple[str, list[Any]]]:
    operands: list[Any] = []
    stack: list[list[Any]] = []  # open arrays and dictionaries
    for token in tokens:
        target = stack[-1] if stack else operands
        if isinstance(token, bytes):  # a literal string
            target.append(token)
            continue
        number, name, delim, digits, word = token
        if number:
            target.append(float(number) if b"." in number else int(number))
        elif word:
            text = word.decode("latin-1")
            if text in ("true", "false", "null"):
                target.append({"true": True, "false": False, "null": None}[text])
            elif stack:
                raise Fallback(f"content stream: operator {text} inside an array")
            elif text == "BI":
                raise Fallback("an inline image")
            else:
                yield text, operands
                operands = []
        elif delim:
            if delim in (b"[", b"<<"):
                stack.append([])
            elif delim == b"]" and stack:
                done = stack.pop()
                (stack[-1] if stack else operands).append(done)
            elif delim == b">>" and stack:
                items = stack.pop()
                (stack[-1] if stack else operands).append(
                    dict(zip(items[::2], items[1::2], strict=False)))
            else:
                raise Fallback(f"content stream: {delim!r}")
        elif name:
            if b"#" in name:
                name = _NAME_ESCAPE.sub(lambda x: bytes((int(x.group(1), 16),)), name)
            target.append(Name(name[1:].decode("latin-1")))
        else:
            digits = digits[1:-1]
            try:
                target.append(bytes.fromhex(digits.decode()))
            except ValueError:  # white space inside a byte, or an odd count: a final 0
                digits = re.sub(rb"[" + _WS + rb"]", b"", digits)
                target.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """Return the literal string starting after its ``(`` at ``pos``, and where it ends."""
    out = bytearray()
    depth = 1
    while pos < len(data):
        run = _LITERAL_RUN.match(data, pos)
        if run is not None:
            out += run.group().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            pos = run.end()
            continue
        c = data[pos]
        pos += 1
        if c == 0x5C:  # backslash
            if pos >= len(data):
                break
            c = data[pos]
            pos += 1
            if c in _ESCAPES:
                out.append(_ESCAPES[c])
            elif 0x30 <= c <= 0x37:
                digits = bytes((c,))
                while len(digits) < 3 and pos < len(data) and 0x30 <= data[pos] <= 0x37:
                    digits += data[pos : pos + 1]
                    pos += 1
                out.append(int(digits, 8) & 0xFF)
            elif c == 0x0D:
                if data[pos : pos + 1] == b"\n":
                    pos += 1
            elif c != 0x0A:
                out.append(c)
        elif c == 0x28:
            depth += 1
            out.append(c)
        else:  # ")"
            depth -= 1
            if depth == 0:
                return bytes(out), pos
            out.append(c)
    raise Fallback("content stream: an unterminated string")
