"""``tk.correspondence``: correspondence analysis of a Dfm (quanteda's ``textmodel_ca``).

As ``R/textmodel_ca.R`` of quanteda.textmodels (after Nenadić & Greenacre's ``ca``): with
``P = X / n``, row masses ``r``, column masses ``c``, the standardised residuals
``S = (P - r cᵀ) / sqrt(r cᵀ)`` are decomposed by a truncated SVD ``S = U Σ Vᵀ``; the
standard coordinates are ``U / sqrt(r)`` (documents) and ``V / sqrt(c)`` (features), the
singular values ``Σ`` (their squares are the principal inertias), the row and column inertias
the row and column sums of ``S²`` and the χ² distances ``sqrt(inertia / mass)``. The number of
dimensions defaults to quanteda's ``floor(3 log(min(I, J)))``. A singular vector's sign is
arbitrary; here the largest loading of each feature vector is positive (scikit-learn's
``svd_flip``), or ``dir=(i, j)`` puts document ``i`` below ``j`` on the first dimension.

Reference: Nenadić, O. & Greenacre, M. (2007). Correspondence analysis in R, with two- and
three-dimensional graphics: the ca package. *Journal of Statistical Software* 20(3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.linalg import svd

from toolkit.errors import ArgumentError
from toolkit.scaling._common import count_dfm, doc_columns, doc_index, drop_empty

__all__ = ["Correspondence", "correspondence"]


@dataclass
class Correspondence:
    """A correspondence analysis (:func:`correspondence`).

    Attributes
    ----------
    documents : pandas.DataFrame
        ``doc_id``, ``date``, ``year``, ``dimension`` (from 1) and ``coordinate`` (standard
        coordinates, quanteda's ``rowcoord``), one row per document and dimension.
    features : pandas.DataFrame
        ``feature``, ``dimension``, ``coordinate`` (``colcoord``).
    sv : numpy.ndarray
        Singular values (``sv ** 2`` are the principal inertias).
    row_mass, col_mass, row_inertia, col_inertia, row_dist, col_dist : numpy.ndarray
        Masses, inertias and χ² distances of documents and features.
    dropped : dict
        Documents without tokens and features without counts that were left out.
    """

    documents: pd.DataFrame
    features: pd.DataFrame
    sv: np.ndarray
    row_mass: np.ndarray
    col_mass: np.ndarray
    row_inertia: np.ndarray
    col_inertia: np.ndarray
    row_dist: np.ndarray
    col_dist: np.ndarray
    dropped: dict[str, list[str]] = field(default_factory=dict)

    @property
    def theta(self) -> np.ndarray:
        """Document coordinates on the first dimension."""
        return self.documents.loc[self.documents["dimension"] == 1, "coordinate"].to_numpy()

    @property
    def explained(self) -> np.ndarray:
        """Share of the total inertia on each dimension kept."""
        return self.sv**2 / self.row_inertia.sum()

    def __repr__(self) -> str:
        share = ", ".join(f"{v:.1%}" for v in self.explained[:3])
        return (
            f"<Correspondence: {len(self.row_mass)} documents × {len(self.col_mass)} features, "
            f"{len(self.sv)} dimensions (inertia {share}…)>"
        )


def correspondence(
    data: Any,
    *,
    nd: int | None = None,
    smooth: float = 0.0,
    dir: tuple[Any, Any] | None = None,  # noqa: A002 - the same name as wordfish's
) -> Correspondence:
    """Correspondence analysis of documents and features (quanteda's ``textmodel_ca``).

    Parameters
    ----------
    data : Dfm, Corpus, Tokens or list of str
        Counts.
    nd : int, optional
        Dimensions to keep (at most ``min(I, J) - 1``); default ``floor(3 log(min(I, J)))``.
    smooth : float
        Added to every cell first (quanteda's ``smooth``).
    dir : (int or str, int or str), optional
        Orient the first dimension so that the first document lies below the second.

    Returns
    -------
    Correspondence

    Examples
    --------
    >>> import toolkit as tk
    >>> ca = tk.correspondence(tk.dfm(["tax tax budget", "tax budget war", "war army navy"]),
    ...                        dir=(0, 2))
    >>> ca.documents.query("dimension == 1").coordinate.round(3).tolist()
    [-0.958, -0.422, 1.38]
    """
    if smooth < 0:
        raise ArgumentError(f"smooth must be >= 0, not {smooth}")
    d, dropped = drop_empty(count_dfm(data, function="correspondence"), function="correspondence")
    X = d.matrix.toarray().astype(np.float64) + smooth
    n_docs, n_feats = X.shape
    if min(n_docs, n_feats) < 2:
        raise ArgumentError("correspondence analysis needs at least two documents and features")
    limit = min(n_docs, n_feats) - 1
    if nd is None:
        nd = max(int(np.floor(3 * np.log(min(n_docs, n_feats)))), 1)
    elif isinstance(nd, bool) or not isinstance(nd, (int, np.integer)) or nd < 1:
        raise ArgumentError(f"nd must be a positive int, not {nd!r}")
    nd = min(int(nd), limit)
    P = X / X.sum()
    rm, cm = P.sum(axis=1), P.sum(axis=0)
    expected = np.outer(rm, cm)
    S = (P - expected) / np.sqrt(expected)
    U, sv, Vt = svd(S, full_matrices=False)
    from sklearn.utils.extmath import svd_flip

    U, Vt = svd_flip(U[:, :nd], Vt[:nd], u_based_decision=False)
    sv = sv[:nd]
    rows, cols = U / np.sqrt(rm)[:, None], Vt.T / np.sqrt(cm)[:, None]
    if dir is not None:
        a, b = (doc_index(d, v, name="dir") for v in dir)
        if rows[a, 0] > rows[b, 0]:
            rows[:, 0], cols[:, 0] = -rows[:, 0], -cols[:, 0]
    row_inertia, col_inertia = (S**2).sum(axis=1), (S**2).sum(axis=0)
    dims = np.arange(1, nd + 1)
    base = doc_columns(d.docvars)
    documents = base.loc[base.index.repeat(nd)].reset_index(drop=True)
    documents["dimension"] = np.tile(dims, n_docs)
    documents["coordinate"] = rows.ravel()
    features = pd.DataFrame(
        {"feature": np.repeat(d.features, nd), "dimension": np.tile(dims, n_feats),
         "coordinate": cols.ravel()}
    )  # fmt: skip
    return Correspondence(
        documents=documents,
        features=features,
        sv=sv,
        row_mass=rm,
        col_mass=cm,
        row_inertia=row_inertia,
        col_inertia=col_inertia,
        row_dist=np.sqrt(row_inertia / rm),
        col_dist=np.sqrt(col_inertia / cm),
        dropped=dropped,
    )
