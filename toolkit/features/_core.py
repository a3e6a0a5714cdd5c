"""The :class:`Dfm`: a sparse document-feature matrix with its features and docvars.

A Dfm is immutable: every method returns a new one. Rows are documents (``docvars`` in the same
order, ``doc_id`` first), columns are features (words, space-joined n-grams or dictionary
categories) sorted alphabetically, as scikit-learn's ``CountVectorizer`` sorts them. Besides the
matrix a Dfm remembers, per document, how many tokens it was counted from (``n_tokens``: rates
per million use it, whatever features were trimmed away) and how it was weighted (a weighted
matrix is not weighted again unless ``force=True``, as quanteda refuses).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit.corpus.model import docs_mask, group_codes
from toolkit.errors import ArgumentError, InputError, UnknownNameError
from toolkit.features import weights as W

__all__ = ["Dfm"]

_UNWEIGHTED = {"tf": "count", "df": "unary", "norm": None, "smooth": 0.0}


def _readonly(X: sp.csr_matrix) -> sp.csr_matrix:
    for arr in (X.data, X.indices, X.indptr):
        arr.flags.writeable = False
    return X


class Dfm:
    """A document-feature matrix (quanteda's ``dfm``), made by :func:`toolkit.dfm`.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Documents × features (read-only; :meth:`to_sparse` gives a writable copy).
    features : numpy.ndarray of str
        Column names, sorted.
    docvars : pandas.DataFrame
        One row per document: ``doc_id`` and the corpus metadata (a copy).
    n_tokens : numpy.ndarray of int64
        Tokens each document was counted from (pads excluded).
    weighting : dict
        ``tf`` and ``df`` schemes, row ``norm`` and ``smooth`` applied so far.

    Examples
    --------
    >>> import toolkit as tk
    >>> d = tk.dfm(["a b b", "b c"])
    >>> d.features.tolist(), d.to_array().tolist()
    (['a', 'b', 'c'], [[1, 2, 0], [0, 1, 1]])
    >>> d.trim(min_docs=2).features.tolist()
    ['b']
    """

    def __init__(
        self,
        matrix: sp.spmatrix | np.ndarray,
        features: Sequence[str] | np.ndarray,
        docvars: pd.DataFrame,
        *,
        n_tokens: np.ndarray | None = None,
        weighting: Mapping[str, Any] | None = None,
        meta: Mapping[str, Any] | None = None,
        tokens: Any = None,
    ) -> None:
        X = sp.csr_matrix(matrix)
        features = np.asarray(list(features), dtype=str) if len(features) else np.array([], str)
        if not isinstance(docvars, pd.DataFrame) or "doc_id" not in docvars.columns:
            raise InputError("a Dfm needs a docvars DataFrame with a doc_id column")
        if X.shape != (len(docvars), len(features)):
            raise ArgumentError(
                f"matrix shape {X.shape} does not fit {len(docvars)} documents × "
                f"{len(features)} features"
            )
        X.sort_indices()
        self._matrix = _readonly(X)
        self._features = features
        self._features.flags.writeable = False
        self._docvars = docvars.reset_index(drop=True)
        n = np.asarray(X.sum(axis=1)).ravel() if n_tokens is None else np.asarray(n_tokens)
        self._n_tokens = n.astype(np.int64)
        self.weighting = dict(weighting or _UNWEIGHTED)
        self.meta = dict(meta or {})
        self._tokens = tokens  # the Tokens the rows were counted from (coherence needs them)

    # ------------------------------------------------------------------ data
    @property
    def matrix(self) -> sp.csr_matrix:
        return self._matrix

    @property
    def features(self) -> np.ndarray:
        return self._features

    @property
    def docvars(self) -> pd.DataFrame:
        return self._docvars.copy(deep=False)

    @property
    def doc_ids(self) -> list[str]:
        return self._docvars["doc_id"].tolist()

    @property
    def n_tokens(self) -> np.ndarray:
        return self._n_tokens

    @property
    def shape(self) -> tuple[int, int]:
        return self._matrix.shape

    @property
    def weighted(self) -> bool:
        """Whether any weighting or smoothing was applied (values are not plain counts)."""
        return self.weighting != _UNWEIGHTED

    @property
    def tokens(self) -> Any:
        """The Tokens the rows were counted from, when the rows still correspond (else None)."""
        return self._tokens

    def feature_counts(self) -> np.ndarray:
        """Column sums (total count, or weight, of every feature)."""
        return np.asarray(self._matrix.sum(axis=0)).ravel()

    def doc_freq(self) -> np.ndarray:
        """Number of documents containing each feature."""
        return W.doc_freq(self._matrix)

    def __len__(self) -> int:
        return self.shape[0]

    def __repr__(self) -> str:
        n, p = self.shape
        cells = n * p
        sparsity = 1 - self._matrix.nnz / cells if cells else 0.0
        how = (
            "" if not self.weighted else f", weighted {self.weighting['tf']}/{self.weighting['df']}"
        )
        return f"<Dfm: {n:,} documents × {p:,} features, {sparsity:.1%} sparse{how}>"

    # ------------------------------------------------------------------ building blocks
    def _derive(
        self,
        matrix: sp.spmatrix,
        *,
        features: np.ndarray | None = None,
        docvars: pd.DataFrame | None = None,
        n_tokens: np.ndarray | None = None,
        weighting: Mapping[str, Any] | None = None,
        tokens: Any = "same",
    ) -> Dfm:
        return Dfm(
            matrix,
            self._features if features is None else features,
            self._docvars if docvars is None else docvars,
            n_tokens=self._n_tokens if n_tokens is None else n_tokens,
            weighting=self.weighting if weighting is None else weighting,
            meta=self.meta,
            tokens=self._tokens if tokens == "same" else tokens,
        )

    def _columns(self, keep: np.ndarray) -> Dfm:
        keep = np.asarray(keep)
        index = np.flatnonzero(keep) if keep.dtype == bool else keep
        return self._derive(self._matrix[:, index], features=self._features[index])

    def _rows(self, index: np.ndarray) -> Dfm:
        index = np.asarray(index, dtype=np.int64)
        toks = self._tokens.take_docs(index) if self._tokens is not None else None
        return self._derive(
            self._matrix[index],
            docvars=self._docvars.iloc[index].reset_index(drop=True),
            n_tokens=self._n_tokens[index],
            tokens=toks,
        )

    # ------------------------------------------------------------------ operations
    def subset(self, predicate: Callable[[pd.DataFrame], Any] | None = None, **filters: Any) -> Dfm:
        """Keep the documents matching a predicate on the docvars and/or column filters, as
        :meth:`toolkit.Corpus.subset`."""
        return self._rows(np.flatnonzero(docs_mask(self._docvars, predicate, filters)))

    def trim(
        self,
        *,
        min_count: float | None = None,
        max_count: float | None = None,
        min_docs: float | None = None,
        max_docs: float | None = None,
        top: int | None = None,
    ) -> Dfm:
        """Keep features by frequency (quanteda's ``dfm_trim``).

        ``min_count``/``max_count`` bound a feature's total count, ``min_docs``/``max_docs``
        the number of documents containing it; an int is a number, a float in (0, 1] a
        proportion (of all counts, or of the documents), as scikit-learn's ``min_df``. ``top`` then keeps the most frequent
        features (ties alphabetically).

        Examples
        --------
        >>> import toolkit as tk
        >>> d = tk.dfm(["a a b", "a c", "a d d d"])
        >>> d.trim(min_count=2).features.tolist(), d.trim(max_docs=0.5).features.tolist()
        (['a', 'd'], ['b', 'c', 'd'])
        >>> d.trim(top=1).features.tolist()
        ['a']
        """
        counts = self.feature_counts()
        docs = self.doc_freq()
        keep = np.ones(len(counts), dtype=bool)
        total, n_docs = float(counts.sum()), len(self)
        for value, name, of, base, low in (
            (min_count, "min_count", counts, total, True),
            (max_count, "max_count", counts, total, False),
            (min_docs, "min_docs", docs, n_docs, True),
            (max_docs, "max_docs", docs, n_docs, False),
        ):
            if value is None:
                continue
            limit = _limit(value, base, name)
            keep &= (of >= limit) if low else (of <= limit)
        if top is not None:
            if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 0:
                raise ArgumentError(f"top must be a non-negative int, not {top!r}")
            idx = np.flatnonzero(keep)
            best = idx[np.argsort(-counts[idx], kind="stable")[: int(top)]]
            keep = np.zeros(len(counts), dtype=bool)
            keep[best] = True
        return self._columns(keep)

    def weight(
        self,
        scheme: str = "prop",
        *,
        base: float = 10,
        k: float = 0.5,
        weights: Mapping[str, float] | None = None,
        force: bool = False,
        **tfidf: Any,
    ) -> Dfm:
        """Weight the counts (quanteda's ``dfm_weight``; ``"tfidf"`` is :meth:`tfidf`).

        Parameters
        ----------
        scheme : str
            ``count``, ``prop``, ``propmax``, ``logcount``, ``boolean``, ``augmented``,
            ``logave`` (see :mod:`toolkit.features.weights`) or ``tfidf``.
        base, k : float
            Log base and the augmentation constant.
        weights : dict of feature → float, optional
            Multiply these features' columns instead (other features unchanged).
        force : bool
            Weight a matrix that is already weighted.
        **tfidf
            With ``scheme="tfidf"``: the options of :meth:`tfidf`.

        Examples
        --------
        >>> import toolkit as tk
        >>> tk.dfm(["a b b", "b"]).weight("prop").to_array().round(3).tolist()
        [[0.333, 0.667], [0.0, 1.0]]
        """
        if scheme == "tfidf":
            return self.tfidf(base=base, force=force, **tfidf)
        if tfidf:
            raise InputError(f"options {sorted(tfidf)} only apply to scheme='tfidf'")
        self._check_unweighted(force)
        if weights is not None:
            unknown = sorted(set(weights) - set(self._features.tolist()))
            if unknown:
                raise UnknownNameError(f"weights for features not in the dfm: {unknown[:5]}")
            factor = np.ones(self.shape[1])
            index = {f: i for i, f in enumerate(self._features.tolist())}
            for f, w in weights.items():
                factor[index[f]] = float(w)
            X = sp.csr_matrix(self._matrix.multiply(factor[None, :]))
            return self._derive(X, weighting={**self.weighting, "tf": "weights"})
        X = W.tf(self._matrix, scheme, base=base, k=k)
        return self._derive(X, weighting={**self.weighting, "tf": scheme})

    def tfidf(
        self,
        *,
        scheme_tf: str = "count",
        scheme_df: str = "inverse",
        base: float = 10,
        smoothing: float = 0,
        k: float | None = None,
        norm: str | None = None,
        force: bool = False,
    ) -> Dfm:
        """Term frequency × inverse document frequency (quanteda's ``dfm_tfidf``: counts times
        ``log10(N / df)`` by default), optionally with rows scaled to unit ``norm``.

        ``tfidf(scheme_df="inverse_sklearn", base=math.e, norm="l2")`` equals scikit-learn's
        ``TfidfTransformer()`` on the same counts.

        Examples
        --------
        >>> import toolkit as tk
        >>> tk.dfm(["a b", "a"]).tfidf().to_array().round(4).tolist()
        [[0.0, 0.301], [0.0, 0.0]]
        """
        self._check_unweighted(force)
        tfm = W.tf(self._matrix, scheme_tf, base=base)
        weights = W.idf(self._matrix, scheme_df, base=base, smoothing=smoothing, k=k)
        X = W.normalize_rows(sp.csr_matrix(tfm.multiply(weights[None, :])), norm)
        return self._derive(
            X, weighting={**self.weighting, "tf": scheme_tf, "df": scheme_df, "norm": norm}
        )

    def smooth(self, k: float = 1.0) -> Dfm:
        """Add ``k`` to every cell (quanteda's ``dfm_smooth``; the matrix becomes dense in
        content, so mind the memory on large matrices)."""
        if k < 0:
            raise ArgumentError(f"k must be >= 0, not {k}")
        dense = self._matrix.toarray().astype(np.float64) + k
        return self._derive(
            sp.csr_matrix(dense),
            weighting={**self.weighting, "smooth": self.weighting["smooth"] + k},
        )

    def group(self, by: str | Sequence[str]) -> Dfm:
        """Sum the rows of each group (quanteda's ``dfm_group``). The docvars are the ``by``
        columns, ``n_docs`` and every column constant within a group; ``doc_id`` is the group
        value (joined with ``|`` for several columns).

        Examples
        --------
        >>> import toolkit as tk
        >>> c = tk.Corpus.from_texts(["a b", "b", "c"], party=["D", "D", "R"])
        >>> g = tk.dfm(c).group("party")
        >>> g.doc_ids, g.to_array().tolist()
        (['D', 'R'], [[1, 2, 0], [0, 0, 1]])
        """
        if self.weighted and self.weighting["tf"] not in ("count", "weights"):
            raise ArgumentError("group the counts before weighting them")
        codes, labels = group_codes(self._docvars, by, context="group(by")
        G = sp.csr_matrix(
            (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(labels), len(codes))
        )
        from toolkit.tokenized.ops import group_docvars

        docvars = group_docvars(self._docvars, codes, labels)
        n_tokens = np.bincount(codes, weights=self._n_tokens, minlength=len(labels))
        X = sp.csr_matrix(G @ self._matrix)
        if not self.weighted:
            X = X.astype(np.int64)
        return self._derive(X, docvars=docvars, n_tokens=n_tokens, tokens=None)

    def select(self, patterns: Any, *, kind: str = "glob", case_sensitive: bool = False) -> Dfm:
        """Keep the features matching any pattern (see :mod:`toolkit.tokenized.patterns`)."""
        return self._columns(self._match(patterns, kind, case_sensitive))

    def remove(self, patterns: Any, *, kind: str = "glob", case_sensitive: bool = False) -> Dfm:
        """Drop the features matching any pattern."""
        return self._columns(~self._match(patterns, kind, case_sensitive))

    def _match(self, patterns: Any, kind: str, case_sensitive: bool) -> np.ndarray:
        from toolkit.tokenized.patterns import type_mask

        return type_mask(self._features, patterns, kind=kind, case_sensitive=case_sensitive)

    def match_features(self, features: Sequence[str] | np.ndarray) -> Dfm:
        """The matrix over exactly ``features``, in that order: features the dfm lacks are zero
        columns, others are dropped (quanteda's ``dfm_match``; how a model fitted on one dfm
        is applied to new documents)."""
        features = np.asarray(list(features), dtype=str)
        index = pd.Index(self._features).get_indexer(features)
        X = self._matrix.tocsc()
        cols = [X[:, i] if i >= 0 else sp.csc_matrix((X.shape[0], 1)) for i in index.tolist()]
        M = sp.hstack(cols, format="csr") if cols else sp.csr_matrix((X.shape[0], 0))
        if not self.weighted:
            M = M.astype(np.int64)
        return self._derive(M, features=features)

    def lookup(self, dictionary: Any, *, levels: Any = None, case_sensitive: bool = False) -> Dfm:
        """Sum the features matched by each dictionary category (quanteda's ``dfm_lookup``);
        multi-word values match n-gram features (``"united states"``). Categories become the
        features, in dictionary order."""
        from toolkit.tokenized.ops import dictionary_patterns

        keys, patterns, owner = dictionary_patterns(dictionary, levels)
        from toolkit.tokenized.patterns import type_mask

        M = np.zeros((len(self._features), len(keys)))
        words = np.char.find(self._features, " ") < 0 if len(self._features) else np.zeros(0, bool)
        joined = np.char.replace(self._features, " ", "") if len(self._features) else self._features
        for p, k in zip(patterns, owner.tolist(), strict=True):
            if p.chars:  # a Chinese value matches the feature that spells it, however split
                hit = joined == (p.text if case_sensitive else p.text.casefold())
            elif len(p.pieces) == 1:  # a word pattern matches words, not n-grams
                hit = words & type_mask(
                    self._features, [p.text], kind=p.kind, case_sensitive=case_sensitive
                )
            else:
                hit = self._features == " ".join(p.pieces)
            M[hit, k] = 1
        X = sp.csr_matrix(self._matrix @ sp.csr_matrix(M))
        if not self.weighted:
            X = X.astype(np.int64)
        return self._derive(X, features=np.asarray(keys, dtype=str))

    def _check_unweighted(self, force: bool) -> None:
        if self.weighted and not force:
            raise ArgumentError(
                f"this dfm is already weighted ({self.weighting['tf']}/{self.weighting['df']}); "
                "weight the counts once, or pass force=True"
            )

    # ------------------------------------------------------------------ views
    def to_sparse(self) -> sp.csr_matrix:
        """A writable copy of the matrix."""
        return self._matrix.copy()

    def to_array(self) -> np.ndarray:
        """The matrix as a dense NumPy array."""
        return self._matrix.toarray()

    def to_frame(self, *, docvars: Sequence[str] | bool = ("date", "year")) -> pd.DataFrame:
        """Tidy view: one row per non-zero cell, ``doc_id``, the ``docvars`` columns asked for
        (default ``date`` and ``year`` where present), ``feature`` and ``count`` (``weight`` for
        a weighted matrix).

        Examples
        --------
        >>> import toolkit as tk
        >>> tk.dfm(["a b b"]).to_frame(docvars=False).values.tolist()
        [['text1', 'a', 1], ['text1', 'b', 2]]
        """
        X = self._matrix.tocoo()
        order = np.lexsort((X.col, X.row))
        rows, cols, vals = X.row[order], X.col[order], X.data[order]
        out = pd.DataFrame({"doc_id": self._docvars["doc_id"].to_numpy()[rows]})
        wanted = list(self._docvars.columns[1:]) if docvars is True else list(docvars or [])
        for col in wanted:
            if col in self._docvars.columns and col != "doc_id":
                out[col] = self._docvars[col].array.take(rows)
        out["feature"] = self._features[cols]
        out["weight" if self.weighted else "count"] = vals
        return out

    def to_gensim(self) -> tuple[list[list[tuple[int, float]]], dict[int, str]]:
        """``(corpus, id2word)`` for gensim: a bag-of-words list per document and the
        feature of every id (what ``gensim.models.LdaModel(corpus, id2word=id2word)`` takes).

        Examples
        --------
        >>> import toolkit as tk
        >>> bow, id2word = tk.dfm(["a b b"]).to_gensim()
        >>> bow, id2word
        ([[(0, 1), (1, 2)]], {0: 'a', 1: 'b'})
        """
        X = self._matrix
        cast = float if self.weighted else int
        bow = [
            [(int(j), cast(v)) for j, v in zip(X.indices[a:b], X.data[a:b], strict=True)]
            for a, b in zip(X.indptr[:-1], X.indptr[1:], strict=True)
        ]
        return bow, dict(enumerate(self._features.tolist()))


def _limit(value: float, base: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InputError(f"{name} must be a number, not {value!r}")
    if isinstance(value, (float, np.floating)):
        if not 0 < value <= 1:
            raise ArgumentError(
                f"{name} as a share (a float) must lie in (0, 1], not {value}; "
                "give an int for a number"
            )
        return value * base
    if value < 0:
        raise ArgumentError(f"{name} must be >= 0, not {value}")
    return float(value)
