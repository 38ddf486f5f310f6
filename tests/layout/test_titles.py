"""Title line breaking, GB/T 9704-2012 7.3.1 (标题回行：词意完整，排列对称，梯形或菱形)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

import pytest

from notice_kit.errors import LayoutError
from notice_kit.layout import segmenter, titles
from notice_kit.layout.titles import TitleTooLongError, break_title, text_width

SEED = "关于开展全市青少年生命关爱第三季度复盘与调度工作的通知"
SCHOOL_START = "关于做好2025年全市中小学校春季学期开学工作的通知"
YANGZHOU_PLAN = (
    "扬州市教育局关于印发《扬州市中小学生心理健康教育工作实施方案（2024—2026年）》的通知"
)
SAFETY_MEETING = "关于召开全市教育系统安全生产工作会议的通知"
EDUCATION_LAW = "关于学习贯彻《中华人民共和国教育法》加强依法治校工作的通知"
FIFTY = (
    "关于转发省教育厅等十部门关于进一步加强新时代中小学校"
    "家庭教育指导服务和家校社协同育人工作的意见的通知"
)
REALISTIC = [SEED, SCHOOL_START, YANGZHOU_PLAN, SAFETY_MEETING, EDUCATION_LAW, FIFTY]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def jieba_cuts(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An independent jieba segmenter (not the module's own) to judge word boundaries."""
    import jieba  # type: ignore[import-untyped]

    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    return tokenizer.lcut


def boundaries(text: str, tokens: Sequence[str]) -> set[int]:
    assert "".join(tokens) == text
    return set(accumulate(len(token) for token in tokens))


def break_positions(lines: Sequence[str]) -> list[int]:
    return list(accumulate(len(line) for line in lines))[:-1]


def is_trapezoid_or_diamond(widths: Sequence[float], tolerance: float = 1.0) -> bool:
    """梯形 (monotone) or 菱形 (rises, then falls), widths within ``tolerance`` equal."""
    last = len(widths) - 1
    return any(
        all(widths[i] <= widths[i + 1] + tolerance for i in range(peak))
        and all(widths[i] >= widths[i + 1] - tolerance for i in range(peak, last))
        for peak in range(len(widths))
    )


def widths(lines: Sequence[str]) -> list[float]:
    return [text_width(line) for line in lines]


# --- the seed title -------------------------------------------------------------------


def test_seed_title_breaks_into_two_balanced_lines_between_words(jieba_cuts: Any) -> None:
    """GB/T 9704-2012 7.3.1: 词意完整, 排列对称 — not the greedy 20 + 7 of other tools."""
    lines = break_title(SEED)

    assert len(lines) == 2
    assert "".join(lines) == SEED
    assert set(break_positions(lines)) <= boundaries(SEED, jieba_cuts(SEED))
    assert not any(line.endswith("复盘与") for line in lines)
    assert not any(line.startswith("的") for line in lines)
    assert abs(text_width(lines[0]) - text_width(lines[1])) <= 3
    assert lines == ["关于开展全市青少年生命关爱", "第三季度复盘与调度工作的通知"]


def test_seed_title_never_ends_a_line_with_a_lead_in_word() -> None:
    """GB/T 9704-2012 7.3.1: 关于/与/和 lead into the next word, so never end a line."""
    for max_width in (14, 16, 18, 20, 24):
        for line in break_title(SEED, max_width=max_width)[:-1]:
            assert not line.endswith(("关于", "与", "和")), (max_width, line)


# --- one line ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "关于召开全市教育工作会议的通知",
        "关于做好全市中小学校春季开学工作的通知",
        "关于召开全市教育系统安全生产会议的通知",
    ],
)
def test_title_that_fits_stays_on_one_line(title: str) -> None:
    """GB/T 9704-2012 7.3.1: a title no wider than the text block is not broken."""
    assert text_width(title) <= 20
    assert break_title(title) == [title]


def test_title_that_fits_does_not_load_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    """GB/T 9704-2012 7.3.1: most titles fit one line; they must not pay jieba's start-up."""

    def refuse() -> None:
        raise AssertionError("jieba loaded for a one-line title")

    monkeypatch.setattr(titles, "tokenizer", refuse)
    assert break_title("关于召开全市教育工作会议的通知") == ["关于召开全市教育工作会议的通知"]


# --- widths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width"),
    [("通知", 2.0), ("2025", 2.0), ("ABC", 1.5), ("2025年", 3.0), ("《》（）“”", 6.0), ("—", 1.0)],
)
def test_text_width_counts_half_width_characters_as_half(text: str, width: float) -> None:
    """GB/T 9704-2012 7.3.1: line capacity is in full-width characters; digits take half."""
    assert text_width(text) == width


def test_half_width_digits_count_with_their_cjk_latin_spacing() -> None:
    """GB/T 9704-2012 7.3.1: 22 characters, 4 of them digits, are 20 cells — but "2025年"
    also takes the CJK/Latin spacing (0.2 cell each side), 20.4 in all: more than a line.
    Measured on LibreOffice's PDF before this was counted: the title came out as one line
    of 21 characters and "知" alone on the second.  Now two balanced lines; 19 cells with
    digits (19.4 set) still fit one."""
    title = "关于做好2025年全市中小学校开学工作的通知"
    assert len(title) == 22
    assert break_title(title, max_width=20.1) == ["关于做好2025年全市", "中小学校开学工作的通知"]
    shorter = "关于做好2025年全市中小学开学工作的通知"
    assert break_title(shorter, max_width=20.1) == [shorter]
    assert len(break_title(title.replace("2025", "二〇二五"))) == 2


# --- several lines -----------------------------------------------------------------------


def test_fifty_character_title_gives_three_lines_in_trapezoid_or_diamond() -> None:
    """GB/T 9704-2012 7.3.1: 标题排列应当使用梯形或菱形."""
    assert len(FIFTY) == 50
    lines = break_title(FIFTY)

    assert len(lines) == 3
    assert "".join(lines) == FIFTY
    assert all(text_width(line) <= 20 for line in lines)
    assert is_trapezoid_or_diamond(widths(lines))
    assert max(widths(lines)) - min(widths(lines)) <= 3


def test_book_title_is_never_broken() -> None:
    """GB/T 9704-2012 7.3.1: 词意完整 — a 《…》 document name stays on one line."""
    book = "《中华人民共和国教育法》"
    lines = break_title(EDUCATION_LAW)
    assert len(lines) == 2
    assert any(book in line for line in lines)

    # Narrower lines: a third line is better than cutting the book title.
    narrow = break_title(EDUCATION_LAW, max_width=16)
    assert narrow == ["关于学习贯彻", book, "加强依法治校工作的通知"]


def test_book_title_kept_whole_even_if_de_tongzhi_stands_alone() -> None:
    """GB/T 9704-2012 7.3.1: 关于转发 / 《…》 / 的通知 is a 菱形; a cut 《…》 is not."""
    title = "关于转发《江苏省中小学生体质健康提升行动方案》的通知"
    lines = break_title(title)
    assert "《江苏省中小学生体质健康提升行动方案》" in lines
    assert is_trapezoid_or_diamond(widths(lines))


def test_book_title_wider_than_a_line_breaks_once_outside_the_inner_brackets() -> None:
    """GB/T 9704-2012 7.3.1: a 29-character 《…》 must break; (2024—2026年) still may not."""
    lines = break_title(YANGZHOU_PLAN)

    assert len(lines) == 3
    assert "".join(lines) == YANGZHOU_PLAN
    assert all(text_width(line) <= 20 for line in lines)
    assert any("（2024—2026年）" in line for line in lines)
    assert lines[0] == "扬州市教育局关于印发"
    assert lines[-1].endswith("》的通知")
    assert sum("《" in line or "》" in line for line in lines) == 2  # one cut, not two
    assert is_trapezoid_or_diamond(widths(lines))


def test_number_with_its_unit_is_never_split() -> None:
    """GB/T 9704-2012 7.3.1: 2025年 is one word even though jieba cuts 2025 / 年."""
    lines = break_title(SCHOOL_START)
    assert lines == ["关于做好2025年全市中小学校", "春季学期开学工作的通知"]
    for max_width in (9, 10, 11, 12):
        assert any("2025年" in line for line in break_title(SCHOOL_START, max_width=max_width))
    # 24 cells in three lines of 8 leave no room for the spacing around "2025": too long,
    # rather than a line that LibreOffice would wrap again.
    with pytest.raises(TitleTooLongError):
        break_title(SCHOOL_START, max_width=8)


def test_domain_term_is_not_torn_where_jieba_mis_segments() -> None:
    """GB/T 9704-2012 7.3.1: jieba reads 教育/系统安全/生产; the title reads 教育系统/安全生产."""
    assert break_title(SAFETY_MEETING) == ["关于召开全市教育系统", "安全生产工作会议的通知"]


def test_wen_zhong_is_not_left_alone_on_the_last_line() -> None:
    """GB/T 9704-2012 7.3.1: …的 / 通知 leaves the 文种 stranded; keep 的通知 together."""
    for title in REALISTIC:
        for max_width in (12, 14, 16, 18, 20):
            try:
                lines = break_title(title, max_width=max_width)
            except TitleTooLongError:
                continue
            assert lines[-1] != "通知", (title, max_width)
            assert not lines[-1].startswith("的"), (title, max_width)


@pytest.mark.parametrize("title", REALISTIC)
@pytest.mark.parametrize("max_width", [6, 8, 10, 13, 16, 20])
def test_no_line_is_a_lone_character_and_nothing_is_lost(title: str, max_width: float) -> None:
    """GB/T 9704-2012 7.3.1: 长短适宜 — no line of one character, every line fits."""
    try:
        lines = break_title(title, max_width=max_width, max_lines=10)
    except TitleTooLongError:
        pytest.skip("needs more than 10 lines")
    assert "".join(lines) == title
    assert all(len(line) > 1 for line in lines)
    assert all(text_width(line) <= max_width for line in lines)


def test_a_word_wider_than_a_line_is_broken_as_a_last_resort() -> None:
    """GB/T 9704-2012 7.3.1: a title must still be set when one word cannot fit a line."""
    title = "关于" + "A" * 50 + "的通知"
    lines = break_title(title)
    assert "".join(lines) == title
    assert all(text_width(line) <= 20 for line in lines)


def test_result_is_deterministic() -> None:
    """GB/T 9704-2012 7.3.1: the same title is always set the same way."""
    assert {tuple(break_title(FIFTY)) for _ in range(3)} == {tuple(break_title(FIFTY))}


# --- explicit breaks ---------------------------------------------------------------------


def test_explicit_line_breaks_win() -> None:
    """GB/T 9704-2012 7.3.1: the drafter's own 回行 is kept, even when unbalanced."""
    title = "关于开展全市青少年\n生命关爱第三季度复盘与调度工作的通知"
    assert break_title(title) == ["关于开展全市青少年", "生命关爱第三季度复盘与调度工作的通知"]
    assert break_title(title.replace("\n", "")) != break_title(title)
    assert break_title("关于召开\r\n工作会议的通知\n") == ["关于召开", "工作会议的通知"]


def test_explicit_line_too_wide_is_refused() -> None:
    """GB/T 9704-2012 7.3.1: a given line wider than the text block cannot be set."""
    with pytest.raises(TitleTooLongError, match=r"标题第 2 行过宽.*title line 2 too wide"):
        break_title("关于开展\n全市青少年生命关爱第三季度复盘与调度工作的通知", max_width=20)


def test_too_many_explicit_lines_are_refused() -> None:
    """GB/T 9704-2012 7.3.1: at most ``max_lines`` lines, given or not."""
    with pytest.raises(TitleTooLongError, match=r"给定 4 行，最多 3 行.*4 lines given"):
        break_title("关于\n召开\n会议\n的通知")


# --- errors ------------------------------------------------------------------------------


def test_title_too_long_raises_with_bilingual_message() -> None:
    """GB/T 9704-2012 7.3.1: a 90-character title needs 5 lines of 20, over the limit of 3."""
    title = "关于" + "全市中小学校春季学期开学工作" * 6 + "的通知"
    title = title[:87] + "的通知"
    assert len(title) == 90
    with pytest.raises(TitleTooLongError) as caught:
        break_title(title)
    message = str(caught.value)
    assert "标题过长" in message
    assert "需要 5 行，最多 3 行" in message
    assert "title too long" in message
    assert "need 5 lines, at most 3 allowed" in message
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, LayoutError)


def test_more_lines_allowed_lets_a_long_title_through() -> None:
    """GB/T 9704-2012 7.3.1: ``max_lines`` is the caller's limit, not a fixed one."""
    title = "关于" + "全市中小学校春季学期开学工作" * 5 + "的通知"
    lines = break_title(title, max_lines=5)
    assert "".join(lines) == title
    assert len(lines) <= 5


@pytest.mark.parametrize("title", ["", "  \n "])
def test_empty_title_is_refused(title: str) -> None:
    """GB/T 9704-2012 7.3.1: a notice has a title."""
    with pytest.raises(LayoutError, match="标题为空"):
        break_title(title)


@pytest.mark.parametrize(("max_width", "max_lines"), [(0.5, 3), (float("nan"), 3), (20, 0)])
def test_bad_limits_are_refused(max_width: float, max_lines: int) -> None:
    """GB/T 9704-2012 7.3.1: limits must allow at least one character on one line."""
    with pytest.raises(ValueError):
        break_title(SEED, max_width=max_width, max_lines=max_lines)


# --- jieba start-up ----------------------------------------------------------------------


def test_first_use_is_silent_and_caches_in_the_user_cache_dir(tmp_path: Path) -> None:
    """GB/T 9704-2012 7.3.1 needs segmentation; loading it must print nothing."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONWARNINGS", None)
    script = (
        "from notice_kit.layout.titles import break_title\n"
        f"assert len(break_title({SEED!r})) == 2\n"
        "import jieba\n"
        "assert not jieba.dt.initialized, 'the default tokenizer was touched'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""
    assert list((tmp_path / "notice_kit").glob("jieba-*.cache"))


def test_cache_dir_falls_back_to_home_then_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GB/T 9704-2012 7.3.1 segmentation cache: XDG, else ~/.cache, else the temp dir."""
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert segmenter._cache_dir() == str(tmp_path / ".cache" / "notice_kit")

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    import tempfile

    assert segmenter._cache_dir() == tempfile.gettempdir()


def test_repeated_title_gets_the_same_lines_in_a_fresh_list() -> None:
    # The search is memoised (a package sets each title twice, a batch many times): a
    # caller changing the list it got must not change what the next caller gets.
    title = "关于开展全市青少年生命关爱第三季度复盘与调度工作的通知"
    first = break_title(title, max_width=15)
    first.append("changed")
    second = break_title(title, max_width=15)
    assert second == first[:-1] and len(second) > 1
    assert second is not break_title(title, max_width=15)
    # Other arguments are other keys: keep_whole and the width change the result.
    assert break_title(title, max_width=15, keep_whole=["青少年生命关爱第三季度复盘"]) != second
    assert break_title(title, max_width=12) != second
