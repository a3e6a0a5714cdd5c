"""Trend figure: a frequency measure over time, lines broken at missing periods, events labelled
above the plot."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.errors import ArgumentError

from ._annotate import (
    break_at_gaps,
    event_labels,
    events_height_points,
    format_periods,
    missing_periods,
    period_step,
)
from ._common import (
    check_bilingual,
    check_frame,
    check_numeric,
    gloss_mapping,
    group_style,
    integer_ticks,
    item_labels,
    new_axes,
    note,
    ordered_unique,
)
from ._layout import crossing_length, legend_fitting_width
from .style import style

__all__ = ["trend"]

_GROUP_COLUMNS = ("feature", "slogan_id", "category", "topic")
_Y_LABELS = {
    "per_million": "per million tokens",
    "per_10k": "per 10,000 tokens",
    "count": "count",
    "share": "share",
}


def _event_position(key: Any, datetime_x: bool) -> float | pd.Timestamp:
    try:
        return pd.Timestamp(key) if datetime_x else float(key)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(f"trend: events key {key!r} is not a valid x position") from exc


_Y_DEFAULTS = ("per_million", "per_10k", "count", "share", "score", "similarity", "value")


def _default_y(df: pd.DataFrame) -> str:
    """The value column of a feeding function's output: a rate, else count, share or score."""
    for col in _Y_DEFAULTS:
        if col in df.columns:
            return col
    rates = [c for c in df.columns if str(c).startswith("per_")]
    if rates:
        return str(rates[0])
    raise ArgumentError(
        f"trend: no value column found (looked for {list(_Y_DEFAULTS)} and per_*); pass y=, "
        f"the DataFrame has {list(map(str, df.columns))}"
    )


def _legend_covers_data(ax: Axes, legend: Any) -> bool:
    """Whether ``legend`` (inside the axes) lies over a plotted point or line segment."""
    fig = ax.figure.figure
    fig.draw_without_rendering()
    box = legend.get_window_extent()
    rect = np.array([box.x0, box.y0, box.x1, box.y1])
    for line in ax.get_lines():
        if line.get_gid() not in ("series", "raw"):
            continue
        xy = ax.transData.transform(np.asarray(line.get_xydata(), dtype=float))
        ok = np.isfinite(xy).all(axis=1)
        segs = np.stack([xy[:-1], xy[1:]], axis=1)[ok[:-1] & ok[1:]]
        if crossing_length(rect, segs) > 0:
            return True
        pts = xy[ok]
        inside = (pts[:, 0] >= rect[0]) & (pts[:, 0] <= rect[2])
        if (inside & (pts[:, 1] >= rect[1]) & (pts[:, 1] <= rect[3])).any():
            return True
    return False


def _legend_below(ax: Axes, n: int, grow: bool) -> None:
    """Legend under the x-axis label, in as many columns as fit the width; with ``grow`` the
    figure gets taller by the legend's height, so the plotting area keeps its size."""
    from matplotlib.transforms import ScaledTranslation

    fig = ax.figure.figure
    fig.draw_without_rendering()
    below = ax.bbox.y0 - ax.xaxis.get_tightbbox().y0  # ticks and label, in pixels
    shift = ScaledTranslation(0, -(below + 2) / fig.dpi, fig.dpi_scale_trans)
    legend = legend_fitting_width(
        ax, n, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=ax.transAxes + shift,
        borderaxespad=0.0, columnspacing=1.0,
    )  # fmt: skip
    if grow:
        w, h = fig.get_size_inches()
        extra = (legend.get_window_extent().height + below) / fig.dpi
        fig.set_size_inches(w, round(float(h + extra), 4))


def trend(
    df: pd.DataFrame,
    *,
    x: str = "year",
    y: str | None = None,
    group: str | None | bool = None,
    smooth: int | None = None,
    events: Mapping[int | float | str, str] | None = None,
    label_col: str | None = None,
    show_raw: bool = True,
    gaps: str = "note",
    bilingual: bool = False,
    gloss: Any = None,
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
        Long data, one row per (group, x): e.g. ``toolkit.ngrams(..., by="year")``,
        ``count_slogans(..., by="year")`` or ``change_points(...)`` output.
    x, y : str
        Time column (numbers or datetimes) and value column; ``y`` defaults to the first of
        ``per_million``, ``per_10k``, ``count``, ``share``, ``score``, ``similarity``,
        ``value`` (or a ``per_*`` rate column) present.
    group : str, None or False
        Column that defines the lines; None picks the first of feature, slogan_id, category,
        topic present; False draws one line.
    smooth : int, optional
        Window (in rows, i.e. periods present in the data; odd windows centre exactly) of a
        centred rolling mean; the raw series stays as a faint line when ``show_raw``.
    events : dict, optional
        ``{x_position: label}`` drawn as vertical markers, labelled above the plotting area
        (labels that would touch move up a row), so no label covers a line.
    label_col : str, optional
        Column with display labels for groups; default ``label`` / ``label_zh`` / ``label_en``
        when present, else the group value.
    show_raw : bool
        With ``smooth``, also draw the unsmoothed series.
    gaps : {"note", "break", "join"}
        Numeric periods missing on the data's regular grid (years with no report, say):
        ``"note"`` breaks the lines there and states the periods with no data at all in the x
        label ("year — no data: 1989–91, 1996"); ``"break"`` only breaks the lines; ``"join"``
        draws straight across. A group that lacks a row present for other groups is broken
        there too: fill zeros first when absence means zero (``ngrams`` output). A smoothed
        line (``smooth=w``) stays joined across gaps of up to ``(w - 1) // 2`` periods, which
        its rolling mean spans; the raw line is broken at every gap.
    bilingual : bool
        Chinese group labels followed by their English gloss ("共同富裕 common prosperity"),
        from a ``label_en`` column (``count_slogans`` output) or ``gloss``.
    gloss : Lexicon, str or mapping, optional
        English glosses by id or label, for data without ``label_en``.
    ax : Axes, optional
        Draw into this axes instead of a new single-column figure.
    width : str or float
        Figure width (``"single"``, ``"onehalf"``, ``"double"`` or inches) for a new figure.
    title, xlabel, ylabel : str, optional
        Text for the axes (the title clears the event labels).

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
    >>> gap = pd.DataFrame({"year": [1988, 1992, 1993], "count": [1, 2, 3]})
    >>> trend(gap).axes[0].get_xlabel()
    'year — no data: 1989–91'
    """
    func = "trend"
    check_frame(df, [], func)
    if gaps not in ("note", "break", "join"):
        raise ArgumentError(f"trend: gaps must be 'note', 'break' or 'join', got {gaps!r}")
    bilingual = check_bilingual(bilingual, func)
    if y is None:
        y = _default_y(df)
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
    step = None if datetime_x or gaps == "join" else period_step(data["_x"])
    present = data.loc[data["_y"].notna(), "_x"]  # a NaN value is no data, like a missing row
    missing = [] if step is None else missing_periods(present, step)
    if group_col:
        groups = ordered_unique(data[group_col])
        labels = item_labels(
            data, group_col, label_col, func, bilingual_labels=bilingual,
            gloss=gloss_mapping(gloss, func),
        )  # fmt: skip
    else:
        groups, labels = [None], {None: y}
    with style():
        own = ax is None
        fig, ax = new_axes(ax, width, 0.62)
        for i, g in enumerate(groups):
            sub = data if g is None else data[data[group_col] == g]
            sub = sub.sort_values("_x", kind="mergesort")
            xs, ys = sub["_x"].to_numpy(), sub["_y"].to_numpy()
            st = group_style(i)
            marker = "o" if len(xs) <= 25 and not smooth else None
            if smooth:
                if show_raw:
                    rx, ry = break_at_gaps(xs, ys, step)
                    ax.plot(
                        rx, ry, color=st["color"], lw=0.6, alpha=0.45, gid="raw", label="_nolegend_"
                    )
                ys = pd.Series(ys).rolling(smooth, center=True, min_periods=1).mean().to_numpy()
            xs, ys = break_at_gaps(xs, ys, step, bridge=(smooth - 1) // 2 if smooth else 0)
            ax.plot(xs, ys, **st, marker=marker, markersize=2.5, label=labels[g], gid="series")
        marks = []
        for key, text in (events or {}).items():
            pos = _event_position(key, datetime_x)
            ax.axvline(pos, color="#777777", lw=0.7, ls=(0, (2, 2)), zorder=0, gid="event")
            marks.append((pos, str(text)))
        if not datetime_x:
            integer_ticks(ax.xaxis, data["_x"])
        label = x if xlabel is None else xlabel
        if missing and gaps == "note":
            note_text = f"no data: {format_periods(missing)}"
            width_pt = fig.get_size_inches()[0] * 72 * ax.get_position().width
            chars = max(20, int(width_pt / (0.55 * mpl.rcParams["axes.labelsize"])))
            if label and len(label) + 3 + len(note_text) <= chars:
                label = f"{label} — {note_text}"
            else:
                lines = textwrap.wrap(note_text, chars, break_on_hyphens=False)
                label = "\n".join([label, *lines] if label else lines)
        ax.set_xlabel(label)
        ax.set_ylabel(_Y_LABELS.get(y, y) if ylabel is None else ylabel)
        if group_col is not None and len(groups) > 6:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), ncols=1 + len(groups) // 16)
        elif group_col is not None and len(groups) > 1:
            legend = ax.legend(loc="best")
            if _legend_covers_data(ax, legend):
                legend.remove()
                _legend_below(ax, len(groups), grow=own)
        anns = event_labels(ax, marks, fontsize=mpl.rcParams["font.size"] - 1)
        if title:
            pad = mpl.rcParams["axes.titlepad"] + events_height_points(anns)
            ax.set_title(title, pad=round(pad, 3))
    params = {
        "x": x,
        "y": y,
        "group": group_col,
        "smooth": smooth,
        "events": events,
        "label_col": label_col,
        "show_raw": show_raw,
        "gaps": gaps,
        "missing": [list(r) for r in missing],
        "bilingual": bilingual,
    }
    note(fig, func, df, params)
    return fig
