"""Annotations of time-series axes: gaps in the data (stated, lines broken) and event labels
placed above the plotting area, so that they never cover the data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.text import Annotation

#: Most missing periods written out in a gap note; more are summarised.
MAX_LISTED_GAPS = 8


def period_step(values: Sequence[float]) -> float | None:
    """The spacing of a regular series of periods: the smallest positive difference between
    distinct values, or None for fewer than two values.

    Examples
    --------
    >>> period_step([1990, 1992, 1993, 1997])
    1.0
    """
    arr = np.unique(pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(float))
    steps = np.diff(arr)
    steps = steps[steps > 1e-9]
    return float(steps.min()) if len(steps) else None


def missing_periods(
    values: Sequence[float], step: float | None = None
) -> list[tuple[float, float]]:
    """Runs of periods absent from ``values`` on their regular grid, as ``(first, last)``.

    Examples
    --------
    >>> missing_periods([1988, 1992, 1993, 1995, 1997])
    [(1989.0, 1991.0), (1994.0, 1994.0), (1996.0, 1996.0)]
    """
    arr = np.unique(pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(float))
    step = period_step(arr) if step is None else step
    if step is None:
        return []
    out = []
    for a, b in zip(arr[:-1], arr[1:], strict=True):
        n = int(round((b - a) / step)) - 1
        if n >= 1:
            out.append((float(a + step), float(a + n * step)))
    return out


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def format_periods(runs: list[tuple[float, float]]) -> str:
    """``"1989–91, 1996"``: runs of missing periods (years share their century prefix).

    Examples
    --------
    >>> format_periods([(1989.0, 1991.0), (1996.0, 1996.0), (1999.0, 2001.0)])
    '1989–91, 1996, 1999–2001'
    """
    parts = []
    for a, b in runs[:MAX_LISTED_GAPS]:
        first, last = _num(a), _num(b)
        if a == b:
            parts.append(first)
        elif len(first) == len(last) == 4 and first[:2] == last[:2]:
            parts.append(f"{first}–{last[2:]}")
        else:
            parts.append(f"{first}–{last}")
    if len(runs) > MAX_LISTED_GAPS:
        parts.append(f"and {len(runs) - MAX_LISTED_GAPS} more")
    return ", ".join(parts)


def gap_note(values: Sequence[float], *, prefix: str = "no data") -> str:
    """``"no data: 1989–91, 1996"`` for the periods missing from ``values`` ("" if none), e.g.
    for the caption or shared x label of a hand-assembled multi-panel figure.

    Examples
    --------
    >>> gap_note([1988, 1992, 1993, 1995], prefix="no report")
    'no report: 1989–91, 1994'
    """
    runs = missing_periods(values)
    return f"{prefix}: {format_periods(runs)}" if runs else ""


def break_at_gaps(
    xs: np.ndarray, ys: np.ndarray, step: float | None, bridge: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Insert a NaN point between consecutive points further apart than ``step``, so that a
    line is not drawn across missing periods; gaps of at most ``bridge`` missing periods are
    kept joined (a rolling mean over that many periods is defined across them)."""
    if step is None or len(xs) < 2:
        return xs, ys
    jumps = np.flatnonzero(np.diff(xs.astype(float)) > step * (1.5 + bridge))
    if not len(jumps):
        return xs, ys
    xs_out = np.insert(xs.astype(float), jumps + 1, (xs[jumps] + xs[jumps + 1]) / 2)
    ys_out = np.insert(ys.astype(float), jumps + 1, np.nan)
    return xs_out, ys_out


def event_labels(
    ax: Axes, events: list[tuple[Any, str]], color: str = "#555555", fontsize: float | None = None
) -> list[Annotation]:
    """Labels of vertical event markers, written horizontally just above the plotting area.

    Labels that would touch their left neighbour move up a row; a label reaching past the
    axes' left or right end is aligned to its marker instead of centred on it. Nothing is drawn
    over the data, and nothing needs an opaque box.
    """
    if not events:
        return []
    fig = ax.figure.figure
    anns = []
    for pos, text in events:
        anns.append(
            ax.annotate(
                text,
                xy=(pos, 1.0),
                xycoords=ax.get_xaxis_transform(),
                xytext=(0, 1.5),
                textcoords="offset points",
                ha="center",
                va="bottom",
                color=color,
                fontsize=fontsize,
                gid="event",
                annotation_clip=False,
            )
        )
    fig.draw_without_rendering()
    left, right = ax.bbox.x0, ax.bbox.x1
    for ann in anns:
        box = ann.get_window_extent()
        if box.x1 > right + 1:
            ann.set_horizontalalignment("right")
        elif box.x0 < left - 1:
            ann.set_horizontalalignment("left")
    fig.draw_without_rendering()
    order = sorted(range(len(anns)), key=lambda i: anns[i].get_window_extent().x0)
    rows: list[list[Any]] = []
    px = fig.dpi / 72.0
    for i in order:
        box = anns[i].get_window_extent()
        row = 0
        while row < len(rows) and any(
            box.x0 < b.x1 + 6 * px and b.x0 < box.x1 + 6 * px for b in rows[row]
        ):
            row += 1
        if row == len(rows):
            rows.append([])
        if row:
            height = box.height / px + 1.0
            anns[i].xyann = (0, round(1.5 + row * height, 3))
        rows[row].append(box)
    return anns


def events_height_points(anns: list[Annotation]) -> float:
    """Height (points) above the axes taken by the event labels (for the title's pad)."""
    if not anns:
        return 0.0
    fig = anns[0].figure.figure
    fig.draw_without_rendering()
    px = fig.dpi / 72.0
    ax_top = anns[0].axes.bbox.y1
    top = max(a.get_window_extent().y1 for a in anns)
    return max(0.0, (top - ax_top) / px)
