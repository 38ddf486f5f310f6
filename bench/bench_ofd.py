"""Benchmark the OFD stage on the seed example (not a test: prints numbers).

    python bench/bench_ofd.py [--pdf PATH] [--repeat 3]

Times turning the seed package's merged PDF into its OFDs (the merged package and one per
part, as `build -f ofd` does), each run in a fresh process so nothing is cached in
memory (subsets are not cached on disk either), and prints wall and CPU seconds per
stage: reading the PDF (notice_kit.ofd.pdfread over pypdf), subsetting the package's fonts
(notice_kit.ofd.cff), writing the 5 OFD files (with each part's own font subsets), and
the whole stage; and, outside the stage, importing notice_kit.ofd and loading the notice.
Without --pdf the seed is first built (PDF only). Prints the 1-minute load average
before and after, since the machine is shared. Target (issue 16): ≤ 1.5 s for the stage.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "yangzhou-2024-q3" / "notice.yaml"

CHILD = r"""
import json, sys, time
from pathlib import Path
t0, c0 = time.perf_counter(), time.process_time()
from notice_kit.loading import load_notice
from notice_kit.manifest import Manifest
from notice_kit.ofd import OfdSource
from notice_kit.ofd.package import doc_info, outline_title
from notice_kit.ofd.writer import OutlineEntry
package = load_notice(sys.argv[2])
parts = Manifest.model_validate_json(Path(sys.argv[3]).read_bytes()).parts
t1, c1 = time.perf_counter(), time.process_time()
source = OfdSource(Path(sys.argv[1]))
t2, c2 = time.perf_counter(), time.process_time()
for s in source.book.sources():
    source.book.font(s)
t3, c3 = time.perf_counter(), time.process_time()
outline = [OutlineEntry(outline_title(p), p.first_page - 1) for p in parts]
sizes = [len(source.write(doc_info(package), outline))]
for p in parts:
    sizes.append(len(source.write(doc_info(package, p.title), [OutlineEntry(p.title, 0)],
                                  first_page=p.first_page, last_page=p.last_page)))
t4, c4 = time.perf_counter(), time.process_time()
print(json.dumps({"import+load": [t1 - t0, c1 - c0], "read": [t2 - t1, c2 - c1],
                  "fonts": [t3 - t2, c3 - c2], "write": [t4 - t3, c4 - c3],
                  "stage": [t4 - t1, c4 - c1], "sizes": sizes}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, help="the seed's merged PDF (default: build it)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        subprocess.run([sys.executable, "-m", "notice_kit.cli", "build", str(SEED), "-o",
                        str(out), "-f", "pdf"], check=True, capture_output=True)
        manifest = out / "manifest.json"
        pdf = args.pdf or next(p for p in out.glob("*.pdf") if not p.name.startswith(("正文",
                                                                                         "附件")))
        runs = [json.loads(subprocess.run([sys.executable, "-c", CHILD, str(pdf), str(SEED),
                                           str(manifest)], check=True, capture_output=True,
                                          text=True).stdout) for _ in range(args.repeat)]
    load_after = os.getloadavg()[0]
    print(f"OFD of the seed package ({args.repeat} fresh processes; median, wall / CPU s):")
    for key in ("import+load", "read", "fonts", "write", "stage"):
        wall = statistics.median(r[key][0] for r in runs)
        cpu = statistics.median(r[key][1] for r in runs)
        print(f"  {key:<11} {wall:6.2f} s wall  {cpu:6.2f} s CPU")
    print(f"  sizes: merged {runs[0]['sizes'][0] / 1024:.0f} KB, parts "
          + ", ".join(f"{s / 1024:.0f} KB" for s in runs[0]["sizes"][1:]))
    print(f"  load average (1 min): {load_before:.2f} before, {load_after:.2f} after")
    print("  target: stage ≤ 1.5 s")


if __name__ == "__main__":
    main()
