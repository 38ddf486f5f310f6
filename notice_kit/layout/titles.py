"""Break a notice title (标题) into centred lines, GB/T 9704-2012 7.3.1.

The standard asks of a long title: "回行时，要做到词意完整，排列对称，长短适宜，间距恰当，
标题排列应当使用梯形或菱形".  :func:`break_title` searches every way of breaking the title
into at most ``max_lines`` lines no wider than ``max_width`` and keeps the one with the lowest
key, compared item by item (lower is better):

1. **words split** — breaks that cut a word: a jieba token, a number with its unit such as
   ``2025年`` or ``2024—2026年``, a Latin word, or that strand punctuation (a line starting
   with 》，、 or ending with 《“（).  Only taken when one word is wider than a whole line.
2. **rules broken** — each break inside a 《…》 “…” （…） span costs 2 per level of nesting
   (it cuts a name or a quotation in two, the worst tear of meaning); 1 each for a line
   starting with a particle that leans on the word before it (的, 之, 等 …), a line ending
   with a word that leads into the next (关于, 与, 和, 及 …), a one-character line, and a
   last line holding only the last word (the 文种 "通知" cut off from its "的").  These are
   the "never"s of 7.3.1 (词意完整); when they conflict (a book title wider than a line)
   the cheapest set is broken, so ``关于转发 / 《…》 / 的通知`` beats a book title cut in two.
3. **lines** — fewer lines first.
4. **shape** — 0 for 梯形 (widths monotone) or 菱形 (rising, then falling), 1 for anything
   else such as 沙漏; widths within 1 character count as equal.
5. **balance** — widest minus narrowest line, plus 1 when the last line is wider than the
   first: 正梯形 (upper line longer) is preferred, 倒梯形 accepted.
6. the break positions, so that equal scores always resolve the same way.

Widths are in full-width characters (:func:`text_width`): at 2号 (22 pt) 小标宋 with −0.25 pt
character spacing about 20 fit the 156 mm text block, hence ``max_width=20``.

Segmentation uses a private :class:`jieba.Tokenizer`, loaded on the first title that needs
breaking: ≈0.7 s the first time on a machine, which writes a cache file to
``$XDG_CACHE_HOME/notice_kit`` (else ``~/.cache/notice_kit``), ≈0.6 s in later processes;
each title after that takes well under a millisecond.  Titles that fit on one line never
load it.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any

from notice_kit.cache import cache_dir
from notice_kit.errors import LayoutError
from notice_kit.layout.metrics import char_width, text_width, title_set_width

__all__ = ["TitleTooLongError", "break_title", "text_width"]


class TitleTooLongError(LayoutError):
    """The title does not fit in ``max_lines`` lines of ``max_width`` characters."""


# Brackets whose content is one unit of meaning (a document name, a quotation, a period).
_PAIRS = {
    "《": "》",
    "〈": "〉",
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "〔": "〕",
    "【": "】",
    "[": "]",
}
_OPENERS = frozenset(_PAIRS) | {'"'}
# Punctuation that must stay on the line of the word before it.
_NO_LINE_START = frozenset(_PAIRS.values()) | set("、，。；：！？,.;:!?…")

# Tokens that lean on the word before them: a line must not start with one.
_BAD_LINE_START = frozenset({"的", "之", "地", "得", "等", "等等", "了", "着"})
# Tokens that lead into the word after them: a line must not end with one
# ("关于 / 开展…" reads as a dangling preposition, "复盘与 / 调度" tears the pair apart).
_BAD_LINE_END = frozenset(
    {"关于", "对于", "与", "和", "及", "以及", "或", "或者", "暨", "并", "对", "向", "在", "把"}
)

# A number with its decimal part, range and unit, or a Latin word: one unbreakable unit even
# where jieba cuts it ("2024", "—", "2026", "年").
_UNBREAKABLE = re.compile(
    r"""
    [0-9０-９]+ (?:[.．:：][0-9０-９]+)*
    (?: \s*[—–\-~～至到]\s* [0-9０-９]+ (?:[.．][0-9０-９]+)* )?
    [A-Za-z]* (?:学年度|学年|年度|学期|[年月日号届次期项个条名所批级版时%％])?
    | [A-Za-z][A-Za-z0-9]* (?:[-.'’][A-Za-z0-9]+)*
    """,
    re.VERBOSE,
)

# Terms of official-notice titles that jieba's general dictionary segments wrongly
# (教育系统安全生产 → 教育/系统安全/生产), so a break would tear them.  Private tokenizer only.
_EXTRA_WORDS = ("安全生产", "教育系统", "课后服务", "校外培训", "立德树人", "家校共育",
                "冬奥会", "残奥会", "冬残奥会", "操作指南", "计划表", "统计表", "一览表", "登记表",
                "报名表", "申请表", "汇总表", "工作方案", "实施方案")
# Far above the product of the parts' frequencies, so the whole term always wins.
_EXTRA_WORD_FREQ = 1000

_EQUAL_WIDTH = 1.0  # widths this close count as equal when judging the shape
_INVERTED_PENALTY = 1.0  # last line wider than the first (倒梯形): accepted, not preferred
_BRACKET_BREAK_COST = 2  # per nesting level; a dangling word or a lone character costs 1


def break_title(title: str, *, max_width: float = 20.0, max_lines: int = 3,
                keep_whole: Sequence[str] = ()) -> list[str]:
    """Return the lines of ``title`` laid out per GB/T 9704-2012 7.3.1.

    Lines break between words only, balanced, in 梯形 or 菱形 (see the module docstring for
    the ranking).  A title containing ``"\\n"`` is taken as already broken: its lines are
    returned as given (surrounding spaces dropped) after checking their width.

    ``keep_whole`` names phrases never broken, such as the issuing authorities' names
    ("某市教育局某市卫生健康委员会某市体育局关于…" must not break as "某市 / 体育局").

    Raises :class:`TitleTooLongError` (a ``ValueError``) when the title needs more than
    ``max_lines`` lines, or a given line is wider than ``max_width``.
    """
    if not max_width >= 1.0:  # also rejects NaN
        raise ValueError(f"max_width must be at least 1 character, got {max_width}")
    if max_lines < 1:
        raise ValueError(f"max_lines must be at least 1, got {max_lines}")
    text = title.replace("\r\n", "\n").strip()
    if not text:
        raise LayoutError("标题为空 / the title is empty")
    if "\n" in text:
        return _check_given_lines(text.split("\n"), max_width, max_lines)
    if title_set_width(text) <= max_width:
        return [text]
    needed = _min_lines(text, max_width)
    if needed > max_lines:
        raise _too_long(text, max_width, max_lines, needed)
    breaks = _best_breaks(_analyse(text, keep_whole), max_width, max_lines, needed)
    if breaks is None:  # only whitespace-only lines were possible
        raise _too_long(text, max_width, max_lines, max_lines + 1)
    return _cut(text, breaks)


def _check_given_lines(raw: Sequence[str], max_width: float, max_lines: int) -> list[str]:
    lines = [line.strip() for line in raw]
    if len(lines) > max_lines:
        raise TitleTooLongError(
            f"标题过长：给定 {len(lines)} 行，最多 {max_lines} 行 / "
            f"title too long: {len(lines)} lines given, at most {max_lines} allowed"
        )
    for number, line in enumerate(lines, start=1):
        if not line:
            raise LayoutError(f"标题第 {number} 行为空 / title line {number} is empty")
        width = title_set_width(line)
        if width > max_width:
            raise TitleTooLongError(
                f"标题第 {number} 行过宽：“{line}”宽 {width:.1f} 字，每行最多 {max_width:.1f} 字 / "
                f"title line {number} too wide: {width:.1f} characters, at most {max_width:.1f}"
            )
    return lines


def _too_long(text: str, max_width: float, max_lines: int, needed: int) -> TitleTooLongError:
    width = text_width(text)
    return TitleTooLongError(
        f"标题过长：“{text}”宽 {width:.1f} 字，每行最多 {max_width:.1f} 字，"
        f"需要 {needed} 行，最多 {max_lines} 行 / "
        f"title too long: {width:.1f} characters at {max_width:.1f} per line "
        f"need {needed} lines, at most {max_lines} allowed"
    )


def _min_lines(text: str, max_width: float) -> int:
    """Fewest lines ``text`` fits in with breaks anywhere (greedy filling is optimal here)."""
    lines, filled = 1, 0.0
    for ch in text:
        width = char_width(ch)
        if filled + width > max_width:
            lines, filled = lines + 1, 0.0
        filled += width
    return lines


# --- analysis of the title -------------------------------------------------------------


@dataclass(frozen=True)
class _Analysis:
    """Where a title may break and what each break would cost.

    Positions count characters: position ``p`` lies between ``text[p-1]`` and ``text[p]``.
    """

    text: str
    word_breaks: frozenset[int]  # positions that keep every word whole
    depth: tuple[int, ...]  # depth[p]: bracket spans open across position p
    token_ending: dict[int, str]  # the jieba token that ends at p
    token_starting: dict[int, str]  # the jieba token that starts at p
    last_word: int  # where the last token (usually the 文种, e.g. 通知) starts


def _analyse(text: str, keep_whole: Sequence[str] = ()) -> _Analysis:
    tokens = _tokenizer().lcut(text)
    starts = [0, *accumulate(len(token) for token in tokens)]
    unbreakable = {p for m in _UNBREAKABLE.finditer(text) for p in range(m.start() + 1, m.end())}
    for phrase in filter(None, keep_whole):
        for m in re.finditer(re.escape(phrase), text):
            unbreakable.update(range(m.start() + 1, m.end()))
    word_breaks = frozenset(
        p
        for p in starts[1:-1]
        # (An ASCII " is left to the bracket depth: alone it cannot tell opening from closing.)
        if p not in unbreakable and text[p - 1] not in _PAIRS and text[p] not in _NO_LINE_START
    )
    return _Analysis(
        text=text,
        word_breaks=word_breaks,
        depth=_bracket_depths(text),
        token_ending={starts[i + 1]: token for i, token in enumerate(tokens)},
        token_starting={starts[i]: token for i, token in enumerate(tokens)},
        last_word=starts[-2],
    )


def _bracket_depths(text: str) -> tuple[int, ...]:
    """Count, for every position, the matched bracket pairs that enclose it."""
    depth = [0] * (len(text) + 1)
    stack: list[tuple[str, int]] = []
    for index, ch in enumerate(text):
        if stack and ch == _closer_of(stack[-1][0]):
            _, start = stack.pop()
            for p in range(start + 1, index + 1):
                depth[p] += 1
        elif ch in _OPENERS:
            stack.append((ch, index))
        # An unmatched closer or opener protects nothing: it is left out.
    return tuple(depth)


def _closer_of(opener: str) -> str:
    return _PAIRS.get(opener, '"')  # the ASCII quote closes itself


# --- search ------------------------------------------------------------------------------

_Cost = tuple[int, int]  # (words split, rules broken): the additive part of the key
_Key = tuple[int, int, int, int, float, tuple[int, ...]]


def _best_breaks(
    a: _Analysis, max_width: float, max_lines: int, min_lines: int
) -> tuple[int, ...] | None:
    """Return the break positions of the best layout, or None if none fits."""
    # Breaking inside a word ranks first, so any whole-word layout beats every other:
    # only when none exists is the (larger) search over all positions needed.
    for positions in (sorted(a.word_breaks), range(1, len(a.text))):
        search = _Search(a, max_width, positions)
        for lines in range(min_lines, max_lines + 1):
            search.run(lines)
            if search.best is not None and search.best[:2] == (0, 0):
                break  # breaks no rule: more lines could only rank lower
        if search.best is not None:
            return search.best[-1]
    return None


class _Search:
    """Branch and bound over the layouts of one title, best key kept in :attr:`best`.

    Layouts are visited in ascending order of their break positions, so among equal keys
    the first found is the one to keep, and any branch whose lower bound already reaches
    the best key can be cut.  The bound is exact for the additive part of the key (a
    dynamic programme over the rest of the title) and the spread of the widths so far.
    """

    def __init__(self, a: _Analysis, max_width: float, positions: Sequence[int]) -> None:
        self.a = a
        self.max_width = max_width
        self.positions = positions
        self.end = len(a.text)
        self.best: _Key | None = None
        # Widths of the rest of the title with and without inner spaces: the sum of the
        # remaining lines' widths lies between them (edge spaces are dropped).
        self.rest_width = [title_set_width(a.text[p:].strip()) for p in range(self.end + 1)]
        self.rest_ink = [text_width(a.text[p:].replace(" ", "")) for p in range(self.end + 1)]
        self.width = cache(self._width)
        self.cheapest = cache(self._cheapest)

    def run(self, lines: int) -> None:
        """Visit the layouts of exactly ``lines`` lines."""
        self._extend(0, lines, lines, (), (0, 0), ())

    def _width(self, start: int, end: int) -> float:
        # Set widths: "2024年" takes the CJK/Latin spacing too (a title of 20 cells with
        # digits in it does not fit a 20.1-cell line; measured: "…的通 / 知").
        return title_set_width(self.a.text[start:end].strip())

    def _next_lines(self, start: int) -> Iterator[tuple[int, float]]:
        """Yield each break after ``start`` that closes a non-empty line that fits."""
        for index in range(bisect.bisect_right(self.positions, start), len(self.positions)):
            p = self.positions[index]
            width = self.width(start, p)
            if width > self.max_width:
                return  # widths only grow with p: no later break fits either
            if width > 0:  # only spaces so far: an empty line is no line
                yield p, width

    def _cheapest(self, start: int, lines: int) -> _Cost | None:
        """Least cost of setting ``text[start:]`` in exactly ``lines`` lines (None: cannot)."""
        if lines == 1:
            width = self.width(start, self.end)
            return self._line_cost(start, self.end) if 0 < width <= self.max_width else None
        options = [
            _add(self._line_cost(start, p), rest)
            for p, _ in self._next_lines(start)
            if (rest := self.cheapest(p, lines - 1)) is not None
        ]
        return min(options, default=None)

    def _extend(
        self,
        start: int,
        lines: int,
        total: int,
        breaks: tuple[int, ...],
        cost: _Cost,
        widths: tuple[float, ...],
    ) -> None:
        if lines == 1:
            last = self.width(start, self.end)
            if 0 < last <= self.max_width:
                self._offer(_add(cost, self._line_cost(start, self.end)), breaks, (*widths, last))
            return
        for p, width in self._next_lines(start):
            rest = self.cheapest(p, lines - 1)
            if rest is None:
                continue
            head = _add(cost, self._line_cost(start, p))
            grown = (*widths, width)
            if (
                self.best is not None
                and self._bound(head, rest, total, grown, p, lines - 1) >= (self.best[:5])
            ):
                continue
            self._extend(p, lines - 1, total, (*breaks, p), head, grown)

    def _bound(
        self,
        head: _Cost,
        rest: _Cost,
        total: int,
        widths: tuple[float, ...],
        p: int,
        lines_left: int,
    ) -> tuple[int, int, int, int, float]:
        """No layout that starts with ``widths`` and breaks at ``p`` ranks below this."""
        cost = _add(head, rest)
        # Some remaining line is at least, and some at most, the remaining average.
        widest = max(*widths, self.rest_ink[p] / lines_left)
        narrowest = min(*widths, self.rest_width[p] / lines_left)
        shape = 0 if _is_trapezoid_or_diamond(widths) else 1
        return (cost[0], cost[1], total, shape, widest - narrowest)

    def _offer(self, cost: _Cost, breaks: tuple[int, ...], widths: tuple[float, ...]) -> None:
        shape = 0 if _is_trapezoid_or_diamond(widths) else 1
        key = (cost[0], cost[1], len(widths), shape, _imbalance(widths), breaks)
        if self.best is None or key < self.best:
            self.best = key

    def _line_cost(self, start: int, end: int) -> _Cost:
        """Cost of the line ``text[start:end]``, including the break that opens it."""
        a = self.a
        words_split, rules = 0, 0
        if start > 0:
            words_split = 0 if start in a.word_breaks else 1
            rules += _BRACKET_BREAK_COST * a.depth[start]
            rules += a.token_ending.get(start) in _BAD_LINE_END
            rules += a.token_starting.get(start) in _BAD_LINE_START
            # "…的 / 通知": the 文种 alone on the last line reads as an afterthought.
            rules += end == self.end and start == a.last_word
        rules += len(a.text[start:end].strip()) == 1  # a lone character
        return words_split, rules


def _add(x: _Cost, y: _Cost) -> _Cost:
    return x[0] + y[0], x[1] + y[1]


def _is_trapezoid_or_diamond(widths: Sequence[float]) -> bool:
    """True when widths rise to one peak and then fall (either part may be empty)."""
    last = len(widths) - 1
    for peak in range(len(widths)):
        rising = all(widths[i] <= widths[i + 1] + _EQUAL_WIDTH for i in range(peak))
        falling = all(widths[i] >= widths[i + 1] - _EQUAL_WIDTH for i in range(peak, last))
        if rising and falling:
            return True
    return False


def _imbalance(widths: Sequence[float]) -> float:
    inverted = _INVERTED_PENALTY if widths[-1] > widths[0] else 0.0
    return max(widths) - min(widths) + inverted


def _cut(text: str, breaks: Sequence[int]) -> list[str]:
    bounds = [0, *breaks, len(text)]
    return [text[start:end].strip() for start, end in pairwise(bounds)]


# --- jieba, loaded once and quietly ------------------------------------------------------

_tokenizer_lock = threading.Lock()
_loaded: list[Any] = []  # the private jieba.Tokenizer once loaded


def _tokenizer() -> Any:
    """Return the segmenter, loading it on first use (thread-safe): the prebuilt cache
    (:class:`_CachedSegmenter`, a few milliseconds) when there is one, else jieba itself,
    which then writes the cache for the next process."""
    with _tokenizer_lock:
        if not _loaded:
            _loaded.append(_load_segmenter())
        return _loaded[0]


def _load_segmenter() -> Any:
    db = Path(_cache_dir()) / _SEGMENTER_DB
    if db.is_file():
        try:
            return _CachedSegmenter(db)
        except sqlite3.Error as exc:
            logging.getLogger(__name__).debug("segmenter cache unusable (%s): rebuilt", exc)
    tokenizer = _load_tokenizer()
    with contextlib.suppress(OSError, sqlite3.Error):
        _write_segmenter_db(tokenizer, db)
    return tokenizer


def _load_tokenizer() -> Any:
    with warnings.catch_warnings():
        # jieba 0.42 imports pkg_resources, which newer setuptools warns about on import.
        warnings.filterwarnings("ignore", message=".*pkg_resources.*")
        import jieba  # type: ignore[import-untyped]

    cache = _cache_dir()
    # A private tokenizer (the module-level default stays untouched) over the most frequent
    # words only: loading jieba's full 350,000-word dictionary takes ~0.8 s, this ~0.2 s,
    # and titles of official documents are made of common words.
    tokenizer = jieba.Tokenizer(dictionary=_small_dictionary(jieba, cache))
    tokenizer.tmp_dir = cache
    # Versioned: jieba trusts any cache file of the default dictionary without checking it.
    tokenizer.cache_file = f"jieba-{jieba.__version__}-top{_DICTIONARY_WORDS}.cache"
    # jieba logs "Building prefix dict…" at DEBUG to stderr, and a traceback if the cache
    # cannot be written (harmless: the next process just builds it again).  Neither is the
    # caller's business; its logger is shared, so its level is put back afterwards.
    logger = logging.getLogger("jieba")
    previous = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        tokenizer.initialize()
        for word in _EXTRA_WORDS:
            tokenizer.add_word(word, freq=_EXTRA_WORD_FREQ)
    finally:
        logger.setLevel(previous)
    return tokenizer


_DICTIONARY_WORDS = 100_000


def _small_dictionary(jieba: Any, cache: str) -> str:
    """Return a dictionary file of jieba's most frequent words, made once per cache dir."""
    path = Path(cache) / f"jieba-{jieba.__version__}-top{_DICTIONARY_WORDS}.txt"
    if not path.is_file():
        source = Path(jieba.__file__).with_name("dict.txt")
        rows = [r for r in source.read_text(encoding="utf-8").splitlines() if r.strip()]
        rows.sort(key=lambda r: -int(r.split()[1]))
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text("\n".join(rows[:_DICTIONARY_WORDS]) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    return str(path)


def _cache_dir() -> str:
    """Per-user cache folder for jieba's dictionary cache, or the temp dir if unusable."""
    folder = cache_dir()
    return str(folder) if folder is not None else tempfile.gettempdir()


# --- jieba's segmentation from a prebuilt cache ------------------------------------------
#
# Importing jieba (≈0.2 s, most of it pkg_resources) and loading its dictionary (≈0.2 s) cost
# more than laying out a whole notice.  A title needs only the frequencies of its own
# substrings and the HMM emission probabilities of its own characters, so the tokenizer's
# state is kept in an SQLite file (built once, from the loaded tokenizer, beside jieba's own
# cache) and :class:`_CachedSegmenter` replays jieba's ``lcut`` (accurate mode with HMM) on
# what it looks up: the same tokens, exactly (tests/layout compare them with jieba's).

# Versioned with _EXTRA_WORDS: the file holds them.
_SEGMENTER_DB = f"segmenter-jieba-0.42.1-top{_DICTIONARY_WORDS}-v2.sqlite"
_RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_RE_SKIP = re.compile("(\r\n|\\s)", re.U)
_RE_HMM_HAN = re.compile("([\u4E00-\u9FD5]+)")
_RE_HMM_SKIP = re.compile("([a-zA-Z0-9]+(?:\\.\\d+)?%?)")
_MIN_FLOAT = -3.14e100
_PREV_STATES = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}


def _write_segmenter_db(tokenizer: Any, db: Path) -> None:
    """Write the loaded jieba ``tokenizer``'s state (frequencies, HMM) into ``db``."""
    from jieba import finalseg

    tmp = db.with_name(f".{db.name}.{os.getpid()}.{threading.get_ident()}")
    tmp.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(tmp)) as con:
        con.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID")
        con.execute("CREATE TABLE emit (ch TEXT, state TEXT, p REAL, PRIMARY KEY (ch, state))"
                    " WITHOUT ROWID")
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        con.executemany("INSERT INTO freq VALUES (?, ?)", tokenizer.FREQ.items())
        con.executemany("INSERT INTO emit VALUES (?, ?, ?)",
                        ((ch, state, p) for state, probs in finalseg.emit_P.items()
                         for ch, p in probs.items()))
        meta = {"total": tokenizer.total, "longest": max(map(len, tokenizer.FREQ)),
                "start": finalseg.start_P, "trans": finalseg.trans_P}
        con.executemany("INSERT INTO meta VALUES (?, ?)",
                        ((k, json.dumps(v)) for k, v in meta.items()))
        con.commit()
    os.replace(tmp, db)


class _CachedSegmenter:
    """jieba's ``Tokenizer.lcut(text)`` (HMM on) replayed from the prebuilt SQLite state."""

    def __init__(self, db: Path) -> None:
        self.db = db
        with contextlib.closing(self._connect()) as con:
            meta = {k: json.loads(v) for k, v in con.execute("SELECT key, value FROM meta")}
        self.total: int = meta["total"]
        self.longest: int = meta["longest"]
        self.start: dict[str, float] = meta["start"]
        self.trans: dict[str, dict[str, float]] = meta["trans"]

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"{self.db.as_uri()}?mode=ro", uri=True)

    def lcut(self, text: str) -> list[str]:
        with contextlib.closing(self._connect()) as con:
            subs = {text[i:j] for i in range(len(text))
                    for j in range(i + 1, min(len(text), i + self.longest) + 1)}
            freq: dict[str, int] = {}
            chunk = sorted(subs)
            for at in range(0, len(chunk), 500):
                part = chunk[at:at + 500]
                freq.update(con.execute(
                    f"SELECT word, n FROM freq WHERE word IN ({','.join('?' * len(part))})",
                    part))
            chars = sorted(set(text))
            emit: dict[str, dict[str, float]] = {s: {} for s in "BMES"}
            for ch, state, p in con.execute(
                    f"SELECT ch, state, p FROM emit WHERE ch IN ({','.join('?' * len(chars))})",
                    chars):
                emit[state][ch] = p
        return list(self._cut(text, freq, emit))

    def _cut(self, text: str, freq: dict[str, int], emit: dict[str, dict[str, float]]
             ) -> Iterator[str]:
        for block in _RE_HAN.split(text):
            if not block:
                continue
            if _RE_HAN.match(block):
                yield from self._cut_dag(block, freq, emit)
            else:
                for x in _RE_SKIP.split(block):
                    if _RE_SKIP.match(x):
                        yield x
                    else:
                        yield from x

    def _cut_dag(self, sentence: str, freq: dict[str, int], emit: dict[str, dict[str, float]]
                 ) -> Iterator[str]:
        n = len(sentence)
        dag: dict[int, list[int]] = {}
        for k in range(n):
            ends, i, frag = [], k, sentence[k]
            while i < n and frag in freq:
                if freq[frag]:
                    ends.append(i)
                i += 1
                frag = sentence[k:i + 1]
            dag[k] = ends or [k]
        route: dict[int, tuple[float, int]] = {n: (0, 0)}
        logtotal = math.log(self.total)
        for idx in range(n - 1, -1, -1):
            route[idx] = max((math.log(freq.get(sentence[idx:x + 1]) or 1) - logtotal
                              + route[x + 1][0], x) for x in dag[idx])
        x, buf = 0, ""
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if y - x == 1:
                buf += word
            else:
                if buf:
                    yield from self._flush(buf, freq, emit)
                    buf = ""
                yield word
            x = y
        if buf:
            yield from self._flush(buf, freq, emit)

    def _flush(self, buf: str, freq: dict[str, int], emit: dict[str, dict[str, float]]
               ) -> Iterator[str]:
        if len(buf) == 1:
            yield buf
        elif not freq.get(buf):
            yield from self._hmm_cut(buf, emit)
        else:
            yield from buf

    def _hmm_cut(self, sentence: str, emit: dict[str, dict[str, float]]) -> Iterator[str]:
        for block in _RE_HMM_HAN.split(sentence):
            if _RE_HMM_HAN.match(block):
                yield from self._viterbi_words(block, emit)
            else:
                yield from (x for x in _RE_HMM_SKIP.split(block) if x)

    def _viterbi_words(self, sentence: str, emit: dict[str, dict[str, float]]) -> Iterator[str]:
        states = "BMES"
        probs = [{y: self.start[y] + emit[y].get(sentence[0], _MIN_FLOAT) for y in states}]
        path = {y: [y] for y in states}
        for t in range(1, len(sentence)):
            probs.append({})
            new_path = {}
            for y in states:
                em = emit[y].get(sentence[t], _MIN_FLOAT)
                prob, state = max((probs[t - 1][y0] + self.trans[y0].get(y, _MIN_FLOAT) + em, y0)
                                  for y0 in _PREV_STATES[y])
                probs[t][y] = prob
                new_path[y] = [*path[state], y]
            path = new_path
        _, last = max((probs[-1][y], y) for y in "ES")
        begin, after = 0, 0
        for i, ch in enumerate(sentence):
            pos = path[last][i]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield sentence[begin:i + 1]
                after = i + 1
            elif pos == "S":
                yield ch
                after = i + 1
        if after < len(sentence):
            yield sentence[after:]
