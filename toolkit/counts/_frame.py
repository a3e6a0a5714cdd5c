"""Turning :class:`~toolkit.counts._engine.Counts` into the tidy n-gram DataFrame.

Only the rows that survive ``min_count``/``max_ngrams`` become strings, and the strings are built
in Arrow (``take`` from the vocabulary plus an element-wise join) rather than one Python string
at a time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toolkit.counts._engine import Counts, CountTable, thread_pool
from toolkit.errors import ArgumentError

__all__ = ["counts_frame", "gram_strings", "str_series"]

_EMPTY = np.zeros(0, dtype=np.int64)
#: Rows per string-building task (several tasks keep all threads busy).
CHUNK_ROWS = 250_000


def str_series(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    """A pandas string Series (the default ``str`` dtype) from an Arrow string array."""
    try:
        dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    except TypeError:  # pandas < 2.3 has no na_value: plain Python strings
        return pd.Series(values.to_pylist(), dtype=object)
    return pd.Series(values, dtype=dtype)


def gram_strings(vocab: np.ndarray | pa.Array, grams: np.ndarray, sep: str = " ") -> pa.Array:
    """Join the tokens of each n-gram (``grams``: one row of vocabulary indices per position;
    ``-1`` marks an empty position, for n-grams shorter than the others).

    Examples
    --------
    >>> gram_strings(np.array(["a", "b"]), np.array([[0, 1, 1], [1, 1, -1]])).to_pylist()
    ['a b', 'b b', 'b']
    """
    words = vocab if isinstance(vocab, pa.Array) else pa.array(vocab.tolist(), pa.large_string())
    if grams.shape[1] == 0:
        return pa.array([], type=pa.large_string())
    cols = []
    padded = False
    for col in grams:
        empty = col < 0
        padded = padded or bool(empty.any())
        cols.append(words.take(pa.array(col, mask=empty if padded else None)))
    if len(cols) == 1:
        return cols[0]
    return pc.binary_join_element_wise(
        *cols,
        pa.scalar(sep, type=pa.large_string()),
        null_handling="skip" if padded else "emit_null",
    )


def _order(group: np.ndarray | None, count: np.ndarray) -> np.ndarray:
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


def _top_per_group(table: CountTable, max_ngrams: int) -> CountTable:
    order = _order(table.group, table.count)
    g = table.group[order]
    start = np.flatnonzero(np.concatenate([[True], g[1:] != g[:-1]]))
    rank = np.arange(len(g)) - np.repeat(start, np.diff(np.append(start, len(g))))
    return table.take(np.sort(order[rank < max_ngrams]))


def _cat(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if arrays else _EMPTY


def counts_frame(
    counts: Counts,
    *,
    min_count: int = 1,
    max_ngrams: int | None = None,
) -> pd.DataFrame:
    """The tidy n-gram table: ``[by…], ngram, n, count, doc_freq, per_million``.

    Rows are ordered by group, then count (descending), then n, then n-gram (alphabetically), so
    the result does not depend on how the documents were split for counting.
    """
    if min_count < 1:
        raise ArgumentError(f"min_count must be >= 1, not {min_count}")
    if max_ngrams is not None and max_ngrams < 1:
        raise ArgumentError(f"max_ngrams must be >= 1 or None, not {max_ngrams}")
    blocks: list[CountTable] = []
    for n in sorted(counts.tables):
        t = counts.tables[n]
        if min_count > 1:
            t = t.take(t.count >= min_count)
        if max_ngrams is not None:
            t = _top_per_group(t, max_ngrams)
        blocks.append(t)
    words = pa.array(counts.vocab.tolist(), type=pa.large_string())
    single = len(counts.group_tokens) == 1
    group = None if single else _cat([b.group for b in blocks])
    count = _cat([b.count for b in blocks])
    order = _order(group, count)
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
    pool = thread_pool(len(count), len(parts))
    if pool is None:
        strings = [gram_strings(words, g) for g in parts]
    else:
        with pool:
            strings = list(pool.map(gram_strings, [words] * len(parts), parts))
    del parts
    joined = pa.chunked_array(strings, type=pa.large_string())
    count = count[order]
    per_million = count.astype(np.float64)  # count / group tokens * 1e6, in place
    with np.errstate(divide="ignore", invalid="ignore"):
        if single:
            per_million /= float(counts.group_tokens[0])
        else:
            group = group[order]
            per_million /= counts.group_tokens.astype(np.float64)[group]
        per_million *= 1e6
    columns: dict[str, object] = {}
    if len(counts.groups.columns):
        rows = group if group is not None else np.zeros(len(count), dtype=np.int64)
        labels = counts.groups.iloc[rows].reset_index(drop=True)
        columns.update({c: labels[c] for c in labels.columns})
    columns["ngram"] = str_series(joined)
    columns["n"] = n_col
    columns["count"] = count
    columns["doc_freq"] = _cat([b.doc_freq for b in blocks])[order]
    columns["per_million"] = per_million
    return pd.DataFrame(columns, copy=False)
