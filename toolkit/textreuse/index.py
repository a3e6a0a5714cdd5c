"""Exact shingle index: shared shingles between documents become alignment seeds.

Every shingle of the target documents is looked up in the sorted shingles of the source
documents (``numpy.searchsorted``), so the work is proportional to the number of shared shingle
occurrences — the candidate seeds — not to the number of document pairs. Shingles found in more
documents than the boilerplate limit (openings such as 各位代表, set phrases) are dropped first.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from toolkit.errors import ArgumentError

__all__ = ["boilerplate_limit", "find_seeds"]

#: Largest number of seeds materialised at once (the target shingles are processed in chunks).
SEED_CHUNK = 8_000_000
#: A shingle found in this many documents or fewer is never boilerplate.
MIN_BOILERPLATE_DOCS = 5


def boilerplate_limit(boilerplate: float | int | None, n_docs: int) -> int | None:
    """Most documents a shingle may occur in before it is skipped as boilerplate.

    A float in (0, 1] is a share of all documents, an int >= 1 a number of documents, ``None``
    or ``False`` keeps every shingle. A shingle found in at most ``MIN_BOILERPLATE_DOCS`` (5)
    documents is never boilerplate, so a few documents that share a passage stay comparable.

    Examples
    --------
    >>> boilerplate_limit(0.5, 52), boilerplate_limit(10, 52), boilerplate_limit(0.5, 3)
    (26, 10, 5)
    >>> boilerplate_limit(None, 52) is None
    True
    """
    if boilerplate is None or boilerplate is False:
        return None
    if isinstance(boilerplate, bool) or not isinstance(boilerplate, (int, float)):
        raise ArgumentError(
            f"boilerplate must be a share of documents (0-1], a number of documents or None, "
            f"not {boilerplate!r}"
        )
    if isinstance(boilerplate, float):
        if not 0 < boilerplate <= 1:
            raise ArgumentError(f"boilerplate share must be in (0, 1], not {boilerplate!r}")
        limit = math.floor(boilerplate * n_docs)
    else:
        if boilerplate < 1:
            raise ArgumentError(f"boilerplate must be >= 1 documents, not {boilerplate!r}")
        limit = boilerplate
    return max(MIN_BOILERPLATE_DOCS, int(limit))


def _drop_common(shingles: pd.DataFrame, n_docs_of: np.ndarray, max_df: int) -> np.ndarray:
    """Mask of the shingles whose hash occurs in at most ``max_df`` distinct documents."""
    h = shingles["hash"].to_numpy()
    order = np.lexsort((n_docs_of, h))
    hs, ds = h[order], n_docs_of[order]
    new_hash = np.ones(len(hs), dtype=bool)
    new_hash[1:] = hs[1:] != hs[:-1]
    new_doc = new_hash.copy()
    new_doc[1:] |= ds[1:] != ds[:-1]
    starts = np.flatnonzero(new_hash)
    df = np.add.reduceat(new_doc.astype(np.int64), starts) if len(starts) else starts
    keep_sorted = np.repeat(df <= max_df, np.diff(np.append(starts, len(hs))))
    keep = np.empty(len(hs), dtype=bool)
    keep[order] = keep_sorted
    return keep


def find_seeds(
    target: pd.DataFrame,
    source: pd.DataFrame,
    *,
    same: bool,
    order: np.ndarray | None,
    max_df: int | None,
    n_docs_source: int,
) -> pd.DataFrame:
    """All pairs of equal shingles between target and source documents.

    Parameters
    ----------
    target, source : DataFrame
        Shingles (``hash``, ``doc``, ``pos``) as made by :func:`~.units.shingle_hashes`.
    same : bool
        Target and source are the same documents: a document is never paired with itself and
        each pair of documents is seen once, with the later document (``order``) as target.
    order : numpy.ndarray, optional
        Chronological rank of each document (``same=True`` only).
    max_df : int or None
        Skip shingles found in more documents than this (target and source together).
    n_docs_source : int
        Number of source documents (to encode document pairs).

    Returns
    -------
    DataFrame
        ``pair`` (target doc × ``n_docs_source`` + source doc), ``pos_t``, ``pos_s``.
    """
    if max_df is not None:
        if same:
            target = source = target[_drop_common(target, target["doc"].to_numpy(), max_df)]
        else:
            both = pd.concat([target, source], ignore_index=True)
            docs = np.concatenate(
                [target["doc"].to_numpy(), source["doc"].to_numpy() + len(target) + 1]
            )
            keep = _drop_common(both, docs.astype(np.int64), max_df)
            target, source = target[keep[: len(target)]], source[keep[len(target) :]]
    src = source.sort_values("hash", kind="stable")
    tgt = target.sort_values("hash", kind="stable")
    s_hash = src["hash"].to_numpy()
    s_doc = src["doc"].to_numpy().astype(np.int64)
    s_pos = src["pos"].to_numpy()
    t_hash = tgt["hash"].to_numpy()
    t_doc = tgt["doc"].to_numpy().astype(np.int64)
    t_pos = tgt["pos"].to_numpy()
    lo = np.searchsorted(s_hash, t_hash, side="left")
    hi = np.searchsorted(s_hash, t_hash, side="right")
    counts = hi - lo
    has = np.flatnonzero(counts)
    parts = []
    cum = np.cumsum(counts[has])
    bounds = np.searchsorted(
        cum, np.arange(SEED_CHUNK, int(cum[-1]) if len(cum) else 0, SEED_CHUNK)
    )
    for chunk in np.split(has, bounds):
        if not len(chunk):
            continue
        c = counts[chunk]
        rep = np.repeat(chunk, c)
        first = np.repeat(lo[chunk] - np.concatenate([[0], np.cumsum(c)[:-1]]), c)
        j = first + np.arange(len(rep))
        dt, ds = t_doc[rep], s_doc[j]
        keep = (order[dt] > order[ds]) if same else np.ones(len(rep), dtype=bool)
        parts.append(
            pd.DataFrame(
                {
                    "pair": (dt * n_docs_source + ds)[keep],
                    "pos_t": t_pos[rep][keep].astype(np.int64),
                    "pos_s": s_pos[j][keep].astype(np.int64),
                }
            )
        )
    if not parts:
        return pd.DataFrame({"pair": [], "pos_t": [], "pos_s": []}, dtype=np.int64)
    return pd.concat(parts, ignore_index=True)
