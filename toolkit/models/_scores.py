"""Term ranking (relevance, FREX) and bootstrap prevalence for topic models."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toolkit.corpus.model import group_frame
from toolkit.errors import ArgumentError

__all__ = ["bootstrap_prevalence", "frex", "grouping", "marginal_terms", "relevance"]

_BOOT_CHUNK = 4_000_000  # resample-count cells per chunk (n_boot x clusters)


def marginal_terms(topic_term: np.ndarray, topic_mass: np.ndarray) -> np.ndarray:
    """Corpus-wide term distribution implied by the model: ``p(w) = sum_t p(t) p(w|t)``."""
    total = topic_mass.sum()
    p_t = topic_mass / total if total > 0 else np.full(len(topic_mass), 1 / len(topic_mass))
    return p_t @ topic_term


def relevance(topic_term: np.ndarray, p_w: np.ndarray, lambda_: float) -> np.ndarray:
    """Sievert & Shirley (2014): ``lambda log p(w|t) + (1 - lambda) log(p(w|t) / p(w))``.

    Terms with ``p(w|t) = 0`` get ``-inf``.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        log_phi = np.log(topic_term)
        lift = log_phi - np.log(p_w)[None, :]
        out = lambda_ * log_phi + (1.0 - lambda_) * lift
    return np.where(topic_term > 0, out, -np.inf)


def frex(topic_term: np.ndarray, weight: float = 0.5) -> np.ndarray:
    """FREX of Roberts, Stewart & Airoldi (2016), as ``stm::calcfrex``.

    Harmonic mean of a term's frequency rank within the topic and its exclusivity rank
    (``p(w|t) / sum_t' p(w|t')``), both as empirical CDFs in (0, 1]; ``weight`` is the weight of
    exclusivity.
    """
    from scipy.stats import rankdata

    col = topic_term.sum(axis=0, keepdims=True)
    excl = np.divide(topic_term, col, out=np.zeros_like(topic_term), where=col > 0)
    n = topic_term.shape[1]
    freq_score = rankdata(topic_term, axis=1) / n
    excl_score = rankdata(excl, axis=1) / n
    return 1.0 / (weight / excl_score + (1.0 - weight) / freq_score)


def grouping(docs: pd.DataFrame, by: str | list[str] | None) -> tuple[list[str], pd.DataFrame]:
    """Grouping columns for :func:`bootstrap_prevalence` (``"decade"`` derived from ``year``;
    ``None`` puts every unit in one group called ``"all"``)."""
    cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    groups = group_frame(docs, cols, context="prevalence(by")
    if not cols:
        groups["all"] = "all"
    return cols, groups


def _resample(
    sums: np.ndarray, sizes: np.ndarray, n_boot: int, rng: np.random.Generator
) -> np.ndarray:
    """Cluster bootstrap of ``sum(sums) / sum(sizes)``: ``n_boot`` x k resampled shares."""
    m = len(sizes)
    probs = np.full(m, 1.0 / m)
    step = max(1, _BOOT_CHUNK // m)
    out = []
    for start in range(0, n_boot, step):
        counts = rng.multinomial(m, probs, size=min(step, n_boot - start)).astype(np.float64)
        out.append((counts @ sums) / (counts @ sizes)[:, None])
    return np.vstack(out)


def bootstrap_prevalence(
    doc_topic: np.ndarray,
    groups: pd.DataFrame,
    clusters: np.ndarray,
    *,
    n_boot: int,
    ci: float,
    seed: int,
) -> pd.DataFrame:
    """Mean topic share per group with percentile bootstrap intervals over clusters.

    Parameters
    ----------
    doc_topic : numpy.ndarray, shape (n_units, k)
        Topic shares of every unit.
    groups : pandas.DataFrame
        One row per unit with the grouping column(s); rows with a missing key are left out.
    clusters : numpy.ndarray
        Resampling cluster of every unit (its parent document, or the unit itself).
    n_boot : int
        Bootstrap resamples per group (0: no intervals, ``ci_low``/``ci_high`` are NaN).
    ci : float
        Coverage of the percentile interval.
    seed : int
        Seed of the random generator (groups are processed in sorted order).

    Returns
    -------
    pandas.DataFrame
        Grouping columns, ``topic``, ``share``, ``ci_low``, ``ci_high``, ``n_docs`` (clusters)
        and ``n_units``.
    """
    k = doc_topic.shape[1]
    by = list(groups.columns)
    rng = np.random.default_rng(seed)
    alpha = (1.0 - ci) / 2.0
    rows = []
    keyed = groups.assign(_row=np.arange(len(groups)))
    for key, part in keyed.groupby(by, sort=True, dropna=True, observed=True):
        idx = part["_row"].to_numpy()
        codes, _ = pd.factorize(clusters[idx], sort=True)
        m = int(codes.max()) + 1
        sums = np.zeros((m, k))
        np.add.at(sums, codes, doc_topic[idx])
        sizes = np.bincount(codes, minlength=m).astype(np.float64)
        share = sums.sum(axis=0) / sizes.sum()
        if n_boot > 0:
            boot = _resample(sums, sizes, n_boot, rng)
            lo, hi = np.quantile(boot, [alpha, 1.0 - alpha], axis=0)
        else:
            lo = hi = np.full(k, np.nan)
        key = key if isinstance(key, tuple) else (key,)
        frame = pd.DataFrame(
            {
                **{col: [val] * k for col, val in zip(by, key, strict=True)},
                "topic": np.arange(k),
                "share": share,
                "ci_low": lo,
                "ci_high": hi,
                "n_docs": m,
                "n_units": len(idx),
            }
        )
        rows.append(frame)
    if not rows:
        raise ArgumentError(f"no unit has a value for {by}; nothing to group")
    out = pd.concat(rows, ignore_index=True)
    for col in by:
        out[col] = out[col].astype(groups[col].dtype)
    return out
