"""Write the XML parts and the ZIP of an OFD (GB/T 33190-2016), deterministically.

The only code that writes OFD XML. Every part is built from escaped strings in a fixed
order with numbers rounded to 0.001 mm, and the ZIP has fixed dates and order, so the
same pages give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from notice_kit.ofd.fonts import EmbeddedFont
from notice_kit.ofd.model import Glyph, PageContent, Picture, Shape
from notice_kit.ofd.text import Run, runs

__all__ = ["DocInfo", "OutlineEntry", "write_ofd"]

NS = "http://www.ofdspec.org/2016"
_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class DocInfo:
    """OFD.xml's DocInfo: what the document is (title, author = 发文机关, date, …)."""

    title: str
    author: str = ""
    subject: str = ""
    created: dt.date | None = None
    keywords: tuple[str, ...] = ()
    creator: str = "notice_kit"
    creator_version: str = ""
    custom: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark: its title and the 0-based page it opens."""

    title: str
    page: int


def num(value: float) -> str:
    """Return ``value`` in mm as OFD writes it: at most 3 decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _nums(values: Sequence[float]) -> str:
    return " ".join(num(v) for v in values)


def _color(rgb: tuple[int, int, int]) -> str:
    return f"{rgb[0]} {rgb[1]} {rgb[2]}"


class _Ids:
    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def write_ofd(pages: Sequence[PageContent], fonts: Mapping[str, EmbeddedFont], info: DocInfo,
              outline: Sequence[OutlineEntry] = (), *, restricted: bool = False) -> bytes:
    """Return the OFD file of ``pages``; ``fonts`` maps every glyph source used to its
    embedded font. ``restricted`` marks the document not to be edited or exported
    (OFD permissions: advisory, unlike the PDF's encryption)."""
    ids = _Ids()
    used = _sources(pages)
    font_ids = {source: ids.next() for source in used}
    media: dict[str, tuple[int, Picture]] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Picture):
                digest = hashlib.sha256(item.data).hexdigest()
                if digest not in media:
                    media[digest] = (ids.next(), item)
    page_ids = [ids.next() for _ in pages]
    contents = [_page_xml(page, ids, font_ids, {d: m[0] for d, m in media.items()}, fonts)
                for page in pages]
    files: list[tuple[str, bytes]] = [
        ("OFD.xml", _ofd_xml(info, pages).encode()),
        ("Doc_0/Document.xml", _document_xml(pages, page_ids, outline, ids.last,
                                             restricted).encode()),
        ("Doc_0/PublicRes.xml", _public_res(font_ids, fonts).encode()),
        ("Doc_0/DocumentRes.xml", _document_res(media).encode()),
    ]
    files += [(f"Doc_0/Pages/Page_{i}/Content.xml", c.encode()) for i, c in enumerate(contents)]
    files += [(f"Doc_0/Res/font_{fid}.{fonts[s].extension}", fonts[s].data)
              for s, fid in font_ids.items()]
    files += [(f"Doc_0/Res/image_{mid}.{pic.format.lower().replace('jpeg', 'jpg')}", pic.data)
              for mid, pic in media.values()]
    return _zip(files)


def _sources(pages: Sequence[PageContent]) -> list[str]:
    seen: dict[str, None] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Glyph):
                seen.setdefault(item.ref.source, None)
    return list(seen)


def _zip(files: Sequence[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in files:
            entry = zipfile.ZipInfo(name, _EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            zf.writestr(entry, data, compresslevel=6)
    return buffer.getvalue()


def _doc_id(info: DocInfo, pages: Sequence[PageContent]) -> str:
    digest = hashlib.sha256()
    digest.update(repr((info.title, info.author, info.created, len(pages))).encode())
    return digest.hexdigest()[:32]


def _ofd_xml(info: DocInfo, pages: Sequence[PageContent]) -> str:
    parts = [f"<ofd:DocID>{_doc_id(info, pages)}</ofd:DocID>",
             f"<ofd:Title>{escape(info.title)}</ofd:Title>"]
    if info.author:
        parts.append(f"<ofd:Author>{escape(info.author)}</ofd:Author>")
    if info.subject:
        parts.append(f"<ofd:Subject>{escape(info.subject)}</ofd:Subject>")
    if info.created is not None:
        day = info.created.isoformat()
        parts.append(f"<ofd:CreationDate>{day}</ofd:CreationDate>")
        parts.append(f"<ofd:ModDate>{day}</ofd:ModDate>")
    if info.keywords:
        words = "".join(f"<ofd:Keyword>{escape(k)}</ofd:Keyword>" for k in info.keywords)
        parts.append(f"<ofd:Keywords>{words}</ofd:Keywords>")
    parts.append(f"<ofd:Creator>{escape(info.creator)}</ofd:Creator>")
    if info.creator_version:
        parts.append(f"<ofd:CreatorVersion>{escape(info.creator_version)}</ofd:CreatorVersion>")
    if info.custom:
        data = "".join(f"<ofd:CustomData Name={quoteattr(k)}>{escape(v)}</ofd:CustomData>"
                       for k, v in info.custom.items())
        parts.append(f"<ofd:CustomDatas>{data}</ofd:CustomDatas>")
    return (f'{_DECL}<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
            f"<ofd:DocBody><ofd:DocInfo>{''.join(parts)}</ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n")


def _box(page: PageContent) -> str:
    return f"0 0 {num(page.width)} {num(page.height)}"


def _document_xml(pages: Sequence[PageContent], page_ids: Sequence[int],
                  outline: Sequence[OutlineEntry], max_id: int, restricted: bool) -> str:
    first = _box(pages[0]) if pages else "0 0 210 297"
    page_list = "".join(f'<ofd:Page ID="{pid}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                        for i, pid in enumerate(page_ids))
    out = [f'{_DECL}<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
           f"<ofd:MaxUnitID>{max_id}</ofd:MaxUnitID>"
           f"<ofd:PageArea><ofd:PhysicalBox>{first}</ofd:PhysicalBox></ofd:PageArea>"
           "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
           "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
           f"</ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages>"]
    if outline:
        out.append("<ofd:Outlines>")
        for entry in outline:
            out.append(
                f"<ofd:OutlineElem Title={quoteattr(entry.title)}><ofd:Actions>"
                '<ofd:Action Event="CLICK"><ofd:Goto>'
                f'<ofd:Dest Type="XYZ" PageID="{page_ids[entry.page]}" Left="0" Top="0" '
                'Zoom="0"/></ofd:Goto></ofd:Action></ofd:Actions></ofd:OutlineElem>')
        out.append("</ofd:Outlines>")
    if restricted:
        out.append("<ofd:Permissions><ofd:Edit>false</ofd:Edit><ofd:Export>false</ofd:Export>"
                   "</ofd:Permissions>")
    out.append("</ofd:Document>\n")
    return "".join(out)


def _public_res(font_ids: Mapping[str, int], fonts: Mapping[str, EmbeddedFont]) -> str:
    out = [f'{_DECL}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">']
    if font_ids:
        out.append("<ofd:Fonts>")
        for source, fid in font_ids.items():
            font = fonts[source]
            flags = "".join(f' {name}="true"' for name, on in (
                ("Italic", font.italic), ("Bold", font.bold), ("Serif", font.serif),
                ("FixedWidth", font.fixed)) if on)
            out.append(f'<ofd:Font ID="{fid}" FontName={quoteattr(font.font_name)} '
                       f"FamilyName={quoteattr(font.family)}{flags}>"
                       f"<ofd:FontFile>font_{fid}.{font.extension}</ofd:FontFile></ofd:Font>")
        out.append("</ofd:Fonts>")
    out.append("</ofd:Res>\n")
    return "".join(out)


def _document_res(media: Mapping[str, tuple[int, Picture]]) -> str:
    out = [f'{_DECL}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">']
    if media:
        out.append("<ofd:MultiMedias>")
        for mid, pic in media.values():
            ext = pic.format.lower().replace("jpeg", "jpg")
            out.append(f'<ofd:MultiMedia ID="{mid}" Type="Image" Format="{pic.format}">'
                       f"<ofd:MediaFile>image_{mid}.{ext}</ofd:MediaFile></ofd:MultiMedia>")
        out.append("</ofd:MultiMedias>")
    out.append("</ofd:Res>\n")
    return "".join(out)


def _page_xml(page: PageContent, ids: _Ids, font_ids: Mapping[str, int],
              media_ids: Mapping[str, int], fonts: Mapping[str, EmbeddedFont]) -> str:
    body = "".join(_objects(page, ids, font_ids, media_ids, fonts))
    layer = ids.next()
    return (f'{_DECL}<ofd:Page xmlns:ofd="{NS}"><ofd:Area><ofd:PhysicalBox>{_box(page)}'
            f'</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="{layer}" Type="Body">'
            f"{body}</ofd:Layer></ofd:Content></ofd:Page>\n")


def _objects(page: PageContent, ids: _Ids, font_ids: Mapping[str, int],
             media_ids: Mapping[str, int], fonts: Mapping[str, EmbeddedFont]) -> Iterator[str]:
    pending: list[Glyph] = []
    for item in page.items:
        if isinstance(item, Glyph):
            pending.append(item)
            continue
        if pending:
            yield from (_text(r, ids, font_ids, fonts, page) for r in runs(pending))
            pending = []
        if isinstance(item, Shape):
            yield _path(item, ids)
        else:
            yield _image(item, ids, media_ids[hashlib.sha256(item.data).hexdigest()])
    if pending:
        yield from (_text(r, ids, font_ids, fonts, page) for r in runs(pending))


def _delta(values: Sequence[float]) -> str:
    """DeltaX with runs of equal advances written as ``g N value``."""
    out: list[str] = []
    texts = [num(v) for v in values]
    i = 0
    while i < len(texts):
        j = i
        while j + 1 < len(texts) and texts[j + 1] == texts[i]:
            j += 1
        count = j - i + 1
        out.append(f"g {count} {texts[i]}" if count > 2 else " ".join(texts[i : j + 1]))
        i = j + 1
    return " ".join(out)


def _text(run: Run, ids: _Ids, font_ids: Mapping[str, int], fonts: Mapping[str, EmbeddedFont],
          page: PageContent) -> str:
    font = fonts[run.source]
    oid = ids.next()
    if run.upright:
        left = run.xs[0]
        right = run.xs[-1] + run.size
        top = run.y - run.size
        boundary = (left, top, right - left, run.size * 1.25)
        x0, y0, ctm = run.xs[0] - left, run.y - top, ""
    else:
        boundary = (0.0, 0.0, page.width, page.height)
        x0, y0 = run.xs[0], run.y
        ctm = f' CTM="{_nums(run.frame)} 0 0"'
    text = "".join(g.text for g in run.glyphs)
    transforms = []
    position = 0
    for glyph in run.glyphs:
        target = font.glyphs.get(glyph.ref.glyph, 0)
        if len(glyph.text) != 1 or font.cmap.get(glyph.text) != target:
            transforms.append(
                f'<ofd:CGTransform CodePosition="{position}" CodeCount="{len(glyph.text)}" '
                f'GlyphCount="1"><ofd:Glyphs>{target}</ofd:Glyphs></ofd:CGTransform>')
        position += len(glyph.text)
    if any(len(g.text) != 1 for g in run.glyphs):
        # DeltaX is per character: spread a glyph's advance over its characters.
        deltas = []
        for i, glyph in enumerate(run.glyphs):
            step = (run.xs[i + 1] - run.xs[i]) if i + 1 < len(run.glyphs) else 0.0
            deltas += [0.0] * (len(glyph.text) - 1) + ([step] if i + 1 < len(run.glyphs) else [])
    else:
        deltas = [b - a for a, b in zip(run.xs, run.xs[1:], strict=False)]
    delta = f' DeltaX="{_delta(deltas)}"' if deltas else ""
    fill = "" if run.color == (0, 0, 0) else f'<ofd:FillColor Value="{_color(run.color)}"/>'
    return (f'<ofd:TextObject ID="{oid}" Boundary="{_nums(boundary)}"{ctm} '
            f'Font="{font_ids[run.source]}" Size="{num(run.size)}">{fill}{"".join(transforms)}'
            f'<ofd:TextCode X="{num(x0)}" Y="{num(y0)}"{delta}>{escape(text)}</ofd:TextCode>'
            "</ofd:TextObject>")


def _path(shape: Shape, ids: _Ids) -> str:
    points = [p for s in shape.segments for p in s.points]
    pad = shape.line_width / 2 if shape.stroke else 0.0
    left = min(p[0] for p in points) - pad
    top = min(p[1] for p in points) - pad
    width = max(p[0] for p in points) + pad - left
    height = max(p[1] for p in points) + pad - top
    data = []
    for seg in shape.segments:
        coords = " ".join(f"{num(x - left)} {num(y - top)}" for x, y in seg.points)
        data.append(f"{seg.op} {coords}" if coords else seg.op)
    attrs = [f'ID="{ids.next()}"', f'Boundary="{_nums((left, top, width, height))}"',
             f'LineWidth="{num(shape.line_width)}"']
    if shape.cap != "Butt":
        attrs.append(f'Cap="{shape.cap}"')
    if shape.join != "Miter":
        attrs.append(f'Join="{shape.join}"')
    if shape.dash:
        attrs.append(f'DashPattern="{_nums(shape.dash)}"')
        if shape.dash_offset:
            attrs.append(f'DashOffset="{num(shape.dash_offset)}"')
    if shape.stroke is None:
        attrs.append('Stroke="false"')
    if shape.fill is not None:
        attrs.append('Fill="true"')
    if shape.even_odd:
        attrs.append('Rule="Even-Odd"')
    colors = ""
    if shape.stroke is not None:
        colors += f'<ofd:StrokeColor Value="{_color(shape.stroke)}"/>'
    if shape.fill is not None:
        colors += f'<ofd:FillColor Value="{_color(shape.fill)}"/>'
    return (f"<ofd:PathObject {' '.join(attrs)}>{colors}"
            f"<ofd:AbbreviatedData>{' '.join(data)}</ofd:AbbreviatedData></ofd:PathObject>")


def _image(picture: Picture, ids: _Ids, media_id: int) -> str:
    a, b, c, d, e, f = picture.ctm
    corners = [(e + u * a + w * c, f + u * b + w * d) for u in (0, 1) for w in (0, 1)]
    left = min(p[0] for p in corners)
    top = min(p[1] for p in corners)
    width = max(p[0] for p in corners) - left
    height = max(p[1] for p in corners) - top
    ctm = _nums((a, b, c, d, e - left, f - top))
    return (f'<ofd:ImageObject ID="{ids.next()}" Boundary="{_nums((left, top, width, height))}" '
            f'CTM="{ctm}" ResourceID="{media_id}"/>')
