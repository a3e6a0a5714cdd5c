"""Patterns over tokens: fixed strings, globs and regular expressions, words and phrases.

One matcher serves every operation that takes patterns (``select``, ``remove``, ``compound``,
``lookup``, ``replace`` on Tokens and Dfm, and ``kwic`` on Tokens), so a pattern means the same
thing everywhere:

- ``kind="glob"`` (default): ``*`` is any run of characters and ``?`` one character; nothing
  else is special (unlike :mod:`fnmatch`, ``[applause]`` is literal). ``kind="regex"``: a Python
  regular expression that must match the whole token. ``kind="fixed"``: the literal string.
- Matching is case-insensitive unless ``case_sensitive=True`` (both sides are case-folded).
- A pattern with whitespace is a **phrase**: one pattern per token, matched on consecutive
  tokens of one document (``"united states"``, ``"econom* growth"``).
- A pattern written in Chinese without wildcards is matched on the **characters** of
  consecutive tokens, however the segmenter split them: ``两个确立`` matches the one token
  ``两个确立`` and the tokens ``两个 确立`` alike — but only when it starts and ends at token
  boundaries.

Pads (removed tokens kept in place) never match, and no phrase spans a pad or a document
boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import ArgumentError, InputError

__all__ = ["KINDS", "Spans", "find_spans", "longest_first", "parse_patterns", "type_mask"]

KINDS = ("glob", "regex", "fixed")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_PAD_CHAR = "\x00"


def has_cjk(text: str) -> bool:
    """True when ``text`` contains a CJK ideograph.

    Examples
    --------
    >>> has_cjk("两个确立"), has_cjk("common prosperity")
    (True, False)
    """
    return _CJK.search(text) is not None


@dataclass(frozen=True)
class Pattern:
    """One parsed pattern: its text, its token pieces and how it is matched."""

    text: str
    pieces: tuple[str, ...]
    kind: str
    chars: bool  # matched on characters across tokens (Chinese without wildcards)


def parse_patterns(patterns: Any, kind: str = "glob") -> list[Pattern]:
    """Turn the ``patterns`` argument into :class:`Pattern` objects.

    Accepts a string, a list of strings, a pandas Series, or a result table with a ``feature``
    column (e.g. :func:`toolkit.collocations`), whose items are phrases of space-joined tokens.

    Examples
    --------
    >>> [p.pieces for p in parse_patterns(["tax*", "united states", "两个确立"])]
    [('tax*',), ('united', 'states'), ('两个确立',)]
    """
    if kind not in KINDS:
        raise ArgumentError(f"kind must be one of {KINDS}, not {kind!r}")
    if isinstance(patterns, pd.DataFrame):
        if "feature" not in patterns.columns:
            raise InputError(
                "a table of patterns needs a 'feature' column (as tk.collocations returns)"
            )
        patterns = patterns["feature"]
    if isinstance(patterns, pd.Series):
        patterns = patterns.tolist()
    if isinstance(patterns, str):
        patterns = [patterns]
    if isinstance(patterns, Mapping) or not isinstance(patterns, Iterable):
        raise InputError(
            f"patterns must be a string, a list of strings or a table with a 'feature' column, "
            f"not {type(patterns).__name__}"
        )
    out = []
    for p in patterns:
        if not isinstance(p, str):
            raise InputError(f"pattern {p!r} is {type(p).__name__}, not str")
        pieces = tuple(p.split())
        if not pieces:
            raise ArgumentError("empty pattern")
        wild = kind == "regex" or (kind == "glob" and any(c in p for c in "*?"))
        chars = len(pieces) == 1 and not wild and has_cjk(p)
        out.append(Pattern(p, pieces, kind, chars))
    return out


@lru_cache(maxsize=4096)
def _compiled(piece: str, kind: str, case_sensitive: bool) -> re.Pattern:
    flags = 0 if case_sensitive else re.IGNORECASE
    if kind == "regex":
        try:
            return re.compile(piece, flags)
        except re.error as e:
            raise ArgumentError(f"pattern {piece!r} is not a valid regular expression: {e}") from e
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in piece)
    return re.compile(body, flags | re.DOTALL)


class _Vocab:
    """A vocabulary prepared for matching: case-folded forms and an index of exact forms."""

    def __init__(self, vocab: np.ndarray, case_sensitive: bool) -> None:
        self.vocab = vocab
        self.case_sensitive = case_sensitive
        words = vocab.tolist()
        self.words = words if case_sensitive else [w.casefold() for w in words]
        index: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            index.setdefault(w, []).append(i)
        self.index = index

    def ids(self, piece: str, kind: str) -> np.ndarray:
        """Vocabulary ids matching one token pattern."""
        if kind == "fixed" or (kind == "glob" and "*" not in piece and "?" not in piece):
            key = piece if self.case_sensitive else piece.casefold()
            return np.asarray(self.index.get(key, []), dtype=np.int64)
        regex = _compiled(piece, kind, self.case_sensitive)
        words = self.vocab.tolist()
        return np.asarray([i for i, w in enumerate(words) if regex.fullmatch(w)], dtype=np.int64)


def type_mask(
    vocab: np.ndarray, patterns: Any, *, kind: str = "glob", case_sensitive: bool = False
) -> np.ndarray:
    """Boolean mask over ``vocab``: types matching any single-token pattern.

    Examples
    --------
    >>> type_mask(np.array(["Tax", "taxes", "war"]), ["tax*"]).tolist()
    [True, True, False]
    >>> type_mask(np.array(["Tax", "taxes"]), "tax", case_sensitive=True).tolist()
    [False, False]
    """
    prepared = _Vocab(np.asarray(vocab, dtype=str), case_sensitive)
    mask = np.zeros(len(vocab), dtype=bool)
    for p in parse_patterns(patterns, kind):
        if len(p.pieces) != 1:
            raise ArgumentError(f"pattern {p.text!r} is a phrase; features are single items")
        mask[prepared.ids(p.pieces[0], p.kind)] = True
    return mask


@dataclass
class Spans:
    """Matches of patterns in a token stream: flat token positions ``start``..``end``
    (inclusive) and the index of the pattern that matched."""

    start: np.ndarray
    end: np.ndarray
    pattern: np.ndarray

    def __len__(self) -> int:
        return len(self.start)

    def take(self, index: np.ndarray) -> Spans:
        return Spans(self.start[index], self.end[index], self.pattern[index])

    def covered(self, n_tokens: int) -> np.ndarray:
        """Boolean mask of the positions inside any span."""
        diff = np.zeros(n_tokens + 1, dtype=np.int64)
        np.add.at(diff, self.start, 1)
        np.add.at(diff, self.end + 1, -1)
        return np.cumsum(diff[:-1]) > 0


def _exact(piece: str, kind: str) -> bool:
    return kind == "fixed" or (kind == "glob" and "*" not in piece and "?" not in piece)


#: Above this many id combinations a phrase is matched position by position instead.
_MAX_COMBINATIONS = 256


def find_spans(tokens: Any, patterns: list[Pattern], *, case_sensitive: bool = False) -> Spans:
    """Every match of every pattern in ``tokens`` (overlapping matches included), sorted by
    start, then longest first, then pattern order.

    Exact patterns (fixed strings and globs without wildcards) of one length are matched all
    at once: every window of the stream becomes one integer key and is looked up among the
    patterns' keys, so a dictionary of thousands of phrases costs one pass per phrase length.
    """
    ids = tokens.ids.astype(np.int64)
    doc = tokens.doc_index
    prepared = _Vocab(tokens.vocab, case_sensitive)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    char_patterns = [(i, p) for i, p in enumerate(patterns) if p.chars]
    exact: dict[int, tuple[list[np.ndarray], list[int]]] = {}
    for i, p in enumerate(patterns):
        if p.chars:
            continue
        choices = [prepared.ids(piece, p.kind) for piece in p.pieces]
        if any(len(c) == 0 for c in choices):
            continue  # a piece matches no type: the pattern cannot occur
        combos = int(np.prod([len(c) for c in choices], dtype=np.float64))
        if all(_exact(q, p.kind) for q in p.pieces) and combos <= _MAX_COMBINATIONS:
            keys, owners = exact.setdefault(len(p.pieces), ([], []))
            grid = np.array(np.meshgrid(*choices, indexing="ij")).reshape(len(choices), -1)
            keys.append(grid)
            owners.extend([i] * grid.shape[1])
            continue
        parts.append(_scan(ids, doc, choices, len(tokens.vocab), i))
    bits = max(int(len(tokens.vocab)).bit_length(), 1)
    for k, (grids, owners) in exact.items():
        parts.append(_lookup_windows(ids, doc, k, np.concatenate(grids, axis=1), owners, bits))
    if char_patterns:
        parts.append(_char_spans(tokens, char_patterns, case_sensitive))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Spans(empty, empty, empty)
    start = np.concatenate([p[0] for p in parts])
    end = np.concatenate([p[1] for p in parts])
    pattern = np.concatenate([p[2] for p in parts])
    order = np.lexsort((pattern, -(end - start), start))
    return Spans(start[order], end[order], pattern[order])


def _scan(
    ids: np.ndarray, doc: np.ndarray, choices: list[np.ndarray], n_types: int, index: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One pattern matched position by position (globs, regexes, many-variant phrases)."""
    k = len(choices)
    size = max(len(ids) - k + 1, 0)
    ok = np.ones(size, dtype=bool)
    for j, chosen in enumerate(choices):
        mask = np.zeros(n_types + 1, dtype=bool)  # last slot: pads (-1)
        mask[chosen] = True
        ok &= mask[ids[j : j + size]]
        if not ok.any():
            break
    if k > 1 and size:
        ok &= doc[:size] == doc[k - 1 : k - 1 + size]
    start = np.flatnonzero(ok)
    return start, start + k - 1, np.full(len(start), index, dtype=np.int64)


def _lookup_windows(
    ids: np.ndarray, doc: np.ndarray, k: int, grid: np.ndarray, owners: list[int], bits: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Windows of ``k`` tokens equal to a column of ``grid`` (id tuples), with the pattern
    owning each tuple (a tuple owned by several patterns is reported for each)."""
    size = max(len(ids) - k + 1, 0)
    empty = np.zeros(0, dtype=np.int64)
    if size == 0 or grid.shape[1] == 0:
        return empty, empty, empty
    shifted = ids + 1  # pads (-1) become 0, never a pattern id
    if k * bits > 62:  # keys would overflow: compare the windows column by column
        starts, pats = [], []
        for col, owner in zip(grid.T, owners, strict=True):
            ok = np.ones(size, dtype=bool)
            for j in range(k):
                ok &= ids[j : j + size] == col[j]
            hit = np.flatnonzero(ok)
            starts.append(hit)
            pats.append(np.full(len(hit), owner, dtype=np.int64))
        start, pattern = np.concatenate(starts), np.concatenate(pats)
    else:
        key = shifted[:size].copy()
        for j in range(1, k):
            key <<= bits
            key |= shifted[j : j + size]
        want = np.zeros(grid.shape[1], dtype=np.int64)
        for j in range(k):
            want <<= bits
            want |= grid[j] + 1
        order = np.argsort(want, kind="stable")
        want, owner = want[order], np.asarray(owners, dtype=np.int64)[order]
        hit = np.flatnonzero(np.isin(key, want))
        lo = np.searchsorted(want, key[hit], side="left")
        hi = np.searchsorted(want, key[hit], side="right")
        reps = hi - lo
        start = np.repeat(hit, reps)
        pattern = owner[_ranges_of(lo, reps)]
    if k > 1 and len(start):
        same = doc[start] == doc[start + k - 1]
        start, pattern = start[same], pattern[same]
    return start, start + k - 1, pattern


def _ranges_of(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    run = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return run + np.arange(total, dtype=np.int64)


def _char_spans(
    tokens: Any, patterns: list[tuple[int, Pattern]], case_sensitive: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chinese patterns on the characters of consecutive tokens, aligned to token boundaries."""
    import ahocorasick

    fold = (lambda s: s) if case_sensitive else str.casefold
    automaton = ahocorasick.Automaton()
    for i, p in patterns:
        key = fold(p.text)
        found = automaton.get(key, (len(key), ()))
        automaton.add_word(key, (found[0], (*found[1], i)))
    automaton.make_automaton()
    vocab = [fold(v) for v in tokens.vocab.tolist()] + [_PAD_CHAR]
    lengths = np.array([len(v) for v in vocab], dtype=np.int64)
    tok_len = lengths[tokens.ids]
    char_start = np.concatenate([[0], np.cumsum(tok_len)])
    text = "".join(vocab[i] for i in tokens.ids.tolist())
    starts, ends, which = [], [], []
    for end_char, (length, hit) in automaton.iter(text):
        for pat in hit:
            starts.append(end_char - length + 1)
            ends.append(end_char + 1)
            which.append(pat)
    if not starts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    s, e, w = (np.asarray(v, dtype=np.int64) for v in (starts, ends, which))
    first = np.searchsorted(char_start, s)
    last = np.searchsorted(char_start, e) - 1
    aligned = (first < len(char_start)) & (char_start[np.minimum(first, len(tok_len))] == s)
    aligned &= char_start[np.minimum(last + 1, len(tok_len))] == e
    first, last, w = first[aligned], last[aligned], w[aligned]
    doc = tokens.doc_index
    same = doc[first] == doc[last] if len(first) else np.zeros(0, dtype=bool)
    return first[same], last[same], w[same]


def longest_first(spans: Spans, groups: np.ndarray | None = None) -> Spans:
    """Leftmost-longest non-overlapping spans (within each group of patterns when ``groups``
    maps every pattern to a group), from spans sorted as :func:`find_spans` sorts them."""
    if len(spans) == 0:
        return spans
    if np.all(spans.start == spans.end) and groups is None:
        first = np.ones(len(spans), dtype=bool)
        first[1:] = spans.start[1:] != spans.start[:-1]
        return spans.take(np.flatnonzero(first))
    keys = groups[spans.pattern] if groups is not None else np.zeros(len(spans), dtype=np.int64)
    last_end: dict[int, int] = {}
    keep = []
    for j, (a, b, g) in enumerate(
        zip(spans.start.tolist(), spans.end.tolist(), keys.tolist(), strict=True)
    ):
        if a > last_end.get(g, -1):
            keep.append(j)
            last_end[g] = b
    return spans.take(np.asarray(keep, dtype=np.int64))


def as_pattern_list(patterns: Any) -> Sequence[str]:
    """The pattern strings of ``patterns`` (for messages and reports)."""
    return [p.text for p in parse_patterns(patterns)]
