"""Slogan figures: timeline of first appearance and active span; co-occurrence network."""

from __future__ import annotations

import math
import re
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from toolkit.errors import ArgumentError

from ._common import (
    HALO,
    bilingual,
    check_bilingual,
    check_frame,
    check_numeric,
    english_gloss,
    gloss_mapping,
    integer_ticks,
    item_labels,
    new_axes,
    note,
)
from ._layout import (
    COMPONENT_PAD,
    label_fontsize,
    legend_fitting_width,
    pack_components,
    place_labels,
    title_above,
)
from .style import OKABE_ITO, PALETTE, figsize, style

__all__ = ["network", "timeline"]


def _wrap_label(text: str, width: int = 44) -> str:
    """A long bilingual row label on at most two lines (cut with "…" beyond)."""
    import textwrap

    if len(text) <= width:
        return text
    lines = textwrap.wrap(text, width, break_on_hyphens=False)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder=" …")]
    return "\n".join(lines)


def _dot_area(values: np.ndarray, c_max: float) -> np.ndarray:
    """Marker area (points²) of the timeline's count dots: 4 to 44, area ∝ √count."""
    return 4 + 40 * np.sqrt(np.asarray(values, dtype=float) / c_max)


def _size_key_values(c_min: float, c_max: float) -> list[float]:
    """Three round counts (1, 2, 3, 5 × 10^k) spanning the data, for the dot-size key.

    Examples
    --------
    >>> _size_key_values(1, 37)
    [1.0, 5.0, 30.0]
    >>> _size_key_values(0.4, 2.6)
    [0.5, 1.0, 2.0]
    """

    def nice_below(v: float) -> float:
        exp = math.floor(math.log10(v))
        for m in (5, 3, 2, 1):
            if m * 10**exp <= v * (1 + 1e-9):
                return float(m * 10**exp)
        return float(10**exp)

    def nice_above(v: float) -> float:
        exp = math.floor(math.log10(v))
        for m in (1, 2, 3, 5, 10):
            if m * 10**exp >= v * (1 - 1e-9):
                return float(m * 10**exp)
        return float(10 ** (exp + 1))

    hi = nice_below(c_max)
    lo = min(hi, nice_above(max(c_min, c_max / 1000)))
    if lo >= hi:
        return [hi]
    mid = nice_below(math.sqrt(lo * hi))
    values = sorted({round(lo, 12), round(mid, 12), round(hi, 12)})
    return [float(v) for v in values]


def timeline(
    df: pd.DataFrame,
    *,
    x: str = "year",
    id_col: str = "slogan_id",
    count: str = "count",
    label_col: str | None = None,
    intensity: bool = True,
    sort: str | None = "first",
    bilingual: bool = False,
    gloss: Any = None,
    ax: Axes | None = None,
    width: str | float = "single",
    title: str | None = None,
) -> Figure:
    """Slogan timeline: a bar from first to last active year, a marker at first appearance.

    Parameters
    ----------
    df : DataFrame
        Long per-period counts, e.g. ``count_slogans(corpus, lexicon, by="year")``: year,
        slogan_id, label_zh/label_en (or label), count (or a rate column such as
        ``per_million`` via ``count=``). Rows sharing (slogan, year) are summed; slogans that
        never occur (all counts 0) are left out. With the default ``overlap="all"`` of
        :func:`~toolkit.slogans.count_slogans` a nested formulation (小康社会 in
        全面建成小康社会) starts where :func:`~toolkit.slogans.first_appearances` dates it.
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
        Also draw a dot in every active period, its area growing with the count; the legend
        gives the dot size of three round counts.
    sort : {"first", "label", "total"} or None
        Row order: by first appearance, by label, by total count (descending), or input order.
    bilingual : bool
        Chinese labels followed by their English gloss ("共同富裕 common prosperity"), from the
        ``label_en`` column (``count_slogans`` output) or ``gloss``.
    gloss : Lexicon, str or mapping, optional
        English glosses by id or label, for data without ``label_en``.
    ax : Axes, optional
        Draw into this axes.
    width : str or float
        Width of a new figure.
    title : str, optional
        Axes title, placed above the legend (which sits on top of the axes).

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
        raise ArgumentError(
            f"timeline: sort must be 'first', 'label', 'total' or None, got {sort!r}"
        )
    bilingual = check_bilingual(bilingual, func)
    data = df.assign(_x=check_numeric(df, x, func), _c=check_numeric(df, count, func))
    labels = item_labels(
        data, id_col, label_col, func, bilingual_labels=bilingual, gloss=gloss_mapping(gloss, func)
    )
    per = data.groupby([id_col, "_x"], sort=False)["_c"].sum().reset_index()
    active = per[per["_c"] > 0]
    if active.empty:
        raise ArgumentError(f"timeline: no slogan has a positive {count!r}")
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
        own_figure = ax is None
        if ax is None:
            w, _ = figsize(width)
            shown = spans["_label"].map(_wrap_label) if bilingual else spans["_label"]
            lines = max(str(t).count("\n") + 1 for t in shown)
            row_h = 0.2 + 0.07 * (lines - 1)  # inches per row: two-line labels need more
            fig, ax = new_axes(None, w, (row_h * k + 0.8 + (0.25 if title else 0.0)) / w)
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
        handles: list[Any] = []
        if intensity:
            act = active.assign(_row=active[id_col].map(rows))
            c_max = float(act["_c"].max())
            ax.scatter(
                act["_x"],
                act["_row"],
                s=_dot_area(act["_c"].to_numpy(), c_max),
                color=OKABE_ITO["blue"],
                linewidths=0,
                zorder=3,
            )
            for value in _size_key_values(float(act["_c"].min()), c_max):
                handles.append(
                    Line2D(
                        [], [], ls="none", marker="o", color=OKABE_ITO["blue"],
                        markeredgewidth=0, label=f"{value:g}",
                        markersize=float(np.sqrt(_dot_area(np.array([value]), c_max)[0])),
                    )
                )  # fmt: skip
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
        texts = spans["_label"].map(_wrap_label) if bilingual else spans["_label"]
        ax.set_yticks(ys, texts.tolist())
        ax.set_ylim(k - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        integer_ticks(ax.xaxis, data["_x"])
        ax.set_xlabel(x)
        first_span = ax.get_legend_handles_labels()[0]
        if handles:
            header = Line2D([], [], ls="none", label=f"{count} per {x}:")
            handles = [header, *handles]
        legend = legend_fitting_width(
            ax,
            len(first_span) + len(handles),
            handles=[*first_span, *handles],
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            # centred on the page, not the axes (long labels push the axes right)
            bbox_transform=blended_transform_factory(fig.transFigure, ax.transAxes)
            if own_figure
            else ax.transAxes,
            frameon=False,
            handletextpad=0.3,
            columnspacing=1.0,
        )
        if title:
            title_above(ax, legend, title)
    params = {
        "x": x,
        "id_col": id_col,
        "count": count,
        "label_col": label_col,
        "intensity": intensity,
        "sort": sort,
        "bilingual": bilingual,
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


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


def _bilingual_nodes(
    data: pd.DataFrame, labels: dict[Any, str], gloss: dict[str, str]
) -> dict[Any, str]:
    english: dict[Any, str] = {}
    for side in ("a", "b"):
        col = f"label_en_{side}"
        if col in data.columns:
            for sid, en in zip(data[f"slogan_{side}"], data[col], strict=True):
                if english_gloss(en):
                    english.setdefault(sid, en)
    out = {}
    for sid, text in labels.items():
        en = english.get(sid) or gloss.get(str(sid)) or gloss.get(text)
        if not en and _SLUG.match(str(sid)) and str(sid) != text:
            en = str(sid).replace("-", " ")
        both = bilingual(text, en)
        gloss_text = english_gloss(en)
        # two short lines take less room among edges than one long one
        out[sid] = f"{text}\n{gloss_text}" if gloss_text and both != text else both
    return out


def network(
    df: pd.DataFrame,
    *,
    min_count: float = 1,
    weight: str = "count",
    color: str | None = "npmi",
    seed: int = 0,
    k: float | None = None,
    cmap: str = "viridis_r",
    bilingual: bool = False,
    gloss: Any = None,
    ax: Axes | None = None,
    width: str | float = "single",
    title: str | None = None,
) -> Figure:
    """Slogan co-occurrence network with a deterministic, component-wise spring layout.

    Each connected component is laid out on its own (seeded spring layout, close nodes pushed
    apart, long axis horizontal), scaled with the square root of its size and packed, largest
    first, side by side or in a grid, so that small components neither drift to the corners
    nor squeeze the main one. Node labels are then placed next to their nodes, each at the
    freest of 24 spots around it (least overlap with other labels, nodes and edges); labels get
    smaller in graphs of more than 12 nodes, and so do markers above 15 nodes.

    Parameters
    ----------
    df : DataFrame
        ``slogan_cooccurrence(corpus, lexicon, unit=...)`` output: slogan_a, slogan_b,
        label_a, label_b, count, npmi (labels and npmi optional). Pairs listed twice ((a, b)
        and (b, a)) are summed.
    min_count : float
        Keep pairs whose ``weight`` is at least this.
    weight : str
        Edge weight column (line width and layout attraction).
    color : str or None
        Column colouring the edges (default ``npmi``, with a colour bar); None or a missing
        column gives grey edges.
    seed : int
        Seed of :func:`networkx.spring_layout` for every component (same seed, same picture).
    k : float, optional
        Optimal node distance within a component (networkx default ``1/sqrt(n)`` when None).
    cmap : str
        Colour map for ``color``.
    bilingual : bool
        Chinese node labels with their English gloss on a second line ("共同富裕" over
        "common prosperity"), from ``label_en_a``/``label_en_b`` columns, else ``gloss``, else the entry id when it
        is an English slug (``reform-and-opening-up`` → "reform and opening up", as in the
        built-in lexicons).
    gloss : Lexicon, str or mapping, optional
        English glosses by entry id or label.
    ax : Axes, optional
        Draw into this axes.
    width : str or float
        Width of a new figure; its height follows the packed components.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
        Label positions are computed for the figure as it is when returned.

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
        raise ArgumentError(f"network: no pair has {weight!r} >= min_count={min_count}")
    bilingual = check_bilingual(bilingual, func)
    labels = _node_labels(data)
    if bilingual:
        labels = _bilingual_nodes(data, labels, gloss_mapping(gloss, func))
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
    nodes = list(graph.nodes)
    strength = np.array([graph.degree(n, weight="weight") for n in nodes], dtype=float)
    with style():
        own = ax is None
        if own:
            fig, ax = new_axes(None, width, 0.9)
        else:
            fig, ax = new_axes(ax, width, 1.0)
        fig_w, fig_h = fig.figure.get_size_inches()
        axes_w = fig_w * (0.8 if use_color else 0.96)  # room left of the colour bar
        box = ax.get_position()
        target = 0.85 if fig_w < 4.5 else 0.65  # height/width of the packing for a new figure
        aspect = target if own else (box.height * fig_h) / (box.width * axes_w)
        pos = pack_components(graph, seed=seed, k=k, aspect=aspect)
        extent = np.max(list(pos.values()), axis=0) + COMPONENT_PAD
        if own:  # fit the figure height to the packed components
            text_h = 0.3 + (0.25 if title else 0.0)
            height = axes_w * extent[1] / extent[0] + text_h
            fig.set_size_inches(fig_w, round(float(np.clip(height, 0.45 * fig_w, 1.3 * fig_w)), 4))
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
        dense = min(1.0, math.sqrt(15 / len(nodes)))  # smaller markers in crowded graphs
        sizes = (25 + 175 * strength / strength.max()) * dense
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=sizes,
            color=PALETTE[3],
            edgecolors="white",
            linewidths=0.6,
            zorder=2,
        )
        fontsize = label_fontsize(mpl.rcParams["font.size"], len(nodes))
        texts = [
            ax.annotate(
                labels[key_of[n]],
                (px, py),
                xytext=(0, 5),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=fontsize,
                zorder=3,
                path_effects=HALO,
            )
            for n, (px, py) in zip(nodes, xy, strict=True)
        ]
        ax.set_xlim(0, float(extent[0]))
        ax.set_ylim(0, float(extent[1]))
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        ax.legend(
            handles=[Line2D([], [], color="#555555", lw=1.5, label=f"edge width ∝ {weight}")],
            loc="upper left",
            bbox_to_anchor=(0.0, 0.0),
            borderaxespad=0.0,
            frameon=False,
        )
        if title:
            ax.set_title(title)
        order = sorted(range(len(nodes)), key=lambda i: (-strength[i], str(nodes[i])))
        place_labels(ax, texts, np.sqrt(sizes) / 2 + 0.3, order, segments=np.array(segs))
    params = {
        "min_count": min_count,
        "weight": weight,
        "color": color if use_color else None,
        "seed": seed,
        "k": k,
        "cmap": cmap,
        "bilingual": bilingual,
    }
    note(fig, func, df, params)
    return fig
