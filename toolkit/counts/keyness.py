"""``tk.keyness``: which words (or n-grams) a target over- or under-uses against a reference."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from toolkit.corpus.model import Corpus
from toolkit.counts._engine import count_tokens, ngram_sizes
from toolkit.counts._frame import gram_strings, str_series
from toolkit.counts._stats import keyness_stats
from toolkit.counts._tokens import as_tokens, concat_tokens, with_docs
from toolkit.errors import ArgumentError, InputError
from toolkit.text.tokenize import Tokens

__all__ = ["keyness"]

COLUMNS = [
    "term",
    "count_target",
    "count_reference",
    "per_million_target",
    "per_million_reference",
    "g2",
    "p_value",
    "chi2",
    "log_ratio",
    "pct_diff",
    "sign",
]
_SIDE = "__keyness_side__"


def _condition_mask(docs: pd.DataFrame, condition: Any) -> np.ndarray:
    if isinstance(condition, str):
        from toolkit.corpus.filters import filter_mask  # safe parser, never eval()

        mask = filter_mask(docs, condition)
    elif callable(condition):
        mask = condition(docs)
    else:
        mask = condition
    mask = np.asarray(mask)
    if mask.dtype != bool or mask.shape != (len(docs),):
        raise InputError(
            f"condition must give one boolean per document ({len(docs)}), got "
            f"{mask.dtype} of shape {mask.shape}"
        )
    if mask.all() or not mask.any():
        raise ArgumentError(
            f"condition selects {int(mask.sum())} of {len(docs)} documents; "
            "target and reference both need documents"
        )
    return mask


def _sides(target: Any, reference: Any, options: dict[str, Any]) -> Tokens:
    """One Tokens object whose documents carry a side column: 0 = target, 1 = reference."""
    if isinstance(reference, (Corpus, Tokens)) or (
        isinstance(reference, Sequence)
        and not isinstance(reference, str)
        and len(reference) > 0
        and isinstance(reference[0], str)
    ):
        parts = []
        for side, data in enumerate((target, reference)):
            toks = as_tokens(data, **options)
            parts.append(with_docs(toks, toks.docs.assign(**{_SIDE: side})))
        return concat_tokens(parts)
    toks = as_tokens(target, **options)
    mask = _condition_mask(toks.docs, reference)
    return with_docs(toks, toks.docs.assign(**{_SIDE: np.where(mask, 0, 1)}))


def keyness(
    target: Corpus | Tokens | Sequence[str],
    reference: Corpus | Tokens | Sequence[str] | np.ndarray | Callable | str,
    *,
    n: int | tuple[int, int] = 1,
    measure: str = "g2",
    min_count: int = 1,
    stopwords: object = None,
    yates: bool = False,
    **tokenize_options: Any,
) -> pd.DataFrame:
    """Compare word (or n-gram) frequencies of a target with a reference.

    Parameters
    ----------
    target : Corpus, Tokens or list of str
        The texts of interest.
    reference : Corpus, Tokens, list of str, boolean mask, callable or filter string
        Either a second corpus, or a condition on ``target``'s documents that splits it: a
        boolean array (one value per document), a callable receiving the docs DataFrame
        (``lambda d: d.year >= 1917``) or a filter expression (``"year>=1917"``, parsed safely
        by :mod:`toolkit.corpus.filters`, never evaluated). Documents where the condition
        holds are the target, the others the reference.
    n : int or (int, int)
        Compare n-grams of this length (or range); default single words.
    measure : {"g2", "chi2", "log_ratio", "pct_diff"}
        Statistic to rank by: rows are sorted by the signed measure, the most over-used term
        first and the most under-used last (ties alphabetically).
    min_count : int
        Keep terms seen at least this often in target and reference together.
    stopwords : None, "en", "zh", "both" or list of str
        Drop terms (n-grams) containing a stopword.
    yates : bool
        Apply Yates' continuity correction to ``chi2`` (default: no correction).
    **tokenize_options
        Tokenizer options.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``count_target``, ``count_reference``, ``per_million_target``,
        ``per_million_reference`` (per million tokens of each side), ``g2`` (Rayson & Garside's
        log-likelihood), ``p_value`` (of G², χ² with 1 df), ``chi2`` (Pearson, 2×2 table),
        ``log_ratio`` (Hardie's binary log ratio; a zero count is taken as 0.5),
        ``pct_diff`` (Gabrielatos & Marchi's %DIFF; a zero reference frequency is taken as
        1e-18) and ``sign`` (``"+"``: relatively more frequent in the target, ``"-"``: less
        frequent or equal).

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["war war peace", "peace trade trade"], dates=["1900", "2000"])
    >>> k = tk.keyness(c, lambda d: d.year < 1950)
    >>> k[["term", "count_target", "count_reference", "sign"]].values.tolist()
    [['war', 2, 0, '+'], ['peace', 1, 1, '-'], ['trade', 0, 2, '-']]
    """
    if measure not in ("g2", "chi2", "log_ratio", "pct_diff"):
        raise ArgumentError(f"measure must be g2, chi2, log_ratio or pct_diff, not {measure!r}")
    if min_count < 1:
        raise ArgumentError(f"min_count must be >= 1, not {min_count}")
    tokens = _sides(target, reference, tokenize_options)
    counts = count_tokens(tokens, ngram_sizes(n), by=_SIDE, stopwords=stopwords)
    side_of_group = counts.groups[_SIDE].to_numpy()
    totals = np.zeros(2)
    totals[side_of_group] = counts.group_tokens
    frames = []
    for table in counts.tables.values():
        side = side_of_group[table.group]
        first = np.ones(len(table), dtype=bool)
        if len(table):
            first[1:] = np.any(table.grams[:, 1:] != table.grams[:, :-1], axis=0)
        term_id = np.cumsum(first) - 1
        a = np.zeros(int(first.sum()))
        b = np.zeros(int(first.sum()))
        np.add.at(a, term_id[side == 0], table.count[side == 0])
        np.add.at(b, term_id[side == 1], table.count[side == 1])
        frames.append((table.grams[:, first], a, b))
    grams_terms = [g for g, _, _ in frames]
    a = np.concatenate([f[1] for f in frames])
    b = np.concatenate([f[2] for f in frames])
    keep = (a + b) >= min_count
    s = keyness_stats(a[keep], b[keep], totals[0], totals[1], yates=yates)
    terms = [gram_strings(counts.vocab, g[:, k]) for g, k in _split(grams_terms, keep)]
    out = pd.DataFrame(
        {
            "term": str_series(pa.concat_arrays(terms)),
            "count_target": a[keep].astype(np.int64),
            "count_reference": b[keep].astype(np.int64),
            "per_million_target": a[keep] / totals[0] * 1e6 if totals[0] else np.nan,
            "per_million_reference": b[keep] / totals[1] * 1e6 if totals[1] else np.nan,
            "g2": s["g2"],
            "p_value": s["p_value"],
            "chi2": s["chi2"],
            "log_ratio": s["log_ratio"],
            "pct_diff": s["pct_diff"],
            "sign": np.where(s["over"], "+", "-"),
        }
    )
    out["_key"] = -(out[measure].abs() * np.where(s["over"], 1, -1))
    out = out.sort_values(["_key", "term"], kind="stable", na_position="last")
    return out.drop(columns="_key").reset_index(drop=True)


def _split(grams: list[np.ndarray], keep: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    out, at = [], 0
    for g in grams:
        out.append((g, keep[at : at + g.shape[1]]))
        at += g.shape[1]
    return out
