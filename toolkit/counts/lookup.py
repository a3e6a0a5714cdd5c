"""``tk.lookup``: dictionary counts per category, overall or per group, as a tidy table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit.corpus.model import group_codes
from toolkit.counts._input import as_tokens
from toolkit.errors import ArgumentError
from toolkit.features import Dfm, count_matrix
from toolkit.schema import rate_column
from toolkit.tokenized.ops import dictionary_patterns

__all__ = ["lookup"]


def lookup(
    data: Any,
    dictionary: Any,
    *,
    by: str | Sequence[str] | None = None,
    levels: Any = None,
    case_sensitive: bool = False,
    fill_zeros: bool = True,
    rate: int = 1_000_000,
    **token_options: Any,
) -> pd.DataFrame:
    """Count the matches of every dictionary category, overall or per group.

    Parameters
    ----------
    data : Corpus, Tokens, Dfm or list of str
        Tokens are matched as :meth:`Tokens.lookup` matches them (phrases and Chinese values
        across the segmenter's boundaries); a Dfm as :meth:`Dfm.lookup`.
    dictionary : Dictionary, dict of category → patterns, or Lexicon
        The categories.
    by : str or list of str, optional
        Docvars to count per group (``"decade"`` derived from ``year``).
    levels : int or sequence of int, optional
        Levels of a nested dictionary to count.
    case_sensitive : bool
        Match case exactly.
    fill_zeros : bool
        Give every group × category a row, zeros included.
    rate : int
        Base of the rate column (``per_million`` by default).
    **token_options
        Options of :func:`toolkit.tokenized`, for a Corpus or texts.

    Returns
    -------
    pandas.DataFrame
        ``[by…], category, count, doc_freq, per_million``, sorted by group, then dictionary
        order; the rate is per million tokens of the group (all tokens).

    Examples
    --------
    >>> import toolkit as tk
    >>> d = tk.Dictionary({"economy": ["econom*", "tax*"], "war": ["war", "militar*"]})
    >>> c = tk.Corpus.from_texts(["Taxes and the economy.", "War, war and taxes."],
    ...                          dates=["1990", "2001"])
    >>> tk.lookup(c, d, by="decade")[["decade", "category", "count", "doc_freq"]].values.tolist()
    [[1990, 'economy', 2, 1], [1990, 'war', 0, 0], [2000, 'economy', 1, 1], [2000, 'war', 2, 1]]
    """
    rate_name = rate_column(rate)
    if isinstance(data, Dfm):
        if token_options:
            raise ArgumentError("tokens options apply when building the Dfm (tk.dfm)")
        looked = data.lookup(dictionary, levels=levels, case_sensitive=case_sensitive)
        keys = looked.features.tolist()
        X, docvars, lengths = looked.matrix, data.docvars, data.n_tokens
    else:
        toks = as_tokens(data, function="lookup", **token_options)
        keys, _, _ = dictionary_patterns(dictionary, levels)
        hits = toks.lookup(dictionary, levels=levels, exclusive=True, case_sensitive=case_sensitive)
        M, features, _ = count_matrix(hits, [1])
        order = pd.Index(features).get_indexer(keys)
        cols = [M[:, i] if i >= 0 else sp.csr_matrix((M.shape[0], 1)) for i in order.tolist()]
        X = sp.hstack(cols, format="csr") if cols else sp.csr_matrix((M.shape[0], 0))
        docvars = toks.docvars
        lengths = toks.doc_lengths - np.bincount(toks.doc_index[toks.ids < 0], minlength=len(toks))
    codes, labels = group_codes(docvars, by)
    n_groups = len(labels)
    G = sp.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(n_groups, len(codes))
    )
    count = np.asarray((G @ X).todense()).reshape(n_groups, len(keys))
    docs = np.asarray((G @ (X > 0).astype(np.int64)).todense()).reshape(n_groups, len(keys))
    totals = np.bincount(codes, weights=lengths, minlength=n_groups).astype(np.float64)
    g = np.repeat(np.arange(n_groups), len(keys))
    k = np.tile(np.arange(len(keys)), n_groups)
    out = labels.iloc[g].reset_index(drop=True) if len(labels.columns) else pd.DataFrame()
    out["category"] = np.asarray(keys, dtype=object)[k] if keys else []
    out["count"] = count.ravel().astype(np.int64)
    out["doc_freq"] = docs.ravel().astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[rate_name] = count.ravel() / totals[g] * float(rate)
    if not fill_zeros:
        out = out[out["count"] > 0].reset_index(drop=True)
    return out
