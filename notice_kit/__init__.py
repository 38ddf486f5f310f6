"""notice_kit — Chinese official-notice packages (通知 + 附件 + 回执) to GB/T 9704-2012.

The public API is what this module exports::

    import notice_kit
    package = notice_kit.load_notice("notice.yaml")
    result = notice_kit.build_package(package, "out")
    print(result.manifest.parts)
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

if _TYPE_CHECKING:
    from notice_kit.assemble.package_pdf import Converter
    from notice_kit.batch import BatchItem, BatchOutcome, build_packages
    from notice_kit.build import LibreOfficeConverter, build_package
    from notice_kit.check import CheckReport, check_document
    from notice_kit.convert.unoserver import RemoteConverter, WarmConverter
    from notice_kit.derive import merge_data
    from notice_kit.errors import (
        ConversionError,
        DataError,
        InspectionError,
        LayoutError,
        NoticeKitError,
        OutputError,
        Problem,
        TemplateError,
    )
    from notice_kit.inspect.model import InspectedDocument
    from notice_kit.inspect.reader import inspect_document
    from notice_kit.layout.profile import GBT9704, LayoutProfile, get_profile
    from notice_kit.loading import dump_notice, load_notice, package_from_data, read_data
    from notice_kit.manifest import BuildResult, Manifest, ManifestFile, PartRange
    from notice_kit.models import (
        Colophon,
        Contact,
        DocumentAttachment,
        FileAttachment,
        Header,
        ListAttachment,
        Notice,
        NumberedList,
        OutputOptions,
        Package,
        Paragraph,
        ReceiptField,
        ReceiptForm,
        Section,
        Table,
    )
    from notice_kit.render.docx.package import (
        render_attachment_docx,
        render_notice_docx,
        render_package_docx,
    )
    from notice_kit.render.text import render_text

    __version__: str

# Every name is imported on first use, not with the package: `import notice_kit` costs a
# few milliseconds, and a command loads only what it needs (the build starts LibreOffice
# before pydantic, python-docx and pypdf are even imported).
_LAZY = {
    **dict.fromkeys(["Converter"], "notice_kit.assemble.package_pdf"),
    **dict.fromkeys(["BatchItem", "BatchOutcome", "build_packages"], "notice_kit.batch"),
    **dict.fromkeys(["LibreOfficeConverter", "build_package"], "notice_kit.build"),
    **dict.fromkeys(["CheckReport", "check_document"], "notice_kit.check"),
    **dict.fromkeys(["RemoteConverter", "WarmConverter"], "notice_kit.convert.unoserver"),
    **dict.fromkeys(["merge_data"], "notice_kit.derive"),
    **dict.fromkeys(["ConversionError", "DataError", "InspectionError", "LayoutError",
                     "NoticeKitError", "OutputError", "Problem", "TemplateError"],
                    "notice_kit.errors"),
    **dict.fromkeys(["InspectedDocument"], "notice_kit.inspect.model"),
    **dict.fromkeys(["inspect_document"], "notice_kit.inspect.reader"),
    **dict.fromkeys(["GBT9704", "LayoutProfile", "get_profile"], "notice_kit.layout.profile"),
    **dict.fromkeys(["dump_notice", "load_notice", "package_from_data", "read_data"],
                    "notice_kit.loading"),
    **dict.fromkeys(["BuildResult", "Manifest", "ManifestFile", "PartRange"],
                    "notice_kit.manifest"),
    **dict.fromkeys(["Colophon", "Contact", "DocumentAttachment", "FileAttachment", "Header",
                     "ListAttachment", "Notice", "NumberedList", "OutputOptions", "Package",
                     "Paragraph", "ReceiptField", "ReceiptForm", "Section", "Table"],
                    "notice_kit.models"),
    **dict.fromkeys(["render_attachment_docx", "render_notice_docx", "render_package_docx"],
                    "notice_kit.render.docx.package"),
    **dict.fromkeys(["render_text"], "notice_kit.render.text"),
}


def __getattr__(name: str) -> _Any:
    if name == "__version__":
        from notice_kit._version import __version__ as value
    else:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(_import_module(module), name)
    globals()[name] = value  # later lookups do not come here again
    return value


def __dir__() -> list[str]:
    # What a user sees: the public API, not the submodules or helpers imported to build it.
    return sorted({*__all__, *(name for name in globals() if name.startswith("__"))})


__all__ = [
    "GBT9704",
    "BatchItem",
    "BatchOutcome",
    "BuildResult",
    "CheckReport",
    "Colophon",
    "Contact",
    "ConversionError",
    "Converter",
    "DataError",
    "DocumentAttachment",
    "FileAttachment",
    "Header",
    "InspectedDocument",
    "InspectionError",
    "LayoutError",
    "LayoutProfile",
    "LibreOfficeConverter",
    "ListAttachment",
    "Manifest",
    "ManifestFile",
    "Notice",
    "NoticeKitError",
    "NumberedList",
    "OutputError",
    "OutputOptions",
    "Package",
    "Paragraph",
    "PartRange",
    "Problem",
    "ReceiptField",
    "ReceiptForm",
    "RemoteConverter",
    "Section",
    "Table",
    "TemplateError",
    "WarmConverter",
    "__version__",
    "build_package",
    "build_packages",
    "check_document",
    "dump_notice",
    "get_profile",
    "inspect_document",
    "load_notice",
    "merge_data",
    "package_from_data",
    "read_data",
    "render_attachment_docx",
    "render_notice_docx",
    "render_package_docx",
    "render_text",
]
