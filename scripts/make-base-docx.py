"""Write notice_kit/data/base.docx again: python-docx's template, pruned to what a notice
needs (notice_kit.render.docx.base).  Run after upgrading python-docx or changing the
pruning; tests/render/test_base_document.py fails until then."""

from pathlib import Path

from notice_kit.render.docx.base import BASE_FILE, pruned_template_bytes

target = Path(__file__).resolve().parents[1] / "notice_kit" / BASE_FILE
target.write_bytes(pruned_template_bytes())
print(f"wrote {target} ({target.stat().st_size} bytes)")
