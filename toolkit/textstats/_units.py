"""The units a text statistic is computed on: documents, or groups of them (``by=``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.counts._input import as_tokens
from toolkit.scaling._common import doc_columns
from toolkit.tokenized import Tokens

__all__ = ["unit_columns", "unit_ids", "unit_tokens"]


def unit_tokens(
    data: Any, *, by: str | Sequence[str] | None, function: str, **options: Any
) -> Tokens:
    """Tokens of ``data`` (see :func:`toolkit.counts._input.as_tokens`), one document per group
    when ``by`` is given (``Tokens.group``: the group's documents end to end)."""
    toks = as_tokens(data, function=function, **options)
    return toks.group(by) if by is not None else toks


def unit_ids(toks: Tokens) -> list[np.ndarray]:
    """The token ids of every document, pads left out."""
    ids, off = toks.ids, toks.offsets
    return [ids[a:b][ids[a:b] >= 0] for a, b in zip(off[:-1], off[1:], strict=True)]


def unit_columns(docvars: pd.DataFrame, by: str | Sequence[str] | None) -> pd.DataFrame:
    """``doc_id, date, year`` per document, or the ``by`` columns and ``n_docs`` per group
    (from the docvars of grouped Tokens or a grouped Dfm)."""
    if by is None:
        return doc_columns(docvars)
    cols = [by] if isinstance(by, str) else list(by)
    return docvars[[*cols, "n_docs"]].reset_index(drop=True)
