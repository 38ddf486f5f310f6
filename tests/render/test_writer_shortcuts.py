"""The writer's shortcuts past python-docx (issue 14, speed) write the XML python-docx's own
path writes: a set-up base kept per profile, plain text put in one ``w:t``, zip stamps
rewritten in place.  Each test compares with python-docx's way, byte for byte."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from notice_kit.layout.profile import CENTRED, GBT9704, LayoutProfile
from notice_kit.models import Package
from notice_kit.render.docx import writer as writer_module
from notice_kit.render.docx.base import reproducible_zip
from notice_kit.render.docx.package import render_all
from notice_kit.render.docx.writer import DocxWriter, Span, _add_run


@pytest.mark.parametrize("text", [
    "关于开展工作的通知", "  两端有空格 ", "\t制表符在前", "换行\n在中间", "回车\r和\r\n换行",
    "a", " ", "结尾空格 ", "全角　空格　", "",
])
def test_a_run_is_the_run_python_docx_writes(text: str) -> None:
    ours = docx.Document().add_paragraph()
    theirs = docx.Document().add_paragraph()
    _add_run(ours, text)
    theirs.add_run(text)
    assert ours._p.xml == theirs._p.xml


def _rezipped(data: bytes) -> bytes:
    # The way notice_kit stamped its zips before: every member written again.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def test_stamping_in_place_gives_the_bytes_of_writing_again(seed_package: Package) -> None:
    writer = DocxWriter(GBT9704)
    writer.paragraph([Span("正文")])
    buffer = io.BytesIO()
    writer.document.save(buffer)
    saved = buffer.getvalue()
    stamped = reproducible_zip(saved)
    assert stamped == _rezipped(saved)
    with zipfile.ZipFile(io.BytesIO(stamped)) as zf:
        assert zf.testzip() is None
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_zip_not_as_zipfile_writes_it_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("a.xml", "<a/>")
    data = bytearray(buffer.getvalue())
    data[0:4] = b"XXXX"  # the member's header, where the directory says it is
    with pytest.raises(ValueError, match="zip member header"):
        reproducible_zip(bytes(data))


def _set_up_fresh(profile: LayoutProfile) -> bytes:
    """A writer's document set up in place, as before the cache, saved."""
    w = DocxWriter.__new__(DocxWriter)
    w.profile = profile
    w.document = writer_module.new_base()
    w._set_up()
    buffer = io.BytesIO()
    w.document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("profile", [GBT9704, CENTRED], ids=["gbt9704", "centred"])
def test_a_kept_base_holds_what_setting_up_writes(profile: LayoutProfile) -> None:
    writer_module._SET_UP.clear()
    first = DocxWriter(profile)
    later = DocxWriter(profile)
    assert [p for p, _ in writer_module._SET_UP] == [profile]  # set up once, then reused
    fresh = zipfile.ZipFile(io.BytesIO(_set_up_fresh(profile)))
    assert later.document is not first.document
    for w in (first, later):
        for name, part in (("word/styles.xml", w.document.styles.element),
                           ("word/settings.xml", w.document.settings.element),
                           ("word/document.xml", w.document.element)):
            assert part.xml == docx.oxml.parse_xml(fresh.read(name)).xml, name


def test_the_second_package_of_a_process_is_the_first_byte_for_byte(
        seed_package: Package) -> None:
    writer_module._SET_UP.clear()
    cold = [d.data for d in render_all(seed_package)]
    warm = [d.data for d in render_all(seed_package)]
    assert cold == warm
