"""batch_command: one package per recipient unit."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

import notice_kit
from notice_kit.batch_cli import batch_command, folder_names, for_recipient, read_recipients
from notice_kit.models import ReceiptForm

ROOT = Path(__file__).resolve().parents[2]
Q3 = ROOT / "examples" / "yangzhou-2024-q3" / "notice.yaml"


def all_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_for_recipient_sets_copy_number_and_receipt() -> None:
    package = notice_kit.load_notice(Q3)
    one = for_recipient(package, "邗江区教育局", 7)
    assert one.notice.header.copy_number == "000007"
    receipt = one.attachments[1]
    assert isinstance(receipt, ReceiptForm)
    assert [(f.label, f.value) for f in receipt.fields] == [("单位名称", "邗江区教育局")]
    # the original is untouched
    assert package.notice.header.copy_number is None
    original = package.attachments[1]
    assert isinstance(original, ReceiptForm) and original.fields[0].value == ""


def test_folder_names_are_safe_and_unique() -> None:
    assert folder_names(["市直各学校", "a/b:c*", " .. ", "市直各学校"]) == [
        "01-市直各学校", "02-a_b_c_", "03-unit", "04-市直各学校"]


def test_read_recipients(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("单位名称,备注\n甲局,x\n\n乙局,\n", encoding="utf-8-sig")
    assert read_recipients(tmp_path / "r.csv") == ["甲局", "乙局"]
    (tmp_path / "r.yaml").write_text("recipients: [甲局, 乙局]\n", encoding="utf-8")
    assert read_recipients(tmp_path / "r.yaml") == ["甲局", "乙局"]
    (tmp_path / "bad.yaml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(notice_kit.DataError, match=r"bad\.yaml"):
        read_recipients(tmp_path / "bad.yaml")


def test_batch_docx_for_the_addressees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert batch_command(Q3, None, out, formats=["docx"], progress=True) == 0
    folders = sorted(p.name for p in out.iterdir())
    assert len(folders) == 5 and folders[0] == "01-各县（市、区）教育（教体）局"
    last = out / folders[-1]
    receipt = next(last.glob("*附件2*.docx"))
    assert "市直各学校" in all_text(receipt)
    notice = next(p for p in last.glob("*.docx") if "附件" not in p.name)
    assert "000005" in all_text(notice)
    captured = capsys.readouterr()
    assert "built 5 of 5" in captured.out


def test_batch_reports_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "02-乙局").write_text("a file where the folder should go", encoding="utf-8")
    recipients = tmp_path / "r.yaml"
    recipients.write_text("[甲局, 乙局]\n", encoding="utf-8")
    assert batch_command(Q3, recipients, out, formats=["docx"], progress=False) == 1
    captured = capsys.readouterr()
    assert "built 1 of 2" in captured.out
    assert "乙局" in captured.err


def test_bad_input_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert batch_command(tmp_path / "nope.yaml", None, tmp_path / "out", formats=["docx"]) == 1
    assert "nope.yaml" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_small_pdf_batch(tmp_path: Path) -> None:
    recipients = tmp_path / "r.csv"
    recipients.write_text("甲局\n乙局\n", encoding="utf-8")
    out = tmp_path / "out"
    assert batch_command(Q3, recipients, out, formats=["pdf"], progress=False) == 0
    for folder in ("01-甲局", "02-乙局"):
        assert list((out / folder).glob("*.pdf")), folder
