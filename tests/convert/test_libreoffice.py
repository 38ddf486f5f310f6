"""convert_to_pdf against the real LibreOffice; a fake soffice only for the timeout/kill path."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from notice_kit.convert import libreoffice
from notice_kit.convert.fonts import FontPlan, plan_fonts
from notice_kit.convert.libreoffice import ConversionResult, convert_to_pdf
from notice_kit.errors import ConversionError

HINT = "install-system-deps.sh"
TITLE = "关于做好年度工作的通知"
HEADING = "一、总体要求"
BODY = "各单位：现将有关事项通知如下。"
KAI = "（一）明确责任分工"


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        # On CI a missing tool is a missing install step, not a reason to skip.
        if os.environ.get("CI"):
            pytest.fail(f"{tool} not found: .ci must run scripts/{HINT}")
        pytest.skip(f"{tool} not installed (run scripts/{HINT})")


def make_docx(path: Path, runs: list[tuple[str, str, bool]]) -> Path:
    """A .docx with one paragraph per (text, East-Asian font, bold) run."""
    document = docx.Document()
    # python-docx's template names theme fonts (which override explicit names) and sets
    # themeFontLang eastAsia=ja-JP; drop both so the run fonts below are what LibreOffice sees.
    rfonts = document.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:rFonts')}")
    if rfonts is not None:
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for lang in document.settings.element.findall(qn("w:themeFontLang")):
        document.settings.element.remove(lang)
    for text, east_asia, bold in runs:
        run = document.add_paragraph().add_run(text)
        run.font.name = "Times New Roman"  # w:ascii / w:hAnsi
        run.font.bold = bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    document.save(str(path))
    return path


def _count(pattern: str) -> int:
    out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout
    return len(out.split())


@dataclass
class Converted:
    result: ConversionResult
    plan: FontPlan
    docx: Path
    during: int  # most LibreOffice processes seen with our temp dir in their command line
    before: int
    after: int
    left: list[str]  # what is left in $TMPDIR after the call


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Converted]:
    _need("soffice")
    _need("pdffonts")
    base = tmp_path_factory.mktemp("lo")
    source = make_docx(
        base / "notice.docx",
        [
            (TITLE, "方正小标宋简体", False),
            (HEADING, "黑体", False),
            (BODY, "仿宋_GB2312", False),
            (KAI, "楷体_GB2312", False),
            ("2025", "仿宋_GB2312", False),
        ],
    )
    temp_root = base / "tmp"
    temp_root.mkdir()
    pattern = re.escape(str(temp_root))
    seen = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen[0] = max(seen[0], _count(pattern))
            time.sleep(0.1)

    plan = plan_fonts()
    with pytest.MonkeyPatch.context() as mp:
        # The per-call profile then lives under temp_root, so pgrep can find exactly our soffice.
        mp.setattr(tempfile, "tempdir", str(temp_root))
        mp.setenv("TMPDIR", str(temp_root))  # where LibreOffice would leave its lu*.tmp
        before = _count(pattern)
        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            result = convert_to_pdf(source, base / "out" / "notice.pdf", font_plan=plan)
        finally:
            done.set()
            watcher.join()
        after = _count(pattern)
        left = sorted(p.name for p in temp_root.iterdir())
    yield Converted(result, plan, source, seen[0], before, after, left)


def _pdffonts(pdf: Path) -> list[str]:
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    # Subset fonts are named "ABCDEF+RealName".
    return [ln.split()[0].split("+")[-1] for ln in lines if ln.strip()]


def test_pdf_written_with_timing(converted: Converted) -> None:
    result = converted.result
    assert result.pdf.read_bytes().startswith(b"%PDF-")
    assert result.attempts == 1
    assert 0 < result.seconds < 60
    assert result.font_plan is converted.plan
    assert not list(result.pdf.parent.glob(".*.tmp"))  # the atomic-write temp file is gone


def test_no_temporary_files_are_left(converted: Converted) -> None:
    # LibreOffice leaves a lu*.tmp directory in $TMPDIR after every run; it gets its own.
    assert converted.left == []


def test_embedded_fonts_are_the_mapped_faces(converted: Converted) -> None:
    fonts = _pdffonts(converted.result.pdf)
    plan = converted.plan
    assert plan.faces["仿宋_GB2312"].family == "FandolFang", "run scripts/install-system-deps.sh"
    assert any(f.startswith("FandolFang") for f in fonts), fonts
    # pdffonts calls every Noto CJK face "Noto…CJKjp-…": tell serif from sans and the weight.
    # Vertical-kana variants get a "-VKana" suffix.
    assert any(f.startswith("NotoSansCJKjp-Regular") for f in fonts), fonts  # 黑体
    # 方正小标宋简体: bold comes from the fontconfig <match>, the run itself is not bold.
    assert any(f.startswith("NotoSerifCJKjp-Bold") for f in fonts), fonts
    assert any(f.startswith("UKaiCN") for f in fonts), fonts  # 楷体_GB2312 (a brush 楷)
    latin = plan.faces["Times New Roman"].family.replace(" ", "")
    assert any(f.startswith(latin) for f in fonts), fonts  # "2025" in Times New Roman
    assert not any(f.startswith("DejaVuSans") for f in fonts), fonts  # no unmapped fallback


def test_text_reads_back(converted: Converted) -> None:
    text = subprocess.run(
        ["pdftotext", str(converted.result.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for phrase in (TITLE, HEADING, BODY, KAI, "2025"):
        assert phrase in text


def test_no_soffice_outlives_the_call(converted: Converted) -> None:
    assert converted.before == 0
    assert converted.during >= 1, "the pgrep pattern never matched: the check would be vacuous"
    assert converted.after == 0


def test_pdf_options_reach_the_export_filter(tmp_path: Path) -> None:
    _need("soffice")
    source = make_docx(tmp_path / "a.docx", [(BODY, "仿宋_GB2312", False)])
    out = tmp_path / "a.pdf"
    out.write_bytes(b"old")  # replaced, not appended to
    convert_to_pdf(source, out, pdf_options={"Watermark": "WATERMARKX"})
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "WATERMARKX" in text
    assert BODY in text


def test_timeout_kills_the_whole_process_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_docx(tmp_path / "slow.docx", [(BODY, "仿宋_GB2312", False)])
    pids = tmp_path / "pids"
    fake = tmp_path / "soffice"
    # Ignores SIGTERM (so SIGKILL is needed) and has a child (so the group, not one pid, must go).
    fake.write_text(
        "#!/bin/sh\ntrap '' TERM\necho $$ >> \"$FAKE_PIDS\"\n"
        'sleep 300 &\necho $! >> "$FAKE_PIDS"\nwait\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("FAKE_PIDS", str(pids))
    monkeypatch.setattr(libreoffice, "_TERM_GRACE_SECONDS", 0.5)
    out = tmp_path / "slow.pdf"
    started = time.monotonic()
    with pytest.raises(ConversionError) as info:
        convert_to_pdf(source, out, timeout=1, soffice=str(fake), font_plan=FontPlan({}))
    assert time.monotonic() - started < 10
    message = str(info.value)
    assert str(source) in message
    assert "timed out after 1 s" in message
    leader, child = (int(p) for p in pids.read_text().split())  # one run: no retry on timeout
    # Killed orphans may stay zombies when PID 1 does not reap (as in some VMs/containers).
    assert _live_members(leader) == []
    assert child not in _live_pids()
    assert not out.exists()


def _stat(pid_dir: Path) -> list[str]:
    # Fields after the command name: state, ppid, pgrp, ...
    return pid_dir.joinpath("stat").read_text().rsplit(")", 1)[1].split()


def _live_pids() -> dict[int, int]:
    """pid -> process group of every process that is not a zombie."""
    live = {}
    for pid_dir in Path("/proc").glob("[0-9]*"):
        try:
            fields = _stat(pid_dir)
        except OSError:
            continue
        if fields[0] != "Z":
            live[int(pid_dir.name)] = int(fields[2])
    return live


def _live_members(pgid: int) -> list[int]:
    return [pid for pid, group in _live_pids().items() if group == pgid]


@pytest.mark.parametrize("soffice", ["/nonexistent/soffice", "no-such-soffice-binary"])
def test_missing_soffice_says_how_to_install(tmp_path: Path, soffice: str) -> None:
    source = make_docx(tmp_path / "a.docx", [(BODY, "仿宋_GB2312", False)])
    with pytest.raises(ConversionError, match=HINT):
        convert_to_pdf(source, tmp_path / "a.pdf", soffice=soffice, font_plan=FontPlan({}))


def test_garbage_input_names_the_file(tmp_path: Path) -> None:
    # LibreOffice itself would import these bytes as plain text and "succeed".
    garbage = tmp_path / "garbage.docx"
    garbage.write_bytes(os.urandom(2048))
    with pytest.raises(ConversionError, match=re.escape(str(garbage))):
        convert_to_pdf(garbage, tmp_path / "g.pdf", font_plan=FontPlan({}))
    assert not (tmp_path / "g.pdf").exists()


def test_missing_input_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConversionError, match=re.escape("nope.docx: no such file")):
        convert_to_pdf(tmp_path / "nope.docx", tmp_path / "n.pdf")


def test_unloadable_docx_fails_with_libreoffice_cause(tmp_path: Path) -> None:
    _need("soffice")
    good = make_docx(tmp_path / "good.docx", [(BODY, "仿宋_GB2312", False)])
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(broken, "w") as zout:
        for item in zin.infolist():
            body = b"<not xml" if item.filename == "word/document.xml" else zin.read(item)
            zout.writestr(item, body)
    with pytest.raises(ConversionError) as info:
        convert_to_pdf(broken, tmp_path / "b.pdf", font_plan=FontPlan({}))
    message = str(info.value)
    assert str(broken) in message
    assert "could not be loaded" in message
    assert "javaldx" not in message
