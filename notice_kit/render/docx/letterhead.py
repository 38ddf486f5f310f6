"""Letterheads (自定义版头): a bureau's own .docx — red header, logo, fixed texts — whose
Jinja placeholders are filled from the package by docxtpl, and which then stands at the
top of page 1 instead of the built-in 版头 (GB/T 9704-2012 7.2).

A template is code handed to us by someone else, and the notice data may come from yet
another person.  So a template is always rendered in Jinja's sandbox, with undefined
variables as errors and every value XML-escaped, and only after its zip has been checked
for a decompression bomb.  The sandbox does not bound CPU time or memory (a loop over
``range(100000)`` nested twice, ``'x'|center(10**9)``): run builds of templates from
untrusted parties under a time and memory limit.

The variables a template may use are :data:`LETTERHEAD_VARIABLES`; each is a plain
string or a list of strings, an absent field is ``""`` (so ``{%p if urgency %}`` works).
"""

from __future__ import annotations

import copy
import html
import io
import re
import zipfile
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import docx
import jinja2
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docxtpl import DocxTemplate  # type: ignore[import-untyped]
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree  # type: ignore[import-untyped]

from notice_kit.errors import TemplateError
from notice_kit.layout.profile import GBT9704, LayoutProfile
from notice_kit.models import Header, Notice, Package, chinese_date
from notice_kit.render import wording
from notice_kit.render.docx import xml
from notice_kit.render.docx.notice import render_header
from notice_kit.render.docx.writer import DocxWriter

LETTERHEAD_VARIABLES: dict[str, str] = {
    "doc_number": "发文字号，如 扬教发〔2024〕96号 / document number",
    "copy_number": "份号（6位） / copy number",
    "secrecy": "密级和保密期限，如 机密★1年 / secrecy",
    "urgency": "紧急程度，如 特急 / urgency",
    "issuers": "发文机关（列表，主办机关在前） / issuing authorities, lead first",
    "issuer": "主办机关 / lead issuing authority",
    "mark": "发文机关标志，如 扬州市教育局文件 / the mark: issuers + suffix, or header.mark",
    "mark_lines": "发文机关标志各行（列表，联合行文每机关一行） / mark lines, one per authority",
    "mark_suffix": "标志后缀，如 文件 / suffix of the mark",
    "signers": "签发人（列表） / signers",
    "title": "标题（一行） / title on one line",
    "title_lines": "标题各行（列表） / title lines",
    "addressees": "主送机关（列表） / addressees",
    "addressee_line": "主送机关一行，以“：”结尾 / addressees joined, ending with “：”",
    "signatures": "署名机关（列表） / signing authorities",
    "date": "成文日期，如 2024年10月28日 / date, the official way",
    "date_iso": "成文日期，如 2024-10-28 / date, ISO 8601",
    "year": "成文年份，如 2024 / year of the date",
    "cc": "抄送机关（列表） / copied to",
    "printer": "印发机关 / printing office",
    "print_date": "印发日期，如 2024年10月28日 / printing date",
    "attachment_titles": "附件标题（列表，按顺序） / attachment titles, in order",
}
"""Every variable a letterhead template may use, with what it holds."""

# A joint issue's names on one line (templates that stack them use ``mark_lines``).
MARK_JOINER = "\u3000"

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small XML parts legitimately compress 30:1 and more (styles.xml does); below this size a
# member cannot hurt whatever its ratio, the total limit covers them.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_MEMBERS = 5000

# What python-docx raises on a file that is a zip but not a usable .docx: a missing part
# (KeyError), a wrong content type such as .dotx/.docm or .xlsx (ValueError), broken XML.
_CORRUPT = (zipfile.BadZipFile, KeyError, ValueError, OpcError, etree.LxmlError, OSError)


# -- context ----------------------------------------------------------------------------
def letterhead_context(package: Package) -> dict[str, object]:
    """Return the variables of :data:`LETTERHEAD_VARIABLES` for ``package``.

    Plain strings and lists only — no model objects, nothing callable — so a template
    sees data and nothing it could call or walk into.
    """
    notice = package.notice
    header = notice.header
    colophon = notice.colophon
    suffix = header.mark_suffix if header.mark is None else ""
    return {
        "doc_number": header.doc_number or "",
        "copy_number": header.copy_number or "",
        "secrecy": str(header.secrecy) if header.secrecy else "",
        "urgency": header.urgency or "",
        "issuers": list(header.issuers),
        "issuer": header.issuers[0],
        "mark": MARK_JOINER.join(header.mark_lines) + suffix,
        "mark_lines": list(header.mark_lines),
        "mark_suffix": suffix,
        "signers": list(header.signers),
        "title": package.title_text,
        "title_lines": notice.title.split("\n"),
        "addressees": list(notice.addressees),
        "addressee_line": wording.addressee_line(notice.addressees) if notice.addressees else "",
        "signatures": list(notice.signing_authorities),
        "date": chinese_date(notice.date),
        "date_iso": notice.date.isoformat(),
        "year": str(notice.date.year),
        "cc": list(colophon.cc),
        "printer": colophon.printer or "",
        "print_date": chinese_date(colophon.print_date) if colophon.print_date else "",
        "attachment_titles": [str(a.title) for a in package.attachments],
    }


# -- rendering --------------------------------------------------------------------------
class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox (immutable: a template cannot even ``append`` to a context list),
    remembering the source it compiled last: docxtpl compiles each part of the .docx
    separately, and an error should quote the paragraph it happened in."""

    def __init__(self) -> None:
        # autoescape: docxtpl pastes the values into XML; "<" or "&" in a name must not
        # break or inject markup.
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True)
        self.last_source = ""

    def from_string(
        self,
        source: str | jinja2.nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[jinja2.Template] | None = None,
    ) -> jinja2.Template:
        if isinstance(source, str):
            self.last_source = source
        return super().from_string(source, globals, template_class)


_STRICT_XML = etree.XMLParser(resolve_entities=False, no_network=True)


class _CheckedTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl re-parses the rendered body with ``recover=True``, which silently drops
    whatever is not well-formed (raw markup let through by ``|safe`` or ``{% autoescape
    false %}``): parse it strictly first, so the letterhead fails instead of losing text."""

    def fix_tables(self, xml_text: str) -> Any:
        etree.fromstring(xml_text, _STRICT_XML)
        return super().fix_tables(xml_text)


def render_letterhead(template: Path, package: Package) -> Document:
    """Return ``template`` (a .docx with Jinja placeholders) filled from ``package``.

    Raises :class:`TemplateError` naming the file — and the variable, line and paragraph
    where there is one — for a missing, oversized or corrupt file, a Jinja syntax error,
    an undefined variable, anything the sandbox forbids, or any expression that fails.
    """
    data = _read_template(template)
    tpl = _CheckedTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except _CORRUPT as exc:
        raise _corrupt(template, exc) from exc
    env = _Sandbox()
    try:
        tpl.render(letterhead_context(package), jinja_env=env)
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(template, env, exc) from exc
    except etree.LxmlError as exc:
        raise TemplateError(
            f"{template}: 模板生成了无效的 XML：{exc} / "
            f"the letterhead template produced invalid XML: {exc}"
        ) from exc
    except Exception as exc:
        # Whatever the template's expressions raise (UndefinedError, SecurityError,
        # ZeroDivisionError, RecursionError …) is the template's fault, not the data's.
        raise _runtime_error(template, env, exc) from exc
    return _reloaded(template, tpl)


def _read_template(template: Path) -> bytes:
    if not template.is_file():
        raise TemplateError(f"{template}: 找不到版头模板 / letterhead template not found")
    # A file bigger than the unpacked limit can only unpack bigger still.
    if template.stat().st_size > MAX_UNPACKED_BYTES:
        raise _bomb(template, f"{template.stat().st_size} 字节 / bytes")
    data = template.read_bytes()
    _check_zip(template, data)
    return data


def _check_zip(template: Path, data: bytes) -> None:
    """Refuse ``data`` unless it is a zip of sane size: at most :data:`MAX_UNPACKED_BYTES`
    unpacked and no large member compressed more than :data:`MAX_COMPRESSION_RATIO`:1.

    The sizes checked are the ones the zip declares; that is enough because Python's
    zipfile, which python-docx reads with, stops a member at its declared size (and fails
    its CRC) — a member cannot unpack to more than it says.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise _corrupt(template, exc) from exc
    if len(members) > MAX_MEMBERS:
        raise _bomb(template, f"{len(members)} 个文件 / members")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise _bomb(template, f"{total} 字节 / bytes unpacked")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise _bomb(template, f"{member.filename} {ratio:.0f}:1")


def _reloaded(template: Path, tpl: Any) -> Document:
    # Saved and opened again: docxtpl leaves rendered headers as generic XmlParts, which
    # python-docx's header API does not expect; a fresh load gives ordinary parts, and
    # parses every part once more (styles and settings are parsed on first use).
    buffer = io.BytesIO()
    try:
        tpl.save(buffer)
        buffer.seek(0)
        document: Document = docx.Document(buffer)
        _ = document.styles, document.settings
    except _CORRUPT as exc:
        raise _corrupt(template, exc) from exc
    return document


# -- error messages ---------------------------------------------------------------------
def _corrupt(template: Path, exc: BaseException) -> TemplateError:
    return TemplateError(
        f"{template}: 版头模板不是可用的 .docx 文件（{exc}）；.dotx/.docm 请另存为 .docx / "
        f"the letterhead template is not a usable .docx file ({exc}); save a .dotx or "
        ".docm as .docx"
    )


def _bomb(template: Path, what: str) -> TemplateError:
    return TemplateError(
        f"{template}: 版头模板解压后过大（{what}），疑为压缩炸弹，拒绝打开 / "
        f"the letterhead template unpacks too large ({what}): refused as a possible zip bomb "
        f"(limits: {MAX_UNPACKED_BYTES} bytes, {MAX_COMPRESSION_RATIO}:1 per member)"
    )


def _syntax_error(template: Path, env: _Sandbox, exc: jinja2.TemplateSyntaxError) -> TemplateError:
    return TemplateError(
        f"{template}: 模板语法错误：{exc.message} / "
        f"syntax error in the letterhead template: {exc.message}"
        + _where(env.last_source, exc.lineno)
    )


_UNDEFINED_NAME = re.compile(
    r"^'(?P<name>[^']+)' is undefined$|has no (?:attribute|element) '?(?P<member>[^']*)'?$"
)


def _runtime_error(template: Path, env: _Sandbox, exc: Exception) -> TemplateError:
    where = _where(env.last_source, _template_line(exc))
    if isinstance(exc, jinja2.UndefinedError):
        m = _UNDEFINED_NAME.search(str(exc))
        name = (m["name"] or m["member"]) if m else str(exc)
        zh, en = f"模板中的变量未定义：{name}", f"undefined variable in the letterhead template: {name}"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        zh = f"模板试图做沙箱不允许的事，已拒绝：{exc}"
        en = f"the letterhead template tried something the sandbox forbids: {exc}"
    else:
        detail = f"{type(exc).__name__}: {exc}"
        zh, en = f"模板中的表达式出错：{detail}", f"an expression in the letterhead template failed: {detail}"
    return TemplateError(f"{template}: {zh} / {en}{where}")


def _template_line(exc: BaseException) -> int | None:
    # Jinja rewrites the traceback of a runtime error so that its template frames carry
    # the template's own line numbers; the innermost one is where it failed.
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_PARTS = (("<w:body", "正文", "body"), ("<w:hdr", "页眉", "page header"),
          ("<w:ftr", "页脚", "page footer"), ("<w:footnotes", "脚注", "footnotes"))


def _where(source: str, line: int | None) -> str:
    """Say where in the .docx the error is: the part, the line of the source docxtpl
    compiled (it starts a line at each paragraph), and that paragraph's text."""
    if line is None:
        return ""
    zh, en = next(((zh, en) for tag, zh, en in _PARTS if tag in source[:300]),
                  ("文档属性", "document properties"))
    lines = source.splitlines()
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    if len(text) > 60:
        text = text[:57] + "…"
    return f"\n  位置：{zh}第 {line} 行 / at: {en}, line {line}: “{text}”"


# -- the letterhead as the base of a notice ---------------------------------------------
def letterhead_base(template: Path, package: Package) -> Document:
    """Return ``template`` filled from ``package`` and made ready to be the ``base`` of a
    :class:`DocxWriter` (see :func:`prepare_base`)."""
    return prepare_base(render_letterhead(template, package))


def prepare_base(document: Document) -> Document:
    """Make a rendered letterhead fit to be a :class:`DocxWriter` base, in place.

    The writer then sets page, grid and document defaults from the profile.  Before that:

    - the letterhead's paragraphs get the formatting they inherited from the document
      defaults and the default style as direct formatting, so the writer's new defaults
      (3号仿宋, exact 28.95 pt lines that would clip a 42 pt mark) do not change them;
    - the default paragraph style is emptied and named ``Normal`` (the writer looks it up
      by that name; the notice's own paragraphs use it);
    - one section, portrait, no gutter, columns or page-number restarts; its footers and
      first-page header go — the footers are the page numbers' (7.5);
    - trailing empty paragraphs go: the gap to the title is the profile's;
    - drawing and bookmark ids move clear of the ones the writer counts from 1.
    """
    _pin_inherited_formatting(document)
    _neutral_default_style(document)
    _single_plain_section(document)
    _drop_trailing_blank_paragraphs(document)
    _move_ids(document)
    return document


# Formatting that inherits attribute by attribute (w:spacing before= from one level,
# line= from another); other properties inherit as a whole element.  Within such an
# element some attributes are one setting ("slot"): a level that sets eastAsia= overrides an
# inherited eastAsiaTheme= (which would otherwise win over the explicit font name).
_SLOTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "w:rFonts": (("ascii", "asciiTheme"), ("hAnsi", "hAnsiTheme"),
                 ("eastAsia", "eastAsiaTheme"), ("cs", "cstheme")),
    "w:spacing": (("before", "beforeLines", "beforeAutospacing"),
                  ("after", "afterLines", "afterAutospacing"), ("line", "lineRule")),
    "w:ind": (("left", "start", "leftChars", "startChars"),
              ("right", "end", "rightChars", "endChars"),
              ("firstLine", "firstLineChars", "hanging", "hangingChars")),
    "w:lang": (),
}
_SLOT_MATES = {
    qn(f"w:{name}"): tuple(qn(f"w:{m}") for m in slot)
    for slots in _SLOTS.values() for slot in slots for name in slot
}
# What the writer's defaults set, with the value OOXML means when nothing sets it.
_PPR_FALLBACK: dict[str, dict[str, str]] = {
    "w:spacing": {"w:before": "0", "w:after": "0", "w:line": "240", "w:lineRule": "auto"},
    "w:jc": {"w:val": "left"},
}
# The writer's defaults condense characters by 0.25 pt (the body's 28 a line); the
# letterhead's text keeps its own spacing, none unless it says.
_RPR_FALLBACK: dict[str, dict[str, str]] = {"w:spacing": {"w:val": "0"}, "w:sz": {"w:val": "20"},
                                            "w:szCs": {"w:val": "20"}}


class _Styles:
    """The style sheet as inheritance chains (style, its basedOn, … — cycles cut)."""

    def __init__(self, document: Document) -> None:
        root = document.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        self.default_paragraph = next(
            (s for s in self.by_id.values()
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true", "on")),
            None,
        )
        defaults = root.find(qn("w:docDefaults"))
        self.ppr = _find(defaults, "w:pPrDefault/w:pPr")
        self.rpr = _find(defaults, "w:rPrDefault/w:rPr")

    def chain(self, style_id: str | None, *, paragraph: bool = False) -> list[BaseOxmlElement]:
        style = self.by_id.get(style_id) if style_id else None
        if style is None and paragraph:
            style = self.default_paragraph
        chain: list[BaseOxmlElement] = []
        while style is not None and style not in chain:
            chain.append(style)
            based = _find(style, "w:basedOn")
            style = self.by_id.get(based.get(qn("w:val"))) if based is not None else None
        return chain

    def base_styles(self) -> list[BaseOxmlElement]:
        """The styles whose formatting the writer removes: the one named Normal, and the
        default paragraph style (emptied by :func:`_neutral_default_style`)."""
        named = [s for s in self.by_id.values() if _style_name(s) == "Normal"]
        return named + ([self.default_paragraph] if self.default_paragraph is not None else [])


def _pin_inherited_formatting(document: Document) -> None:
    styles = _Styles(document)
    bases = styles.base_styles()
    ppr_tags = _tags([styles.ppr, *(_find(s, "w:pPr") for s in bases)], _PPR_FALLBACK,
                     xml.PPR_ORDER)
    rpr_tags = _tags([styles.rpr, *(_find(s, "w:rPr") for s in bases)], _RPR_FALLBACK,
                     xml.RPR_ORDER)
    for root in _story_roots(document):
        for p in root.iter(qn("w:p")):
            ppr = p.get_or_add_pPr()
            pstyle = _val(_find(ppr, "w:pStyle"))
            para_chain = styles.chain(pstyle, paragraph=True)
            para_rprs = [_find(s, "w:rPr") for s in para_chain]
            sources = [ppr, *(_find(s, "w:pPr") for s in para_chain), styles.ppr]
            _pin(sources, ppr_tags, _PPR_FALLBACK, xml.PPR_ORDER)
            # The paragraph mark's size sets the height of an empty paragraph.
            mark = xml.ordered_child(ppr, "w:rPr", xml.PPR_ORDER)
            _pin([mark, *para_rprs, styles.rpr], rpr_tags, _RPR_FALLBACK, xml.RPR_ORDER)
            for r in _runs(p):
                rpr = r.get_or_add_rPr()
                rstyle = _val(_find(rpr, "w:rStyle"))
                run_rprs = [_find(s, "w:rPr") for s in styles.chain(rstyle)]
                _pin([rpr, *run_rprs, *para_rprs, styles.rpr], rpr_tags, _RPR_FALLBACK,
                     xml.RPR_ORDER)


def _tags(props: list[BaseOxmlElement | None], fallback: dict[str, dict[str, str]],
          order: tuple[str, ...]) -> list[str]:
    """The property tags to pin: those the writer's changes could alter."""
    found = {el.tag for p in props if p is not None for el in p}
    return [t for t in order if qn(t) in found or t in fallback]


def _pin(sources: list[BaseOxmlElement | None], tags: list[str],
         fallback: dict[str, dict[str, str]], order: tuple[str, ...]) -> None:
    """Write into ``sources[0]`` (direct formatting) each of ``tags`` as it resolves over
    ``sources`` (highest priority first), where the direct formatting lacks it."""
    direct = sources[0]
    assert direct is not None
    for tag in tags:
        if tag in _SLOTS:
            attrs = _merged_attrs(sources, tag, fallback.get(tag, {}))
            if attrs:
                xml.ordered_child(direct, tag, order).attrib.update(attrs)
        elif _find(direct, tag) is None:
            found = next((el for src in sources[1:] if (el := _find(src, tag)) is not None), None)
            if found is not None:
                target = xml.ordered_child(direct, tag, order)
                target.attrib.update(found.attrib)
                target.extend(copy.deepcopy(child) for child in found)
            elif tag in fallback:
                xml.ordered_child(direct, tag, order).attrib.update(
                    {qn(k): v for k, v in fallback[tag].items()})


def _merged_attrs(sources: list[BaseOxmlElement | None], tag: str,
                  fallback: dict[str, str]) -> dict[str, str]:
    attrs = {qn(k): v for k, v in fallback.items()}
    for src in reversed(sources):  # lowest priority first
        el = _find(src, tag)
        if el is None:
            continue
        for key in el.attrib:
            for mate in _SLOT_MATES.get(key, ()):
                attrs.pop(mate, None)
        attrs.update(el.attrib)
    return attrs


def _neutral_default_style(document: Document) -> None:
    styles = _Styles(document)
    default = styles.default_paragraph
    if default is None:
        default = xml.element("w:style", type="paragraph", default=1, styleId="Normal")
        document.styles.element.append(default)
    for stale in default.findall(qn("w:pPr")) + default.findall(qn("w:rPr")):
        default.remove(stale)
    if not any(_style_name(s) == "Normal" for s in styles.by_id.values()):
        name = _find(default, "w:name")
        if name is None:
            name = xml.element("w:name")
            default.insert(0, name)
        xml.set_attrs(name, val="Normal")


# Section properties that would move or reshape the text block the profile sets.
_SECTION_DROPS = ("w:footerReference", "w:titlePg", "w:cols", "w:lnNumType", "w:pgNumType",
                  "w:vAlign", "w:textDirection", "w:bidi", "w:rtlGutter")
_SETTINGS_DROPS = ("w:mirrorMargins", "w:gutterAtTop", "w:bookFoldPrinting",
                   "w:bookFoldRevPrinting", "w:printTwoOnOne")


def _single_plain_section(document: Document) -> None:
    body = document.element.body
    # A section break inside the letterhead would leave the notice in a section the
    # writer never set up.
    for inner in body.findall(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:sectPr')}"):
        inner.getparent().remove(inner)
    sect_pr = body.get_or_add_sectPr()
    for tag in _SECTION_DROPS:
        for el in sect_pr.findall(qn(tag)):
            sect_pr.remove(el)
    for ref in sect_pr.findall(qn("w:headerReference")):
        if ref.get(qn("w:type")) == "first":
            sect_pr.remove(ref)
    pg_sz = _find(sect_pr, "w:pgSz")
    if pg_sz is not None:
        pg_sz.attrib.pop(qn("w:orient"), None)
    pg_mar = _find(sect_pr, "w:pgMar")
    if pg_mar is not None:
        xml.set_attrs(pg_mar, gutter=0)
    settings = document.settings.element
    for tag in _SETTINGS_DROPS:
        for el in settings.findall(qn(tag)):
            settings.remove(el)


_CONTENT = ("w:t", "w:drawing", "w:pict", "w:object", "w:sym", "w:tab", "w:br",
            "w:fldChar", "w:instrText", "w:fldSimple", "w:bookmarkStart")


def _drop_trailing_blank_paragraphs(document: Document) -> None:
    body = document.element.body
    while True:
        last = [el for el in body if el.tag != qn("w:sectPr")]
        if not last or last[-1].tag != qn("w:p") or not _blank(last[-1]):
            return
        body.remove(last[-1])


def _blank(p: BaseOxmlElement) -> bool:
    ppr = _find(p, "w:pPr")
    drawn = ppr is not None and any(_find(ppr, t) is not None for t in ("w:pBdr", "w:shd"))
    return not drawn and not any(next(p.iter(qn(t)), None) is not None for t in _CONTENT)


# The writer numbers its drawings and bookmarks 1, 2, …; ids must be unique per document
# (LibreOffice pairs bookmark starts and ends by id, and the PDF assembly finds each part
# by its bookmark).
LETTERHEAD_ID_BASE = 100_000
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _move_ids(document: Document) -> None:
    roots = list(_story_roots(document))
    for n, el in enumerate((el for root in roots for el in root.iter(_DOCPR)), start=1):
        el.set("id", str(LETTERHEAD_ID_BASE + n))
    bookmarks: dict[str, str] = {}
    for root in roots:
        for el in root.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
            old = el.get(qn("w:id"))
            new = bookmarks.setdefault(old, str(LETTERHEAD_ID_BASE + len(bookmarks) + 1))
            el.set(qn("w:id"), new)


# -- small XML helpers ------------------------------------------------------------------
def _story_roots(document: Document) -> Iterator[BaseOxmlElement]:
    """The body and the page headers: where the letterhead's paragraphs are."""
    yield document.element.body
    for rel in document.part.rels.values():
        if rel.reltype == RT.HEADER and not rel.is_external:
            yield rel.target_part.element


def _runs(p: BaseOxmlElement) -> list[BaseOxmlElement]:
    # The paragraph's own runs, also inside hyperlinks, fields and content controls —
    # not those of paragraphs nested in a text box, which get their own turn.
    runs: list[BaseOxmlElement] = p.xpath(
        "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
        " | ./w:sdt/w:sdtContent/w:r"
    )
    return runs


def _find(el: BaseOxmlElement | None, path: str) -> BaseOxmlElement | None:
    if el is None:
        return None
    found: BaseOxmlElement | None = el.find("/".join(qn(part) for part in path.split("/")))
    return found


def _val(el: BaseOxmlElement | None) -> str | None:
    return None if el is None else el.get(qn("w:val"))


def _style_name(style: BaseOxmlElement) -> str | None:
    return _val(_find(style, "w:name"))


# -- the default letterhead as a template -----------------------------------------------
PLACEHOLDER_HEADER: dict[str, object] = {
    "copy_number": "{{ copy_number }}",
    "secrecy": "{{ secrecy }}",
    "urgency": "{{ urgency }}",
    "issuers": ["{{ issuer }}"],
    "mark": "{{ mark }}",
    "mark_suffix": "",
    "doc_number": "{{ doc_number }}",
    "signers": [],
}
"""The header fields of the exported default letterhead: each one its own placeholder."""


def export_default_letterhead(path: Path, profile: LayoutProfile = GBT9704) -> None:
    """Write the built-in GB/T 9704 版头 as a letterhead template with placeholders, for
    a bureau to start from.

    It is drawn by :func:`render_header` itself, so template and built-in 版头 cannot
    drift apart.  The header is built with ``model_construct`` because placeholders are
    not valid field values (``{{ doc_number }}`` is no 发文字号); ``render_header`` only
    reads ``package.notice.header``.  份号, 密级 and 紧急程度 always take their line (empty
    when absent), which keeps the mark 35 mm below the top of the block (7.2.4).  Not
    covered: 签发人 (上行文), joint marks stacked, and shrinking a long mark — edit the
    template for those.
    """
    header = Header.model_construct(**PLACEHOLDER_HEADER)  # type: ignore[arg-type]
    # Only the header: render_header reads nothing else of the package.
    notice = Notice.model_construct(header=header)  # type: ignore[call-arg]
    package = Package.model_construct(notice=notice)
    writer = DocxWriter(profile)
    render_header(writer, package)
    path.write_bytes(writer.to_bytes())
