"""``tk.TopicModel``: a scikit-learn estimator for topic models (NMF, LDA, Gibbs LDA).

The constructor only stores parameters; :meth:`TopicModel.fit` learns the state (attributes
ending in ``_``) from a :class:`~toolkit.Dfm`, a Corpus or Tokens (made into a Dfm), or a
document-term matrix — e.g. the output of :class:`~toolkit.Vectorizer` inside a ``Pipeline``.
:meth:`transform` gives the topic shares of new documents, :meth:`score` the mean NPMI
coherence of the topics on them (so ``GridSearchCV`` can choose ``k``). The tidy results —
``topics``, ``doc_topics``, ``prevalence``, ``coherence`` … — are in
:class:`toolkit.models._results.Results`. Topics are numbered from 0.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.exceptions import NotFittedError

from toolkit._progress import progress_call
from toolkit._version import __version__
from toolkit.errors import ArgumentError, InputError, ToolkitWarning
from toolkit.features import Dfm
from toolkit.models._results import Results
from toolkit.models.backends import METHODS, fit_backend, infer

__all__ = ["TopicModel"]


class TopicModel(Results, TransformerMixin, BaseEstimator):
    """A topic model: NMF on tf-idf (default), scikit-learn's LDA, or tomotopy's Gibbs LDA.

    Parameters
    ----------
    k : int
        Number of topics.
    method : {"nmf", "lda", "gibbs"}
        ``"nmf"``: NMF of tf-idf (the fastest and most coherent on the benchmark); ``"lda"``:
        scikit-learn variational LDA (batch, 50 iterations); ``"gibbs"``: tomotopy collapsed
        Gibbs sampling (extra ``gibbs``; 1000 iterations).
    seed : int
        Random seed: same seed, data and ``threads`` give identical results.
    threads : int or None
        Threads while fitting (1 = reproducible bit for bit; None = the libraries' defaults).
    options : dict, optional
        Method options, e.g. ``{"tfidf_norm": "l2"}`` or ``{"alpha_W": 1e-4}`` for NMF,
        ``{"max_iter": 20}`` for LDA, ``{"iterations": 500}`` for Gibbs
        (see :mod:`toolkit.models.backends`).

    Attributes
    ----------
    features_ : numpy.ndarray of str
        The vocabulary (columns of ``topic_term_``).
    topic_term_ : numpy.ndarray, shape (k, n_features)
        ``p(feature | topic)``; rows sum to 1.
    components_ : numpy.ndarray, shape (k, n_features)
        The unnormalised topic-term matrix of the back-end (NMF's H, LDA's λ).
    doc_topic_ : numpy.ndarray, shape (n_units, k)
        Topic shares of the units fitted on; rows sum to 1.
    topic_mass_ : numpy.ndarray, shape (k,)
        Total weight of each topic in the corpus.
    docvars_ : pandas.DataFrame
        The units fitted on (``doc_id``, ``parent_id``, ``n_words``, metadata).
    unit_ : str
        Unit of analysis.
    fit_ : float
        Reconstruction error (NMF) or perplexity (LDA), ``fit_measure_`` says which.
    info_ : dict
        Provenance: corpus name and sha256, vocabulary settings, toolkit version, seconds.

    Examples
    --------
    >>> import toolkit as tk
    >>> texts = ["tax budget deficit spending", "army navy war troops"] * 4
    >>> d = tk.dfm(texts)
    >>> m = tk.TopicModel(k=2, seed=0).fit(d)
    >>> m.doc_topic_.shape, sorted(len(t) for t in m.top_terms(2))
    ((8, 2), [2, 2])
    >>> m.transform(tk.dfm(["army war"])).round(2).tolist()
    [[0.0, 1.0]]
    """

    def __init__(
        self,
        k: int = 20,
        *,
        method: str = "nmf",
        seed: int = 0,
        threads: int | None = 1,
        options: dict[str, Any] | None = None,
    ) -> None:
        self.k = k
        self.method = method
        self.seed = seed
        self.threads = threads
        self.options = options

    # ------------------------------------------------------------------ data in
    def _matrix(self, X: Any, *, fitting: bool) -> tuple[sp.csr_matrix, Any]:
        """The count matrix of ``X`` (over the fitted features when not fitting) and, when
        fitting, its features, docvars, tokens and meta."""
        from toolkit.corpus.model import Corpus
        from toolkit.tokenized import Tokens

        if isinstance(X, (Corpus, Tokens)) or (
            isinstance(X, (list, tuple)) and X and isinstance(X[0], str)
        ):
            from toolkit.features import dfm

            X = dfm(X)
        if isinstance(X, Dfm):
            if X.weighted:
                raise ArgumentError(
                    "fit a topic model on counts; this Dfm is weighted (NMF applies tf-idf itself)"
                )
            if not fitting:
                return X.match_features(self.features_).matrix, None
            return X.matrix, (X.features, X.docvars, X.tokens, dict(X.meta))
        if isinstance(X, (str, bytes)):
            raise InputError("X is a single string; pass a Dfm, a Corpus or a list of texts")
        if sp.issparse(X) or isinstance(X, np.ndarray):
            M = sp.csr_matrix(X)
            if (M.data < 0).any():
                raise ArgumentError("a topic model needs non-negative counts")
            if not fitting:
                if M.shape[1] != len(self.features_):
                    raise ArgumentError(
                        f"X has {M.shape[1]} columns; the model was fitted on "
                        f"{len(self.features_)} features"
                    )
                return M, None
            names = getattr(X, "feature_names", None)
            docvars = getattr(X, "docvars", None)
            if names is None:
                names = np.array([str(j) for j in range(M.shape[1])])
            if docvars is None or len(docvars) != M.shape[0]:
                docvars = pd.DataFrame({"doc_id": [f"doc{i + 1}" for i in range(M.shape[0])]})
            return M, (np.asarray(names, dtype=str), docvars, None, {})
        raise InputError(
            f"X must be a Dfm, a Corpus, Tokens, a list of texts or a document-term matrix, "
            f"not {type(X).__name__}"
        )

    def _check_fitted(self) -> None:
        if not hasattr(self, "topic_term_"):
            raise NotFittedError(
                "this TopicModel is not fitted yet; call fit() first (or use tk.fit_topics)"
            )

    # ------------------------------------------------------------------ estimator API
    def fit(self, X: Any, y: Any = None) -> TopicModel:
        """Learn the topics of ``X``.

        Parameters
        ----------
        X : Dfm, Corpus, Tokens, list of str, or a document-term matrix
            Counts (NMF weights them with tf-idf itself). A Corpus, Tokens or texts become
            ``tk.dfm(X)`` unpruned; :func:`toolkit.fit_topics` prunes the vocabulary for you.
        y : ignored

        Returns
        -------
        TopicModel
            ``self``, fitted.
        """
        if self.method not in METHODS:
            raise ArgumentError(f"method must be one of {METHODS}, not {self.method!r}")
        if self.options is not None and not isinstance(self.options, dict):
            raise InputError(f"options must be a dict of method options, not {self.options!r}")
        M, (features, docvars, tokens, meta) = self._matrix(X, fitting=True)
        res = progress_call(
            lambda: fit_backend(
                M, features, self.k, self.method, self.seed, self.threads, **(self.options or {})
            ),
            desc=f"fitting {self.k} topics ({self.method})",
        )
        for note in res.notes:
            warnings.warn(note, ToolkitWarning, stacklevel=2)
        self.features_ = features
        self.n_features_in_ = len(features)
        self.components_ = res.components
        self.topic_term_ = res.topic_term
        self.doc_topic_ = res.doc_topic
        self.topic_mass_ = res.topic_mass
        docvars = docvars.reset_index(drop=True)
        if "parent_id" not in docvars:
            docvars.insert(1, "parent_id", docvars["doc_id"].to_numpy())
        if "n_words" not in docvars:
            docvars.insert(2, "n_words", np.asarray(M.sum(axis=1)).ravel().astype(np.int64))
        self.docvars_ = docvars
        self.unit_ = meta.get("unit", "document")
        self.fit_ = res.fit
        self.fit_measure_ = res.fit_measure
        self.n_iter_ = res.n_iter
        self.method_params_ = res.params
        self.idf_ = res.idf
        self.prior_ = res.prior
        self.stream_ = tokens
        self.labels_: dict[int, str] = {}
        self.info_ = {
            "corpus_name": meta.get("corpus_name"),
            "corpus_sha256": meta.get("corpus_sha256"),
            "vocabulary": meta.get("vocabulary", {}),
            "toolkit_version": __version__,
            "seconds": res.seconds,
        }
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Topic shares of the documents ``X`` (rows sum to 1), topics held fixed.

        ``X`` is a Dfm (its features are matched to the model's), a Corpus/Tokens/texts
        (made into a Dfm), or a matrix over the model's features.
        """
        self._check_fitted()
        M, _ = self._matrix(X, fitting=False)
        return infer(
            M,
            self.method,
            self.components_,
            self.method_params_,
            idf=self.idf_,
            prior=self.prior_,
            seed=self.seed,
        )

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> np.ndarray:
        """Fit, and return the topic shares of the fitted documents (``doc_topic_``)."""
        return self.fit(X).doc_topic_.copy()

    def score(self, X: Any, y: Any = None) -> float:
        """Mean NPMI coherence of every topic's 10 top features over the documents of ``X``
        (document co-occurrence; higher is better), so ``GridSearchCV`` can choose ``k``."""
        from toolkit.models.coherence import npmi_from_doc_term

        self._check_fitted()
        M, _ = self._matrix(X, fitting=False)
        top = self._top_ids(min(10, len(self.features_)))
        return float(np.nanmean(npmi_from_doc_term(M, top)))

    def __repr__(self, N_CHAR_MAX: int = 700) -> str:
        base = super().__repr__(N_CHAR_MAX)
        if not hasattr(self, "topic_term_"):
            return base
        name = self.info_.get("corpus_name") or "corpus"
        return (
            f"{base} fitted on {len(self.docvars_):,} {self.unit_}s of {name!r}, "
            f"{len(self.features_):,} features"
        )
