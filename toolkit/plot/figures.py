"""Frequency figures: trends over time, keyness bars, lexical dispersion (x-ray) plots."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from toolkit.errors import ArgumentError

from ._common import (
    HALO,
    check_frame,
    check_numeric,
    group_style,
    integer_ticks,
    item_labels,
    new_axes,
    note,
    ordered_unique,
)
from ._layout import title_above
from .style import OKABE_ITO, PALETTE, figsize, style

__all__ = ["keyness_bars", "trend", "xray"]

_GROUP_COLUMNS = ("feature", "slogan_id", "category", "topic")
_Y_LABELS = {
    "per_million": "per million tokens",
    "per_10k": "per 10,000 tokens",
    "count": "count",
    "share": "share",
}
_MEASURE_LABELS = {"g2": "log-likelihood G²", "chi2": "χ²", "log_ratio": "log ratio"}


def _event_position(key: Any, datetime_x: bool) -> float | pd.Timestamp:
    try:
        return pd.Timestamp(key) if datetime_x else float(key)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(f"trend: events key {key!r} is not a valid x position") from exc


def trend(
    df: pd.DataFrame,
    *,
    x: str = "year",
    y: str = "per_million",
    group: str | None | bool = None,
    smooth: int | None = None,
    events: Mapping[int | float | str, str] | None = None,
    label_col: str | None = None,
    show_raw: bool = True,
    ax: Axes | None = None,
    width: str | float = "single",
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Figure:
    """Line plot of a frequency measure over time, one line per group.

    Parameters
    ----------
    df : DataFrame
        Long data, one row per (group, x): e.g. ``toolkit.ngrams(..., by="year")`` or
        ``count_slogans(..., by="year")`` output.
    x, y : str
        Time column (numbers or datetimes) and value column (``per_million``, ``count``,
        ``per_10k`` ...).
    group : str, None or False
        Column that defines the lines; None picks the first of feature, slogan_id, category,
        topic present; False draws one line.
    smooth : int, optional
        Window (in rows, i.e. periods present in the data; odd windows centre exactly) of a
        centred rolling mean; the raw series stays as a faint line when ``show_raw``.
    events : dict, optional
        ``{x_position: label}`` drawn as labelled vertical markers (e.g. ``{1978: "改革开放"}``).
    label_col : str, optional
        Column with display labels for groups; default ``label`` / ``label_zh`` / ``label_en``
        when present, else the group value.
    show_raw : bool
        With ``smooth``, also draw the unsmoothed series.
    ax : Axes, optional
        Draw into this axes instead of a new single-column figure.
    width : str or float
        Figure width (``"single"``, ``"onehalf"``, ``"double"`` or inches) for a new figure.
    title, xlabel, ylabel : str, optional
        Text for the axes.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [2000, 2001, 2002] * 2,
    ...                    "feature": ["reform"] * 3 + ["改革"] * 3,
    ...                    "per_million": [10.0, 12.0, 9.0, 3.0, 5.0, 8.0]})
    >>> fig = trend(df, smooth=2, events={2001: "WTO"})
    >>> len([ln for ln in fig.axes[0].get_lines() if ln.get_gid() == "series"])
    2
    """
    func = "trend"
    check_frame(df, [], func)
    if group is None:
        group = next((c for c in _GROUP_COLUMNS if c in df.columns), None)
    group_col = group if isinstance(group, str) else None
    check_frame(df, [x, y, group_col], func)
    if smooth is not None and (not isinstance(smooth, int | np.integer) or smooth < 1):
        raise ArgumentError(f"trend: smooth must be a positive integer window, got {smooth!r}")
    data = df.copy()
    data["_y"] = check_numeric(data, y, func)
    keys = [group_col, x] if group_col else [x]
    if data.duplicated(keys).any():
        raise ArgumentError(
            f"trend: several rows share the same {keys}; aggregate them or filter on the "
            "other columns first"
        )
    datetime_x = pd.api.types.is_datetime64_any_dtype(data[x])
    if not datetime_x:
        data["_x"] = check_numeric(data, x, func)
    else:
        data["_x"] = data[x]
    if group_col:
        groups = ordered_unique(data[group_col])
        labels = item_labels(data, group_col, label_col, func)
    else:
        groups, labels = [None], {None: y}
    with style():
        fig, ax = new_axes(ax, width, 0.62)
        for i, g in enumerate(groups):
            sub = data if g is None else data[data[group_col] == g]
            sub = sub.sort_values("_x", kind="mergesort")
            xs, ys = sub["_x"].to_numpy(), sub["_y"].to_numpy()
            st = group_style(i)
            marker = "o" if len(xs) <= 25 and not smooth else None
            if smooth:
                if show_raw:
                    ax.plot(
                        xs, ys, color=st["color"], lw=0.6, alpha=0.45, gid="raw", label="_nolegend_"
                    )
                ys = pd.Series(ys).rolling(smooth, center=True, min_periods=1).mean().to_numpy()
            ax.plot(xs, ys, **st, marker=marker, markersize=2.5, label=labels[g], gid="series")
        for key, text in (events or {}).items():
            pos = _event_position(key, datetime_x)
            ax.axvline(pos, color="#777777", lw=0.7, ls=(0, (2, 2)), zorder=0, gid="event")
            ax.text(
                pos,
                0.99,
                f" {text}",
                transform=ax.get_xaxis_transform(),
                rotation=90,
                ha="right",
                va="top",
                color="#555555",
                path_effects=HALO,
                gid="event",
            )
        if not datetime_x:
            integer_ticks(ax.xaxis, data["_x"])
        ax.set_xlabel(x if xlabel is None else xlabel)
        ax.set_ylabel(_Y_LABELS.get(y, y) if ylabel is None else ylabel)
        if title:
            ax.set_title(title)
        if group_col and len(groups) > 1:
            if len(groups) > 6 or events:
                ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), ncols=1 + len(groups) // 16)
            else:
                ax.legend(loc="best")
    params = {
        "x": x,
        "y": y,
        "group": group_col,
        "smooth": smooth,
        "events": events,
        "label_col": label_col,
        "show_raw": show_raw,
    }
    note(fig, func, df, params)
    return fig


def keyness_bars(
    df: pd.DataFrame,
    *,
    top: int = 20,
    measure: str = "g2",
    label_col: str = "feature",
    target: str = "target",
    reference: str = "reference",
    ax: Axes | None = None,
    width: str | float = "single",
    title: str | None = None,
) -> Figure:
    """Two-sided bar chart of the top over-used and under-used terms in a keyness table.

    Parameters
    ----------
    df : DataFrame
        ``toolkit.keyness`` output (term, ..., g2, ..., sign).
    top : int
        Number of terms on each side (``sign == "+"`` and ``sign == "-"``).
    measure : str
        Column ranking the terms and giving the bar length (``g2``, ``log_ratio``, ``chi2`` ...);
        absolute values are ranked, under-use is drawn to the left.
    label_col : str
        Column with the term labels.
    target, reference : str
        Names of the two corpora, shown in the legend.
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
    >>> kw = pd.DataFrame({"feature": ["发展", "改革", "war", "tax"],
    ...                    "g2": [50.0, 20.0, 30.0, 5.0], "sign": ["+", "+", "-", "-"]})
    >>> fig = keyness_bars(kw, top=1, target="GWR", reference="SOTU")
    >>> len(fig.axes[0].patches)
    2
    """
    func = "keyness_bars"
    check_frame(df, [label_col, measure, "sign"], func)
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        raise ArgumentError(f"keyness_bars: top must be a positive integer, got {top!r}")
    bad = sorted(set(df["sign"].dropna().astype(str)) - {"+", "-"})
    if bad:
        raise ArgumentError(f"keyness_bars: column 'sign' must hold '+' or '-', found {bad}")
    data = df.assign(_v=check_numeric(df, measure, func).abs(), _l=df[label_col].astype(str))
    data = data.dropna(subset=["_v"])
    sides = []
    for sign in ("+", "-"):
        part = data[data["sign"] == sign].sort_values(
            ["_v", "_l"], ascending=[False, True], kind="mergesort"
        )
        sides.append(part.head(top))
    over, under = sides
    k = len(over) + len(under)
    if k == 0:
        raise ArgumentError(f"keyness_bars: no row with a numeric {measure!r} value")
    with style():
        if ax is None:
            w, _ = figsize(width)
            fig, ax = new_axes(None, w, (0.15 * k + 0.75 + (0.25 if title else 0.0)) / w)
        else:
            fig, ax = new_axes(ax, width, 1.0)
        y_over = np.arange(len(over))
        y_under = np.arange(len(under)) + len(over) + (0.5 if len(over) else 0)
        ax.barh(
            y_over,
            over["_v"].to_numpy(),
            color=OKABE_ITO["vermillion"],
            height=0.75,
            label=f"more frequent in {target}",
        )
        ax.barh(
            y_under,
            -under["_v"].to_numpy(),
            color=OKABE_ITO["blue"],
            height=0.75,
            label=f"more frequent in {reference}",
        )
        ax.set_yticks(
            np.concatenate([y_over, y_under]), [*over["_l"].tolist(), *under["_l"].tolist()]
        )
        ax.invert_yaxis()
        ax.axvline(0, color="#333333", lw=0.6)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{abs(v):g}"))
        ax.set_xlabel(_MEASURE_LABELS.get(measure, measure))
        ax.tick_params(axis="y", length=0)
        legend = ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=1, frameon=False)
        if title:
            title_above(ax, legend, title)
    params = {
        "top": top,
        "measure": measure,
        "label_col": label_col,
        "target": target,
        "reference": reference,
    }
    note(fig, func, df, params)
    return fig


def _year_ticks(data: pd.DataFrame, x: str, max_labels: int = 8) -> tuple[list[float], list[str]]:
    first = data.groupby("year", sort=True)[x].min().dropna()
    if len(first) < 2 or not first.is_monotonic_increasing:
        return [], []
    step = max(1, -(-len(first) // max_labels))
    chosen = first.iloc[::step]
    return chosen.tolist(), [str(int(v)) for v in chosen.index]


def xray(
    positions: pd.DataFrame,
    *,
    terms: Sequence[str] | None = None,
    x: str = "relative_position",
    label_col: str = "feature",
    year_ticks: bool = True,
    color: str | None = None,
    ax: Axes | None = None,
    width: str | float = "double",
    title: str | None = None,
) -> Figure:
    """Lexical dispersion ("x-ray") plot: one row per term, a tick at every occurrence.

    Parameters
    ----------
    positions : DataFrame
        ``Dispersion.positions``: doc_id, term, position, relative_position (0-1, documents
        laid end to end in corpus order), optionally year.
    terms : sequence of str, optional
        Terms to show, top to bottom (terms without hits get an empty row). Default: every
        term in order of first appearance in ``positions``.
    x : str
        Column with the position along the corpus.
    label_col : str
        Column identifying the rows (the term).
    year_ticks : bool
        With a ``year`` column in a chronological corpus, label the x axis with years placed at
        the first plotted occurrence in each year (thinned to at most 8 labels).
    color : str, optional
        Marker colour (default Okabe–Ito blue).
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
    >>> pos = pd.DataFrame({"doc_id": ["a", "a", "b"], "feature": ["改革", "开放", "改革"],
    ...                     "position": [3, 9, 2], "relative_position": [0.1, 0.3, 0.8],
    ...                     "year": [1978, 1978, 1992]})
    >>> fig = xray(pos)
    >>> len(fig.axes[0].get_lines())
    2
    """
    func = "xray"
    check_frame(positions, [label_col, x], func)
    data = positions.assign(_x=check_numeric(positions, x, func))
    rows = ordered_unique(data[label_col]) if terms is None else list(dict.fromkeys(terms))
    if not rows:
        raise ArgumentError("xray: terms is empty")
    with style():
        if ax is None:
            w, _ = figsize(width)
            fig, ax = new_axes(None, w, (0.22 * len(rows) + 0.6) / w)
        else:
            fig, ax = new_axes(ax, width, 1.0)
        colour = color or PALETTE[0]
        for i, term in enumerate(rows):
            xs = data.loc[data[label_col] == term, "_x"].to_numpy()
            ax.plot(
                xs,
                np.full(len(xs), i),
                ls="none",
                marker="|",
                markersize=9,
                markeredgewidth=0.8,
                color=colour,
                label=str(term),
            )
        ax.set_yticks(np.arange(len(rows)), [str(t) for t in rows])
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        if data["_x"].between(0, 1).all():
            ax.set_xlim(0, 1)
        ax.set_xlabel("relative position in corpus")
        if year_ticks and "year" in data.columns:
            ticks, labels = _year_ticks(data, "_x")
            if ticks:
                ax.set_xticks(ticks, labels)
                ax.set_xlabel("position in corpus (ticks: first occurrence in year)")
        if title:
            ax.set_title(title)
    params = {
        "terms": None if terms is None else list(rows),
        "x": x,
        "label_col": label_col,
        "year_ticks": year_ticks,
    }
    note(fig, func, positions, params)
    return fig
