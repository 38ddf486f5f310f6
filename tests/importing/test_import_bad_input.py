"""Bad input (issue 11): a clear message naming the file, nothing written, exit 1, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from notice_kit.cli import main
from notice_kit.errors import DataError
from notice_kit.importing import import_notice

NOTICE = "关于开展检查的通知\n各学校：\n请各校按时报送材料。\n某市教育局\n2025年3月18日\n"


def test_gbk_text_is_decoded_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(NOTICE.encode("gbk"))
    result = import_notice(path)
    assert result.package.notice.title == "关于开展检查的通知"
    [note] = [n for n in result.notes if n.field == "source"]
    assert "GBK" in note.message and "old.txt" in note.message


@pytest.mark.parametrize(("content", "says"), [
    (b"", "empty"),
    (b"Dear all,\nthe meeting is moved to Friday.\n", "no Chinese text"),
    ("购物清单：牛奶，面包。\n".encode(), "single line"),
    ("牛奶\n面包\n鸡蛋\n".encode(), "does not look like a notice"),
    (b"\x00\x01binary\x00", "binary"),
])
def test_not_a_notice(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        import_notice(path)
    assert "bad.txt" in str(info.value) and says in str(info.value)


@pytest.mark.parametrize("content", [b"", b"Dear all,\nhello.\n", b"PK\x03\x04broken"])
def test_cli_refuses_with_exit_1_and_writes_nothing(tmp_path: Path, content: bytes) -> None:
    name = "bad.docx" if content.startswith(b"PK") else "bad.txt"
    path = tmp_path / name
    path.write_bytes(content)
    run = CliRunner().invoke(main, ["import", str(path)])
    assert run.exit_code == 1
    assert name in run.output and "Traceback" not in run.output
    assert run.exception is None or isinstance(run.exception, SystemExit)
    assert list(tmp_path.iterdir()) == [path]


def test_cli_writes_the_notes_as_comments(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(NOTICE.replace("各学校：", "各学校:"), encoding="utf-8")
    run = CliRunner().invoke(main, ["import", str(path)])
    assert run.exit_code == 0, run.output
    text = path.with_suffix(".yaml").read_text(encoding="utf-8")
    assert "#   - notice.addressees: 第2行 / line 2: “:”→“：”" in text
