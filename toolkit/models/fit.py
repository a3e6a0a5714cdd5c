"""Fitting topic models on a corpus: :func:`fit_topics`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit._version import __version__
from toolkit.errors import InputError
from toolkit.models.backends import FitResult, fit_backend
from toolkit.models.topics import TopicModel
from toolkit.models.vocab import DocTermMatrix, build_dtm

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.corpus.model import Corpus

__all__ = ["fit_topics"]

_DTM_ARGS = (
    "language",
    "stopwords",
    "extra_stopwords",
    "min_length",
    "remove_numbers",
    "min_df",
    "max_df",
    "max_features",
    "min_words",
    "phrases",
)


def fit_topics(
    corpus: Corpus | DocTermMatrix,
    k: int = 20,
    method: str = "nmf",
    unit: str = "document",
    seed: int = 0,
    *,
    threads: int | None = 1,
    language: str = "auto",
    stopwords: Any = "auto",
    extra_stopwords: tuple[str, ...] | list[str] = (),
    min_length: int | str = "auto",
    remove_numbers: bool = True,
    min_df: float | int = 5,
    max_df: float | int = 0.5,
    max_features: int | None = None,
    min_words: int = 0,
    phrases: list[str] | None = None,
    **params: Any,
) -> TopicModel:
    """Fit a topic model (NMF, variational LDA or Gibbs LDA) on a corpus.

    Parameters
    ----------
    corpus : Corpus or DocTermMatrix
        The documents, or a matrix from :func:`toolkit.models.vocab.build_dtm` (then the
        vocabulary arguments are ignored).
    k : int
        Number of topics.
    method : {"nmf", "lda", "gibbs"}
        ``"nmf"`` (default): NMF on tf-idf, the fastest and most coherent on the benchmark;
        ``"lda"``: scikit-learn variational LDA (``learning_method="batch"``, 50 iterations;
        ``"online"`` possible); ``"gibbs"``: tomotopy collapsed Gibbs sampling (extra
        ``gibbs``; 1000 iterations).
    unit : {"document", "paragraph", "sentence"}
        Unit of analysis; paragraphs and sentences keep their ``parent_id``.
    seed : int
        Random seed: same seed, data and ``threads`` give identical results.
    threads : int or None
        Threads used while fitting (1 = reproducible bit for bit).
    language, stopwords, extra_stopwords, min_length, remove_numbers, min_df, max_df, \
max_features, min_words, phrases
        Vocabulary: see :func:`toolkit.models.vocab.build_dtm` (defaults: the corpus
        language's stopwords, tokens of 2+ characters, no numbers, ``min_df=5``,
        ``max_df=0.5``).
    **params
        Method options, e.g. ``tfidf_norm="l2"`` or ``alpha_W=1e-4`` for NMF,
        ``learning_method="online"`` or ``max_iter=20`` for LDA, ``iterations=500`` for Gibbs.

    Returns
    -------
    TopicModel

    Examples
    --------
    >>> import toolkit as tk
    >>> texts = ["tax budget deficit spending war", "army navy war troops", "tax army"] * 3
    >>> m = tk.fit_topics(tk.Corpus.from_texts(texts), k=2, min_df=1, max_df=1.0)
    >>> sorted(m.topics(n=2, method="weight").groupby("topic")["term"].apply(len).tolist())
    [2, 2]
    """
    from toolkit.corpus.model import Corpus

    if isinstance(corpus, DocTermMatrix):
        dtm = corpus
    elif isinstance(corpus, Corpus):
        local = dict(locals())
        dtm = build_dtm(corpus, unit, **{a: local[a] for a in _DTM_ARGS})
    else:
        raise InputError(f"corpus must be a Corpus or DocTermMatrix, not {type(corpus).__name__}")
    res: FitResult = fit_backend(dtm.X, dtm.vocab, k, method, seed, threads, **params)
    provenance = ("corpus_name", "corpus_sha256")
    vocab_settings = {key: val for key, val in dtm.settings.items() if key not in provenance}
    return TopicModel(
        method=method,
        unit=dtm.settings["unit"],
        vocab=dtm.vocab,
        topic_term=res.topic_term,
        doc_topic=res.doc_topic,
        topic_mass=res.topic_mass,
        docs=dtm.docs,
        stream=dtm.stream,
        params={
            "k": int(k),
            "seed": int(seed),
            "threads": threads,
            "method_params": res.params,
            "vocabulary": vocab_settings,
        },
        info={
            "corpus_name": dtm.settings.get("corpus_name"),
            "corpus_sha256": dtm.settings.get("corpus_sha256"),
            "toolkit_version": __version__,
            "fit": res.fit,
            "fit_measure": res.fit_measure,
            "n_iter": res.n_iter,
            "seconds": res.seconds,
        },
    )
