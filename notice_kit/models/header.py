"""版头 — the header block (GB/T 9704-2012 7.2): 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from notice_kit.models.base import NoticeModel
from notice_kit.models.common import PlainText, Text, TextList

SecrecyLevel = Literal["绝密", "机密", "秘密"]
Urgency = Literal["特急", "加急", "特提", "平急"]


class Secrecy(BaseModel):
    """密级和保密期限, written as ``机密★1年`` or as its parts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: SecrecyLevel = Field(description="密级 / classification level")
    period: str | None = Field(None, description="保密期限，如 1年 / how long, e.g. 1年")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            level, _, period = data.strip().partition("★")
            return {"level": level, "period": period or None}
        return data

    def __str__(self) -> str:
        return f"{self.level}★{self.period}" if self.period else self.level


def _copy_number(value: Any) -> Any:
    # 7.2.1: 份号一般用6位3号阿拉伯数字 — accept 1 or "1" and write 000001.
    if isinstance(value, bool):
        raise ValueError("份号应为 1–999999 的数字 / copy number must be a number 1–999999")
    if isinstance(value, int | str) and str(value).strip().isdigit():
        n = int(str(value).strip())
        if 1 <= n <= 999999:
            return f"{n:06d}"
    raise ValueError(
        f"份号应为 1–999999 的数字，得到 {value!r} / copy number must be 1–999999, got {value!r}"
    )


CopyNumber = Annotated[str, BeforeValidator(_copy_number)]

_DOC_NUMBER = re.compile(r"(?P<prefix>\S+?)〔(?P<year>\d{4})〕(?P<num>\d+)号")


def check_doc_number(value: str) -> str:
    """Return a valid 发文字号 unchanged or raise ValueError saying what is wrong.

    GB/T 9704-2012 7.2.5: 年份、发文顺序号用阿拉伯数字标注；年份应标全称，用六角括号"〔〕"
    括入；发文顺序号不加"第"字，不编虚位（即1不编为01），在阿拉伯数字后加"号"字.
    """
    v = value.strip()
    checks: list[tuple[bool, str, str]] = [
        ("第" in v, "发文字号不加“第”字", "no 第 in a document number"),
        (
            re.search(r"[\[［【(（]\s*\d{2,4}\s*[\]］】)）]", v) is not None,
            "年份应使用六角括号〔〕",
            "the year goes in 六角括号 〔〕",
        ),
        (not v.endswith("号"), "发文字号应以“号”结尾", "a document number ends with 号"),
    ]
    m = _DOC_NUMBER.fullmatch(v)
    checks.append((m is None, "发文字号格式不对", "malformed document number"))
    checks.append(
        (m is not None and m["num"].startswith("0"), "发文顺序号不编虚位（1不编为01）",
         "no zero padding (1, not 01)")
    )
    for failed, zh, en in checks:
        if failed:
            example = "扬教发〔2024〕8号"
            raise ValueError(f"{zh}：{v}，应如 {example} / {en}: {v}, e.g. {example}")
    return v


DocNumber = Annotated[str, AfterValidator(check_doc_number)]


class Header(NoticeModel):
    """版头: everything above the red separator line."""

    copy_number: CopyNumber | None = Field(None, description="份号（6位） / copy number")
    secrecy: Secrecy | None = Field(None, description="密级和保密期限，如 机密★1年 / secrecy")
    urgency: Urgency | None = Field(None, description="紧急程度：特急、加急 / urgency")
    issuers: TextList = Field(
        min_length=1,
        description="发文机关（联合行文时主办机关在前） / issuing authorities, lead first",
    )
    mark_suffix: PlainText = Field(
        "文件", description="发文机关标志后缀，通常为“文件”，可为空 / suffix of the mark"
    )
    mark: Text | None = Field(
        None, description="发文机关标志全文（覆盖自动生成） / the mark, overriding the default"
    )
    doc_number: DocNumber | None = Field(
        None, description="发文字号，如 扬教发〔2024〕8号 / document number"
    )
    signers: TextList = Field(
        default_factory=list, description="签发人（上行文） / signers (upward documents)"
    )

    @property
    def mark_lines(self) -> list[str]:
        """The 发文机关标志 as lines: one per issuing authority (suffix handled by the renderer)."""
        return [self.mark] if self.mark else list(self.issuers)
