"""Tracked changes and comments in a .docx: accept the changes, drop the comments.

A clerk's draft often still carries revisions (``w:ins``, ``w:del``) and comments.
What the notice says is the text with every revision accepted: insertions kept,
deletions dropped.  Comments are remarks on the draft, not part of it.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from notice_kit.importing.result import ImportNote

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARTS = ("word/document.xml",)
# Unwrapped (content kept): insertions, moves to.  Removed with content: deletions, moves from.
_KEEP = ("ins", "moveTo")
_DROP = ("del", "moveFrom")
# Markers without text: ranges, references, and formatting revisions.
_MARKERS = ("commentRangeStart", "commentRangeEnd", "commentReference", "moveFromRangeStart",
            "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "rPrChange", "pPrChange",
            "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange", "numberingChange")


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


def accept_revisions(source: Path, workdir: Path) -> tuple[Path, list[ImportNote]]:
    """Return a copy of ``source`` with revisions accepted and comments removed, and notes.

    Returns ``source`` itself (and no notes) when it has neither.
    """
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
        xml = archive.read("word/document.xml") if "word/document.xml" in names else b""
        has_comments = "word/comments.xml" in names
    if not xml:
        return source, []
    root = etree.fromstring(xml)
    inserted = _count(root, _KEEP)
    deleted = _count(root, _DROP)
    comments = len(root.findall(f".//{_q('commentReference')}"))
    if not (inserted or deleted or comments or has_comments):
        return source, []
    for name in _DROP:
        for el in root.findall(f".//{_q(name)}"):
            # A w:del inside w:rPr marks a deleted paragraph mark: drop the marker only.
            el.getparent().remove(el)
    for name in _KEEP:
        for el in root.findall(f".//{_q(name)}"):
            parent = el.getparent()
            if parent.tag == _q("rPr"):
                parent.remove(el)
                continue
            index = parent.index(el)
            for child in list(el):
                parent.insert(index, child)
                index += 1
            parent.remove(el)
    for name in _MARKERS:
        for el in root.findall(f".//{_q(name)}"):
            parent = el.getparent()
            parent.remove(el)
            # A run left holding only its properties (a comment reference's run) goes too.
            if parent.tag == _q("r") and all(c.tag == _q("rPr") for c in parent):
                parent.getparent().remove(parent)
    target = workdir / source.name
    shutil.copyfile(source, target)
    _replace_part(target, "word/document.xml", etree.tostring(root, xml_declaration=True,
                                                                encoding="UTF-8", standalone=True))
    notes = []
    if inserted or deleted:
        notes.append(ImportNote("source", f"{source.name} 含修订（插入 {inserted} 处、删除 {deleted} 处），"
                                "已按“接受全部修订”导入 / tracked changes accepted: insertions "
                                "kept, deletions dropped"))
    if comments or has_comments:
        notes.append(ImportNote("source", f"{source.name} 含批注（{comments} 处），批注未导入 / "
                                "comments ignored"))
    return target, notes


def _count(root: etree._Element, names: tuple[str, ...]) -> int:
    return sum(1 for name in names for el in root.iter(_q(name))
               if el.getparent() is not None and el.getparent().tag != _q("rPr"))


def _replace_part(path: Path, name: str, data: bytes) -> None:
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, data if item.filename == name else src.read(item.filename))
    tmp.replace(path)
