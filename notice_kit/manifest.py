"""manifest.json: what a build wrote, as data (and the Python result object)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["notice", "attachment", "package"]


class PartRange(BaseModel):
    """Where one part lies in the merged PDF (pages 1-based, inclusive)."""

    model_config = ConfigDict(frozen=True)

    role: Literal["notice", "attachment"]
    attachment: int | None = None
    label: str | None = None
    title: str
    first_page: int
    last_page: int


class ManifestFile(BaseModel):
    """One file written by a build."""

    model_config = ConfigDict(frozen=True)

    path: str = Field(description="relative to the output folder, with / separators")
    format: Literal["docx", "pdf", "ofd", "xlsx"]
    role: Role
    attachment: int | None = Field(None, description="attachment number, for attachments")
    label: str | None = Field(None, description="附件N, for attachments")
    title: str
    pages: int | None = Field(None, description="page count, for PDFs and OFDs")
    first_page: int | None = Field(
        None, description="page of the merged PDF where this part starts, for PDFs and OFDs"
    )
    bytes: int
    sha256: str
    origin: Literal["rendered", "copied", "form"] = Field(
        "rendered", description="copied: an external attachment delivered as it was given; "
        "form: a 回执 to fill in (fillable PDF, .xlsx), made beside the rendered one"
    )


class FontReport(BaseModel):
    """Which installed face stood in for which standard font name when rendering PDF."""

    model_config = ConfigDict(frozen=True)

    substitutions: dict[str, str] = Field(default_factory=dict)
    missing_glyphs: list[str] = Field(default_factory=list)


class PaginationWarning(BaseModel):
    """A pagination rule the laid-out PDF does not keep (the build still succeeds)."""

    model_config = ConfigDict(frozen=True)

    page: int = Field(description="1-based page of the merged PDF")
    rule: str = Field(description="signature-alone, first-page-empty, note-split, date-apart, "
                                  "heading-last, form-spill")
    clause: str = Field(description="GB/T 9704-2012 clause")
    message: str


class Manifest(BaseModel):
    """Everything a build wrote; saved as ``manifest.json`` in the output folder."""

    model_config = ConfigDict(frozen=True)

    generator: str = "notice_kit"
    version: str
    title: str
    files: list[ManifestFile]
    parts: list[PartRange] = Field(
        default_factory=list, description="page ranges in the merged PDF"
    )
    fonts: FontReport | None = None
    pagination: list[PaginationWarning] = Field(
        default_factory=list, description="pagination rules the PDF could not keep"
    )
    warnings: list[str] = Field(default_factory=list)

    def file(self, role: Role, fmt: str, attachment: int | None = None, *,
             origin: Literal["rendered", "copied"] = "rendered") -> ManifestFile:
        """Return the entry of the given role, format and attachment number (the one
        notice_kit made, unless ``origin="copied"`` asks for an external file's copy)."""
        for f in self.files:
            if (f.role, f.format, f.attachment, f.origin) == (role, fmt, attachment, origin):
                return f
        raise KeyError(f"no {fmt} file for {role} {attachment or ''}".rstrip())


class BuildResult(BaseModel):
    """What :func:`notice_kit.build_package` returns: the manifest and where it lives."""

    model_config = ConfigDict(frozen=True)

    outdir: Path
    manifest: Manifest

    def path(self, role: Role, fmt: str, attachment: int | None = None) -> Path:
        """Return the absolute path of a written file."""
        return self.outdir / self.manifest.file(role, fmt, attachment).path
