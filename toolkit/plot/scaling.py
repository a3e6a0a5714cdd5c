"""Figures of scaling models and covariate effects: document positions with intervals, the
"Eiffel tower" of Wordfish word parameters, expected topic prevalence over a covariate."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from toolkit.errors import ArgumentError

from ._common import HALO, as_table, check_frame, group_style, new_axes, new_grid, note
from ._layout import place_labels
from .style import PALETTE, style

__all__ = ["effects", "eiffel", "positions"]


def positions(
    df: pd.DataFrame,
    *,
    label: str = "doc_id",
    value: str = "theta",
    group: str | None = None,
    sort: bool = True,
    ax: Axes | None = None,
    width: str | float = "single",
    title: str | None = None,
    xlabel: str = "estimated position (θ)",
) -> Figure:
    """Document positions with their intervals (``textplot_scale1d(margin="documents")``).

    Parameters
    ----------
    df : DataFrame
        ``wordfish(...).documents`` or ``wordscores(...).documents``: ``label``, ``value``,
        ``ci_low``, ``ci_high``.
    label : str
        Column naming each row (e.g. ``"doc_id"``, or a column you add: ``"president"``).
    group : str, optional
        Column colouring the points (e.g. ``"party"``), with a legend.
    sort : bool
        Order the rows by position.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"doc_id": ["a", "b"], "theta": [-1.0, 1.0],
    ...                   "ci_low": [-1.2, 0.9], "ci_high": [-0.8, 1.1]})
    >>> fig = positions(d)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['a', 'b']
    """
    func = "positions"
    df = as_table(df, ("documents",))
    data = check_frame(df, [label, value, "ci_low", "ci_high", group], func).copy()
    if sort:
        data = data.sort_values(value, kind="stable")
    data = data.reset_index(drop=True)
    n = len(data)
    with style():
        fig, ax = new_axes(ax, width, max(0.35, min(2.2, 0.09 * n + 0.25)))
        groups = [None] if group is None else sorted(data[group].dropna().unique(), key=str)
        for i, g in enumerate(groups):
            rows = data if g is None else data[data[group] == g]
            color = PALETTE[i % len(PALETTE)] if g is not None else "#333333"
            ax.errorbar(
                rows[value], rows.index, xerr=[rows[value] - rows["ci_low"],
                                               rows["ci_high"] - rows[value]],
                fmt="o", ms=3, lw=0.8, color=color, label=None if g is None else str(g),
            )  # fmt: skip
        ax.set_yticks(range(n), data[label].astype(str).tolist())
        ax.tick_params(axis="y", labelsize=max(5.0, mpl.rcParams["font.size"] - (n > 30) * 2))
        ax.set_ylim(-0.7, n - 0.3)
        ax.axvline(0, color="#bbbbbb", lw=0.6, zorder=0)
        ax.set_xlabel(xlabel)
        if group is not None:
            ax.legend(title=group, frameon=False, loc="lower right")
        if title:
            ax.set_title(title)
    note(fig, func, data, {"label": label, "value": value, "group": group, "sort": sort})
    return fig


def eiffel(
    df: pd.DataFrame,
    *,
    highlight: Sequence[str] | None = None,
    top: int = 12,
    ax: Axes | None = None,
    width: str | float = "single",
    title: str | None = None,
) -> Figure:
    """The "Eiffel tower" of Wordfish word parameters: β (discrimination) against ψ (fixed
    effect), every feature a grey point; labelled the ``highlight`` words, or the ``top``
    features with the most extreme β at each end (``textplot_scale1d(margin="features")``).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"feature": ["a", "b", "c"], "beta": [-2.0, 0.0, 2.0],
    ...                   "psi": [-1.0, 2.0, -1.0]})
    >>> fig = eiffel(f, top=1)
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['a', 'c']
    """
    func = "eiffel"
    df = as_table(df, ("features",))
    data = check_frame(df, ["feature", "beta", "psi"], func).reset_index(drop=True)
    if highlight is not None:
        chosen = data[data["feature"].isin(list(highlight))]
        missing = sorted(set(highlight) - set(chosen["feature"]))
        if missing:
            raise ArgumentError(f"eiffel: features not in the table: {missing[:5]}")
    else:
        order = data.sort_values("beta", kind="stable")
        chosen = pd.concat([order.head(top), order.tail(top)]).drop_duplicates("feature")
    with style():
        fig, ax = new_axes(ax, width, 0.8)
        ax.scatter(data["beta"], data["psi"], s=3, color="#b0b0b0", linewidths=0, zorder=1)
        ax.scatter(chosen["beta"], chosen["psi"], s=8, color=PALETTE[3], zorder=2)
        texts = [
            ax.annotate(f, (b, p), xytext=(0, 4), textcoords="offset points", ha="center",
                        fontsize=mpl.rcParams["font.size"] - 1.5, path_effects=HALO, zorder=3)
            for f, b, p in zip(chosen["feature"], chosen["beta"], chosen["psi"], strict=True)
        ]  # fmt: skip
        ax.set_xlabel("β (word discrimination)")
        ax.set_ylabel("ψ (word fixed effect)")
        if title:
            ax.set_title(title)
        order = sorted(range(len(texts)), key=lambda i: -abs(float(chosen["beta"].iloc[i])))
        place_labels(ax, texts, [2.0] * len(texts), order)
    note(fig, func, data, {"highlight": list(highlight or []), "top": top})
    return fig


def effects(
    df: pd.DataFrame,
    *,
    x: str | None = None,
    by: str | None = None,
    ncols: int = 3,
    width: str | float = "double",
    sharey: bool = False,
    title: str | None = None,
) -> Figure:
    """Expected topic prevalence over a covariate with its interval, one panel per topic
    (``topic_effects(...).expected(over, by=...)``; stm's ``plot.estimateEffect``).

    A numeric ``x`` draws lines with bands, a categorical one points with error bars; ``by``
    draws one line (or point series) per level.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"year": [1, 2, 1, 2], "topic": [0, 0, 1, 1],
    ...                   "label": ["0: a", "0: a", "1: b", "1: b"], "share": [.2, .3, .8, .7],
    ...                   "ci_low": [.1, .2, .7, .6], "ci_high": [.3, .4, .9, .8]})
    >>> fig = effects(e)
    >>> len(fig.axes)
    2
    """
    func = "effects"
    data = check_frame(df, ["topic", "label", "share", "ci_low", "ci_high"], func)
    fixed = {"topic", "label", "share", "ci_low", "ci_high", by}
    if x is None:
        rest = [c for c in data.columns if c not in fixed]
        if len(rest) != 1:
            raise ArgumentError(f"effects: name the covariate with x= (columns: {rest})")
        x = rest[0]
    topics = list(dict.fromkeys(data["topic"].tolist()))
    numeric = pd.api.types.is_numeric_dtype(data[x])
    with style():
        fig, axes = new_grid(len(topics), ncols, width, 0.75, sharex=True, sharey=sharey)
        levels = [None] if by is None else sorted(data[by].dropna().unique(), key=str)
        for ax, topic in zip(axes, topics, strict=True):
            part = data[data["topic"] == topic]
            for i, level in enumerate(levels):
                rows = part if level is None else part[part[by] == level]
                st = group_style(i)
                name = None if level is None else str(level)
                if numeric:
                    rows = rows.sort_values(x)
                    ax.plot(rows[x], rows["share"], color=st["color"], lw=1.2, label=name)
                    ax.fill_between(rows[x], rows["ci_low"], rows["ci_high"], color=st["color"],
                                    alpha=0.2, linewidth=0)  # fmt: skip
                else:
                    pos = np.arange(len(rows)) + (i - (len(levels) - 1) / 2) * 0.15
                    ax.errorbar(pos, rows["share"], yerr=[rows["share"] - rows["ci_low"],
                                rows["ci_high"] - rows["share"]], fmt="o", ms=3,
                                color=st["color"], label=name)  # fmt: skip
                    ax.set_xticks(np.arange(len(rows)), rows[x].astype(str).tolist())
            ax.set_title(str(part["label"].iloc[0]), fontsize=mpl.rcParams["font.size"])
            ax.axhline(0, color="#bbbbbb", lw=0.6, zorder=0)
        axes[0].set_ylabel("expected topic share")
        if by is not None:
            handles, names = axes[0].get_legend_handles_labels()
            fig.legend(handles, names, title=by, loc="outside lower center", ncols=len(levels),
                       frameon=False)  # fmt: skip
        if title:
            fig.suptitle(title)
    note(fig, func, data, {"x": x, "by": by, "ncols": ncols, "sharey": sharey})
    return fig
