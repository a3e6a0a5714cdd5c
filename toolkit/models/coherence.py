"""Topic coherence and topic diversity.

Measures (``measure=``):

``"npmi"``
    Document co-occurrence NPMI, the toolkit's benchmark measure: the mean over all unordered pairs
    of a topic's words of ``log(p_ij / (p_i p_j)) / -log(p_ij)``, with ``p`` the share of documents
    containing the word(s); pairs that never co-occur score ``-1``, pairs present in every document
    score ``1``.  Not a gensim measure.
``"umass"`` (alias ``"u_mass"``), ``"c_v"``, ``"c_npmi"``
    Identical to gensim's ``CoherenceModel`` (segmentation, probability estimation, epsilon
    ``1e-12`` and aggregation), including gensim's boolean sliding window (windows of 110 tokens
    for c_v and 10 for c_npmi over the *unfiltered* token stream; a document shorter than the
    window is one window; an empty document counts as one empty window) and its incremental window
    update, which marks a word absent as soon as one of its occurrences leaves the window even if
    another occurrence is still inside.  Results agree with gensim 4.4 to about 1e-15.

Topic words that occur in no text are dropped (with a ``UserWarning``) before the topic is cut to
its first ``top`` words, as gensim's dictionary look-up does; a topic with no known word raises
``ValueError``.  (gensim decides whether to truncate from the length of the *first* topic only;
here every topic is truncated.)  Counting uses sparse matrix products, not loops over windows.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit.errors import ArgumentError

__all__ = ["MEASURES", "coherence", "mean_coherence", "npmi_from_doc_term", "topic_diversity"]

EPSILON = 1e-12
MEASURES = ("npmi", "c_v", "umass", "c_npmi")
_ALIASES = {"u_mass": "umass"}
_DEFAULT_WINDOW = {"c_v": 110, "c_npmi": 10}
_DENSE_MAX = 2000  # densify term-by-term count matrices up to this many distinct topic words


def _check_measure(measure: str) -> str:
    name = _ALIASES.get(measure, measure) if isinstance(measure, str) else measure
    if name not in MEASURES:
        raise ArgumentError(f"unknown coherence measure {measure!r}; choose one of {MEASURES}")
    return name


def _check_positive(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ArgumentError(f"{name} must be a positive integer, got {value!r}")


def _topic_lists(topics: Any) -> tuple[list[Hashable], list[list[Hashable]]]:
    """Normalise topics to (labels, word lists)."""
    if isinstance(topics, pd.DataFrame):
        missing = {"topic", "feature"} - set(topics.columns)
        if missing:
            raise ArgumentError(f"topics DataFrame lacks column(s) {sorted(missing)}")
        frame = topics.sort_values(["topic", "rank"]) if "rank" in topics.columns else topics
        groups = frame.groupby("topic", sort=True)["feature"]
        labels, lists = list(groups.groups), [list(g) for _, g in groups]
    elif isinstance(topics, Mapping):
        labels, lists = list(topics), list(topics.values())
    elif isinstance(topics, Iterable) and not isinstance(topics, (str, bytes)):
        lists = list(topics)
        labels = list(range(len(lists)))
    else:
        raise ArgumentError(f"topics must be a list of word lists, got {type(topics).__name__}")
    if not lists:
        raise ArgumentError("topics is empty")
    out = []
    for label, words in zip(labels, lists, strict=True):
        if isinstance(words, (str, bytes)) or not isinstance(words, Iterable):
            raise ArgumentError(
                f"topics[{label!r}] must be a list of words, got {type(words).__name__}"
            )
        words = list(words)
        if not words:
            raise ArgumentError(f"topics[{label!r}] is empty")
        out.append(words)
    return labels, out


def _encode(texts: Any, words: list[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    """Flat token codes (index into ``words`` or -1) and document offsets."""
    if all(hasattr(texts, a) for a in ("ids", "offsets", "vocab")):  # toolkit Tokens (duck-typed)
        index = {w: i for i, w in enumerate(words)}
        lut = np.array([index.get(v, -1) for v in texts.vocab] + [-1], dtype=np.int64)
        return lut[np.asarray(texts.ids, dtype=np.int64)], np.asarray(texts.offsets, np.int64)
    if isinstance(texts, (str, bytes)) or not isinstance(texts, Iterable):
        raise ArgumentError(f"texts must be a list of token lists, got {type(texts).__name__}")
    docs = list(texts)
    if not docs:
        raise ArgumentError("texts is empty")
    for i, doc in enumerate(docs):
        if isinstance(doc, (str, bytes)) or not hasattr(doc, "__len__"):
            raise ArgumentError(f"texts[{i}] must be a list of tokens, got {type(doc).__name__}")
    offsets = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum([len(d) for d in docs], out=offsets[1:])
    get = {w: i for i, w in enumerate(words)}.get
    flat = itertools.chain.from_iterable(docs)
    codes = np.fromiter(map(get, flat, itertools.repeat(-1)), np.int64, count=int(offsets[-1]))
    return codes, offsets


def _doc_counts(codes: np.ndarray, offsets: np.ndarray, n_terms: int) -> tuple[sp.csr_array, int]:
    """Document co-occurrence counts (diagonal = document frequency) and number of documents."""
    pos = np.flatnonzero(codes >= 0)
    doc = np.searchsorted(offsets, pos, side="right") - 1
    n_docs = len(offsets) - 1
    x = sp.csr_array((np.ones(len(pos), np.int64), (doc, codes[pos])), shape=(n_docs, n_terms))
    x.sum_duplicates()
    x.data[:] = 1
    return sp.csr_array(x.T @ x), n_docs


def _window_counts(
    codes: np.ndarray, offsets: np.ndarray, n_terms: int, window: int
) -> tuple[sp.csr_array, int]:
    """gensim's boolean sliding-window counts (diagonal = windows containing the word).

    In gensim a word's flag is set when an occurrence enters the window (all words of the first
    window at step 0) and cleared when any occurrence leaves it.  For occurrences ``p_1 < p_2 <
    ...`` of a word in a document, occurrence ``i`` enters at step ``a_i = max(0, p_i - window +
    1)`` and leaves at ``p_i + 1``; the flag is on in ``[a_i, min(a_{i+1}, p_j + 1, n_windows))``
    with ``j`` the first occurrence with ``p_j >= a_i``.  These step intervals are cut at all
    interval end points into segments, and counts are ``M.T @ diag(segment length) @ M``.
    """
    lengths = np.diff(offsets)
    n_win = np.maximum(lengths - window + 1, 1)
    first_win = np.concatenate(([0], np.cumsum(n_win)))
    n_windows = int(first_win[-1])
    pos = np.flatnonzero(codes >= 0)
    if len(pos) == 0:
        return sp.csr_array((n_terms, n_terms), dtype=np.int64), n_windows
    order = np.argsort(codes[pos], kind="stable")  # by term, then by position
    pos = pos[order]
    term = codes[pos]
    doc = np.searchsorted(offsets, pos, side="right") - 1
    p = pos - offsets[doc]
    new = np.ones(len(pos), dtype=bool)
    new[1:] = (term[1:] != term[:-1]) | (doc[1:] != doc[:-1])
    group = np.cumsum(new) - 1
    add = np.maximum(p - window + 1, 0)
    next_add = np.full(len(pos), np.iinfo(np.int64).max)
    last = np.append(new[1:], True)
    next_add[~last] = add[1:][~last[:-1]]
    stride = int(lengths.max()) + 1
    key = group * stride + p
    first = np.searchsorted(key, group * stride + add, side="left")
    end = np.minimum(np.minimum(next_add, p[first] + 1), n_win[doc])
    keep = end > add
    start_g, end_g = (first_win[doc] + add)[keep], (first_win[doc] + end)[keep]
    breaks = np.unique(np.concatenate((start_g, end_g)))
    s_idx, span = np.searchsorted(breaks, start_g), np.searchsorted(breaks, end_g)
    span -= s_idx
    rows = np.arange(span.sum()) - np.repeat(np.cumsum(span) - span - s_idx, span)
    cols = np.repeat(term[keep], span)
    m = sp.csr_array((np.ones(len(rows), np.int64), (rows, cols)), shape=(len(breaks) - 1, n_terms))
    weighted = sp.csr_array(m.multiply(np.diff(breaks)[:, None]))
    return sp.csr_array(m.T @ weighted), n_windows


def _block(counts: Any, idx: np.ndarray) -> np.ndarray:
    """Dense float sub-matrix ``counts[idx][:, idx]``."""
    if isinstance(counts, np.ndarray):
        return counts[np.ix_(idx, idx)].astype(np.float64)
    return counts[idx][:, idx].toarray().astype(np.float64)


def _densify(counts: sp.csr_array) -> Any:
    return counts.toarray() if counts.shape[0] <= _DENSE_MAX else counts


def _gensim_npmi(c: np.ndarray, n: int) -> np.ndarray:
    """gensim's normalised log-ratio measure for every pair of a count block."""
    p_ij = c / n
    p = np.diag(c) / n
    num = np.log((p_ij + EPSILON) / (p[:, None] * p[None, :]))
    return num / -np.log(p_ij + EPSILON)


def _npmi_pairs(c: np.ndarray, n: int, never_cooccur: float) -> float:
    """Mean document NPMI over the unordered pairs of a count block."""
    i, j = np.triu_indices(len(c), 1)
    if len(i) == 0:
        return float("nan")
    co = c[i, j]
    p_i, p_j, p_ij = c[i, i] / n, c[j, j] / n, np.maximum(co, 1) / n
    vals = np.log(p_ij / (p_i * p_j)) / -np.log(p_ij)
    vals = np.where(p_ij == 1.0, 1.0, vals)
    return float(np.mean(np.where(co > 0, vals, never_cooccur)))


def _score(measure: str, c: np.ndarray, n: int, words: list[Hashable]) -> float:
    """Coherence of one topic from its count block ``c`` (rows/columns in topic order)."""
    k = len(c)
    if measure == "npmi":
        return _npmi_pairs(c, n, -1.0)
    if measure == "umass":  # s_one_pre: (w_i, w_j) for i > j, conditioned on the earlier w_j
        i, j = np.tril_indices(k, -1)
        if len(i) == 0:
            return float("nan")
        return float(np.mean(np.log((c[i, j] / n + EPSILON) / (c[j, j] / n))))
    m = _gensim_npmi(c, n)
    if measure == "c_npmi":  # s_one_one: all ordered pairs i != j
        off = ~np.eye(k, dtype=bool)
        return float(np.mean(m[off])) if k > 1 else float("nan")
    # c_v: s_one_set, context vectors of NPMI with the topic's words, cosine with the topic vector
    first: dict[Hashable, int] = {}
    slot = np.array([first.setdefault(w, len(first)) for w in words])
    merge = np.zeros((k, len(first)))
    merge[np.arange(k), slot] = 1.0
    vecs, topic_vec = m @ merge, m.sum(axis=0) @ merge
    cos = (vecs @ topic_vec) / (np.linalg.norm(vecs, axis=1) * np.linalg.norm(topic_vec))
    return float(np.mean(cos))


def coherence(
    topics: Sequence[Sequence[Hashable]] | Mapping[Hashable, Sequence[Hashable]] | pd.DataFrame,
    texts: Iterable[Sequence[Hashable]],
    *,
    measure: str = "npmi",
    window: int | None = None,
    top: int = 10,
) -> pd.DataFrame:
    """Coherence of each topic, computed from tokenised texts.

    Parameters
    ----------
    topics : list of word lists, mapping ``label -> words`` or DataFrame
        Each topic's words, best first.  A DataFrame needs columns ``topic`` and ``feature`` (ordered
        by ``rank`` when present), as returned by ``model.topics(top=n)``.
    texts : iterable of token lists, or a toolkit ``Tokens`` object
        The reference corpus.  Tokens may be strings or integer ids, as long as topics use the same.
    measure : {"npmi", "c_v", "umass", "c_npmi"}
        See the module docstring; ``"u_mass"`` is accepted for ``"umass"``.
    window : int, optional
        Sliding-window size for ``c_v`` (default 110) and ``c_npmi`` (default 10).  Not allowed for
        the document-based ``npmi`` and ``umass``.
    top : int
        Number of (known) words per topic to use.

    Returns
    -------
    pandas.DataFrame
        One row per topic with columns ``topic`` (label: position or mapping key), ``measure``,
        ``coherence`` (float; NaN for a topic with a single word) and ``n_words`` (words used).
        ``df.attrs`` holds ``measure``, ``window``, ``top`` and ``mean`` (mean coherence, as
        gensim's ``get_coherence``).

    Examples
    --------
    >>> texts = [["tax", "cut", "jobs"], ["tax", "jobs"], ["war", "army"], ["army", "war", "tax"]]
    >>> df = coherence([["tax", "jobs"], ["war", "jobs"]], texts, measure="npmi")
    >>> df["coherence"].round(3).tolist()
    [0.415, -1.0]
    >>> round(df.attrs["mean"], 4)
    -0.2925
    """
    measure = _check_measure(measure)
    if window is not None:
        if measure not in _DEFAULT_WINDOW:
            raise ArgumentError(
                f"window applies only to c_v and c_npmi, not to measure {measure!r}"
            )
        _check_positive("window", window)
    _check_positive("top", top)
    labels, lists = _topic_lists(topics)
    words = list(dict.fromkeys(itertools.chain.from_iterable(lists)))
    codes, offsets = _encode(texts, words)
    if len(offsets) < 2:
        raise ArgumentError("texts is empty")
    known = np.bincount(codes[codes >= 0], minlength=len(words)) > 0
    index = {w: i for i, w in enumerate(words)}
    used = []
    for label, topic in zip(labels, lists, strict=True):
        unknown = [w for w in topic if not known[index[w]]]
        kept = [w for w in topic if known[index[w]]][:top]
        if not kept:
            raise ArgumentError(f"topics[{label!r}]: none of its words occurs in texts")
        if unknown:
            warnings.warn(f"topics[{label!r}]: words not in texts ignored: {unknown}", stacklevel=2)
        used.append(kept)
    relevant = list(dict.fromkeys(itertools.chain.from_iterable(used)))
    rel_index = {w: i for i, w in enumerate(relevant)}
    lut = np.array([rel_index.get(w, -1) for w in words] + [-1], dtype=np.int64)
    codes = lut[codes]
    if measure in _DEFAULT_WINDOW:
        window = _DEFAULT_WINDOW[measure] if window is None else int(window)
        counts, n = _window_counts(codes, offsets, len(relevant), window)
    else:
        counts, n = _doc_counts(codes, offsets, len(relevant))
    counts = _densify(counts)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = [
            _score(measure, _block(counts, np.array([rel_index[w] for w in kept])), n, kept)
            for kept in used
        ]
    out = pd.DataFrame(
        {
            "topic": labels,
            "measure": measure,
            "coherence": np.array(scores, dtype=np.float64),
            "n_words": np.array([len(k) for k in used], dtype=np.int64),
        }
    )
    out.attrs.update(measure=measure, window=window, top=int(top), mean=float(np.mean(scores)))
    return out


def mean_coherence(topics: Any, texts: Iterable[Sequence[Hashable]], **kwargs: Any) -> float:
    """Mean coherence over topics (gensim's ``get_coherence``; NaN if any topic is NaN).

    Parameters
    ----------
    topics, texts
        As for :func:`coherence`.
    **kwargs
        ``measure``, ``window``, ``top`` as for :func:`coherence`.

    Returns
    -------
    float
        Arithmetic mean of the per-topic coherence.

    Examples
    --------
    >>> texts = [["tax", "cut", "jobs"], ["tax", "jobs"], ["war", "army"], ["army", "war", "tax"]]
    >>> round(mean_coherence([["tax", "jobs"], ["war", "army"]], texts, measure="umass"), 4)
    -0.2027
    """
    return coherence(topics, texts, **kwargs).attrs["mean"]


def npmi_from_doc_term(
    X_binary_csr: Any,
    topic_term_ids: Sequence[Sequence[int]] | np.ndarray,
    never_cooccur: float = -1.0,
) -> np.ndarray:
    """Mean document co-occurrence NPMI of each topic from a document-term matrix.

    Parameters
    ----------
    X_binary_csr : scipy sparse matrix or array-like, shape (n_documents, n_terms)
        Document-term matrix; any non-zero entry counts as "term occurs in document".
    topic_term_ids : sequence of int sequences or 2-D int array
        Column indices of each topic's top words (the caller chooses how many).
    never_cooccur : float
        Score of a pair that occurs together in no document.

    Returns
    -------
    numpy.ndarray
        One value per topic: mean over unordered pairs of ``log(p_ij / (p_i p_j)) / -log(p_ij)``
        (``p`` = document shares; ``1`` for a pair present in every document); NaN for a topic
        with fewer than two terms.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> X = sp.csr_array([[1, 1, 0, 0], [1, 1, 1, 0], [1, 0, 0, 0], [0, 0, 1, 1]])
    >>> npmi_from_doc_term(X, [[0, 1, 2], [1, 3]]).round(4).tolist()
    [0.0409, -1.0]
    """
    x = sp.csc_array(X_binary_csr)
    if x.ndim != 2:
        raise ArgumentError(f"X_binary_csr must be 2-D, got shape {x.shape}")
    n_docs, n_terms = x.shape
    if n_docs == 0:
        raise ArgumentError("X_binary_csr has no documents (rows)")
    if isinstance(topic_term_ids, np.ndarray) and topic_term_ids.ndim == 2:
        topic_term_ids = list(topic_term_ids)
    if len(topic_term_ids) == 0:
        raise ArgumentError("topic_term_ids is empty")
    ids = []
    for k, t in enumerate(topic_term_ids):
        arr = np.asarray(t).ravel()
        if arr.size and not np.issubdtype(arr.dtype, np.integer):
            raise ArgumentError(f"topic_term_ids[{k}] must hold integer column indices")
        ids.append(arr.astype(np.int64))
    flat = np.concatenate(ids)
    if len(flat) and (flat.min() < 0 or flat.max() >= n_terms):
        raise ArgumentError(
            f"topic_term_ids must lie in [0, {n_terms}); X_binary_csr has {n_terms} columns"
        )
    terms = np.unique(flat)
    sub = sp.csr_array(x[:, terms])
    sub.eliminate_zeros()
    sub.data = np.ones_like(sub.data, dtype=np.int64)
    counts = _densify(sp.csr_array(sub.T @ sub))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = [
            _npmi_pairs(_block(counts, np.searchsorted(terms, t)), n_docs, never_cooccur)
            for t in ids
        ]
    return np.array(out, dtype=np.float64)


def topic_diversity(topics: Any, *, top: int = 25) -> float:
    """Share of distinct words among the top ``top`` words of all topics (Dieng et al. 2020).

    Parameters
    ----------
    topics : list of word lists, mapping ``label -> words`` or DataFrame
        As for :func:`coherence`.
    top : int
        Words per topic; shorter topics contribute all their words.

    Returns
    -------
    float
        ``len(unique words) / total words considered``; 1 means no word is shared by two topics.

    Examples
    --------
    >>> topic_diversity([["tax", "jobs", "budget"], ["war", "army", "tax"]], top=3)
    0.8333333333333334
    """
    _check_positive("top", top)
    _, lists = _topic_lists(topics)
    chosen = [w for words in lists for w in words[:top]]
    return len(set(chosen)) / len(chosen)
