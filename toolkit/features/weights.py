"""Weighting a document-feature matrix: quanteda's ``dfm_weight``, ``docfreq`` and
``dfm_tfidf`` schemes, plus scikit-learn's tf-idf.

All functions take and return ``scipy.sparse.csr_matrix`` (documents × features) and touch only
the stored (non-zero) cells, so a weighted matrix stays sparse.

Term-frequency schemes (Manning, Raghavan & Schütze 2008, §6.2–6.4; quanteda's names), for the
count :math:`tf_{ij}` of feature *j* in document *i*:

========== ===================================================================
count      :math:`tf_{ij}`
prop       :math:`tf_{ij} / \\sum_j tf_{ij}`
propmax    :math:`tf_{ij} / \\max_j tf_{ij}`
logcount   :math:`1 + \\log_{b} tf_{ij}` (0 stays 0)
boolean    1 where :math:`tf_{ij} > 0`
augmented  :math:`k + (1 - k)\\, tf_{ij} / \\max_j tf_{ij}` (on non-zero cells)
logave     :math:`(1 + \\log_b tf_{ij}) / (1 + \\log_b \\bar{tf}_i)` with
           :math:`\\bar{tf}_i` the mean non-zero count of document *i*
========== ===================================================================

Document-frequency schemes, with *N* documents, :math:`df_j` the documents containing *j*,
smoothing *s* and *k*:

================ ================================================================
unary            1
count            :math:`df_j`
inverse          :math:`\\log_b(s + N / (k + df_j))` (quanteda's default idf, base 10)
inversemax       :math:`\\log_b(s + \\max_j df_j / (k + df_j))`
inverseprob      :math:`\\max(0, \\log_b((N - df_j) / (k + df_j)))`
inverse_sklearn  :math:`\\log_b((N + k) / (df_j + k)) + 1`: scikit-learn's
                 ``TfidfTransformer`` idf with base *e* (``k=1``: ``smooth_idf=True``,
                 the default; ``k=0``: ``smooth_idf=False``)
================ ================================================================

Examples
--------
The Wikipedia tf-idf example that quanteda's tests use (``tests/testthat/test-dfm_weight.R``,
"replication of worked example"): with base 10, ``example`` (3 of 7 words of document 2, in
one of two documents) weighs :math:`3/7 \\cdot \\log_{10} 2 = 0.129`.

>>> import scipy.sparse as sp
>>> X = sp.csr_matrix(np.array([[1, 1, 2, 1, 0, 0], [1, 1, 0, 0, 2, 3]]))
>>> w = tf(X, "prop").multiply(idf(X, "inverse")).tocsr()
>>> np.round(w.toarray(), 2).tolist()
[[0.0, 0.0, 0.12, 0.06, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.09, 0.13]]
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from toolkit.errors import ArgumentError

__all__ = ["DF_SCHEMES", "TF_SCHEMES", "doc_freq", "idf", "normalize_rows", "tf"]

TF_SCHEMES = ("count", "prop", "propmax", "logcount", "boolean", "augmented", "logave")
DF_SCHEMES = ("unary", "count", "inverse", "inversemax", "inverseprob", "inverse_sklearn")


def _row_of_cell(X: sp.csr_matrix) -> np.ndarray:
    return np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))


def _log(values: np.ndarray, base: float) -> np.ndarray:
    if base <= 0 or base == 1:
        raise ArgumentError(f"base must be positive and not 1, not {base}")
    return np.log(values) / np.log(base)


def tf(
    X: sp.csr_matrix, scheme: str = "count", *, base: float = 10, k: float = 0.5
) -> sp.csr_matrix:
    """Term-frequency weighting (see the module table).

    Examples
    --------
    quanteda's ``test-dfm_weight.R`` ("dfm_weight works"): counts ``[[1, 1, 1, 0], [1, 1, 2,
    1]]`` give ``logcount`` 1.30 for the count 2:

    >>> X = sp.csr_matrix(np.array([[1, 1, 1, 0], [1, 1, 2, 1]]))
    >>> np.round(tf(X, "logcount").toarray(), 2).tolist()
    [[1.0, 1.0, 1.0, 0.0], [1.0, 1.0, 1.3, 1.0]]
    >>> np.round(tf(X, "prop").toarray(), 2).tolist()
    [[0.33, 0.33, 0.33, 0.0], [0.2, 0.2, 0.4, 0.2]]
    >>> tf(X, "propmax").toarray().tolist()
    [[1.0, 1.0, 1.0, 0.0], [0.5, 0.5, 1.0, 0.5]]
    """
    if scheme not in TF_SCHEMES:
        raise ArgumentError(f"scheme must be one of {TF_SCHEMES}, not {scheme!r}")
    X = sp.csr_matrix(X, dtype=np.float64, copy=True)
    X.eliminate_zeros()
    data, rows = X.data, _row_of_cell(X)
    if scheme == "count":
        return X
    if scheme == "prop":
        totals = np.asarray(X.sum(axis=1)).ravel()
        data /= totals[rows]
    elif scheme in ("propmax", "augmented"):
        top = X.max(axis=1).toarray().ravel()
        data /= top[rows]
        if scheme == "augmented":
            if not 0 <= k <= 1:
                raise ArgumentError(f"k must be in [0, 1], not {k}")
            data *= 1 - k
            data += k
    elif scheme == "boolean":
        data[:] = 1.0
    elif scheme == "logcount":
        data[:] = 1 + _log(data, base)
    elif scheme == "logave":
        sums = np.asarray(X.sum(axis=1)).ravel()
        nonzero = np.diff(X.indptr)
        mean = np.divide(sums, nonzero, out=np.ones_like(sums), where=nonzero > 0)
        data[:] = (1 + _log(data, base)) / (1 + _log(mean, base))[rows]
    return X


def doc_freq(X: sp.csr_matrix, threshold: float = 0) -> np.ndarray:
    """Number of documents in which each feature's value is above ``threshold``.

    Examples
    --------
    >>> doc_freq(sp.csr_matrix(np.array([[1, 0, 2], [1, 1, 0]]))).tolist()
    [2, 1, 1]
    """
    X = sp.csr_matrix(X)
    above = X.data > threshold
    return np.bincount(X.indices[above], minlength=X.shape[1]).astype(np.int64)


def idf(
    X: sp.csr_matrix,
    scheme: str = "inverse",
    *,
    base: float = 10,
    smoothing: float = 0,
    k: float | None = None,
    threshold: float = 0,
) -> np.ndarray:
    """Document-frequency weights of every feature (see the module table; ``k`` defaults to
    0, and to 1 for ``inverse_sklearn``).

    Examples
    --------
    scikit-learn's smoothed idf, ``ln((1 + N) / (1 + df)) + 1``, for N = 2:

    >>> X = sp.csr_matrix(np.array([[1, 0], [1, 1]]))
    >>> np.round(idf(X, "inverse_sklearn", base=np.e), 4).tolist()
    [1.0, 1.4055]
    >>> np.round(idf(X, "inverse"), 4).tolist()
    [0.0, 0.301]
    """
    if scheme not in DF_SCHEMES:
        raise ArgumentError(f"scheme_df must be one of {DF_SCHEMES}, not {scheme!r}")
    k = (1.0 if scheme == "inverse_sklearn" else 0.0) if k is None else float(k)
    if k < 0:
        raise ArgumentError(f"k must be >= 0, not {k}")
    n_docs = X.shape[0]
    df = doc_freq(X, threshold).astype(np.float64)
    if scheme == "unary":
        return np.ones(X.shape[1])
    if scheme == "count":
        return df
    with np.errstate(divide="ignore", invalid="ignore"):
        if scheme == "inverse":
            return _log(smoothing + n_docs / (k + df), base)
        if scheme == "inversemax":
            return _log(smoothing + (df.max() if len(df) else 0) / (k + df), base)
        if scheme == "inverseprob":
            return np.maximum(0.0, _log((n_docs - df) / (k + df), base))
        return _log((n_docs + k) / (df + k), base) + 1.0


def normalize_rows(X: sp.csr_matrix, norm: str | None) -> sp.csr_matrix:
    """Scale every row to unit ``"l1"`` or ``"l2"`` norm (``None``: unchanged), as
    :func:`sklearn.preprocessing.normalize`; an all-zero row stays zero."""
    if norm is None:
        return X
    if norm not in ("l1", "l2"):
        raise ArgumentError(f"norm must be 'l1', 'l2' or None, not {norm!r}")
    from sklearn.preprocessing import normalize

    return sp.csr_matrix(normalize(X, norm=norm, copy=True))
