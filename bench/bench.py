"""Benchmark notice_kit on the seed example (not a test: prints numbers).

    python bench/bench.py [--batch 20] [--repeat 3]

(a) a bare `soffice --convert-to pdf` of the seed's merged .docx (fresh profile, as the
    build uses); (b) `notice-kit build` of the seed end to end (all .docx, merged PDF,
    split PDFs, manifest) as a subprocess; (c) a batch of packages — the seed with the
    回执 pre-filled per recipient unit — through one warm converter; (d) a .docx-only build
    in-process, first call and warm.  Targets (issue 4): b ≤ 1.3 × a; c ≤ 0.5 s a package;
    d ≤ 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "yangzhou-2024-q3" / "notice.yaml"
UNITS = ["广陵区教育局", "邗江区教育局", "江都区教育局", "宝应县教育局", "仪征市教育局",
         "高邮市教育局", "经济技术开发区城乡事务管理局", "市生态科技新城教育管理中心",
         "市蜀冈－瘦西湖风景名胜区社会事业局", "扬州中学", "扬州大学附属中学", "扬州市新华中学",
         "扬州市第一中学", "扬州市邗江中学", "扬州市田家炳实验中学", "扬州市江都中学",
         "扬州市梅岭中学", "扬州市树人学校", "扬州市育才小学", "扬州市汶河小学"]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def show(label: str, seconds: list[float]) -> float:
    med = statistics.median(seconds)
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    print(f"{label:<58} median {med:6.2f} s   ({runs})")
    return med


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import notice_kit
    from notice_kit.batch import build_packages
    from notice_kit.convert.unoserver import WarmConverter

    work = Path(tempfile.mkdtemp(prefix="nk-bench-"))
    package = notice_kit.load_notice(SEED)
    merged = work / "merged.docx"
    merged.write_bytes(notice_kit.render_package_docx(package).data)

    def bare() -> None:
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(work / "bare"), str(merged)],
                           check=True, capture_output=True)

    def cli_build() -> None:
        subprocess.run([sys.executable, "-m", "notice_kit.cli", "build", str(SEED), "-o",
                        str(work / "cli")], check=True, capture_output=True)

    print(f"notice_kit {notice_kit.__version__}; seed: {SEED.relative_to(ROOT)}")
    a = show("(a) bare soffice --convert-to pdf, merged .docx", timed(bare, args.repeat))
    b = show("(b) notice-kit build (CLI, .docx + PDFs + manifest)", timed(cli_build, args.repeat))
    print(f"    b / a = {b / a:.2f}   (target ≤ 1.30)")

    packages = []
    for unit in UNITS[: args.batch]:
        copy = package.model_copy(deep=True)
        receipt = copy.attachments[1]
        receipt.fields[0].value = unit  # type: ignore[union-attr]
        packages.append((unit, copy))
    start = time.perf_counter()
    with WarmConverter() as conv:
        started = time.perf_counter() - start
        for workers in (1, 2, 3):
            t = time.perf_counter()
            outcomes = build_packages(
                [(pkg, work / f"batch{workers}" / unit) for unit, pkg in packages],
                converter=conv, workers=workers,
            )
            assert all(o.ok for o in outcomes)
            per = (time.perf_counter() - t) / len(packages)
            print(f"(c) batch of {len(packages)} packages, warm converter, {workers} worker(s): "
                  f"{per:.2f} s a package   (target ≤ 0.50; start of the converter "
                  f"{started:.1f} s, once per batch)")

    # The first build of a process loads the word segmenter: time it in a fresh process.
    probe = (
        "import time, notice_kit; p = notice_kit.load_notice(%r); t = time.perf_counter(); "
        "notice_kit.build_package(p, %r, formats=['docx']); print(time.perf_counter() - t)"
    )
    firsts = [float(subprocess.run([sys.executable, "-c", probe % (str(SEED), str(work / f"d0{i}"))],
                                   check=True, capture_output=True, text=True).stdout)
              for i in range(args.repeat)]
    first = show("(d) .docx-only build in-process, first in a process", firsts)
    warm = show("(d) .docx-only build in-process, warm",
                timed(lambda: notice_kit.build_package(package, work / "d1", formats=["docx"]),
                      args.repeat))
    _ = first, warm
    print(f"outputs in {work}")


if __name__ == "__main__":
    main()
