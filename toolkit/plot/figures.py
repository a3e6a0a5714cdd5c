"""Frequency figures: keyness bars, lexical dispersion (x-ray) plots; trends are in
:mod:`toolkit.plot.timeseries`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import blended_transform_factory

from toolkit.errors import ArgumentError

from ._common import (
    as_table,
    check_bilingual,
    check_frame,
    check_numeric,
    gloss_mapping,
    new_axes,
    note,
    ordered_unique,
)
from ._common import (
    bilingual as bilingual_label,
)
from ._layout import title_above
from .style import OKABE_ITO, PALETTE, figsize, style
from .timeseries import trend

__all__ = ["keyness_bars", "trend", "xray"]

_MEASURE_LABELS = {"g2": "log-likelihood G²", "chi2": "χ²", "log_ratio": "log ratio"}


def keyness_bars(
    df: pd.DataFrame,
    *,
    top: int = 20,
    measure: str = "g2",
    label_col: str = "feature",
    target: str = "target",
    reference: str = "reference",
    bilingual: bool = False,
    gloss: Any = None,
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
    bilingual : bool
        Follow each term with its English gloss from ``gloss`` ("中国式现代化 Chinese
        modernization"); terms without one stay as they are.
    gloss : Lexicon, str or mapping, optional
        English glosses (a lexicon or its name: every form of an entry gets its label_en).
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
    bilingual = check_bilingual(bilingual, func)
    glosses = gloss_mapping(gloss, func) if bilingual else {}
    texts = df[label_col].astype(str)
    if bilingual:
        texts = texts.map(lambda t: _bilingual_text(t, glosses.get(t)))
    data = df.assign(_v=check_numeric(df, measure, func).abs(), _l=texts)
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
        own = fig.axes == [ax]
        legend = ax.legend(
            loc="lower center" if own else "lower left",
            bbox_to_anchor=(0.5 if own else 0.0, 1.0),
            # a new figure: centred on the page (long term labels push the axes right)
            bbox_transform=blended_transform_factory(fig.transFigure, ax.transAxes)
            if own
            else ax.transAxes,
            ncols=1,
            frameon=False,
        )
        if title:
            title_above(ax, legend, title)
    params = {
        "top": top,
        "measure": measure,
        "label_col": label_col,
        "target": target,
        "reference": reference,
        "bilingual": bilingual,
    }
    note(fig, func, df, params)
    return fig


def _bilingual_text(text: str, en: str | None) -> str:
    return bilingual_label(text, en) if en else text


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
    bilingual: bool = False,
    gloss: Any = None,
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
    bilingual : bool
        Follow each term with its English gloss from ``gloss``.
    gloss : Lexicon, str or mapping, optional
        English glosses (a lexicon or its name: every form of an entry gets its label_en).
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
    positions = as_table(positions, ("positions",))
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
        glosses = gloss_mapping(gloss, func) if check_bilingual(bilingual, func) else {}
        names = [_bilingual_text(str(t), glosses.get(str(t))) for t in rows]
        ax.set_yticks(np.arange(len(rows)), names)
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
