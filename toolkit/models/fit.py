"""``tk.fit_topics``: the one-call topic model on a corpus."""

from __future__ import annotations

from typing import Any

from toolkit.errors import InputError
from toolkit.features import Dfm
from toolkit.models.dtm import topic_dfm
from toolkit.models.topics import TopicModel

__all__ = ["VOCABULARY_OPTIONS", "fit_topics", "vocabulary"]

#: Options of :func:`toolkit.models.dtm.topic_dfm` that ``fit_topics``, ``select_k`` and
#: ``topic_stability`` accept.
VOCABULARY_OPTIONS = (
    "language",
    "stopwords",
    "extra_stopwords",
    "min_length",
    "remove_numbers",
    "min_docs",
    "max_docs",
    "top",
    "min_words",
    "phrases",
)


def vocabulary(data: Any, unit: str, options: dict[str, Any]) -> Dfm:
    """The model's Dfm: ``data`` itself when it is a Dfm, else :func:`topic_dfm` of the corpus
    with the vocabulary options popped from ``options``."""
    from toolkit.corpus.model import Corpus

    vocab = {name: options.pop(name) for name in VOCABULARY_OPTIONS if name in options}
    if isinstance(data, Dfm):
        if vocab or unit != "document":
            raise InputError(
                f"{sorted(vocab) or ['unit']} apply when the Dfm is built; this is a Dfm already"
            )
        return data
    if not isinstance(data, Corpus):
        raise InputError(f"expected a Corpus or a Dfm, not {type(data).__name__}")
    return topic_dfm(data, unit=unit, **vocab)


def fit_topics(
    data: Any,
    *,
    k: int = 20,
    method: str = "nmf",
    unit: str = "document",
    seed: int = 0,
    threads: int | None = 1,
    **options: Any,
) -> TopicModel:
    """Fit a topic model on a corpus in one call: :func:`~toolkit.models.dtm.topic_dfm` (the
    vocabulary) then :class:`TopicModel`.

    Parameters
    ----------
    data : Corpus or Dfm
        The documents, or a Dfm built already (then the vocabulary options do not apply).
    k : int
        Number of topics.
    method : {"nmf", "lda", "gibbs"}
        See :class:`TopicModel`.
    unit : {"document", "paragraph", "sentence"}
        Unit of analysis; paragraphs and sentences keep their ``parent_id``.
    seed, threads
        See :class:`TopicModel`.
    **options
        Vocabulary options of :func:`~toolkit.models.dtm.topic_dfm` (``language``,
        ``stopwords``, ``extra_stopwords``, ``min_length``, ``remove_numbers``, ``min_docs``
        (default 5), ``max_docs`` (0.5), ``top``, ``min_words``, ``phrases``), and method
        options (``tfidf_norm="l2"``, ``alpha_W=1e-4`` for NMF, ``max_iter=20`` for LDA,
        ``iterations=500`` for Gibbs).

    Returns
    -------
    TopicModel
        Fitted.

    Examples
    --------
    >>> import toolkit as tk
    >>> texts = ["tax budget deficit spending war", "army navy war troops", "tax army"] * 3
    >>> m = tk.fit_topics(tk.Corpus.from_texts(texts), k=2, min_docs=1, max_docs=1.0)
    >>> sorted(m.topics(top=2, rank_by="weight").groupby("topic")["feature"].apply(len).tolist())
    [2, 2]
    """
    options = dict(options)
    d = vocabulary(data, unit, options)
    model = TopicModel(k, method=method, seed=seed, threads=threads, options=options or None)
    return model.fit(d)
