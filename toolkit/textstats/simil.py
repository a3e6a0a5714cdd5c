"""``tk.similarity`` and ``tk.distance``: pairs of documents or groups (quanteda's
``textstat_simil`` / ``textstat_dist``).

Computed on the rows of the Dfm as given (counts, or weighted first with ``Dfm.weight``/
``tfidf``) by SciPy's :func:`scipy.spatial.distance.pdist`:

- similarities: ``cosine`` and ``correlation`` (1 - SciPy's distance), ``jaccard`` and
  ``dice`` (on presence/absence: shared features over features in either, 2·shared over the
  sum), ``jsd`` (1 - Jensen–Shannon divergence in bits of the rows' relative frequencies,
  in [0, 1], as :func:`toolkit.group_similarity`);
- distances: ``euclidean``, ``manhattan``, ``maximum`` (Chebyshev), ``canberra``,
  ``minkowski`` (``p=``), ``jsd`` (the divergence itself).

``by=`` sums the documents of each group first (``Dfm.group``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.spatial.distance import pdist, squareform

from toolkit.errors import ArgumentError
from toolkit.features import Dfm, dfm

__all__ = ["DISTANCES", "SIMILARITIES", "distance", "similarity"]

SIMILARITIES = ("cosine", "correlation", "jaccard", "dice", "jsd")
DISTANCES = ("euclidean", "manhattan", "maximum", "canberra", "minkowski", "jsd")
_SCIPY = {"manhattan": "cityblock", "maximum": "chebyshev"}


def _rows(data: Any, by: str | Sequence[str] | None) -> tuple[np.ndarray, list[str], str]:
    d = data if isinstance(data, Dfm) else dfm(data)
    if by is not None:
        d = d.group(by)
    return d.to_array().astype(np.float64), d.doc_ids, "group" if by is not None else "doc_id"


def _jsd(X: np.ndarray) -> np.ndarray:
    sums = X.sum(axis=1, keepdims=True)
    P = X / np.where(sums == 0, 1.0, sums)
    return squareform(pdist(P, "jensenshannon")) ** 2 / np.log(2)  # nats to bits


def _pairs(M: np.ndarray, ids: list[str], key: str, column: str, measure: str) -> pd.DataFrame:
    a, b = np.meshgrid(np.arange(len(ids)), np.arange(len(ids)), indexing="ij")
    names = np.asarray(ids, dtype=object)
    return pd.DataFrame(
        {f"{key}_a": names[a.ravel()], f"{key}_b": names[b.ravel()], "measure": measure,
         column: M.ravel()}
    )  # fmt: skip


def similarity(
    data: Any, *, measure: str = "cosine", by: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Similarity of every pair of documents (or groups).

    Parameters
    ----------
    data : Dfm, Corpus, Tokens or list of str
        Rows to compare (a Corpus, Tokens or texts become ``tk.dfm(data)``).
    measure : {"cosine", "correlation", "jaccard", "dice", "jsd"}
    by : str or list of str, optional
        Compare groups of documents (their counts summed).

    Returns
    -------
    pandas.DataFrame
        ``doc_id_a``, ``doc_id_b`` (``group_a``, ``group_b`` with ``by``), ``measure``,
        ``similarity`` — all ordered pairs, the diagonal included.

    Examples
    --------
    >>> import toolkit as tk
    >>> s = tk.similarity(["a b b", "a b", "c"], measure="jaccard")
    >>> s.pivot(index="doc_id_a", columns="doc_id_b", values="similarity").values.tolist()
    [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    if measure not in SIMILARITIES:
        raise ArgumentError(f"measure must be one of {SIMILARITIES}, not {measure!r}")
    X, ids, key = _rows(data, by)
    if measure == "jsd":
        M = 1.0 - _jsd(X)
    elif measure in ("jaccard", "dice"):
        B = X > 0
        M = 1.0 - squareform(pdist(B, measure))
        np.fill_diagonal(M, 1.0)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            M = 1.0 - squareform(pdist(X, measure))
        np.fill_diagonal(M, 1.0)
    return _pairs(M, ids, key, "similarity", measure)


def distance(
    data: Any,
    *,
    measure: str = "euclidean",
    by: str | Sequence[str] | None = None,
    p: float = 2.0,
) -> pd.DataFrame:
    """Distance between every pair of documents (or groups); see :func:`similarity`.

    Parameters
    ----------
    measure : {"euclidean", "manhattan", "maximum", "canberra", "minkowski", "jsd"}
    p : float
        Order of the Minkowski distance.

    Returns
    -------
    pandas.DataFrame
        ``doc_id_a``, ``doc_id_b`` (or ``group_a``, ``group_b``), ``measure``, ``distance``.

    Examples
    --------
    >>> import toolkit as tk
    >>> tk.distance(["a b b", "a"]).distance.round(4).tolist()
    [0.0, 2.0, 2.0, 0.0]
    """
    if measure not in DISTANCES:
        raise ArgumentError(f"measure must be one of {DISTANCES}, not {measure!r}")
    X, ids, key = _rows(data, by)
    if measure == "jsd":
        M = _jsd(X)
    elif measure == "minkowski":
        M = squareform(pdist(X, "minkowski", p=p))
    else:
        M = squareform(pdist(X, _SCIPY.get(measure, measure)))
    return _pairs(M, ids, key, "distance", measure)
