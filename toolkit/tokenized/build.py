"""``tk.tokens``: the one way a corpus (or a list of texts) becomes :class:`~toolkit.Tokens`.

Every analysis that needs tokens gets them here, so a corpus is tokenized once per set of
options: the result is kept for the corpus object (in memory) and, for named corpora of at
least ``tk.options.cache_min_chars`` characters, in the on-disk token cache
(:mod:`toolkit.tokenized.cache`).
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from toolkit.config import options
from toolkit.corpus.model import Corpus
from toolkit.errors import ArgumentError, InputError
from toolkit.text.segment import sentence_spans
from toolkit.text.stopwords import resolve_stopwords
from toolkit.text.tokenize import (
    TokenizeSettings,
    is_number,
    is_punct,
    is_punctuation,
    tokenize_text,
)
from toolkit.tokenized import cache
from toolkit.tokenized._core import PAD, Tokens

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


def tokens(data: Any, **options: Any) -> Tokens:
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
    """Tokenize every document of ``corpus`` with ``settings`` (no caching)."""
    docs = corpus._docs
    texts = docs["text"].tolist()
    if settings.language != "auto":
        langs = [settings.language] * len(texts)
    else:
        langs = docs["language"].tolist()
    if settings.what == "char":
        units, sizes = _char_units(texts, langs, settings)
    else:
        units, sizes = _word_units(texts, langs, settings)
    return _assemble(corpus, units, sizes, settings)


def _word_units(
    texts: list[str], langs: list[str], settings: TokenizeSettings
) -> tuple[list[list[str]], np.ndarray]:
    per_lang = {lang: _with_language(settings, lang) for lang in set(langs)}
    units: list[list[str]] = []
    sizes = np.zeros(len(texts), dtype=np.int64)
    for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
        parts = tokenize_text(text, per_lang[lang])
        units.extend(parts)
        sizes[i] = len(parts)
    return units, sizes


def _char_units(
    texts: list[str], langs: list[str], settings: TokenizeSettings
) -> tuple[list[list[str]], np.ndarray]:
    keep = re.compile(r"[^\W_]" if settings.remove_punct else r"\S")
    units: list[list[str]] = []
    sizes = np.zeros(len(texts), dtype=np.int64)
    for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
        if settings.lowercase:
            text = text.lower()
        spans = sentence_spans(text, lang or "en")
        units.extend(keep.findall(text, a, b) for a, b in spans)
        sizes[i] = len(spans)
    return units, sizes


def _with_language(settings: TokenizeSettings, lang: str) -> TokenizeSettings:
    values = settings.as_dict()
    values["language"] = lang if lang in ("en", "zh") else "en"
    return TokenizeSettings(**values)


def _assemble(
    corpus: Corpus, units: list[list[str]], units_per_doc: np.ndarray, s: TokenizeSettings
) -> Tokens:
    """Flat ids, offsets, sentence starts and gaps from the raw tokens of every unit."""
    unit_sizes = np.fromiter((len(u) for u in units), dtype=np.int64, count=len(units))
    flat = [t for u in units for t in u]
    codes, uniques = pd.factorize(pd.Series(flat, dtype=object), sort=False)
    uniques = np.asarray(uniques, dtype=object)
    stop = frozenset(s.stopwords)
    words = uniques.tolist()
    empty = np.fromiter((not t or t.isspace() for t in words), dtype=bool, count=len(words))
    punct = np.fromiter(
        (s.what == "word" and is_punct(t) for t in words), dtype=bool, count=len(words)
    )
    drop_punct = punct & s.remove_punct
    breaks = drop_punct & np.fromiter(  # removed punctuation (not symbols) leaves a gap
        (is_punctuation(t) for t in words), dtype=bool, count=len(words)
    )
    other = np.fromiter(
        ((s.remove_numbers and is_number(t)) or len(t) < s.min_length or t in stop for t in words),
        dtype=bool,
        count=len(words),
    )
    gone = empty | drop_punct  # removed without a trace (but punctuation leaves a gap)
    padded = other & ~gone
    keep_type = ~gone & (s.padding | ~padded)
    n_docs = len(corpus)
    doc_of_unit = np.repeat(np.arange(n_docs, dtype=np.int64), units_per_doc)
    doc_of_tok = np.repeat(doc_of_unit, unit_sizes)
    unit_of_tok = np.repeat(np.arange(len(units), dtype=np.int64), unit_sizes)
    keep_tok = keep_type[codes] if len(codes) else np.zeros(0, dtype=bool)
    kept_types = np.flatnonzero(keep_type & ~padded)
    remap = np.full(len(uniques), PAD, dtype=np.int64)
    remap[kept_types] = np.arange(len(kept_types))
    ids = remap[codes[keep_tok]].astype(np.int32)
    kept_doc = doc_of_tok[keep_tok]
    offsets = np.concatenate([[0], np.cumsum(np.bincount(kept_doc, minlength=n_docs))])
    first = np.ones(len(ids), dtype=bool)
    first[1:] = kept_doc[1:] != kept_doc[:-1]
    starts = None
    if s.sentences:
        unit = unit_of_tok[keep_tok]
        new = first.copy()
        new[1:] |= unit[1:] != unit[:-1]
        starts = np.flatnonzero(new).astype(np.int64)
    gaps = None
    if s.remove_punct and len(codes):
        removed = np.cumsum(breaks[codes])  # removed punctuation up to each raw token
        at_kept = removed[keep_tok]
        before = np.concatenate([[0], at_kept[:-1]])
        gap = (at_kept - before) > 0
        gaps = np.flatnonzero(gap & ~first).astype(np.int64)
    vocab = np.asarray(uniques[kept_types].tolist(), dtype=str) if len(kept_types) else None
    return Tokens(
        vocab if vocab is not None else np.array([], dtype=str),
        ids,
        offsets.astype(np.int64),
        corpus.docvars,
        s,
        sentence_starts=starts,
        gaps=gaps,
        source=corpus.text_sha256,
    )
