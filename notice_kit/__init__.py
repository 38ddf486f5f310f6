"""notice_kit — Chinese official-notice packages (通知 + 附件 + 回执) to GB/T 9704-2012.

The public API is what this module exports::

    import notice_kit
    package = notice_kit.load_notice("notice.yaml")
    result = notice_kit.build_package(package, "out")
    print(result.manifest.parts)
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("notice-kit")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

from notice_kit.assemble.package_pdf import Converter
from notice_kit.batch import BatchItem, BatchOutcome, build_packages
from notice_kit.build import LibreOfficeConverter, build_package
from notice_kit.convert.unoserver import RemoteConverter, WarmConverter
from notice_kit.errors import (
    ConversionError,
    DataError,
    LayoutError,
    NoticeKitError,
    OutputError,
    Problem,
    TemplateError,
)
from notice_kit.layout.profile import GBT9704, LayoutProfile, get_profile
from notice_kit.loading import dump_notice, load_notice, package_from_data
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

__all__ = [
    "GBT9704",
    "BatchItem",
    "BatchOutcome",
    "BuildResult",
    "Colophon",
    "Contact",
    "ConversionError",
    "Converter",
    "DataError",
    "DocumentAttachment",
    "FileAttachment",
    "Header",
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
    "dump_notice",
    "get_profile",
    "load_notice",
    "package_from_data",
    "render_attachment_docx",
    "render_notice_docx",
    "render_package_docx",
    "render_text",
]
