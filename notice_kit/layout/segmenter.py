"""Chinese word segmentation for breaking titles: jieba's, loaded once and quietly, or
read from a prebuilt cache that cuts exactly as jieba does.

A private :class:`jieba.Tokenizer` is loaded on the first title that needs breaking:
≈0.7 s the first time on a machine, which writes a cache file to
``$XDG_CACHE_HOME/notice_kit`` (else ``~/.cache/notice_kit``), ≈0.6 s in later processes.
From then on the prebuilt SQLite cache (:class:`_CachedSegmenter`) takes a few
milliseconds instead.
"""

from __future__ import annotations

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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from notice_kit.cache import cache_dir

__all__ = ["tokenizer"]

# Terms of official-notice titles that jieba's general dictionary segments wrongly
# (教育系统安全生产 → 教育/系统安全/生产), so a break would tear them.  Private tokenizer only.
_EXTRA_WORDS = ("安全生产", "教育系统", "课后服务", "校外培训", "立德树人", "家校共育",
                "冬奥会", "残奥会", "冬残奥会", "操作指南", "计划表", "统计表", "一览表", "登记表",
                "报名表", "申请表", "汇总表", "工作方案", "实施方案")
# Far above the product of the parts' frequencies, so the whole term always wins.
_EXTRA_WORD_FREQ = 1000


# --- jieba, loaded once and quietly ------------------------------------------------------

_tokenizer_lock = threading.Lock()
_loaded: list[Any] = []  # the private jieba.Tokenizer once loaded


def tokenizer() -> Any:
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
