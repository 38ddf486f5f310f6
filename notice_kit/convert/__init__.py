"""Turning rendered .docx notices into PDF: font substitution and LibreOffice.

The names below are looked up on first use: importing a submodule (``address``, which the
``notice-kit build`` client reads before anything else) does not import them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from notice_kit._lazy import lazy_attributes

if TYPE_CHECKING:
    from notice_kit.convert.fonts import (
        FontPlan,
        MissingFontError,
        Role,
        fontconfig_xml,
        installed_faces,
        plan_fonts,
        uncovered_chars,
    )
    from notice_kit.convert.libreoffice import (
        ConversionResult,
        convert_to_docx,
        convert_to_pdf,
        export_options,
        find_soffice,
    )
    from notice_kit.errors import ConversionError

__all__ = [
    "ConversionError",
    "ConversionResult",
    "FontPlan",
    "MissingFontError",
    "Role",
    "convert_to_docx",
    "convert_to_pdf",
    "export_options",
    "find_soffice",
    "fontconfig_xml",
    "installed_faces",
    "plan_fonts",
    "uncovered_chars",
]

_HOME = {
    **dict.fromkeys(["FontPlan", "MissingFontError", "Role", "fontconfig_xml", "installed_faces",
                     "plan_fonts", "uncovered_chars"], "notice_kit.convert.fonts"),
    **dict.fromkeys(["ConversionResult", "convert_to_docx", "convert_to_pdf", "export_options",
                     "find_soffice"], "notice_kit.convert.libreoffice"),
    "ConversionError": "notice_kit.errors",
}

__getattr__ = lazy_attributes(__name__, _HOME)
