"""``tk.keyness``: which words (or n-grams) a target over- or under-uses against a reference."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from toolkit._arrow import gram_strings, str_series
from toolkit.corpus.model import Corpus
from toolkit.counts._input import as_tokens, check_options
from toolkit.counts._stats import keyness_stats
from toolkit.distributed._switch import use_dask
from toolkit.errors import ArgumentError, InputError
from toolkit.features import Dfm
from toolkit.features._engine import Counts, count_tokens, merge_counts, ngram_sizes
from toolkit.tokenized import Tokens

__all__ = ["keyness"]

COLUMNS = [
    "feature",
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


def _is_data(value: Any) -> bool:
    if isinstance(value, (Corpus, Tokens, Dfm)):
        return True
    return isinstance(value, (list, tuple)) and len(value) > 0 and isinstance(value[0], str)


def _sides(target: Any, reference: Any, options: dict[str, Any]) -> Tokens | Dfm:
    """One Tokens (or Dfm) whose documents carry a side column: 0 = target, 1 = reference."""
    if isinstance(target, Dfm):
        if _is_data(reference):
            if not isinstance(reference, Dfm):
                raise InputError("compare a Dfm with a Dfm, or split it with a condition")
            raise InputError(
                "two separate Dfms may have different features; build one Dfm of both corpora "
                "and split it with a condition, or pass the Corpora"
            )
        mask = _condition_mask(target.docvars, reference)
        return target._derive(
            target.matrix, docvars=target.docvars.assign(**{_SIDE: np.where(mask, 0, 1)})
        )
    if _is_data(reference):
        parts = []
        for side, data in enumerate((target, reference)):
            toks = as_tokens(data, function="keyness", **options)
            parts.append(toks._with_docvars(toks.docvars.assign(**{_SIDE: side})))
        from toolkit.tokenized.ops import concat

        return concat(parts)
    toks = as_tokens(target, function="keyness", **options)
    mask = _condition_mask(toks.docvars, reference)
    return toks._with_docvars(toks.docvars.assign(**{_SIDE: np.where(mask, 0, 1)}))


def _count_sides(data: Tokens, n: Any, stopwords: object) -> Counts:
    """Counts per side (the merge unit of the Dask path)."""
    return count_tokens(data, ngram_sizes(n), by=_SIDE, stopwords=stopwords)


def _side_counts(
    data: Tokens | Dfm | Counts, n: Any, stopwords: object
) -> tuple[pa.Array, np.ndarray, np.ndarray, np.ndarray]:
    """Features and their counts in the target (a) and the reference (b), and token totals."""
    if isinstance(data, Dfm):
        if n != 1 or stopwords is not None:
            raise InputError("for a Dfm, n and stopwords apply when building it (tk.dfm)")
        if data.weighted:
            raise ArgumentError("keyness needs counts; this Dfm is weighted")
        side = data.docvars[_SIDE].to_numpy()
        X = data.matrix
        a = np.asarray(X[side == 0].sum(axis=0)).ravel().astype(np.float64)
        b = np.asarray(X[side == 1].sum(axis=0)).ravel().astype(np.float64)
        totals = np.array([data.n_tokens[side == 0].sum(), data.n_tokens[side == 1].sum()])
        return pa.array(data.features.tolist(), pa.large_string()), a, b, totals.astype(float)
    counts = data if isinstance(data, Counts) else _count_sides(data, n, stopwords)
    side_of_group = counts.groups[_SIDE].to_numpy()
    totals = np.zeros(2)
    totals[side_of_group] = counts.group_tokens
    names, aa, bb = [], [], []
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
        names.append(gram_strings(counts.vocab, table.grams[:, first]))
        aa.append(a)
        bb.append(b)
    joined = pa.concat_arrays(names) if names else pa.array([], pa.large_string())
    return joined, np.concatenate(aa or [np.zeros(0)]), np.concatenate(bb or [np.zeros(0)]), totals


def _tag(data: Any, side: Any) -> Corpus | Tokens:
    """A Corpus or Tokens whose documents carry the side column (texts become a Corpus)."""
    if isinstance(data, Tokens):
        return data._with_docvars(data.docvars.assign(**{_SIDE: side}))
    from toolkit.tokenized.build import as_corpus

    corpus = as_corpus(data)
    return corpus._derive(corpus.docs.assign(**{_SIDE: side}))


def _dask_sides(
    target: Any,
    reference: Any,
    n: Any,
    stopwords: object,
    options: dict[str, Any],
    client: Any,
    npartitions: int | None,
) -> Counts | Dfm:
    """The per-side counts of :func:`_sides`, counted partition by partition on Dask."""
    if isinstance(target, Dfm):
        return _sides(target, reference, options)  # a matrix is already counted
    if _is_data(reference):
        tagged = [_tag(target, 0), _tag(reference, 1)]
    else:
        docvars = _tag(target, 0).docvars.drop(columns=_SIDE)
        tagged = [_tag(target, np.where(_condition_mask(docvars, reference), 0, 1))]
    from toolkit.distributed import map_merge

    parts = [
        map_merge(
            data,
            _partition_sides,
            merge_counts,
            client=client,
            npartitions=npartitions,
            args=(n, stopwords, options),
        )[0]
        for data in tagged
    ]
    return merge_counts(parts)


def _partition_sides(data: Any, n: Any, stopwords: object, options: dict[str, Any]) -> Counts:
    """Dask task: per-side counts of one partition."""
    return _count_sides(as_tokens(data, function="keyness", **options), n, stopwords)


def keyness(
    target: Any,
    reference: Any,
    *,
    n: int | tuple[int, int] = 1,
    measure: str = "g2",
    min_count: int = 1,
    top: int | None = None,
    stopwords: object = None,
    yates: bool = False,
    client: Any = None,
    npartitions: int | None = None,
    **token_options: Any,
) -> pd.DataFrame:
    """Compare word (or n-gram) frequencies of a target with a reference.

    Parameters
    ----------
    target : Corpus, Tokens, Dfm or list of str
        The texts of interest.
    reference : Corpus, Tokens, list of str, boolean mask, callable or filter string
        Either a second corpus, or a condition on ``target``'s documents that splits it: a
        boolean array (one value per document), a callable receiving the docvars
        (``lambda d: d.year >= 1917``) or a filter expression (``"year>=1917"``, parsed safely
        by :mod:`toolkit.corpus.filters`, never evaluated). Documents where the condition
        holds are the target, the others the reference. A Dfm is split by a condition.
    n : int or (int, int)
        Compare n-grams of this length (or range); default single words.
    measure : {"g2", "chi2", "log_ratio", "pct_diff"}
        Statistic to rank by: rows are sorted by the signed measure, the most over-used
        feature first and the most under-used last (ties alphabetically).
    min_count : int
        Keep features seen at least this often in target and reference together.
    top : int, optional
        Keep the ``top`` most over-used and the ``top`` most under-used features.
    stopwords : None, "en", "zh", "both" or list of str
        Drop features (n-grams) containing a stopword.
    yates : bool
        Apply Yates' continuity correction to ``chi2`` (default: no correction).
    client : dask.distributed.Client, optional
        Count on this Dask cluster (default: locally, or on the active client when
        ``tk.options.dask`` is on); the statistics are computed after merging the partitions'
        counts, so they are identical (:mod:`toolkit.distributed`). A Dfm is always local.
    npartitions : int, optional
        Dask: partitions per side (default one per 50 documents).
    **token_options
        Options of :func:`toolkit.tokenized`.

    Returns
    -------
    pandas.DataFrame
        ``feature``, ``count_target``, ``count_reference``, ``per_million_target``,
        ``per_million_reference`` (per million tokens of each side), ``g2`` (Rayson &
        Garside's log-likelihood), ``p_value`` (of G², χ² with 1 df), ``chi2`` (Pearson, 2×2
        table), ``log_ratio`` (Hardie's binary log ratio; a zero count is taken as 0.5),
        ``pct_diff`` (Gabrielatos & Marchi's %DIFF; a zero reference frequency is taken as
        1e-18) and ``sign`` (``"+"``: relatively more frequent in the target, ``"-"``: less
        frequent or equal).

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["war war peace", "peace trade trade"], dates=["1900", "2000"])
    >>> k = tk.keyness(c, lambda d: d.year < 1950)
    >>> k[["feature", "count_target", "count_reference", "sign"]].values.tolist()
    [['war', 2, 0, '+'], ['peace', 1, 1, '-'], ['trade', 0, 2, '-']]
    """
    if measure not in ("g2", "chi2", "log_ratio", "pct_diff"):
        raise ArgumentError(f"measure must be g2, chi2, log_ratio or pct_diff, not {measure!r}")
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ArgumentError(f"min_count must be an int >= 1, not {min_count!r}")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ArgumentError(f"top must be an int >= 1 or None, not {top!r}")
    check_options(token_options, function="keyness")
    if use_dask(client):
        data = _dask_sides(target, reference, n, stopwords, token_options, client, npartitions)
    else:
        if npartitions is not None:
            raise InputError("npartitions only applies on Dask (client=)")
        data = _sides(target, reference, token_options)
    names, a, b, totals = _side_counts(data, n, stopwords)
    keep = (a + b) >= min_count
    s = keyness_stats(a[keep], b[keep], totals[0], totals[1], yates=yates)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {
                "feature": str_series(names.filter(pa.array(keep))),
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
    out = out.sort_values(["_key", "feature"], kind="stable", na_position="last")
    out = out.drop(columns="_key").reset_index(drop=True)
    if top is not None:
        plus = out.index[out["sign"] == "+"][:top]
        minus = out.index[out["sign"] == "-"][-top:] if top else out.index[:0]
        out = out.loc[plus.append(minus)].reset_index(drop=True)
    return out
