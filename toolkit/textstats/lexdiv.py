"""``tk.lexdiv``: lexical diversity of documents or groups (quanteda's ``textstat_lexdiv``).

With ``N`` tokens, ``V`` types and ``V_i`` the number of types occurring ``i`` times (logs in
base ``base``, 10 by default, as quanteda):

======== ====================================================== ==============================
measure  formula                                                source
======== ====================================================== ==============================
TTR      V / N                                                  Johnson (1944)
C        log V / log N                                          Herdan (1960)
R        V / sqrt(N)                                            Guiraud (1954)
CTTR     V / sqrt(2N)                                           Carroll (1964)
U        (log N)² / (log N - log V)                             Dugast (1979)
S        log log V / log log N                                  Summer (1966)
K        10⁴ (Σ_i V_i (i/N)² - 1/N)                             Yule (1944), as quanteda
I        V² / (Σ_i i² V_i - V)                                  Yule's I (0 when undefined)
D        Σ_i V_i (i/N) ((i-1)/(N-1))                            Simpson (1949)
Vm       sqrt(Σ_i V_i (i/N)² - 1/V)                             Herdan (1955)
Maas     sqrt((log N - log V) / (log N)²)                       Maas (1972)
lgV0     log10 V / sqrt(1 - (log10 V / log10 N)²)               Maas (1972)
lgeV0    ln V / sqrt(1 - (ln V / ln N)²)                        Maas (1972)
MATTR    mean TTR of every window of ``mattr_window`` tokens     Covington & McFall (2010)
MSTTR    mean TTR of consecutive segments (remainder dropped)    Johnson (1944)
MTLD     N / factors, mean of a forward and a backward pass      McCarthy & Jarvis (2010)
======== ====================================================== ==============================

The static measures are quanteda.textstats' ``compute_lexdiv_dfm_stats``
(``R/textstat_lexdiv.R``); MATTR and MSTTR its ``compute_mattr``/``compute_msttr``, except that
a window (segment) longer than a document is shortened for that document only (quanteda
shortens it for all documents). MTLD follows McCarthy & Jarvis (2010) as the lexicalrichness
package computes it: a factor ends when the running TTR falls to ``mtld_threshold`` (0.72) or
below; the last, partial factor counts ``(1 - TTR) / (1 - threshold)``.

Tokens without a letter (numbers, punctuation, symbols) are left out unless
``remove_numbers=False``, as quanteda's ``remove_numbers``/``remove_punct``/``remove_symbols``.
For Chinese, ``what="char"`` measures diversity over characters instead of words.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import ArgumentError, InputError, ToolkitWarning
from toolkit.features import Dfm
from toolkit.textstats._units import unit_columns, unit_ids, unit_tokens

__all__ = ["MEASURES", "lexdiv"]

STATIC = ("TTR", "C", "R", "CTTR", "U", "S", "K", "I", "D", "Vm", "Maas", "lgV0", "lgeV0")
MOVING = ("MATTR", "MSTTR", "MTLD")
MEASURES = STATIC + MOVING
DEFAULT = ("TTR", "CTTR", "Maas", "K", "MATTR", "MTLD")
_LETTER = re.compile(r"[^\W\d_]")


def _static(counts: np.ndarray, measure: str, base: float) -> float:
    N, V = float(counts.sum()), float(len(counts))

    def log(x: float) -> float:
        return float(np.log(x) / np.log(base))

    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "TTR":
            return V / N
        if measure == "C":
            return log(V) / log(N)
        if measure == "R":
            return V / np.sqrt(N)
        if measure == "CTTR":
            return V / np.sqrt(2 * N)
        if measure == "U":
            return log(N) ** 2 / (log(N) - log(V))
        if measure == "S":
            return float(np.log(log(V)) / np.log(base)) / float(np.log(log(N)) / np.log(base))
        if measure == "Maas":
            return float(np.sqrt((log(N) - log(V)) / log(N) ** 2))
        if measure == "lgV0":
            return float(np.log10(V) / np.sqrt(1 - (np.log10(V) / np.log10(N)) ** 2))
        if measure == "lgeV0":
            return float(np.log(V) / np.sqrt(1 - (np.log(V) / np.log(N)) ** 2))
        i, Vi = np.unique(counts, return_counts=True)
        if measure == "K":
            return float(1e4 * (-1 / N + (Vi * (i / N) ** 2).sum()))
        if measure == "I":
            M2 = float((Vi * i.astype(float) ** 2).sum())
            return 0.0 if M2 == V else V**2 / (M2 - V)  # quanteda sets Inf to 0
        if measure == "D":
            return float((Vi * (i / N) * ((i - 1) / (N - 1))).sum())
        return float(np.sqrt((Vi * (i / N) ** 2).sum() - 1 / V))  # Vm


def _mattr(ids: np.ndarray, window: int) -> float:
    """Mean number of distinct types over every window, divided by the window: O(n) with the
    previous occurrence of each token (token p is new in window s iff prev[p] < s)."""
    n = len(ids)
    last: dict[int, int] = {}
    prev = np.empty(n, dtype=np.int64)
    for p, t in enumerate(ids.tolist()):
        prev[p] = last.get(t, -1)
        last[t] = p
    n_windows = n - window + 1
    p = np.arange(n)
    lo = np.maximum.reduce([prev + 1, p - window + 1, np.zeros(n, dtype=np.int64)])
    hi = np.minimum(p, n_windows - 1)
    ok = lo <= hi
    diff = np.zeros(n_windows + 1)
    np.add.at(diff, lo[ok], 1)
    np.add.at(diff, hi[ok] + 1, -1)
    distinct = np.cumsum(diff)[:n_windows]
    return float((distinct / window).mean())


def _msttr(ids: np.ndarray, segment: int) -> float:
    k = len(ids) // segment
    chunks = ids[: k * segment].reshape(k, segment)
    return float(np.mean([len(np.unique(c)) / segment for c in chunks]))


def _mtld_pass(ids: list[int], threshold: float, n_types: int) -> float:
    terms: set[int] = set()
    count, factors, ttr = 0, 0.0, 1.0
    for t in ids:
        count += 1
        terms.add(t)
        ttr = len(terms) / count
        if ttr <= threshold:
            count, terms, factors = 0, set(), factors + 1
    if count > 0:
        factors += (1 - ttr) / (1 - threshold)
    if factors == 0:
        whole = n_types / len(ids)
        factors = 1.0 if whole == 1 else (1 - whole) / (1 - threshold)
    return len(ids) / factors


def _moving(ids: np.ndarray, measure: str, size: int, threshold: float) -> float:
    if measure == "MATTR":
        return _mattr(ids, size)
    if measure == "MSTTR":
        return _msttr(ids, size)
    seq = ids.tolist()
    n_types = len(set(seq))
    return float(
        np.mean([_mtld_pass(seq, threshold, n_types), _mtld_pass(seq[::-1], threshold, n_types)])
    )


def _measures(measure: str | Sequence[str]) -> list[str]:
    if measure == "all":
        wanted = list(MEASURES)
    else:
        wanted = [measure] if isinstance(measure, str) else list(measure)
    unknown = [m for m in wanted if m not in MEASURES]
    if unknown or not wanted:
        raise ArgumentError(f"unknown lexdiv measure(s) {unknown}; choose from {MEASURES} or 'all'")
    return wanted


def lexdiv(
    data: Any,
    *,
    measure: str | Sequence[str] = DEFAULT,
    by: str | Sequence[str] | None = None,
    remove_numbers: bool = True,
    base: float = 10,
    mattr_window: int = 100,
    msttr_segment: int = 100,
    mtld_threshold: float = 0.72,
    **token_options: Any,
) -> pd.DataFrame:
    """Lexical diversity of every document (or group), quanteda's ``textstat_lexdiv``.

    Parameters
    ----------
    data : Corpus, Tokens, Dfm or list of str
        The texts. A Dfm gives the static measures only (the moving ones need token order).
    measure : str or list of str
        Names from :data:`MEASURES` (quanteda's names, plus ``MTLD``), or ``"all"``.
    by : str or list of str, optional
        Group the documents (``"decade"``, ``"party"``…); a group's tokens are laid end to end.
    remove_numbers : bool
        Leave out tokens without a letter (numbers, punctuation, symbols).
    base : float
        Logarithm base of C, U, S and Maas (quanteda's ``log.base``).
    mattr_window, msttr_segment : int
        Window of MATTR and segment of MSTTR, in tokens (shortened, with a warning, for a
        document that is shorter).
    mtld_threshold : float
        TTR at which an MTLD factor ends.
    **token_options
        Options of :func:`toolkit.tokens` for a Corpus or texts, e.g. ``what="char"``.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``date``, ``year`` (or the ``by`` columns and ``n_docs``), ``tokens``,
        ``types``, ``measure``, ``value`` — one row per unit and measure.

    Examples
    --------
    >>> import toolkit as tk
    >>> out = tk.lexdiv(["b a b a b a b a", "a a b b"], measure=["TTR", "CTTR"])
    >>> out.pivot(index="doc_id", columns="measure", values="value").round(4).values.tolist()
    [[0.5, 0.25], [0.7071, 0.5]]
    """
    wanted = _measures(measure)
    for name, value in (("mattr_window", mattr_window), ("msttr_segment", msttr_segment)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ArgumentError(f"{name} must be a positive int, not {value!r}")
    if not 0 < mtld_threshold < 1:
        raise ArgumentError(f"mtld_threshold must lie in (0, 1), not {mtld_threshold}")
    if isinstance(data, Dfm):
        return _from_dfm(data, wanted, by, remove_numbers, base, token_options)
    toks = unit_tokens(data, by=by, function="lexdiv", **token_options)
    keep = np.array([bool(_LETTER.search(v)) for v in toks.vocab.tolist()] or [], dtype=bool)
    units = unit_columns(toks.docvars, by)
    rows = []
    short: list[str] = []
    for u, ids in enumerate(unit_ids(toks)):
        if remove_numbers and len(ids):
            ids = ids[keep[ids]]
        counts = np.bincount(ids)[np.unique(ids)] if len(ids) else np.zeros(0, int)
        for m in wanted:
            if len(ids) == 0:
                value = np.nan
            elif m in STATIC:
                value = _static(counts, m, base)
            else:
                size = mattr_window if m == "MATTR" else msttr_segment
                if m != "MTLD" and size > len(ids):
                    short.append(toks.doc_ids[u])
                value = _moving(ids, m, min(size, len(ids)), mtld_threshold)
            rows.append((u, len(ids), len(counts), m, value))
    if short:
        warnings.warn(
            f"lexdiv: {len(set(short))} unit(s) are shorter than the MATTR window or MSTTR "
            f"segment, which was shortened to their length: {sorted(set(short))[:5]}",
            ToolkitWarning,
            stacklevel=2,
        )
    return _frame(units, rows)


def _frame(units: pd.DataFrame, rows: list[tuple]) -> pd.DataFrame:
    body = pd.DataFrame(rows, columns=["_u", "tokens", "types", "measure", "value"])
    out = units.iloc[body["_u"].to_numpy()].reset_index(drop=True)
    return pd.concat([out, body.drop(columns="_u")], axis=1)


def _from_dfm(
    d: Dfm, wanted: list[str], by: Any, remove_numbers: bool, base: float, options: dict
) -> pd.DataFrame:
    moving = [m for m in wanted if m in MOVING]
    if moving:
        raise ArgumentError(
            f"lexdiv: {moving} need the order of the tokens; pass the Corpus or Tokens, not a Dfm"
        )
    if options:
        raise InputError(f"lexdiv: tokens options {sorted(options)} do not apply to a Dfm")
    if d.weighted:
        raise ArgumentError("lexdiv needs counts; this Dfm is weighted")
    if by is not None:
        d = d.group(by)
    if remove_numbers:
        d = d._columns(np.array([bool(_LETTER.search(f)) for f in d.features.tolist()], bool))
    X = d.matrix.tocsr()
    units = unit_columns(d.docvars, by)
    rows = []
    for u in range(X.shape[0]):
        counts = X.data[X.indptr[u] : X.indptr[u + 1]]
        counts = counts[counts > 0]
        for m in wanted:
            value = _static(counts, m, base) if len(counts) else np.nan
            rows.append((u, int(counts.sum()), len(counts), m, value))
    return _frame(units, rows)
