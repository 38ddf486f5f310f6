"""``notice-kit inspect FILE [--json]``: what a notice is made of, as read back."""

from __future__ import annotations

from pathlib import Path

import click

from notice_kit.errors import NoticeKitError
from notice_kit.inspect.fonts import role_name
from notice_kit.inspect.model import (
    AttachmentNote,
    Element,
    Geometry,
    Heading,
    InspectedDocument,
    TableBlock,
)
from notice_kit.inspect.reader import NoTextLayerError, inspect_document

EXIT_UNREADABLE = 2
# A PDF without a text layer (a scan) fails: it cannot be shown to conform.
EXIT_NO_TEXT = 1


def inspect_command(path: Path, as_json: bool) -> int:
    """Print the elements of the notice in ``path``; return the exit status: 0, 1 for a
    PDF without text (a scan), 2 when the file cannot be read."""
    try:
        document = inspect_document(path)
    except NoTextLayerError as exc:  # a scan: read, but nothing in it can be checked
        click.secho(f"错误 / error: {exc}", fg="red", err=True)
        return EXIT_NO_TEXT
    except NoticeKitError as exc:
        click.secho(f"错误 / error: {exc}", fg="red", err=True)
        return EXIT_UNREADABLE
    if as_json:
        click.echo(document.model_dump_json(indent=2))
    else:
        click.echo("\n".join(render(document)))
    return 0


def render(doc: InspectedDocument) -> list[str]:
    """The document as tidy text lines (what ``inspect`` prints)."""
    out = [f"文件 / file: {doc.path}",
           f"格式 / format: {doc.format.upper()}"
           + (f"，{doc.page_count} 页 / pages" if doc.page_count else "")
           + (f"；正文字号 / body size {doc.body_size_pt:g} pt" if doc.body_size_pt else "")
           + (f"；行距 / line pitch {doc.line_pitch_mm:.2f} mm" if doc.line_pitch_mm else "")]
    out += [_geometry_line(g) for g in doc.geometry]
    out += ["", "要素 / elements:"]
    out += [_element_line(e) for e in doc.elements if e.kind != "page_number"]
    if doc.attachments:
        out += ["", "附件 / attachments:"]
        for a in doc.attachments:
            page = f"  第{a.page}页 / p.{a.page}" if a.page else ""
            out.append(f"  {a.label:<6} {a.title or '（无标题 / no title）'}{page}")
            out += [f"         表格 / table: {'｜'.join(t.columns)}（{len(t.rows)} 行 / rows）"
                    for t in a.tables]
    out += ["", "页码 / page numbers: " + _page_numbers(doc)]
    return out


def _geometry_line(g: Geometry) -> str:
    def mm(v: float | None) -> str:
        return "?" if v is None else f"{v:.1f}"

    how = "按文字测得 / measured from the text" if g.measured else "设置 / as set"
    return (f"页面 / page ({g.where}): {g.page_width_mm:.1f} × {g.page_height_mm:.1f} mm；"
            f"页边距 / margins（{how}）上 {mm(g.margin_top_mm)} 下 {mm(g.margin_bottom_mm)} "
            f"左 {mm(g.margin_left_mm)} 右 {mm(g.margin_right_mm)}")


def _element_line(e: Element) -> str:
    where = f"p.{e.page}" if e.page is not None else (
        f"¶{e.paragraph + 1}" if e.paragraph is not None else "")
    kind: str = e.kind
    text = _short(e.text)
    if isinstance(e, Heading):
        kind = f"heading L{e.level}"
        text = " ".join(x for x in (e.number, _short(e.heading or ""),
                                     f"+ {_short(e.run_in, 24)}" if e.run_in else "") if x)
    elif isinstance(e, AttachmentNote):
        text = "；".join(f"{n.number or ''}{'.' if n.number else ''}{n.title}" for n in e.entries)
        text = "附件：" + _short(text, 60)
    elif isinstance(e, TableBlock):
        text = f"{'｜'.join(e.columns)}（{len(e.rows)} 行 / rows）"
    elif e.kind == "rule":
        text = f"{'红色 / red' if e.color == 'FF0000' else e.color} {e.thickness_pt or 0:g} pt"
    return f"  {where:<6} {kind:<17} {text}{_style(e)}"


def _style(e: Element) -> str:
    if e.kind == "rule" or not (e.font or e.size_pt):
        return ""
    parts = [p for p in (e.font, f"{role_name(e.font_role)}" if e.font_role else None,
                         f"{e.size_pt:g}pt" if e.size_pt else None) if p]
    if e.color and e.color not in ("000000",):
        parts.append(f"#{e.color}")
    return "  [" + " ".join(parts) + "]"


def _short(text: str, length: int = 36) -> str:
    flat = text.replace("\n", " ").replace("\t", " ")
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def _page_numbers(doc: InspectedDocument) -> str:
    if doc.pages:
        return "，".join(f"p.{p.number} {p.page_number or '（无 / none）'}" for p in doc.pages)
    footers = doc.of_kind("page_number")
    return "；".join(f"{e.area}: {e.text}（{e.align}）" for e in footers) or "（无 / none）"
