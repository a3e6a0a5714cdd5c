"""Language-aware tokenization into a compact :class:`Tokens` object.

Tokens are stored as one flat ``int32`` array of vocabulary ids plus document offsets, which is
what the counting engine works on. Filters (punctuation, numbers, stopwords, minimum length) are
decided once per vocabulary *type*, not per token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from toolkit.errors import ArgumentError, InputError
from toolkit.text.language import detect_language
from toolkit.text.segment import paragraph_spans, sentence_spans
from toolkit.text.stopwords import resolve_stopwords

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.corpus.model import Corpus

__all__ = ["Tokens", "TokenizeSettings", "tokenize", "tokenize_text"]

#: English word tokens: letters/digits, keeping inner hyphens and apostrophes (and ``_`` compounds).
EN_TOKEN = re.compile(r"[^\W_]+(?:['_\-][^\W_]+)*")


@dataclass(frozen=True)
class TokenizeSettings:
    """All options that change the token stream (they key the token cache)."""

    language: str = "auto"
    lowercase: bool = True
    remove_punct: bool = True
    remove_numbers: bool = False
    stopwords: tuple[str, ...] = ()
    min_length: int = 1
    phrases: tuple[str, ...] = ()
    sentences: bool = False
    hmm: bool = True

    def as_dict(self) -> dict:
        """Plain-dict form, for cache keys and provenance."""
        return asdict(self)


@lru_cache(maxsize=8)
def _jieba(phrases: tuple[str, ...]):
    import rjieba

    if not phrases:
        return rjieba
    seg = rjieba.Jieba()
    for p in phrases:
        if not p.isascii():
            seg.add_word(p.replace(" ", ""), 10**7, None)
    return seg


@lru_cache(maxsize=8)
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern | None:
    words = sorted({p.lower() for p in phrases if p.isascii() and " " in p.strip()}, key=len)
    if not words:
        return None
    alts = "|".join(r"\s+".join(map(re.escape, p.split())) for p in reversed(words))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def _compound(text: str, regex: re.Pattern | None) -> str:
    if regex is None:
        return text
    return regex.sub(lambda m: "_".join(m.group(0).split()), text)


def _zh_tokens(text: str, s: TokenizeSettings) -> list[str]:
    seg = _jieba(s.phrases)
    return seg.cut(text, s.hmm) if text else []


def _en_tokens(text: str, s: TokenizeSettings) -> list[str]:
    return EN_TOKEN.findall(text)


def tokenize_text(text: str, settings: TokenizeSettings | None = None) -> list[list[str]]:
    """Tokenize one text into sentences of raw tokens (no filtering), by its language.

    Returns one list per sentence when ``settings.sentences`` is true, else per paragraph.

    Examples
    --------
    >>> tokenize_text("The U.S. economy's well-being matters.")
    [['the', 'u', 's', "economy's", 'well-being', 'matters']]
    """
    s = settings or TokenizeSettings()
    lang = detect_language(text) if s.language == "auto" else s.language
    if s.lowercase:
        text = text.lower()
    text = _compound(text, _phrase_regex(s.phrases))
    spans = sentence_spans(text, lang) if s.sentences else paragraph_spans(text)
    cut = _zh_tokens if lang == "zh" else _en_tokens
    return [cut(text[a:b], s) for a, b in spans]


_HAS_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit (str.isalnum), in C
_NUMBER = re.compile(r"[\d.,\-]+")


def _is_punct(token: str) -> bool:
    return _HAS_WORD_CHAR.search(token) is None


def _is_number(token: str) -> bool:
    return _NUMBER.fullmatch(token) is not None and any(c.isdigit() for c in token)


class Tokens:
    """Tokenized documents: a vocabulary, a flat id array and document offsets.

    Attributes
    ----------
    vocab : numpy.ndarray of str
        The token types; ``vocab[ids]`` gives the token strings.
    ids : numpy.ndarray of int32
        All tokens of all documents, laid end to end.
    offsets : numpy.ndarray of int64
        Document ``i`` is ``ids[offsets[i]:offsets[i + 1]]``.
    sentence_starts : numpy.ndarray of int64 or None
        Flat positions where a sentence starts (when tokenized with ``sentences=True``).
    docs : pandas.DataFrame
        Document metadata (``doc_id``, ``date``, ``year``, … without the text).
    settings : TokenizeSettings
        How the tokens were made.

    Examples
    --------
    >>> toks = tokenize(["Peace and prosperity.", "Prosperity!"])
    >>> toks[1], toks.n_tokens, len(toks)
    (['prosperity'], 4, 2)
    """

    def __init__(
        self,
        vocab: np.ndarray,
        ids: np.ndarray,
        offsets: np.ndarray,
        docs: pd.DataFrame,
        settings: TokenizeSettings,
        sentence_starts: np.ndarray | None = None,
        source: str | None = None,
    ) -> None:
        if len(offsets) != len(docs) + 1:
            raise ArgumentError("offsets must have one entry more than docs")
        self.vocab = vocab
        self.ids = ids
        self.offsets = offsets
        self.docs = docs
        self.settings = settings
        self.sentence_starts = sentence_starts
        self.source = source

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, i: int) -> list[str]:
        a, b = self.offsets[i], self.offsets[i + 1]
        return self.vocab[self.ids[a:b]].tolist()

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __repr__(self) -> str:
        return (
            f"<Tokens: {len(self)} documents, {self.n_tokens:,} tokens, {len(self.vocab):,} types>"
        )

    @property
    def n_tokens(self) -> int:
        """Total number of tokens."""
        return int(self.ids.size)

    @property
    def doc_lengths(self) -> np.ndarray:
        """Number of tokens per document."""
        return np.diff(self.offsets)

    @property
    def doc_index(self) -> np.ndarray:
        """For every token, the index of its document."""
        return np.repeat(np.arange(len(self), dtype=np.int64), self.doc_lengths)

    def to_lists(self) -> list[list[str]]:
        """Tokens as a list of string lists, one per document."""
        flat = self.vocab[self.ids].tolist()
        return [flat[a:b] for a, b in zip(self.offsets[:-1], self.offsets[1:], strict=True)]

    def to_frame(self) -> pd.DataFrame:
        """Tidy view: one row per token with ``doc_id``, ``position`` (0-based in its document),
        ``token`` and, when sentences were kept, ``sentence`` (0-based in its document)."""
        idx = self.doc_index
        pos = np.arange(self.n_tokens, dtype=np.int64) - self.offsets[idx]
        frame = pd.DataFrame(
            {
                "doc_id": self.docs["doc_id"].to_numpy()[idx],
                "position": pos,
                "token": self.vocab[self.ids],
            }
        )
        if self.sentence_starts is not None:
            starts = np.zeros(self.n_tokens, dtype=np.int64)
            starts[self.sentence_starts] = 1
            sent = np.cumsum(starts) - 1
            frame["sentence"] = sent - sent[self.offsets[idx]]
        return frame


def _documents(
    data: Corpus | Sequence[str],
) -> tuple[list[str], pd.DataFrame, list[str], str | None]:
    from toolkit.corpus.model import Corpus

    if isinstance(data, Corpus):
        docs = data.docs
        meta = docs.drop(columns=[c for c in ("text", "original") if c in docs.columns])
        langs = docs["language"].tolist() if "language" in docs else [None] * len(docs)
        return docs["text"].tolist(), meta.reset_index(drop=True), langs, data.sha256
    if isinstance(data, str) or not isinstance(data, Iterable):
        raise InputError("tokenize() takes a Corpus or a list of strings")
    texts = list(data)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise InputError(f"text {i} is {type(t).__name__}, not str")
    meta = pd.DataFrame({"doc_id": [f"text{i + 1}" for i in range(len(texts))]})
    return texts, meta, [None] * len(texts), None


def tokenize(
    data: Corpus | Sequence[str],
    *,
    language: str = "auto",
    lowercase: bool = True,
    remove_punct: bool = True,
    remove_numbers: bool = False,
    stopwords: object = None,
    min_length: int = 1,
    phrases: Iterable[str] | None = None,
    sentences: bool = False,
    hmm: bool = True,
) -> Tokens:
    """Tokenize a corpus (or a list of texts), choosing the tokenizer per document language.

    English: lower-cased word tokens keeping inner hyphens and apostrophes. Chinese: rjieba
    segmentation (jieba's dictionary and HMM). Both drop punctuation-only tokens by default.

    Parameters
    ----------
    data : Corpus or list of str
        What to tokenize; a Corpus's per-document ``language`` column is used when present.
    language : {"auto", "en", "zh"}
        Force a language instead of the per-document one.
    lowercase, remove_punct, remove_numbers : bool
        Token filters.
    stopwords : None, "en", "zh", "both" or list of str
        Stopwords to drop (see :func:`toolkit.stopwords`).
    min_length : int
        Drop tokens shorter than this many characters.
    phrases : iterable of str, optional
        Multi-word expressions kept as one token: Chinese entries are added to the segmenter's
        dictionary (``两个确立`` stays whole), English ones are joined with ``_``
        (``new deal`` → ``new_deal``). A :class:`~toolkit.Lexicon` can be passed via
        ``lexicon.phrases()``.
    sentences : bool
        Record sentence boundaries (``Tokens.sentence_starts``), needed by n-grams that must not
        cross sentences.
    hmm : bool
        Let jieba's HMM join unknown words.

    Returns
    -------
    Tokens

    Examples
    --------
    >>> tokenize(["我们坚持两个确立。"], phrases=["两个确立"])[0]
    ['我们', '坚持', '两个确立']
    >>> tokenize(["The New Deal worked."], stopwords="en", phrases=["new deal"])[0]
    ['new_deal', 'worked']
    """
    if min_length < 1:
        raise ArgumentError("min_length must be >= 1")
    if language not in ("auto", "en", "zh"):
        raise ArgumentError(f"language must be 'auto', 'en' or 'zh', not {language!r}")
    stop = resolve_stopwords(stopwords)
    settings = TokenizeSettings(
        language=language,
        lowercase=lowercase,
        remove_punct=remove_punct,
        remove_numbers=remove_numbers,
        stopwords=tuple(sorted(stop)),
        min_length=min_length,
        phrases=tuple(sorted(set(phrases or ()))),
        sentences=sentences,
        hmm=hmm,
    )
    texts, meta, langs, source = _documents(data)
    flat: list[str] = []
    counts = np.zeros(len(texts), dtype=np.int64)
    sent_sizes: list[int] = []
    for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
        s = settings if language != "auto" or lang is None else _with_language(settings, lang)
        units = tokenize_text(text, s)
        for unit in units:
            flat.extend(unit)
            sent_sizes.append(len(unit))
        counts[i] = sum(len(u) for u in units)
    codes, uniques = pd.factorize(pd.Series(flat, dtype=object), sort=False)
    uniques = np.asarray(uniques, dtype=object)
    keep_type = np.fromiter(
        (_keep(t, settings, stop) for t in uniques), dtype=bool, count=len(uniques)
    )
    keep_tok = keep_type[codes] if len(codes) else np.zeros(0, dtype=bool)
    kept_types = np.flatnonzero(keep_type)
    remap = np.full(len(uniques), -1, dtype=np.int64)
    remap[kept_types] = np.arange(len(kept_types))
    ids = remap[codes[keep_tok]].astype(np.int32)
    doc_of_tok = np.repeat(np.arange(len(texts)), counts)
    kept_per_doc = np.bincount(doc_of_tok[keep_tok], minlength=len(texts))
    offsets = np.concatenate([[0], np.cumsum(kept_per_doc)]).astype(np.int64)
    starts = None
    if sentences:
        sent_id = np.repeat(np.arange(len(sent_sizes)), sent_sizes)[keep_tok]
        starts = np.flatnonzero(np.diff(sent_id, prepend=-1) != 0).astype(np.int64)
    vocab = (
        np.array(uniques[kept_types].tolist() or [], dtype=str)
        if len(kept_types)
        else np.array([], dtype=str)
    )
    return Tokens(vocab, ids, offsets, meta, settings, starts, source)


def _with_language(settings: TokenizeSettings, lang: str) -> TokenizeSettings:
    d = settings.as_dict()
    d["language"] = lang
    return TokenizeSettings(**d)


def _keep(token: str, s: TokenizeSettings, stop: frozenset[str]) -> bool:
    if not token or token.isspace():
        return False
    if s.remove_punct and _is_punct(token):
        return False
    if s.remove_numbers and _is_number(token):
        return False
    if len(token) < s.min_length:
        return False
    return token not in stop
