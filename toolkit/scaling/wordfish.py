"""``tk.wordfish``: Slapin & Proksch's (2008) Poisson scaling model of document positions.

The model: the count of feature ``j`` in document ``i`` is Poisson with
``log λ_ij = α_i + ψ_j + β_j θ_i`` — ``θ_i`` the document's position, ``α_i`` its length
effect, ``ψ_j`` the feature's frequency, ``β_j`` how it discriminates along the scale.

Estimation is quanteda.textmodels' ``textmodel_wordfish`` (``src/wordfish.cpp``), step for
step, so the numbers agree with it: starting values from the SVD of the χ² residuals
(θ from the first left singular vector, ψ = log(column sum / N), α = log(row sum / mean row
sum), β = 0); then alternating conditional Newton steps — all feature parameters (ψ_j, β_j)
given the documents, then all document parameters (α_i, θ_i) given the features, at most 10
steps each, the first step of the first round halved — with ridge priors (precisions
``1 / priors²``: none on α and ψ, σ = 3 on β, σ = 1 on θ), α re-centred and θ standardised
(sample SD) after every round, until the log-posterior gains less than ``tol[0]`` (at most
100 rounds). ``dir=(i, j)`` then flips the scale so that θ_i < θ_j. Standard errors of θ come
from the inverse of the 2×2 Hessian of (α_i, θ_i), as quanteda's. Each Newton round is
vectorised over features and documents (each parameter pair depends only on the other
margin, so this changes nothing but speed).

References: Slapin, J. B. & Proksch, S.-O. (2008). A scaling model for estimating time-series
party positions from texts. *American Journal of Political Science* 52(3), 705–722.
Lowe, W. & Benoit, K. (2013). Validating estimates of latent traits from textual data using
human judgment as a benchmark. *Political Analysis* 21(3), 298–313.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import norm

from toolkit.errors import ArgumentError
from toolkit.scaling._common import count_dfm, doc_columns, doc_index, drop_empty

__all__ = ["Wordfish", "wordfish"]

_DISPERSION = {("poisson", "feature"): 1, ("poisson", "overall"): 1,
               ("quasipoisson", "overall"): 2, ("quasipoisson", "feature"): 3}  # fmt: skip


@dataclass
class Wordfish:
    """A fitted Wordfish model (:func:`wordfish`).

    Attributes
    ----------
    documents : pandas.DataFrame
        ``doc_id``, ``date``, ``year``, ``theta`` (position), ``se``, ``ci_low``, ``ci_high``
        (normal interval at ``ci``) and ``alpha`` (document fixed effect).
    features : pandas.DataFrame
        ``feature``, ``beta`` (discrimination), ``psi`` (fixed effect) and ``phi`` (dispersion:
        1 for the Poisson model).
    dir : tuple of int
        The two documents (0-based rows) that fixed the direction: θ of the first < the second.
    log_posterior : float
        The log-posterior at the last round.
    n_iter : int
        Rounds of conditional Newton steps.
    converged : bool
        Whether the log-posterior stopped rising by more than ``tol[0]`` within 100 rounds.
    dropped : dict
        Documents without tokens and features without counts that were left out.
    """

    documents: pd.DataFrame
    features: pd.DataFrame
    dir: tuple[int, int]
    dispersion: str
    priors: tuple[float, float, float, float]
    log_posterior: float
    n_iter: int
    converged: bool
    dropped: dict[str, list[str]] = field(default_factory=dict)

    @property
    def theta(self) -> np.ndarray:
        return self.documents["theta"].to_numpy()

    @property
    def beta(self) -> np.ndarray:
        return self.features["beta"].to_numpy()

    def __repr__(self) -> str:
        return (
            f"<Wordfish ({self.dispersion}): {len(self.documents)} documents, "
            f"{len(self.features)} features, direction {self.dir[0]} < {self.dir[1]}, "
            f"{self.n_iter} rounds{'' if self.converged else ', NOT converged'}>"
        )


def _feature_step(
    Y: np.ndarray,
    alpha: np.ndarray,
    theta: np.ndarray,
    psi: np.ndarray,
    beta: np.ndarray,
    phi: np.ndarray,
    p_psi: float,
    p_beta: float,
    tol: float,
    first: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Newton steps for every feature's (ψ_j, β_j) given the documents (wordfish.cpp's
    'UPDATE WORD PARAMETERS'); a feature stops when its largest change is at most ``tol``."""
    active = np.ones(len(psi), dtype=bool)
    for step in range(10):
        if not active.any():
            break
        k = np.flatnonzero(active)
        lam = np.exp(alpha[:, None] + psi[k][None, :] + beta[k][None, :] * theta[:, None])
        r = Y[:, k] - lam
        g0 = r.sum(axis=0) / phi[k] - psi[k] * p_psi
        g1 = (theta[:, None] * r).sum(axis=0) / phi[k] - beta[k] * p_beta
        h00 = -lam.sum(axis=0) / phi[k] - p_psi
        h10 = -(theta[:, None] * lam).sum(axis=0) / phi[k]
        h11 = -((theta**2)[:, None] * lam).sum(axis=0) / phi[k] - p_beta
        s = 0.5 if (first and step == 0) else 1.0
        det = h00 * h11 - h10 * h10
        new_psi = psi[k] - s * (h11 * g0 - h10 * g1) / det
        new_beta = beta[k] - s * (h00 * g1 - h10 * g0) / det
        cc = np.maximum(np.abs(new_psi - psi[k]), np.abs(new_beta - beta[k]))
        psi[k], beta[k] = new_psi, new_beta
        active[k] = cc > tol
    return psi, beta


def _document_step(
    Y: np.ndarray,
    alpha: np.ndarray,
    theta: np.ndarray,
    psi: np.ndarray,
    beta: np.ndarray,
    phi: np.ndarray,
    p_alpha: float,
    p_theta: float,
    tol: float,
    first: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Newton steps for every document's (α_i, θ_i) given the features ('UPDATE DOCUMENT
    PARAMETERS')."""
    active = np.ones(len(alpha), dtype=bool)
    for step in range(10):
        if not active.any():
            break
        i = np.flatnonzero(active)
        lam = np.exp(alpha[i][:, None] + psi[None, :] + beta[None, :] * theta[i][:, None])
        r = (Y[i] - lam) / phi[None, :]
        g0 = r.sum(axis=1) - alpha[i] * p_alpha
        g1 = (beta[None, :] * r).sum(axis=1) - theta[i] * p_theta
        h00 = -(lam / phi[None, :]).sum(axis=1) - p_alpha
        h10 = -(beta[None, :] * lam / phi[None, :]).sum(axis=1)
        h11 = -((beta**2)[None, :] * lam / phi[None, :]).sum(axis=1) - p_theta
        s = 0.5 if (first and step == 0) else 1.0
        det = h00 * h11 - h10 * h10
        new_alpha = alpha[i] - s * (h11 * g0 - h10 * g1) / det
        new_theta = theta[i] - s * (h00 * g1 - h10 * g0) / det
        cc = np.maximum(np.abs(new_alpha - alpha[i]), np.abs(new_theta - theta[i]))
        alpha[i], theta[i] = new_alpha, new_theta
        active[i] = cc > tol
    return alpha, theta


def _log_posterior(
    Y: np.ndarray,
    alpha: np.ndarray,
    psi: np.ndarray,
    beta: np.ndarray,
    theta: np.ndarray,
    prec: tuple[float, ...],
) -> float:
    eta = alpha[:, None] + psi[None, :] + beta[None, :] * theta[:, None]
    penalty = 0.5 * sum(
        float((v**2).sum() * p) for v, p in zip((alpha, psi, beta, theta), prec, strict=True)
    )
    return float((eta * Y - np.exp(eta)).sum()) - penalty


def wordfish(
    data: Any,
    *,
    dir: tuple[Any, Any] = (0, 1),  # noqa: A002 - quanteda's name
    priors: tuple[float, float, float, float] = (np.inf, np.inf, 3.0, 1.0),
    tol: tuple[float, float] = (1e-6, 1e-8),
    dispersion: str = "poisson",
    dispersion_level: str = "feature",
    dispersion_floor: float = 0.0,
    abs_err: bool = False,
    ci: float = 0.95,
) -> Wordfish:
    """Fit Slapin & Proksch's Wordfish model (quanteda.textmodels' ``textmodel_wordfish``).

    Parameters
    ----------
    data : Dfm, Corpus, Tokens or list of str
        Counts (a Corpus, Tokens or texts become ``tk.dfm(data)``). Documents without tokens
        and features without counts are left out with a warning (``.dropped``).
    dir : (int or str, int or str)
        Two documents, by 0-based row or ``doc_id``, with θ of the first below the second
        (quanteda's 1-based ``dir = c(1, 5)`` is ``dir=(0, 4)``).
    priors : 4 floats
        Prior standard deviations of α, ψ, β, θ (``inf`` = no prior), quanteda's defaults.
    tol : 2 floats
        Convergence of the log-posterior, and of the parameters within a Newton block.
    dispersion : {"poisson", "quasipoisson"}
        Poisson, or quasi-Poisson with dispersion φ per feature (``dispersion_level=
        "feature"``) or one for all (``"overall"``); ``dispersion_floor`` bounds φ from below.
    abs_err : bool
        Converge on the absolute change of the log-posterior (quanteda's ``abs_err``).
    ci : float
        Level of the normal intervals ``theta ± z se``.

    Returns
    -------
    Wordfish
        ``.documents`` (doc_id, date, year, theta, se, ci_low, ci_high, alpha) and
        ``.features`` (feature, beta, psi, phi).

    Examples
    --------
    >>> import toolkit as tk
    >>> texts = ["tax tax cut budget", "tax budget war", "war army budget", "war war army navy"]
    >>> wf = tk.wordfish(tk.dfm(texts), dir=(0, 3))
    >>> bool(wf.theta[0] < wf.theta[3]), round(float(wf.theta.std(ddof=1)), 6)
    (True, 1.0)
    """
    if dispersion not in ("poisson", "quasipoisson"):
        raise ArgumentError(f"dispersion must be 'poisson' or 'quasipoisson', not {dispersion!r}")
    if dispersion_level not in ("feature", "overall"):
        raise ArgumentError(
            f"dispersion_level must be 'feature' or 'overall', not {dispersion_level!r}"
        )
    if not 0 <= dispersion_floor <= 1:
        raise ArgumentError(f"dispersion_floor must lie in [0, 1], not {dispersion_floor}")
    if len(priors) != 4 or len(tol) != 2:
        raise ArgumentError("priors needs 4 values (alpha, psi, beta, theta), tol 2")
    if not 0 < ci < 1:
        raise ArgumentError(f"ci must lie in (0, 1), not {ci}")
    d, dropped = drop_empty(count_dfm(data, function="wordfish"), function="wordfish")
    if len(d) < 2:
        raise ArgumentError("wordfish needs at least two documents with tokens")
    first, second = (doc_index(d, v, name="dir") for v in dir)
    if first == second:
        raise ArgumentError(f"dir needs two different documents, got {dir!r}")
    disp = _DISPERSION[(dispersion, dispersion_level)]
    if disp == 3 and dispersion_floor:
        disp = 4
    prec = tuple(1.0 / float(p) ** 2 for p in priors)
    p_alpha, p_psi, p_beta, p_theta = prec
    Y = d.matrix.toarray().astype(np.float64)
    N, K = Y.shape
    rsum, csum = Y.sum(axis=1), Y.sum(axis=0)
    total = rsum.sum()
    expected = np.outer(rsum, csum) / total
    U, _, _ = np.linalg.svd((Y - expected) / np.sqrt(expected), full_matrices=False)
    theta = (rsum / total) ** -0.5 * U[:, 0]
    theta = (theta - theta.mean()) / theta.std(ddof=1)
    alpha = np.log(rsum) - np.log(rsum.mean())
    psi = np.log(csum / N)
    beta = np.zeros(K)
    phi = np.ones(K)
    last, lp = -2e12, _log_posterior(Y, alpha, psi, beta, theta, prec)
    n_iter = 0
    err = abs(lp - last) if abs_err else lp - last
    while err > tol[0] and n_iter < 100:
        n_iter += 1
        psi, beta = _feature_step(
            Y, alpha, theta, psi, beta, phi, p_psi, p_beta, tol[1], n_iter == 1
        )
        alpha, theta = _document_step(
            Y, alpha, theta, psi, beta, phi, p_alpha, p_theta, tol[1], n_iter == 1
        )
        if disp >= 2:
            mu = np.exp(alpha[:, None] + psi[None, :] + beta[None, :] * theta[:, None])
            pearson = ((Y - mu) ** 2 / mu).sum(axis=0)
            if disp == 2:
                phi = np.full(K, pearson.sum() / (N * K - 2 * N - 2 * K))
            else:
                phi = K * pearson / (N * K - 2 * N - 2 * K)
                if disp == 4:
                    phi = np.maximum(dispersion_floor, phi)
        alpha = alpha - alpha.mean()
        theta = (theta - theta.mean()) / theta.std(ddof=1)
        last, lp = lp, _log_posterior(Y, alpha, psi, beta, theta, prec)
        err = abs(lp - last) if abs_err else lp - last
    if theta[first] > theta[second]:
        theta, beta = -theta, -beta
    lam = np.exp(alpha[:, None] + psi[None, :] + beta[None, :] * theta[:, None])
    h00 = -(lam / phi).sum(axis=1) - p_alpha
    h10 = -(beta * lam / phi).sum(axis=1)
    h11 = -(beta**2 * lam / phi).sum(axis=1) - p_theta
    se = np.sqrt(-h00 / (h00 * h11 - h10 * h10))
    z = float(norm.ppf(1 - (1 - ci) / 2))
    docs = doc_columns(d.docvars).assign(
        theta=theta, se=se, ci_low=theta - z * se, ci_high=theta + z * se, alpha=alpha
    )
    feats = pd.DataFrame({"feature": d.features, "beta": beta, "psi": psi, "phi": phi})
    return Wordfish(
        documents=docs,
        features=feats,
        dir=(first, second),
        dispersion=dispersion,
        priors=tuple(float(p) for p in priors),  # type: ignore[arg-type]
        log_posterior=lp,
        n_iter=n_iter,
        converged=bool(err <= tol[0]),
        dropped=dropped,
    )
