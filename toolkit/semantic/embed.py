"""Word embeddings of one period: co-occurrence counts, PPMI, truncated SVD, word2vec, Procrustes.

SVD of the positive PMI matrix follows Levy, Goldberg & Dagan (2015): symmetric window,
context-distribution smoothing (α = 0.75), embeddings ``U Σ^½`` of a truncated SVD; Hamilton,
Leskovec & Jurafsky (2016) use them for diachronic comparison because they are stable on small
corpora. word2vec (skip-gram with negative sampling) runs through gensim, with a deterministic
hash so that a seed fixes the result. Periods are aligned with orthogonal Procrustes
(:func:`scipy.linalg.orthogonal_procrustes`) on the words they share.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.linalg import orthogonal_procrustes

from toolkit.errors import MissingDependencyError

__all__ = [
    "align_to",
    "cooccurrence",
    "normalize_rows",
    "ppmi",
    "svd_embedding",
    "word2vec_embedding",
]


def cooccurrence(
    ids: np.ndarray, offsets: np.ndarray, size: int, window: int
) -> list[sp.csr_matrix]:
    """Symmetric co-occurrence counts within ``window`` tokens, one sparse matrix per document.

    ``ids`` are vocabulary indices (``-1`` for tokens outside the vocabulary: they keep their
    place in the window but are not counted); ``offsets`` delimit documents.

    Examples
    --------
    >>> m = cooccurrence(np.array([0, 1, 0, -1, 1]), np.array([0, 5]), 2, 1)[0]
    >>> m.toarray().tolist()
    [[0.0, 2.0], [2.0, 0.0]]
    """
    out = []
    for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True):
        doc = ids[a:b]
        rows, cols = [], []
        for k in range(1, window + 1):
            left, right = doc[:-k], doc[k:]
            ok = (left >= 0) & (right >= 0)
            rows += [left[ok], right[ok]]
            cols += [right[ok], left[ok]]
        r = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, np.int64)
        m = sp.coo_matrix((np.ones(len(r)), (r, c)), shape=(size, size)).tocsr()
        m.sum_duplicates()
        out.append(m)
    return out


def ppmi(counts: sp.spmatrix, alpha: float = 0.75) -> sp.csr_matrix:
    """Positive pointwise mutual information of a co-occurrence matrix, with the context
    distribution raised to ``alpha`` (Levy et al. 2015).

    ``PPMI(w, c) = max(0, log(P(w, c) / (P(w) P_α(c))))`` with ``P_α(c) = #c^α / Σ #c'^α``.

    Examples
    --------
    >>> m = sp.csr_matrix(np.array([[0.0, 2.0], [2.0, 2.0]]))
    >>> np.round(ppmi(m, alpha=1.0).toarray(), 4).tolist()
    [[0.0, 0.4055], [0.4055, 0.0]]
    """
    m = sp.csr_matrix(counts, dtype=np.float64)
    total = m.sum()
    if total <= 0:
        return sp.csr_matrix(m.shape)
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** alpha
    coo = m.tocoo()
    p_wc = coo.data / total
    p_w = row[coo.row] / total
    p_c = col[coo.col] / col.sum()
    pmi = np.log(p_wc / (p_w * p_c))
    keep = pmi > 0
    return sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)


def svd_embedding(matrix: sp.csr_matrix, dim: int, seed: int) -> np.ndarray:
    """``U Σ^½`` of a rank-``dim`` randomized SVD (scikit-learn), rows of unit length."""
    from sklearn.utils.extmath import randomized_svd

    dim = max(1, min(dim, min(matrix.shape) - 1))
    u, s, _ = randomized_svd(matrix, n_components=dim, n_iter=4, random_state=seed)
    return normalize_rows(u * np.sqrt(s))


def _stable_hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def word2vec_embedding(
    sentences: Sequence[Sequence[str]],
    vocab: Sequence[str],
    *,
    dim: int,
    window: int,
    seed: int,
    epochs: int = 5,
) -> np.ndarray:
    """Skip-gram word2vec (gensim, one worker, a fixed hash: deterministic given ``seed``);
    rows in the order of ``vocab``, zero for words gensim did not keep."""
    try:
        from gensim.models import Word2Vec
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise MissingDependencyError(
            "method='word2vec' needs gensim: pip install 'toolkit-rhetoric[embeddings]'"
        ) from e
    model = Word2Vec(
        sentences=[list(s) for s in sentences],
        vector_size=dim,
        window=window,
        min_count=1,
        sg=1,
        negative=5,
        workers=1,
        seed=seed,
        epochs=epochs,
        hashfxn=_stable_hash,
    )
    out = np.zeros((len(vocab), dim))
    index = model.wv.key_to_index
    for i, w in enumerate(vocab):
        j = index.get(w)
        if j is not None:
            out[i] = model.wv.vectors[j]
    return normalize_rows(out)


def align_to(moving: np.ndarray, fixed: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """Rotate ``moving`` onto ``fixed`` with the orthogonal Procrustes rotation fitted on the
    rows ``shared`` (a boolean mask or indices), and return all rows rotated.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a = normalize_rows(rng.normal(size=(50, 5)))
    >>> q, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    >>> bool(np.allclose(align_to(a @ q, a, np.arange(50)), a))
    True
    """
    rotation, _ = orthogonal_procrustes(moving[shared], fixed[shared])
    return moving @ rotation
