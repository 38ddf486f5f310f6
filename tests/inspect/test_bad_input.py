"""Files that are not a readable notice: `inspect` and `check` say what is wrong in one line,
exit 1 (a scan: nothing in it can be checked) or 2 (not readable), write nothing and never
show a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfWriter

from notice_kit.check.cli import check_command
from notice_kit.errors import InspectionError
from notice_kit.inspect.cli import inspect_command
from notice_kit.inspect.reader import NoTextLayerError, inspect_document


def _scan(path: Path) -> Path:
    """A page as a scanner gives it: an image, no text."""
    page = Image.new("RGB", (620, 877), "white")
    ImageDraw.Draw(page).rectangle((50, 50, 570, 150), outline="black", width=4)
    page.save(path, "PDF", resolution=75)
    return path


def _encrypted(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    writer.write(path)
    return path


def _truncated(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(path)
    path.write_bytes(path.read_bytes()[:200])
    return path


MAKERS: dict[str, tuple[Callable[[Path], Path], str, int]] = {
    "scan.pdf": (_scan, "无文字层", 1),
    "empty.pdf": (lambda p: (p.write_bytes(b""), p)[1], "文件是空的", 2),
    "empty.docx": (lambda p: (p.write_bytes(b""), p)[1], "文件是空的", 2),
    "notes.txt": (lambda p: (p.write_text("通知"), p)[1], "只能读取 .docx、.pdf 或 .ofd", 2),
    "page.pdf": (lambda p: (p.write_text("<html>通知</html>"), p)[1], "不是 PDF 文件", 2),
    "letter.docx": (lambda p: (p.write_text("通知"), p)[1], "不是 Word (.docx) 文件", 2),
    "locked.pdf": (_encrypted, "PDF 已加密", 2),
    "cut.pdf": (_truncated, "不是可读取的 PDF", 2),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
@pytest.mark.parametrize("command", [inspect_command, check_command])
def test_bad_input_gets_one_clear_line(name: str, command: Callable[..., int], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    make, words, status = MAKERS[name]
    path = make(tmp_path / name)
    before = sorted(tmp_path.iterdir())
    args = (path, False) if command is inspect_command else (path, False, None)
    assert command(*args) == status
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("错误 / error: ") and words in err and " / " in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert sorted(tmp_path.iterdir()) == before  # nothing written


def test_a_scan_raises_its_own_error(tmp_path: Path) -> None:
    with pytest.raises(NoTextLayerError, match="no text layer") as info:
        inspect_document(_scan(tmp_path / "scan.pdf"))
    assert isinstance(info.value, InspectionError)
