"""Matrix figures: heatmaps of any long (row, column, value) table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from toolkit.errors import ArgumentError

from ._common import check_frame, check_numeric, new_axes, note, ordered_unique
from .style import figsize, style

__all__ = ["heatmap"]


def _axis_order(
    values: pd.Series, order: Sequence[Any] | None, name: str, column: str
) -> list[Any]:
    """Categories for one heatmap axis: ``order`` (checked) or order of first appearance."""
    if order is None:
        return ordered_unique(values)
    cats = list(dict.fromkeys(order))
    known = set(cats)
    unknown = sorted({str(v) for v in values if v not in known})
    if unknown:
        raise ArgumentError(
            f"heatmap: values {unknown} of column {column!r} are missing from {name}"
        )
    return cats


def heatmap(
    df: pd.DataFrame,
    *,
    row: str = "group_a",
    col: str = "group_b",
    value: str = "similarity",
    order: Sequence[Any] | None = None,
    row_order: Sequence[Any] | None = None,
    col_order: Sequence[Any] | None = None,
    symmetric: bool | None = None,
    annotate: bool | None = None,
    fmt: str = ".2f",
    cmap: str = "viridis",
    vmin: float | None = None,
    vmax: float | None = None,
    ax: Axes | None = None,
    width: str | float = "single",
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    a: str | None = None,
    b: str | None = None,
) -> Figure:
    """Heatmap of a long (row, column, value) table, e.g. group × group similarity.

    Parameters
    ----------
    df : DataFrame
        Long data, one row per cell: e.g. ``toolkit.group_similarity`` output (group_a,
        group_b, similarity), or any table such as decade × topic shares. Rows and columns may
        have different sets of values; cells with no row in ``df`` (or a NaN value) stay blank.
    row, col, value : str
        Columns giving the heatmap row, the heatmap column and the cell value.
    order : sequence, optional
        One order for both axes of a symmetric (group × group) heatmap; implies
        ``symmetric=True``. Every value must be listed.
    row_order, col_order : sequence, optional
        Order of the rows / columns of a non-symmetric heatmap (default: order of first
        appearance). Every value must be listed; extra entries give blank rows / columns.
    symmetric : bool, optional
        Draw a square matrix over the union of row and column values (one order) and fill a
        cell given only as (a, b) from (b, a). Default: True when ``order`` is given, or when
        neither ``row_order`` nor ``col_order`` is given and the row and column values are the
        same set; else False.
    annotate : bool, optional
        Write values in the cells (default: when both axes have at most 12 categories).
    fmt : str
        Format spec for annotations.
    cmap : str
        Colour map (default viridis, colour-blind safe).
    vmin, vmax : float, optional
        Colour scale limits.
    ax : Axes, optional
        Draw into this axes.
    width : str or float
        Width of a new figure (its height follows the number of rows and columns).
    title : str, optional
        Axes title.
    xlabel, ylabel : str, optional
        Axis labels; default the ``col`` and ``row`` column names, none for the generic
        ``group_a`` / ``group_b`` of ``group_similarity`` (pass e.g. ``"decade"``).
    a, b : str, optional
        Older names of ``row`` and ``col`` (still accepted).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> sim = pd.DataFrame({"group_a": ["毛泽东", "毛泽东", "邓小平"],
    ...                     "group_b": ["毛泽东", "邓小平", "邓小平"],
    ...                     "similarity": [1.0, 0.4, 1.0]})
    >>> fig = heatmap(sim)
    >>> fig.axes[0].images[0].get_array().shape
    (2, 2)
    >>> shares = pd.DataFrame({"decade": [1990, 1990, 2000], "topic": ["经济", "外交", "经济"],
    ...                        "share": [0.5, 0.2, 0.6]})
    >>> mat = heatmap(shares, row="topic", col="decade", value="share").axes[0].images[0]
    >>> mat.get_array().shape, bool(mat.get_array().mask[1, 1])
    ((2, 2), True)
    """
    func = "heatmap"
    if a is not None:
        if row != "group_a":
            raise ArgumentError("heatmap: give either row= or its older name a=, not both")
        row = a
    if b is not None:
        if col != "group_b":
            raise ArgumentError("heatmap: give either col= or its older name b=, not both")
        col = b
    check_frame(df, [row, col, value], func)
    if row == col:
        raise ArgumentError(f"heatmap: row and col must be different columns, both are {row!r}")
    vals = check_numeric(df, value, func)
    if df.duplicated([row, col]).any():
        raise ArgumentError(f"heatmap: several rows for the same ({row}, {col}) pair")
    axis_orders = row_order is not None or col_order is not None
    if symmetric is None:
        symmetric = order is not None or (not axis_orders and set(df[row]) == set(df[col]))
    if symmetric and axis_orders:
        raise ArgumentError("heatmap: a symmetric heatmap has one order for both axes; pass order=")
    if not symmetric and order is not None:
        raise ArgumentError("heatmap: order= is for symmetric heatmaps; use row_order=/col_order=")
    if symmetric:
        both = pd.concat([df[row], df[col]], ignore_index=True)
        rows = cols = _axis_order(both, order, "order", f"{row}/{col}")
    else:
        rows = _axis_order(df[row], row_order, "row_order", row)
        cols = _axis_order(df[col], col_order, "col_order", col)
    r_index = {g: i for i, g in enumerate(rows)}
    c_index = {g: j for j, g in enumerate(cols)}
    mat = np.full((len(rows), len(cols)), np.nan)
    for gr, gc, v in zip(df[row], df[col], vals, strict=True):
        mat[r_index[gr], c_index[gc]] = v
    if symmetric:  # a pair given only as (a, b) also fills (b, a)
        mirror = np.isnan(mat) & ~np.isnan(mat.T)
        mat[mirror] = mat.T[mirror]
    r_names, c_names = [str(g) for g in rows], [str(g) for g in cols]
    nr, nc = mat.shape
    with style():
        if ax is None:
            w, _ = figsize(width)
            grid = min(1.6, max(0.3, nr / nc)) * 0.7 * w + 0.45 + (0.25 if title else 0.0)
            fig, ax = new_axes(None, w, min(1.5, max(0.35, grid / w)))
            if isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
                fig.set_layout_engine("compressed")  # fits a fixed-aspect image + colour bar
        else:
            fig, ax = new_axes(ax, width, 1.0)
        cm = mpl.colormaps[cmap].with_extremes(bad="#eeeeee")
        im = ax.imshow(mat, cmap=cm, vmin=vmin, vmax=vmax, interpolation="nearest", aspect="equal")
        ax.set_xticks(np.arange(nc), c_names)
        ax.set_yticks(np.arange(nr), r_names)
        ax.tick_params(length=0)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        if nc > 4 or max(map(len, c_names)) > 4:
            ax.tick_params(axis="x", labelrotation=45)
            for lab in ax.get_xticklabels():
                lab.set_ha("right")
                lab.set_rotation_mode("anchor")
        fig.colorbar(im, ax=ax, label=value, shrink=0.85)
        if annotate if annotate is not None else max(nr, nc) <= 12:
            for (i, j), v in np.ndenumerate(mat):
                if np.isnan(v):
                    continue
                red, green, blue = to_rgb(im.cmap(im.norm(v)))
                light = 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.5
                ax.text(
                    j,
                    i,
                    format(v, fmt),
                    ha="center",
                    va="center",
                    color="black" if light else "white",
                    gid="cell",
                )
        generic = ("group_a", "group_b")
        x_text = xlabel if xlabel is not None else ("" if col in generic else str(col))
        y_text = ylabel if ylabel is not None else ("" if row in generic else str(row))
        if x_text:
            ax.set_xlabel(x_text)
        if y_text:
            ax.set_ylabel(y_text)
        if title:
            ax.set_title(title)
    params = {
        "row": row,
        "col": col,
        "value": value,
        "symmetric": symmetric,
        "row_order": r_names,
        "col_order": c_names,
        "annotate": annotate,
        "fmt": fmt,
        "cmap": cmap,
        "vmin": vmin,
        "vmax": vmax,
    }
    note(fig, func, df, params)
    return fig
