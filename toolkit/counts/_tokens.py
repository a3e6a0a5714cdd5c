"""Getting :class:`~toolkit.text.tokenize.Tokens` for the counting functions.

Everything in :mod:`toolkit.counts` accepts a Corpus (tokenized through ``corpus.tokens(...)`` so
the corpus's token cache is shared with every other analysis), a Tokens object, or a list of
strings. This module turns those into Tokens, builds character tokens (``unit="char"``), groups
documents for ``by=`` and joins token streams.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.model import Corpus, group_frame
from toolkit.errors import ArgumentError, InputError
from toolkit.text.segment import sentence_spans
from toolkit.text.stopwords import resolve_stopwords
from toolkit.text.tokenize import TokenizeSettings, Tokens, tokenize

__all__ = [
    "TOKENIZE_OPTIONS",
    "as_corpus",
    "as_tokens",
    "concat_tokens",
    "group_codes",
    "segment_ids",
    "stop_mask",
    "with_docs",
]

#: Tokenizer options the counting functions pass through to :func:`toolkit.tokenize`.
TOKENIZE_OPTIONS = frozenset(
    {"language", "lowercase", "remove_punct", "remove_numbers", "min_length", "phrases", "hmm"}
)
_UNITS = ("word", "char")
_CHAR_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def check_options(options: dict[str, Any]) -> dict[str, Any]:
    """Reject unknown tokenizer options with a message naming them."""
    bad = sorted(set(options) - TOKENIZE_OPTIONS)
    if bad:
        raise InputError(
            f"unknown option(s) {bad}; tokenizer options are {sorted(TOKENIZE_OPTIONS)}"
        )
    return options


def as_corpus(data: Any) -> Corpus:
    """A Corpus from a Corpus or a list of strings (anything else raises ``TypeError``)."""
    if isinstance(data, Corpus):
        return data
    if isinstance(data, (str, bytes)) or not isinstance(data, Sequence):
        raise InputError(f"expected a Corpus or a list of str, not {type(data).__name__}")
    return Corpus.from_texts(list(data))


def as_tokens(
    data: Corpus | Tokens | Sequence[str],
    *,
    unit: str = "word",
    sentences: bool = False,
    **options: Any,
) -> Tokens:
    """Tokens for ``data``: a Corpus (through its token cache), Tokens, or a list of str.

    Parameters
    ----------
    data : Corpus, Tokens or list of str
        What to count.
    unit : {"word", "char"}
        Word tokens from :func:`toolkit.tokenize`, or characters (letters and digits; see
        :func:`char_tokens`).
    sentences : bool
        Sentence boundaries are needed (``Tokens.sentence_starts``).
    **options
        Tokenizer options (:data:`TOKENIZE_OPTIONS`).
    """
    check_options(options)
    if unit not in _UNITS:
        raise ArgumentError(f"unit must be 'word' or 'char', not {unit!r}")
    if isinstance(data, Tokens):
        if unit == "char":
            raise InputError("unit='char' needs a Corpus or a list of texts, not Tokens")
        if options:
            raise InputError(
                f"tokenizer options {sorted(options)} cannot apply to Tokens that are "
                "already tokenized; pass the Corpus instead"
            )
        if sentences and data.sentence_starts is None:
            raise ArgumentError(
                "these Tokens have no sentence boundaries; tokenize with sentences=True "
                "or use boundary='document'"
            )
        return data
    if unit == "char":
        return char_tokens(as_corpus(data), **options)
    if isinstance(data, Corpus):
        settings = dict(options)
        if sentences:
            settings["sentences"] = True
        return data.tokens(**settings)
    if not _is_str_list(data):
        raise InputError(f"expected a Corpus, Tokens or a list of str, not {type(data).__name__}")
    return tokenize(list(data), sentences=sentences, **options)


def _is_str_list(data: Any) -> bool:
    return (
        isinstance(data, Sequence)
        and not isinstance(data, str)
        and all(isinstance(t, str) for t in data)
    )


def char_tokens(
    corpus: Corpus,
    *,
    lowercase: bool = True,
    remove_punct: bool = True,
    language: str = "auto",
    **ignored: Any,
) -> Tokens:
    """Character tokens of the normalised texts, with sentence boundaries.

    Keeps letters and digits (every non-space character when ``remove_punct=False``); whitespace
    is always dropped. Cached per corpus and settings.
    """
    key = (lowercase, remove_punct, language)
    cache = _CHAR_CACHE.setdefault(corpus, {})
    if key in cache:
        return cache[key]
    keep = re.compile(r"[^\W_]" if remove_punct else r"\S")
    docs = corpus.docs
    langs = docs["language"].tolist() if language == "auto" else [language] * len(docs)
    flat: list[str] = []
    lengths = np.zeros(len(docs), dtype=np.int64)
    sent_sizes: list[int] = []
    for i, (text, lang) in enumerate(zip(docs["text"].tolist(), langs, strict=True)):
        if lowercase:
            text = text.lower()
        for a, b in sentence_spans(text, lang or "en"):
            chars = keep.findall(text, a, b)
            flat.extend(chars)
            sent_sizes.append(len(chars))
            lengths[i] += len(chars)
    codes, uniques = pd.factorize(pd.Series(flat, dtype=object), sort=False)
    vocab = np.array(list(uniques), dtype=str) if len(uniques) else np.array([], dtype=str)
    sizes = np.asarray(sent_sizes, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])[sizes > 0] if len(sizes) else sizes
    settings = TokenizeSettings(
        language=language, lowercase=lowercase, remove_punct=remove_punct, sentences=True
    )
    meta = docs.drop(columns=[c for c in ("text", "original") if c in docs.columns])
    tokens = Tokens(
        vocab,
        codes.astype(np.int32),
        np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        meta.reset_index(drop=True),
        settings,
        starts.astype(np.int64),
        corpus.sha256,
    )
    cache[key] = tokens
    return tokens


def segment_ids(tokens: Tokens, boundary: str) -> np.ndarray:
    """For every token, the id of the stretch n-grams may not leave (document or sentence)."""
    if boundary == "document":
        dtype = np.int32 if len(tokens) < 2**31 else np.int64
        return np.repeat(np.arange(len(tokens), dtype=dtype), tokens.doc_lengths)
    if boundary == "sentence":
        if tokens.sentence_starts is None:
            raise ArgumentError("boundary='sentence' needs Tokens made with sentences=True")
        flags = np.zeros(tokens.n_tokens, dtype=np.int64)
        flags[tokens.sentence_starts] = 1
        flags[tokens.offsets[:-1][tokens.doc_lengths > 0]] = 1
        return np.cumsum(flags)
    raise ArgumentError(f"boundary must be 'document' or 'sentence', not {boundary!r}")


def stop_mask(vocab: np.ndarray, stopwords: object) -> np.ndarray | None:
    """Boolean mask over ``vocab`` marking stopwords, or None when there are none."""
    stop = resolve_stopwords(stopwords)
    if not stop:
        return None
    return np.fromiter((v in stop for v in vocab.tolist()), dtype=bool, count=len(vocab))


def group_codes(
    docs: pd.DataFrame, by: str | Sequence[str] | None
) -> tuple[np.ndarray, pd.DataFrame]:
    """Group documents by metadata columns.

    ``by="decade"`` is derived from ``year`` (``year // 10 * 10``) when the documents have no
    ``decade`` column. Groups are numbered in sorted order of their values (missing values last).

    Returns
    -------
    codes : numpy.ndarray of int64
        Group number of every document.
    labels : pandas.DataFrame
        One row per group number with the ``by`` columns (no columns when ``by`` is None).
    """
    cols = [by] if isinstance(by, str) else list(by or [])
    if not cols:
        return np.zeros(len(docs), dtype=np.int64), pd.DataFrame(index=range(1))
    if len(set(cols)) != len(cols):
        raise ArgumentError(f"by= lists a column twice: {cols}")
    frame = group_frame(docs, cols)
    return label_codes(frame)


def label_codes(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Number the distinct rows of ``frame`` in sorted order (missing last)."""
    cols = list(frame.columns)
    if not cols:
        return np.zeros(len(frame), dtype=np.int64), pd.DataFrame(index=range(1))
    codes = frame.groupby(cols, sort=True, dropna=False, observed=True).ngroup().to_numpy()
    codes = codes.astype(np.int64)
    if len(codes) == 0:
        return codes, frame.iloc[:0].reset_index(drop=True)
    _, first = np.unique(codes, return_index=True)
    return codes, frame.iloc[first].reset_index(drop=True)


def with_docs(tokens: Tokens, docs: pd.DataFrame) -> Tokens:
    """The same tokens with a replaced document table (same number of rows)."""
    return Tokens(
        tokens.vocab,
        tokens.ids,
        tokens.offsets,
        docs.reset_index(drop=True),
        tokens.settings,
        tokens.sentence_starts,
        tokens.source,
    )


def concat_tokens(parts: Sequence[Tokens]) -> Tokens:
    """Lay several Tokens end to end over one shared vocabulary."""
    vocab, inverse = np.unique(np.concatenate([p.vocab for p in parts]), return_inverse=True)
    ids, offsets, starts, docs = [], [np.zeros(1, dtype=np.int64)], [], []
    at_v = at_t = 0
    keep_sent = all(p.sentence_starts is not None for p in parts)
    for p in parts:
        remap = inverse[at_v : at_v + len(p.vocab)]
        ids.append(remap[p.ids].astype(np.int32) if p.n_tokens else p.ids.astype(np.int32))
        offsets.append(p.offsets[1:] + at_t)
        if keep_sent:
            starts.append(p.sentence_starts + at_t)
        docs.append(p.docs)
        at_v += len(p.vocab)
        at_t += p.n_tokens
    return Tokens(
        vocab.astype(str),
        np.concatenate(ids),
        np.concatenate(offsets).astype(np.int64),
        pd.concat(docs, ignore_index=True, sort=False),
        parts[0].settings,
        np.concatenate(starts).astype(np.int64) if keep_sent else None,
        None,
    )
