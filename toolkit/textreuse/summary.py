"""``tk.reuse_summary``: how much of each target document (or group) is reused, from where."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.corpus.model import Corpus, group_frame
from toolkit.errors import InputError, UnknownNameError

__all__ = ["reuse_summary", "union_length"]

_NEEDED = ("doc_id_target", "start_target", "end_target", "length", "text_target")


def union_length(starts: np.ndarray, ends: np.ndarray) -> int:
    """Characters covered by the union of the spans ``[starts[i], ends[i])``.

    Examples
    --------
    >>> union_length(np.array([0, 50, 200]), np.array([100, 120, 230]))
    150
    """
    if not len(starts):
        return 0
    order = np.argsort(starts, kind="stable")
    s, e = np.asarray(starts)[order], np.asarray(ends)[order]
    reach = np.maximum.accumulate(e)
    new = np.ones(len(s), dtype=bool)
    new[1:] = s[1:] > reach[:-1]  # a span starting after everything before it ends
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(s)) - 1
    return int((reach[last] - s[first]).sum())


def _targets(r: pd.DataFrame, corpus: Corpus | None) -> pd.DataFrame | None:
    if corpus is not None:
        if not isinstance(corpus, Corpus):
            raise InputError(
                f"reuse_summary(): corpus must be the target Corpus, not {type(corpus).__name__}"
            )
        docs = corpus.docs.drop(columns=["original"])
        docs = docs.assign(n_chars=docs["text"].str.len()).drop(columns=["text"])
        return docs
    stored = r.attrs.get("targets")
    return stored.copy() if isinstance(stored, pd.DataFrame) else None


def reuse_summary(
    r: pd.DataFrame,
    corpus: Corpus | None = None,
    *,
    by: str | Sequence[str] | None = None,
    by_source: bool = True,
) -> pd.DataFrame:
    """Share of each target document (or group of documents) covered by reused passages.

    Overlapping passages are counted once: the characters reused are the union of the target
    spans (from one source when ``by_source``, from all sources otherwise), so a sentence
    copied from two sources, or aligned twice, is not counted twice.

    Parameters
    ----------
    r : DataFrame
        The table of :func:`toolkit.reuse`.
    corpus : Corpus, optional
        The target corpus, for the documents' lengths and metadata. Default: the target
        documents :func:`toolkit.reuse` recorded in ``r.attrs["targets"]``; without either,
        ``n_chars`` and ``share_reused`` are left out and ``by`` may only name ``year`` or
        ``date``.
    by : str or list of str, optional
        Group the target documents (``"year"``, ``"decade"`` or any metadata column);
        default one row per target document. Documents without any reuse count in their
        group's ``n_chars``.
    by_source : bool
        One row per source document (``doc_id_source``, ``date_source``, ``year_source``);
        ``False`` pools all sources.

    Returns
    -------
    DataFrame
        The target ``doc_id``/``date``/``year`` (or the ``by`` columns), the source columns,
        ``n_passages``, ``chars_reused``, ``n_chars``, ``share_reused``, ``longest`` (length of
        the longest passage) and ``longest_text``; sorted by target, then most reused first.

    Examples
    --------
    >>> import toolkit as tk
    >>> old = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。"
    >>> new = "报告提出，" + old + "此外还有许多新的内容和新的提法，篇幅超过了重复的部分。"
    >>> r = tk.reuse([new], [old])
    >>> reuse_summary(r)[["doc_id", "n_passages", "chars_reused", "n_chars", "share_reused"]]
      doc_id  n_passages  chars_reused  n_chars  share_reused
    0  text1           1            45       78      0.576923
    """
    if not isinstance(r, pd.DataFrame):
        raise InputError(f"reuse_summary(): expected the table of tk.reuse, not {type(r).__name__}")
    missing = [c for c in _NEEDED if c not in r.columns]
    if missing:
        raise UnknownNameError(f"reuse_summary(): the table has no column(s) {missing}")
    docs = _targets(r, corpus)
    if docs is None:
        docs = (
            r[["doc_id_target", "date_target", "year_target"]]
            .drop_duplicates("doc_id_target")
            .rename(columns=lambda c: c.removesuffix("_target"))
            .reset_index(drop=True)
        )
    groups = group_frame(docs, by, context="reuse_summary by")
    keys = list(groups.columns) if by is not None else ["doc_id", "date", "year"]
    docs = pd.concat([docs.drop(columns=groups.columns, errors="ignore"), groups], axis=1)
    src_cols = ["doc_id_source", "date_source", "year_source"] if by_source else []
    src_cols = [c for c in src_cols if c in r.columns]
    if by_source and "doc_id_source" not in r.columns:
        raise UnknownNameError("reuse_summary(): by_source needs the column 'doc_id_source'")
    data = r.merge(
        docs[["doc_id", *[k for k in keys if k != "doc_id"]]],
        left_on="doc_id_target",
        right_on="doc_id",
        how="left",
    )
    rows = []
    for key, g in data.groupby(keys + src_cols[:1], sort=False, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        covered = sum(
            union_length(d["start_target"].to_numpy(), d["end_target"].to_numpy())
            for _, d in g.groupby("doc_id_target", sort=False)
        )
        top = g.loc[g["length"].idxmax()]
        row = dict(zip(keys + src_cols[:1], key, strict=True))
        for c in src_cols[1:]:
            row[c] = g[c].iloc[0]
        row.update(
            n_passages=len(g),
            chars_reused=covered,
            longest=int(top["length"]),
            longest_text=top["text_target"],
        )
        rows.append(row)
    columns = keys + src_cols + ["n_passages", "chars_reused", "longest", "longest_text"]
    out = pd.DataFrame(rows, columns=columns)
    for k in keys:
        out[k] = out[k].astype(docs[k].dtype)
    for c in src_cols:
        out[c] = out[c].astype(r[c].dtype)
    if "n_chars" in docs.columns:
        size = docs.groupby(keys, dropna=False, sort=False)["n_chars"].sum().rename("n_chars")
        out = out.merge(size.reset_index(), on=keys, how="left")
        out["share_reused"] = out["chars_reused"] / out["n_chars"]
        out = out[columns[:-2] + ["n_chars", "share_reused", "longest", "longest_text"]]
    order = {k: i for i, k in enumerate(docs.drop_duplicates(keys)[keys].itertuples(index=False))}
    out["_o"] = [order.get(tuple(v), len(order)) for v in out[keys].itertuples(index=False)]
    out = out.sort_values(["_o", "chars_reused"], ascending=[True, False], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)
