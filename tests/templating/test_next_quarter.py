"""examples/next_quarter.py runs and makes the next quarter's notice."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import docx
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "next_quarter.py"


def test_next_quarter_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", [str(SCRIPT), str(tmp_path / "q1")])
    runpy.run_path(str(SCRIPT), run_name="__main__")
    merged = tmp_path / "q1" / "2025年第一季度复盘与调度工作通知.docx"
    text = "\n".join(p.text for p in docx.Document(str(merged)).paragraphs)
    assert "关于开展全市青少年生命关爱第一季度复盘与调度工作的通知" in text.replace("\n", "")
    assert "2025年4月11日14:30" in text and "扬教发〔2025〕31号" in text
    for old in ("第四季度", "四季度", "2025年1月10日", "12月27日", "2024年12月24日"):
        assert old not in text, old
