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

Segmentation (:mod:`notice_kit.layout.segmenter`) uses a private :class:`jieba.Tokenizer`,
loaded on the first title that needs breaking (a prebuilt cache makes that a few
milliseconds); each title after that takes well under a millisecond.  Titles that fit on
one line never load it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, pairwise

from notice_kit.errors import LayoutError
from notice_kit.layout.metrics import char_width, text_width, title_set_width
from notice_kit.layout.segmenter import tokenizer

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
    breaks = _breaks_for(text, tuple(keep_whole), max_width, max_lines, needed)
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
    tokens = tokenizer().lcut(text)
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


@lru_cache(maxsize=256)
def _breaks_for(text: str, keep_whole: tuple[str, ...], max_width: float, max_lines: int,
                needed: int) -> tuple[int, ...] | None:
    # A package sets each title twice (its own .docx and the merged one), and every
    # package of a batch the same titles: the search is a pure function of these.
    return _best_breaks(_analyse(text, keep_whole), max_width, max_lines, needed)


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
