"""Slogan hits per (group, entry) as mergeable cells: :func:`toolkit.count_slogans` counts
cells per partition of a corpus and sums them (the Dask path), or counts one partition."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["SloganCells", "merge_slogan_cells"]


@dataclass
class SloganCells:
    """Hits per (group, entry) of a set of documents: mergeable across disjoint documents."""

    keys: pd.DataFrame  # one row per group: the ``by`` columns
    count: np.ndarray  # (groups, entries) hits
    docs: np.ndarray  # (groups, entries) documents with a hit
    tokens: np.ndarray | None  # (groups,) tokens, when a rate is wanted


def merge_slogan_cells(parts: list[SloganCells]) -> SloganCells:
    """Cells of disjoint sets of documents summed into one, groups in the local order."""
    if len(parts) == 1:
        return parts[0]
    cols = list(parts[0].keys.columns)
    n_entries = parts[0].count.shape[1]
    frames = [p.keys for p in parts if len(p.keys)]
    if not frames:
        return parts[0]
    if cols:
        every = pd.concat(frames, ignore_index=True)
        gid = every.groupby(cols, dropna=False, sort=True).ngroup().to_numpy()
        keys = every.assign(_g=gid).drop_duplicates("_g").sort_values("_g")[cols]
        keys = keys.reset_index(drop=True)
    else:
        gid = np.zeros(len(frames), dtype=np.int64)
        keys = pd.DataFrame(index=range(1))
    count = np.zeros((len(keys), n_entries), dtype=np.int64)
    docs = np.zeros_like(count)
    with_tokens = parts[0].tokens is not None
    tokens = np.zeros(len(keys)) if with_tokens else None
    at = 0
    for p in parts:
        if not len(p.keys):
            continue
        g = gid[at : at + len(p.keys)]
        at += len(p.keys)
        np.add.at(count, g, p.count)
        np.add.at(docs, g, p.docs)
        if with_tokens:
            np.add.at(tokens, g, p.tokens)
    return SloganCells(keys, count, docs, tokens)
