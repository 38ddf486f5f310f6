"""版头 fields (GB/T 9704-2012 7.2)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from notice_kit.models import Header, Secrecy
from notice_kit.models.header import check_doc_number


@pytest.mark.parametrize("value", ["扬教发〔2024〕8号", "国发〔2012〕123号", "苏教办函〔2024〕1号"])
def test_valid_doc_numbers_pass_unchanged(value: str) -> None:
    """7.2.4: year in 〔〕, no 第, no zero padding, ends with 号."""
    assert check_doc_number(value) == value


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("扬教发〔2024〕第8号", "第"),
        ("扬教发〔2024〕08号", "虚位"),
        ("扬教发[2024]8号", "六角括号"),
        ("扬教发（2024）8号", "六角括号"),
        ("扬教发〔2024〕8", "号"),
        ("扬教发〔24〕8号", "格式"),
    ],
)
def test_invalid_doc_numbers_say_what_is_wrong(value: str, why: str) -> None:
    with pytest.raises(ValueError, match=why) as info:
        check_doc_number(value)
    assert value in str(info.value)
    assert "e.g." in str(info.value)  # the English half is there too


def test_copy_number_is_six_digits() -> None:
    """7.2.1: 份号 is six Arabic digits."""
    assert Header(issuers=["甲"], copy_number=1).copy_number == "000001"
    assert Header(issuers=["甲"], copy_number="000123").copy_number == "000123"
    for bad in (0, 1_000_000, "A1", True):
        with pytest.raises(ValidationError):
            Header(issuers=["甲"], copy_number=bad)


def test_secrecy_parses_and_prints_with_star() -> None:
    """7.2.2: 密级和保密期限 such as 机密★1年."""
    s = Secrecy.model_validate("机密★1年")
    assert (s.level, s.period, str(s)) == ("机密", "1年", "机密★1年")
    assert str(Secrecy.model_validate("秘密")) == "秘密"
    with pytest.raises(ValidationError):
        Secrecy.model_validate("内部")


def test_issuers_accept_one_name_or_a_list() -> None:
    assert Header(issuers="扬州市教育局").issuers == ["扬州市教育局"]
    joint = Header(issuers=["扬州市教育局", "扬州市财政局"])
    assert joint.mark_lines == ["扬州市教育局", "扬州市财政局"]
    with pytest.raises(ValidationError):
        Header(issuers=[])
