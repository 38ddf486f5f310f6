"""Faults (issue 7): a real LibreOffice killed mid-conversion, hostile CLI input, metadata."""

from __future__ import annotations

import io
import os
import signal
import threading
import time
from pathlib import Path

import docx
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import notice_kit
from notice_kit.cli import main
from notice_kit.convert.libreoffice import convert_to_pdf
from notice_kit.models import Package

from ..conftest import needs_libreoffice


def _soffice_pids(marker: str) -> list[int]:
    """This process's own live soffice processes (other builds on a shared machine run
    LibreOffice with the same profile prefix: they are not ours to kill)."""
    pids, parents = [], {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
            if "soffice" in cmdline and marker in cmdline and fields[0] != "Z":
                pids.append(int(entry.name))
    return [pid for pid in pids if _descends_from(pid, os.getpid(), parents)]


def _descends_from(pid: int, ancestor: int, parents: dict[int, int]) -> bool:
    seen = set()
    while pid in parents and pid not in seen:
        seen.add(pid)
        pid = parents[pid]
        if pid == ancestor:
            return True
    return False


def test_a_real_libreoffice_killed_mid_conversion_is_retried(tmp_path: Path,
                                                             seed_package: Package) -> None:
    """Kill the real soffice while it converts: the converter retries once with a fresh
    profile and the PDF is still made; no soffice is left."""
    needs_libreoffice()
    source = tmp_path / "seed.docx"
    source.write_bytes(notice_kit.render_package_docx(seed_package).data)
    killed: list[int] = []

    def killer() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not killed:
            for pid in _soffice_pids("notice-kit-lo-"):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.05)

    thread = threading.Thread(target=killer)
    thread.start()
    result = convert_to_pdf(source, tmp_path / "seed.pdf")
    thread.join()
    assert killed, "the test never saw LibreOffice running"
    assert result.attempts == 2
    assert (tmp_path / "seed.pdf").read_bytes().startswith(b"%PDF")
    assert _soffice_pids("notice-kit-lo-") == []


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
              st.sampled_from(["2024-10-25", "扬教发〔2024〕8号", "\x00", "{{ x }}", "..", "/"])),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["notice", "header", "title", "body", "date", "issuers",
                                       "attachments", "kind", "columns", "path", "extends",
                                       "vars", "options", "items"]), children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=int(os.environ.get("NOTICE_KIT_HYPOTHESIS_EXAMPLES", "60")),
          deadline=None, derandomize=True)
@given(data=st.one_of(yaml_values, st.text(max_size=200)))
def test_the_cli_never_shows_a_traceback(data: object, tmp_path_factory: object) -> None:
    """Any data file: `notice-kit validate` says valid or explains, exit 0 or 1."""
    import yaml

    folder = Path(tmp_path_factory.mktemp("cli"))  # type: ignore[attr-defined]
    path = folder / "n.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def test_docx_metadata_names_no_machine_user_or_path(seed_package: Package) -> None:
    """The .docx core properties hold the issuer and the document's date, nothing of the
    machine or the person who ran the build."""
    props = docx.Document(io.BytesIO(notice_kit.render_package_docx(seed_package).data)
                          ).core_properties
    values = [props.author, props.last_modified_by, props.comments, props.title,
              props.subject, props.keywords, props.category]
    assert props.author == "扬州市教育局" and props.last_modified_by == ""
    for value in values:
        assert "root" not in (value or "") and "/" not in (value or "")
    assert props.created is not None and props.created.date() == seed_package.notice.date
