"""Topic models on a corpus: :func:`fit_topics` and the fitted :class:`TopicModel`.

Topics are numbered from 0.  Every result is a tidy DataFrame with a ``label`` column (default
``"<topic>: <three top terms>"``, replaced by :meth:`TopicModel.label`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import ArgumentError, InputError
from toolkit.models import _scores
from toolkit.models.vocab import TokenStream

__all__ = ["TopicModel"]


class TopicModel:
    """A fitted topic model: topic-term and unit-topic distributions plus provenance.

    Made by :func:`fit_topics` or :func:`toolkit.load_topics`; not meant to be built by hand.

    Attributes
    ----------
    method : str
        ``"nmf"``, ``"lda"`` or ``"gibbs"``.
    k : int
        Number of topics.
    unit : str
        Unit of analysis (``"document"``, ``"paragraph"`` or ``"sentence"``).
    vocab : numpy.ndarray of str
        Model vocabulary (columns of ``topic_term_``).
    topic_term_ : numpy.ndarray, shape (k, n_terms)
        ``p(term | topic)``; rows sum to 1.
    doc_topic_ : numpy.ndarray, shape (n_units, k)
        Topic shares of each unit; rows sum to 1.
    topic_mass_ : numpy.ndarray, shape (k,)
        Total weight of each topic in the corpus (tf-idf mass for NMF, tokens for LDA).
    docs : pandas.DataFrame
        The modelled units (``doc_id``, ``parent_id``, ``n_words`` and corpus metadata).
    params : dict
        Method parameters, vocabulary settings, seed and threads.
    info : dict
        Provenance: ``corpus_name``, ``corpus_sha256``, ``toolkit_version``, ``fit``,
        ``fit_measure``, ``n_iter``, ``seconds``.

    Examples
    --------
    >>> m = _example_model()
    >>> m.k, m.method, m.doc_topic_.shape
    (2, 'nmf', (8, 2))
    """

    def __init__(
        self,
        *,
        method: str,
        unit: str,
        vocab: np.ndarray,
        topic_term: np.ndarray,
        doc_topic: np.ndarray,
        topic_mass: np.ndarray,
        docs: pd.DataFrame,
        stream: TokenStream,
        params: dict[str, Any],
        info: dict[str, Any],
        labels: dict[int, str] | None = None,
    ) -> None:
        self.method = method
        self.unit = unit
        self.vocab = np.asarray(vocab, dtype=str)
        self.topic_term_ = np.asarray(topic_term, dtype=np.float64)
        self.doc_topic_ = np.asarray(doc_topic, dtype=np.float64)
        self.topic_mass_ = np.asarray(topic_mass, dtype=np.float64)
        self.docs = docs.reset_index(drop=True)
        self.stream = stream
        self.params = dict(params)
        self.info = dict(info)
        self.k = int(self.topic_term_.shape[0])
        self._labels: dict[int, str] = {}
        if labels:
            self.label(labels)

    def __repr__(self) -> str:
        name = self.info.get("corpus_name") or "corpus"
        return (
            f"<TopicModel {self.method} k={self.k} on {len(self.docs):,} {self.unit}s of "
            f"{name!r}, {len(self.vocab):,} terms>"
        )

    # ------------------------------------------------------------------ labels
    def _top_ids(self, n: int, score: np.ndarray | None = None) -> np.ndarray:
        """Column indices of the ``n`` best terms per topic (ties: weight, then vocab order)."""
        phi = self.topic_term_
        tie = np.broadcast_to(np.arange(len(self.vocab)), phi.shape)
        keys = (tie, -phi) if score is None else (tie, -phi, -score)
        return np.lexsort(keys, axis=1)[:, :n]

    @property
    def labels(self) -> list[str]:
        """Label of every topic: set ones, else ``"<topic>: <top three terms>"``."""
        top = self._top_ids(3)
        return [
            self._labels.get(t, f"{t}: " + ", ".join(self.vocab[top[t]].tolist()))
            for t in range(self.k)
        ]

    def label(self, labels: dict[int, str]) -> TopicModel:
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
        if not isinstance(labels, dict):
            raise InputError("label() takes a dict {topic number: label}")
        for t, name in labels.items():
            if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t < self.k:
                raise ArgumentError(f"topic {t!r} does not exist; topics are 0..{self.k - 1}")
            if name is None:
                self._labels.pop(int(t), None)
            elif not isinstance(name, str) or not name.strip():
                raise ArgumentError(f"label for topic {t} must be a non-empty string, got {name!r}")
            else:
                self._labels[int(t)] = name
        return self

    def _label_col(self, topics: np.ndarray) -> pd.Categorical:
        labels = self.labels
        values = np.asarray(labels, dtype=object)[np.asarray(topics, dtype=np.int64)]
        return pd.Categorical(values, categories=list(dict.fromkeys(labels)))

    # ------------------------------------------------------------------ results
    def topics(
        self,
        n: int = 10,
        lambda_: float = 0.6,
        method: str = "relevance",
        frex_weight: float = 0.5,
    ) -> pd.DataFrame:
        """Top terms of every topic.

        Parameters
        ----------
        n : int
            Terms per topic.
        lambda_ : float
            Relevance weight of Sievert & Shirley (2014) in [0, 1]: 1 ranks by ``p(w|t)``,
            lower values favour terms specific to the topic (0.6 is their recommendation).
        method : {"relevance", "frex", "weight"}
            Ranking: relevance with ``lambda_``, FREX (Roberts et al. 2016) or plain weight.
        frex_weight : float
            Weight of exclusivity in FREX.

        Returns
        -------
        pandas.DataFrame
            ``topic``, ``label``, ``rank`` (1 = best), ``term``, ``weight`` (``p(w|t)``),
            ``relevance`` (with ``lambda_``) and ``frex``; sorted by topic and rank.

        Examples
        --------
        >>> m = _example_model()
        >>> m.topics(n=2, method="weight")[["topic", "rank", "term"]].shape
        (4, 3)
        """
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ArgumentError(f"n must be a positive integer, got {n!r}")
        if not 0.0 <= float(lambda_) <= 1.0:
            raise ArgumentError(f"lambda_ must lie in [0, 1], got {lambda_}")
        if not 0.0 < float(frex_weight) < 1.0:
            raise ArgumentError(f"frex_weight must lie in (0, 1), got {frex_weight}")
        phi = self.topic_term_
        rel = _scores.relevance(phi, _scores.marginal_terms(phi, self.topic_mass_), lambda_)
        fx = _scores.frex(phi, frex_weight)
        scores = {"relevance": rel, "frex": fx, "weight": phi}
        if method not in scores:
            raise ArgumentError(f"method must be 'relevance', 'frex' or 'weight', not {method!r}")
        n = min(int(n), len(self.vocab))
        top = self._top_ids(n, scores[method])
        topic = np.repeat(np.arange(self.k), n)
        flat = top.ravel()
        return pd.DataFrame(
            {
                "topic": topic,
                "label": self._label_col(topic),
                "rank": np.tile(np.arange(1, n + 1), self.k),
                "term": self.vocab[flat],
                "weight": phi[topic, flat],
                "relevance": rel[topic, flat],
                "frex": fx[topic, flat],
            }
        )

    @property
    def doc_topics(self) -> pd.DataFrame:
        """Topic shares of every unit, long: ``doc_id``, ``parent_id``, ``topic``, ``label``,
        ``weight`` (shares of a unit sum to 1).

        Examples
        --------
        >>> list(_example_model().doc_topics.columns)
        ['doc_id', 'parent_id', 'topic', 'label', 'weight']
        """
        n = len(self.docs)
        topic = np.tile(np.arange(self.k), n)
        rows = np.repeat(np.arange(n), self.k)
        return pd.DataFrame(
            {
                "doc_id": self.docs["doc_id"].to_numpy()[rows],
                "parent_id": self.docs["parent_id"].to_numpy()[rows],
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
        codes, parents = pd.factorize(self.docs["parent_id"], sort=False)
        w = self.docs["n_words"].to_numpy(dtype=np.float64)
        sums = np.zeros((len(parents), self.k))
        np.add.at(sums, codes, self.doc_topic_ * w[:, None])
        sums /= sums.sum(axis=1, keepdims=True)
        topic = np.tile(np.arange(self.k), len(parents))
        rows = np.repeat(np.arange(len(parents)), self.k)
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
            Metadata column(s) of the units (paragraphs carry their document's metadata), or
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
            ``<by>``, ``topic``, ``label``, ``share`` (mean unit share), ``ci_low``, ``ci_high``,
            ``n_docs``, ``n_units``.

        Examples
        --------
        >>> p = _example_model().prevalence(by="year", n_boot=200)
        >>> list(p.columns)
        ['year', 'topic', 'label', 'share', 'ci_low', 'ci_high', 'n_docs', 'n_units']
        """
        if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
            raise ArgumentError(f"n_boot must be a non-negative integer, got {n_boot!r}")
        if not 0.0 < ci < 1.0:
            raise ArgumentError(f"ci must lie in (0, 1), got {ci}")
        if resample not in ("auto", "document", "unit"):
            raise ArgumentError(f"resample must be 'auto', 'document' or 'unit', not {resample!r}")
        cols, groups = _scores.grouping(self.docs, by)
        by_unit = resample == "unit" or (resample == "auto" and self.unit == "document")
        clusters = (self.docs["doc_id"] if by_unit else self.docs["parent_id"]).to_numpy()
        out = _scores.bootstrap_prevalence(
            self.doc_topic_, groups, clusters, n_boot=int(n_boot), ci=ci, seed=seed
        )
        if not cols:
            out = out.drop(columns="all")
        out.insert(out.columns.get_loc("topic") + 1, "label", self._label_col(out["topic"]))
        return out

    # ------------------------------------------------------------------ quality
    def top_terms(self, n: int = 10) -> list[list[str]]:
        """The ``n`` highest-weight terms of every topic (used for coherence and diversity).

        Examples
        --------
        >>> sorted(_example_model().top_terms(2))
        [['army', 'navy'], ['tax', 'budget']]
        """
        return [self.vocab[row].tolist() for row in self._top_ids(n)]

    def coherence(self, measure: str = "npmi", top_n: int = 10, **kwargs: Any) -> pd.DataFrame:
        """Coherence of every topic's top terms on the model's own units.

        Parameters
        ----------
        measure : {"npmi", "c_v", "umass", "c_npmi"}
            See :func:`toolkit.models.coherence.coherence`; ``"npmi"`` is document
            co-occurrence NPMI (never co-occurring pairs score -1).
        top_n : int
            Top terms per topic, ranked by weight.
        **kwargs
            ``window`` for the sliding-window measures.

        Returns
        -------
        pandas.DataFrame
            ``topic``, ``label``, ``measure``, ``coherence``, ``n_words``; ``attrs["mean"]``
            holds the mean over topics.

        Examples
        --------
        >>> c = _example_model().coherence("umass", top_n=3)
        >>> list(c.columns), isinstance(c.attrs["mean"], float)
        (['topic', 'label', 'measure', 'coherence', 'n_words'], True)
        """
        from toolkit.models.coherence import coherence

        out = coherence(self.top_terms(top_n), self.stream, measure=measure, top_n=top_n, **kwargs)
        out["topic"] = np.arange(self.k)
        out.insert(1, "label", self._label_col(np.arange(self.k)))
        return out

    def diversity(self, top_n: int = 25) -> float:
        """Share of distinct terms among all topics' top ``top_n`` terms (1 = no overlap).

        Examples
        --------
        >>> 0 < _example_model().diversity(top_n=3) <= 1
        True
        """
        from toolkit.models.coherence import topic_diversity

        return float(topic_diversity(self.top_terms(top_n), top_n=top_n))

    def summary(self, n: int = 8) -> pd.DataFrame:
        """One row per topic: ``topic``, ``label``, ``share`` (mean unit share),
        ``coherence`` (NPMI of the top 10), ``top_terms`` (by weight).

        Examples
        --------
        >>> _example_model().summary(n=2).shape
        (2, 5)
        """
        coh = self.coherence("npmi", top_n=min(10, len(self.vocab)))
        return pd.DataFrame(
            {
                "topic": np.arange(self.k),
                "label": self.labels,
                "share": self.doc_topic_.mean(axis=0),
                "coherence": coh["coherence"].to_numpy(),
                "top_terms": [" ".join(t) for t in self.top_terms(n)],
            }
        )

    def save(self, path: str) -> str:
        """Write the model to ``path`` (JSON + NPZ + Parquet in one zip; no pickle).

        Parameters
        ----------
        path : str or Path
            Output file, conventionally ``*.tkm``; read back with :func:`toolkit.load_topics`.

        Returns
        -------
        str
            The path written.

        Examples
        --------
        >>> import os, tempfile
        >>> _example_model().save(os.path.join(tempfile.mkdtemp(), "m.tkm")).endswith("m.tkm")
        True
        """
        from toolkit.models.persistence import save_topics

        return save_topics(self, path)


def _example_model() -> TopicModel:
    """A tiny fitted model for the docstring examples."""
    from toolkit.corpus.model import Corpus
    from toolkit.models.fit import fit_topics

    texts = ["tax budget deficit spending tax", "army navy war troops army"] * 4
    years = [1990 + i for i in range(8)]
    corpus = Corpus.from_texts(texts, dates=[str(y) for y in years])
    return fit_topics(corpus, k=2, min_df=1, max_df=1.0)
