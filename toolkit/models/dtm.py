"""The vocabulary of a topic model: a :class:`~toolkit.Dfm` of the units of analysis.

:func:`topic_dfm` is the grammar spelled out for topic models — segment the corpus into units,
tokenize them once with the default settings (cached), remove stopwords, short tokens and
numbers from the tokens, build the dfm and trim it by document frequency — so a model's
vocabulary is exactly what ``tk.tokens``, ``Tokens.remove``, ``tk.dfm`` and ``Dfm.trim`` give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from toolkit.errors import ArgumentError, InputError
from toolkit.features import Dfm, dfm
from toolkit.text.stopwords import resolve_stopwords
from toolkit.text.stopwords import stopwords as _stopword_list

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.corpus.model import Corpus

__all__ = ["LANGUAGE_DEFAULTS", "NUMBER", "topic_dfm"]

#: Per-language defaults used when an argument is left at ``"auto"``. Single-character Chinese
#: tokens are mostly function words and particles (的, 和, 要), so Chinese also uses length 2.
LANGUAGE_DEFAULTS: dict[str, dict[str, Any]] = {
    "en": {"stopwords": "en", "min_length": 2},
    "zh": {"stopwords": "zh", "min_length": 2},
}
#: Tokens made of digits and number separators (``1990``, ``3.5``, ``1,000``, ``１９５４``).
NUMBER = r"[\d.,'\-]*\d[\d.,'\-]*"


def _languages(languages: list[str], language: str) -> list[str]:
    if language != "auto":
        if language not in LANGUAGE_DEFAULTS:
            raise ArgumentError(f"language must be 'auto', 'en' or 'zh', not {language!r}")
        return [language]
    langs = [lang for lang in languages if lang in LANGUAGE_DEFAULTS]
    return langs or ["en"]


def topic_dfm(
    corpus: Corpus,
    *,
    unit: str = "document",
    language: str = "auto",
    stopwords: Any = "auto",
    extra_stopwords: tuple[str, ...] | list[str] = (),
    min_length: int | str = "auto",
    remove_numbers: bool = True,
    min_docs: float | int = 5,
    max_docs: float | int = 0.5,
    top: int | None = None,
    min_words: int = 0,
    phrases: list[str] | tuple[str, ...] | None = None,
) -> Dfm:
    """Segment, tokenize and prune a corpus into the document-feature matrix of a topic model.

    Parameters
    ----------
    corpus : Corpus
        The documents.
    unit : {"document", "paragraph", "sentence"}
        Unit of analysis (rows), via ``Corpus.segment``; units keep ``parent_id``.
    language : {"auto", "en", "zh"}
        Picks the defaults of ``stopwords`` and ``min_length`` (``"auto"``: the corpus's).
    stopwords : "auto", None, "en", "zh", "both" or list of str
        Words removed; ``"auto"`` uses the list of each corpus language.
    extra_stopwords : list of str
        Added to ``stopwords`` (e.g. ``["applause"]``).
    min_length : int or "auto"
        Remove tokens shorter than this (``"auto"``: 2 for English and Chinese).
    remove_numbers : bool
        Remove tokens made of digits and number separators.
    min_docs, max_docs : int or float
        Keep features in at least ``min_docs`` and at most ``max_docs`` units; an int counts
        units, a float in (0, 1] is a share of the units (as scikit-learn's ``min_df``).
    top : int, optional
        Then keep the ``top`` most frequent features.
    min_words : int
        Drop units with fewer tokens than this (counted before any removal).
    phrases : list of str, optional
        Multi-word expressions kept as one token (see :func:`toolkit.tokenized`).

    Returns
    -------
    Dfm
        Units × features, with docvars ``doc_id``, ``parent_id``, ``n_words`` and the corpus
        metadata; ``meta["vocabulary"]`` records every setting and how many units were dropped
        (``dropped_short``, ``dropped_empty``). Its tokens (``dfm.tokens``) are the filtered
        token stream coherence measures read.

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["Taxes and jobs.", "Jobs, jobs, jobs!", "War and taxes."])
    >>> d = topic_dfm(c, min_docs=2, max_docs=1.0)
    >>> d.features.tolist(), d.to_array().tolist()
    (['jobs', 'taxes'], [[1, 1], [3, 0], [0, 1]])
    """
    from toolkit.corpus.model import Corpus

    if not isinstance(corpus, Corpus):
        raise InputError(f"expected a toolkit Corpus, not {type(corpus).__name__}")
    if len(corpus) == 0:
        raise ArgumentError("corpus has no documents")
    if isinstance(min_words, bool) or not isinstance(min_words, (int, np.integer)) or min_words < 0:
        raise ArgumentError(f"min_words must be a non-negative integer, got {min_words!r}")
    seg = corpus.segment(unit)
    langs = _languages(seg.languages, language)
    if isinstance(stopwords, str) and stopwords == "auto":
        stop = frozenset().union(
            *(_stopword_list(LANGUAGE_DEFAULTS[g]["stopwords"]) for g in langs)
        )
    else:
        stop = resolve_stopwords(stopwords)
    stop = stop | {w.lower() for w in extra_stopwords}
    if min_length == "auto":
        min_length = min(LANGUAGE_DEFAULTS[g]["min_length"] for g in langs)
    if isinstance(min_length, bool) or not isinstance(min_length, (int, np.integer)):
        raise InputError(f"min_length must be an int or 'auto', not {min_length!r}")
    if min_length < 1:
        raise ArgumentError(f"min_length must be >= 1, got {min_length}")
    toks = seg.tokens(phrases=list(phrases)) if phrases else seg.tokens()
    n_words = toks.doc_lengths.astype(np.int64)
    if stop:
        toks = toks.remove(sorted(stop), kind="fixed")
    if min_length > 1:
        toks = toks.remove(f"(?s).{{1,{int(min_length) - 1}}}", kind="regex")
    if remove_numbers:
        toks = toks.remove(NUMBER, kind="regex")
    toks = toks._with_docvars(toks.docvars.assign(n_words=n_words))
    d = dfm(toks)
    keep = n_words >= min_words
    if not keep.any():
        raise ArgumentError(f"no unit has at least min_words={min_words} words")
    d = d._rows(np.flatnonzero(keep))
    n_units = len(d)
    d = d.trim(min_docs=min_docs, max_docs=max_docs, top=top)
    if d.shape[1] == 0:
        raise ArgumentError(
            f"no feature is left after pruning {n_units} units with min_docs={min_docs!r}, "
            f"max_docs={max_docs!r}; lower min_docs or raise max_docs"
        )
    nonempty = np.asarray(d.matrix.sum(axis=1)).ravel() > 0
    if not nonempty.any():
        raise ArgumentError("every unit is empty after pruning; lower min_docs or min_length")
    d = d._rows(np.flatnonzero(nonempty))
    docvars = d.docvars
    if "parent_id" not in docvars:
        docvars.insert(1, "parent_id", docvars["doc_id"].to_numpy())
    order = ["doc_id", "parent_id", "n_words"]
    docvars = docvars[order + [c for c in docvars.columns if c not in order]]
    d = d._derive(d.matrix, docvars=docvars)
    d.meta["unit"] = unit
    d.meta["vocabulary"] = {
        "unit": unit,
        "language": language if language != "auto" else "/".join(langs),
        "stopwords": stopwords if isinstance(stopwords, str) or stopwords is None else "custom",
        "n_stopwords": len(stop),
        "extra_stopwords": sorted({w.lower() for w in extra_stopwords}),
        "min_length": int(min_length),
        "remove_numbers": bool(remove_numbers),
        "min_docs": min_docs,
        "max_docs": max_docs,
        "top": top,
        "min_words": int(min_words),
        "phrases": sorted(phrases) if phrases else [],
        "dropped_short": int((~keep).sum()),
        "dropped_empty": int((~nonempty).sum()),
    }
    d.meta["corpus_name"] = corpus.name
    d.meta["corpus_sha256"] = corpus.sha256
    return d
