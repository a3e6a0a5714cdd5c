"""Topic figures: prevalence over time, top-term panels (and, re-exported, heatmaps)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.errors import ArgumentError

from ._common import (
    as_table,
    check_frame,
    check_numeric,
    group_style,
    integer_ticks,
    is_bottom_panel,
    item_labels,
    maybe_sorted,
    new_axes,
    new_grid,
    note,
    ordered_unique,
    sort_axis_values,
)
from .matrix import heatmap
from .style import PALETTE, figsize, style

__all__ = ["heatmap", "prevalence", "top_terms"]

_PREVALENCE_COLUMNS = {"topic", "label", "label_zh", "label_en", "share", "ci_low", "ci_high"}


def _topic_labels(df: pd.DataFrame, label_col: str | None, func: str) -> dict[Any, str]:
    labels = item_labels(df, "topic", label_col, func)
    has_label = label_col is not None or any(
        c in df.columns for c in ("label", "label_zh", "label_en")
    )
    return {t: (lab if has_label and lab != str(t) else f"topic {t}") for t, lab in labels.items()}


def _select_topics(df: pd.DataFrame, topics: Sequence[Any] | None, func: str) -> list[Any]:
    present = maybe_sorted(ordered_unique(df["topic"]))
    if topics is None:
        return present
    missing = [t for t in topics if t not in set(present)]
    if missing:
        raise ArgumentError(f"{func}: topics {missing} not found in column 'topic'")
    return list(dict.fromkeys(topics))


def prevalence(
    df: pd.DataFrame,
    *,
    by: str | None = None,
    topics: Sequence[Any] | None = None,
    panels: bool = True,
    ncols: int = 3,
    sharey: bool = False,
    label_col: str | None = None,
    ax: Axes | None = None,
    width: str | float = "double",
    ylabel: str = "share",
) -> Figure:
    """Topic prevalence over time (or any grouping) with confidence bands.

    Parameters
    ----------
    df : DataFrame
        ``model.prevalence(by=...)`` output: <by>, topic, label, share, ci_low, ci_high
        (the CI columns are optional).
    by : str, optional
        The grouping column; default the first column that is not a topic/label/share/CI column.
        Numeric or datetime values are drawn to scale, others as ordered categories.
    topics : sequence, optional
        Topics to show (default all, sorted).
    panels : bool
        Small multiples (one panel per topic, shared x axis) if True, else one panel with a line
        per topic.
    ncols : int
        Panels per row.
    sharey : bool
        With ``panels``, give all panels the same y axis (compare levels across topics). Default
        False: each panel is scaled to its own topic (from 0), so topics with small shares stay
        readable.
    label_col : str, optional
        Column with topic labels; default ``label`` when present, else "topic <id>".
    ax : Axes, optional
        Draw a single panel into this axes (implies ``panels=False``).
    width : str or float
        Width of a new figure.
    ylabel : str
        y-axis label.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> prev = pd.DataFrame({"decade": [1990, 2000] * 2, "topic": [0, 0, 1, 1],
    ...                      "label": ["经济", "经济", "党建", "党建"],
    ...                      "share": [0.6, 0.5, 0.4, 0.5], "ci_low": [0.5, 0.4, 0.3, 0.4],
    ...                      "ci_high": [0.7, 0.6, 0.5, 0.6]})
    >>> fig = prevalence(prev)
    >>> len(fig.axes)
    2
    >>> top = [float(ax.get_ylim()[1]) for ax in fig.axes]  # each panel on its own scale
    >>> top[0] > top[1]
    True
    >>> len({ax.get_ylim() for ax in prevalence(prev, sharey=True).axes})
    1
    """
    func = "prevalence"
    check_frame(df, ["topic", "share"], func)
    if by is None:
        by = next((c for c in df.columns if c not in _PREVALENCE_COLUMNS), None)
        if by is None:
            raise ArgumentError(
                "prevalence: cannot find the grouping column (e.g. 'decade'); pass by="
            )
    check_frame(df, [by], func)
    data = df.assign(_y=check_numeric(df, "share", func))
    has_ci = {"ci_low", "ci_high"} <= set(df.columns)
    if has_ci:
        data["_lo"] = check_numeric(df, "ci_low", func)
        data["_hi"] = check_numeric(df, "ci_high", func)
    chosen = _select_topics(data, topics, func)
    labels = _topic_labels(data, label_col, func)
    xpos, cats, categorical = sort_axis_values(data[by].tolist())
    data["_x"] = xpos
    with style():
        if ax is not None or not panels:
            fig, ax = new_axes(ax, width, 0.45)
            axes = [ax] * len(chosen)
            single = True
        else:
            fig, axes = new_grid(len(chosen), ncols, width, 0.7, sharex=True, sharey=sharey)
            single = False
        for i, (topic, a) in enumerate(zip(chosen, axes, strict=True)):
            sub = data[data["topic"] == topic].sort_values("_x", kind="mergesort")
            colour = group_style(i)["color"] if single else PALETTE[0]
            a.plot(
                sub["_x"], sub["_y"], color=colour, marker="o", markersize=2.5, label=labels[topic]
            )
            if has_ci and sub[["_lo", "_hi"]].notna().any().all():
                a.fill_between(
                    sub["_x"], sub["_lo"], sub["_hi"], color=colour, alpha=0.22, linewidth=0
                )
            if not single:
                a.set_title(labels[topic])
            a.set_ylim(bottom=0)
            if categorical:
                a.set_xticks(np.arange(len(cats)), [str(c) for c in cats])
            elif not pd.api.types.is_datetime64_any_dtype(data[by]):
                integer_ticks(a.xaxis, data["_x"])
        if single and len(chosen) > 1:
            axes[0].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        for i, a in enumerate(axes):
            if single or is_bottom_panel(i, len(axes), ncols):
                a.set_xlabel(by)
            if single or i % min(ncols, len(axes)) == 0:
                a.set_ylabel(ylabel)
        if categorical and any(len(str(c)) > 4 for c in cats):
            for a in axes:
                a.tick_params(axis="x", labelrotation=45)
    params = {
        "by": by,
        "topics": chosen,
        "panels": panels,
        "ncols": ncols,
        "sharey": sharey,
        "label_col": label_col,
    }
    note(fig, func, df, params)
    return fig


def top_terms(
    df: pd.DataFrame,
    *,
    top: int = 10,
    topics: Sequence[Any] | None = None,
    value: str = "weight",
    ncols: int = 3,
    label_col: str | None = None,
    width: str | float = "double",
) -> Figure:
    """Grid of horizontal bar charts, one panel per topic, with its top terms.

    Parameters
    ----------
    df : DataFrame
        ``model.topics(top=n)`` output: topic, label, rank, feature, weight (``rank``
        optional).
    top : int
        Features per topic.
    topics : sequence, optional
        Topics to show (default all, sorted).
    value : str
        Bar length column (``weight`` or ``relevance``).
    ncols : int
        Panels per row.
    label_col : str, optional
        Column with topic labels (panel titles); default ``label`` when present.
    width : str or float
        Figure width.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> tt = pd.DataFrame({"topic": [0, 0, 1, 1], "label": ["经济", "经济", "", ""],
    ...                    "rank": [1, 2, 1, 2], "feature": ["增长", "投资", "party", "cadre"],
    ...                    "weight": [0.3, 0.2, 0.4, 0.1]})
    >>> fig = top_terms(tt, top=2)
    >>> [len(a.patches) for a in fig.axes], fig.axes[1].get_title()
    ([2, 2], 'topic 1')
    """
    func = "top_terms"
    df = as_table(df, ("topics",))
    check_frame(df, ["topic", "feature", value], func)
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        raise ArgumentError(f"top_terms: top must be a positive integer, got {top!r}")
    n = int(top)
    data = df.assign(_v=check_numeric(df, value, func), _t=df["feature"].astype(str))
    chosen = _select_topics(data, topics, func)
    labels = _topic_labels(data, label_col, func)
    w, _ = figsize(width)
    cols = min(ncols, len(chosen))
    with style():
        fig, axes = new_grid(
            len(chosen),
            ncols,
            w,
            (0.15 * n + 0.45) / (w / max(cols, 1)),
            sharex=False,
            sharey=False,
        )
        for i, (topic, a) in enumerate(zip(chosen, axes, strict=True)):
            sub = data[data["topic"] == topic]
            if "rank" in sub.columns:
                sub = sub.sort_values(["rank", "_t"], kind="mergesort")
            else:
                sub = sub.sort_values(["_v", "_t"], ascending=[False, True], kind="mergesort")
            sub = sub.head(n)
            ys = np.arange(len(sub))
            a.barh(ys, sub["_v"].to_numpy(), color=PALETTE[0], height=0.7)
            a.set_yticks(ys, sub["_t"].tolist())
            a.set_ylim(n - 0.5, -0.5)
            a.tick_params(axis="y", length=0)
            a.set_title(labels[topic])
            if is_bottom_panel(i, len(axes), ncols):
                a.set_xlabel(value)
    params = {"top": n, "topics": chosen, "value": value, "ncols": ncols, "label_col": label_col}
    note(fig, func, df, params)
    return fig
