"""Compare groups of documents by their vocabulary: group×group similarity and change points.

Used for questions like "how similar is the vocabulary of the 1910s to that of the 1920s?" and
"where is the sharpest break in the vocabulary of the State of the Union?" (Rule, Cointet & Bearman,
PNAS 2015, locate it at 1917).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.errors import ArgumentError
from toolkit.features import Dfm, dfm
from toolkit.text.stopwords import resolve_stopwords

__all__ = ["change_points", "group_similarity"]

_MEASURES = ("cosine", "jsd")


def _group_matrix(
    data: Any, by: str, stopwords: object, min_count: int
) -> tuple[sparse.csr_matrix, list, np.ndarray]:
    """Term counts summed per group (groups sorted; documents whose group is missing are left
    out; terms counted fewer than ``min_count`` times in all are dropped)."""
    if not isinstance(by, str):
        raise ArgumentError(f"by must be one column name, not {by!r}")
    d = data if isinstance(data, Dfm) else dfm(data, stopwords=stopwords)
    if isinstance(data, Dfm) and stopwords is not None:
        d = d.remove(sorted(resolve_stopwords(stopwords)), kind="fixed", case_sensitive=True)
    g = d.group(by)
    labels = g.docvars[by]
    keep = labels.notna().to_numpy()
    g = g._rows(np.flatnonzero(keep))
    g = g.trim(min_count=min_count) if min_count > 1 else g
    return g.matrix, labels[keep].tolist(), g.features


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
    data: Any,
    *,
    by: str = "decade",
    measure: str = "cosine",
    stopwords: object = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Vocabulary similarity between every pair of groups.

    Parameters
    ----------
    data : Corpus, Tokens, Dfm or list of str
        Documents with a grouping column (or ``year`` for ``by="decade"``).
    by : str
        ``"decade"`` (from ``year``) or any metadata column.
    measure : {"cosine", "jsd"}
        Cosine similarity of relative term frequencies, or ``1 - JSD`` (Jensen–Shannon divergence,
        base 2, so it lies in [0, 1]).
    stopwords : None, "en", "zh", "both" or list of str
        Words left out of the profiles.
    min_count : int
        Leave out words counted fewer times than this in all groups.

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
    m, groups, _ = _group_matrix(data, by, stopwords, min_count)
    sim = _similarity_matrix(m, measure)
    a, b = np.meshgrid(np.arange(len(groups)), np.arange(len(groups)), indexing="ij")
    g = np.array(groups, dtype=object)
    return pd.DataFrame(
        {"group_a": g[a.ravel()], "group_b": g[b.ravel()], "similarity": sim.ravel()}
    )


def change_points(
    data: Any,
    *,
    by: str = "year",
    method: str = "window",
    width: int = 10,
    measure: str = "jsd",
    stopwords: object = None,
    min_count: int = 5,
) -> pd.DataFrame:
    """Score every possible break point in an ordered series of groups (e.g. years).

    Each group's term counts are turned into relative frequencies first, so every year weighs the
    same whatever the length of its addresses.

    - ``method="window"`` (local novelty): the mean frequency profile of the ``width`` groups
      before ``t`` against that of ``t`` and the ``width - 1`` after it; score = ``1 - similarity``.
    - ``method="split"`` (global bipartition): the group×group similarity matrix ``S`` is cut in two
      blocks at ``t``; score = mean within-block similarity − mean between-block similarity (blocks
      of at least ``width`` groups). This is the block structure Rule, Cointet & Bearman read off
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
    >>> cp = change_points(c, width=3, min_count=1)
    >>> int(cp.loc[cp["rank"] == 1, "year"].iloc[0])
    1910
    >>> cp = change_points(c, method="split", width=3, min_count=1)
    >>> int(cp.loc[cp["rank"] == 1, "year"].iloc[0])
    1910
    """
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ArgumentError(f"width must be an int >= 1, not {width!r}")
    window = width
    if method not in ("window", "split"):
        raise ArgumentError(f"method must be 'window' or 'split', not {method!r}")
    m, groups, _ = _group_matrix(data, by, stopwords, min_count)
    p = m.toarray().astype(float)
    sums = p.sum(axis=1, keepdims=True)
    p = p / np.where(sums == 0, 1.0, sums)
    n = len(groups)
    if n < 2 * window:
        raise ArgumentError(f"need at least {2 * window} groups for width={window}; have {n}")
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
