"""Slogan figures: timeline of first appearance and active span; co-occurrence network."""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ._common import (
    HALO,
    check_frame,
    check_numeric,
    integer_ticks,
    item_labels,
    new_axes,
    note,
)
from .style import OKABE_ITO, PALETTE, figsize, style

__all__ = ["network", "timeline"]


def timeline(
    df: pd.DataFrame,
    *,
    x: str = "year",
    id_col: str = "slogan_id",
    count: str = "count",
    label_col: str | None = None,
    intensity: bool = True,
    sort: str | None = "first",
    ax: Axes | None = None,
    width: str | float = "single",
    title: str | None = None,
) -> Figure:
    """Slogan timeline: a bar from first to last active year, a marker at first appearance.

    Parameters
    ----------
    df : DataFrame
        Long per-period counts, e.g. ``count_slogans(corpus, by="year")``: year, slogan_id,
        label_zh/label_en (or label), count. Rows sharing (slogan, year) are summed; slogans
        that never occur (all counts 0) are left out.
    x : str
        Period column (numbers: years, decades ...); a bar spans whole periods.
    id_col : str
        Slogan identifier column.
    count : str
        Count column; a period is active when its count is > 0.
    label_col : str, optional
        Display label column; default the first non-empty of ``label``, ``label_zh``,
        ``label_en``, else the id.
    intensity : bool
        Also draw a dot in every active period, its area growing with the count.
    sort : {"first", "label", "total"} or None
        Row order: by first appearance, by label, by total count (descending), or input order.
    ax : Axes, optional
        Draw into this axes.
    width : str or float
        Width of a new figure.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"year": [2012, 2013, 2014, 2013, 2014],
    ...                        "slogan_id": ["dream", "dream", "dream", "bri", "bri"],
    ...                        "label_zh": ["中国梦"] * 3 + ["一带一路"] * 2,
    ...                        "count": [1, 0, 4, 2, 3]})
    >>> fig = timeline(counts)
    >>> len(fig.axes[0].patches)
    2
    """
    func = "timeline"
    check_frame(df, [x, id_col, count], func)
    if sort not in ("first", "label", "total", None):
        raise ValueError(f"timeline: sort must be 'first', 'label', 'total' or None, got {sort!r}")
    data = df.assign(_x=check_numeric(df, x, func), _c=check_numeric(df, count, func))
    labels = item_labels(data, id_col, label_col, func)
    per = data.groupby([id_col, "_x"], sort=False)["_c"].sum().reset_index()
    active = per[per["_c"] > 0]
    if active.empty:
        raise ValueError(f"timeline: no slogan has a positive {count!r}")
    steps = np.diff(np.unique(data["_x"].dropna()))
    unit = float(steps.min()) if len(steps) else 1.0
    spans = (
        active.groupby(id_col, sort=False)
        .agg(first=("_x", "min"), last=("_x", "max"), total=("_c", "sum"))
        .reset_index()
    )
    spans["_label"] = spans[id_col].map(labels)
    if sort == "first":
        spans = spans.sort_values(["first", "_label"], kind="mergesort")
    elif sort == "label":
        spans = spans.sort_values("_label", kind="mergesort")
    elif sort == "total":
        spans = spans.sort_values(["total", "_label"], ascending=[False, True], kind="mergesort")
    spans = spans.reset_index(drop=True)
    k = len(spans)
    rows = {sid: i for i, sid in enumerate(spans[id_col])}
    with style():
        if ax is None:
            w, _ = figsize(width)
            fig, ax = new_axes(None, w, (0.2 * k + 0.8) / w)
        else:
            fig, ax = new_axes(ax, width, 1.0)
        ys = np.arange(k)
        ax.barh(
            ys,
            spans["last"] - spans["first"] + unit,
            left=spans["first"] - unit / 2,
            height=0.5,
            color=OKABE_ITO["sky_blue"],
            alpha=0.55,
            linewidth=0,
            label="active span",
        )
        if intensity:
            act = active.assign(_row=active[id_col].map(rows))
            sizes = 4 + 40 * np.sqrt(act["_c"].to_numpy() / act["_c"].max())
            ax.scatter(
                act["_x"],
                act["_row"],
                s=sizes,
                color=OKABE_ITO["blue"],
                linewidths=0,
                zorder=3,
                label="count (dot area)",
            )
        ax.plot(
            spans["first"],
            ys,
            ls="none",
            marker="D",
            markersize=4,
            color=OKABE_ITO["vermillion"],
            zorder=4,
            label="first appearance",
            gid="first",
        )
        ax.set_yticks(ys, spans["_label"].tolist())
        ax.set_ylim(k - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        integer_ticks(ax.xaxis, data["_x"])
        ax.set_xlabel(x)
        ax.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=3,
            frameon=False,
            handletextpad=0.3,
            columnspacing=1.0,
        )
        if title:
            ax.set_title(title)
    params = {
        "x": x,
        "id_col": id_col,
        "count": count,
        "label_col": label_col,
        "intensity": intensity,
        "sort": sort,
    }
    note(fig, func, df, params)
    return fig


def _visible(cmap: str) -> ListedColormap:
    """``cmap`` without its palest fifth (pale yellow edges vanish on white)."""
    base = mpl.colormaps[cmap]
    lum0, lum1 = (float(np.dot(base(v)[:3], (0.2126, 0.7152, 0.0722))) for v in (0.0, 1.0))
    lo, hi = (0.2, 1.0) if lum0 > lum1 else (0.0, 0.8)
    return ListedColormap(base(np.linspace(lo, hi, 256)), name=f"{cmap}_visible")


def _node_labels(data: pd.DataFrame) -> dict[Any, str]:
    labels: dict[Any, str] = {}
    for side in ("a", "b"):
        ids, col = data[f"slogan_{side}"], f"label_{side}"
        texts = (
            data[col] if col in data.columns else pd.Series([None] * len(data), index=data.index)
        )
        for sid, text in zip(ids, texts, strict=True):
            if sid not in labels or labels[sid] == str(sid):
                ok = isinstance(text, str) and text.strip()
                labels[sid] = text if ok else str(sid)
    return labels


def network(
    df: pd.DataFrame,
    min_count: float = 1,
    *,
    weight: str = "count",
    color: str | None = "npmi",
    seed: int = 0,
    k: float | None = None,
    cmap: str = "viridis_r",
    ax: Axes | None = None,
    width: str | float = "single",
    title: str | None = None,
) -> Figure:
    """Slogan co-occurrence network with a deterministic spring layout.

    Parameters
    ----------
    df : DataFrame
        ``slogan_cooccurrence`` output: slogan_a, slogan_b, label_a, label_b, count, npmi
        (labels and npmi optional). Pairs listed twice ((a, b) and (b, a)) are summed.
    min_count : float
        Keep pairs whose ``weight`` is at least this.
    weight : str
        Edge weight column (line width and layout attraction).
    color : str or None
        Column colouring the edges (default ``npmi``, with a colour bar); None or a missing
        column gives grey edges.
    seed : int
        Seed of :func:`networkx.spring_layout` (same seed, same picture).
    k : float, optional
        Optimal node distance for the layout (networkx default when None).
    cmap : str
        Colour map for ``color``.
    ax : Axes, optional
        Draw into this axes.
    width : str or float
        Width of a new (square) figure.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> co = pd.DataFrame({"slogan_a": ["s1", "s1"], "slogan_b": ["s2", "s3"],
    ...                    "label_a": ["两个确立", "两个确立"],
    ...                    "label_b": ["中国式现代化", "改革开放"],
    ...                    "count": [5, 2], "npmi": [0.4, 0.1]})
    >>> fig = network(co, min_count=2)
    >>> len(fig.axes[0].collections[0].get_segments())
    2
    """
    import networkx as nx

    func = "network"
    check_frame(df, ["slogan_a", "slogan_b", weight], func)
    data = df.assign(_w=check_numeric(df, weight, func))
    use_color = color is not None and color in df.columns
    if use_color:
        data["_c"] = check_numeric(df, color, func)
    data = data[(data["_w"] >= min_count) & (data["slogan_a"] != data["slogan_b"])]
    if data.empty:
        raise ValueError(f"network: no pair has {weight!r} >= min_count={min_count}")
    labels = _node_labels(data)
    pair = [
        tuple(sorted((str(a), str(b))))
        for a, b in zip(data["slogan_a"], data["slogan_b"], strict=True)
    ]
    key_of = {str(s): s for s in labels}
    agg = (
        data.assign(_p=pair)
        .groupby("_p", sort=True)
        .agg(_w=("_w", "sum"), **({"_c": ("_c", "mean")} if use_color else {}))
    )
    graph = nx.Graph()
    graph.add_nodes_from(sorted(key_of))
    for (u, v), row in agg.iterrows():
        graph.add_edge(u, v, weight=float(row["_w"]))
    pos = nx.spring_layout(graph, seed=seed, weight="weight", k=k)
    nodes = list(graph.nodes)
    strength = np.array([graph.degree(n, weight="weight") for n in nodes], dtype=float)
    with style():
        if ax is None:
            fig, ax = new_axes(None, width, 0.9)
        else:
            fig, ax = new_axes(ax, width, 1.0)
        segs = [[pos[u], pos[v]] for u, v in agg.index]
        w = agg["_w"].to_numpy()
        lw = 0.5 + 2.5 * w / w.max()
        if use_color:
            c = agg["_c"].to_numpy()
            norm = Normalize(vmin=min(0.0, np.nanmin(c)), vmax=max(np.nanmax(c), 1e-9))
            lines = LineCollection(segs, linewidths=lw, cmap=_visible(cmap), norm=norm, zorder=1)
            lines.set_array(c)
            ax.add_collection(lines)
            fig.colorbar(lines, ax=ax, label=color, shrink=0.7)
        else:
            lines = LineCollection(segs, linewidths=lw, colors="#999999", zorder=1)
            ax.add_collection(lines)
        xy = np.array([pos[n] for n in nodes])
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=25 + 175 * strength / strength.max(),
            color=PALETTE[3],
            edgecolors="white",
            linewidths=0.6,
            zorder=2,
        )
        for n, (px, py) in zip(nodes, xy, strict=True):
            ax.annotate(
                labels[key_of[n]],
                (px, py),
                xytext=(0, 5),
                textcoords="offset points",
                ha="center",
                va="bottom",
                zorder=3,
                path_effects=HALO,
            )
        ax.set_xlim(xy[:, 0].min() - 0.25, xy[:, 0].max() + 0.25)
        ax.set_ylim(xy[:, 1].min() - 0.2, xy[:, 1].max() + 0.3)
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        ax.legend(
            handles=[Line2D([], [], color="#555555", lw=1.5, label=f"edge width ∝ {weight}")],
            loc="lower left",
            frameon=False,
        )
        if title:
            ax.set_title(title)
    params = {
        "min_count": min_count,
        "weight": weight,
        "color": color if use_color else None,
        "seed": seed,
        "k": k,
        "cmap": cmap,
    }
    note(fig, func, df, params)
    return fig
