"""Fitting back-ends: NMF on tf-idf and LDA (scikit-learn), Gibbs-sampled LDA (tomotopy).

Every back-end takes a document-term count matrix and returns a :class:`FitResult` with the same
shapes and meaning: ``doc_topic`` rows are topic shares (sum to 1), ``topic_term`` rows are
term distributions (sum to 1) and ``topic_mass`` is the total weight of each topic in the corpus
(used for the marginal term distribution behind relevance ranking and for topic shares).

The NMF default (tf-idf *without* row normalisation, ``init="nndsvda"``, no penalty) was chosen
on the SOTU paragraph benchmark (``benchmarks/bench_topics.py``, variant table in RESULTS.md):
L2-normalised tf-idf, sublinear tf, Kullback-Leibler loss and random starts gave a lower mean
NPMI over seeds.  Penalties (``alpha_W=1e-3`` with ``l1_ratio=1.0`` or ``0.0``) raised NPMI a
little on paragraph models (SOTU, gwr-zh, cpc-congress-zh) but lowered it on whole-document
models, so they are options rather than the default.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from toolkit.errors import ArgumentError, InputError, MissingDependencyError

__all__ = ["METHODS", "FitResult", "fit_backend", "infer"]

METHODS = ("nmf", "lda", "gibbs")

NMF_DEFAULTS: dict[str, Any] = {
    "tfidf_norm": None,
    "sublinear_tf": False,
    "init": "nndsvda",
    "solver": "cd",
    "beta_loss": "frobenius",
    "max_iter": 400,
    "tol": 1e-4,
    "alpha_W": 0.0,
    "alpha_H": "same",
    "l1_ratio": 0.0,
    "seed_words": None,  # seeded topics: toolkit.models.seeded
}
LDA_DEFAULTS: dict[str, Any] = {
    "learning_method": "batch",
    "max_iter": 50,
    "doc_topic_prior": None,
    "topic_word_prior": None,
    "batch_size": 128,
    "learning_offset": 10.0,
    "learning_decay": 0.7,
}
GIBBS_DEFAULTS: dict[str, Any] = {
    "iterations": 1000,
    "alpha": 0.1,
    "eta": 0.01,
    "optim_interval": 10,
    "burn_in": 0,
    "seed_words": None,  # seeded topics: toolkit.models.seeded (tomotopy word priors)
    "seed_weight": 1.0,
}
DEFAULTS = {"nmf": NMF_DEFAULTS, "lda": LDA_DEFAULTS, "gibbs": GIBBS_DEFAULTS}


@dataclass
class FitResult:
    """What a back-end returns (all arrays float64). ``components`` is the unnormalised
    topic-term matrix (NMF's H, LDA's variational λ, Gibbs topic-word counts) and ``idf`` the
    tf-idf weights NMF was fitted on; both are what :func:`infer` needs for new documents."""

    doc_topic: np.ndarray
    topic_term: np.ndarray
    topic_mass: np.ndarray
    fit: float
    fit_measure: str
    n_iter: int
    seconds: float
    params: dict = field(default_factory=dict)
    components: np.ndarray | None = None
    idf: np.ndarray | None = None
    prior: float | None = None
    notes: list[str] = field(default_factory=list)  # warnings for the caller to give


def _params(method: str, given: dict[str, Any]) -> dict[str, Any]:
    allowed = DEFAULTS[method]
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise InputError(
            f"unknown parameter(s) {unknown} for method={method!r}; allowed: {sorted(allowed)}"
        )
    return {**allowed, **given}


def _row_normalise(a: np.ndarray) -> np.ndarray:
    s = a.sum(axis=1, keepdims=True)
    return np.divide(a, s, out=np.full_like(a, 1.0 / a.shape[1]), where=s > 0)


def _fit_nmf(
    X: sp.csr_matrix, k: int, seed: int, p: dict[str, Any], vocab: np.ndarray | None = None
) -> FitResult:
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfTransformer

    t0 = time.perf_counter()
    tfidf = TfidfTransformer(norm=p["tfidf_norm"], sublinear_tf=p["sublinear_tf"])
    T = tfidf.fit_transform(X.astype(np.float64))
    start: dict[str, np.ndarray] = {}
    if p["seed_words"]:
        from toolkit.models.seeded import nmf_start, resolve_seeds

        W0, H0 = nmf_start(T, resolve_seeds(p["seed_words"], vocab, k), k, seed)
        start = {"W": W0, "H": H0}
    nmf = NMF(
        n_components=k,
        init="custom" if start else p["init"],
        solver=p["solver"],
        beta_loss=p["beta_loss"],
        max_iter=p["max_iter"],
        tol=p["tol"],
        alpha_W=p["alpha_W"],
        alpha_H=p["alpha_H"],
        l1_ratio=p["l1_ratio"],
        random_state=seed,
    )
    with warnings.catch_warnings():  # said once, in the toolkit's words (``notes``)
        warnings.simplefilter("ignore", ConvergenceWarning)
        W = nmf.fit_transform(T, **start)
    H = nmf.components_
    notes = []
    if nmf.n_iter_ >= p["max_iter"]:  # said by the caller (the fit may run on a worker thread)
        notes.append(
            f"NMF (k={k}) stopped at max_iter={p['max_iter']} before its tolerance "
            f"tol={p['tol']}: raise max_iter= or prune the vocabulary (stopwords=, max_df=)"
        )
    scale = H.sum(axis=1)  # move the scale of H into W: W H = (W diag(s)) (diag(1/s) H)
    scale[scale == 0] = 1.0
    W = W * scale
    return FitResult(
        components=np.asarray(H, dtype=np.float64),
        idf=np.asarray(tfidf.idf_, dtype=np.float64),
        doc_topic=_row_normalise(W),
        topic_term=_row_normalise(H),
        topic_mass=W.sum(axis=0),
        fit=float(nmf.reconstruction_err_),
        fit_measure="reconstruction_error",
        n_iter=int(nmf.n_iter_),
        seconds=time.perf_counter() - t0,
        params=p,
        notes=notes,
    )


def _fit_lda(X: sp.csr_matrix, k: int, seed: int, p: dict[str, Any]) -> FitResult:
    from sklearn.decomposition import LatentDirichletAllocation

    if p["learning_method"] not in ("batch", "online"):
        raise ArgumentError(
            f"learning_method must be 'batch' or 'online', not {p['learning_method']!r}"
        )
    t0 = time.perf_counter()
    lda = LatentDirichletAllocation(
        n_components=k,
        learning_method=p["learning_method"],
        max_iter=p["max_iter"],
        doc_topic_prior=p["doc_topic_prior"],
        topic_word_prior=p["topic_word_prior"],
        batch_size=p["batch_size"],
        learning_offset=p["learning_offset"],
        learning_decay=p["learning_decay"],
        random_state=seed,
        n_jobs=None,
    )
    theta = lda.fit_transform(X)
    seconds = time.perf_counter() - t0
    lengths = np.asarray(X.sum(axis=1), dtype=np.float64).ravel()
    return FitResult(
        components=np.asarray(lda.components_, dtype=np.float64),
        prior=float(lda.doc_topic_prior_),
        doc_topic=_row_normalise(np.asarray(theta, dtype=np.float64)),
        topic_term=_row_normalise(np.asarray(lda.components_, dtype=np.float64)),
        topic_mass=lengths @ theta,
        fit=float(lda.perplexity(X)),
        fit_measure="perplexity",
        n_iter=int(lda.n_iter_),
        seconds=seconds,
        params=p,
    )


def _fit_gibbs(
    X: sp.csr_matrix, vocab: np.ndarray, k: int, seed: int, p: dict[str, Any], workers: int
) -> FitResult:
    try:
        import tomotopy as tp
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "method='gibbs' needs tomotopy: pip install 'toolkit-rhetoric[gibbs]' "
            "(or pip install tomotopy)"
        ) from err
    t0 = time.perf_counter()
    mdl = tp.LDAModel(k=k, alpha=p["alpha"], eta=p["eta"], seed=int(seed))
    mdl.optim_interval = int(p["optim_interval"])
    mdl.burn_in = int(p["burn_in"])
    if p["seed_words"]:
        from toolkit.models.seeded import resolve_seeds

        for t, cols in enumerate(resolve_seeds(p["seed_words"], vocab, k)):
            prior = {j: float(p["eta"]) / 100 for j in range(k)} | {t: float(p["seed_weight"])}
            for j in cols.tolist():
                mdl.set_word_prior(str(vocab[j]), prior)
    X = X.tocsr()
    words = vocab.tolist()
    for i in range(X.shape[0]):
        a, b = X.indptr[i], X.indptr[i + 1]
        doc = [words[j] for j, c in zip(X.indices[a:b], X.data[a:b], strict=True) for _ in range(c)]
        mdl.add_doc(doc)
    mdl.train(int(p["iterations"]), workers=workers)
    seconds = time.perf_counter() - t0
    index = {w: j for j, w in enumerate(words)}
    cols = np.array([index[w] for w in mdl.used_vocabs], dtype=np.int64)
    phi = np.zeros((k, len(words)))
    for t in range(k):
        phi[t, cols] = mdl.get_topic_word_dist(t)
    theta = np.array([d.get_topic_dist() for d in mdl.docs], dtype=np.float64)
    lengths = np.asarray(X.sum(axis=1), dtype=np.float64).ravel()
    alpha = np.asarray(mdl.alpha, dtype=np.float64)
    return FitResult(
        components=phi,
        prior=float(alpha.mean()),
        doc_topic=_row_normalise(theta),
        topic_term=_row_normalise(phi),
        topic_mass=lengths @ theta,
        fit=float(mdl.perplexity),
        fit_measure="perplexity",
        n_iter=int(p["iterations"]),
        seconds=seconds,
        params=p,
    )


def fit_backend(
    X: sp.csr_matrix,
    vocab: np.ndarray,
    k: int,
    method: str = "nmf",
    seed: int = 0,
    threads: int | None = 1,
    **params: Any,
) -> FitResult:
    """Fit one topic model on a document-term count matrix.

    Parameters
    ----------
    X : scipy.sparse matrix, shape (n_documents, n_terms)
        Term counts.
    vocab : numpy.ndarray of str
        Column labels of ``X`` (needed by the Gibbs back-end).
    k : int
        Number of topics.
    method : {"nmf", "lda", "gibbs"}
        ``"nmf"``: scikit-learn NMF on tf-idf; ``"lda"``: scikit-learn variational LDA
        (``learning_method="batch"`` or ``"online"``); ``"gibbs"``: tomotopy collapsed Gibbs LDA
        (optional extra ``gibbs``).
    seed : int
        Random seed.
    threads : int or None
        BLAS/OpenMP threads (and tomotopy workers) during the fit; 1 (default) makes results
        bit-for-bit reproducible, ``None`` leaves the libraries' defaults.
    **params
        Method options; see ``NMF_DEFAULTS``, ``LDA_DEFAULTS`` and ``GIBBS_DEFAULTS``.

    Returns
    -------
    FitResult

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[3, 1, 0, 0], [2, 2, 0, 0], [0, 0, 4, 1], [0, 1, 3, 2]]))
    >>> r = fit_backend(X, np.array(["a", "b", "c", "d"]), k=2)
    >>> r.doc_topic.shape, bool(np.allclose(r.topic_term.sum(axis=1), 1))
    ((4, 2), True)
    """
    from threadpoolctl import threadpool_limits

    if method not in METHODS:
        raise ArgumentError(f"method must be one of {METHODS}, not {method!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ArgumentError(f"k must be a positive integer, got {k!r}")
    n_docs, n_terms = X.shape
    if k > min(n_docs, n_terms):
        raise ArgumentError(
            f"k={k} is larger than the number of units ({n_docs}) or terms ({n_terms})"
        )
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ArgumentError(f"seed must be a non-negative integer, got {seed!r}")
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise ArgumentError(f"threads must be a positive integer or None, got {threads!r}")
    p = _params(method, params)
    X = sp.csr_matrix(X)
    with threadpool_limits(limits=threads):
        if method == "nmf":
            return _fit_nmf(X, int(k), int(seed), p, vocab)
        if method == "lda":
            return _fit_lda(X, int(k), int(seed), p)
        return _fit_gibbs(X, vocab, int(k), int(seed), p, workers=threads or 0)


def infer(
    X: sp.csr_matrix,
    method: str,
    components: np.ndarray,
    params: dict[str, Any],
    *,
    idf: np.ndarray | None = None,
    prior: float | None = None,
    seed: int = 0,
) -> np.ndarray:
    """Topic shares of new documents ``X`` (counts over the model's features), topics fixed.

    - ``nmf``: the non-negative least-squares ``W`` of the tf-idf rows with ``H`` fixed
      (scikit-learn's ``non_negative_factorization(update_H=False)``, as ``NMF.transform``).
    - ``lda``: scikit-learn's variational E-step with the fitted λ and document-topic prior
      (what ``LatentDirichletAllocation.transform`` computes).
    - ``gibbs``: the same E-step on the fitted topic-word distributions and the sampler's
      mean α (a deterministic fold-in; tomotopy's own ``infer`` samples).

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[3, 1, 0, 0], [2, 2, 0, 0], [0, 0, 4, 1], [0, 1, 3, 2]]))
    >>> r = fit_backend(X, np.array(["a", "b", "c", "d"]), k=2)
    >>> new = infer(X, "nmf", r.components, r.params, idf=r.idf)
    >>> bool(np.allclose(new, r.doc_topic, atol=1e-3))
    True
    """
    X = sp.csr_matrix(X, dtype=np.float64)
    if method == "nmf":
        from sklearn.decomposition import non_negative_factorization

        T = X.multiply(idf[None, :]).tocsr() if idf is not None else X
        if params.get("sublinear_tf"):
            T.data = np.log(T.data) + 1
        if params.get("tfidf_norm"):
            from sklearn.preprocessing import normalize

            T = normalize(T, norm=params["tfidf_norm"])
        W, _, _ = non_negative_factorization(
            T,
            H=components,
            n_components=components.shape[0],
            init="custom",
            update_H=False,
            solver=params["solver"],
            beta_loss=params["beta_loss"],
            max_iter=params["max_iter"],
            tol=params["tol"],
            alpha_W=params["alpha_W"],
            alpha_H=params["alpha_H"],
            l1_ratio=params["l1_ratio"],
            random_state=seed,
        )
        scale = components.sum(axis=1)
        scale[scale == 0] = 1.0
        return _row_normalise(W * scale)
    if method not in ("lda", "gibbs"):
        raise ArgumentError(f"method must be one of {METHODS}, not {method!r}")
    from scipy.special import psi

    k = components.shape[0]
    alpha = float(prior) if prior is not None else 1.0 / k
    if method == "lda":
        lam = components
        e_log_beta = psi(lam) - psi(lam.sum(axis=1, keepdims=True))
        beta = np.exp(e_log_beta)
    else:
        beta = components
    gamma = np.ones((X.shape[0], k))
    for d in range(X.shape[0]):
        a, b = X.indptr[d], X.indptr[d + 1]
        cols, cnt = X.indices[a:b], X.data[a:b]
        if not len(cols):
            continue
        bd = beta[:, cols]
        g = np.ones(k)
        for _ in range(100):
            e_theta = np.exp(psi(g) - psi(g.sum()))
            norm = e_theta @ bd + np.finfo(np.float64).eps
            new = alpha + e_theta * ((cnt / norm) @ bd.T)
            done = np.mean(np.abs(new - g)) < 1e-3
            g = new
            if done:
                break
        gamma[d] = g
    return _row_normalise(gamma)
