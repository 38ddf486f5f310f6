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
from notice_kit.render.docx import package as package_module
from notice_kit.render.docx import writer as writer_module
from notice_kit.render.docx.base import reproducible_zip
from notice_kit.render.docx.package import render_all, render_attachment_docx
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
    package_module._ATTACHMENTS.clear()
    cold = [d.data for d in render_all(seed_package)]
    warm = [d.data for d in render_all(seed_package)]
    assert cold == warm


def _fresh(package: Package, number: int) -> bytes:
    package_module._ATTACHMENTS.clear()
    return render_attachment_docx(package, number).data


def test_a_kept_attachment_is_the_one_made_again(seed_package: Package) -> None:
    """Attachments made once are kept (a batch's packages share most of theirs); what is
    kept is what making them again gives, and any change to what reaches the file makes
    it again: another unit on the 回执, another date or title, another profile."""
    from notice_kit.batch_cli import for_recipient

    package_module._ATTACHMENTS.clear()
    first = [render_attachment_docx(seed_package, n) for n in (1, 2, 3)]
    assert [render_attachment_docx(seed_package, n) for n in (1, 2, 3)] == first
    assert render_attachment_docx(seed_package, 1) is first[0]  # kept, not made again

    unit = for_recipient(seed_package, "邗江区教育局", 2)
    kept = {n: render_attachment_docx(unit, n) for n in (1, 2, 3)}
    assert kept[1] is first[0] and kept[3] is first[2]  # the same in every unit's package
    assert kept[2].data != first[1].data  # the 回执 carries the unit
    assert kept[2].data == _fresh(unit, 2)

    changes: list[dict[str, object]] = [
        {"notice": {"date": "2024-11-01"}},
        {"notice": {"title": "关于开展全市青少年生命关爱工作的通知"}},
        {"notice": {"header": {"issuers": ["扬州市教育局", "扬州市卫生健康委员会"]}}},
        {"options": {"profile": "centred"}},
    ]
    for change in changes:
        other = seed_package.evolve(change)
        made = render_attachment_docx(other, 1)
        assert made.data != first[0].data, change
        assert made.data == _fresh(other, 1), change


def _old_add_span(writer: DocxWriter, paragraph: docx.text.paragraph.Paragraph,
                  span: Span) -> None:
    """The writer's add_span before run properties were copied: built for every run."""
    from notice_kit.render.docx import xml
    from notice_kit.render.docx.writer import _font_segments

    p = writer.profile
    style = writer.style_of(paragraph)
    name = writer.font_name(span.role)
    latin = p.fonts.latin if span.role == "body" else None
    style_fonts = (writer.font_name(style.role), p.fonts.latin if style.role == "body" else None)
    spacing = p.char_spacing_twentieths if span.condensed else 0
    style_spacing = p.char_spacing_twentieths if style.condensed else 0
    size = span.size or p.body_size_pt
    for text, font in _font_segments(span.text, name, p.fonts.fallback.get(name)):
        rpr = paragraph.add_run(text)._r.get_or_add_rPr()
        if (font, latin) != style_fonts:
            xml.set_fonts(rpr, font, latin=latin)
        if span.bold != style.bold:
            xml.rpr_set(rpr, "w:b", **({} if span.bold else {"val": 0}))
            xml.rpr_set(rpr, "w:bCs", **({} if span.bold else {"val": 0}))
        if span.color:
            xml.rpr_set(rpr, "w:color", val=span.color)
        if span.underline:
            xml.rpr_set(rpr, "w:u", val="single")
        if spacing != style_spacing:
            xml.rpr_set(rpr, "w:spacing", val=spacing)
        if size != (style.size or p.body_size_pt):
            xml.set_size(rpr, size)
        if not len(rpr):
            rpr.getparent().remove(rpr)


SPANS = [Span("正文"), Span("黑体标题", role="hei"), Span("加粗", bold=True),
         Span("红字", color="FF0000"), Span("下划线", underline=True), Span("小字", size=14),
         Span("不压缩", condensed=False), Span("楷体 with Latin 2024", role="kai"),
         Span("生僻字𠮷和　空格 ", role="body"), Span("宋体页码", role="song", size=14,
                                                    condensed=False)]


@pytest.mark.parametrize("style", [None, "body", "heading1", "title", "colophon"])
def test_copied_run_properties_are_the_ones_built_for_each_run(style: str | None) -> None:
    ours, theirs = DocxWriter(GBT9704), DocxWriter(GBT9704)
    for writer, add in ((ours, DocxWriter.add_span), (theirs, _old_add_span)):
        for _ in range(2):  # the second time from the copies
            para = writer.paragraph(style=style)  # type: ignore[arg-type]
            for span in SPANS:
                add(writer, para, span)
    assert ours.document.element.body.xml == theirs.document.element.body.xml
    # Each run has its own properties: changing one changes no other.
    runs = [r for r in ours.document.element.body.iter(f"{W}r") if r.rPr is not None]
    runs[0].rPr.append(docx.oxml.parse_xml(f'<w:i xmlns:w="{W[1:-1]}"/>'))
    assert all(r.rPr.find(f"{W}i") is None for r in runs[1:])


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_attachments_kept_from_several_threads_at_once(
        seed_package: Package, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch through one converter, or serve, builds in threads: the kept attachments are
    shared, and evicting the oldest while another thread adds one must not fail."""
    from concurrent.futures import ThreadPoolExecutor

    from notice_kit.batch_cli import for_recipient

    units = [for_recipient(seed_package, f"单位{i}", i) for i in range(12)]
    expected = [tuple(_fresh(unit, n) for n in (1, 2, 3)) for unit in units]
    assert len({e[1] for e in expected}) == 12 and len({e[0] for e in expected}) == 1
    monkeypatch.setattr(package_module, "_ATTACHMENTS_KEPT", 2)  # evicting all the time

    def one(i: int) -> tuple[bytes, ...]:
        unit = units[i % len(units)]
        return tuple(render_attachment_docx(unit, n).data for n in (1, 2, 3))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, range(48)))
    assert results == [expected[i % len(units)] for i in range(48)]
    assert len(package_module._ATTACHMENTS) <= 2
