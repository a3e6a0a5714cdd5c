"""From seeds to aligned passages: chain the seeds, align each chain's region, trim it locally.

1. **Chains** (numpy, no loop over seeds): seeds of one document pair on nearby diagonals
   (``pos_s - pos_t`` in bands of ``band`` units) whose target positions follow each other with
   gaps of at most ``gap`` units form a chain; chains of one seed are noise and dropped. Chains of
   a passage that drifted across a band boundary (insertions, deletions) are joined afterwards.
2. **Alignment**: the chain's region, widened by ``gap`` units on each side, is aligned with
   rapidfuzz's Levenshtein opcodes (bit-parallel, any alphabet). The opcodes are scored (+1 per
   matched unit, -1 per substituted, inserted or deleted unit) and the maximal-scoring segments
   of the path are kept (Ruzzo & Tompa's all-maximal-segments, applied recursively): a local
   alignment that tolerates insertions, deletions and substitutions, whose ends fall on matching
   units.
3. Segments at least ``min_length`` units long (on the target side) with a normalised
   Levenshtein similarity of at least ``min_similarity`` become passages; overlapping passages of
   one pair are re-aligned as one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz.distance import Levenshtein

__all__ = ["AlignSettings", "align_chains", "chain_seeds"]

_PASSAGE_COLUMNS = ["pair", "t0", "t1", "s0", "s1", "similarity"]


@dataclass(frozen=True)
class AlignSettings:
    """How seeds are chained and aligned (all in units: characters or words)."""

    n: int
    min_length: int
    min_similarity: float
    gap: int
    band: int


def _chains_in_bands(
    pair: np.ndarray, pt: np.ndarray, ps: np.ndarray, shift: int, s: AlignSettings
) -> pd.DataFrame:
    band = (ps - pt + shift) // s.band
    idx = np.lexsort((pt, band, pair))
    pair, pt, ps, band = pair[idx], pt[idx], ps[idx], band[idx]
    new = np.ones(len(pt), dtype=bool)
    new[1:] = (pair[1:] != pair[:-1]) | (band[1:] != band[:-1]) | (pt[1:] - pt[:-1] > s.gap)
    starts = np.flatnonzero(new)
    size = np.diff(np.append(starts, len(pt)))
    chains = pd.DataFrame(
        {
            "pair": pair[starts],
            "t0": np.minimum.reduceat(pt, starts),
            "t1": np.maximum.reduceat(pt, starts) + s.n,
            "s0": np.minimum.reduceat(ps, starts),
            "s1": np.maximum.reduceat(ps, starts) + s.n,
            "seeds": size,
        }
    )
    span = np.minimum(chains["t1"] - chains["t0"], chains["s1"] - chains["s0"])
    return chains[(chains["seeds"] >= 2) & (span >= s.min_length / 2)]


def chain_seeds(seeds: pd.DataFrame, s: AlignSettings) -> pd.DataFrame:
    """Chains of seeds: ``pair``, ``t0``, ``t1``, ``s0``, ``s1`` (unit ranges), ``seeds``.

    Seeds of one pair whose diagonals fall in one band of ``band`` units and whose target
    positions are at most ``gap`` apart form a chain. The bands are laid twice, the second time
    shifted by half a band, so a passage whose diagonal drifts by less than half a band lies
    whole in one chain; the copies of a passage found twice are merged after alignment. Chains
    with fewer than two seeds, or spanning less than half of ``min_length``, cannot hold a
    passage and are dropped.
    """
    cols = ["pair", "t0", "t1", "s0", "s1", "seeds"]
    if not len(seeds):
        return pd.DataFrame({c: [] for c in cols}, dtype=np.int64)
    pair = seeds["pair"].to_numpy()
    pt = seeds["pos_t"].to_numpy()
    ps = seeds["pos_s"].to_numpy()
    both = pd.concat(
        [_chains_in_bands(pair, pt, ps, shift, s) for shift in (0, s.band // 2)],
        ignore_index=True,
    )
    both = both.drop_duplicates(["pair", "t0", "t1", "s0", "s1"])
    return both.sort_values(["pair", "t0", "s0"], kind="stable").reset_index(drop=True)


def _segments(
    ops: list[tuple], lo: int, hi: int, floor: float, found: list[tuple[int, int]]
) -> None:
    """Append the maximal-scoring segments of opcodes ``lo:hi`` scoring more than ``floor``.

    Kadane's scan for the best segment (which starts and ends on equal blocks; of equal
    scores the longest, so an edit next to a passage's first or last unit does not cut it
    short), then the same on the opcodes left and right of it.
    """
    if hi <= lo:
        return
    best, best_i, best_j = 0, -1, -1
    run, run_i = 0, lo
    for k in range(lo, hi):
        tag, a, b, c, d = ops[k]
        if tag == "equal":
            if run < 0:
                run, run_i = 0, k
            run += b - a
            if run >= best:  # ties: the longer segment (edits at a passage's ends)
                best, best_i, best_j = run, run_i, k
        else:
            run -= max(b - a, d - c)
    if best <= floor:
        return
    found.append((best_i, best_j))
    _segments(ops, lo, best_i, floor, found)
    _segments(ops, best_j + 1, hi, floor, found)


def _score_floor(s: AlignSettings) -> float:
    """Smallest score of a segment worth keeping (noise below it is not aligned further).

    A passage of ``L`` units at similarity ``q`` scores about ``(2q - 1) L`` (matches minus
    edits); a segment scoring less than half that for ``min_length``, or less than one exact
    shingle, cannot be a passage or a large piece of one.
    """
    return max(float(s.n), 0.5 * (2 * s.min_similarity - 1) * s.min_length)


def _align_region(
    tseq: list[int], sseq: list[int], t_off: int, s_off: int, floor: float
) -> list[tuple[int, int, int, int]]:
    """Unit ranges ``(t0, t1, s0, s1)`` of the maximal-scoring segments of one region."""
    ops = Levenshtein.opcodes(tseq, sseq).as_list()
    found: list[tuple[int, int]] = []
    _segments(ops, 0, len(ops), floor, found)
    return [
        (ops[i][1] + t_off, ops[j][2] + t_off, ops[i][3] + s_off, ops[j][4] + s_off)
        for i, j in sorted(found)
    ]


def align_chains(
    chains: pd.DataFrame,
    target_units: Callable[[int, int, int], list[int]],
    source_units: Callable[[int, int, int], list[int]],
    doc_sizes: tuple[np.ndarray, np.ndarray],
    n_docs_source: int,
    s: AlignSettings,
) -> pd.DataFrame:
    """Align every chain's region and return the passages (unit ranges and similarity).

    Parameters
    ----------
    chains : DataFrame
        From :func:`chain_seeds`.
    target_units, source_units : callable
        ``f(doc, a, b)`` gives the unit codes ``a:b`` of a target / source document.
    doc_sizes : (numpy.ndarray, numpy.ndarray)
        Number of units of every target and every source document.
    n_docs_source : int
        Decodes ``pair`` into target and source document.
    s : AlignSettings
        Lengths and thresholds.

    Returns
    -------
    DataFrame
        ``pair``, ``t0``, ``t1``, ``s0``, ``s1`` (unit ranges, end exclusive), ``similarity``.
    """
    t_sizes, s_sizes = doc_sizes
    floor = _score_floor(s)
    rows: list[tuple] = []
    if not len(chains):
        return pd.DataFrame(rows, columns=_PASSAGE_COLUMNS)
    arr = chains[["pair", "t0", "t1", "s0", "s1"]].to_numpy(dtype=np.int64)
    arr = arr[np.lexsort((arr[:, 3], arr[:, 1], arr[:, 0]))]
    bounds = np.flatnonzero(np.diff(arr[:, 0])) + 1
    for group in np.split(arr, bounds):
        pair = int(group[0, 0])
        dt, ds = divmod(pair, n_docs_source)
        t_size, s_size = int(t_sizes[dt]), int(s_sizes[ds])

        def region(a: int, b: int, c: int, d: int, dt=dt, ds=ds) -> list[tuple[int, int, int, int]]:
            return _align_region(target_units(dt, a, b), source_units(ds, c, d), a, c, floor)

        found: list[tuple[int, int, int, int]] = []
        for _, t0, t1, s0, s1 in group.tolist():
            a, b = max(0, t0 - s.gap), min(t_size, t1 + s.gap)
            c, d = max(0, s0 - s.gap), min(s_size, s1 + s.gap)
            segs = region(a, b, c, d)
            if any(_at_edge(g, (a, b, c, d), (t_size, s_size), s.n) for g in segs):
                # a passage runs on past the region: align again, widened on every side
                wide = 4 * s.gap
                a, b = max(0, t0 - wide), min(t_size, t1 + wide)
                c, d = max(0, s0 - wide), min(s_size, s1 + wide)
                segs = region(a, b, c, d)
            found += segs
        kept: list[tuple[int, int, int, int, float]] = []
        for joined, pieces in _merge_near(found, region, 2 * s.gap, s.n):
            for a, b, c, d in (joined, *pieces):
                if b - a < s.min_length:
                    continue
                tseq, sseq = target_units(dt, a, b), source_units(ds, c, d)
                sim = Levenshtein.normalized_similarity(tseq, sseq)
                if sim >= s.min_similarity:
                    kept.append((a, b, c, d, round(float(sim), 6)))
                    if (a, b, c, d) == joined:
                        break  # the joined passage holds; its pieces are not reported
        rows += [(pair, *p) for p in _drop_nested(kept)]
    return pd.DataFrame(rows, columns=_PASSAGE_COLUMNS)


def _at_edge(seg, box, sizes, n: int) -> bool:
    """Whether a segment ends within ``n`` units of its region's edge (not a document's)."""
    a, b, c, d = box
    return (
        (seg[0] - a < n and a > 0)
        or (b - seg[1] < n and b < sizes[0])
        or (seg[2] - c < n and c > 0)
        or (d - seg[3] < n and d < sizes[1])
    )


def _drop_nested(passages: list[tuple[int, int, int, int, float]]) -> list[tuple]:
    """Of passages of one pair that overlap on both sides, keep the longest (then the most
    similar): one alignment is reported once, whichever chains found it."""
    out: list[tuple[int, int, int, int, float]] = []
    for p in sorted(passages, key=lambda p: (-(p[1] - p[0]), -p[4], p)):
        if not any(p[0] < q[1] and q[0] < p[1] and p[2] < q[3] and q[2] < p[3] for q in out):
            out.append(p)
    return sorted(out)


def _merge_near(found, region, near: int, tol: int):
    """Join segments of one pair that overlap or lie within ``near`` units of each other on
    both sides and on about the same diagonal: their union is aligned again, and the result
    replaces them when one segment of it covers both (edits too dense for seeds between two
    pieces of one passage do not split it).

    Returns ``(joined, pieces)`` pairs: the joined segment, and the pieces it was made of (to
    fall back on when the joined passage is not similar enough as a whole).
    """
    merged: list[tuple[tuple[int, int, int, int], list]] = []
    for p in sorted(set(found)):
        for k in range(len(merged) - 1, -1, -1):
            q, pieces = merged[k]
            if q[1] + near < p[0]:
                continue
            close = p[0] <= q[1] + near and p[2] <= q[3] + near and p[3] >= q[2] - near
            if not close or abs((p[2] - p[0]) - (q[2] - q[0])) > near:
                continue
            if p[1] <= q[1] and p[2] >= q[2] and p[3] <= q[3]:
                break  # inside q already
            lo_t, hi_t = q[0], max(q[1], p[1])
            lo_s, hi_s = min(q[2], p[2]), max(q[3], p[3])
            again = region(lo_t, hi_t, lo_s, hi_s)
            best = max(again, key=lambda r: r[1] - r[0], default=None)
            if best is not None and best[0] <= q[0] + tol and best[1] >= hi_t - tol:
                merged[k] = (best, [*pieces, p] if pieces else [q, p])
                break
        else:
            merged.append((p, []))
    return merged
