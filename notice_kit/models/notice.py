"""The notice itself: 版头, 主体 and 版记 (GB/T 9704-2012 7.2–7.4)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator, model_validator

from notice_kit.models.base import NoticeModel
from notice_kit.models.common import Body, DataPath, Text, TextList
from notice_kit.models.dates import Date
from notice_kit.models.header import Header
from notice_kit.models.text import clean_text


class Colophon(NoticeModel):
    """版记 (7.4): 抄送, 印发机关 and 印发日期, between separator lines at the foot of the last page."""

    cc: TextList = Field(default_factory=list, description="抄送机关 / copied to")
    printer: Text | None = Field(None, description="印发机关 / printing office")
    print_date: Date | None = Field(None, description="印发日期 / printing date")

    @model_validator(mode="after")
    def _both_or_neither(self) -> Colophon:
        if (self.printer is None) != (self.print_date is None):
            raise ValueError(
                "印发机关和印发日期应同时给出 / printer and print_date go together"
            )
        return self

    @property
    def is_empty(self) -> bool:
        return not self.cc and self.printer is None


class Notice(NoticeModel):
    """A notice: header (版头), main part (主体) and colophon (版记).

    Attachments live on the :class:`~notice_kit.Package`, which numbers them; the
    附件说明 is derived from them and never typed here.
    """

    header: Header = Field(description="版头 / header block")
    title: str = Field(
        description="标题；可用换行指定回行位置 / title; a line break forces a break there"
    )
    addressees: TextList = Field(
        default_factory=list, description="主送机关 / addressees, in order"
    )
    body: Body = Field(
        min_length=1,
        description="正文：内容块列表，或带序号的纯文本 / body: blocks, or plain text",
    )
    signatures: TextList = Field(
        default_factory=list,
        description="发文机关署名（默认同发文机关） / signing authorities (default: issuers)",
    )
    date: Date = Field(description="成文日期 / date of the document")
    seal: DataPath | list[DataPath] | None = Field(
        None,
        description="印章图片（可选）；联合行文每个发文机关一枚，按署名顺序 / seal image; "
                    "a joint issue gives one per signing authority, in their order",
    )
    note: Text | None = Field(None, description="附注（不含括号） / note, without brackets")
    colophon: Colophon = Field(default_factory=Colophon, description="版记 / colophon")

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        v = clean_text(v, keep_newlines=True)
        if not v:
            raise ValueError("标题不能为空 / the title must not be empty")
        return v

    @field_validator("note")
    @classmethod
    def _note(cls, v: str | None) -> str | None:
        # The renderer adds the brackets; people often type them anyway.
        if v and v[0] in "（(" and v[-1] in "）)":
            return v[1:-1].strip()
        return v

    @model_validator(mode="after")
    def _one_seal_per_authority(self) -> Notice:
        # 7.3.5.1: in a sealed joint issue every authority's seal presses its own name.
        count = len(self.seals)
        names = len(self.signing_authorities)
        if count and count != names:
            raise ValueError(
                f"印章数应与署名数相同：{names}个署名，{count}枚印章（seal 可写成列表，按署名顺序）"
                f" / one seal per signing authority: {names} name(s), {count} seal(s) "
                "(seal takes a list, in the order of the names)"
            )
        return self

    @property
    def seals(self) -> list[Path]:
        """The seal images in the order of the signing authorities (none if unsealed)."""
        if self.seal is None:
            return []
        return list(self.seal) if isinstance(self.seal, list) else [self.seal]

    @property
    def signing_authorities(self) -> list[str]:
        return list(self.signatures or self.header.issuers)
