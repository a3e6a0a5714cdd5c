"""Exclusions and the overlap policy on arrays of raw hits.

Hits are ``(start, end, entry, is_form)`` arrays. Most hits overlap no other hit; only the
clusters of mutually overlapping hits go through the sequential leftmost-longest rule, so the
cost stays proportional to the number of hits with a small constant.
"""

from __future__ import annotations

import numpy as np

__all__ = ["resolve"]


def _clusters(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Cluster ids of hits sorted by start: a new cluster begins where a hit starts at or after
    the end of every earlier hit."""
    if start.size == 0:
        return np.zeros(0, dtype=np.int64)
    reach = np.maximum.accumulate(end)
    new = np.empty(start.size, dtype=bool)
    new[0] = True
    np.greater_equal(start[1:], reach[:-1], out=new[1:])
    return np.cumsum(new) - 1


def _greedy_keep(start: np.ndarray, end: np.ndarray, key: np.ndarray | None) -> np.ndarray:
    """Leftmost-longest non-overlapping selection on hits sorted by (key, start, -length);
    with ``key``, separately within each key value. Returns a boolean mask."""
    keep = np.ones(start.size, dtype=bool)
    if start.size < 2:
        return keep
    group = _clusters(start, end) if key is None else _keyed_clusters(start, end, key)
    sizes = np.bincount(group)
    crowded = np.flatnonzero(sizes[group] > 1)
    last_group, last_end = -1, -1
    for i in crowded.tolist():
        g = group[i]
        if g != last_group:
            last_group, last_end = g, -1
        if start[i] >= last_end:
            last_end = end[i]
        else:
            keep[i] = False
    return keep


def _keyed_clusters(start: np.ndarray, end: np.ndarray, key: np.ndarray) -> np.ndarray:
    boundary = np.empty(start.size, dtype=bool)
    boundary[0] = True
    np.not_equal(key[1:], key[:-1], out=boundary[1:])
    # the running reach restarts with each key: offset ends so that they never carry over
    shift = (np.cumsum(boundary) - 1) * (int(end.max()) + 1)
    return _clusters(start + shift, end + shift)


def resolve(
    start: np.ndarray, end: np.ndarray, entry: np.ndarray, is_form: np.ndarray, overlap: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Apply exclusions and the overlap policy; return ``(start, end, entry)`` in text order.

    A form hit lying inside an exclusion hit of the same entry is dropped. ``"longest"`` keeps
    leftmost-longest non-overlapping hits; ``"all"`` does so separately per entry (nested hits
    of other entries stay, overlapping hits of one entry count once).

    Examples
    --------
    >>> s, e, n = resolve(np.array([0, 2, 2]), np.array([8, 6, 6]), np.array([0, 1, 2]),
    ...                   np.array([True, True, False]), "longest")
    >>> s.tolist(), n.tolist()
    ([0], [0])
    """
    if not is_form.all():
        blocks = np.flatnonzero(~is_form)
        forms = np.flatnonzero(is_form)
        drop = np.zeros(forms.size, dtype=bool)
        for b in blocks.tolist():
            drop |= (entry[forms] == entry[b]) & (start[forms] >= start[b]) & (end[forms] <= end[b])
        forms = forms[~drop]
        start, end, entry = start[forms], end[forms], entry[forms]
    if overlap == "longest":
        order = np.lexsort((entry, start - end, start))
        start, end, entry = start[order], end[order], entry[order]
        keep = _greedy_keep(start, end, None)
        return start[keep], end[keep], entry[keep]
    order = np.lexsort((start - end, start, entry))
    start, end, entry = start[order], end[order], entry[order]
    keep = _greedy_keep(start, end, entry)
    start, end, entry = start[keep], end[keep], entry[keep]
    order = np.lexsort((entry, start - end, start))
    return start[order], end[order], entry[order]
