"""Co-occurrence of lexicon slogans in paragraphs, sentences or documents."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.corpus.model import Corpus
from toolkit.errors import ArgumentError
from toolkit.slogans.counting import as_corpus, as_lexicon, find_hits
from toolkit.slogans.lexicon import Lexicon

__all__ = ["slogan_cooccurrence"]

_UNITS = ("document", "paragraph", "sentence")


def slogan_cooccurrence(
    data: Corpus | Sequence[str],
    lexicon: Lexicon | str,
    *,
    unit: str = "paragraph",
    min_count: int = 1,
    overlap: str = "longest",
    forms: str = "auto",
) -> pd.DataFrame:
    """Pairs of slogans that occur in the same unit, with counts and normalised PMI.

    Parameters
    ----------
    data : Corpus or list of str
        The documents.
    lexicon : Lexicon or str
        A lexicon or a built-in lexicon's name.
    unit : {"paragraph", "sentence", "document"}
        The co-occurrence window (via ``corpus.segment(unit)``).
    min_count : int
        Keep pairs found together in at least this many units.
    overlap, forms : str
        As in :func:`count_slogans`; the default ``overlap="longest"`` keeps a nested
        formulation from co-occurring with the one that contains it at every use.

    Returns
    -------
    pandas.DataFrame
        ``slogan_a``, ``slogan_b`` (lexicon order, each pair once), ``label_a``, ``label_b``
        (Chinese labels for Chinese corpora, else English), ``count`` (units with both),
        ``npmi`` = log(p(a,b) / (p(a) p(b))) / −log p(a,b) over units (1 = always together,
        0 = independent, −1 never), ``count_a``, ``count_b`` (units with each); sorted by
        count, then npmi, descending.

    Examples
    --------
    >>> lex = Lexicon.from_dict({"a": "四个全面", "b": "五位一体", "c": "一带一路"})
    >>> c = Corpus.from_texts(["四个全面和五位一体。\\n\\n一带一路。\\n\\n四个全面、五位一体"])
    >>> slogan_cooccurrence(c, lex)[["slogan_a", "slogan_b", "count", "npmi"]].round(3)
      slogan_a slogan_b  count  npmi
    0        a        b      2   1.0
    """
    corpus, lexicon = as_corpus(data), as_lexicon(lexicon)
    if unit not in _UNITS:
        raise ArgumentError(f"unit must be one of {_UNITS}, not {unit!r}")
    units = corpus.segment(unit)
    hits = find_hits(units, lexicon, overlap=overlap, forms=forms, offsets=False)
    cols = ["slogan_a", "slogan_b", "label_a", "label_b", "count", "npmi", "count_a", "count_b"]
    n_units, k = len(units), len(lexicon)
    present = np.unique(hits["doc"].to_numpy() * k + hits["entry"].to_numpy())
    if n_units == 0 or present.size == 0:
        empty = pd.DataFrame(columns=cols)
        empty.attrs["overlap"] = overlap
        return empty
    from scipy import sparse

    m = sparse.csr_matrix((np.ones(present.size), (present // k, present % k)), shape=(n_units, k))
    co = (m.T @ m).tocoo()
    single = np.asarray(m.sum(axis=0)).ravel()
    keep = (co.row < co.col) & (co.data >= min_count)
    a, b, n_ab = co.row[keep], co.col[keep], co.data[keep]
    p_ab, p_a, p_b = n_ab / n_units, single[a] / n_units, single[b] / n_units
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(p_ab >= 1.0, 1.0, np.log(p_ab / (p_a * p_b)) / -np.log(p_ab))
    zh = corpus.languages[:1] == ["zh"]
    ents = lexicon.entries
    label = [(e.label_zh or e.label_en) if zh else (e.label_en or e.label_zh) for e in ents]
    ids = np.asarray(lexicon.ids, dtype=object)
    labels = np.asarray(label, dtype=object)
    out = pd.DataFrame(
        {
            "slogan_a": ids[a],
            "slogan_b": ids[b],
            "label_a": labels[a],
            "label_b": labels[b],
            "count": n_ab.astype(np.int64),
            "npmi": npmi,
            "count_a": single[a].astype(np.int64),
            "count_b": single[b].astype(np.int64),
        }
    )
    out = out.sort_values(
        ["count", "npmi", "slogan_a", "slogan_b"], ascending=[False] * 2 + [True] * 2
    )
    out = out.reset_index(drop=True)
    out.attrs["overlap"] = overlap
    return out
