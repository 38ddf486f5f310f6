"""Turning rendered .docx notices into PDF: font substitution and LibreOffice."""

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
