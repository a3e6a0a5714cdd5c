"""``tk.semantic_shift``: how the company a word keeps changes from period to period."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from toolkit._progress import progress_bar
from toolkit.corpus.model import Corpus, group_frame
from toolkit.errors import ArgumentError, InputError, ToolkitWarning
from toolkit.semantic.embed import (
    align_to,
    cooccurrence,
    ppmi,
    svd_embedding,
    word2vec_embedding,
)

__all__ = ["SHIFT_COLUMNS", "semantic_shift"]

_METHODS = ("ppmi", "word2vec")
#: Columns after the feature and the period columns, in order.
SHIFT_COLUMNS = [
    "n_docs",
    "count",
    "shift",
    "shift_low",
    "shift_high",
    "shift_first",
    "shift_first_low",
    "shift_first_high",
    "stability",
    "stability_low",
    "stability_high",
    "neighbours",
    "rare",
]
#: Longest sentence handed to gensim (its limit is 10,000 tokens).
_W2V_CHUNK = 10_000


class _Data:
    """Tokens mapped onto the vocabulary, per document, with the period of each document."""

    def __init__(self, corpus: Corpus, terms: list[str], by: Any, opts: dict[str, Any]):
        toks = corpus.tokens(**opts)
        groups = group_frame(corpus.docs, by, context="semantic_shift by")
        cols = list(groups.columns)
        keys = list(groups.itertuples(index=False, name=None))
        missing = [i for i, k in enumerate(keys) if any(pd.isna(v) for v in k)]
        if missing:
            warnings.warn(
                f"semantic_shift: {len(missing)} document(s) have no {'/'.join(cols)} and are "
                f"left out (first: {corpus.docs['doc_id'].iloc[missing[0]]!r})",
                ToolkitWarning,
                stacklevel=3,
            )
        self.cols = cols
        self.periods = sorted({k for i, k in enumerate(keys) if i not in set(missing)})
        index = {p: i for i, p in enumerate(self.periods)}
        self.period_of = np.array([index.get(k, -1) for k in keys], dtype=np.int64)
        self.toks = toks
        counts = np.bincount(toks.ids, minlength=len(toks.vocab)) if toks.n_tokens else None
        self.total = counts if counts is not None else np.zeros(len(toks.vocab), np.int64)
        self.terms = terms
        self.term_ids = {t: int(i) for t in terms for i in np.flatnonzero(toks.vocab == t)[:1]}

    def vocabulary(self, min_count: int, max_vocab: int) -> np.ndarray:
        """Token ids of the vocabulary: the most frequent types (at least ``min_count``
        occurrences, at most ``max_vocab`` of them) and every term that occurs."""
        order = np.lexsort((np.arange(len(self.total)), -self.total))
        frequent = order[self.total[order] >= min_count][:max_vocab]
        extra = [i for i in self.term_ids.values() if i not in set(frequent.tolist())]
        return np.concatenate([frequent, np.array(extra, dtype=np.int64)]).astype(np.int64)


def _check(terms: Any, method: str, dim: int, window: int, top: int, n_boot: int, min_count: int):
    if method not in _METHODS:
        raise ArgumentError(f"semantic_shift: method must be one of {_METHODS}, not {method!r}")
    for name, value, low in (
        ("dim", dim, 2),
        ("window", window, 1),
        ("top", top, 1),
        ("n_boot", n_boot, 0),
        ("min_count", min_count, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ArgumentError(
                f"semantic_shift: {name} must be an integer >= {low}, not {value!r}"
            )
    if isinstance(terms, str):
        terms = [terms]
    terms = list(terms)
    if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
        raise ArgumentError("semantic_shift: terms must be a non-empty list of words")
    return terms


def _embed_all(
    data: _Data,
    vocab: np.ndarray,
    weights: np.ndarray,
    mats: list[sp.csr_matrix] | None,
    doc_counts: sp.csr_matrix,
    settings: dict[str, Any],
) -> tuple[list[np.ndarray | None], np.ndarray]:
    """Aligned embeddings of every period for documents weighted by ``weights``, and the
    vocabulary counts per period (periods x vocabulary)."""
    n_per = len(data.periods)
    counts = np.zeros((n_per, len(vocab)))
    embeddings: list[np.ndarray | None] = []
    previous: np.ndarray | None = None
    previous_known: np.ndarray | None = None
    for p in range(n_per):
        docs = np.flatnonzero((data.period_of == p) & (weights > 0))
        w = weights[docs]
        counts[p] = np.asarray(doc_counts[docs].T @ w).ravel()
        if settings["method"] == "ppmi":
            total = sum(
                (mats[d] * float(k) for d, k in zip(docs, w, strict=True)),
                sp.csr_matrix((len(vocab), len(vocab))),
            )
            emb = svd_embedding(ppmi(total), settings["dim"], settings["seed"])
        else:
            emb = word2vec_embedding(
                _sentences(data, docs, w),
                data.toks.vocab[vocab].tolist(),
                dim=settings["dim"],
                window=settings["window"],
                seed=settings["seed"],
            )
        known = counts[p] >= settings["min_count"]
        if previous is not None:
            shared = known & previous_known
            if shared.sum() >= 2:
                emb = align_to(emb, previous, shared)
        embeddings.append(emb)
        previous, previous_known = emb, known
    return embeddings, counts


def _sentences(data: _Data, docs: np.ndarray, weights: np.ndarray) -> list[list[str]]:
    toks = data.toks
    out = []
    for d, k in zip(docs.tolist(), weights.tolist(), strict=True):
        words = toks.vocab[toks.ids[toks.offsets[d] : toks.offsets[d + 1]]].tolist()
        chunks = [words[i : i + _W2V_CHUNK] for i in range(0, len(words), _W2V_CHUNK)]
        out += chunks * int(k)
    return out


def _cosine_distance(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0:
        return float("nan")
    return max(0.0, float(1 - a @ b / (na * nb)))


def _measures(embeddings, counts, term_rows: dict[str, int], min_count: int, top: int):
    """Per term and period: shift to the previous and to the first period, neighbour set."""
    out: dict[str, dict[str, list]] = {}
    for term, row in term_rows.items():
        known = counts[:, row] >= min_count
        origin = int(np.argmax(known))  # the first period in which the term has a vector
        neigh, shift, first, stab = [], [], [], []
        for p, emb in enumerate(embeddings):
            if not known[p]:
                neigh.append(None)
                shift.append(np.nan)
                first.append(np.nan)
                stab.append(np.nan)
                continue
            sims = emb @ emb[row]
            sims[row] = -np.inf
            sims[counts[p] < min_count] = -np.inf
            best = np.argsort(-sims, kind="stable")[:top]
            best = best[np.isfinite(sims[best])]
            neigh.append(best)
            prev = p - 1
            shift.append(
                _cosine_distance(emb[row], embeddings[prev][row]) if p and known[prev] else np.nan
            )
            first.append(_cosine_distance(emb[row], embeddings[origin][row]))
            if p and known[prev] and neigh[prev] is not None:
                a, b = set(best.tolist()), set(neigh[prev].tolist())
                stab.append(len(a & b) / len(a | b) if a | b else np.nan)
            else:
                stab.append(np.nan)
        out[term] = {"neighbours": neigh, "shift": shift, "shift_first": first, "stability": stab}
    return out


def semantic_shift(
    corpus: Corpus,
    terms: str | Sequence[str],
    *,
    by: str | Sequence[str] = "decade",
    method: str = "ppmi",
    dim: int = 100,
    window: int = 5,
    top: int = 10,
    n_boot: int = 50,
    min_count: int = 10,
    max_vocab: int = 5000,
    stopwords: Any = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Nearest neighbours and meaning shift of terms across periods (diachronic embeddings).

    Embeddings are trained on each period separately — SVD of the PPMI matrix (robust on
    corpora of about a million characters) or word2vec through gensim (for large corpora) —
    and aligned period to period with orthogonal Procrustes on the words both periods know
    (Hamilton, Leskovec & Jurafsky 2016). For each term and period: the nearest neighbours,
    the cosine distance to the term's vector in the previous period and in the first period
    in which it has one,
    and the Jaccard overlap of its neighbours with the previous period's (neighbour
    stability), each with a percentile bootstrap interval from resampling the documents of
    every period.

    Parameters
    ----------
    corpus : Corpus
        Tokenized with ``corpus.tokens(phrases=terms, stopwords=stopwords)``, so multi-word
        terms (and Chinese terms jieba would split) stay one token.
    terms : str or list of str
        The words to follow (lower-case for English).
    by : str or list of str
        The periods: ``"decade"`` (from ``year``), ``"year"`` or any metadata column;
        consecutive periods are consecutive in sorted order.
    method : {"ppmi", "word2vec"}
        SVD of PPMI (context smoothing 0.75, ``U Σ^½``) or skip-gram word2vec.
    dim, window : int
        Embedding dimensions; co-occurrence window (tokens each side).
    top : int
        Number of neighbours.
    n_boot : int
        Bootstrap replicates (0: no intervals). Every replicate retrains every period.
    min_count : int
        A word needs this many occurrences in a period to have a vector there (vocabulary,
        alignment, neighbours); a term below it is too rare to say anything about that period
        and gets a :class:`~toolkit.ToolkitWarning`.
    max_vocab : int
        Vocabulary: the most frequent types of the corpus (and the terms).
    stopwords : None, "en", "zh", "both" or list of str
        Dropped before counting (see :func:`toolkit.tokenize`).
    seed : int
        Fixes the SVD, word2vec and the bootstrap: same seed, same table.

    Returns
    -------
    DataFrame
        One row per term and period: ``feature``, the ``by`` column(s), ``n_docs``,
        ``count`` (occurrences of the term), ``shift`` (cosine distance to the previous
        period), ``shift_first`` (to the first period in which the term has a vector; 0
        there), ``stability`` (neighbour Jaccard
        overlap with the previous period), each with ``_low`` / ``_high`` bounds of the 95 %
        bootstrap interval, ``neighbours`` (space-joined, nearest first) and ``rare``.

    Examples
    --------
    >>> import toolkit as tk
    >>> early = ["reform of the market economy and the market price reform"] * 6
    >>> late = ["reform of the party discipline and the party conduct reform"] * 6
    >>> c = tk.Corpus.from_texts(early + late, dates=["1995"] * 6 + ["2015"] * 6)
    >>> s = semantic_shift(c, ["reform"], min_count=3, dim=4, window=2, n_boot=0, stopwords="en")
    >>> s[["feature", "decade", "count", "rare"]].values.tolist()
    [['reform', 1990, 12, False], ['reform', 2010, 12, False]]
    >>> first = s["neighbours"].str.split().str[0].tolist()
    >>> first[0] in {"market", "economy", "price"}, first[1] in {"party", "discipline", "conduct"}
    (True, True)
    """
    if not isinstance(corpus, Corpus):
        if isinstance(corpus, str):
            raise InputError(
                "semantic_shift: got a str; pass a Corpus (tk.load_corpus / tk.read_corpus)"
            )
        raise InputError(
            f"semantic_shift: needs a Corpus with dates or metadata for by=, not "
            f"{type(corpus).__name__}"
        )
    terms = _check(terms, method, dim, window, top, n_boot, min_count)
    opts: dict[str, Any] = {"phrases": tuple(terms)}
    if stopwords is not None:
        opts["stopwords"] = stopwords
    data = _Data(corpus, terms, by, opts)
    if not data.periods:
        raise ArgumentError(f"semantic_shift: no document has a value for by={by!r}")
    vocab = data.vocabulary(min_count, max_vocab)
    position = np.full(len(data.toks.vocab), -1, dtype=np.int64)
    position[vocab] = np.arange(len(vocab))
    vids = position[data.toks.ids]
    offsets = data.toks.offsets
    doc_of = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    inside = vids >= 0
    doc_counts = sp.csr_matrix(
        (np.ones(int(inside.sum())), (doc_of[inside], vids[inside])),
        shape=(len(offsets) - 1, len(vocab)),
    )
    mats = cooccurrence(vids, offsets, len(vocab), window) if method == "ppmi" else None
    settings = {"method": method, "dim": dim, "window": window, "seed": seed}
    settings["min_count"] = min_count
    term_rows = {t: int(position[i]) for t, i in data.term_ids.items()}
    full = np.where(data.period_of >= 0, 1.0, 0.0)
    # the SVDs work on thin dense blocks: BLAS threads only contend (15x slower on 2 busy cores)
    with threadpool_limits(limits=1, user_api="blas"):
        emb, counts = _embed_all(data, vocab, full, mats, doc_counts, settings)
        main = _measures(emb, counts, term_rows, min_count, top)
        boot = []
        for r in progress_bar(range(1, n_boot + 1), desc="semantic_shift bootstrap", unit="rep"):
            rng = np.random.default_rng([seed, r])
            weights = np.zeros(len(full))
            for p in range(len(data.periods)):
                docs = np.flatnonzero(data.period_of == p)
                np.add.at(weights, rng.choice(docs, size=len(docs), replace=True), 1.0)
            e, c = _embed_all(data, vocab, weights, mats, doc_counts, settings)
            boot.append(_measures(e, c, term_rows, min_count, top))
    return _table(data, terms, term_rows, main, boot, counts, vocab, min_count)


def _table(data, terms, term_rows, main, boot, counts, vocab, min_count) -> pd.DataFrame:
    n_docs = np.bincount(data.period_of[data.period_of >= 0], minlength=len(data.periods))
    words = data.toks.vocab[vocab]
    rows, rare_notes = [], []
    for term in terms:
        row = term_rows.get(term)
        for p, period in enumerate(data.periods):
            count = int(counts[p, row]) if row is not None else 0
            rec: dict[str, Any] = {"feature": term}
            rec.update(dict(zip(data.cols, period, strict=True)))
            rec.update(n_docs=int(n_docs[p]), count=count)
            for name in ("shift", "shift_first", "stability"):
                value = main[term][name][p] if row is not None else np.nan
                reps = np.array([b[term][name][p] for b in boot]) if row is not None else []
                reps = reps[~np.isnan(reps)] if len(reps) else reps
                if len(reps) and np.isfinite(value):  # no interval where the data give no value
                    low, high = np.percentile(reps, [2.5, 97.5])
                else:
                    low, high = np.nan, np.nan
                rec[name], rec[f"{name}_low"], rec[f"{name}_high"] = value, low, high
            neigh = main[term]["neighbours"][p] if row is not None else None
            rec["neighbours"] = " ".join(words[neigh].tolist()) if neigh is not None else ""
            rec["rare"] = count < min_count
            if rec["rare"]:
                rare_notes.append(f"{term!r} in {'/'.join(map(str, period))} ({count})")
            rows.append(rec)
    if rare_notes:
        warnings.warn(
            f"semantic_shift: too rare to say anything (fewer than min_count={min_count} "
            f"occurrences): {', '.join(rare_notes)}",
            ToolkitWarning,
            stacklevel=3,
        )
    out = pd.DataFrame(rows, columns=["feature", *data.cols, *SHIFT_COLUMNS])
    for c in data.cols:
        out[c] = out[c].astype(data_dtype(data, c))
    return out


def data_dtype(data: _Data, column: str) -> Any:
    """The dtype of a period column (Int64 for decades and years)."""
    values = pd.Series([p[data.cols.index(column)] for p in data.periods])
    return "Int64" if pd.api.types.is_integer_dtype(values) else values.dtype
