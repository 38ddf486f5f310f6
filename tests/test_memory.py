"""notice_kit._memory: freed C-heap pages go back to the system after rendering."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lxml import etree

from notice_kit._memory import give_back


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_tree_pages_are_returned() -> None:
    # A tree as large as a long attachment's document, built and dropped as rendering does.
    root = etree.Element("w")
    for i in range(200_000):
        etree.SubElement(root, "r").text = f"第{i}行"
    del root
    before = _rss_kib()
    give_back()
    assert _rss_kib() < before


def test_give_back_is_safe_to_call_again() -> None:
    give_back()
    give_back()
