"""``tk.collocations``: multi-word expressions scored by association measures."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from toolkit._arrow import gram_strings, str_series
from toolkit.counts._input import as_tokens
from toolkit.counts._stats import association, cells_from_marginals, lambda_z, subsets
from toolkit.errors import ArgumentError
from toolkit.features._engine import (
    gram_keys,
    radix_bits,
    segment_ids,
    sorted_rank,
    stop_mask,
    valid_mask,
    window_columns,
)
from toolkit.text.tokenize import is_punctuation

__all__ = ["collocations"]

COLUMNS = ["feature", "n", "count", "lambda", "z", "pmi", "g2", "t", "chi2", "dice"]
#: Longest expressions scored (the 2^K table grows with K).
MAX_N = 8


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
    if isinstance(size, bool) or not isinstance(size, int) or not 2 <= size <= MAX_N:
        raise ArgumentError(f"n must be an int from 2 to {MAX_N}, not {size!r}")
    if window is not None and (size != 2 or window < 1 or window > 100):
        raise ArgumentError("window= needs n=2 and 1 <= window <= 100")
    if sort not in COLUMNS:
        raise ArgumentError(f"sort must be one of {COLUMNS}, not {sort!r}")
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ArgumentError(f"min_count must be an int >= 1, not {min_count!r}")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ArgumentError(f"top must be an int >= 1 or None, not {top!r}")
    tokens = as_tokens(
        data, function="collocations", sentences=boundary == "sentence", **token_options
    )
    vocab, rank = sorted_rank(tokens.vocab)
    pad = tokens.ids < 0
    # pads get a rank of their own, which matches no candidate word
    r = (
        np.where(pad, len(vocab), rank[np.maximum(tokens.ids, 0)])
        if tokens.n_tokens
        else (np.zeros(0, dtype=np.int64))
    )
    seg = segment_ids(tokens, boundary, gaps=True)
    punct = np.fromiter((is_punctuation(v) for v in vocab.tolist()), dtype=bool, count=len(vocab))
    skip = np.append(punct, False)[r]  # K-grams with punctuation are not counted at all
    bits = radix_bits(len(vocab) + 1)
    stop = stop_mask(vocab, stopwords, lowercase=tokens.settings.lowercase)
    stop = np.append(stop if stop is not None else np.zeros(len(vocab), bool), True)  # no pad
    unigram = np.bincount(r[~pad], minlength=len(vocab) + 1).astype(np.float64)
    n_tokens = int((~pad).sum())
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
            sub_mask = valid_mask(seg, span, skip | pad)
            sub_cols = window_columns(r, span, sub_mask, [j - s[0] for j in s])
            m_n[s] = _lookup(gram_keys(sub_cols, bits)[0], wanted)
    lam, z = lambda_z(cells_from_marginals(m_q, k), smoothing)
    measures = association(
        count / scale, [unigram[g] for g in grams], cells_from_marginals(m_n, k), n_tokens
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
