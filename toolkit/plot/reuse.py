"""Figures for text reuse (where copied passages sit) and meaning shift (drift over periods)."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from toolkit.errors import ArgumentError

from ._common import (
    HALO,
    ToolkitFigure,
    check_frame,
    check_numeric,
    is_bottom_panel,
    new_axes,
    note,
)
from ._layout import legend_fitting_width, place_labels, title_above
from .style import PALETTE, figsize, style

__all__ = ["reuse", "semantic_shift"]

_OTHER = "#BBBBBB"
_LAG_BINS = ((1, 1, "previous year"), (2, 5, "2–5 years earlier"), (6, 10, "6–10 years earlier"))
_MEASURES = {
    "shift": "cosine distance to the previous period",
    "shift_first": "cosine distance to the first period",
    "stability": "neighbour overlap with the previous period (Jaccard)",
}


def _lag_labels(r: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    lag = (r["year_target"] - r["year_source"]).astype("Float64")
    out = pd.Series("more than 10 years earlier", index=r.index, dtype=object)
    for lo, hi, name in _LAG_BINS:
        out[(lag >= lo) & (lag <= hi)] = name
    out[lag.isna()] = "date unknown"
    out[lag < 1] = "same year or later"
    order = [name for *_, name in _LAG_BINS] + [
        "more than 10 years earlier",
        "same year or later",
        "date unknown",
    ]
    return out, [c for c in order if (out == c).any()]


def _targets(r: pd.DataFrame, corpus: Any) -> pd.DataFrame:
    """doc_id, year, n_chars of the target documents (all of them when known)."""
    if corpus is not None:
        docs = corpus.docs
        return pd.DataFrame(
            {"doc_id": docs["doc_id"], "year": docs["year"], "n_chars": docs["text"].str.len()}
        )
    stored = r.attrs.get("targets")
    if isinstance(stored, pd.DataFrame) and {"doc_id", "n_chars"} <= set(stored.columns):
        return stored[["doc_id", "year", "n_chars"]].copy()
    seen = r.groupby("doc_id_target", sort=False).agg(
        year=("year_target", "first"), n_chars=("end_target", "max")
    )
    return seen.reset_index().rename(columns={"doc_id_target": "doc_id"})


def reuse(
    r: pd.DataFrame,
    corpus: Any = None,
    *,
    color: str = "doc_id_source",
    top: int = 6,
    only_reused: bool = False,
    ax: Axes | None = None,
    width: str | float = "double",
    title: str | None = None,
) -> Figure:
    """Where in the target documents the reused passages sit: one row per target document
    (0 = its start, 1 = its end), a bar over every reused passage.

    Parameters
    ----------
    r : DataFrame
        The table of :func:`toolkit.reuse`.
    corpus : Corpus, optional
        The target corpus (document lengths); default the targets recorded by
        :func:`toolkit.reuse` in ``r.attrs``, else the end of the last passage.
    color : str
        Column of ``r`` that colours the bars (the ``top`` values with the most reused
        characters get colours, the rest grey), or ``"lag"``: years between target and source.
    top : int
        Number of coloured categories.
    only_reused : bool
        Leave out target documents without reuse (default: all, so gaps show).
    ax : Axes, optional
        Draw into this axes.
    width : str or float
        Width of a new figure (its height follows the number of documents).
    title : str, optional
        Title, above the legend.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"doc_id_target": ["b", "b", "c"], "year_target": [2001, 2001, 2002],
    ...                   "start_target": [0, 50, 10], "end_target": [30, 90, 60],
    ...                   "doc_id_source": ["a", "a", "b"], "year_source": [2000, 2000, 2001],
    ...                   "length": [30, 40, 50]})
    >>> fig = reuse(r, color="lag")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['previous year']
    """
    func = "reuse"
    check_frame(r, ["doc_id_target", "start_target", "end_target"], func)
    if color != "lag":
        check_frame(r, [color], func)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ArgumentError(f"reuse: top must be a positive integer, got {top!r}")
    docs = _targets(r, corpus)
    if only_reused:
        docs = docs[docs["doc_id"].isin(set(r["doc_id_target"]))]
    docs = docs.reset_index(drop=True)
    row_of = {d: i for i, d in enumerate(docs["doc_id"])}
    size = dict(zip(docs["doc_id"], docs["n_chars"].astype(float), strict=True))
    data = r[r["doc_id_target"].isin(row_of)].copy()
    if color == "lag":
        check_frame(r, ["year_target", "year_source"], func)
        data["_c"], cats = _lag_labels(data)
        colours = dict(zip(cats, PALETTE, strict=False))
    else:
        data["_c"] = data[color].astype(str)
        share = (data["end_target"] - data["start_target"]).groupby(data["_c"]).sum()
        ranked = share.sort_values(ascending=False, kind="stable").index.tolist()
        chosen = ranked[:top]
        year_col = color.replace("doc_id", "year") if color.startswith("doc_id") else None
        if year_col in data.columns:  # legend in chronological order of the sources
            first = data.groupby("_c")[year_col].min()
            chosen = sorted(chosen, key=lambda c: (pd.isna(first[c]), first[c], c))
        cats = chosen + (["other"] if len(ranked) > top else [])
        data.loc[~data["_c"].isin(ranked[:top]), "_c"] = "other"
        colours = dict(zip(chosen, PALETTE, strict=False))  # palette in legend order
    colours["other"] = _OTHER
    labels = _row_labels(docs)
    with style():
        if ax is None:
            w, _ = figsize(width)
            fig, ax = new_axes(None, w, (0.13 * len(docs) + 0.9 + (0.2 if title else 0)) / w)
        else:
            fig, ax = new_axes(ax, width, 1.0)
        ax.hlines(range(len(docs)), 0, 1, color="#DDDDDD", lw=0.6, zorder=1)
        for cat in reversed(cats):  # most reused drawn last (on top)
            part = data[data["_c"] == cat]
            for doc, g in part.groupby("doc_id_target", sort=False):
                n = size[doc] or 1.0
                spans = [
                    (a / n, max((b - a) / n, 0.002))
                    for a, b in zip(g["start_target"], g["end_target"], strict=True)
                ]
                ax.broken_barh(spans, (row_of[doc] - 0.36, 0.72), color=colours[cat], lw=0)
        ax.set_yticks(range(len(docs)), labels)
        ax.set_ylim(len(docs) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.tick_params(axis="y", length=0, labelsize=min(8.0, max(6.0, 220 / max(len(docs), 1))))
        ax.set_xlabel("position in the target document (0 = start, 1 = end)")
        handles = [Patch(color=colours[c], label=c) for c in cats]
        legend = legend_fitting_width(
            ax,
            len(handles),
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            borderaxespad=0.3,
            title="source" if color != "lag" else "source is",
            alignment="left",
        )
        if title:
            title_above(ax, legend, title)
    note(fig, func, r, {"color": color, "top": top, "only_reused": only_reused})
    return fig


def _row_labels(docs: pd.DataFrame) -> list[str]:
    years = docs["year"]
    if years.notna().all() and not years.duplicated().any():
        return [str(int(y)) for y in years]
    return docs["doc_id"].astype(str).tolist()


def _period_columns(s: pd.DataFrame) -> str:
    known = {"feature", "shift", "neighbours", "rare", "n_docs", "count"}
    known |= {c for c in s.columns if c.startswith(("shift", "stability"))}
    period = [c for c in s.columns if c not in known]
    if len(period) != 1:
        raise ArgumentError(
            f"semantic_shift: expected one period column besides the measures, found {period}"
        )
    return period[0]


def semantic_shift(
    s: pd.DataFrame,
    *,
    measure: str = "shift_first",
    labels: int = 3,
    ncols: int = 1,
    width: str | float = "double",
    title: str | None = None,
) -> Figure:
    """Meaning shift over periods: one panel per term, the shift with its bootstrap interval,
    and each period's nearest neighbours next to its point (placed so that no two labels
    overlap).

    Parameters
    ----------
    s : DataFrame
        The table of :func:`toolkit.semantic_shift`.
    measure : {"shift_first", "shift", "stability"}
        What the y axis shows (intervals from ``<measure>_low`` / ``<measure>_high``).
    labels : int
        Neighbours shown per period (one per line; 0 for none).
    ncols : int
        Panels per row.
    width : str or float
        Figure width.
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"feature": ["改革"] * 3, "decade": [1980, 1990, 2000],
    ...                   "shift_first": [0.0, 0.3, 0.5], "shift_first_low": [0.0, 0.2, 0.4],
    ...                   "shift_first_high": [0.0, 0.4, 0.6],
    ...                   "neighbours": ["开放 搞活", "市场 体制", "深化 创新"],
    ...                   "rare": [False] * 3})
    >>> fig = semantic_shift(s, labels=2)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['开放\\n搞活', '市场\\n体制', '深化\\n创新']
    """
    func = "semantic_shift"
    if measure not in _MEASURES:
        raise ArgumentError(f"semantic_shift: measure must be one of {list(_MEASURES)}")
    check_frame(s, ["feature", measure, "neighbours"], func)
    if isinstance(labels, bool) or not isinstance(labels, int) or labels < 0:
        raise ArgumentError(f"semantic_shift: labels must be an integer >= 0, got {labels!r}")
    period = _period_columns(s)
    data = s.assign(_y=check_numeric(s, measure, func))
    has_ci = f"{measure}_low" in s.columns and f"{measure}_high" in s.columns
    periods = sorted(data[period].dropna().unique().tolist())
    x_of = {p: i for i, p in enumerate(periods)}
    terms = list(dict.fromkeys(data["feature"]))
    top = np.nanmax(data[[measure] + ([f"{measure}_high"] if has_ci else [])].to_numpy(dtype=float))
    top = 1.0 if not np.isfinite(top) or top <= 0 else top
    with style():
        n = len(terms)
        ncols = max(1, min(ncols, n))
        nrows = -(-n // ncols)
        w, _ = figsize(width)
        fig = ToolkitFigure(figsize=(w, round(nrows * 1.9 + 0.35 + (0.2 if title else 0), 4)))
        axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False).ravel()
        for extra in axes[n:]:
            extra.remove()
        for i, term in enumerate(terms):
            ax = axes[i]
            _shift_panel(ax, data[data["feature"] == term], period, x_of, measure, has_ci, labels)
            ax.set_title(str(term), loc="left", fontsize=mpl.rcParams["axes.titlesize"])
            ax.set_ylim(0, top * 1.35)
            ax.set_xlim(-0.6, len(periods) - 0.4)
            if is_bottom_panel(i, n, ncols):
                ax.set_xticks(range(len(periods)), [_period_label(p, period) for p in periods])
                ax.xaxis.set_tick_params(labelbottom=True)
            if i % ncols == 0 and n == 1:
                ax.set_ylabel(_MEASURES[measure].replace(" to the ", "\nto the "))
        if n > 1:
            fig.supylabel(_MEASURES[measure], fontsize=mpl.rcParams["axes.labelsize"])
        if title:
            fig.suptitle(title)
        for ax in axes[:n]:
            anns = [t for t in ax.texts if t.get_gid() == "neighbours"]
            if anns:
                _place_without_overlap(ax, anns)
    note(fig, func, s, {"measure": measure, "labels": labels, "ncols": ncols})
    return fig


def _period_label(p: Any, period: str) -> str:
    if period == "decade" and isinstance(p, (int, np.integer)):
        return f"{int(p)}s"
    return str(p)


def _shift_panel(ax, sub, period, x_of, measure, has_ci, labels) -> None:
    sub = sub.sort_values(period)
    xs = np.array([x_of[p] for p in sub[period]], dtype=float)
    ys = sub["_y"].to_numpy(dtype=float)
    ok = np.isfinite(ys)
    if has_ci:
        lo = sub[f"{measure}_low"].to_numpy(dtype=float)
        hi = sub[f"{measure}_high"].to_numpy(dtype=float)
        ci = ok & np.isfinite(lo) & np.isfinite(hi)
        ax.vlines(xs[ci], lo[ci], hi[ci], color=PALETTE[0], lw=1.6, alpha=0.35, zorder=1)
    # periods without a value (too rare) break the line instead of being bridged
    full = np.arange(int(xs.max()) + 1 if len(xs) else 0, dtype=float)
    line = np.full(len(full), np.nan)
    line[xs[ok].astype(int)] = ys[ok]
    ax.plot(full, line, color=PALETTE[0], lw=1.0, marker="o", markersize=3.5, zorder=2)
    rare = sub["rare"].to_numpy(dtype=bool) if "rare" in sub else np.zeros(len(sub), bool)
    for x in xs[rare]:
        ax.text(
            x,
            0.02,
            "too rare",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=6,
            color="#777777",
            rotation=90,
        )
    if labels:
        # labels hang from the top of the interval, so they never cover it; a period with
        # neighbours but no value (the first one for `shift`) is labelled at the axis, in grey
        tops = np.fmax(ys, hi) if has_ci else ys
        words_of = sub["neighbours"].fillna("").astype(str).to_numpy()
        for x, y, words, valued in zip(xs, np.nan_to_num(tops), words_of, ok, strict=True):
            text = "\n".join(words.split()[:labels])
            if text:
                ax.annotate(
                    text,
                    (x, y if valued else 0.0),
                    xytext=(0, 4),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=6.5,
                    color="#333333" if valued else "#888888",
                    linespacing=1.0,
                    path_effects=HALO,
                    gid="neighbours",
                    zorder=3,
                )


def _place_without_overlap(ax: Axes, anns: list) -> None:
    """Place neighbour labels with :func:`place_labels`; shrink them until no two overlap."""
    order = list(range(len(anns)))
    for size in (6.5, 6.0, 5.5, 5.0):
        for a in anns:
            a.set_fontsize(size)
        place_labels(ax, anns, [2.0] * len(anns), order)
        renderer = ax.figure.figure.canvas.get_renderer()
        boxes = [a.get_window_extent(renderer) for a in anns]
        if not any(b1.overlaps(b2) for i, b1 in enumerate(boxes) for b2 in boxes[i + 1 :]):
            return
    # still crowded at the smallest size: keep the first line of each label only
    for a in anns:
        a.set_text(a.get_text().split("\n")[0])
    place_labels(ax, anns, [2.0] * len(anns), order)
