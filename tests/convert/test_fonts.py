"""Font planning: pure logic on made-up font lists, plus checks against this machine's fonts."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from notice_kit.convert.fonts import (
    STANDARD_NAMES,
    FontPlan,
    InstalledFace,
    MissingFontError,
    Role,
    fontconfig_xml,
    plan_fonts,
    uncovered_chars,
)
from notice_kit.errors import ConversionError

NOTO = "/usr/share/fonts/opentype/noto"
FREE_FACES = (
    InstalledFace(("FandolFang", "FandolFang R"), ("Regular",), Path("/f/FandolFang.otf")),
    InstalledFace(
        ("Noto Serif CJK SC",), ("Regular",), Path(f"{NOTO}/NotoSerifCJK-Regular.ttc"), 2
    ),
    InstalledFace(("Noto Serif CJK SC",), ("Bold",), Path(f"{NOTO}/NotoSerifCJK-Bold.ttc"), 2),
    InstalledFace(("Noto Sans CJK SC",), ("Regular",), Path(f"{NOTO}/NotoSansCJK-Regular.ttc"), 2),
    InstalledFace(("LXGW WenKai", "霞鹜文楷"), ("Regular",), Path("/f/LXGWWenKai-Regular.ttf")),
    # Listed before the plain face, as fc-list may do; its canonical style is "Condensed".
    InstalledFace(
        ("DejaVu Serif", "DejaVu Serif Condensed"), ("Condensed", "Book"), Path("/f/DVSC.ttf")
    ),
    InstalledFace(("DejaVu Serif",), ("Book",), Path("/f/DejaVuSerif.ttf")),
)
ALL_NAMES = [n for names in STANDARD_NAMES.values() for n in names]


def test_ranked_candidates_are_chosen() -> None:
    plan = plan_fonts(installed=FREE_FACES)
    assert plan.faces["仿宋_GB2312"].family == "FandolFang"
    assert plan.faces["方正小标宋简体"].style == "Bold"
    assert plan.faces["方正小标宋简体"].weight == "bold"
    assert plan.faces["黑体"].family == "Noto Sans CJK SC"
    assert plan.faces["楷体_GB2312"].family == "LXGW WenKai"
    assert plan.faces["宋体"].file.name == "NotoSerifCJK-Regular.ttc"
    assert plan.faces["Times New Roman"].file.name == "DejaVuSerif.ttf"
    assert plan.unmapped == ()
    assert plan.substitutions["仿宋"] == "FandolFang Regular"


def test_a_plan_is_made_once_per_set_of_faces_and_each_caller_gets_its_own() -> None:
    # Every build asks for the plan: the matching is kept per set of installed faces.
    first = plan_fonts(installed=FREE_FACES)
    first.faces["仿宋_GB2312"] = first.faces["黑体"]  # type: ignore[index]
    again = plan_fonts(installed=FREE_FACES)
    assert again.faces["仿宋_GB2312"].family == "FandolFang"
    other = plan_fonts(installed=[f for f in FREE_FACES if "FandolFang" not in f.families])
    assert other.faces["仿宋_GB2312"].family != "FandolFang"


def test_next_candidate_when_the_first_is_missing() -> None:
    without_fandol = [f for f in FREE_FACES if "FandolFang" not in f.families]
    plan = plan_fonts(installed=without_fandol)
    assert plan.faces["FangSong"].family == "Noto Serif CJK SC"
    assert plan.faces["FangSong"].style == "Regular"


def test_black_is_preferred_for_xiaobiaosong() -> None:
    black = InstalledFace(("Noto Serif CJK SC",), ("Black",), Path("/f/NotoSerifCJKsc-Black.otf"))
    plan = plan_fonts(installed=[*FREE_FACES, black])
    assert plan.faces["小标宋"].style == "Black"
    assert "<const>black</const>" in fontconfig_xml(plan)


def test_nothing_installed_leaves_names_unmapped() -> None:
    plan = plan_fonts(installed=[])
    assert plan.faces == {}
    assert set(plan.unmapped) == set(ALL_NAMES)


def test_a_real_standard_font_is_used_as_itself_and_not_aliased() -> None:
    real = InstalledFace(("仿宋_GB2312", "FangSong_GB2312"), ("Regular",), Path("/f/simfang.ttf"))
    plan = plan_fonts(installed=[*FREE_FACES, real])
    assert plan.faces["仿宋_GB2312"].substitute is False
    assert plan.faces["仿宋_GB2312"].file.name == "simfang.ttf"
    assert plan.faces["仿宋"].family == "FandolFang"  # a different name, still substituted
    assert "<family>仿宋_GB2312</family>" not in fontconfig_xml(plan)


def test_strict_lists_every_missing_standard_font() -> None:
    with pytest.raises(MissingFontError) as info:
        plan_fonts(installed=FREE_FACES, strict=True)
    assert isinstance(info.value, ConversionError)
    assert set(info.value.missing) == set(ALL_NAMES)
    assert "仿宋_GB2312" in str(info.value)
    assert "方正小标宋简体" in str(info.value)


def test_strict_passes_when_every_standard_font_is_real() -> None:
    real = [InstalledFace((n,), ("Regular",), Path(f"/f/{i}.ttf")) for i, n in enumerate(ALL_NAMES)]
    plan = plan_fonts(installed=real, strict=True)
    assert not plan.substitutions
    assert "<alias" not in fontconfig_xml(plan)


def test_fontconfig_xml_structure() -> None:
    plan = plan_fonts(installed=FREE_FACES, font_dirs=[Path("/opt/x & y")])
    root = ET.fromstring(fontconfig_xml(plan))
    assert root.find("include").text == "/etc/fonts/fonts.conf"  # type: ignore[union-attr]
    assert [d.text for d in root.findall("dir")] == ["/opt/x & y"]
    aliases = {a.findtext("family"): a.findtext("prefer/family") for a in root.findall("alias")}
    assert all(a.get("binding") == "strong" for a in root.findall("alias"))
    assert aliases["仿宋_GB2312"] == "FandolFang"
    assert aliases["黑体"] == "Noto Sans CJK SC"
    assert aliases["方正小标宋简体"] == "Noto Serif CJK SC"
    bold_for = {m.findtext("test/string") for m in root.findall("match")}
    assert bold_for == set(STANDARD_NAMES[Role.XIAOBIAOSONG])


# --- this machine --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def machine_plan() -> FontPlan:
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig not installed (run scripts/install-system-deps.sh)")
    plan = plan_fonts()
    if "FandolFang" not in {f.family for f in plan.faces.values()}:
        pytest.skip("FandolFang not installed (run scripts/install-system-deps.sh)")
    return plan


@pytest.mark.parametrize(
    ("name", "family", "style"),
    [
        ("仿宋_GB2312", "FandolFang", "Regular"),
        ("方正小标宋简体", "Noto Serif CJK SC", None),
        ("黑体", "Noto Sans CJK SC", "Regular"),
        ("楷体_GB2312", "AR PL UKai CN", None),
        ("宋体", "Noto Serif CJK SC", "Regular"),
    ],
)
def test_fontconfig_follows_the_generated_file(
    machine_plan: FontPlan, tmp_path: Path, name: str, family: str, style: str | None
) -> None:
    conf = tmp_path / "fonts.conf"
    conf.write_text(fontconfig_xml(machine_plan), encoding="utf-8")
    got = subprocess.run(
        ["fc-match", "-f", "%{family[0]}\t%{style[0]}\t%{file}", name],
        env={**os.environ, "FONTCONFIG_FILE": str(conf)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\t")
    face = machine_plan.faces[name]
    assert got[0] == family == face.family
    assert got[1] == (style or face.style)
    assert Path(got[2]) == face.file


def test_uncovered_chars(machine_plan: FontPlan) -> None:
    # 堃 is outside GB2312: FandolFang lacks it, the Noto faces have it.
    text = "各单位：\n请于2025年报送。堃堃\U0010fffd"
    assert uncovered_chars(text, machine_plan, ["仿宋_GB2312"]) == ["堃", "\U0010fffd"]
    assert uncovered_chars(text, machine_plan) == ["\U0010fffd"]
    assert uncovered_chars("", machine_plan) == []
    assert uncovered_chars("堃", machine_plan, ["not a standard name"]) == ["堃"]
