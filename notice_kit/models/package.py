"""The package: a notice, its numbered attachments, and how to write them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from notice_kit.models.attachments import Attachment
from notice_kit.models.base import NoticeModel
from notice_kit.models.common import DataPath, Text
from notice_kit.models.notice import Notice

Format = Literal["docx", "pdf", "ofd"]
# What a package is written as unless it says otherwise; OFD only when asked for.
ALL_FORMATS: tuple[Format, ...] = ("docx", "pdf")


class OutputOptions(NoticeModel):
    """How a package is written: formats, layout profile, letterhead, file names."""

    formats: list[Format] = Field(
        default_factory=lambda: list(ALL_FORMATS), description="输出格式 / output formats"
    )
    profile: str = Field(
        "gbt9704", description="版式方案，默认 GB/T 9704 / layout profile name"
    )
    letterhead: DataPath | None = Field(
        None, description="自定义版头模板 .docx（可选） / letterhead template"
    )
    file_stem: Text | None = Field(
        None, description="合并文件的文件名（默认用标题） / stem of the merged files"
    )
    strict_fonts: bool = Field(
        False, description="缺少标准字体时报错 / fail instead of substituting fonts"
    )
    pdfa: bool = Field(False, description="输出 PDF/A-2b / write PDF/A-2b")
    internal: bool = Field(
        False,
        description="内部材料：PDF 每页加水印，禁止复制和修改（AES-256） / internal: a watermark "
        "on every PDF page, copying and editing forbidden (AES-256)",
    )
    watermark: Text = Field(
        "内部材料 不得外传", description="内部材料的水印文字 / the watermark of an internal package"
    )

    @model_validator(mode="after")
    def _pdfa_is_not_encrypted(self) -> OutputOptions:
        if self.internal and self.pdfa:
            raise ValueError("PDF/A 不允许加密，internal 与 pdfa 不能同时使用 / PDF/A forbids "
                             "encryption: internal and pdfa cannot both be on")
        return self


class NumberedAttachment(BaseModel):
    """An attachment with the number and label it gets from its position."""

    model_config = ConfigDict(frozen=True)

    number: int
    label: str
    attachment: Attachment


class Package(NoticeModel):
    """A notice package: the 通知, its 附件 in order, and output options.

    Attachments are numbered by position (附件1, 附件2, …; "附件" alone when there is one),
    and every place that shows a number — 附件说明, attachment pages, bookmarks, file
    names — takes it from :meth:`numbered_attachments`.
    """

    notice: Notice = Field(description="通知 / the notice")
    attachments: list[Attachment] = Field(
        default_factory=list, description="附件，按顺序编号 / attachments, numbered in order"
    )
    options: OutputOptions = Field(
        default_factory=OutputOptions, description="输出选项 / output options"
    )

    def attachment_label(self, number: int) -> str:
        """Return the label of attachment ``number`` (1-based): 附件2, or 附件 when alone."""
        if not 1 <= number <= len(self.attachments):
            raise IndexError(f"no attachment {number}; the package has {len(self.attachments)}")
        return "附件" if len(self.attachments) == 1 else f"附件{number}"

    def numbered_attachments(self) -> list[NumberedAttachment]:
        """Return the attachments with their numbers and labels, in order."""
        return [
            NumberedAttachment(number=i, label=self.attachment_label(i), attachment=a)
            for i, a in enumerate(self.attachments, start=1)
        ]

    def evolve(self, changes: dict[str, Any]) -> Package:
        """Return a new package with ``changes`` merged over this one's data by the rules
        of ``extends:`` and validated; this package is not changed.

        ``package.evolve({"notice": {"date": "2025-03-25"}})`` changes one field however
        deep; ``{"attachments": {"merge": [...]}}`` edits the attachments item by item; a
        package loaded from a file also takes ``{"vars": {...}}`` and renders its texts
        again.  Raises :class:`~notice_kit.errors.DataError` naming the field path.
        """
        from notice_kit.derive import evolve  # merging lives outside the models

        return evolve(self, changes)

    @property
    def title_text(self) -> str:
        """The title on one line (explicit line breaks removed)."""
        return self.notice.title.replace("\n", "")
