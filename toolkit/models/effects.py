"""``tk.topic_effects``: covariate effects on topic prevalence, like stm's ``estimateEffect``.

Each topic's share of the units of a fitted :class:`~toolkit.TopicModel` is regressed by least
squares on a design matrix built from the units' metadata with a Wilkinson formula
(`formulaic <https://matthewwardrop.github.io/formulaic/>`_: ``"~ bs(year, df=5) + party"``,
``C(president)``, interactions ``party:year``…). Uncertainty follows stm's *method of
composition* (Roberts, Stewart & Tingley 2019, *stm: An R package for structural topic
models*, J. Stat. Software 91(2), §3.4; Treier & Jackman 2008): for each of ``n_sims``
simulations the shares are drawn from an approximation of their uncertainty, the regression
is refitted, and one coefficient vector is drawn from the normal distribution of its
estimate ``N(β̂, σ̂² (XᵀX)⁻¹)``; all quantities are summarised over these draws. Two ways to
draw the shares:

- ``uncertainty="bootstrap"`` (default): resample the documents with replacement (whole
  documents with all their paragraphs or sentences for a paragraph or sentence model, as
  :meth:`TopicModel.prevalence`), so the spread reflects the sampling of documents;
- ``uncertainty="dirichlet"``: each unit's shares drawn from ``Dirichlet(1 + n_words · θ)``,
  a pseudo-posterior that treats the unit's words as counts split by its shares — narrower
  for long units (stm draws from its variational logistic-normal posterior instead);
- ``uncertainty="none"``: the point estimates and the normal OLS standard errors only.

``effects.coefficients()`` gives the tidy coefficients; ``effects.expected(over, by=...)``
the expected share over the values of a covariate (other covariates at their mean or most
frequent value, or as ``at=`` sets them), with intervals — stm's ``plot.estimateEffect``
``method="continuous"`` / ``"pointestimate"``. Plot it with ``tk.plot.effects``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import ArgumentError, InputError, MissingDependencyError, UnknownNameError

__all__ = ["TopicEffects", "topic_effects"]


@dataclass
class TopicEffects:
    """Covariate effects on topic prevalence (:func:`topic_effects`).

    Attributes
    ----------
    formula : str
        The right-hand side used.
    draws : numpy.ndarray, shape (n_sims, n_terms, n_topics)
        Coefficient draws by the method of composition (one per simulation; with
        ``uncertainty="none"`` the point estimate only).
    terms : list of str
        Column names of the design matrix.
    topics : list of int
        The topics modelled.
    labels : list of str
        Their labels.
    data : pandas.DataFrame
        The units' covariates the model was fitted on.
    """

    formula: str
    draws: np.ndarray
    terms: list[str]
    topics: list[int]
    labels: list[str]
    data: pd.DataFrame
    spec: Any
    ci: float
    uncertainty: str
    ols_se: np.ndarray

    def __repr__(self) -> str:
        return (
            f"<TopicEffects {self.formula!r}: {len(self.topics)} topics, {len(self.terms)} "
            f"terms, {self.draws.shape[0]} draws ({self.uncertainty})>"
        )

    def _interval(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = (1 - self.ci) / 2, 1 - (1 - self.ci) / 2
        return np.quantile(values, lo, axis=0), np.quantile(values, hi, axis=0)

    def coefficients(self) -> pd.DataFrame:
        """``topic``, ``label``, ``covariate``, ``estimate`` (mean of the draws), ``se`` (their SD),
        ``ci_low``, ``ci_high`` (percentile interval)."""
        est = self.draws.mean(axis=0)
        se = self.draws.std(axis=0, ddof=1) if self.draws.shape[0] > 1 else self.ols_se
        lo, hi = self._interval(self.draws) if self.draws.shape[0] > 1 else self._normal(est, se)
        rows = []
        for j, topic in enumerate(self.topics):
            for i, term in enumerate(self.terms):
                rows.append((topic, self.labels[j], term, est[i, j], se[i, j], lo[i, j], hi[i, j]))
        return pd.DataFrame(
            rows, columns=["topic", "label", "covariate", "estimate", "se", "ci_low", "ci_high"]
        )

    def _normal(self, est: np.ndarray, se: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        from scipy.stats import norm

        z = float(norm.ppf(1 - (1 - self.ci) / 2))
        return est - z * se, est + z * se

    def expected(
        self,
        over: str,
        *,
        values: Sequence[Any] | None = None,
        by: str | None = None,
        at: Mapping[str, Any] | None = None,
    ) -> pd.DataFrame:
        """Expected topic share over the values of the covariate ``over``.

        Parameters
        ----------
        over : str
            A covariate of the formula (numeric: 50 values over its range by default;
            categorical: every level).
        values : list, optional
            The values of ``over`` to predict at.
        by : str, optional
            A second covariate: one curve per level (or per given value in ``at[by]``).
        at : dict, optional
            Values of the other covariates (default: the mean of a numeric one, the most
            frequent value of a categorical one).

        Returns
        -------
        pandas.DataFrame
            ``<over>``, ``<by>``, ``topic``, ``label``, ``share`` (expected share), ``ci_low``,
            ``ci_high``.
        """
        at = dict(at or {})
        for name in [over, by, *at]:
            if name is not None and name not in self.data.columns:
                raise UnknownNameError(
                    f"{name!r} is not a covariate of {self.formula!r}; covariates: "
                    f"{list(self.data.columns)}"
                )
        grid = _grid(self.data, over, values)
        levels = [None] if by is None else list(at.pop(by, _levels(self.data[by])))
        frames = []
        for level in levels:
            new = pd.DataFrame({over: grid})
            for col in self.data.columns:
                if col == over:
                    continue
                if col == by:
                    new[col] = level
                elif col in at:
                    new[col] = at[col]
                else:
                    new[col] = _typical(self.data[col])
            X = np.asarray(self.spec.get_model_matrix(new), dtype=np.float64)
            pred = np.einsum("gi,sij->sgj", X, self.draws)  # draws × grid × topics
            mean = pred.mean(axis=0)
            if pred.shape[0] > 1:
                lo, hi = self._interval(pred)
            else:
                lo = hi = mean
            for j, topic in enumerate(self.topics):
                part = pd.DataFrame({over: grid})
                if by is not None:
                    part[by] = level
                part["topic"] = topic
                part["label"] = self.labels[j]
                part["share"] = mean[:, j]
                part["ci_low"] = lo[:, j]
                part["ci_high"] = hi[:, j]
                frames.append(part)
        return pd.concat(frames, ignore_index=True)


def _levels(col: pd.Series) -> list[Any]:
    return sorted(col.dropna().unique().tolist(), key=str)


def _typical(col: pd.Series) -> Any:
    if pd.api.types.is_numeric_dtype(col):
        return float(col.mean())
    return col.mode(dropna=True).iloc[0]


def _grid(data: pd.DataFrame, over: str, values: Sequence[Any] | None) -> np.ndarray:
    if values is not None:
        return np.asarray(list(values))
    col = data[over]
    if pd.api.types.is_numeric_dtype(col):
        return np.linspace(float(col.min()), float(col.max()), 50)
    return np.asarray(_levels(col), dtype=object)


def _ols(X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients (terms × topics) and, per topic, the covariance σ² (XᵀX)⁻¹."""
    beta, *_ = np.linalg.lstsq(X, Y, rcond=None)
    resid = Y - X @ beta
    dof = max(X.shape[0] - X.shape[1], 1)
    sigma2 = (resid**2).sum(axis=0) / dof
    xtx_inv = np.linalg.pinv(X.T @ X)
    return beta, sigma2[:, None, None] * xtx_inv[None, :, :]


def topic_effects(
    model: Any,
    *,
    formula: str,
    topics: Sequence[int] | None = None,
    uncertainty: str = "bootstrap",
    n_sims: int = 25,
    ci: float = 0.95,
    seed: int = 0,
) -> TopicEffects:
    """Regress topic shares on covariates with uncertainty by the method of composition.

    Parameters
    ----------
    model : TopicModel
        A fitted topic model (its ``doc_topic_`` and ``docvars_``).
    formula : str
        Right-hand side over the units' metadata, e.g. ``"~ party + bs(year, df=5)"``
        (a leading ``~`` is optional).
    topics : list of int, optional
        Topics to model (default all).
    uncertainty : {"bootstrap", "dirichlet", "none"}
        How the shares are redrawn in each simulation (see the module text).
    n_sims : int
        Simulations (stm's ``nsims``, default 25).
    ci : float
        Level of the percentile intervals.
    seed : int
        Random seed.

    Returns
    -------
    TopicEffects

    Examples
    --------
    >>> import toolkit as tk
    >>> texts = ["tax budget deficit"] * 6 + ["army navy war"] * 6
    >>> c = tk.Corpus.from_texts(texts, party=["A"] * 5 + ["B"] + ["B"] * 5 + ["A"])
    >>> m = tk.TopicModel(k=2, seed=0).fit(tk.dfm(c))
    >>> fx = tk.topic_effects(m, formula="~ party", n_sims=10)
    >>> e = fx.expected("party")
    >>> sorted(e.columns)
    ['ci_high', 'ci_low', 'label', 'party', 'share', 'topic']
    """
    try:
        from formulaic import model_matrix
    except ImportError as err:  # pragma: no cover - a core dependency
        raise MissingDependencyError(
            "topic_effects needs formulaic: pip install formulaic"
        ) from err
    if not hasattr(model, "doc_topic_"):
        raise InputError("topic_effects needs a fitted TopicModel (tk.fit_topics or .fit)")
    if uncertainty not in ("bootstrap", "dirichlet", "none"):
        raise ArgumentError(
            f"uncertainty must be 'bootstrap', 'dirichlet' or 'none', not {uncertainty!r}"
        )
    if isinstance(n_sims, bool) or not isinstance(n_sims, int) or n_sims < 1:
        raise ArgumentError(f"n_sims must be a positive int, not {n_sims!r}")
    if not 0 < ci < 1:
        raise ArgumentError(f"ci must lie in (0, 1), not {ci}")
    rhs = formula.split("~", 1)[1] if "~" in formula else formula
    docvars = model.docvars_.copy()
    if "decade" in rhs and "decade" not in docvars and "year" in docvars:
        docvars["decade"] = (docvars["year"].astype("Int64") // 10) * 10
    for col in docvars.columns:  # nullable dtypes → plain ones formulaic understands
        if isinstance(docvars[col].dtype, pd.Int64Dtype | pd.Float64Dtype):
            docvars[col] = docvars[col].astype("float64")
    try:
        mm = model_matrix(rhs, docvars, na_action="raise")
    except Exception as err:  # formulaic raises its own types; say which formula failed
        raise ArgumentError(f"cannot build the design of {formula!r}: {err}") from err
    X = np.asarray(mm, dtype=np.float64)
    used = sorted(mm.model_spec.required_variables)
    topics = list(range(model.doc_topic_.shape[1])) if topics is None else list(topics)
    theta = np.asarray(model.doc_topic_, dtype=np.float64)
    Y = theta[:, topics]
    rng = np.random.default_rng(seed)
    draws = []
    beta, cov = _ols(X, Y)
    ols_se = np.sqrt(np.stack([np.diag(c) for c in cov], axis=1))
    if uncertainty == "none":
        draws.append(beta)
    else:
        groups = docvars["parent_id"].to_numpy() if "parent_id" in docvars else np.arange(len(X))
        codes, uniques = pd.factorize(groups)
        members = [np.flatnonzero(codes == g) for g in range(len(uniques))]
        n_words = docvars["n_words"].to_numpy(dtype=float) if "n_words" in docvars else None
        for _ in range(n_sims):
            if uncertainty == "bootstrap":
                pick = rng.integers(0, len(members), len(members))
                rows = np.concatenate([members[g] for g in pick])
                Xs, Ys = X[rows], Y[rows]
            else:
                words = n_words if n_words is not None else np.full(len(X), 100.0)
                Ys = np.vstack(
                    [rng.dirichlet(1 + w * t) for w, t in zip(words, theta, strict=True)]
                )
                Xs, Ys = X, Ys[:, topics]
            beta, cov = _ols(Xs, Ys)
            draw = np.column_stack(
                [
                    rng.multivariate_normal(beta[:, j], cov[j], method="eigh")
                    for j in range(len(topics))
                ]
            )
            draws.append(draw)
    labels = model.labels
    return TopicEffects(
        formula=formula,
        draws=np.asarray(draws),
        terms=list(mm.columns),
        topics=topics,
        labels=[labels[t] for t in topics],
        data=docvars[used].reset_index(drop=True),
        spec=mm.model_spec,
        ci=ci,
        uncertainty=uncertainty,
        ols_se=ols_se,
    )
