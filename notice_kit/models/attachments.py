"""附件 — attachments, numbered by their position in the package (GB/T 9704-2012 7.3.7)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from notice_kit.models.base import NoticeModel
from notice_kit.models.body import Cell, OrientationField, WidthsField, check_widths
from notice_kit.models.common import Body, DataPath, Text, TextList
from notice_kit.models.dates import DateTime


class _Attachment(NoticeModel):

    title: Text = Field(
        description="附件名称：附件说明与附件页标题共用 / title, shared by 附件说明 and the page"
    )


class DocumentAttachment(_Attachment):
    """A document attachment with its own title and body (e.g. a briefing)."""

    kind: Literal["document"] = "document"
    body: Body = Field(min_length=1, description="正文 / body, blocks or plain text")


class ReceiptField(NoticeModel):
    """A header field of a 回执 such as 单位名称, optionally pre-filled."""

    label: Text = Field(description="栏目名，如 单位名称（不含冒号） / label, without colon")
    value: Cell = Field("", description="预填内容 / pre-filled value")

    @field_validator("label")
    @classmethod
    def _no_colon(cls, v: str) -> str:
        # The renderer adds the colon; people type it anyway.
        return v.rstrip("：:").rstrip() or v

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"label": data} if isinstance(data, str) else data


class Contact(NoticeModel):
    """Who receives the returned 回执."""

    name: Text | None = Field(None, description="联系人 / contact person")
    phone: Text | None = Field(None, description="电话 / phone")
    email: Text | None = Field(None, description="邮箱 / e-mail")


DEFAULT_BLANK_ROWS = 8
ReceiptFormat = Literal["docx", "pdf-form", "xlsx"]


class ReceiptForm(_Attachment):
    """回执 — a reply form to fill in and send back: header fields and a table."""

    kind: Literal["receipt"] = "receipt"
    fields: list[ReceiptField] = Field(
        default_factory=list, description="表头栏目，如 单位名称 / header fields"
    )
    columns: TextList = Field(min_length=1, description="表格各列 / table columns")
    rows: list[list[Cell]] = Field(default_factory=list, description="预填的行 / pre-filled rows")
    blank_rows: int | None = Field(
        None,
        ge=0,
        le=200,
        description=f"空白行数（默认：无预填时 {DEFAULT_BLANK_ROWS} 行） / blank rows to add",
    )
    widths: WidthsField = None
    orientation: OrientationField = "auto"
    deadline: DateTime | None = Field(None, description="报送截止时间 / return deadline")
    return_to: Text | None = Field(None, description="报送单位 / where to send it")
    contact: Contact | None = Field(None, description="联系方式 / contact")
    notes: list[Text] = Field(
        default_factory=list,
        description="表下说明，逐条（如“注：1.请于…”），印在表格下、报送要求前 / notes printed "
                    "under the table, one per line, before the return instructions",
    )
    formats: list[ReceiptFormat] = Field(
        default_factory=lambda: list[ReceiptFormat](["docx"]),
        description="回执的发出形式：docx（总有）、pdf-form（可填写 PDF）、xlsx（电子表格） / forms "
        "to send: docx (always), pdf-form (a fillable PDF), xlsx (a workbook)",
    )

    @model_validator(mode="after")
    def _rows_fit(self) -> ReceiptForm:
        n = len(self.columns)
        for i, row in enumerate(self.rows):
            if len(row) != n:
                raise ValueError(
                    f"rows[{i}] 有 {len(row)} 格，表格有 {n} 列 / "
                    f"rows[{i}] has {len(row)} cells but there are {n} columns"
                )
        check_widths(self.widths, self.columns)  # again: columns may be assigned later
        return self

    @field_validator("widths")
    @classmethod
    def _widths(cls, v: list[float] | None, info: ValidationInfo) -> list[float] | None:
        return check_widths(v, info.data.get("columns"))

    @property
    def blank_row_count(self) -> int:
        if self.blank_rows is not None:
            return self.blank_rows
        return 0 if self.rows else DEFAULT_BLANK_ROWS


class ListAttachment(_Attachment):
    """A numbered list (e.g. the schools taking part)."""

    kind: Literal["list"] = "list"
    intro: Text | None = Field(None, description="列表前的说明（可选） / text before the list")
    items: TextList = Field(min_length=1, description="各项 / items")


class FileAttachment(_Attachment):
    """An existing .docx or .pdf included as it is."""

    kind: Literal["file"] = "file"
    path: DataPath = Field(description="文件路径（相对数据文件） / file, relative to the data file")

    @field_validator("path")
    @classmethod
    def _suffix(cls, v: Any) -> Any:
        if v.suffix.lower() not in {".docx", ".pdf"}:
            raise ValueError(
                f"只能附加 .docx 或 .pdf 文件：{v.name} / only .docx or .pdf files can be attached"
            )
        return v


def _attachment_tag(value: Any) -> str | None:
    if isinstance(value, _Attachment):
        return str(value.kind)  # type: ignore[attr-defined]
    if isinstance(value, dict):
        if "kind" in value:
            return str(value["kind"])
        for key, kind in (("path", "file"), ("columns", "receipt"), ("items", "list"),
                          ("body", "document")):
            if key in value:
                return kind
    return None


Attachment = Annotated[
    Annotated[DocumentAttachment, Tag("document")]
    | Annotated[ReceiptForm, Tag("receipt")]
    | Annotated[ListAttachment, Tag("list")]
    | Annotated[FileAttachment, Tag("file")],
    Discriminator(
        _attachment_tag,
        custom_error_type="attachment_kind",
        custom_error_message=(
            "无法识别的附件类型：kind 应为 document、receipt、list 或 file / "
            "unknown attachment kind: expected document, receipt, list or file"
        ),
    ),
]
