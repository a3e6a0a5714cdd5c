"""``tk.Vectorizer``: a scikit-learn document-term matrix on the toolkit's tokens and engine."""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from toolkit.counts._engine import count_tokens, gram_keys, radix_bits, valid_mask
from toolkit.counts._frame import gram_strings
from toolkit.counts._tokens import as_tokens, segment_ids, stop_mask
from toolkit.errors import ArgumentError, InputError
from toolkit.text.tokenize import Tokens

__all__ = ["Vectorizer"]

_TOKENIZER_DEFAULTS = {
    "lowercase": True,
    "remove_punct": True,
    "remove_numbers": False,
    "language": "auto",
}


class Vectorizer(TransformerMixin, BaseEstimator):
    """Count words and n-grams per document into a sparse matrix, like scikit-learn's
    ``CountVectorizer`` but with the toolkit's tokenization (jieba for Chinese, the same tokens
    as :func:`toolkit.ngrams`) and counting engine.

    Parameters
    ----------
    ngram_range : (int, int)
        Inclusive range of n-gram lengths.
    min_df, max_df : int or float
        Keep features in at least ``min_df`` / at most ``max_df`` documents (a float is a
        proportion of the documents), as scikit-learn.
    max_features : int, optional
        Then keep the most frequent features (ties alphabetically).
    stopwords : None, "en", "zh", "both" or list of str
        Drop n-grams containing a stopword (the same rule as :func:`toolkit.ngrams`).
    binary : bool
        1/0 presence instead of counts.
    boundary : {"document", "sentence"}
        N-grams never cross this boundary.
    lowercase, remove_punct, remove_numbers : bool
        Tokenizer options.
    language : {"auto", "en", "zh"}
        Tokenizer language.
    dtype : numpy dtype
        Type of the matrix values.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Feature (space-joined n-gram) to column.
    n_docs_ : int
        Documents seen in ``fit``.

    Notes
    -----
    ``X`` is a Corpus (its normalised text, tokenized through the corpus cache), Tokens, or a
    list (or array) of strings (tokenized with :func:`toolkit.tokenize` as given).

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
        return list(range(int(lo), int(hi) + 1))

    def _tokens(self, X: Any) -> Tokens:
        if isinstance(X, (np.ndarray, pd.Series)):
            X = X.tolist()
        if isinstance(X, str):
            raise InputError("X must be a Corpus or a list of documents, not a single string")
        sentences = self.boundary == "sentence"
        if isinstance(X, Tokens):
            return as_tokens(X, sentences=sentences)
        options = {
            "lowercase": self.lowercase,
            "remove_punct": self.remove_punct,
            "remove_numbers": self.remove_numbers,
            "language": self.language,
        }
        # only non-default options, so a Corpus's cached default tokens are reused
        changed = {k: v for k, v in options.items() if _TOKENIZER_DEFAULTS[k] != v}
        return as_tokens(X, sentences=sentences, **changed)

    def _df_limit(self, value: float | int, n_docs: int, name: str) -> int:
        if isinstance(value, Integral) and not isinstance(value, bool):
            return int(value)
        if isinstance(value, Real) and 0.0 <= float(value) <= 1.0:
            share = float(value) * n_docs
            return int(np.floor(share)) if name == "max_df" else int(np.ceil(share))
        raise ArgumentError(f"{name} must be an int or a float in [0, 1], not {value!r}")

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
        self._fit(self._tokens(X))
        return self

    def _fit(self, tokens: Tokens) -> None:
        sizes = self._sizes()
        counts = count_tokens(tokens, sizes, boundary=self.boundary, stopwords=self.stopwords)
        n_docs = len(tokens)
        lo = self._df_limit(self.min_df, n_docs, "min_df")
        hi = self._df_limit(self.max_df, n_docs, "max_df")
        if hi < lo:
            raise ArgumentError("max_df corresponds to fewer documents than min_df")
        names, totals, grams = [], [], {}
        for n, t in counts.tables.items():
            keep = (t.doc_freq >= lo) & (t.doc_freq <= hi)
            names.append(gram_strings(counts.vocab, t.grams[:, keep]))
            totals.append(t.count[keep])
            grams[n] = counts.vocab[t.grams[:, keep]]
        feature_names = pa.concat_arrays(names) if names else pa.array([], pa.large_string())
        total = np.concatenate(totals) if totals else np.zeros(0, dtype=np.int64)
        keep_idx = np.arange(len(total))
        if self.max_features is not None:
            if not isinstance(self.max_features, Integral) or self.max_features < 0:
                raise ArgumentError(
                    f"max_features must be a non-negative int, not {self.max_features!r}"
                )
            alpha = pc.sort_indices(feature_names).to_numpy()
            by_count = alpha[np.argsort(-total[alpha], kind="stable")]
            keep_idx = np.sort(by_count[: int(self.max_features)])
        order = pc.sort_indices(feature_names.take(pa.array(keep_idx))).to_numpy()
        chosen = keep_idx[order]
        self.feature_names_ = np.asarray(
            feature_names.take(pa.array(chosen)).to_pylist(), dtype=object
        )
        self.vocabulary_ = {name: i for i, name in enumerate(self.feature_names_.tolist())}
        # per n: the feature tokens and their columns, for transform
        starts = np.concatenate([[0], np.cumsum([g.shape[1] for g in grams.values()])])
        column = np.empty(len(total), dtype=np.int64)
        column[:] = -1
        column[chosen] = np.arange(len(chosen))
        self._features = {}
        for (n, g), a in zip(grams.items(), starts[:-1], strict=True):
            cols = column[a : a + g.shape[1]]
            self._features[n] = (g[:, cols >= 0], cols[cols >= 0])
        self.n_docs_ = n_docs

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
        return self._transform(self._tokens(X))

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
        self._fit(tokens)
        return self._transform(tokens)

    def _transform(self, tokens: Tokens) -> sp.csr_matrix:
        index = pd.Index(tokens.vocab)
        bits = radix_bits(len(tokens.vocab) + 1)
        seg = segment_ids(tokens, self.boundary)
        stop = stop_mask(tokens.vocab, self.stopwords)
        stop_tok = stop[tokens.ids] if stop is not None else None
        ids = tokens.ids.astype(np.int64)
        doc = tokens.doc_index
        rows, cols = [], []
        for n, (words, columns) in self._features.items():
            fid = index.get_indexer(words.reshape(-1)).reshape(words.shape)
            known = np.all(fid >= 0, axis=0)
            fid, columns = fid[:, known], columns[known]
            mask = valid_mask(seg, n, stop_tok)
            size = len(mask)
            doc_cols = [ids[j : j + size][mask] for j in range(n)]
            m = len(columns)
            key, _ = gram_keys([np.concatenate([fid[j], doc_cols[j]]) for j in range(n)], bits)
            fkey, dkey = key[:m], key[m:]
            order = np.argsort(fkey)
            fkey, columns = fkey[order], columns[order]
            if m == 0:
                continue
            pos = np.minimum(np.searchsorted(fkey, dkey), m - 1)
            hit = fkey[pos] == dkey
            rows.append(doc[:size][mask][hit])
            cols.append(columns[pos[hit]])
        n_docs, n_features = len(tokens), len(self.vocabulary_)
        r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        cell, counts = np.unique(r * max(n_features, 1) + c, return_counts=True)
        row, col = np.divmod(cell, max(n_features, 1))
        indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=n_docs))])
        data = np.ones(len(cell), dtype=self.dtype) if self.binary else counts.astype(self.dtype)
        return sp.csr_matrix((data, col, indptr), shape=(n_docs, n_features))

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
