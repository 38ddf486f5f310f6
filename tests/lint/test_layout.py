"""NK501: a 主送 list that leaves page 1 without body text (GB/T 9704-2012 7.3.2)."""

from __future__ import annotations

import notice_kit
from notice_kit.lint.rules.layout import PageOne, page_one
from notice_kit.models import Package

from .helpers import data, package, run


def addressees(n: int) -> list[str]:
    return [f"第{i}县（市、区）教育局" for i in range(1, n + 1)]


def test_seed_page_one_estimate(seed_package: Package) -> None:
    # Measured in the seed's PDF: 版头 9 lines, title 2 + 2 blank, 主送 3 + 1 blank, body 5.
    assert page_one(seed_package) == PageOne(total=22, header=9, title=4, addressees=4)
    assert page_one(seed_package).body == 5


def test_addressees_pushing_the_body_off_page_one() -> None:
    [finding] = run("NK501", package(None, addressees=addressees(40)))
    assert finding.severity == "warning"
    assert finding.location == "notice.addressees"
    assert "版记" in finding.message


def test_addressees_leaving_one_line_is_a_hint() -> None:
    counts = {n: page_one(package(None, addressees=addressees(n))).body for n in range(5, 40)}
    one_line = min(n for n, body in counts.items() if body == 1)
    [finding] = run("NK501", package(None, addressees=addressees(one_line)))
    assert finding.severity == "info"


def test_short_addressees_and_letterheads_are_not_estimated() -> None:
    assert run("NK501", package(None)) == []
    assert run("NK501", package(None, addressees=[])) == []
    raw = data(None, addressees=addressees(40))
    raw["options"] = {"letterhead": "letterhead.docx"}
    assert run("NK501", notice_kit.package_from_data(raw)) == []
