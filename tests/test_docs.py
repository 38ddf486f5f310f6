"""The documentation runs: every example in README.md and docs/*.md is executed.

* Each ```python block (unless its info string says ``no-run``) is executed as its own
  test, in a fresh namespace, with the repository root as the working directory and
  ``tempfile`` pointed at the test's own temporary folder (examples write their output
  with ``tempfile.mkdtemp()``).  The test id is ``file:line`` of the block's opening fence.
  When a ```text or ```console block follows it directly, that block is what the example
  prints, exactly.
* Each ```yaml block must parse.  One with a top-level ``notice:`` key must validate with
  :func:`notice_kit.package_from_data`.  One marked ``invalid`` (```yaml invalid
  file=name.yaml) is loaded as that file and must raise :class:`notice_kit.DataError`
  whose message appears in the ```text/```console block directly after it, so the errors
  the docs show stay the errors the code prints.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import notice_kit

ROOT = Path(__file__).resolve().parents[1]
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# An opening fence: ``` or ~~~ (3 or more), a language, then optional flags.
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    end: int  # 1-based line of the closing fence
    lang: str
    flags: frozenset[str]
    code: str

    @property
    def id(self) -> str:
        return f"{self.path.relative_to(ROOT).as_posix()}:{self.line}"


def fenced_blocks(path: Path) -> list[Block]:
    """Return every fenced code block of the Markdown file at ``path``."""
    blocks: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, indent = m["fence"], len(m["indent"])
        words = m["info"].split()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines):
            stripped = lines[i].strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
            body.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i])
            i += 1
        else:
            raise AssertionError(f"{path}:{start + 1}: unclosed code fence")
        blocks.append(
            Block(
                path,
                start + 1,
                i + 1,
                words[0] if words else "",
                frozenset(words[1:]),
                "\n".join(body) + "\n",
            )
        )
        i += 1
    return blocks


ALL_BLOCKS = [b for path in DOC_FILES if path.is_file() for b in fenced_blocks(path)]
PYTHON_BLOCKS = [b for b in ALL_BLOCKS if b.lang == "python" and "no-run" not in b.flags]
YAML_BLOCKS = [b for b in ALL_BLOCKS if b.lang in ("yaml", "yml")]


def test_the_docs_exist() -> None:
    names = {p.name for p in DOC_FILES if p.is_file()}
    assert {
        "README.md",
        "getting-started.md",
        "data-format.md",
        "cli.md",
        "python-api.md",
        "layout.md",
    } <= names
    assert PYTHON_BLOCKS and YAML_BLOCKS


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first = next(b for b in fenced_blocks(ROOT / "README.md"))
    assert first.lang == "bash"
    commands = [ln.split("#")[0].strip() for ln in first.code.splitlines()]
    assert [c for c in commands if c] == ["bash scripts/setup.sh", "bash scripts/test.sh"]
    # Only a title line and one sentence come before it.
    head = text[: text.index("```")].strip().splitlines()
    assert head[0].startswith("# ")
    assert len([ln for ln in head[1:] if ln.strip()]) == 1


def _slug(heading: str) -> str:
    """Return the anchor GitHub gives a heading: lower case, punctuation dropped, spaces to -."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    anchors: set[str] = set()
    inside = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
        elif not inside and line.startswith("#"):
            anchors.add(_slug(line.lstrip("#")))
    return anchors


def test_links_between_docs_resolve() -> None:
    for path in DOC_FILES:
        text = path.read_text(encoding="utf-8")
        for target, anchor in re.findall(r"\]\((?!https?://)([^)#\s]*)(?:#([^)\s]+))?\)", text):
            dest = (path.parent / target) if target else path
            assert dest.exists(), f"{path.name}: broken link {target}"
            if anchor and dest.suffix == ".md":
                assert anchor in _anchors(dest), f"{path.name}: no heading #{anchor} in {dest.name}"


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=[b.id for b in PYTHON_BLOCKS])
def test_python_example_runs(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    code = compile(block.code, block.id, "exec")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout):
            exec(code, namespace)
    except notice_kit.ConversionError:
        if shutil.which("soffice") is None and not os.environ.get("CI"):
            pytest.skip("LibreOffice not installed (scripts/install-system-deps.sh)")
        raise
    # An output block right after the example shows what it prints: it must be exact.
    shown = _output_block(block)
    if shown is not None:
        assert stdout.getvalue().rstrip("\n") == shown.code.rstrip("\n")


def _output_block(block: Block) -> Block | None:
    """Return the ```text/```console block that directly follows ``block`` (one blank
    line between), which shows its output; None if there is none."""
    for other in ALL_BLOCKS:
        if other.path == block.path and other.line == block.end + 2:
            return other if other.lang in ("text", "console") else None
    return None


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=[b.id for b in YAML_BLOCKS])
def test_yaml_example(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "invalid" in block.flags:
        # Load it as a file (YAML syntax and missing files are checked there too); the
        # message must be the one the docs show in the output block that follows.
        name = next((f[5:] for f in block.flags if f.startswith("file=")), "notice.yaml")
        (tmp_path / name).write_text(block.code, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        with pytest.raises(notice_kit.DataError) as caught:
            notice_kit.load_notice(name)
        shown = _output_block(block)
        if shown is not None:
            for line in f"错误 / error: {caught.value}".splitlines():
                assert line in shown.code, f"the docs do not show this error line: {line}"
        return
    data = yaml.safe_load(block.code)
    if isinstance(data, dict) and "notice" in data:
        package = notice_kit.package_from_data(data, base_dir=ROOT / "examples")
        assert package.title_text
