"""Checks and normalisation shared by every text field of the models."""

from __future__ import annotations

import re

# Characters XML 1.0 forbids (a .docx holding one is corrupt) and lone surrogates
# (which cannot be encoded as UTF-8 at all).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Bidi overrides and isolates can make text read differently from what is stored.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LINE_JOIN = re.compile(r"[ \t\u3000]*\r?\n[ \t\u3000]*")


def clean_text(value: str, *, keep_newlines: bool = False) -> str:
    """Return ``value`` stripped, with line breaks joined, or raise ValueError.

    Chinese has no spaces between words, so a line break inside a paragraph (a wrapped
    line in a YAML file or an extracted text) is joined without a space.
    """
    bad = _FORBIDDEN.search(value) or _BIDI.search(value)
    if bad:
        code = f"U+{ord(bad.group()):04X}"
        raise ValueError(
            f"含有不允许的控制字符 {code}（第 {bad.start() + 1} 个字符） / "
            f"contains the control character {code} at position {bad.start() + 1}"
        )
    value = value.strip()
    if keep_newlines:
        return "\n".join(line.strip() for line in value.splitlines())
    return _LINE_JOIN.sub("", value)
