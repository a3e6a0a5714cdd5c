"""The counts behind collocation scores, as mergeable tables.

Every score of :func:`toolkit.collocations` is a function of a few corpus-wide counts: the
K-grams of the population (adjacent K-grams, or word pairs within a window, that contain no
punctuation), how many of them match a candidate at each subset of positions (quanteda's 2^K
table), how often each sub-sequence and each word occurs (NLTK's marginals), the size of the
population and the number of tokens. :func:`colloc_counts` counts them for one set of
documents as distinct tuples with counts; tables of disjoint documents add
(:func:`merge_colloc_counts`), so scores computed after merging partitions counted on Dask
workers are those of the whole corpus, and the local path is the same code on one partition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.counts._stats import subsets
from toolkit.features._engine import (
    Counts,
    CountTable,
    gram_keys,
    merge_counts,
    radix_bits,
    segment_ids,
    sorted_rank,
    valid_mask,
    window_columns,
)
from toolkit.text.tokenize import is_punctuation
from toolkit.tokenized import Tokens

__all__ = ["CollocCounts", "colloc_counts", "merge_colloc_counts"]


@dataclass
class CollocCounts:
    """Collocation tables of a set of documents.

    ``tables`` maps ``(kind, positions)`` to a one-table :class:`Counts` over ``vocab``:
    ``("full", 0..K-1)`` the population's distinct K-grams, ``("pattern", s)`` their
    projections on positions ``s``, ``("sequence", s)`` the sub-sequences at offsets ``s``
    counted in the text (NLTK's marginals, for ``len(s) >= 2``), ``("unigram", (0,))`` the
    words. No table holds a tuple with a pad.
    """

    size: int
    scale: float
    population: int
    n_tokens: int
    lowercase: bool
    tables: dict[tuple[str, tuple[int, ...]], Counts] = field(default_factory=dict)

    @property
    def vocab(self) -> np.ndarray:
        return self.tables["unigram", (0,)].vocab

    def table(self, kind: str, positions: tuple[int, ...]) -> CountTable:
        counts = self.tables[kind, positions]
        return counts.tables[len(positions)]


def _table(vocab: np.ndarray, cols: list[np.ndarray], bits: int) -> Counts:
    """Distinct tuples of the rank columns ``cols`` (without pads) and how often each occurs."""
    n = len(cols)
    ok = np.logical_and.reduce([c < len(vocab) for c in cols]) if len(cols[0]) else None
    if ok is not None and not ok.all():
        cols = [c[ok] for c in cols]
    key, _ = gram_keys(cols, bits)
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    grams = (
        np.stack([c[first] for c in cols]).astype(np.int32)
        if len(first)
        else np.zeros((n, 0), dtype=np.int32)
    )
    counts = counts.astype(np.int64)
    table = CountTable(n, grams, np.zeros(len(counts), dtype=np.int64), counts, counts.copy())
    one = np.zeros(1, dtype=np.int64)
    return Counts(vocab, pd.DataFrame(index=range(1)), one, one.copy(), {n: table})


def colloc_counts(
    tokens: Tokens, size: int, *, window: int | None = None, boundary: str = "sentence"
) -> CollocCounts:
    """The collocation tables of ``tokens`` (see :class:`CollocCounts`).

    Examples
    --------
    >>> import toolkit as tk
    >>> cc = colloc_counts(tk.tokens(["x y, z w", "x y z w"]), 2, boundary="document")
    >>> t = cc.table("full", (0, 1))
    >>> cc.vocab[t.grams].T.tolist(), t.count.tolist(), cc.population
    ([['x', 'y'], ['y', 'z'], ['z', 'w']], [2, 1, 2], 5)
    """
    vocab, rank = sorted_rank(tokens.vocab)
    pad = tokens.ids < 0
    # pads get a rank of their own, which matches no word (and no table keeps it)
    r = (
        np.where(pad, len(vocab), rank[np.maximum(tokens.ids, 0)])
        if tokens.n_tokens
        else (np.zeros(0, dtype=np.int64))
    )
    seg = segment_ids(tokens, boundary, gaps=True)
    punct = np.fromiter((is_punctuation(v) for v in vocab.tolist()), dtype=bool, count=len(vocab))
    skip = np.append(punct, False)[r]  # K-grams with punctuation are not counted at all
    bits = radix_bits(len(vocab) + 1)
    if window is None:
        mask = valid_mask(seg, size, skip)  # the population: pads included, as quanteda's
        cols = window_columns(r, size, mask)
        scale = 1.0
    else:
        firsts, seconds = [], []
        skip_pairs = skip | pad
        for d in range(1, window + 1):
            m = valid_mask(seg, 1, span=d + 1)
            m &= ~skip_pairs[: len(m)] & ~skip_pairs[d : d + len(m)]
            firsts.append(r[: len(m)][m])
            seconds.append(r[d : d + len(m)][m])
        cols = [np.concatenate(firsts), np.concatenate(seconds)]
        scale = float(window)
    out = CollocCounts(
        size=size,
        scale=scale,
        population=len(cols[0]),
        n_tokens=int((~pad).sum()),
        lowercase=tokens.settings.lowercase,
    )
    out.tables["unigram", (0,)] = _table(vocab, [r[~pad]], bits)
    full = tuple(range(size))
    out.tables["full", full] = _table(vocab, cols, bits)
    for s in subsets(size)[1:-1]:
        out.tables["pattern", s] = _table(vocab, [cols[j] for j in s], bits)
        if len(s) > 1:
            span = s[-1] - s[0] + 1
            sub_mask = valid_mask(seg, span, skip | pad)
            sub_cols = window_columns(r, span, sub_mask, [j - s[0] for j in s])
            out.tables["sequence", s] = _table(vocab, sub_cols, bits)
    return out


def merge_colloc_counts(parts: list[CollocCounts]) -> CollocCounts:
    """Tables of disjoint sets of documents summed into one (counts and totals add)."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    return CollocCounts(
        size=first.size,
        scale=first.scale,
        population=sum(p.population for p in parts),
        n_tokens=sum(p.n_tokens for p in parts),
        lowercase=first.lowercase,
        tables={key: merge_counts([p.tables[key] for p in parts]) for key in first.tables},
    )
