"""``tk.fcm``: the feature co-occurrence matrix (quanteda's ``fcm``).

Two contexts, with quanteda's definitions (``R/fcm.R`` and its tests, ``test-fcm.R``):

- ``window=None`` — **document** context: two different features co-occur ``x_i · x_j``
  times in a document (``count="frequency"``; summed over documents, ``crossprod`` of the
  dfm) or once (``"boolean"``); a feature co-occurs with itself ``choose(x_i, 2)`` times
  (``"boolean"``: once when ``x_i > 1``).
- ``window=k`` — **window** context: every pair of tokens of one document at most ``k``
  positions apart counts once (``"frequency"``), ``weights[d - 1]`` at distance ``d``
  (``"weighted"``, default ``1/d``) or once per document (``"boolean"``). With
  ``ordered=False`` (default) the pair (a, b) and (b, a) are the same and a feature's pairs
  with itself are counted twice on the diagonal, as quanteda; ``ordered=True`` counts
  (first, second) in text order and keeps the full matrix.

``tri=True`` keeps the upper triangle (diagonal included), as quanteda. Features are sorted
alphabetically (quanteda's ``fcm_sort``). Pads (removed tokens kept as ``""``) occupy their
positions but never co-occur.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit.errors import ArgumentError, InputError
from toolkit.features import Dfm
from toolkit.textstats._units import unit_tokens

__all__ = ["Fcm", "fcm"]


@dataclass
class Fcm:
    """A feature co-occurrence matrix (:func:`fcm`).

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Features × features.
    features : numpy.ndarray of str
        Row and column names (sorted).
    counts : numpy.ndarray
        How often each feature occurs (quanteda's ``margin``).
    count, window, ordered, tri
        How it was counted.
    """

    matrix: sp.csr_matrix
    features: np.ndarray
    counts: np.ndarray
    count: str
    window: int | None
    ordered: bool
    tri: bool

    def __repr__(self) -> str:
        ctx = "document" if self.window is None else f"window {self.window}"
        return f"<Fcm: {len(self.features):,} features, {ctx}, {self.count}>"

    def to_array(self) -> np.ndarray:
        return self.matrix.toarray()

    def to_frame(self, *, top: int | None = None, diagonal: bool = False) -> pd.DataFrame:
        """Tidy non-zero pairs: ``feature_a``, ``feature_b``, ``count`` (``weight`` for
        ``count="weighted"``), ``count_a``, ``count_b`` (the features' own counts), largest
        first; ``top`` keeps the pairs among the ``top`` most frequent features."""
        M = self.matrix.tocoo()
        keep = (M.row != M.col) | diagonal
        rows, cols, vals = M.row[keep], M.col[keep], M.data[keep]
        if top is not None:
            best = set(np.argsort(-self.counts, kind="stable")[:top].tolist())
            sel = np.array([r in best and c in best for r, c in zip(rows, cols, strict=True)])
            sel = sel.astype(bool) if len(sel) else np.zeros(0, bool)
            rows, cols, vals = rows[sel], cols[sel], vals[sel]
        name = "weight" if self.count == "weighted" else "count"
        out = pd.DataFrame(
            {"feature_a": self.features[rows], "feature_b": self.features[cols], name: vals,
             "count_a": self.counts[rows], "count_b": self.counts[cols]}
        )  # fmt: skip
        order = np.lexsort((out["feature_b"], out["feature_a"], -out[name].to_numpy()))
        return out.iloc[order].reset_index(drop=True)


def _document(X: sp.csr_matrix, count: str) -> sp.csr_matrix:
    if count == "weighted":
        raise ArgumentError('fcm: count="weighted" needs a window (quanteda refuses it too)')
    if count == "boolean":
        diag = np.asarray((X > 1).sum(axis=0)).ravel().astype(float)
        X = (X > 0).astype(np.float64)
    else:
        X = X.astype(np.float64)
        diag = np.asarray(X.multiply(X - X.sign()).sum(axis=0)).ravel() / 2  # choose(x, 2)
    C = sp.lil_matrix(X.T @ X)
    C.setdiag(diag)
    return sp.csr_matrix(C)


def _window(
    ids: np.ndarray,
    doc: np.ndarray,
    n_types: int,
    window: int,
    count: str,
    weights: np.ndarray,
    ordered: bool,
) -> sp.csr_matrix:
    firsts, seconds, docs, vals = [], [], [], []
    for k in range(1, window + 1):
        a, b = ids[:-k], ids[k:]
        ok = (doc[:-k] == doc[k:]) & (a >= 0) & (b >= 0)
        firsts.append(a[ok])
        seconds.append(b[ok])
        docs.append(doc[:-k][ok])
        vals.append(np.full(int(ok.sum()), weights[k - 1] if count == "weighted" else 1.0))
    i, j = np.concatenate(firsts), np.concatenate(seconds)
    d, v = np.concatenate(docs), np.concatenate(vals)
    if count == "boolean":
        lo, hi = (i, j) if ordered else (np.minimum(i, j), np.maximum(i, j))
        triples = np.unique(np.stack([d, lo, hi]), axis=1)
        i, j, v = triples[1], triples[2], np.ones(triples.shape[1])
    pairs = sp.csr_matrix((v, (i, j)), shape=(n_types, n_types))
    if ordered:
        return pairs
    if count == "boolean":
        upper = sp.triu(pairs, k=1)
        return sp.csr_matrix(upper + upper.T + 2 * sp.diags(pairs.diagonal()))
    return sp.csr_matrix(pairs + pairs.T)


def fcm(
    data: Any,
    *,
    window: int | None = None,
    count: str = "frequency",
    weights: Sequence[float] | None = None,
    ordered: bool = False,
    tri: bool = True,
    **token_options: Any,
) -> Fcm:
    """Feature co-occurrence matrix within documents or within a window of tokens.

    Parameters
    ----------
    data : Corpus, Tokens, Dfm or list of str
        A Dfm only for document context (it has no token order).
    window : int, optional
        Co-occurrence within ``window`` tokens; None (default) within documents. To count
        within sentences or paragraphs, segment the corpus first (``corpus.segment(...)``).
    count : {"frequency", "boolean", "weighted"}
        How pairs are counted (``"weighted"`` needs a window).
    weights : list of float, optional
        One weight per distance 1..window for ``"weighted"`` (default ``1/d``).
    ordered : bool
        Count (first, second) in text order instead of unordered pairs (window only).
    tri : bool
        Keep only the upper triangle (ignored when ``ordered``).
    **token_options
        Options of :func:`toolkit.tokens` for a Corpus or texts (e.g. ``stopwords="en"``;
        removed stopwords stay as pads, so distances stay as in the text).

    Returns
    -------
    Fcm
        ``.matrix``, ``.features``, ``.to_frame()``.

    Examples
    --------
    >>> import toolkit as tk
    >>> f = tk.fcm(["a d a c e a d f e b a c e d"], window=3)
    >>> f.features.tolist(), f.to_array()[0].tolist()
    (['a', 'b', 'c', 'd', 'e', 'f'], [4.0, 1.0, 4.0, 4.0, 5.0, 2.0])
    """
    if count not in ("frequency", "boolean", "weighted"):
        raise ArgumentError(f"count must be frequency, boolean or weighted, not {count!r}")
    if window is not None and (
        isinstance(window, bool) or not isinstance(window, int) or window < 1
    ):
        raise ArgumentError(f"window must be a positive int or None, not {window!r}")
    if ordered and window is None:
        raise ArgumentError("ordered=True needs a window")
    if isinstance(data, Dfm):
        if window is not None:
            raise InputError(
                "fcm: a Dfm has no token order; pass the Corpus or Tokens for a window"
            )
        if token_options:
            raise InputError(f"fcm: tokens options {sorted(token_options)} do not apply to a Dfm")
        d = data
    else:
        opts = (
            {"padding": True, **token_options} if token_options.get("stopwords") else token_options
        )
        toks = unit_tokens(data, by=None, function="fcm", **opts)
        if window is None:
            from toolkit.features import dfm

            d = dfm(toks)
        else:
            d = None
    if d is not None:
        if d.weighted:
            raise ArgumentError("fcm needs counts; this Dfm is weighted")
        M = _document(sp.csr_matrix(d.matrix), count)
        features, counts = d.features, d.feature_counts()
    else:
        if weights is None:
            w = 1.0 / np.arange(1, window + 1)
        else:
            w = np.asarray(weights, dtype=float)
            if len(w) != window:
                raise ArgumentError(
                    f"weights needs {window} values (one per distance), not {len(w)}"
                )
        vocab = toks.vocab
        ids = toks.ids.astype(np.int64)
        order = np.argsort(vocab, kind="stable")
        rank = np.empty(len(vocab), dtype=np.int64)
        rank[order] = np.arange(len(vocab))
        ids = np.where(ids >= 0, rank[np.maximum(ids, 0)], -1)
        M = _window(ids, toks.doc_index, len(vocab), window, count, w, ordered)
        counts = np.bincount(ids[ids >= 0], minlength=len(vocab)).astype(float)
        present = counts > 0
        features = vocab[order][present]
        M = M[present][:, present]
        counts = counts[present]
    if tri and not ordered:
        M = sp.triu(M)
    return Fcm(
        matrix=sp.csr_matrix(M),
        features=np.asarray(features, dtype=str),
        counts=np.asarray(counts, dtype=float),
        count=count,
        window=window,
        ordered=ordered,
        tri=tri and not ordered,
    )
