"""``tk.tokens``: the one way a corpus (or a list of texts) becomes :class:`~toolkit.Tokens`.

Every analysis that needs tokens gets them here, so a corpus is tokenized once per set of
options: the result is kept for the corpus object (in memory) and, for named corpora of at
least ``tk.options.cache_min_chars`` characters, in the on-disk token cache
(:mod:`toolkit.tokenized.cache`).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from toolkit._progress import progress_total
from toolkit.config import options
from toolkit.corpus.model import Corpus
from toolkit.distributed._switch import use_dask
from toolkit.errors import ArgumentError, InputError
from toolkit.text.language import base_language
from toolkit.text.stopwords import resolve_stopwords
from toolkit.text.tokenize import TokenizeSettings
from toolkit.tokenized import cache
from toolkit.tokenized._core import Tokens
from toolkit.tokenized._stream import Stream, batches

__all__ = ["OPTIONS", "as_corpus", "settings_for", "tokens", "tokenize_corpus"]

#: The options of :func:`tokens` (every analysis that tokenizes passes these through).
OPTIONS = (
    "what",
    "language",
    "lowercase",
    "remove_punct",
    "remove_numbers",
    "stopwords",
    "min_length",
    "phrases",
    "sentences",
    "hmm",
    "padding",
)
_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
log = logging.getLogger("toolkit.cache")


def as_corpus(data: Any, *, what: str = "data") -> Corpus:
    """A Corpus from a Corpus or a list of strings; a plain ``str`` is refused (it is neither
    silently one text nor a path)."""
    if isinstance(data, Corpus):
        return data
    if isinstance(data, (str, bytes)):
        raise InputError(
            f"{what} is a single string; pass [text] for one text, or read files with "
            "tk.read_corpus(Path(...))"
        )
    if isinstance(data, Iterable) and not isinstance(data, (pd.DataFrame, dict)):
        texts = list(data)
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise InputError(f"{what}: item {i} is {type(t).__name__}, not str")
        return Corpus.from_texts(texts, doc_ids=[f"text{i + 1}" for i in range(len(texts))])
    raise InputError(f"{what} must be a Corpus, Tokens or a list of str, not {type(data).__name__}")


def settings_for(**options: Any) -> TokenizeSettings:
    """The :class:`TokenizeSettings` that ``tokens(corpus, **options)`` uses (checked).

    Examples
    --------
    >>> settings_for(phrases=["b", "a", "a"]).phrases
    ('a', 'b')
    """
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise InputError(f"unknown tokens option(s) {unknown}; options: {list(OPTIONS)}")
    what = options.get("what", "word")
    if what not in ("word", "char"):
        raise ArgumentError(f"what must be 'word' or 'char', not {what!r}")
    language = options.get("language", "auto")
    if language not in ("auto", "en", "zh"):
        raise ArgumentError(f"language must be 'auto', 'en' or 'zh', not {language!r}")
    min_length = options.get("min_length", 1)
    if isinstance(min_length, bool) or not isinstance(min_length, int) or min_length < 1:
        raise ArgumentError(f"min_length must be an int >= 1, not {min_length!r}")
    lowercase = bool(options.get("lowercase", True))
    stop = resolve_stopwords(options.get("stopwords"), lowercase=lowercase)
    phrases = options.get("phrases") or ()
    if isinstance(phrases, str):
        raise InputError("phrases must be a list of strings, not one string")
    return TokenizeSettings(
        what=what,
        language=language,
        lowercase=lowercase,
        remove_punct=bool(options.get("remove_punct", True)),
        remove_numbers=bool(options.get("remove_numbers", False)),
        stopwords=tuple(sorted(stop)),
        min_length=min_length,
        phrases=tuple(sorted(set(phrases))),
        sentences=bool(options.get("sentences", False)),
        hmm=bool(options.get("hmm", True)),
        padding=bool(options.get("padding", False)),
    )


def tokens(
    data: Any, *, client: Any = None, npartitions: int | None = None, **options: Any
) -> Tokens:
    """Tokenize a corpus (or a list of texts) into :class:`~toolkit.Tokens`.

    Parameters
    ----------
    data : Corpus, Tokens or list of str
        A Corpus is tokenized from its normalised text, per document language; a list of
        strings becomes a corpus first (normalised, ``doc_id`` ``text1``, ``text2``…). Tokens
        are returned as they are (no options allowed then).
    what : {"word", "char"}
        Words (English: word tokens keeping inner hyphens and apostrophes; Chinese: rjieba
        segmentation) or characters (letters and digits; every non-space character with
        ``remove_punct=False``).
    language : {"auto", "en", "zh"}
        Force one tokenizer instead of each document's ``language``.
    lowercase : bool
        Lower-case the text first.
    remove_punct, remove_numbers : bool
        Drop punctuation-only tokens (their places are remembered: collocations never span
        them) and number tokens (``1990``, ``3.5``).
    stopwords : None, "en", "zh", "both" or list of str
        Drop these words (see :func:`toolkit.stopwords`); a list is matched case-sensitively
        when ``lowercase=False``.
    min_length : int
        Drop tokens shorter than this many characters.
    phrases : list of str, optional
        Multi-word expressions kept as one token while tokenizing (Chinese ones are added to
        the segmenter's dictionary, English ones joined with ``_``); after tokenizing use
        :meth:`Tokens.compound`.
    sentences : bool
        Record sentence boundaries (``Tokens.sentence_starts``).
    hmm : bool
        Let jieba's HMM join unknown Chinese words.
    padding : bool
        Keep removed tokens (stopwords, numbers, short tokens) as pads, so positions stay as
        in the text.
    client : dask.distributed.Client, optional
        Tokenize on this Dask cluster (default: locally, or on the active client when
        ``tk.options.dask`` is on): partitions of documents are tokenized on the workers and
        laid end to end (:func:`toolkit.tokenized.ops.concat`); the tokens, documents and
        sentence boundaries are those of the local run, over the sorted vocabulary
        (:mod:`toolkit.distributed`). A Path (file, folder, glob) is read on the workers.
    npartitions : int, optional
        Dask: number of partitions (default one per 50 documents, or one per file).

    Returns
    -------
    Tokens
        With the corpus's docvars (``doc_id``, ``date``, ``year``, metadata).

    Examples
    --------
    >>> import toolkit as tk
    >>> tk.tokens(["我们坚持两个确立。"], phrases=["两个确立"])[0]
    ['我们', '坚持', '两个确立']
    >>> tk.tokens(["The New Deal worked."], stopwords="en", phrases=["new deal"])[0]
    ['new_deal', 'worked']
    >>> tk.tokens(["state of the union"], stopwords="en", padding=True)[0]
    ['state', '', '', 'union']
    """
    if use_dask(client) and not isinstance(data, Tokens):
        from toolkit.distributed import map_merge
        from toolkit.tokenized.ops import concat

        return map_merge(
            data, tokens, concat, client=client, npartitions=npartitions, kwargs=options
        )[0]
    if npartitions is not None:
        raise InputError("npartitions only applies on Dask (client=)")
    if isinstance(data, Tokens):
        if options:
            raise InputError(
                f"options {sorted(options)} cannot apply to Tokens that are already made; "
                "pass the Corpus, or use the Tokens methods (remove, lowercase, …)"
            )
        return data
    if type(data).__name__ == "Dfm":
        raise InputError("a Dfm has no token order; tokenize the Corpus instead")
    settings = settings_for(**options)
    corpus = as_corpus(data)
    memo = _MEMO.setdefault(corpus, {})
    if settings not in memo:
        memo[settings] = _cached(corpus, settings)
    return memo[settings]


def _cached(corpus: Corpus, settings: TokenizeSettings) -> Tokens:
    """Tokens through the disk cache when :func:`~toolkit.tokenized.cache.cache_enabled`."""
    if not cache.cache_enabled(corpus):
        return tokenize_corpus(corpus, settings)
    try:
        hit = cache.load_tokens(corpus, settings)
    except OSError as e:  # unreadable cache folder: work without it
        log.warning("token cache not readable: %s", e)
        hit = None
    if hit is not None:
        return hit
    made = tokenize_corpus(corpus, settings)
    try:
        cache.save_tokens(corpus, made)
        cache.evict(options.cache_max_mb * 2**20)
    except OSError as e:  # read-only or full disk: the result is still good
        log.warning("could not write the token cache: %s", e)
    return made


def tokenize_corpus(corpus: Corpus, settings: TokenizeSettings) -> Tokens:
    """Tokenize every document of ``corpus`` with ``settings`` (no caching), in batches of
    whole documents (:mod:`toolkit.tokenized._stream`)."""
    docs = corpus._docs
    texts = docs["text"].tolist()
    if settings.language != "auto":
        langs = [settings.language] * len(texts)
    else:
        langs = [base_language(lang) for lang in docs["language"].tolist()]
    stream = Stream(settings, threads=options.threads)
    sizes = [len(t) for t in texts]
    with progress_total(sum(sizes), desc="tokenizing", unit="char") as bar:
        for a, b in batches(sizes):
            stream.add(texts[a:b], langs[a:b])
            bar.update(sum(sizes[a:b]))
    got = stream.result()
    return Tokens(
        np.asarray(got["vocab"], dtype=str) if got["vocab"] else np.array([], dtype=str),
        got["ids"],
        got["offsets"],
        corpus.docvars,
        settings,
        sentence_starts=got["sentence_starts"],
        gaps=got["gaps"],
        source=corpus.text_sha256,
    )
