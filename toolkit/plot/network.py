"""Word co-occurrence network (quanteda's ``textplot_network``) from ``tk.fcm(...).to_frame()``.

The layout and label placement are those of :func:`toolkit.plot.network` (component-wise
seeded spring layout, each label at the freest of 24 spots around its node); on top of that a
label that would still touch a label already placed (placed in order of node strength) is
left out and counted in the figure's note, so that labels never overlap.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from toolkit.errors import ArgumentError

from ._common import as_table, check_frame, check_numeric, note
from .slogans import network

__all__ = ["word_network"]


def _hide_overlaps(fig: Figure, ax: Axes, order: list[str]) -> list[str]:
    """Hide labels that overlap a label placed before them; return the hidden words."""
    fig.draw_without_rendering()
    labels = {a.get_text(): a for a in ax.texts if isinstance(a, Annotation)}
    kept: list[Any] = []
    hidden = []
    for word in order:
        ann = labels.get(word)
        if ann is None:
            continue
        box = ann.get_window_extent().expanded(1.02, 1.05)
        if any(box.overlaps(other) for other in kept):
            ann.set_visible(False)
            hidden.append(word)
        else:
            kept.append(box)
    return hidden


def word_network(
    df: pd.DataFrame,
    *,
    top: int = 40,
    min_count: float = 1,
    weight: str = "count",
    seed: int = 0,
    k: float | None = None,
    ax: Axes | None = None,
    width: str | float = "single",
    title: str | None = None,
) -> Figure:
    """Network of the most frequent words, edges weighted by co-occurrence.

    Parameters
    ----------
    df : DataFrame
        ``tk.fcm(...).to_frame()``: ``feature_a``, ``feature_b``, ``count`` (or ``weight``),
        ``count_a``, ``count_b``.
    top : int
        Keep the pairs among the ``top`` most frequent words.
    min_count : float
        Keep pairs co-occurring at least this often (quanteda's ``min_freq``).
    weight : str
        Column weighting the edges.
    seed, k, ax, width, title
        As :func:`toolkit.plot.network`.

    Returns
    -------
    matplotlib.figure.Figure
        Labels that could not be placed without overlap are hidden; ``hidden_labels`` in the
        figure's provenance note lists them.

    Examples
    --------
    >>> import pandas as pd
    >>> co = pd.DataFrame({"feature_a": ["tax", "tax", "war"], "feature_b": ["cut", "war", "army"],
    ...                    "count": [5, 2, 4], "count_a": [9, 9, 6], "count_b": [5, 6, 4]})
    >>> fig = word_network(co)
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_visible())
    ['army', 'cut', 'tax', 'war']
    """
    func = "word_network"
    df = as_table(df, ("to_frame",))
    data = check_frame(df, ["feature_a", "feature_b", weight, "count_a", "count_b"], func)
    data = data.assign(_w=check_numeric(data, weight, func))
    counts = (
        pd.concat([data.set_index("feature_a")["count_a"], data.set_index("feature_b")["count_b"]])
        .groupby(level=0)
        .max()
    )
    best = set(counts.sort_values(ascending=False, kind="stable").index[:top])
    keep = data["feature_a"].isin(best) & data["feature_b"].isin(best) & (data["_w"] >= min_count)
    data = data[keep & (data["feature_a"] != data["feature_b"])]
    if data.empty:
        raise ArgumentError(
            f"word_network: no pair among the top {top} words has {weight} >= {min_count}"
        )
    edges = pd.DataFrame({
        "slogan_a": data["feature_a"].to_numpy(), "slogan_b": data["feature_b"].to_numpy(),
        "label_a": data["feature_a"].to_numpy(), "label_b": data["feature_b"].to_numpy(),
        "count": data["_w"].to_numpy(),
    })  # fmt: skip
    fig = network(edges, min_count=min_count, weight="count", color=None, seed=seed, k=k, ax=ax,
                  width=width, title=title)  # fmt: skip
    axis = fig.axes[0] if ax is None else ax
    strength = (
        pd.concat([edges.groupby("slogan_a")["count"].sum(), edges.groupby("slogan_b")["count"].sum()])
        .groupby(level=0).sum().sort_values(ascending=False, kind="stable")
    )  # fmt: skip
    order = sorted(strength.index, key=lambda w: (-float(strength[w]), str(w)))
    hidden = _hide_overlaps(fig, axis, order)
    note(fig, func, df, {"top": top, "min_count": min_count, "weight": weight, "seed": seed,
                         "k": k, "hidden_labels": hidden, "n_nodes": int(np.size(order))})  # fmt: skip
    return fig
