"""The counting core shared by n-grams, keyness, collocations, the vectorizer and Dask.

Tokens arrive as one flat ``int32`` id array. Ids are first mapped to their rank in the
alphabetically sorted vocabulary and packed into one ``int64`` *radix key* per n-gram,
``r0 << b(n-1) | … | r(n-1)`` with ``b`` the bits of a rank, so keys sort exactly like the
space-joined n-gram strings (a space sorts before every character a token can contain). N-grams
that would cross a document (or sentence) boundary or contain a stopword are masked out; the
surviving keys are combined with the document rank (documents ranked by group) and sorted once
with :func:`numpy.sort`, which yields counts and document frequencies per (n-gram, group) in one
pass. When the packed key would not fit in 62 bits (long n-grams over a large vocabulary, or many
documents), keys are first compacted to dense order-preserving codes (:func:`numpy.unique`).

:class:`Counts` is the mergeable result: a sorted vocabulary, the group labels, token totals per
group and one :class:`CountTable` per n, rows ordered by (n-gram, group). Counts of disjoint sets
of documents merge by summing (:func:`merge_counts`), which is how the Dask backend works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from toolkit._progress import progress_bar
from toolkit.config import options
from toolkit.corpus.model import group_codes, label_codes
from toolkit.errors import ArgumentError, InputError
from toolkit.text.stopwords import resolve_stopwords
from toolkit.tokenized import Tokens
from toolkit.tokenized.ops import MAX_NGRAM

__all__ = [
    "CountTable",
    "Counts",
    "count_grouped",
    "count_tokens",
    "gram_keys",
    "merge_counts",
    "ngram_sizes",
    "segment_ids",
    "stop_mask",
    "valid_mask",
]

#: Keys stay below this so that ``key << bits | digit`` never overflows int64.
MAX_KEY = 2**62
#: Below this many tokens everything runs in the calling thread.
THREAD_MIN_TOKENS = 200_000
#: Tokens counted in one run (larger corpora are counted run by run and merged): the run's
#: temporaries (~30 bytes a token, ~240 MB) are all that counting adds to the tokens.
CHUNK_TOKENS = 8_000_000


def doc_runs(lengths: np.ndarray, limit: int) -> list[np.ndarray]:
    """Consecutive runs of document positions with at most ``limit`` tokens each (a longer
    document is a run of its own).

    Examples
    --------
    >>> [r.tolist() for r in doc_runs(np.array([3, 3, 5, 1]), 6)]
    [[0, 1], [2, 3]]
    """
    runs, start, total = [], 0, 0
    for i, n in enumerate(lengths.tolist()):
        if total and total + n > limit:
            runs.append(np.arange(start, i))
            start, total = i, 0
        total += n
    if start < len(lengths):
        runs.append(np.arange(start, len(lengths)))
    return runs


def segment_ids(tokens: Tokens, boundary: str, *, gaps: bool = False) -> np.ndarray:
    """For every token, the id of the stretch n-grams may not leave: the document, or the
    sentence (``boundary="sentence"``); with ``gaps=True`` stretches are also cut where the
    tokenizer removed punctuation (collocations never span it, as quanteda's never span a
    punctuation token)."""
    if boundary not in ("document", "sentence"):
        raise ArgumentError(f"boundary must be 'document' or 'sentence', not {boundary!r}")
    if boundary == "document" and not (gaps and tokens.gaps is not None and len(tokens.gaps)):
        dtype = np.int32 if len(tokens) < 2**31 else np.int64
        return np.repeat(np.arange(len(tokens), dtype=dtype), tokens.doc_lengths)
    if boundary == "sentence" and tokens.sentence_starts is None:
        raise ArgumentError("boundary='sentence' needs Tokens made with sentences=True")
    flags = np.zeros(tokens.n_tokens, dtype=np.int64)
    if boundary == "sentence":
        flags[tokens.sentence_starts] = 1
    flags[tokens.offsets[:-1][tokens.doc_lengths > 0]] = 1
    if gaps and tokens.gaps is not None:
        flags[tokens.gaps] = 1
    return np.cumsum(flags)


def stop_mask(vocab: np.ndarray, stopwords: object, *, lowercase: bool = True) -> np.ndarray | None:
    """Boolean mask over ``vocab`` marking stopwords, or None when there are none."""
    stop = resolve_stopwords(stopwords, lowercase=lowercase)
    if not stop:
        return None
    return np.fromiter((v in stop for v in vocab.tolist()), dtype=bool, count=len(vocab))


def max_threads() -> int:
    """Threads the engine may use: ``tk.options.threads`` (``TOOLKIT_NUM_THREADS``)."""
    return options.threads


def thread_pool(size: int, tasks: int) -> ThreadPoolExecutor | None:
    """A thread pool for ``tasks`` independent tasks over ``size`` tokens or rows, or None when
    the work is too small or only one thread is allowed."""
    workers = min(tasks, max_threads())
    if workers < 2 or size < THREAD_MIN_TOKENS:
        return None
    return ThreadPoolExecutor(max_workers=workers)


def thread_map(fn: Callable[[Any], Any], items: Sequence[Any], size: int) -> Iterator[Any]:
    """``fn(x) for x in items``, on up to :func:`max_threads` threads when ``size`` (tokens or
    rows) is large. NumPy sorting and Arrow kernels release the GIL, so independent n-gram
    lengths are counted (and their strings built) in parallel; results come in input order, each
    as soon as it is done (so a caller can show progress)."""
    pool = thread_pool(size, len(items))
    if pool is None:
        yield from map(fn, items)
        return
    with pool:
        yield from pool.map(fn, items)


@dataclass
class CountTable:
    """Counts of n-grams of one length ``n``; rows ordered by (n-gram, group)."""

    n: int
    grams: np.ndarray  # (n, rows) int32 indices into Counts.vocab, one row per position
    group: np.ndarray  # (rows,) int64 group numbers
    count: np.ndarray  # (rows,) int64
    doc_freq: np.ndarray  # (rows,) int64

    def __len__(self) -> int:
        return len(self.count)

    def take(self, index: np.ndarray) -> CountTable:
        """The rows at ``index`` (a boolean mask or positions)."""
        return CountTable(
            self.n, self.grams[:, index], self.group[index], self.count[index], self.doc_freq[index]
        )


@dataclass
class Counts:
    """Mergeable n-gram counts over a set of documents.

    Attributes
    ----------
    vocab : numpy.ndarray of str
        Sorted, unique token types; ``CountTable.grams`` index into it.
    groups : pandas.DataFrame
        One row per group number with the ``by`` columns (no columns without ``by``).
    group_tokens, group_docs : numpy.ndarray of int64
        Tokens and documents per group (all tokens, stopwords included).
    tables : dict of int to CountTable
        One table per n-gram length.
    """

    vocab: np.ndarray
    groups: pd.DataFrame
    group_tokens: np.ndarray
    group_docs: np.ndarray
    tables: dict[int, CountTable] = field(default_factory=dict)


def ngram_sizes(n: int | tuple[int, int]) -> list[int]:
    """``n`` as a list of lengths: an int, or an inclusive ``(low, high)`` range."""
    if isinstance(n, (int, np.integer)) and not isinstance(n, bool):
        sizes = [int(n)]
    elif isinstance(n, tuple) and len(n) == 2 and all(isinstance(v, (int, np.integer)) for v in n):
        sizes = list(range(int(n[0]), int(n[1]) + 1))
    else:
        raise InputError(f"n must be an int or a (low, high) tuple, not {n!r}")
    if not sizes or sizes[0] < 1:
        raise ArgumentError(f"n must be >= 1 and low <= high, not {n!r}")
    if sizes[-1] > MAX_NGRAM:
        raise ArgumentError(f"n-grams are at most {MAX_NGRAM} tokens long, not {n!r}")
    return sizes


def sorted_rank(vocab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The alphabetically sorted vocabulary and every type's rank in it."""
    order = np.argsort(vocab, kind="stable")
    rank = np.empty(len(vocab), dtype=np.int64)
    rank[order] = np.arange(len(vocab), dtype=np.int64)
    return vocab[order], rank


def compact(key: np.ndarray) -> np.ndarray:
    """Dense codes ``0..k-1`` that sort like ``key``."""
    return np.unique(key, return_inverse=True)[1].astype(np.int64).reshape(-1)


def radix_bits(size: int) -> int:
    """Bits needed for one vocabulary rank (keys use shifts, not multiplications)."""
    return max(int(size - 1).bit_length(), 1)


def gram_keys(columns: Sequence[np.ndarray], bits: int) -> tuple[np.ndarray, bool]:
    """Order-preserving int64 keys of n-grams given as one rank array per position
    (``key = r0 << bits*(n-1) | … | r(n-1)``).

    Returns the keys and whether they were compacted (then they cannot be decoded by shifts).
    """
    key = np.asarray(columns[0], dtype=np.int64)
    compacted = False
    for col in columns[1:]:
        if len(key) and int(key.max()) >= MAX_KEY >> bits:
            key, compacted = compact(key), True
        key = (key << bits) | col
    return key, compacted


def valid_mask(
    seg: np.ndarray, n: int, stop_tok: np.ndarray | None = None, span: int | None = None
) -> np.ndarray:
    """For every window start, whether ``span`` (default ``n``) tokens fit inside one segment
    and, when ``stop_tok`` is given, the first ``n`` contain no stopword."""
    span = span or n
    size = max(len(seg) - span + 1, 0)
    ok = seg[:size] == seg[span - 1 : span - 1 + size] if span > 1 else np.ones(size, dtype=bool)
    if stop_tok is not None:
        cs = np.concatenate([[0], np.cumsum(stop_tok, dtype=np.int64)])
        ok &= (cs[n : n + size] - cs[:size]) == 0
    return ok


def window_columns(r: np.ndarray, n: int, mask: np.ndarray, offsets: Sequence[int] = ()) -> list:
    """Rank arrays of the tokens at ``offsets`` (default ``0..n-1``) of every valid window."""
    size = len(mask)
    return [r[j : j + size][mask] for j in (offsets or range(n))]


def _gaps(starts: np.ndarray, end: int) -> np.ndarray:
    """Lengths of the runs beginning at ``starts`` (sorted) and ending at ``end``."""
    out = np.empty(len(starts), dtype=np.int64)
    if len(starts):
        np.subtract(starts[1:], starts[:-1], out=out[:-1])
        out[-1] = end - starts[-1]
    return out


def _keys_with_docs(
    r: np.ndarray, n: int, mask: np.ndarray, bits: int, doc_rank: np.ndarray, dbits: int
) -> np.ndarray:
    """``key << dbits | doc`` of the n-grams at ``mask``: built in place over every window
    start (views, no temporaries), then the valid ones are kept."""
    size = len(mask)
    key = r[:size].astype(np.int64)
    for j in range(1, n):
        key <<= bits
        key |= r[j : j + size]
    key <<= dbits
    key |= doc_rank[:size]
    return key[mask]


def _count_one(
    r: np.ndarray,
    mask: np.ndarray,
    n: int,
    bits: int,
    doc_rank: np.ndarray,
    n_docs: int,
    rank_group: np.ndarray | None,
) -> CountTable:
    """Count the n-grams starting where ``mask`` is true. ``r`` holds vocabulary ranks,
    ``doc_rank`` each token's document rank (documents ranked by group) and ``rank_group`` each
    document rank's group (None: a single group). Works in place to keep memory low."""
    empty = np.zeros(0, dtype=np.int64)
    if not mask.any():
        return CountTable(n, np.zeros((n, 0), dtype=np.int32), empty, empty, empty)
    dbits = radix_bits(n_docs)
    cols = None
    if n * bits + dbits <= 62:
        key = _keys_with_docs(r, n, mask, bits, doc_rank, dbits)
        key.sort()
        s, order = key, None
    else:  # too wide for one int64: dense order-preserving codes, decoded from positions
        cols = window_columns(r, n, mask)
        key = compact(gram_keys(cols, bits)[0])
        key <<= dbits
        key |= doc_rank[: len(mask)][mask]
        order = np.argsort(key, kind="stable")
        s = key[order]
        del key
    new_pair = np.ones(len(s), dtype=bool)
    np.not_equal(s[1:], s[:-1], out=new_pair[1:])
    g = rank_group[s & ((1 << dbits) - 1)] if rank_group is not None else None
    s >>= dbits  # now the n-gram keys
    new_row = np.ones(len(s), dtype=bool)
    np.not_equal(s[1:], s[:-1], out=new_row[1:])
    if g is not None:
        new_row[1:] |= g[1:] != g[:-1]
    row = np.flatnonzero(new_row)
    count = _gaps(row, len(s))
    # documents per row: the (n-gram, document) pairs starting inside it (a row start is one)
    pairs = np.flatnonzero(new_pair)
    del new_pair
    firsts = np.flatnonzero(new_row[pairs])
    doc_freq = _gaps(firsts, len(pairs))
    del pairs, new_row, firsts
    group = g[row] if g is not None else np.zeros(len(row), dtype=np.int64)
    if order is None:
        rk = s[row]
        del s
        grams = np.empty((n, len(row)), dtype=np.int32)
        for j in range(n - 1, -1, -1):
            np.bitwise_and(rk, (1 << bits) - 1, out=grams[j], casting="unsafe")
            rk >>= bits
    else:
        first = order[row]
        grams = np.stack([c[first] for c in cols]).astype(np.int32)
    return CountTable(n, grams, group.astype(np.int64, copy=False), count, doc_freq)


def count_tokens(
    tokens: Tokens,
    sizes: Iterable[int],
    *,
    by: str | Sequence[str] | None = None,
    boundary: str = "document",
    stopwords: object = None,
) -> Counts:
    """Count every n-gram of the given lengths, per group of documents (``by`` columns).

    N-grams never cross a document (``boundary="sentence"``: a sentence) boundary or a pad;
    with ``stopwords``, n-grams containing a stopword are dropped (the token stream itself is
    not changed, so no n-gram joins words that were not adjacent).

    Examples
    --------
    >>> import toolkit as tk
    >>> c = count_tokens(tk.tokens(["a b a b", "b a"]), [2])
    >>> c.vocab[c.tables[2].grams.T].tolist(), c.tables[2].count.tolist()
    ([['a', 'b'], ['b', 'a']], [2, 2])
    """
    codes, labels = group_codes(tokens.docvars, by)
    return count_grouped(tokens, sizes, codes, labels, boundary=boundary, stopwords=stopwords)


def count_grouped(
    tokens: Tokens,
    sizes: Iterable[int],
    codes: np.ndarray,
    labels: pd.DataFrame,
    *,
    boundary: str = "document",
    stopwords: object = None,
) -> Counts:
    """:func:`count_tokens` with the groups given: ``codes`` numbers every document's group
    (``0..len(labels) - 1``; one code per document gives a document-feature table).

    Corpora of more than :data:`CHUNK_TOKENS` tokens are counted in runs of whole documents
    whose Counts are merged (:func:`merge_counts`), so the temporaries (keys, masks, about 40
    bytes per token) are those of one run, whatever the corpus size."""
    if tokens.n_tokens > CHUNK_TOKENS and len(tokens) > 1:
        parts = [
            count_grouped(
                tokens.take_docs(docs), sizes, codes[docs], labels, boundary=boundary,
                stopwords=stopwords,
            )
            for docs in progress_bar(
                doc_runs(tokens.doc_lengths, CHUNK_TOKENS), desc="counting n-grams", unit="run"
            )
        ]  # fmt: skip
        return merge_counts(parts, same_groups=True)
    vocab, rank = sorted_rank(tokens.vocab)
    ids = tokens.ids
    pad = ids < 0
    has_pad = bool(pad.any())
    r = rank.astype(np.int32)[np.where(pad, 0, ids)] if tokens.n_tokens else np.zeros(0, np.int32)
    seg = segment_ids(tokens, boundary)
    stop = stop_mask(tokens.vocab, stopwords, lowercase=tokens.settings.lowercase)
    stop_tok = stop[np.where(pad, 0, ids)] if stop is not None else None
    if has_pad:
        stop_tok = pad if stop_tok is None else (stop_tok | pad)
    doc_order = np.lexsort((np.arange(len(codes)), codes))
    rank_of_doc = np.empty(len(codes), dtype=np.int32 if len(codes) < 2**31 else np.int64)
    rank_of_doc[doc_order] = np.arange(len(codes))
    doc_rank = np.repeat(rank_of_doc, tokens.doc_lengths)
    rank_group = codes[doc_order]
    n_groups = len(labels)
    lengths = tokens.doc_lengths
    if has_pad:  # pads are not tokens of the text
        lengths = lengths - np.bincount(tokens.doc_index[pad], minlength=len(tokens))
    result = Counts(
        vocab=vocab,
        groups=labels,
        group_tokens=np.bincount(codes, weights=lengths, minlength=n_groups).astype(np.int64),
        group_docs=np.bincount(codes, minlength=n_groups).astype(np.int64),
    )
    bits = radix_bits(len(vocab))
    one_group = rank_group if n_groups > 1 else None

    def one(n: int) -> CountTable:
        mask = valid_mask(seg, n, stop_tok)
        return _count_one(r, mask, n, bits, doc_rank, len(codes), one_group)

    order = sorted(set(sizes), reverse=True)  # longest first: they take longest
    tables = thread_map(one, order, tokens.n_tokens)
    for table in progress_bar(tables, desc="counting n-grams", total=len(order), unit="n"):
        result.tables[table.n] = table
    result.tables = dict(sorted(result.tables.items()))
    return result


def _merge_labels(parts: Sequence[Counts]) -> tuple[pd.DataFrame, list[np.ndarray]]:
    frames = [p.groups for p in parts]
    if not len(frames[0].columns):
        return frames[0], [np.zeros(len(f), dtype=np.int64) for f in frames]
    codes, labels = label_codes(pd.concat(frames, ignore_index=True))
    bounds = np.cumsum([0] + [len(f) for f in frames])
    return labels, [codes[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def merge_counts(parts: Sequence[Counts], *, same_groups: bool = False) -> Counts:
    """Sum Counts of disjoint sets of documents into one (counts and document frequencies add).

    ``same_groups=True``: every part numbers the same groups the same way (runs of one
    corpus counted with the same group codes), so group codes are kept as they are.

    Examples
    --------
    >>> import toolkit as tk
    >>> a, b = count_tokens(tk.tokens(["x y"]), [1]), count_tokens(tk.tokens(["y z"]), [1])
    >>> m = merge_counts([a, b])
    >>> m.vocab.tolist(), m.tables[1].count.tolist(), m.tables[1].doc_freq.tolist()
    (['x', 'y', 'z'], [1, 2, 1], [1, 2, 1])
    """
    parts = list(parts)
    if not parts:
        raise ArgumentError("merge_counts needs at least one Counts")
    if len(parts) == 1:
        return parts[0]
    vocab, inverse = np.unique(np.concatenate([p.vocab for p in parts]), return_inverse=True)
    inverse = inverse.reshape(-1).astype(np.int64)
    vbounds = np.cumsum([0] + [len(p.vocab) for p in parts])
    if same_groups:
        labels = parts[0].groups
        gmaps = [np.arange(len(p.group_tokens), dtype=np.int64) for p in parts]
    else:
        labels, gmaps = _merge_labels(parts)
    n_groups = len(labels)
    merged = Counts(
        vocab=vocab.astype(str),
        groups=labels,
        group_tokens=np.zeros(n_groups, dtype=np.int64),
        group_docs=np.zeros(n_groups, dtype=np.int64),
    )
    for p, gmap in zip(parts, gmaps, strict=True):
        np.add.at(merged.group_tokens, gmap, p.group_tokens)
        np.add.at(merged.group_docs, gmap, p.group_docs)
    sizes = sorted(set().union(*(p.tables for p in parts)))
    bits = radix_bits(len(vocab))
    gbits = radix_bits(n_groups)
    for n in sizes:
        tabs = [(i, p.tables[n]) for i, p in enumerate(parts) if n in p.tables]
        grams = np.concatenate(
            [inverse[vbounds[i] : vbounds[i + 1]][t.grams] for i, t in tabs], axis=1
        ).reshape(n, -1)
        group = np.concatenate([gmaps[i][t.group] for i, t in tabs])
        count = np.concatenate([t.count for _, t in tabs])
        doc_freq = np.concatenate([t.doc_freq for _, t in tabs])
        key, _ = gram_keys(list(grams), bits)
        if len(key) and int(key.max()) >= MAX_KEY >> gbits:
            key = compact(key)
        comp = (key << gbits) | group
        uniq, first, inv = np.unique(comp, return_index=True, return_inverse=True)
        inv = inv.reshape(-1)
        merged.tables[n] = CountTable(
            n,
            grams[:, first].astype(np.int32),
            group[first],
            np.bincount(inv, weights=count, minlength=len(uniq)).astype(np.int64),
            np.bincount(inv, weights=doc_freq, minlength=len(uniq)).astype(np.int64),
        )
    return merged
