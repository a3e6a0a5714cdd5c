"""Compare groups of documents by their vocabulary: group×group similarity and change points.

Used for questions like "how similar is the vocabulary of the 1910s to that of the 1920s?" and
"where is the sharpest break in the vocabulary of the State of the Union?" (Rule, Cointet & Bearman,
PNAS 2015, locate it at 1917).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.corpus.model import group_frame
from toolkit.errors import ArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.corpus.model import Corpus
    from toolkit.text.tokenize import Tokens

__all__ = ["group_term_matrix", "group_similarity", "change_points"]

_MEASURES = ("cosine", "jsd")


def _tokens(data: Corpus | Tokens, stopwords: object) -> Tokens:
    from toolkit.text.tokenize import Tokens

    if isinstance(data, Tokens):
        return data
    return data.tokens(stopwords=stopwords)


def group_term_matrix(
    data: Corpus | Tokens, by: str = "decade", *, stopwords: object = None, min_count: int = 1
) -> tuple[sparse.csr_matrix, list, np.ndarray]:
    """Sum term counts per group.

    Returns
    -------
    (matrix, groups, vocab)
        ``matrix[g, t]`` is the count of term ``vocab[t]`` in group ``groups[g]`` (groups sorted;
        documents with a missing group value are left out); terms with a total count below
        ``min_count`` are dropped.

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["war war peace", "peace", "trade"], dates=["1901", "1905", "1911"])
    >>> m, groups, vocab = group_term_matrix(c, by="decade")
    >>> groups, dict(zip(vocab.tolist(), m.toarray()[0].tolist()))
    ([1900, 1910], {'war': 2, 'peace': 2, 'trade': 0})
    """
    toks = _tokens(data, stopwords)
    keys = group_frame(toks.docs, by)[by]
    valid = keys.notna().to_numpy()
    groups = sorted(keys[valid].unique().tolist())
    gindex = {g: i for i, g in enumerate(groups)}
    doc_group = np.array([gindex.get(k, -1) if v else -1 for k, v in zip(keys, valid, strict=True)])
    tok_group = doc_group[toks.doc_index] if toks.n_tokens else np.zeros(0, dtype=np.int64)
    keep = tok_group >= 0
    m = sparse.coo_matrix(
        (np.ones(int(keep.sum()), dtype=np.int64), (tok_group[keep], toks.ids[keep])),
        shape=(len(groups), len(toks.vocab)),
    ).tocsr()
    totals = np.asarray(m.sum(axis=0)).ravel()
    cols = np.flatnonzero(totals >= min_count)
    return m[:, cols], groups, toks.vocab[cols]


def _similarity_matrix(m: sparse.csr_matrix, measure: str) -> np.ndarray:
    if measure not in _MEASURES:
        raise ArgumentError(f"measure must be one of {_MEASURES}, not {measure!r}")
    p = np.asarray(m, dtype=float) if not sparse.issparse(m) else m.toarray().astype(float)
    sums = p.sum(axis=1, keepdims=True)
    sums[sums == 0] = 1.0
    p = p / sums
    if measure == "cosine":
        norms = np.linalg.norm(p, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        q = p / norms
        return q @ q.T
    n = p.shape[0]
    out = np.empty((n, n))
    logp = np.where(p > 0, np.log2(np.where(p > 0, p, 1.0)), 0.0)
    for i in range(n):
        mix = 0.5 * (p[i] + p)
        logm = np.where(mix > 0, np.log2(np.where(mix > 0, mix, 1.0)), 0.0)
        kl_i = (p[i] * (logp[i] - logm)).sum(axis=1)
        kl_j = (p * (logp - logm)).sum(axis=1)
        out[i] = 1.0 - 0.5 * (kl_i + kl_j)
    return out


def group_similarity(
    data: Corpus | Tokens,
    by: str = "decade",
    *,
    measure: str = "cosine",
    stopwords: object = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Vocabulary similarity between every pair of groups.

    Parameters
    ----------
    data : Corpus or Tokens
        Documents with a grouping column (or ``year`` for ``by="decade"``).
    by : str
        ``"decade"`` (from ``year``) or any metadata column.
    measure : {"cosine", "jsd"}
        Cosine similarity of relative term frequencies, or ``1 - JSD`` (Jensen–Shannon divergence,
        base 2, so it lies in [0, 1]).
    stopwords, min_count
        Passed to tokenization / :func:`group_term_matrix`.

    Returns
    -------
    pandas.DataFrame
        ``group_a``, ``group_b``, ``similarity`` — all ordered pairs, diagonal included.

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["war peace", "war peace", "trade"], dates=["1901", "1911", "1921"])
    >>> s = group_similarity(c)
    >>> round(float(s.query("group_a == 1900 and group_b == 1910").similarity.iloc[0]), 6)
    1.0
    """
    m, groups, _ = group_term_matrix(data, by, stopwords=stopwords, min_count=min_count)
    sim = _similarity_matrix(m, measure)
    a, b = np.meshgrid(np.arange(len(groups)), np.arange(len(groups)), indexing="ij")
    g = np.array(groups, dtype=object)
    return pd.DataFrame(
        {"group_a": g[a.ravel()], "group_b": g[b.ravel()], "similarity": sim.ravel()}
    )


def change_points(
    data: Corpus | Tokens,
    by: str = "year",
    *,
    method: str = "window",
    window: int = 10,
    measure: str = "jsd",
    stopwords: object = None,
    min_count: int = 5,
) -> pd.DataFrame:
    """Score every possible break point in an ordered series of groups (e.g. years).

    Each group's term counts are turned into relative frequencies first, so every year weighs the
    same whatever the length of its addresses.

    - ``method="window"`` (local novelty): the mean frequency profile of the ``window`` groups
      before ``t`` against that of ``t`` and the ``window - 1`` after it; score = ``1 - similarity``.
    - ``method="split"`` (global bipartition): the group×group similarity matrix ``S`` is cut in two
      blocks at ``t``; score = mean within-block similarity − mean between-block similarity (blocks
      of at least ``window`` groups). This is the block structure Rule, Cointet & Bearman read off
      their year×year matrix.

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``score``, ``rank`` (1 = sharpest break), sorted by ``<by>``.

    Examples
    --------
    >>> import toolkit as tk
    >>> years = [str(y) for y in range(1900, 1920)]
    >>> texts = ["war war army"] * 10 + ["trade money bank"] * 10
    >>> c = tk.Corpus.from_texts(texts, dates=years)
    >>> cp = change_points(c, window=3, min_count=1)
    >>> int(cp.loc[cp["rank"] == 1, "year"].iloc[0])
    1910
    >>> cp = change_points(c, method="split", window=3, min_count=1)
    >>> int(cp.loc[cp["rank"] == 1, "year"].iloc[0])
    1910
    """
    if window < 1:
        raise ArgumentError("window must be >= 1")
    if method not in ("window", "split"):
        raise ArgumentError(f"method must be 'window' or 'split', not {method!r}")
    m, groups, _ = group_term_matrix(data, by, stopwords=stopwords, min_count=min_count)
    p = m.toarray().astype(float)
    sums = p.sum(axis=1, keepdims=True)
    p = p / np.where(sums == 0, 1.0, sums)
    n = len(groups)
    if n < 2 * window:
        raise ArgumentError(f"need at least {2 * window} groups for window={window}; have {n}")
    rows = []
    if method == "window":
        for i in range(window, n - window + 1):
            pair = np.vstack([p[i - window : i].mean(axis=0), p[i : i + window].mean(axis=0)])
            rows.append(
                {by: groups[i], "score": 1.0 - float(_similarity_matrix(pair, measure)[0, 1])}
            )
    else:
        sim = _similarity_matrix(p, measure)
        for i in range(window, n - window + 1):
            within = np.concatenate([sim[:i, :i].ravel(), sim[i:, i:].ravel()]).mean()
            rows.append({by: groups[i], "score": float(within - sim[:i, i:].mean())})
    out = pd.DataFrame(rows)
    out["rank"] = out["score"].rank(ascending=False, method="first").astype(int)
    return out
