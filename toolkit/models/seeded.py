"""Seeded topics: seed words steer topics of the NMF and Gibbs back-ends.

- **NMF** — a seeded start, in the manner of seeded k-means (Basu, Banerjee & Mooney 2002,
  *Semi-supervised clustering by seeding*, ICML): the documents are labelled with the seeded
  topic whose seed words carry most of their tf-idf mass; the start of seeded topic ``t`` is the
  mean tf-idf row of its documents with its seed words raised to the largest weight of that
  row (topics without seeds, or without documents, start from seeded random rows as
  scikit-learn's ``init="random"``); ``W`` starts as the non-negative least-squares fit to
  these rows; then scikit-learn's NMF runs from there (``init="custom"``). NMF is a local
  method, so the topics keep the seeds' order and stay near them when the data support them.
- **Gibbs** — tomotopy's word priors (``LDAModel.set_word_prior``, the approach of seeded LDA:
  Jagarlamudi, Daumé & Udayakumar 2012; Watanabe & Zhou 2020): a seed word's prior is
  ``seed_weight`` in its topic and ``eta / 100`` in every other, so the sampler puts it in
  its topic.

``tk.seeded_topics(data, {"economy": ["tax", "budget"], ...}, k=5)`` fits a
:class:`~toolkit.TopicModel` with ``options={"seed_words": ...}`` and labels the seeded
topics with the seed names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from toolkit.errors import ArgumentError, InputError

__all__ = ["nmf_start", "resolve_seeds", "seeded_topics"]


def resolve_seeds(
    seed_words: Mapping[Any, Sequence[str]] | Sequence[Sequence[str]], vocab: np.ndarray, k: int
) -> list[np.ndarray]:
    """Column numbers of every seeded topic's words (topic ``i`` = the ``i``-th entry), checked:
    at most ``k`` topics, every topic with at least one word in the vocabulary."""
    groups = list(seed_words.values()) if isinstance(seed_words, Mapping) else list(seed_words)
    if not groups or len(groups) > k:
        raise ArgumentError(f"seed_words needs 1 to k={k} topics of seed words, got {len(groups)}")
    index = {w: j for j, w in enumerate(np.asarray(vocab).tolist())}
    out = []
    for t, words in enumerate(groups):
        if isinstance(words, str):
            raise InputError(f"seed words of topic {t} must be a list of words, not a str")
        cols = np.array(sorted({index[w] for w in words if w in index}), dtype=np.int64)
        if not len(cols):
            raise ArgumentError(
                f"none of the seed words of topic {t} ({list(words)[:5]}) is in the vocabulary"
            )
        out.append(cols)
    return out


def nmf_start(
    T: sp.csr_matrix, seeds: list[np.ndarray], k: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """The seeded start ``(W, H)`` of NMF on the tf-idf matrix ``T`` (see the module text)."""
    from sklearn.decomposition import non_negative_factorization

    T = sp.csr_matrix(T, dtype=np.float64)
    n_docs, n_terms = T.shape
    mass = np.column_stack([np.asarray(T[:, cols].sum(axis=1)).ravel() for cols in seeds])
    label = np.where(mass.max(axis=1) > 0, mass.argmax(axis=1), -1)
    rng = np.random.default_rng(seed)
    scale = np.sqrt(T.mean() / k)
    H = np.abs(rng.standard_normal((k, n_terms))) * scale
    for t, cols in enumerate(seeds):
        rows = np.flatnonzero(label == t)
        if len(rows):
            H[t] = np.asarray(T[rows].mean(axis=0)).ravel()
        H[t, cols] = max(float(H[t].max()), scale)
    W, _, _ = non_negative_factorization(
        T, H=H, n_components=k, init="custom", update_H=False, max_iter=200,
        random_state=seed,
    )  # fmt: skip
    return np.maximum(W, 1e-12), H


def seeded_topics(
    data: Any,
    dictionary: Mapping[str, Sequence[str]] | Any,
    *,
    k: int | None = None,
    method: str = "nmf",
    seed: int = 0,
    seed_weight: float = 1.0,
    **options: Any,
) -> Any:
    """A topic model whose first topics are steered by seed words.

    Parameters
    ----------
    data : Dfm, Corpus, Tokens or list of str
        Counts (as :meth:`toolkit.TopicModel.fit` takes them).
    dictionary : dict of str → list of str, or tk.Dictionary
        Seed words per topic (seededlda's dictionary); topic ``i`` is the ``i``-th key,
        labelled with it. A :class:`toolkit.Dictionary` gives its categories' values.
    k : int, optional
        Number of topics (default: one per seeded topic; more leave room for unseeded ones).
    method : {"nmf", "gibbs"}
        Back-end (see :mod:`toolkit.models.seeded` for how each uses the seeds).
    seed : int
        Random seed.
    seed_weight : float
        Gibbs only: the prior of a seed word in its topic.
    **options
        Other method options (``iterations=`` for Gibbs, ``max_iter=`` for NMF…).

    Returns
    -------
    TopicModel
        Fitted, the seeded topics labelled ``"<name>: <top terms>"``.

    Examples
    --------
    >>> import toolkit as tk
    >>> texts = ["tax budget deficit tax", "army navy war army", "budget tax cut",
    ...          "war troops navy"] * 5
    >>> m = tk.seeded_topics(tk.dfm(texts), {"economy": ["tax"], "war": ["war"]})
    >>> [terms[0] for terms in m.top_terms(1)]
    ['tax', 'army']
    """
    from toolkit.models.topics import TopicModel

    if hasattr(dictionary, "categories") and not isinstance(dictionary, Mapping):
        dictionary = {k: list(v) for k, v in dictionary.categories().items()}
    seeds = dictionary
    if not isinstance(seeds, Mapping) or not seeds:
        raise InputError("seeds must be a non-empty dict of topic name → seed words")
    if method not in ("nmf", "gibbs"):
        raise ArgumentError(f"seeded topics need method='nmf' or 'gibbs', not {method!r}")
    for name, words in seeds.items():
        if isinstance(words, str):
            raise InputError(f"seed words of {name!r} must be a list of words, not a str")
    k = len(seeds) if k is None else k
    opts = {"seed_words": {str(name): list(words) for name, words in seeds.items()}, **options}
    if method == "gibbs":
        opts["seed_weight"] = float(seed_weight)
    model = TopicModel(k, method=method, seed=seed, options=opts).fit(data)
    top = model.top_terms(3)
    return model.label({t: f"{name}: {', '.join(top[t])}" for t, name in enumerate(seeds)})
