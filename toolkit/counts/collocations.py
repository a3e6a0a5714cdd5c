"""``tk.collocations``: multi-word expressions scored by association measures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.model import Corpus
from toolkit.counts._engine import gram_keys, radix_bits, sorted_rank, valid_mask, window_columns
from toolkit.counts._frame import gram_strings, str_series
from toolkit.counts._stats import association, cells_from_marginals, lambda_z, subsets
from toolkit.counts._tokens import as_tokens, segment_ids, stop_mask
from toolkit.errors import ArgumentError
from toolkit.text.tokenize import Tokens

__all__ = ["collocations"]

COLUMNS = ["collocation", "length", "count", "lambda", "z", "pmi", "g2", "t", "chi2", "dice"]


def _lookup(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """How often each of ``wanted`` occurs among ``keys``."""
    uniq, counts = np.unique(keys, return_counts=True)
    if len(uniq) == 0:
        return np.zeros(len(wanted))
    pos = np.minimum(np.searchsorted(uniq, wanted), len(uniq) - 1)
    return np.where(uniq[pos] == wanted, counts[pos], 0).astype(np.float64)


def _candidates(
    cols: list[np.ndarray], bits: int, min_count: int, stop: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct expressions among ``cols`` seen ``min_count`` times without a stopword:
    their rank columns (K, rows) and counts."""
    key, _ = gram_keys(cols, bits)
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    keep = counts >= min_count
    grams = np.stack([c[first[keep]] for c in cols]) if len(cols[0]) else np.zeros((len(cols), 0))
    grams = grams.astype(np.int64)
    counts = counts[keep]
    if stop is not None and grams.shape[1]:
        ok = ~np.any(stop[grams], axis=0)
        grams, counts = grams[:, ok], counts[ok]
    return grams, counts.astype(np.float64)


def _sub_key(cols: list[np.ndarray], subset: tuple[int, ...], bits: int) -> np.ndarray:
    return gram_keys([cols[j] for j in subset], bits)[0]


def collocations(
    data: Corpus | Tokens | Sequence[str],
    size: int = 2,
    *,
    min_count: int = 2,
    window: int | None = None,
    boundary: str = "sentence",
    stopwords: object = None,
    smoothing: float = 0.5,
    sort: str = "z",
    **tokenize_options: Any,
) -> pd.DataFrame:
    """Score adjacent word sequences (or window co-occurrences) as collocations.

    Parameters
    ----------
    data : Corpus, Tokens or list of str
        The text; a Corpus is tokenized through its cache.
    size : int
        Length of the expressions (2 = bigrams, 3 = trigrams, …).
    min_count : int
        Score only expressions seen at least this often.
    window : int, optional
        Count co-occurrence of two words up to ``window`` tokens apart (``size`` must be 2;
        ``window=1`` is adjacency), as NLTK's ``BigramCollocationFinder.from_words(words,
        window_size=window + 1)``: the association measures then use ``count / window``
        (Church & Hanks' scaling, as NLTK).
    boundary : {"sentence", "document"}
        Expressions never span this boundary (quanteda: collocations do not span sentences).
    stopwords : None, "en", "zh", "both" or list of str
        Do not score expressions containing a stopword (they still count in the tables).
    smoothing : float
        Added to every cell of the 2^K table for ``lambda`` and ``z`` (quanteda's default 0.5).
    sort : str
        Column to sort by, descending (ties alphabetically).
    **tokenize_options
        Tokenizer options (``language``, ``lowercase``, ``remove_punct``, …).

    Returns
    -------
    pandas.DataFrame
        ``collocation`` (space-joined), ``length``, ``count`` and:

        - ``lambda``, ``z`` — Blaheta & Johnson's (2001) statistic as in quanteda's
          ``textstat_collocations``: the 2^K table counts, over all K-grams in the corpus, how
          many match the candidate at each combination of positions; ``lambda`` is its K-way
          log-linear interaction (the log odds ratio for bigrams) with ``smoothing`` added to
          every cell, ``z`` its Wald statistic.
        - ``pmi`` (log base 2), ``g2`` (log-likelihood G²), ``t`` (Student's t), ``chi2``
          (Pearson) — with NLTK's ``BigramAssocMeasures``/``TrigramAssocMeasures`` conventions:
          marginals are corpus frequencies of the words (and for trigrams of the word pairs),
          the total is the number of tokens.
        - ``dice`` — ``K · count / Σ word frequencies`` (NLTK's Dice for bigrams).

    Examples
    --------
    >>> import toolkit as tk
    >>> texts = ["The White House said the United States will act."] * 3 + ["The house is white."]
    >>> colls = tk.collocations(texts, min_count=3, stopwords="en")
    >>> colls[["collocation", "count"]].head(3).values.tolist()
    [['united states', 3], ['house said', 3], ['white house', 3]]
    """
    if size < 2:
        raise ArgumentError(f"size must be >= 2, not {size}")
    if window is not None and (size != 2 or window < 1):
        raise ArgumentError("window= needs size=2 and window >= 1")
    if sort not in COLUMNS:
        raise ArgumentError(f"sort must be one of {COLUMNS}, not {sort!r}")
    tokens = as_tokens(data, sentences=boundary == "sentence", **tokenize_options)
    vocab, rank = sorted_rank(tokens.vocab)
    r = rank[tokens.ids] if tokens.n_tokens else np.zeros(0, dtype=np.int64)
    seg = segment_ids(tokens, boundary)
    bits = radix_bits(len(vocab))
    stop = stop_mask(vocab, stopwords)
    unigram = np.bincount(r, minlength=len(vocab)).astype(np.float64)
    n_tokens = tokens.n_tokens
    if window is None:
        mask = valid_mask(seg, size)
        cols = window_columns(r, size, mask)
        scale = 1.0
    else:
        firsts, seconds = [], []
        for d in range(1, window + 1):
            m = valid_mask(seg, 1, span=d + 1)
            firsts.append(r[: len(m)][m])
            seconds.append(r[d : d + len(m)][m])
        cols = [np.concatenate(firsts), np.concatenate(seconds)]
        scale = float(window)
    grams, count = _candidates(cols, bits, min_count, stop)
    k = size
    full = tuple(range(k))
    # quanteda's table: match patterns over the population of K-grams (or window pairs)
    m_q: dict[tuple[int, ...], np.ndarray] = {(): np.full(len(count), float(len(cols[0])))}
    # NLTK's marginals: corpus frequencies of the words and of the sub-sequences
    m_n: dict[tuple[int, ...], np.ndarray] = {(): np.full(len(count), float(n_tokens))}
    for s in subsets(k)[1:]:
        if s == full:
            m_q[s] = count
            m_n[s] = count / scale
            continue
        wanted, _ = gram_keys([grams[j] for j in s], bits)
        m_q[s] = _lookup(_sub_key(cols, s, bits), wanted)
        if len(s) == 1:
            m_n[s] = unigram[grams[s[0]]]
        else:
            span = s[-1] - s[0] + 1
            sub_mask = valid_mask(seg, span)
            sub_cols = window_columns(r, span, sub_mask, [j - s[0] for j in s])
            m_n[s] = _lookup(gram_keys(sub_cols, bits)[0], wanted)
    lam, z = lambda_z(cells_from_marginals(m_q, k), smoothing)
    measures = association(
        count / scale, [unigram[g] for g in grams], cells_from_marginals(m_n, k), n_tokens
    )
    out = pd.DataFrame(
        {
            "collocation": str_series(gram_strings(vocab, grams)),
            "length": np.full(len(count), k, dtype=np.int64),
            "count": count.astype(np.int64),
            "lambda": lam,
            "z": z,
            **measures,
        }
    )
    by = [sort, "collocation"] if sort != "collocation" else ["collocation"]
    ascending = [sort == "collocation", True][: len(by)]
    return out.sort_values(by, ascending=ascending, na_position="last", kind="stable").reset_index(
        drop=True
    )
