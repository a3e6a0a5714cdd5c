"""Counts and first uses of discovery candidates, and which of them lie inside known forms."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from toolkit.corpus.model import Corpus
from toolkit.slogans import _junk as junk
from toolkit.slogans._views import is_chinese
from toolkit.slogans.counting import find_hits
from toolkit.slogans.lexicon import Entry, Lexicon

__all__ = ["INSIDE_SHARE", "inside_known", "statistics"]

#: Share of uses inside known formulations that makes a candidate a fragment of them.
INSIDE_SHARE = 0.8


def _candidate_entry(i: int, form: str, known: list[Entry]) -> Entry:
    """A one-form entry for counting a candidate; a known formulation keeps the context rules
    of its lexicon entry, so that discovery counts it as :func:`count_slogans` does."""
    entry = Entry(id=f"c{i}", zh=form) if is_chinese(form) else Entry(id=f"c{i}", en=(form,))
    if len(known) != 1:
        return entry
    rules = known[0]
    return replace(
        entry,
        valid_from=rules.valid_from,
        valid_until=rules.valid_until,
        require=rules.require,
        forbid=rules.forbid,
        window=rules.window,
        exclude=tuple(x for x in rules.exclude if form in x),
    )


def statistics(
    corpus: Corpus, forms: list[str], known: list[list[Entry]], context: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts, first use and the character after each use of every candidate form; and the
    hits themselves (``doc``, ``start``, ``end``, ``entry`` = index into ``forms``)."""
    entries = [_candidate_entry(i, c, k) for i, (c, k) in enumerate(zip(forms, known, strict=True))]
    hits = find_hits(corpus, Lexicon(tuple(entries), name="candidates"), forms="both")
    d = corpus.docs
    texts = d["text"].tolist()
    year = d["year"].to_numpy(dtype="float64", na_value=np.nan)
    order = np.lexsort((np.arange(len(d)), d["date"].to_numpy(), np.nan_to_num(year, nan=1e9)))
    rank = np.empty(len(d), dtype=np.int64)
    rank[order] = np.arange(len(d))
    hits = hits.assign(_rank=rank[hits["doc"].to_numpy()])
    hits = hits.sort_values(["entry", "_rank", "start"], kind="stable")
    after = [texts[i][b : b + 1] for i, b in zip(hits["doc"], hits["end"], strict=True)]
    grouped = hits.assign(_after=after).groupby("entry")
    stats = pd.DataFrame(
        {
            "count": grouped.size(),
            "doc_freq": grouped["doc"].nunique(),
            "_after": grouped["_after"].agg(list),
        }
    )
    first = hits.drop_duplicates("entry").set_index("entry")
    out = pd.DataFrame({"feature": forms}).join(stats).join(first[["doc", "start", "end"]])
    out[["count", "doc_freq"]] = out[["count", "doc_freq"]].fillna(0).astype(np.int64)
    out["_after"] = [v if isinstance(v, list) else [] for v in out["_after"]]
    found = out["doc"].notna()
    doc = out.loc[found, "doc"].astype(np.int64).to_numpy()
    out["first_date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    out.loc[found, "first_date"] = d["date"].to_numpy()[doc]
    out["first_year"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out.loc[found, "first_year"] = d["year"].to_numpy()[doc]
    out["first_doc"] = None
    out.loc[found, "first_doc"] = d["doc_id"].to_numpy()[doc]
    out["example"] = ""
    out.loc[found, "example"] = [
        " ".join(texts[i][max(0, int(a) - context) : int(b) + context].split())
        for i, a, b in zip(doc, out.loc[found, "start"], out.loc[found, "end"], strict=True)
    ]
    return out.drop(columns=["doc", "start", "end"]), hits[["doc", "start", "end", "entry"]]


def _inside(hits: pd.DataFrame, cover: pd.DataFrame) -> np.ndarray:
    """For each hit: does it lie inside one of the ``cover`` hits of the same document?"""
    if hits.empty or cover.empty:
        return np.zeros(len(hits), dtype=bool)
    big = int(max(hits["end"].max(), cover["end"].max())) + 1
    c = cover.sort_values(["doc", "start"])
    c_start = c["doc"].to_numpy() * big + c["start"].to_numpy()
    c_reach = np.maximum.accumulate(c["doc"].to_numpy() * big + c["end"].to_numpy())
    h_start = hits["doc"].to_numpy() * big + hits["start"].to_numpy()
    h_end = hits["doc"].to_numpy() * big + hits["end"].to_numpy()
    i = np.searchsorted(c_start, h_start, side="right") - 1
    ok = i >= 0
    out = np.zeros(len(hits), dtype=bool)
    out[ok] = c_reach[i[ok]] >= h_end[ok]
    return out


def inside_known(
    corpus: Corpus, hits: pd.DataFrame, keys: list[str], known: junk.Known, ids: list
) -> dict[int, str]:
    """Unknown candidates of which at least :data:`INSIDE_SHARE` of the uses lie inside known
    forms: index → a note naming the longer form and the share."""
    longer = {i: known.containing(k) for i, k in enumerate(keys) if ids[i] is None}
    longer = {i: fs for i, fs in longer.items() if fs}
    if not longer:
        return {}
    forms = sorted({f for fs in longer.values() for f in fs})
    make = [
        Entry(id=f"k{j}", zh=f) if is_chinese(f) else Entry(id=f"k{j}", en=(f,))
        for j, f in enumerate(forms)
    ]
    cover = find_hits(corpus, Lexicon(tuple(make), name="known"), forms="both")
    mine = hits[hits["entry"].isin(list(longer))]
    inside = pd.Series(_inside(mine, cover), index=mine.index)
    out = {}
    for i, group in mine.groupby("entry"):
        n_in, n = int(inside.loc[group.index].sum()), len(group)
        if n_in >= INSIDE_SHARE * n:
            out[int(i)] = f"inside a known formulation ({longer[int(i)][0]}: {n_in} of {n} uses)"
    return out
