"""Turning :class:`~toolkit.features._engine.Counts` (or a :class:`~toolkit.Dfm`) into the
tidy n-gram table ``[by…], feature, n, count, doc_freq, per_million``.

Only the rows that survive ``min_count``/``top`` become strings, and the strings are built in
Arrow (``take`` from the vocabulary plus an element-wise join) rather than one Python string at
a time.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pyarrow as pa
import scipy.sparse as sp

from toolkit._arrow import gram_strings, str_series
from toolkit.errors import ArgumentError
from toolkit.features import Dfm
from toolkit.features._engine import Counts, CountTable, thread_map
from toolkit.schema import rate_column

__all__ = ["counts_frame", "dfm_frame", "order_rows"]

_EMPTY = np.zeros(0, dtype=np.int64)
#: Rows per string-building task (several tasks keep all threads busy).
CHUNK_ROWS = 250_000


def order_rows(group: np.ndarray | None, count: np.ndarray) -> np.ndarray:
    """Stable order by group (None: one group), then count descending."""
    m = len(count)
    if m == 0:
        return _EMPTY
    # dense rank of each count among the distinct counts (few), largest first
    present = np.bincount(count) > 0
    rank = np.cumsum(present[::-1])[::-1] - 1
    key = rank[count]
    span = int(rank[0]) + 1
    if group is not None:
        key += group * span
        span *= int(group.max()) + 1
    if span <= 2**16:
        # a stable sort of 16-bit keys is a radix sort: linear time
        return np.argsort(key.astype(np.uint16), kind="stable")
    if span * m < 2**62:
        # unique keys (row number appended) let the fast unstable sort act as a stable one
        key *= m
        key += np.arange(m, dtype=np.int64)
        key.sort()
        return key % m
    return np.argsort(key, kind="stable")


def _top_per_group(table: CountTable, top: int) -> CountTable:
    order = order_rows(table.group, table.count)
    g = table.group[order]
    start = np.flatnonzero(np.concatenate([[True], g[1:] != g[:-1]]))
    rank = np.arange(len(g)) - np.repeat(start, np.diff(np.append(start, len(g))))
    return table.take(np.sort(order[rank < top]))


def _cat(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if arrays else _EMPTY


def check_limits(min_count: int, top: int | None) -> None:
    """Validate ``min_count`` and ``top`` (shared by every frequency table)."""
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ArgumentError(f"min_count must be an int >= 1, not {min_count!r}")
    if top is not None and (
        isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1
    ):
        raise ArgumentError(f"top must be an int >= 1 or None, not {top!r}")


def counts_frame(
    counts: Counts,
    *,
    min_count: int = 1,
    top: int | None = None,
    rate: int = 1_000_000,
) -> pd.DataFrame:
    """The tidy n-gram table: ``[by…], feature, n, count, doc_freq, per_million``.

    Rows are ordered by group, then count (descending), then n, then feature (alphabetically),
    so the result does not depend on how the documents were split for counting. ``top`` keeps
    the most frequent per group and n.
    """
    check_limits(min_count, top)
    blocks: list[CountTable] = []
    for n in sorted(counts.tables):
        t = counts.tables[n]
        if min_count > 1:
            t = t.take(t.count >= min_count)
        if top is not None:
            t = _top_per_group(t, top)
        blocks.append(t)
    words = pa.array(counts.vocab.tolist(), type=pa.large_string())
    single = len(counts.group_tokens) == 1
    group = None if single else _cat([b.group for b in blocks])
    count = _cat([b.count for b in blocks])
    order = order_rows(group, count)
    # n-grams of all lengths in one matrix (-1 pads the shorter ones), put in output order,
    # then joined into strings chunk by chunk (on worker threads when large)
    width = max((b.n for b in blocks), default=1)
    padded = np.full((width, len(count)), -1, dtype=np.int32)
    at = 0
    for b in blocks:
        padded[: b.n, at : at + len(b)] = b.grams
        at += len(b)
    grams = np.empty_like(padded)
    for j in range(width):
        np.take(padded[j], order, out=grams[j])
    del padded
    n_col = np.count_nonzero(grams >= 0, axis=0).astype(np.int64)
    parts = [grams[:, a : a + CHUNK_ROWS] for a in range(0, len(count), CHUNK_ROWS)]
    del grams
    strings = list(thread_map(functools.partial(gram_strings, words), parts, len(count)))
    del parts
    joined = pa.chunked_array(strings, type=pa.large_string())
    count = count[order]
    if group is not None:
        group = group[order]
    doc_freq = _cat([b.doc_freq for b in blocks])[order]
    return _assemble(
        counts.groups, group, str_series(joined), n_col, count, doc_freq, counts.group_tokens, rate
    )


def _assemble(
    groups: pd.DataFrame,
    group: np.ndarray | None,
    feature: pd.Series,
    n_col: np.ndarray,
    count: np.ndarray,
    doc_freq: np.ndarray,
    group_tokens: np.ndarray,
    rate: int,
) -> pd.DataFrame:
    rate_name, base = rate_column(rate), float(rate)
    per = count.astype(np.float64)  # count / group tokens * rate, in place
    with np.errstate(divide="ignore", invalid="ignore"):
        if group is None:
            per /= float(group_tokens[0]) if len(group_tokens) else np.nan
        else:
            per /= group_tokens.astype(np.float64)[group]
        per *= base
    columns: dict[str, object] = {}
    if len(groups.columns):
        rows = group if group is not None else np.zeros(len(count), dtype=np.int64)
        labels = groups.iloc[rows].reset_index(drop=True)
        columns.update({c: labels[c] for c in labels.columns})
    columns["feature"] = feature
    columns["n"] = n_col
    columns["count"] = count
    columns["doc_freq"] = doc_freq
    columns[rate_name] = per
    return pd.DataFrame(columns, copy=False)


def dfm_frame(
    dfm: Dfm,
    codes: np.ndarray,
    labels: pd.DataFrame,
    *,
    min_count: int = 1,
    top: int | None = None,
    rate: int = 1_000_000,
) -> pd.DataFrame:
    """The same table from a :class:`~toolkit.Dfm` grouped by ``codes`` (features keep their
    n: the number of space-separated parts)."""
    check_limits(min_count, top)
    if dfm.weighted:
        raise ArgumentError("frequency tables need counts; this Dfm is weighted")
    n_groups = len(labels)
    G = sp.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(n_groups, len(codes))
    )
    X = dfm.matrix
    C = (G @ X).tocoo()
    D = (G @ (X > 0).astype(np.int64)).tocoo()
    order = np.lexsort((C.col, C.row))
    g, f, count = C.row[order], C.col[order], C.data[order].astype(np.int64)
    dorder = np.lexsort((D.col, D.row))
    doc_freq = D.data[dorder].astype(np.int64)
    keep = count >= min_count
    g, f, count, doc_freq = g[keep], f[keep], count[keep], doc_freq[keep]
    names = dfm.features
    n_of = np.char.count(names, " ") + 1 if len(names) else np.zeros(0, dtype=np.int64)
    if top is not None:
        by_rank = np.lexsort((names[f], -count, g))
        first = np.r_[0, np.flatnonzero(np.diff(g[by_rank])) + 1]
        rank = np.arange(len(by_rank)) - np.repeat(first, np.diff(np.r_[first, len(by_rank)]))
        chosen = np.sort(by_rank[rank < top])
        g, f, count, doc_freq = g[chosen], f[chosen], count[chosen], doc_freq[chosen]
    single = n_groups == 1
    order = np.lexsort((names[f], n_of[f], -count, np.zeros_like(g) if single else g))
    tokens_per_group = np.bincount(codes, weights=dfm.n_tokens, minlength=n_groups)
    return _assemble(
        labels,
        None if single else g[order],
        pd.Series(names[f[order]], dtype="str"),
        n_of[f[order]].astype(np.int64),
        count[order],
        doc_freq[order],
        tokens_per_group.astype(np.int64),
        rate,
    )
