"""``tk.Vectorizer``: a scikit-learn transformer over the toolkit's tokens and dfm builder."""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from toolkit.counts._input import as_tokens
from toolkit.errors import ArgumentError, InputError
from toolkit.features import Dfm
from toolkit.features.build import count_matrix
from toolkit.tokenized import Tokens
from toolkit.tokenized.ops import MAX_NGRAM

__all__ = ["Vectorizer"]

_TOKEN_DEFAULTS = {
    "lowercase": True,
    "remove_punct": True,
    "remove_numbers": False,
    "language": "auto",
}


class Vectorizer(TransformerMixin, BaseEstimator):
    """Count words and n-grams per document into a sparse matrix — scikit-learn's
    ``CountVectorizer``, with the toolkit's tokens (jieba for Chinese) and the same code as
    :func:`toolkit.dfm`.

    The parameter names are scikit-learn's (``ngram_range``, ``min_df``, ``max_df``,
    ``max_features``), so it drops into existing pipelines; they mean what :meth:`Dfm.trim`'s
    ``min_docs``/``max_docs``/``top`` mean.

    Parameters
    ----------
    ngram_range : (int, int)
        Inclusive range of n-gram lengths.
    min_df, max_df : int or float
        Keep features in at least ``min_df`` / at most ``max_df`` documents (a float is a
        proportion of the documents), as scikit-learn.
    max_features : int, optional
        Then keep the most frequent features. Ties are broken alphabetically (scikit-learn's
        order among equally frequent features is that of an unstable sort, so the two may pick
        different features at the cut-off; everything else is identical).
    stopwords : None, "en", "zh", "both" or list of str
        Drop n-grams containing a stopword (the same rule as :func:`toolkit.ngrams`).
    binary : bool
        1/0 presence instead of counts.
    boundary : {"document", "sentence"}
        N-grams never cross this boundary.
    lowercase, remove_punct, remove_numbers : bool
        Tokens options.
    language : {"auto", "en", "zh"}
        Tokenizer language.
    dtype : numpy dtype
        Type of the matrix values.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Feature (space-joined n-gram) to column.
    feature_names_ : numpy.ndarray of str
        The features in column order.
    n_docs_ : int
        Documents seen in ``fit``.

    Notes
    -----
    ``X`` is a Corpus (its normalised text, tokenized through the corpus cache), Tokens, or a
    list (or array) of strings. The matrices :meth:`transform` returns carry their column
    names and the documents' docvars as the attributes ``feature_names`` and ``docvars``, so a
    :class:`~toolkit.TopicModel` right after the Vectorizer in a ``Pipeline`` knows its
    vocabulary.

    Examples
    --------
    >>> import toolkit as tk
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.feature_extraction.text import TfidfTransformer
    >>> from sklearn.linear_model import LogisticRegression
    >>> texts = ["tax cuts now", "cut taxes", "war and peace", "peace talks"]
    >>> v = tk.Vectorizer(ngram_range=(1, 2))
    >>> v.fit_transform(texts).shape, v.get_feature_names_out()[:3].tolist()
    ((4, 15), ['and', 'and peace', 'cut'])
    >>> pipe = make_pipeline(tk.Vectorizer(), TfidfTransformer(), LogisticRegression())
    >>> pipe.fit(texts, [1, 1, 0, 0]).predict(["peace now"]).tolist()
    [0]
    """

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (1, 1),
        min_df: float | int = 1,
        max_df: float | int = 1.0,
        max_features: int | None = None,
        stopwords: object = None,
        binary: bool = False,
        boundary: str = "document",
        lowercase: bool = True,
        remove_punct: bool = True,
        remove_numbers: bool = False,
        language: str = "auto",
        dtype: Any = np.int64,
    ) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.stopwords = stopwords
        self.binary = binary
        self.boundary = boundary
        self.lowercase = lowercase
        self.remove_punct = remove_punct
        self.remove_numbers = remove_numbers
        self.language = language
        self.dtype = dtype

    # -------------------------------------------------------------------------------- helpers
    def _sizes(self) -> list[int]:
        lo, hi = self.ngram_range
        if not (isinstance(lo, Integral) and isinstance(hi, Integral) and 1 <= lo <= hi):
            raise ArgumentError(
                f"ngram_range must be (low, high) with 1 <= low <= high, not {self.ngram_range}"
            )
        if hi > MAX_NGRAM:
            raise ArgumentError(
                f"ngram_range: n-grams are at most {MAX_NGRAM} tokens long, not {self.ngram_range}"
            )
        return list(range(int(lo), int(hi) + 1))

    def _tokens(self, X: Any) -> Tokens:
        if isinstance(X, (np.ndarray, pd.Series)):
            X = X.tolist()
        if isinstance(X, str):
            raise InputError("X must be a Corpus or a list of documents, not a single string")
        if isinstance(X, Dfm):
            raise InputError("X is a Dfm already; the Vectorizer makes one from texts or Tokens")
        options = {
            "lowercase": self.lowercase,
            "remove_punct": self.remove_punct,
            "remove_numbers": self.remove_numbers,
            "language": self.language,
        }
        # only non-default options, so a Corpus's cached default tokens are reused
        changed = {k: v for k, v in options.items() if _TOKEN_DEFAULTS[k] != v}
        if isinstance(X, Tokens):
            changed = {}
        return as_tokens(X, function="Vectorizer", sentences=self.boundary == "sentence", **changed)

    def _df_limit(self, value: float | int, n_docs: int, name: str) -> int:
        if isinstance(value, Integral) and not isinstance(value, bool):
            return int(value)
        if isinstance(value, Real) and 0.0 <= float(value) <= 1.0:
            share = float(value) * n_docs
            return int(np.floor(share)) if name == "max_df" else int(np.ceil(share))
        raise ArgumentError(f"{name} must be an int or a float in [0, 1], not {value!r}")

    def _count(self, tokens: Tokens) -> tuple[sp.csr_matrix, np.ndarray]:
        X, features, _ = count_matrix(
            tokens, self._sizes(), stopwords=self.stopwords, boundary=self.boundary
        )
        return X, features

    # -------------------------------------------------------------------------------- API
    def fit(self, X: Any, y: Any = None) -> Vectorizer:
        """Learn the features (n-grams) of the documents ``X``.

        Parameters
        ----------
        X : Corpus, Tokens or list of str
            The documents.
        y : ignored

        Returns
        -------
        Vectorizer
            ``self``, fitted.
        """
        self._fit(*self._count(self._tokens(X)))
        return self

    def _fit(self, M: sp.csr_matrix, features: np.ndarray) -> np.ndarray:
        """Choose the features; returns the chosen columns of ``M``."""
        n_docs = M.shape[0]
        lo = self._df_limit(self.min_df, n_docs, "min_df")
        hi = self._df_limit(self.max_df, n_docs, "max_df")
        if hi < lo:
            raise ArgumentError("max_df corresponds to fewer documents than min_df")
        df = np.bincount(M.indices, minlength=M.shape[1])
        keep = np.flatnonzero((df >= lo) & (df <= hi))
        if self.max_features is not None:
            if not isinstance(self.max_features, Integral) or self.max_features < 0:
                raise ArgumentError(
                    f"max_features must be a non-negative int, not {self.max_features!r}"
                )
            total = np.asarray(M[:, keep].sum(axis=0)).ravel()
            keep = np.sort(keep[np.argsort(-total, kind="stable")[: int(self.max_features)]])
        self.feature_names_ = np.asarray(features[keep].tolist(), dtype=object)
        self.vocabulary_ = {name: i for i, name in enumerate(self.feature_names_.tolist())}
        self.n_docs_ = n_docs
        return keep

    def transform(self, X: Any) -> sp.csr_matrix:
        """Document-term matrix of ``X`` over the fitted features (unseen n-grams ignored).

        Parameters
        ----------
        X : Corpus, Tokens or list of str
            The documents.

        Returns
        -------
        scipy.sparse.csr_matrix
            Shape ``(documents, features)``; counts (or 1/0 with ``binary=True``).
        """
        check_is_fitted(self, "vocabulary_")
        tokens = self._tokens(X)
        M, features = self._count(tokens)
        index = pd.Index(features).get_indexer(self.feature_names_.astype(str))
        have = index >= 0
        cols = np.zeros(M.shape[1], dtype=np.int64) - 1
        cols[index[have]] = np.flatnonzero(have)
        return self._finish(M, cols, tokens)

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> sp.csr_matrix:
        """Fit and transform in one pass over the tokens (see :meth:`fit`, :meth:`transform`).

        Parameters
        ----------
        X : Corpus, Tokens or list of str
            The documents.
        y : ignored
        **fit_params : ignored

        Returns
        -------
        scipy.sparse.csr_matrix
            Shape ``(documents, features)``.
        """
        tokens = self._tokens(X)
        M, features = self._count(tokens)
        keep = self._fit(M, features)
        cols = np.zeros(M.shape[1], dtype=np.int64) - 1
        cols[keep] = np.arange(len(keep))
        return self._finish(M, cols, tokens)

    def _finish(self, M: sp.csr_matrix, cols: np.ndarray, tokens: Tokens) -> sp.csr_matrix:
        """Keep the columns with ``cols >= 0`` and put them at ``cols``."""
        C = M.tocoo()
        new = cols[C.col]
        ok = new >= 0
        data = np.ones(int(ok.sum())) if self.binary else C.data[ok]
        out = sp.csr_matrix(
            (data.astype(self.dtype), (C.row[ok], new[ok])),
            shape=(M.shape[0], len(self.vocabulary_)),
        )
        out.sort_indices()
        out.feature_names = self.feature_names_.copy()
        out.docvars = tokens.docvars
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The features (space-joined n-grams) in column order.

        Parameters
        ----------
        input_features : ignored

        Returns
        -------
        numpy.ndarray of str (object dtype)
            One name per column, sorted alphabetically like scikit-learn's.
        """
        check_is_fitted(self, "vocabulary_")
        return self.feature_names_.copy()

    def __sklearn_tags__(self):  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
