"""Next quarter's notice from last quarter's data, in a few lines (a bureau's script).

    python examples/next_quarter.py OUT_DIR

Last quarter's file (Q4) holds only its own data over the shared template; next quarter
overrides the variables that change and builds the .docx files.  Anything the template
needs but is not given is an error naming the field — no old date is silently kept.
"""

import datetime as dt
import sys
from pathlib import Path

import notice_kit

LAST = Path(__file__).parent / "yangzhou-2024-q4" / "notice.yaml"


def next_quarter(outdir: Path) -> notice_kit.BuildResult:
    changes = {
        "vars": {"quarter": 1,
                 "province_meeting": {"date": dt.date(2025, 3, 21), "number": 7},
                 "meeting": {"start": "2025-04-11 14:30"},
                 "deadlines": {"study": dt.date(2025, 3, 31), "review": dt.date(2025, 4, 3),
                               "report": "2025-04-08 16:00"},
                 "topics": [{"text": "围绕《省厅一季度分析材料》开展学习与反思的情况；"},
                            {"text": "开学后“特定对象”排查情况。"}]},
        "notice": {"header": {"doc_number": "扬教发〔2025〕31号"}, "date": dt.date(2025, 3, 25),
                   "colophon": {"print_date": dt.date(2025, 3, 25)}},
        # 附件1 is the province's analysis of the quarter: new text, not last quarter's.
        "attachments": {"merge": [{"kind": "document", "body": ["（省厅一季度分析材料，收到后录入。）"]}]},
    }
    # Merged after Q4's template is resolved and before its variables are rendered.
    package = notice_kit.load_notice(LAST, changes=changes)
    # Or on the validated package itself, by the same rules:
    package = package.evolve({"options": {"file_stem": "2025年第一季度复盘与调度工作通知"}})
    return notice_kit.build_package(package, outdir, formats=["docx"])


if __name__ == "__main__":
    result = next_quarter(Path(sys.argv[1] if len(sys.argv) > 1 else "out/next-quarter"))
    print(f"written to {result.outdir}")
