"""``tk.collocations``: multi-word expressions scored by association measures."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from toolkit._arrow import gram_strings, str_series
from toolkit.counts._colloc_tables import CollocCounts, colloc_counts, merge_colloc_counts
from toolkit.counts._input import as_tokens, check_options
from toolkit.counts._stats import association, cells_from_marginals, lambda_z, subsets
from toolkit.distributed._switch import use_dask
from toolkit.errors import ArgumentError, InputError
from toolkit.features._engine import CountTable, gram_keys, radix_bits, stop_mask
from toolkit.tokenized.ops import MAX_NGRAM  # longest expressions scored (2^K table)

__all__ = ["collocations"]

COLUMNS = ["feature", "n", "count", "lambda", "z", "pmi", "g2", "t", "chi2", "dice"]


def _lookup(table: CountTable, wanted: np.ndarray, bits: int) -> np.ndarray:
    """How often each column of ``wanted`` (positions × rows of ranks) occurs in ``table``."""
    have = table.grams.shape[1]
    cols = [np.concatenate([table.grams[j].astype(np.int64), wanted[j]]) for j in range(table.n)]
    key, _ = gram_keys(cols, bits)  # one call: the same keys for both, compacted or not
    known, asked = key[:have], key[have:]
    if have == 0:
        return np.zeros(len(asked))
    order = np.argsort(known, kind="stable")
    known, counts = known[order], table.count[order]
    pos = np.minimum(np.searchsorted(known, asked), have - 1)
    return np.where(known[pos] == asked, counts[pos], 0).astype(np.float64)


def collocations(
    data: Any,
    *,
    n: int = 2,
    min_count: int = 2,
    top: int | None = None,
    window: int | None = None,
    boundary: str = "sentence",
    stopwords: object = None,
    smoothing: float = 0.5,
    sort: str = "z",
    client: Any = None,
    npartitions: int | None = None,
    **token_options: Any,
) -> pd.DataFrame:
    """Score adjacent word sequences (or window co-occurrences) as collocations.

    Expressions never span a punctuation token — removed by the tokenizer or not — nor a pad,
    exactly as quanteda's ``textstat_collocations`` skips every K-gram containing punctuation:
    ``"x y, z w"`` has the bigrams ``x y`` and ``z w`` only.

    Parameters
    ----------
    data : Corpus, Tokens or list of str
        The text; a Corpus is tokenized through its cache.
    n : int
        Length of the expressions (2 = bigrams, 3 = trigrams, … up to 8).
    min_count : int
        Score only expressions seen at least this often.
    top : int, optional
        Keep the ``top`` best rows (by ``sort``).
    window : int, optional
        Count co-occurrence of two words up to ``window`` tokens apart (``n`` must be 2;
        ``window=1`` is adjacency), as NLTK's ``BigramCollocationFinder.from_words(words,
        window_size=window + 1)``: the association measures then use ``count / window``
        (Church & Hanks' scaling, as NLTK).
    boundary : {"sentence", "document"}
        Expressions never span this boundary either (quanteda: they do not span sentences).
    stopwords : None, "en", "zh", "both" or list of str
        Do not score expressions containing a stopword (they still count in the tables).
    smoothing : float
        Added to every cell of the 2^K table for ``lambda`` and ``z`` (quanteda's default 0.5).
    sort : str
        Column to sort by, descending (ties alphabetically).
    client : dask.distributed.Client, optional
        Count on this Dask cluster (default: locally, or on the active client when
        ``tk.options.dask`` is on); every partition's tables are merged before scoring, so
        the scores are identical (:mod:`toolkit.distributed`).
    npartitions : int, optional
        Dask: number of partitions (default one per 50 documents, or one per file).
    **token_options
        Options of :func:`toolkit.tokenized`.

    Returns
    -------
    pandas.DataFrame
        ``feature`` (space-joined), ``n``, ``count`` and:

        - ``lambda``, ``z`` — Blaheta & Johnson's (2001) statistic as in quanteda's
          ``textstat_collocations``: the 2^K table counts, over all K-grams of the corpus that
          contain no punctuation, how many match the candidate at each combination of
          positions; ``lambda`` is its K-way log-linear interaction (the log odds ratio for
          bigrams) with ``smoothing`` added to every cell, ``z`` its Wald statistic.
        - ``pmi`` (log base 2), ``g2`` (log-likelihood G²), ``t`` (Student's t), ``chi2``
          (Pearson) — with NLTK's ``BigramAssocMeasures``/``TrigramAssocMeasures`` conventions
          on the same stretches of text: marginals are corpus frequencies of the words (and
          for trigrams of the word pairs), the total is the number of tokens.
        - ``dice`` — ``K · count / Σ word frequencies`` (NLTK's Dice for bigrams).

    Examples
    --------
    >>> import toolkit as tk
    >>> texts = ["The White House said the United States will act."] * 3 + ["The house is white."]
    >>> colls = tk.collocations(texts, min_count=3, stopwords="en")
    >>> colls[["feature", "count"]].head(3).values.tolist()
    [['united states', 3], ['house said', 3], ['white house', 3]]
    >>> tk.collocations(["x y, z w", "x y z w"], min_count=1)[["feature", "count"]].values.tolist()[:3]
    [['x y', 2], ['z w', 2], ['y z', 1]]
    """
    size = n
    if isinstance(size, bool) or not isinstance(size, int) or not 2 <= size <= MAX_NGRAM:
        raise ArgumentError(f"n must be an int from 2 to {MAX_NGRAM}, not {size!r}")
    if window is not None and (size != 2 or window < 1 or window > 100):
        raise ArgumentError("window= needs n=2 and 1 <= window <= 100")
    if sort not in COLUMNS:
        raise ArgumentError(f"sort must be one of {COLUMNS}, not {sort!r}")
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ArgumentError(f"min_count must be an int >= 1, not {min_count!r}")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ArgumentError(f"top must be an int >= 1 or None, not {top!r}")
    if use_dask(client):
        from toolkit.distributed import map_merge

        check_options(token_options, function="collocations")
        cc, _ = map_merge(
            data,
            _partition_counts,
            merge_colloc_counts,
            client=client,
            npartitions=npartitions,
            args=(size, window, boundary, token_options),
        )
    else:
        if npartitions is not None:
            raise InputError("npartitions only applies on Dask (client=)")
        tokens = as_tokens(
            data, function="collocations", sentences=boundary == "sentence", **token_options
        )
        cc = colloc_counts(tokens, size, window=window, boundary=boundary)
    return _scores(cc, min_count, stopwords, smoothing, sort, top)


def _partition_counts(
    data: Any, size: int, window: int | None, boundary: str, token_options: dict[str, Any]
) -> CollocCounts:
    """Dask task: the collocation tables of one partition."""
    tokens = as_tokens(
        data, function="collocations", sentences=boundary == "sentence", **token_options
    )
    return colloc_counts(tokens, size, window=window, boundary=boundary)


def _scores(
    cc: CollocCounts,
    min_count: int,
    stopwords: object,
    smoothing: float,
    sort: str,
    top: int | None,
) -> pd.DataFrame:
    """Candidates (seen ``min_count`` times, no stopword) scored from the (merged) tables."""
    vocab, k = cc.vocab, cc.size
    full_table = cc.table("full", tuple(range(k)))
    keep = full_table.count >= min_count
    grams = full_table.grams[:, keep].astype(np.int64)
    count = full_table.count[keep].astype(np.float64)
    stop = stop_mask(vocab, stopwords, lowercase=cc.lowercase)
    if stop is not None and grams.shape[1]:
        ok = ~np.any(stop[grams], axis=0)
        grams, count = grams[:, ok], count[ok]
    bits = radix_bits(len(vocab))
    uni = cc.table("unigram", (0,))
    unigram = np.zeros(len(vocab), dtype=np.float64)
    unigram[uni.grams[0]] = uni.count
    full = tuple(range(k))
    # quanteda's table: match patterns over the population of K-grams (or window pairs)
    m_q: dict[tuple[int, ...], np.ndarray] = {(): np.full(len(count), float(cc.population))}
    # NLTK's marginals: corpus frequencies of the words and of the sub-sequences
    m_n: dict[tuple[int, ...], np.ndarray] = {(): np.full(len(count), float(cc.n_tokens))}
    for s in subsets(k)[1:]:
        if s == full:
            m_q[s] = count
            m_n[s] = count / cc.scale
            continue
        wanted = grams[list(s)]
        m_q[s] = _lookup(cc.table("pattern", s), wanted, bits)
        if len(s) == 1:
            m_n[s] = unigram[grams[s[0]]]
        else:
            m_n[s] = _lookup(cc.table("sequence", s), wanted, bits)
    lam, z = lambda_z(cells_from_marginals(m_q, k), smoothing)
    measures = association(
        count / cc.scale, [unigram[g] for g in grams], cells_from_marginals(m_n, k), cc.n_tokens
    )
    out = pd.DataFrame(
        {
            "feature": str_series(gram_strings(vocab, grams)),
            "n": np.full(len(count), k, dtype=np.int64),
            "count": count.astype(np.int64),
            "lambda": lam,
            "z": z,
            **measures,
        }
    )
    by = [sort, "feature"] if sort != "feature" else ["feature"]
    ascending = [sort == "feature", True][: len(by)]
    out = out.sort_values(by, ascending=ascending, na_position="last", kind="stable")
    out = out.reset_index(drop=True)
    return out.head(top) if top is not None else out
