"""A batch in worker processes (forked, each with its own LibreOffice): the same packages
as threads would make, errors carried back whole, nothing left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from pypdf import PdfReader

from ..conftest import SEED_EXAMPLE, needs_libreoffice
from ..convert.procs import live_processes

SCRIPT = textwrap.dedent("""
    import json, os, sys, threading
    from pathlib import Path
    import notice_kit
    from notice_kit.batch import _can_fork, build_packages
    from notice_kit.batch_cli import for_recipient

    seed = notice_kit.load_notice(sys.argv[1])
    out = Path(sys.argv[2])
    bad = seed.evolve({"notice": {"title": "关于" + "很长的标题" * 30 + "的通知"}})
    units = ["广陵区教育局", "邗江区教育局", "江都区教育局"]
    items = [(for_recipient(seed, u, i + 1), out / f"u{i}") for i, u in enumerate(units)]
    items.insert(1, (bad, out / "bad"))
    assert _can_fork(2, len(items)), "the process path is what this test is about"
    seen = []
    outcomes = build_packages(items, formats=["pdf"], workers=2,
                              on_done=lambda o: seen.append(threading.get_ident()))
    print(json.dumps({
        "ok": [o.ok for o in outcomes],
        "error": [type(o.error).__name__ if o.error else None for o in outcomes],
        "message": [str(o.error) if o.error else None for o in outcomes],
        "pdf": [str(o.result.path("package", "pdf")) if o.result else None for o in outcomes],
        "same_thread": set(seen) == {threading.get_ident()},
    }))
""")


def test_a_batch_in_worker_processes(tmp_path: Path) -> None:
    needs_libreoffice()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(SEED_EXAMPLE), str(tmp_path / "o")],
                         capture_output=True, text=True, env=env, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["ok"] == [True, False, True, True]
    # The error comes back from the worker as itself, message and all.
    assert report["error"][1] == "LayoutError"
    assert "很长的标题" in report["message"][1]
    assert report["same_thread"]  # on_done runs in the caller's thread
    for i, pdf in enumerate(report["pdf"]):
        if pdf is None:
            continue
        text = "".join("".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
        unit = ["广陵区教育局", None, "邗江区教育局", "江都区教育局"][i]
        assert unit in text
    # Every worker's LibreOffice, profile and temporary files are gone with the batch.
    assert live_processes(str(scratch)) == []
    assert list(scratch.iterdir()) == []
