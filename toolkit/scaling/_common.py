"""What the scaling models share: a count Dfm from any data, empty rows and columns reported,
and the per-document columns ``doc_id``, ``date``, ``year``."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import ArgumentError, InputError, ToolkitWarning
from toolkit.features import Dfm, dfm

__all__ = ["count_dfm", "doc_columns", "drop_empty", "doc_index"]


def count_dfm(data: Any, *, function: str) -> Dfm:
    """``data`` as a Dfm of counts: a Dfm as it is, a Corpus, Tokens or list of texts through
    :func:`toolkit.dfm`. A weighted Dfm is refused (the models need counts)."""
    if isinstance(data, str):
        raise InputError(
            f"{function}(): data is a single string; pass [text] for one text, or "
            "Path(...) / tk.read_corpus for files"
        )
    d = data if isinstance(data, Dfm) else dfm(data)
    if d.weighted:
        raise ArgumentError(f"{function}() needs counts; this Dfm is weighted ({d.weighting})")
    if d.matrix.nnz == 0 or d.matrix.sum() == 0:
        raise ArgumentError(f"{function}(): the Dfm is empty (no counts)")
    return d


def drop_empty(d: Dfm, *, function: str) -> tuple[Dfm, dict[str, list[str]]]:
    """Remove documents without tokens and features without counts, as quanteda does, with a
    warning naming them; returns the Dfm and what was dropped (``documents``, ``features``)."""
    X = d.matrix
    empty_docs = np.flatnonzero(np.asarray(X.sum(axis=1)).ravel() == 0)
    dropped: dict[str, list[str]] = {"documents": [], "features": []}
    if len(empty_docs):
        dropped["documents"] = [d.doc_ids[i] for i in empty_docs]
        d = d._rows(np.setdiff1d(np.arange(len(d)), empty_docs))
    empty_feats = np.flatnonzero(d.feature_counts() == 0)
    if len(empty_feats):
        dropped["features"] = d.features[empty_feats].tolist()
        d = d._columns(d.feature_counts() > 0)
    if dropped["documents"] or dropped["features"]:
        warnings.warn(
            f"{function}(): left out {len(dropped['documents'])} document(s) without tokens "
            f"{dropped['documents'][:5]} and {len(dropped['features'])} feature(s) without "
            f"counts {dropped['features'][:5]} (listed in the result's .dropped)",
            ToolkitWarning,
            stacklevel=3,
        )
    return d, dropped


def doc_columns(docvars: pd.DataFrame) -> pd.DataFrame:
    """``doc_id``, ``date`` and ``year`` of every document (NaT / <NA> where unknown)."""
    out = pd.DataFrame({"doc_id": docvars["doc_id"].to_numpy()})
    out["date"] = (
        pd.to_datetime(docvars["date"]).to_numpy()
        if "date" in docvars
        else np.full(len(docvars), np.datetime64("NaT"), dtype="datetime64[ns]")
    )
    out["year"] = (
        docvars["year"].astype("Int64").to_numpy()
        if "year" in docvars
        else pd.array([pd.NA] * len(docvars), dtype="Int64")
    )
    return out


def doc_index(d: Dfm, which: Any, *, name: str) -> int:
    """Row number of a document given by its 0-based position or its ``doc_id``."""
    if isinstance(which, (bool, np.bool_)):
        raise InputError(f"{name}: give a document position (int) or doc_id (str), not {which!r}")
    if isinstance(which, (int, np.integer)):
        if not -len(d) <= which < len(d):
            raise ArgumentError(f"{name}: document {which} is out of range ({len(d)} documents)")
        return int(which) % len(d)
    if isinstance(which, str):
        ids = d.doc_ids
        if which not in ids:
            raise ArgumentError(f"{name}: no document {which!r}; doc_ids start {ids[:5]}")
        return ids.index(which)
    raise InputError(f"{name}: give a document position (int) or doc_id (str), not {which!r}")
