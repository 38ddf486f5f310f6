"""The notice-kit command: build, validate, schema; bad input gives a message, not a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml
from click.testing import CliRunner

import notice_kit
from notice_kit.cli import main

from .conftest import SEED_EXAMPLE, minimal_data


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "notice_kit.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_build_docx_writes_files_and_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run("build", str(SEED_EXAMPLE), "-o", str(out), "--format", "docx")
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    paths = sorted(f["path"] for f in manifest["files"])
    assert paths == sorted(p.name for p in out.iterdir() if p.name != "manifest.json")
    roles = [(f["role"], f.get("attachment")) for f in manifest["files"]]
    assert roles == [("notice", None), ("attachment", 1), ("attachment", 2),
                     ("attachment", 3), ("package", None)]
    assert "附件2-第三季度复盘与调度工作参加人员回执.docx" in paths
    assert "附件2" in proc.stdout


def test_build_json_output_is_the_manifest(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(SEED_EXAMPLE), "-o", str(tmp_path / "o"), "-f", "docx", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["title"].startswith("关于开展")


def test_bad_input_exits_nonzero_without_traceback_or_output(tmp_path: Path) -> None:
    data = minimal_data(header={"issuers": ["甲"], "doc_number": "甲〔2024〕08号"})
    data["attachments"] = [{"title": "回执", "columns": []}]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    proc = run("build", str(bad), "-o", str(out))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert str(bad) in proc.stderr
    assert "notice.header.doc_number" in proc.stderr
    assert "attachments[0].columns" in proc.stderr
    assert not out.exists()


def test_bad_input_leaves_an_existing_outdir_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("notice: [", encoding="utf-8")
    proc = run("build", str(bad), "-o", str(out))
    assert proc.returncode == 1 and "YAML" in proc.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert not list(tmp_path.glob(".out.building-*"))


def test_unknown_profile_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(SEED_EXAMPLE), "-o", str(tmp_path / "o"), "--profile", "nope"]
    )
    assert result.exit_code == 1
    assert "unknown layout profile" in result.output
    assert not (tmp_path / "o").exists()


def test_validate_reports_the_title() -> None:
    result = CliRunner().invoke(main, ["validate", str(SEED_EXAMPLE)])
    assert result.exit_code == 0
    assert "3 个附件" in result.output


def test_schema_describes_the_data_format() -> None:
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["properties"]) == {"notice", "attachments", "options"}
    assert "ReceiptForm" in schema["$defs"]
    # Field descriptions are bilingual, so an editor shows the Chinese term.
    header = schema["$defs"]["Header"]["properties"]
    assert "发文字号" in header["doc_number"]["description"]


def test_seed_example_validates_against_the_schema() -> None:
    """An editor hooked to `notice-kit schema` must not mark a valid file as wrong."""
    schema = json.loads(CliRunner().invoke(main, ["schema"]).output)
    # A complete data file written by hand: the seed's transcription before it moved onto
    # the quarterly template (a file that extends another is complete only once merged).
    reference = Path(__file__).parent / "templating" / "q3_reference.yaml"
    data = yaml.safe_load(reference.read_text(encoding="utf-8"))
    as_text = json.loads(json.dumps(data, default=str))  # an editor sees dates as text
    validator = jsonschema.Draft202012Validator(schema)
    assert [e.message for e in validator.iter_errors(as_text)] == []
    wrong = {"notice": {"titel": "x"}, "attachments": [{"kind": "video"}]}
    messages = " ".join(e.message for e in validator.iter_errors(wrong))
    assert "'titel' was unexpected" in messages


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert notice_kit.__version__ in result.output


def test_lint_finds_the_seed_slips() -> None:
    """Issue 5: lint must find the seed's own slips (学校名单见附件 with three attachments)."""
    result = CliRunner().invoke(main, ["lint", str(SEED_EXAMPLE)])
    assert result.exit_code == 0  # warnings only
    assert "NK101" in result.output and "学校名单见附件" in result.output
    data = json.loads(CliRunner().invoke(main, ["lint", str(SEED_EXAMPLE), "--json"]).output)
    assert {f["code"] for f in data["findings"]} >= {"NK101", "NK402"}


def test_check_and_inspect_the_seed_docx(tmp_path: Path) -> None:
    """Issue 5: `notice-kit check` passes notice_kit's own output; `inspect --json` reads it
    back with the attachments in order."""
    out = tmp_path / "o"
    assert run("build", str(SEED_EXAMPLE), "-o", str(out), "-f", "docx").returncode == 0
    merged = next(p for p in out.glob("关于*.docx"))
    checked = CliRunner().invoke(main, ["check", str(merged)])
    assert checked.exit_code == 0, checked.output
    inspected = json.loads(CliRunner().invoke(main, ["inspect", str(merged), "--json"]).output)
    labels = [a["label"] for a in inspected["attachments"]]
    assert labels == ["附件1", "附件2", "附件3"]


def test_import_the_seed_text_then_build_it(tmp_path: Path) -> None:
    """Issue 6: `notice-kit import` turns the archived text into a data file that builds."""
    seed = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_e6d130a8fc1339a3.txt"
    if not seed.is_file():
        import pytest

        pytest.skip("seed text not beside the repository")
    data = tmp_path / "imported.yaml"
    result = CliRunner().invoke(main, ["import", str(seed), "-o", str(data)])
    assert result.exit_code == 0, result.output
    assert "发文字号" in result.output  # says what to fill in
    again = CliRunner().invoke(main, ["import", str(seed), "-o", str(data)])
    assert again.exit_code == 1  # refuses to overwrite without --force
    built = run("build", str(data), "-o", str(tmp_path / "out"), "-f", "docx")
    assert built.returncode == 0, built.stderr


def test_batch_builds_one_package_per_addressee(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["batch", str(SEED_EXAMPLE), "-o", str(tmp_path / "b"), "-f", "docx"]
    )
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert len(folders) == 5 and folders[0].startswith("01-")
