"""Layout helpers: packing graph components, placing node labels, measuring text.

Everything here is deterministic: no random numbers beyond the seeded spring layout, ties broken
by node name or input order.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.text import Annotation

#: Padding (data units) around each packed component; a component's radius is at most 1.
COMPONENT_PAD = 0.3
#: Smallest radius of a packed component relative to the largest one.
MIN_COMPONENT_RADIUS = 0.4
#: Cost of the outer ring of label spots, as a fraction of the label's area.
FAR_PENALTY = 0.15

# Label directions around a node, best first: above, below, right, left, then the diagonals.
_DIRECTIONS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))


def components(graph: Any) -> list[list[Hashable]]:
    """Connected components as sorted node lists, largest first (ties: smallest node name)."""
    import networkx as nx

    comps = [sorted(c, key=str) for c in nx.connected_components(graph)]
    return sorted(comps, key=lambda c: (-len(c), str(c[0])))


def _spread(xy: np.ndarray, min_dist: float, rounds: int = 100) -> np.ndarray:
    """Push apart nodes closer than ``min_dist`` (deterministic, all pairs at once)."""
    xy = xy.copy()
    n = len(xy)
    # fixed, antisymmetric directions for coincident nodes i < j
    i, j = np.indices((n, n))
    fallback = np.sign(j - i)[..., None] * np.stack([np.cos(i + j), np.sin(i + j)], axis=-1)
    for _ in range(rounds):
        diff = xy[None, :, :] - xy[:, None, :]  # diff[i, j] = xy[j] - xy[i]
        dist = np.hypot(diff[..., 0], diff[..., 1])
        np.fill_diagonal(dist, np.inf)
        short = np.clip(min_dist - dist, 0.0, None)
        if not short.any():
            break
        safe = np.where(dist > 1e-12, dist, 1.0)[..., None]
        unit = np.where(dist[..., None] > 1e-12, diff / safe, fallback)
        push = (unit * (short / 2)[..., None]).sum(axis=0)  # moves each node j away
        xy += push * 0.5
    return xy


def _unit_layout(graph: Any, nodes: list[Hashable], seed: int, k: float | None) -> np.ndarray:
    """Spring layout of one component: decluttered, long axis horizontal, radius 1."""
    import networkx as nx

    if len(nodes) == 1:
        return np.zeros((1, 2))
    if len(nodes) == 2:
        return np.array([[-1.0, 0.0], [1.0, 0.0]])
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from(graph.edges(nodes, data=True))
    pos = nx.spring_layout(sub, seed=seed, weight="weight", k=k)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    xy /= max(float(np.sqrt((xy**2).sum(axis=1)).max()), 1e-12)
    xy = _spread(xy, min(0.5, 1.5 / math.sqrt(len(nodes))))
    # rotate the principal axis to horizontal; fix signs so the result is unique
    _, vecs = np.linalg.eigh(np.cov(xy.T))
    xy = xy @ vecs[:, ::-1]
    xy *= np.where(np.abs(xy.min(axis=0)) > np.abs(xy.max(axis=0)), -1.0, 1.0)
    xy -= (xy.min(axis=0) + xy.max(axis=0)) / 2
    return xy / max(float(np.sqrt((xy**2).sum(axis=1)).max()), 1e-12)


def _shelves(sizes: np.ndarray, limit: float, axis: int) -> list[list[int]]:
    """Greedy shelf packing: fill a shelf along ``axis`` up to ``limit``, then open a new one."""
    shelves: list[list[int]] = [[]]
    used = 0.0
    for i, size in enumerate(sizes[:, axis]):
        if shelves[-1] and used + size > limit + 1e-9:
            shelves.append([])
            used = 0.0
        shelves[-1].append(i)
        used += float(size)
    return shelves


def _arrange(sizes: np.ndarray, shelves: list[list[int]], axis: int) -> np.ndarray:
    """Lower-left corners of boxes on shelves: rows (axis=0) or columns (axis=1).

    Shelves are centred on the longest one; boxes are centred across their shelf. The first box
    is at the top left: rows run top to bottom, columns left to right and each top to bottom.
    """
    other = 1 - axis
    lengths = [float(sizes[s, axis].sum()) for s in shelves]
    depths = [float(sizes[s, other].max()) for s in shelves]
    span = max(lengths)
    corners = np.zeros_like(sizes)
    offset = 0.0
    for shelf, length, depth in zip(shelves, lengths, depths, strict=True):
        along = (span - length) / 2
        for i in shelf:
            corner = np.zeros(2)
            corner[axis] = along
            corner[other] = offset + (depth - sizes[i, other]) / 2
            corners[i] = corner
            along += float(sizes[i, axis])
        offset += depth
    top = offset if axis == 0 else span
    corners[:, 1] = top - corners[:, 1] - sizes[:, 1]  # y grows upwards: flip
    return corners


def _shelf_packings(sizes: np.ndarray) -> list[np.ndarray]:
    """All shelf packings (rows and columns, every shelf length) as lower-left corners."""
    out = []
    for axis in (0, 1):
        for limit in np.unique(np.cumsum(sizes[:, axis])):
            out.append(_arrange(sizes, _shelves(sizes, float(limit), axis), axis))
    return out


def _best_packing(sizes: np.ndarray, aspect: float) -> np.ndarray:
    """Corners of the packing that fills a box of height/width ``aspect`` best.

    Candidates: shelf packings of all boxes, and the first (largest) box with a shelf packing
    of the others to its right or below it (centred on it).
    """
    candidates = _shelf_packings(sizes)
    if len(sizes) > 2:
        first = sizes[0]
        for rest in _shelf_packings(sizes[1:]):
            ext = (rest + sizes[1:]).max(axis=0)
            right = np.vstack([[0.0, max(0.0, (ext[1] - first[1]) / 2)], rest + [first[0], 0.0]])
            right[1:, 1] += max(0.0, (first[1] - ext[1]) / 2)
            below = np.vstack([[max(0.0, (ext[0] - first[0]) / 2), ext[1]], rest])
            below[1:, 0] += max(0.0, (first[0] - ext[0]) / 2)
            candidates += [right, below]
    best, best_fit = candidates[0], -1.0
    for corners in candidates:
        extent = (corners + sizes).max(axis=0)
        fit = min(1.0 / extent[0], aspect / extent[1])
        if fit > best_fit + 1e-9:
            best, best_fit = corners, fit
    return best


def pack_components(
    graph: Any, *, seed: int = 0, k: float | None = None, aspect: float = 1.0
) -> dict[Hashable, np.ndarray]:
    """Lay out each connected component separately and pack them side by side / in a grid.

    Each component gets its own seeded spring layout, scaled so that its radius grows with the
    square root of its node count (at least ``MIN_COMPONENT_RADIUS`` of the largest). The
    components, largest first, are packed on shelves (rows or columns); of all shelf widths the
    packing whose bounding box best fills a box of height/width ``aspect`` is kept.

    Returns
    -------
    dict
        Node to ``(x, y)`` position.
    """
    comps = components(graph)
    n_max = len(comps[0])
    blocks, sizes, lows = [], [], []
    for nodes in comps:
        radius = max(MIN_COMPONENT_RADIUS, math.sqrt(len(nodes) / n_max))
        xy = _unit_layout(graph, nodes, seed, k) * radius
        low = xy.min(axis=0) - COMPONENT_PAD
        blocks.append(xy)
        lows.append(low)
        sizes.append(xy.max(axis=0) + COMPONENT_PAD - low)
    corners = _best_packing(np.array(sizes), aspect)
    pos: dict[Hashable, np.ndarray] = {}
    for nodes, xy, low, corner in zip(comps, blocks, lows, corners, strict=True):
        for node, p in zip(nodes, xy - low + corner, strict=True):
            pos[node] = p
    return pos


def label_fontsize(base: float, n_nodes: int) -> float:
    """Node-label font size: the base size, one point smaller above 12 nodes, two above 25."""
    shrink = 0.0 if n_nodes <= 12 else 1.0 if n_nodes <= 25 else 2.0
    return max(5.5, base - shrink)


def _overlap(box: np.ndarray, others: np.ndarray) -> float:
    """Total overlap area of ``box`` (x0, y0, x1, y1) with each row of ``others``."""
    if not len(others):
        return 0.0
    w = np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0])
    h = np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1])
    return float((np.clip(w, 0, None) * np.clip(h, 0, None)).sum())


def crossing_length(box: np.ndarray, segments: np.ndarray) -> float:
    """Total length of the parts of ``segments`` (m × 2 × 2, display units) inside ``box``
    (x0, y0, x1, y1): Liang–Barsky clipping of every segment at once.

    Examples
    --------
    >>> crossing_length(np.array([0, 0, 2, 2]), np.array([[[-1, 1], [3, 1]], [[5, 5], [6, 6]]]))
    2.0
    """
    if not len(segments):
        return 0.0
    p0, d = segments[:, 0, :].astype(float), (segments[:, 1, :] - segments[:, 0, :]).astype(float)
    t0, t1 = np.zeros(len(d)), np.ones(len(d))
    for axis, lo, hi in ((0, box[0], box[2]), (1, box[1], box[3])):
        dv, pv = d[:, axis], p0[:, axis]
        flat = np.abs(dv) < 1e-12
        outside = flat & ((pv < lo) | (pv > hi))
        t1 = np.where(outside, -1.0, t1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ta, tb = (lo - pv) / dv, (hi - pv) / dv
        near, far = np.minimum(ta, tb), np.maximum(ta, tb)
        t0 = np.where(flat, t0, np.maximum(t0, near))
        t1 = np.where(flat, t1, np.minimum(t1, far))
    inside = np.clip(t1 - t0, 0.0, None)
    return float((inside * np.hypot(d[:, 0], d[:, 1])).sum())


def _outside(box: np.ndarray, frame: np.ndarray) -> float:
    """Area of ``box`` lying outside ``frame``."""
    inside = _overlap(box, frame[None, :])
    return float((box[2] - box[0]) * (box[3] - box[1])) - inside


def place_labels(
    ax: Axes,
    labels: Sequence[Annotation],
    radii_pt: Sequence[float],
    order: Sequence[int],
    segments: np.ndarray | None = None,
) -> None:
    """Move node labels next to their nodes so that they overlap each other, nodes and edges
    little.

    Greedy and deterministic: labels are placed in ``order`` (most important first), each at
    the best of 24 candidate spots around its node (8 directions, 3 distances): the spot with
    the least overlap with labels already placed and with node markers, the least length of
    edge crossing it (counted as if the edge covered the label's height), and least area
    outside the axes (outside the figure counts ten times). The outer ring costs ``FAR_PENALTY`` of
    the label's area, so labels stay next to their node unless that avoids a real collision.
    The figure is laid out first (:meth:`~matplotlib.figure.Figure.draw_without_rendering`)
    so that sizes are final; labels are kept out of the layout so that moving them does not
    move the axes.

    Parameters
    ----------
    ax : Axes
        Axes holding the labels (annotations at their nodes, offsets in points).
    labels : sequence of Annotation
        One label per node.
    radii_pt : sequence of float
        Marker radius of each node, in points.
    order : sequence of int
        Placement order (indices into ``labels``).
    segments : array, optional
        Edges as ``m × 2 × 2`` data coordinates; labels avoid lying across them.
    """
    fig = ax.figure.figure  # the root figure, also for axes in a subfigure
    for ann in labels:
        ann.set_in_layout(False)
    fig.draw_without_rendering()
    px = fig.dpi / 72.0
    nodes = ax.transData.transform(np.array([ann.xy for ann in labels], dtype=float))
    radii = np.asarray(radii_pt, dtype=float) * px
    discs = np.column_stack([nodes - radii[:, None], nodes + radii[:, None]])
    halo = 1.0 * px
    sizes = []
    for ann in labels:
        ext = ann.get_window_extent()
        sizes.append((ext.width + 2 * halo, ext.height + 2 * halo))
    edges = np.zeros((0, 2, 2))
    if segments is not None and len(segments):
        flat = ax.transData.transform(np.asarray(segments, dtype=float).reshape(-1, 2))
        edges = flat.reshape(-1, 2, 2)
    frame = np.array(ax.bbox.extents)
    page = np.array(fig.bbox.extents)
    gap = 1.5 * px
    placed = np.zeros((0, 4))
    for i in order:
        w, h = sizes[i]
        x, y = nodes[i]
        others = np.delete(discs, i, axis=0)
        best: tuple[float, np.ndarray] | None = None
        for ring in (0.0, 1.0, 2.0):
            reach = radii[i] + gap + ring * h
            for rank, (dx, dy) in enumerate(_DIRECTIONS):
                diag = 0.71 if dx and dy else 1.0
                cx = x + dx * (reach * diag + w / 2)
                cy = y + dy * (reach * diag + h / 2)
                box = np.array([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
                cost = (
                    _overlap(box, placed)
                    + _overlap(box, others)
                    + crossing_length(box, edges) * h
                    + _outside(box, frame)
                    + 10 * _outside(box, page)
                    + ring * FAR_PENALTY * w * h  # prefer the spots hugging the node
                    + 1e-3 * rank * px
                )
                if best is None or cost < best[0] - 1e-9:
                    best = (cost, box)
        assert best is not None
        box = best[1]
        placed = np.vstack([placed, box])
        centre = (box[:2] + box[2:]) / 2
        ann = labels[i]
        ann.xyann = tuple(float(v) for v in np.round((centre - nodes[i]) / px, 3))
        ann.set_horizontalalignment("center")
        ann.set_verticalalignment("center")


def title_above(ax: Axes, legend: Legend, title: str) -> None:
    """Set the axes title above a legend that sits on top of the axes (no overlap).

    The legend's height is measured with the figure's renderer and added to the title pad, so
    constrained layout reserves room for both and the title clears the legend.
    """
    fig = ax.figure.figure
    height = legend.get_window_extent().height * 72.0 / fig.dpi
    gap = legend.borderaxespad * legend.prop.get_size_in_points()
    ax.set_title(title, pad=round(height + gap + mpl.rcParams["axes.titlepad"], 3))


def legend_fitting_width(ax: Axes, ncols: int, **kwargs: Any) -> Legend:
    """``ax.legend(ncols=...)`` with the most columns (at most ``ncols``) that fit the width.

    The width available is the figure's width for an axes of a single-panel figure, and the
    axes' share of it otherwise (the axes width relative to a default single subplot).
    """
    fig = ax.figure.figure
    share = min(1.0, ax.get_position().width / 0.775)
    room = fig.bbox.width * share * 0.97
    for n in range(ncols, 0, -1):
        legend = ax.legend(ncols=n, **kwargs)
        if n == 1 or legend.get_window_extent().width <= room:
            return legend
    raise AssertionError("unreachable")  # pragma: no cover
