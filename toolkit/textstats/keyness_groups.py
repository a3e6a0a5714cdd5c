"""``tk.keyness_groups``: one-vs-rest keyness for every level of a grouping variable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.model import group_codes
from toolkit.counts._input import as_tokens
from toolkit.errors import ArgumentError
from toolkit.features import Dfm

__all__ = ["keyness_groups"]


def keyness_groups(
    data: Any,
    *,
    by: str | Sequence[str],
    measure: str = "g2",
    top: int | None = None,
    min_count: int = 1,
    n: int | tuple[int, int] = 1,
    stopwords: object = None,
    **token_options: Any,
) -> pd.DataFrame:
    """Keyness of each group against all the other documents, for every group at once.

    Each level of ``by`` is the target of :func:`toolkit.keyness` and the rest of the corpus
    its reference (the documents are tokenized once); groups with no documents on one side
    (a corpus of one group) are refused.

    Parameters
    ----------
    data : Corpus, Tokens, Dfm or list of str
        The documents (with the ``by`` metadata).
    by : str or list of str
        The grouping (``"party"``, ``"president"``, ``"decade"``…).
    measure, top, min_count, n, stopwords, **token_options
        As :func:`toolkit.keyness` (``top`` keeps the most over- and under-used per group).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, then :func:`toolkit.keyness`'s columns, groups in sorted order.

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["war war army", "tax tax budget", "war peace"],
    ...                          party=["A", "B", "A"])
    >>> k = tk.keyness_groups(c, by="party", top=1)
    >>> k[["party", "feature", "sign"]].values.tolist()[:2]
    [['A', 'war', '+'], ['A', 'tax', '-']]
    """
    from toolkit.counts.keyness import keyness

    base = (
        data
        if isinstance(data, Dfm)
        else as_tokens(data, function="keyness_groups", **token_options)
    )
    codes, labels = group_codes(base.docvars, by, context="by")
    if len(labels) < 2:
        raise ArgumentError(f"keyness_groups: by={by!r} has {len(labels)} group; need two or more")
    parts = []
    for g in range(len(labels)):
        mask = codes == g
        options: dict[str, Any] = {"measure": measure, "top": top, "min_count": min_count}
        if not isinstance(base, Dfm):
            options |= {"n": n, "stopwords": stopwords}
        table = keyness(base, np.asarray(mask), **options)
        for col in reversed(labels.columns.tolist()):
            table.insert(0, col, labels[col].iloc[g])
        parts.append(table)
    return pd.concat(parts, ignore_index=True)
