"""``tk.dfm``: the one builder of document-feature matrices.

:class:`~toolkit.Vectorizer`, the topic models and every analysis that needs a matrix call
:func:`count_matrix`, which counts n-grams per document with the counting engine
(:mod:`toolkit.features._engine`) and lays them out as a sparse matrix whose columns are the
space-joined n-grams in alphabetical order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from toolkit._arrow import gram_strings
from toolkit.distributed._switch import use_dask
from toolkit.errors import InputError
from toolkit.features._core import Dfm
from toolkit.features._engine import count_grouped, ngram_sizes
from toolkit.tokenized import Tokens, tokens

__all__ = ["count_matrix", "dfm"]


def count_matrix(
    toks: Tokens,
    sizes: Sequence[int],
    *,
    stopwords: object = None,
    boundary: str = "document",
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Per-document counts of every n-gram of the given lengths.

    Returns the matrix (documents × features, int64), the features (space-joined, sorted) and
    each feature's length ``n``.
    """
    n_docs = len(toks)
    codes = np.arange(n_docs, dtype=np.int64)
    labels = pd.DataFrame(index=range(n_docs))
    counts = count_grouped(toks, sizes, codes, labels, boundary=boundary, stopwords=stopwords)
    words = pa.array(counts.vocab.tolist(), type=pa.large_string())
    names, rows, cols, vals, lengths = [], [], [], [], []
    at = 0
    for n, t in counts.tables.items():
        new = np.ones(len(t), dtype=bool)
        if len(t):
            new[1:] = np.any(t.grams[:, 1:] != t.grams[:, :-1], axis=0)
        local = np.cumsum(new) - 1
        first = np.flatnonzero(new)
        names.append(gram_strings(words, t.grams[:, first]))
        rows.append(t.group)
        cols.append(local + at)
        vals.append(t.count)
        lengths.append(np.full(len(first), n, dtype=np.int64))
        at += len(first)
    if not names:
        return sp.csr_matrix((n_docs, 0), dtype=np.int64), np.array([], str), np.zeros(0, int)
    feature_arr = pa.concat_arrays(names)
    order = pc.sort_indices(feature_arr).to_numpy()
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    X = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), position[np.concatenate(cols)])),
        shape=(n_docs, len(order)),
        dtype=np.int64,
    )
    features = np.asarray(feature_arr.take(pa.array(order)).to_pylist(), dtype=str)
    return X, features, np.concatenate(lengths)[order]


@dataclass
class DfmRows:
    """The rows of a Dfm for some documents: the Dask merge unit of :func:`dfm`."""

    matrix: sp.csr_matrix
    features: np.ndarray
    docvars: pd.DataFrame
    n_tokens: np.ndarray
    settings: dict


def dfm_rows(
    data: Any, sizes: Sequence[int], stopwords: object, boundary: str, options: dict[str, Any]
) -> DfmRows:
    """Dask task: the counted rows of one partition (the code of the local :func:`dfm`)."""
    toks = tokens(data, **options)
    X, features, _ = count_matrix(toks, sizes, stopwords=stopwords, boundary=boundary)
    lengths = toks.doc_lengths - np.bincount(toks.doc_index[toks.ids < 0], minlength=len(toks))
    return DfmRows(X, features, toks.docvars, lengths, toks.settings.as_dict())


def merge_dfm_rows(parts: list[DfmRows]) -> DfmRows:
    """Rows of consecutive partitions stacked over the sorted union of their features."""
    if len(parts) == 1:
        return parts[0]
    features = np.unique(np.concatenate([p.features for p in parts]))
    blocks = []
    for p in parts:
        X = p.matrix.tocoo()
        cols = np.searchsorted(features, p.features)[X.col]
        blocks.append(sp.csr_matrix((X.data, (X.row, cols)), shape=(X.shape[0], len(features))))
    return DfmRows(
        sp.vstack(blocks, format="csr", dtype=np.int64),
        features.astype(str),
        pd.concat([p.docvars for p in parts], ignore_index=True, sort=False),
        np.concatenate([p.n_tokens for p in parts]),
        parts[0].settings,
    )


def dfm(
    data: Any,
    *,
    n: int | tuple[int, int] = 1,
    stopwords: object = None,
    boundary: str = "document",
    client: Any = None,
    npartitions: int | None = None,
    **token_options: Any,
) -> Dfm:
    """A document-feature matrix of words or n-grams (quanteda's ``dfm``).

    Parameters
    ----------
    data : Corpus, Tokens or list of str
        Tokenized with :func:`toolkit.tokenized` (a Corpus through its token cache).
    n : int or (int, int)
        Feature length: words (1), bigrams (2), or an inclusive range ``(1, 2)``; n-grams are
        space-joined (``"united states"``).
    stopwords : None, "en", "zh", "both" or list of str
        Drop n-grams containing a stopword (the token stream is not changed, so removing a
        stopword never joins its neighbours; for words this drops the stopwords).
    boundary : {"document", "sentence"}
        N-grams never cross this boundary (``"sentence"`` tokenizes with sentences).
    client : dask.distributed.Client, optional
        Count on this Dask cluster (default: locally, or on the active client when
        ``tk.options.dask`` is on): each partition's rows are counted on a worker and the
        matrices stacked over the union of their features, so matrix, features, docvars and
        token counts are those of the local run (:mod:`toolkit.distributed`); the Dfm then
        keeps no Tokens (``dfm.tokens`` is None: coherence needs ``tokens=`` passed).
    npartitions : int, optional
        Dask: number of partitions (default one per 50 documents, or one per file).
    **token_options
        Options of :func:`toolkit.tokenized` (``lowercase``, ``remove_numbers``, ``what``…), for a
        Corpus or texts.

    Returns
    -------
    Dfm
        Counts with the docvars attached; features sorted alphabetically. The counts equal
        scikit-learn's ``CountVectorizer`` given the same tokens.

    Examples
    --------
    >>> import toolkit as tk
    >>> d = tk.dfm(["We the people.", "The people!"], n=(1, 2), stopwords="en")
    >>> d.features.tolist(), d.to_array().tolist()
    (['people'], [[1], [1]])
    >>> tk.dfm(["a b a"], n=2).features.tolist()
    ['a b', 'b a']
    """
    if isinstance(data, Dfm):
        if token_options or n != 1 or stopwords is not None:
            raise InputError("this is a Dfm already; build a new one from the Corpus or Tokens")
        return data
    sizes = ngram_sizes(n)
    if boundary == "sentence" and not isinstance(data, Tokens):
        token_options = {**token_options, "sentences": True}
    if use_dask(client):
        from toolkit.distributed import map_merge

        rows, _ = map_merge(
            data, dfm_rows, merge_dfm_rows, client=client, npartitions=npartitions,
            args=(sizes, stopwords, boundary, token_options),
        )  # fmt: skip
        meta = {
            "n": list(sizes),
            "stopwords": stopwords is not None,
            "boundary": boundary,
            "settings": rows.settings,
            "source": getattr(data, "text_sha256", None) or getattr(data, "source", None),
        }
        return Dfm(rows.matrix, rows.features, rows.docvars, n_tokens=rows.n_tokens, meta=meta)
    if npartitions is not None:
        raise InputError("npartitions only applies on Dask (client=)")
    toks = tokens(data, **token_options)
    X, features, _ = count_matrix(toks, sizes, stopwords=stopwords, boundary=boundary)
    lengths = toks.doc_lengths - np.bincount(toks.doc_index[toks.ids < 0], minlength=len(toks))
    meta = {
        "n": list(sizes),
        "stopwords": stopwords is not None,
        "boundary": boundary,
        "settings": toks.settings.as_dict(),
        "source": toks.source,
    }
    return Dfm(X, features, toks.docvars, n_tokens=lengths, meta=meta, tokens=toks)
