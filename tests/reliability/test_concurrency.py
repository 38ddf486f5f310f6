"""Concurrency (issue 7): builds in separate processes at once, and a batch of 50 through one
warm converter — every output complete and valid."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from pypdf import PdfReader

import notice_kit
from notice_kit.batch import build_packages

from ..conftest import SEED_EXAMPLE, minimal_data, needs_libreoffice


def test_four_builds_at_once_in_separate_processes(tmp_path: Path) -> None:
    """Each build has its own LibreOffice profile, so concurrent builds do not collide."""
    needs_libreoffice()
    files = [SEED_EXAMPLE]
    for i in range(3):
        data = minimal_data(title=f"关于召开第{i + 1}次安全工作会议的通知",
                            body=[f"第{i + 1}次会议定于下周召开。"])
        path = tmp_path / f"n{i}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        files.append(path)
    procs = [subprocess.Popen([sys.executable, "-m", "notice_kit.cli", "build", str(f), "-o",
                               str(tmp_path / f"out{i}")], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
             for i, f in enumerate(files)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    for i, f in enumerate(files):
        manifest = notice_kit.Manifest.model_validate_json(
            (tmp_path / f"out{i}" / "manifest.json").read_bytes()
        )
        merged = PdfReader(tmp_path / f"out{i}" / manifest.file("package", "pdf").path)
        title = notice_kit.load_notice(f).title_text
        assert title in "".join(merged.pages[0].extract_text().split())


def test_a_batch_of_fifty_with_the_warm_converter(tmp_path: Path,
                                                  seed_package: notice_kit.Package) -> None:
    needs_libreoffice()
    items = []
    for i in range(50):
        copy = seed_package.model_copy(deep=True)
        copy.attachments[1].fields[0].value = f"第{i + 1}单位"  # type: ignore[union-attr]
        items.append((copy, tmp_path / f"u{i:02d}"))
    outcomes = build_packages(items, formats=["pdf"], workers=2)
    assert all(o.ok for o in outcomes), [str(o.error) for o in outcomes if not o.ok]
    for i, outcome in enumerate(outcomes):
        assert outcome.result is not None
        pdf = PdfReader(outcome.result.path("package", "pdf"))
        assert len(pdf.pages) == outcome.result.manifest.parts[-1].last_page
        receipt = outcome.result.manifest.parts[2]
        text = pdf.pages[receipt.first_page - 1].extract_text()
        assert f"第{i + 1}单位" in "".join(text.split())
