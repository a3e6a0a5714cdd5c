"""Choosing the number of topics (:func:`select_k`) and checking stability across seeds."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from toolkit._progress import progress_bar
from toolkit.errors import ArgumentError
from toolkit.models.fit import vocabulary
from toolkit.models.topics import TopicModel

__all__ = ["select_k", "topic_stability"]


def select_k(
    data: Any,
    *,
    ks: Iterable[int] = range(5, 41, 5),
    method: str = "nmf",
    unit: str = "document",
    seed: int = 0,
    measure: str = "npmi",
    top: int = 10,
    progress: bool | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Fit one model per number of topics and tabulate quality and fit.

    The document-term matrix is built once and shared by all fits.

    Parameters
    ----------
    data : Corpus or Dfm
        The documents.
    ks : iterable of int
        Numbers of topics to try.
    method, unit, seed
        As for :func:`toolkit.fit_topics`.
    measure : {"npmi", "c_v", "umass", "c_npmi"}
        Coherence measure (on each model's own units).
    top : int
        Top features per topic for coherence (diversity always uses the top 25).
    progress : bool, optional
        Show a progress bar (default: ``tk.options.progress``).
    **options
        Vocabulary and method options of :func:`toolkit.fit_topics`.

    Returns
    -------
    pandas.DataFrame
        One row per k: ``k``, ``coherence`` (mean over topics), ``diversity`` (share of unique
        terms in the top 25), ``fit`` (NMF reconstruction error or LDA perplexity, lower is
        better), ``fit_measure``, ``seconds`` (fitting time), ``method``, ``measure``.

    Examples
    --------
    >>> import toolkit as tk
    >>> texts = ["tax budget deficit war", "army navy war", "school teacher pupil budget"] * 4
    >>> t = select_k(tk.Corpus.from_texts(texts), ks=[2, 3], min_docs=1, max_docs=1.0)
    >>> t[["k", "fit_measure"]].values.tolist()
    [[2, 'reconstruction_error'], [3, 'reconstruction_error']]
    """
    ks = [int(k) for k in ks]
    if not ks:
        raise ArgumentError("ks is empty; give the numbers of topics to try, e.g. range(5, 41, 5)")
    options = dict(options)
    d = vocabulary(data, unit, options)
    rows = []
    for k in progress_bar(ks, desc=f"select_k ({method})", enabled=progress):
        t0 = time.perf_counter()
        model = TopicModel(k, method=method, seed=seed, options=options or None).fit(d)
        seconds = time.perf_counter() - t0
        coh = model.coherence(measure, top=top)
        rows.append(
            {
                "k": k,
                "coherence": coh.attrs["mean"],
                "diversity": model.diversity(25),
                "fit": model.fit_,
                "fit_measure": model.fit_measure_,
                "seconds": seconds,
                "method": method,
                "measure": coh.attrs["measure"],
            }
        )
    return pd.DataFrame(rows)


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    return (a / np.where(na > 0, na, 1)) @ (b / np.where(nb > 0, nb, 1)).T


def topic_stability(
    data: Any,
    *,
    k: int = 20,
    seeds: int | Iterable[int] = 5,
    method: str = "nmf",
    unit: str = "document",
    top: int = 10,
    progress: bool | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Fit the same model with several seeds and match topics between every pair of runs.

    Topics of two runs are paired one-to-one by the Hungarian algorithm
    (``scipy.optimize.linear_sum_assignment``) maximising the cosine similarity of their
    topic-term vectors.

    Parameters
    ----------
    data : Corpus or Dfm
        The documents (the matrix is built once).
    k : int
        Number of topics.
    seeds : int or iterable of int
        Seeds to fit; an int ``n`` means ``range(n)``.
    method, unit
        As for :func:`toolkit.fit_topics`.
    top : int
        Top features whose overlap (Jaccard) is also reported.
    progress : bool, optional
        Show a progress bar (default: ``tk.options.progress``).
    **options
        Vocabulary and method options of :func:`toolkit.fit_topics`.

    Returns
    -------
    pandas.DataFrame
        One row per matched topic pair: ``seed_a``, ``seed_b``, ``topic_a``, ``topic_b``,
        ``similarity`` (cosine of topic-term vectors), ``jaccard`` (of the top ``top_n``
        features), ``terms_a``. ``attrs["mean"]`` is the mean best-match similarity and
        ``attrs["mean_jaccard"]`` the mean top-term overlap.

    Examples
    --------
    >>> import toolkit as tk
    >>> texts = ["tax budget deficit"] * 4 + ["army navy war"] * 4
    >>> s = topic_stability(tk.Corpus.from_texts(texts), k=2, seeds=3, min_docs=1, max_docs=1.0)
    >>> len(s), round(s.attrs["mean"], 6)
    (6, 1.0)
    """
    from scipy.optimize import linear_sum_assignment

    seeds = list(range(seeds)) if isinstance(seeds, (int, np.integer)) else [int(s) for s in seeds]
    if len(seeds) < 2 or len(set(seeds)) != len(seeds):
        raise ArgumentError(f"seeds must name at least two distinct seeds, got {seeds!r}")
    options = dict(options)
    d = vocabulary(data, unit, options)
    models = {
        s: TopicModel(k, method=method, seed=s, options=options or None).fit(d)
        for s in progress_bar(seeds, desc="topic_stability", enabled=progress)
    }
    rows = []
    for a, b in itertools.combinations(seeds, 2):
        ma, mb = models[a], models[b]
        sim = _cosine(ma.topic_term_, mb.topic_term_)
        ia, ib = linear_sum_assignment(sim, maximize=True)
        top_a, top_b = ma.top_terms(top), mb.top_terms(top)
        for ta, tb in zip(ia, ib, strict=True):
            sa, sb = set(top_a[ta]), set(top_b[tb])
            rows.append(
                {
                    "seed_a": a,
                    "seed_b": b,
                    "topic_a": int(ta),
                    "topic_b": int(tb),
                    "similarity": float(sim[ta, tb]),
                    "jaccard": len(sa & sb) / len(sa | sb),
                    "terms_a": " ".join(top_a[ta]),
                }
            )
    out = pd.DataFrame(rows)
    out.attrs.update(
        mean=float(out["similarity"].mean()),
        mean_jaccard=float(out["jaccard"].mean()),
        k=int(k),
        method=method,
        seeds=seeds,
    )
    return out
