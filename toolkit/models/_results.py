"""The tidy results of a fitted :class:`~toolkit.TopicModel`: top features, topic shares per
unit and per document, prevalence with bootstrap intervals, coherence, labels."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import ArgumentError, InputError
from toolkit.models import _scores

__all__ = ["Results"]


def _positive(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ArgumentError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


class Results:
    """Methods of a fitted topic model that return tidy tables (mixed into TopicModel)."""

    # the fitted state (set by TopicModel.fit or load_topics)
    features_: np.ndarray
    topic_term_: np.ndarray
    doc_topic_: np.ndarray
    topic_mass_: np.ndarray
    docvars_: pd.DataFrame
    labels_: dict[int, str]
    unit_: str
    stream_: Any

    def _check_fitted(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def n_topics(self) -> int:
        """Number of topics of the fitted model."""
        self._check_fitted()
        return int(self.topic_term_.shape[0])

    # ------------------------------------------------------------------ labels
    def _top_ids(self, n: int, score: np.ndarray | None = None) -> np.ndarray:
        """Column indices of the ``n`` best features per topic (ties: weight, then order)."""
        phi = self.topic_term_
        tie = np.broadcast_to(np.arange(len(self.features_)), phi.shape)
        keys = (tie, -phi) if score is None else (tie, -phi, -score)
        return np.lexsort(keys, axis=1)[:, :n]

    @property
    def labels(self) -> list[str]:
        """Label of every topic: set ones, else ``"<topic>: <top three features>"``."""
        self._check_fitted()
        top = self._top_ids(3)
        return [
            self.labels_.get(t, f"{t}: " + ", ".join(self.features_[top[t]].tolist()))
            for t in range(self.n_topics)
        ]

    def label(self, labels: dict[int, str]) -> Any:
        """Name topics; the names appear in every output and plot.

        Parameters
        ----------
        labels : dict of int to str
            Topic number → label; ``None`` as a value restores the default label.

        Returns
        -------
        TopicModel
            The model itself (for chaining).

        Examples
        --------
        >>> m = _example_model()
        >>> m.label({0: "economy"}).labels[0]
        'economy'
        """
        self._check_fitted()
        if not isinstance(labels, dict):
            raise InputError("label() takes a dict {topic number: label}")
        for t, name in labels.items():
            if (
                isinstance(t, bool)
                or not isinstance(t, (int, np.integer))
                or not (0 <= t < self.n_topics)
            ):
                raise ArgumentError(
                    f"topic {t!r} does not exist; topics are 0..{self.n_topics - 1}"
                )
            if name is None:
                self.labels_.pop(int(t), None)
            elif not isinstance(name, str) or not name.strip():
                raise ArgumentError(f"label for topic {t} must be a non-empty string, got {name!r}")
            else:
                self.labels_[int(t)] = name
        return self

    def _label_col(self, topics: np.ndarray) -> pd.Categorical:
        labels = self.labels
        values = np.asarray(labels, dtype=object)[np.asarray(topics, dtype=np.int64)]
        return pd.Categorical(values, categories=list(dict.fromkeys(labels)))

    # ------------------------------------------------------------------ results
    def topics(
        self,
        *,
        top: int = 10,
        lambda_: float = 0.6,
        rank_by: str = "relevance",
        frex_weight: float = 0.5,
    ) -> pd.DataFrame:
        """Top features of every topic.

        Parameters
        ----------
        top : int
            Features per topic.
        lambda_ : float
            Relevance weight of Sievert & Shirley (2014) in [0, 1]: 1 ranks by ``p(w|t)``,
            lower values favour features specific to the topic (0.6 is their recommendation).
        rank_by : {"relevance", "frex", "weight"}
            Ranking: relevance with ``lambda_``, FREX (Roberts et al. 2016) or plain weight.
        frex_weight : float
            Weight of exclusivity in FREX.

        Returns
        -------
        pandas.DataFrame
            ``topic``, ``label``, ``rank`` (1 = best), ``feature``, ``weight`` (``p(w|t)``),
            ``relevance`` (with ``lambda_``) and ``frex``; sorted by topic and rank.

        Examples
        --------
        >>> m = _example_model()
        >>> m.topics(top=2, rank_by="weight")[["topic", "rank", "feature"]].shape
        (4, 3)
        """
        self._check_fitted()
        top = _positive("top", top)
        if not 0.0 <= float(lambda_) <= 1.0:
            raise ArgumentError(f"lambda_ must lie in [0, 1], got {lambda_}")
        if not 0.0 < float(frex_weight) < 1.0:
            raise ArgumentError(f"frex_weight must lie in (0, 1), got {frex_weight}")
        phi = self.topic_term_
        rel = _scores.relevance(phi, _scores.marginal_terms(phi, self.topic_mass_), lambda_)
        fx = _scores.frex(phi, frex_weight)
        scores = {"relevance": rel, "frex": fx, "weight": phi}
        if rank_by not in scores:
            raise ArgumentError(f"rank_by must be 'relevance', 'frex' or 'weight', not {rank_by!r}")
        n = min(top, len(self.features_))
        best = self._top_ids(n, scores[rank_by])
        k = self.n_topics
        topic = np.repeat(np.arange(k), n)
        flat = best.ravel()
        return pd.DataFrame(
            {
                "topic": topic,
                "label": self._label_col(topic),
                "rank": np.tile(np.arange(1, n + 1), k),
                "feature": self.features_[flat],
                "weight": phi[topic, flat],
                "relevance": rel[topic, flat],
                "frex": fx[topic, flat],
            }
        )

    def _doc_columns(self, rows: np.ndarray) -> dict[str, Any]:
        d = self.docvars_
        out: dict[str, Any] = {"doc_id": d["doc_id"].to_numpy()[rows]}
        out["parent_id"] = d["parent_id"].to_numpy()[rows]
        if "date" in d:
            out["date"] = d["date"].array.take(rows)
        if "year" in d:
            out["year"] = d["year"].array.take(rows)
        return out

    def doc_topics(self) -> pd.DataFrame:
        """Topic shares of every unit, long: ``doc_id``, ``parent_id``, ``date``, ``year``,
        ``topic``, ``label``, ``weight`` (the shares of a unit sum to 1).

        Examples
        --------
        >>> list(_example_model().doc_topics().columns)
        ['doc_id', 'parent_id', 'date', 'year', 'topic', 'label', 'weight']
        """
        self._check_fitted()
        n, k = self.doc_topic_.shape
        topic = np.tile(np.arange(k), n)
        rows = np.repeat(np.arange(n), k)
        return pd.DataFrame(
            {
                **self._doc_columns(rows),
                "topic": topic,
                "label": self._label_col(topic),
                "weight": self.doc_topic_.ravel(),
            }
        )

    def parent_topics(self) -> pd.DataFrame:
        """Topic shares mapped back to whole documents (word-weighted mean over their units).

        Returns
        -------
        pandas.DataFrame
            ``parent_id``, ``topic``, ``label``, ``weight`` (sums to 1 per document),
            ``n_units``.

        Examples
        --------
        >>> _example_model().parent_topics().groupby("parent_id")["weight"].sum().round(6).unique()
        array([1.])
        """
        self._check_fitted()
        codes, parents = pd.factorize(self.docvars_["parent_id"], sort=False)
        w = self.docvars_["n_words"].to_numpy(dtype=np.float64)
        k = self.n_topics
        sums = np.zeros((len(parents), k))
        np.add.at(sums, codes, self.doc_topic_ * w[:, None])
        sums /= sums.sum(axis=1, keepdims=True)
        topic = np.tile(np.arange(k), len(parents))
        rows = np.repeat(np.arange(len(parents)), k)
        return pd.DataFrame(
            {
                "parent_id": np.asarray(parents, dtype=object)[rows],
                "topic": topic,
                "label": self._label_col(topic),
                "weight": sums.ravel(),
                "n_units": np.bincount(codes)[rows],
            }
        )

    def prevalence(
        self,
        *,
        by: str | list[str] | None = "decade",
        n_boot: int = 1000,
        ci: float = 0.95,
        seed: int = 0,
        resample: str = "auto",
    ) -> pd.DataFrame:
        """Mean topic share per group with bootstrap confidence intervals.

        Parameters
        ----------
        by : str, list of str or None
            Docvars of the units (paragraphs carry their document's metadata), or
            ``"decade"`` (from ``year``); ``None`` gives corpus-wide shares. Units with a
            missing value are left out.
        n_boot : int
            Bootstrap resamples (0 skips the intervals).
        ci : float
            Interval coverage, e.g. 0.95.
        seed : int
            Seed of the resampling.
        resample : {"auto", "document", "unit"}
            What is resampled: whole documents with all their units (``"auto"`` for paragraph
            and sentence models — units of one speech are not independent), or single units.

        Returns
        -------
        pandas.DataFrame
            ``<by>``, ``topic``, ``label``, ``share`` (mean unit share), ``ci_low``,
            ``ci_high``, ``n_docs``, ``n_units``.

        Examples
        --------
        >>> p = _example_model().prevalence(by="year", n_boot=200)
        >>> list(p.columns)
        ['year', 'topic', 'label', 'share', 'ci_low', 'ci_high', 'n_docs', 'n_units']
        """
        self._check_fitted()
        if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
            raise ArgumentError(f"n_boot must be a non-negative integer, got {n_boot!r}")
        if not 0.0 < ci < 1.0:
            raise ArgumentError(f"ci must lie in (0, 1), got {ci}")
        if resample not in ("auto", "document", "unit"):
            raise ArgumentError(f"resample must be 'auto', 'document' or 'unit', not {resample!r}")
        cols, groups = _scores.grouping(self.docvars_, by)
        by_unit = resample == "unit" or (resample == "auto" and self.unit_ == "document")
        clusters = (self.docvars_["doc_id"] if by_unit else self.docvars_["parent_id"]).to_numpy()
        out = _scores.bootstrap_prevalence(
            self.doc_topic_, groups, clusters, n_boot=int(n_boot), ci=ci, seed=seed
        )
        if not cols:
            out = out.drop(columns="all")
        out.insert(out.columns.get_loc("topic") + 1, "label", self._label_col(out["topic"]))
        return out

    # ------------------------------------------------------------------ quality
    def top_terms(self, top: int = 10) -> list[list[str]]:
        """The ``top`` highest-weight features of every topic (coherence and diversity use
        these).

        Examples
        --------
        >>> sorted(_example_model().top_terms(2))
        [['army', 'navy'], ['tax', 'budget']]
        """
        self._check_fitted()
        return [self.features_[row].tolist() for row in self._top_ids(_positive("top", top))]

    def coherence(self, measure: str = "npmi", *, top: int = 10, **kwargs: Any) -> pd.DataFrame:
        """Coherence of every topic's top features on the model's own units.

        Parameters
        ----------
        measure : {"npmi", "c_v", "umass", "c_npmi"}
            See :func:`toolkit.models.coherence.coherence`; ``"npmi"`` is document
            co-occurrence NPMI (never co-occurring pairs score -1). The sliding-window
            measures need the model's token stream (models fitted on a Dfm built from tokens,
            or with :func:`toolkit.fit_topics`).
        top : int
            Top features per topic, ranked by weight.
        **kwargs
            ``window`` for the sliding-window measures.

        Returns
        -------
        pandas.DataFrame
            ``topic``, ``label``, ``measure``, ``coherence``, ``n_words``; ``attrs["mean"]``
            holds the mean over topics.

        Examples
        --------
        >>> c = _example_model().coherence("umass", top=3)
        >>> list(c.columns), isinstance(c.attrs["mean"], float)
        (['topic', 'label', 'measure', 'coherence', 'n_words'], True)
        """
        from toolkit.models.coherence import coherence

        self._check_fitted()
        if self.stream_ is None:
            raise ArgumentError(
                "this model has no token stream (it was fitted on a bare matrix); coherence "
                "needs one: fit on tk.dfm(...) or with tk.fit_topics, or use model.score(X)"
            )
        out = coherence(self.top_terms(top), self.stream_, measure=measure, top=top, **kwargs)
        out["topic"] = np.arange(self.n_topics)
        out.insert(1, "label", self._label_col(np.arange(self.n_topics)))
        return out

    def diversity(self, top: int = 25) -> float:
        """Share of distinct features among all topics' top ``top`` (1 = no overlap).

        Examples
        --------
        >>> 0 < _example_model().diversity(top=3) <= 1
        True
        """
        from toolkit.models.coherence import topic_diversity

        return float(topic_diversity(self.top_terms(top), top=top))

    def summary(self, top: int = 8) -> pd.DataFrame:
        """One row per topic: ``topic``, ``label``, ``share`` (mean unit share), ``coherence``
        (NPMI of the top 10), ``top_terms`` (by weight).

        Examples
        --------
        >>> _example_model().summary(top=2).shape
        (2, 5)
        """
        coh = self.coherence("npmi", top=min(10, len(self.features_)))
        return pd.DataFrame(
            {
                "topic": np.arange(self.n_topics),
                "label": self.labels,
                "share": self.doc_topic_.mean(axis=0),
                "coherence": coh["coherence"].to_numpy(),
                "top_terms": [" ".join(t) for t in self.top_terms(top)],
            }
        )

    def save(self, path: Any) -> str:
        """Write the model to ``path`` (JSON + NPZ + Parquet in one zip; no pickle); read it
        back with :func:`toolkit.load_topics`.

        Examples
        --------
        >>> import os, tempfile
        >>> _example_model().save(os.path.join(tempfile.mkdtemp(), "m.tkm")).endswith("m.tkm")
        True
        """
        from toolkit.models.persistence import save_topics

        return save_topics(self, path)


def _example_model() -> Any:
    """A tiny fitted model for the docstring examples."""
    from toolkit.corpus.model import Corpus
    from toolkit.models.fit import fit_topics

    texts = ["tax budget deficit spending tax", "army navy war troops army"] * 4
    years = [1990 + i for i in range(8)]
    corpus = Corpus.from_texts(texts, dates=[str(y) for y in years])
    return fit_topics(corpus, k=2, min_docs=1, max_docs=1.0)
