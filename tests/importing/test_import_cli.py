"""``import_command``: writes the data file with the notes on top; refuses bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import notice_kit
from notice_kit.importing.cli import import_command
from notice_kit.render.text import render_text

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT.parent / "shared" / "seed" / "000_e6d130a8fc1339a3.txt"


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    if not SEED_TEXT.is_file():
        pytest.skip(f"seed text not found: {SEED_TEXT}")
    copy = tmp_path / "q3.txt"
    copy.write_bytes(SEED_TEXT.read_bytes())
    return copy


def test_writes_a_data_file_that_loads(seed_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert import_command(seed_copy, None, False) == 0
    out = seed_copy.with_suffix(".yaml")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 由 notice-kit import 从 q3.txt 导入")
    assert "#   - notice.header.doc_number" in text
    assert "notice.date" in capsys.readouterr().out
    package = notice_kit.load_notice(out)
    assert isinstance(yaml.safe_load(text), dict)
    assert len(package.attachments) == 3
    assert render_text(package).startswith(package.notice.title)


def test_refuses_to_overwrite(seed_copy: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("keep", encoding="utf-8")
    assert import_command(seed_copy, out, False) == 1
    assert out.read_text(encoding="utf-8") == "keep"
    assert "--force" in capsys.readouterr().err
    assert import_command(seed_copy, out, True) == 0
    assert out.read_text(encoding="utf-8") != "keep"


def test_not_a_notice_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "empty.txt"
    source.write_text("", encoding="utf-8")
    assert import_command(source, None, False) == 1
    assert not source.with_suffix(".yaml").exists()
    err = capsys.readouterr().err
    assert "empty.txt" in err and "文件为空" in err and "empty" in err
    assert list(tmp_path.iterdir()) == [source]
