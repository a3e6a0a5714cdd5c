"""``tk.wordscores``: Laver, Benoit & Garry's (2003) Wordscores, with LBG and MV rescaling.

As quanteda.textmodels' ``textmodel_wordscores`` and ``predict.textmodel_wordscores``
(``R/textmodel_wordscores.R``):

- word scores from the reference texts: ``F_wr`` = relative frequency of word ``w`` in
  reference ``r``, ``P_wr = F_wr / Σ_r F_wr``, ``S_w = Σ_r P_wr A_r`` (``A_r`` the reference
  scores; ``smooth`` adds a constant to the reference counts first). Only words that occur in
  a reference text get a score.
- the raw score of a text: ``S_v = Σ_w F_wv S_w`` with ``F_wv`` the relative frequencies of
  its *scored* words (quanteda matches the text's features to the scored ones first), with
  standard error ``sqrt(Σ_w F_wv (S_v - S_w)²) / sqrt(N_v)`` (``N_v`` its scored tokens).
- ``rescale="lbg"`` (LBG 2003): ``(S_v - mean S) · SD(A) / SD(S) + mean S``, the mean and SD
  over the documents scored (all of them, references included, as quanteda's ``predict()``);
  intervals are the raw intervals transformed the same way and the standard error is the raw
  one times ``SD(A) / SD(S)``. (quanteda's ``se.fit`` applies the shift to the standard error
  too; its intervals are the ones given here.)
- ``rescale="mv"`` (Martin & Vanberg 2008): the raw scores mapped linearly so that the
  references with the lowest and highest scores get exactly those scores; with more than two
  references only those two anchor the map (a warning says so, as quanteda).

References: Laver, M., Benoit, K. & Garry, J. (2003). Extracting policy positions from
political texts using words as data. *American Political Science Review* 97(2), 311–331.
Martin, L. W. & Vanberg, G. (2008). A robust transformation procedure for interpreting
political text. *Political Analysis* 16(1), 93–100.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm

from toolkit.errors import ArgumentError, InputError, ToolkitWarning, UnknownNameError
from toolkit.scaling._common import count_dfm, doc_columns

__all__ = ["Wordscores", "wordscores"]


@dataclass
class Wordscores:
    """A fitted Wordscores model with the scores of every document (:func:`wordscores`).

    Attributes
    ----------
    documents : pandas.DataFrame
        ``doc_id``, ``date``, ``year``, ``ref_score`` (the reference score; NaN for a virgin
        text), ``theta_raw`` and ``se_raw`` (the raw text score and its standard error), and
        ``theta``, ``se``, ``ci_low``, ``ci_high`` on the ``rescale`` scale (the raw scale
        when ``rescale=None``).
    features : pandas.DataFrame
        ``feature`` and ``word_score`` for every word seen in a reference text.
    rescale : str or None
        ``"lbg"``, ``"mv"`` or None.
    """

    documents: pd.DataFrame
    features: pd.DataFrame
    rescale: str | None

    def __repr__(self) -> str:
        refs = int(self.documents["ref_score"].notna().sum())
        return (
            f"<Wordscores: {refs} reference and {len(self.documents) - refs} virgin texts, "
            f"{len(self.features)} scored features, rescale={self.rescale!r}>"
        )


def _reference_scores(reference: Any, docvars: pd.DataFrame) -> np.ndarray:
    n = len(docvars)
    if isinstance(reference, str):
        if reference not in docvars.columns:
            raise UnknownNameError(
                f"reference: no docvars column {reference!r}; columns: {list(docvars.columns)}"
            )
        values = pd.to_numeric(docvars[reference], errors="coerce").to_numpy(dtype=float)
    elif isinstance(reference, Mapping):
        ids = docvars["doc_id"].tolist()
        unknown = sorted(set(reference) - set(ids))
        if unknown:
            raise UnknownNameError(f"reference: no such document(s) {unknown[:5]}")
        values = np.array([reference.get(i, np.nan) for i in ids], dtype=float)
    elif isinstance(reference, (Sequence, np.ndarray, pd.Series)):
        values = np.array([np.nan if v is None else v for v in reference], dtype=float)
        if len(values) != n:
            raise ArgumentError(
                f"reference has {len(values)} scores for {n} documents (NaN/None for virgin texts)"
            )
    else:
        raise InputError(
            "reference must be a docvars column name, a {doc_id: score} mapping or one score "
            f"per document, not {type(reference).__name__}"
        )
    if np.isfinite(values).sum() < 2:
        raise ArgumentError("wordscores needs at least two reference texts with scores")
    return values


def _mv(x: np.ndarray, ref: np.ndarray, raw: np.ndarray) -> np.ndarray:
    known = np.isfinite(ref)
    lo_i = np.flatnonzero(known & (ref == np.nanmin(ref)))
    hi_i = np.flatnonzero(known & (ref == np.nanmax(ref)))
    lo, hi = np.nanmin(ref), np.nanmax(ref)
    return (x - raw[lo_i].mean()) * (hi - lo) / (raw[hi_i].mean() - raw[lo_i].mean()) + lo


def wordscores(
    data: Any,
    reference: Any,
    *,
    rescale: str | None = None,
    smooth: float = 0.0,
    ci: float = 0.95,
) -> Wordscores:
    """Score words from reference texts and texts from their words (LBG 2003).

    Parameters
    ----------
    data : Dfm, Corpus, Tokens or list of str
        Reference and virgin texts together (a Corpus, Tokens or texts become ``tk.dfm``).
    reference : str, mapping or sequence
        The reference scores: a docvars column (NaN for virgin texts), ``{doc_id: score}``
        for the reference texts, or one score per document with ``None``/NaN for virgin
        texts (quanteda's ``y``).
    rescale : {None, "lbg", "mv"}
        Report ``theta`` raw, LBG-rescaled or Martin–Vanberg-rescaled.
    smooth : float
        Added to every reference count before scoring the words (quanteda's ``smooth``).
    ci : float
        Level of the normal intervals.

    Returns
    -------
    Wordscores
        ``.documents`` and ``.features`` (see :class:`Wordscores`).

    Examples
    --------
    >>> import toolkit as tk
    >>> d = tk.dfm(["left left centre", "right right centre", "left centre right right"])
    >>> ws = tk.wordscores(d, [-1, 1, None])
    >>> ws.features.word_score.round(3).tolist()
    [0.0, -1.0, 1.0]
    >>> round(float(ws.documents.theta.iloc[2]), 3)
    0.25
    """
    if rescale not in (None, "lbg", "mv"):
        raise ArgumentError(f"rescale must be None, 'lbg' or 'mv', not {rescale!r}")
    if smooth < 0:
        raise ArgumentError(f"smooth must be >= 0, not {smooth}")
    if not 0 < ci < 1:
        raise ArgumentError(f"ci must lie in (0, 1), not {ci}")
    d = count_dfm(data, function="wordscores")
    ref = _reference_scores(reference, d.docvars)
    X = d.matrix.toarray().astype(np.float64)
    known = np.isfinite(ref)
    R = X[known] + smooth
    F_ref = R / R.sum(axis=1, keepdims=True)
    col = F_ref.sum(axis=0)
    scored = col > 0
    P = F_ref[:, scored] / col[scored]
    sw_scored = P.T @ ref[known]
    Xs = X[:, scored]
    lengths = Xs.sum(axis=1)
    if (lengths == 0).any():
        empty = [d.doc_ids[i] for i in np.flatnonzero(lengths == 0)]
        warnings.warn(
            f"wordscores: {len(empty)} document(s) contain no scored word; their scores are "
            f"NaN: {empty[:5]}",
            ToolkitWarning,
            stacklevel=2,
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        F = Xs / lengths[:, None]
        raw = F @ sw_scored
        spread = (F * (raw[:, None] - sw_scored[None, :]) ** 2).sum(axis=1)
        raw_se = np.sqrt(spread) / np.sqrt(lengths)
    z = float(norm.ppf(1 - (1 - ci) / 2))
    lo_raw, hi_raw = raw - z * raw_se, raw + z * raw_se
    if rescale is None:
        theta, se, lo, hi = raw, raw_se, lo_raw, hi_raw
    elif rescale == "mv":
        if known.sum() > 2:
            warnings.warn(
                "More than two reference scores found with MV rescaling; using only min, max "
                "values.",
                ToolkitWarning,
                stacklevel=2,
            )
        theta, lo, hi = (_mv(v, ref, raw) for v in (raw, lo_raw, hi_raw))
        se = (hi - theta) / z
    else:
        sd_ref = float(np.std(ref[known], ddof=1))
        mean_raw = float(np.nanmean(raw))
        sd_raw = float(np.nanstd(raw, ddof=1)) if len(raw) > 1 else 0.0
        mult = 0.0 if sd_ref == 0 else sd_ref / sd_raw
        if mult == 0:
            theta, se, lo, hi = raw, raw_se, lo_raw, hi_raw
        else:
            theta, lo, hi = ((v - mean_raw) * mult + mean_raw for v in (raw, lo_raw, hi_raw))
            se = raw_se * mult
    docs = doc_columns(d.docvars).assign(
        ref_score=ref, theta_raw=raw, se_raw=raw_se, theta=theta, se=se, ci_low=lo, ci_high=hi
    )
    feats = pd.DataFrame({"feature": d.features[scored], "word_score": sw_scored})
    return Wordscores(documents=docs, features=feats, rescale=rescale)
