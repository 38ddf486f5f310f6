"""Property tests (issue 7): generated notices with hostile strings either validate and render
to a valid .docx, or fail with a clear DataError / LayoutError — never anything else.

The CI profile is short (a fixed seed, 60 examples each); a long run is
`NOTICE_KIT_HYPOTHESIS_EXAMPLES=10000 python -m pytest tests/property -q`.
"""

from __future__ import annotations

import io
import os
import zipfile

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import notice_kit
from notice_kit.errors import DataError, LayoutError
from notice_kit.textparse import parse_body

EXAMPLES = int(os.environ.get("NOTICE_KIT_HYPOTHESIS_EXAMPLES", "60"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE = ["\x00", "\x0b", "\x1b", "\ud800", "\udfff", "\u202e", "\u2066", "\ufeff", "\ufffe",
           "𠮷", "堃", "𠀀", "\u3000", "　", "\t", "\n", "\r\n", "{{ x }}", "]]>", "<w:p>", "&amp;",
           "一、", "（一）", "1．", "（1）", "附件：", "：", "。", "", " "]
pieces = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.text(alphabet="关于开展全市青少年生命关爱第三季度复盘与调度工作的通知，。：；", min_size=1,
            max_size=40),
)
texts = st.lists(pieces, min_size=0, max_size=6).map("".join)


def _assert_valid_docx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(zf.read(name))  # well-formed XML
    docx.Document(io.BytesIO(data))


@PROFILE
@given(title=texts, body=st.lists(texts, min_size=0, max_size=4),
       addressees=st.lists(texts, max_size=3), attachment_titles=st.lists(texts, max_size=3))
def test_any_notice_is_valid_or_a_clear_error(title: str, body: list[str],
                                              addressees: list[str],
                                              attachment_titles: list[str]) -> None:
    data = {
        "notice": {
            "header": {"issuers": ["扬州市教育局"]},
            "title": title,
            "addressees": addressees,
            "body": body,
            "date": "2024-10-25",
        },
        "attachments": [{"title": t, "items": [t or "项"]} for t in attachment_titles],
    }
    try:
        package = notice_kit.package_from_data(data)
    except DataError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    try:
        rendered = notice_kit.render_package_docx(package)
    except LayoutError as exc:
        assert "title" in str(exc)
        return
    _assert_valid_docx(rendered.data)


@PROFILE
@given(text=st.lists(st.one_of(pieces, st.sampled_from(["\n", "\n一、", "\n（二）", "\n3．"])),
                     max_size=12).map("".join))
def test_plain_text_bodies_parse_or_fail_clearly(text: str) -> None:
    data = {"notice": {"header": {"issuers": "甲"}, "title": "关于测试的通知", "body": text,
                       "date": "2024-10-25"}}
    try:
        package = notice_kit.package_from_data(data)
    except DataError:
        return
    assert package.notice.body  # at least one block
    # Parsing the rendered text again gives the same number of sections: numbers regenerate.
    assert len(parse_body(text)) == len(package.notice.body)


@settings(max_examples=5, deadline=None)
@given(st.just("长" * 100_000))
def test_a_very_long_paragraph_renders(text: str) -> None:
    package = notice_kit.package_from_data(
        {"notice": {"header": {"issuers": "甲"}, "title": "关于测试的通知", "body": [text],
                    "date": "2024-10-25"}}
    )
    _assert_valid_docx(notice_kit.render_notice_docx(package).data)
