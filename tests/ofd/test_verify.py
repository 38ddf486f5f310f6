"""The verifier the other OFD tests rely on finds each kind of defect it claims to."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from notice_kit.ofd.verify import check_ofd, ofd_parts


def _edit(ofd: bytes, name: str, old: str, new: str) -> bytes:
    parts = ofd_parts(ofd)
    text = parts[name].decode()
    assert old in text
    parts[name] = text.replace(old, new, 1).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for part, data in parts.items():
            zf.writestr(part, data)
    return buffer.getvalue()


PAGE = "Doc_0/Pages/Page_0/Content.xml"


@pytest.mark.parametrize(("name", "old", "new", "expected"), [
    (PAGE, 'Font="2"', 'Font="999"', "undefined font 999"),
    (PAGE, "现将有关事项", "现将有关事项龘", "is not in its font"),
    (PAGE, "<ofd:Area>", "<ofd:Area", "not well-formed"),
    (PAGE, '<ofd:FillColor Value="255 0 0"/>', "", None),  # a colour may go: no problem
    ("Doc_0/DocumentRes.xml", "image_", "missing_", "MediaFile"),
    ("Doc_0/PublicRes.xml", '<ofd:Fonts>', '<ofd:Fonts><ofd:Font ID="2" FontName="x"/>',
     "also used"),
    (PAGE, "<ofd:AbbreviatedData>M ", "<ofd:AbbreviatedData>M 1 ", "unknown path operator"),
    (PAGE, 'ResourceID="', 'ResourceID="9', "no MultiMedia"),
])
def test_check_ofd_reports_the_defect(sealed_ofd: bytes, name: str, old: str, new: str,
                                      expected: str | None) -> None:
    assert check_ofd(sealed_ofd) == []
    problems = check_ofd(_edit(sealed_ofd, name, old, new))
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems


def test_check_ofd_reports_children_out_of_schema_order(sealed_ofd: bytes) -> None:
    broken = _edit(sealed_ofd, "OFD.xml", "<ofd:DocID>", "<ofd:Creator>x</ofd:Creator><ofd:DocID>")
    assert any("out of order" in p for p in check_ofd(broken))


def test_check_ofd_reports_ids_above_max_unit_id(sealed_ofd: bytes) -> None:
    parts = ofd_parts(sealed_ofd)
    document = re.sub(r"<ofd:MaxUnitID>\d+", "<ofd:MaxUnitID>3", parts["Doc_0/Document.xml"].decode())
    broken = _edit(sealed_ofd, "Doc_0/Document.xml", parts["Doc_0/Document.xml"].decode(), document)
    assert any("MaxUnitID 3" in p for p in check_ofd(broken))
