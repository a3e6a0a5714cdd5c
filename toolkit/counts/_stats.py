"""Vectorised association and keyness statistics (one value per row of NumPy arrays).

Contingency tables of size 2^K are indexed by a bit mask ``b``: bit ``j`` is set when position
``j`` of an expression matches word ``j`` of the candidate. Cells come from *marginals*
``M(S)`` — how often the words at the positions in ``S`` occur together — by Möbius inversion:
``n_b = Σ_{S ⊇ b} (-1)^{|S|-|b|} M(S)``. That is how NLTK builds its bigram/trigram tables and
how quanteda counts its 2^K table of match patterns.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

__all__ = [
    "association",
    "cells_from_marginals",
    "lambda_z",
    "keyness_stats",
    "subsets",
]


def subsets(k: int) -> list[tuple[int, ...]]:
    """All subsets of ``range(k)`` as sorted tuples, by size."""
    return [s for size in range(k + 1) for s in combinations(range(k), size)]


def _mask(s: tuple[int, ...]) -> int:
    return sum(1 << j for j in s)


def cells_from_marginals(marginals: dict[tuple[int, ...], np.ndarray], k: int) -> np.ndarray:
    """The 2^k table (shape ``(2**k, rows)``, index = bit mask) from ``M(S)`` for every subset.

    Examples
    --------
    Bigram seen 3 times, first word 10 times, second 5 times, 100 positions:

    >>> m = {(): np.array([100]), (0,): np.array([10]), (1,): np.array([5]), (0, 1): np.array([3])}
    >>> cells_from_marginals(m, 2)[:, 0].tolist()  # n00, n10, n01, n11 (bit 0 = first word)
    [88.0, 7.0, 2.0, 3.0]
    """
    rows = len(next(iter(marginals.values())))
    cells = np.zeros((2**k, rows), dtype=np.float64)
    all_sets = subsets(k)
    for b_set in all_sets:
        b = _mask(b_set)
        for s_set in all_sets:
            if set(b_set) <= set(s_set):
                sign = -1.0 if (len(s_set) - len(b_set)) % 2 else 1.0
                cells[b] += sign * marginals[s_set]
    return cells


def association(
    count: np.ndarray,
    unigrams: list[np.ndarray],
    cells: np.ndarray,
    n_tokens: int,
) -> dict[str, np.ndarray]:
    """PMI, G², t, chi² and Dice with NLTK's conventions.

    ``count`` is the (window-scaled) n-gram count, ``unigrams`` the corpus frequency of each
    word, ``cells`` the 2^K table built from NLTK's marginals, ``n_tokens`` the number of tokens.
    Expected cell values assume independence: ``E_b = Π_j (f_j or N - f_j) / N^(K-1)``.
    PMI is in bits (log base 2), G² and chi² use natural logs / Pearson's sum, t is
    ``(O - E) / sqrt(O)``; for bigrams chi² is ``N · φ²`` exactly as NLTK computes it.
    """
    k = len(unigrams)
    n = float(n_tokens)
    f = [u.astype(np.float64) for u in unigrams]
    prod_f = np.prod(np.vstack(f), axis=0)
    expected_ngram = prod_f / n ** (k - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(count * n ** (k - 1)) - np.log2(prod_f)
        t = (count - expected_ngram) / np.sqrt(count)
        g2 = np.zeros(len(count))
        chi2 = np.zeros(len(count))
        for b in range(2**k):
            e = np.ones(len(count))
            for j in range(k):
                e = e * (f[j] if b >> j & 1 else n - f[j])
            e = e / n ** (k - 1)
            obs = cells[b]
            g2 += np.where(obs > 0, obs * np.log(obs / e), 0.0)
            chi2 += (obs - e) ** 2 / e
        g2 *= 2
        if k == 2:
            n11, n10, n01, n00 = cells[3], cells[1], cells[2], cells[0]
            phi2 = (n11 * n00 - n10 * n01) ** 2 / (
                (n11 + n10) * (n11 + n01) * (n10 + n00) * (n01 + n00)
            )
            chi2 = n * phi2
        dice = k * count / np.sum(np.vstack(f), axis=0)
    return {"pmi": pmi, "g2": g2, "t": t, "chi2": chi2, "dice": dice}


def lambda_z(cells: np.ndarray, smoothing: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Blaheta & Johnson's (2001) lambda and its Wald z, as quanteda's textstat_collocations.

    ``lambda = Σ_b (-1)^(K - |b|) log(n_b + smoothing)`` (the K-way interaction of the saturated
    log-linear model; for bigrams the log odds ratio) and ``z = lambda / sqrt(Σ_b 1/(n_b +
    smoothing))``.

    Examples
    --------
    >>> lam, z = lambda_z(np.array([[88.0], [7.0], [2.0], [3.0]]))
    >>> round(float(lam[0]), 6), round(float(z[0]), 6)  # log(3.5*88.5 / (7.5*2.5))
    (2.804572, 3.077774)
    """
    k = int(np.log2(cells.shape[0]))
    smoothed = cells + smoothing
    lam = np.zeros(cells.shape[1])
    with np.errstate(divide="ignore", invalid="ignore"):  # smoothing=0 with empty cells
        for b in range(2**k):
            sign = -1.0 if (k - bin(b).count("1")) % 2 else 1.0
            lam += sign * np.log(smoothed[b])
        sigma = np.sqrt(np.sum(1.0 / smoothed, axis=0))
        return lam, lam / sigma


def keyness_stats(
    a: np.ndarray, b: np.ndarray, c: float, d: float, *, yates: bool = False
) -> dict[str, np.ndarray]:
    """Keyness of a word seen ``a`` times in a target of ``c`` tokens and ``b`` times in a
    reference of ``d`` tokens.

    - ``g2``: Rayson & Garside (2000) log-likelihood, ``2 Σ O ln(O/E)`` over the two frequency
      cells, ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``; ``p_value`` from χ² with 1 df.
    - ``chi2``: Pearson's χ² of the full 2×2 table (a, b / c-a, d-b), without Yates' continuity
      correction unless ``yates=True``.
    - ``log_ratio``: Hardie's (2014) binary log of the ratio of relative frequencies; a zero
      frequency is replaced by 0.5 so that the ratio stays finite.
    - ``pct_diff``: Gabrielatos & Marchi's (2012) %DIFF, ``100 (NF_t - NF_r) / NF_r`` with
      normalised frequencies; a zero reference frequency is replaced by 1e-18 as they propose.

    Examples
    --------
    >>> s = keyness_stats(np.array([10.0]), np.array([5.0]), 1000, 2000)
    >>> round(float(s["g2"][0]), 6), round(float(s["log_ratio"][0]), 6), float(s["pct_diff"][0])
    (6.931472, 2.0, 300.0)
    """
    from scipy.special import chdtrc

    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    total = c + d
    e1 = c * (a + b) / total
    e2 = d * (a + b) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (
            np.where(a > 0, a * np.log(a / e1), 0.0) + np.where(b > 0, b * np.log(b / e2), 0.0)
        )
        obs = [a, b, c - a, d - b]
        col = [a + b, a + b, total - a - b, total - a - b]
        row = [c, d, c, d]
        chi2 = np.zeros(len(a))
        for o, cc, rr in zip(obs, col, row, strict=True):
            e = cc * rr / total
            diff = np.abs(o - e)
            if yates:
                diff = np.maximum(diff - 0.5, 0.0)
            chi2 += np.where(e > 0, diff**2 / e, 0.0)
        rate_a = np.where(a > 0, a, 0.5) / c
        rate_b = np.where(b > 0, b, 0.5) / d
        log_ratio = np.log2(rate_a / rate_b)
        nf_a = a / c * 1e6
        nf_b = b / d * 1e6
        pct_diff = (nf_a - nf_b) * 100 / np.where(nf_b > 0, nf_b, 1e-18)
    return {
        "g2": g2,
        "p_value": chdtrc(1, g2),  # upper tail of chi-square with 1 df
        "chi2": chi2,
        "log_ratio": log_ratio,
        "pct_diff": pct_diff,
        "over": nf_a > nf_b,
    }
