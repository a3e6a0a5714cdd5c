"""Tokenizing one string: the language rules, and the settings that change the token stream.

This module works on strings only. A corpus-wide token stream (:class:`toolkit.Tokens`) is made
by :func:`toolkit.tokenized`, which applies these rules to every document and decides the filters
(punctuation, numbers, stopwords, minimum length) once per vocabulary type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np

from toolkit.text.engine import extract_all, tokenize_en, tokenize_zh
from toolkit.text.language import base_language, detect_language
from toolkit.text.segment import sentence_spans
from toolkit.text.words import CJK_START

__all__ = [
    "CHAR_PATTERN",
    "EN_WORD",
    "TokenizeSettings",
    "compound_phrases",
    "is_number",
    "is_punct",
    "is_punctuation",
    "tokenize_text",
    "tokenize_units",
    "unit_spans",
]

_LATIN = f"[^\\W_{chr(CJK_START)}-{chr(0x10FFFF)}]"  # toolkit.text.words, without "_"
_CJK = f"[^\\W_\\x00-{chr(CJK_START - 1)}]"
#: English words (for KWIC context windows): letters/digits, keeping inner hyphens, apostrophes
#: and ``_`` compounds. The full token rules are :data:`toolkit.text.engine.EN_PATTERN`.
EN_WORD = re.compile(rf"{_LATIN}+(?:['’_\-‐]{_LATIN}+)*|{_CJK}+")


@dataclass(frozen=True)
class TokenizeSettings:
    """Every option that changes a token stream (they key the token cache).

    ``what`` is ``"word"`` (language-aware words) or ``"char"`` (characters).
    """

    what: str = "word"
    language: str = "auto"
    lowercase: bool = True
    remove_punct: bool = True
    remove_numbers: bool = False
    stopwords: tuple[str, ...] = ()
    min_length: int = 1
    phrases: tuple[str, ...] = ()
    sentences: bool = False
    hmm: bool = True
    padding: bool = False

    def as_dict(self) -> dict:
        """Plain-dict form, for cache keys and provenance."""
        return asdict(self)


@lru_cache(maxsize=8)
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern | None:
    words = sorted({p.lower() for p in phrases if p.isascii() and " " in p.strip()}, key=len)
    if not words:
        return None
    alts = "|".join(r"\s+".join(map(re.escape, p.split())) for p in reversed(words))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


def compound_phrases(text: str, phrases: tuple[str, ...]) -> str:
    """Join the words of the English multi-word ``phrases`` in ``text`` with ``_`` (any case,
    any run of whitespace between the words), so they tokenize as one word.

    Examples
    --------
    >>> compound_phrases("The New\\nDeal worked", ("new deal",))
    'The New_Deal worked'
    """
    regex = _phrase_regex(phrases)
    if regex is None:
        return text
    return regex.sub(lambda m: "_".join(m.group(0).split()), text)


#: Characters kept by ``what="char"``: letters and digits, or every visible character.
CHAR_PATTERN = {True: r"[^\W_]", False: r"\S"}


def tokenize_units(
    units: list[str], language: str, settings: TokenizeSettings, *, threads: int = 1
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Raw tokens (punctuation kept, nothing filtered) of many strings of one language, as
    ``(codes, types, sizes)`` (see :mod:`toolkit.text.engine`); ``language`` is any tag
    (:func:`~toolkit.text.language.base_language`)."""
    s = settings
    if s.what == "char":
        texts = [u.lower() for u in units] if s.lowercase else units
        return extract_all(texts, CHAR_PATTERN[s.remove_punct], threads=threads)
    if base_language(language) == "zh":
        return tokenize_zh(
            units, lowercase=s.lowercase, phrases=s.phrases, hmm=s.hmm, processes=threads
        )
    if _phrase_regex(s.phrases) is not None:
        units = [compound_phrases(u, s.phrases) for u in units]
    return tokenize_en(units, lowercase=s.lowercase, threads=threads)


def unit_spans(text: str, language: str, sentences: bool) -> list[tuple[int, int]]:
    """The spans a text is tokenized in: its sentences, or the whole text."""
    if sentences:
        return sentence_spans(text, language)
    return [(0, len(text))] if text.strip() else []


def tokenize_text(text: str, settings: TokenizeSettings | None = None) -> list[list[str]]:
    """Tokenize one text into lists of raw tokens (no filtering), by its language: one list
    per sentence when ``settings.sentences`` is true, else one list.

    The English rules (abbreviations, numbers, hyphenated words…) are those of
    :mod:`toolkit.text.engine`; Chinese is segmented by rjieba. Punctuation is kept (the
    corpus-level filters remove it).

    Examples
    --------
    >>> tokenize_text("The U.S. paid $1,000.50 for 3.5% of the well-being.")
    [['the', 'u.s.', 'paid', '$1,000.50', 'for', '3.5%', 'of', 'the', 'well-being', '.']]
    >>> tokenize_text("坚持改革开放。推动发展！", TokenizeSettings(sentences=True))
    [['坚持', '改革开放', '。'], ['推动', '发展', '！']]
    """
    s = settings or TokenizeSettings()
    lang = detect_language(text) if s.language == "auto" else s.language
    lang = base_language(lang)
    spans = unit_spans(text, lang, s.sentences)
    codes, types, sizes = tokenize_units([text[a:b] for a, b in spans], lang, s)
    words = [types[c] for c in codes.tolist()]
    bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    return [words[bounds[k] : bounds[k + 1]] for k in range(len(spans))]


_HAS_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit (str.isalnum), in C
_NUMBER = re.compile(r"[\d.,\-‐]*\d[\d.,\-‐]*%?")


def is_punct(token: str) -> bool:
    """True for a token without a letter or digit (punctuation, symbols, spaces).

    Examples
    --------
    >>> is_punct("，"), is_punct("--"), is_punct("a-")
    (True, True, False)
    """
    return _HAS_WORD_CHAR.search(token) is None


def is_punctuation(token: str) -> bool:
    """True for a token of Unicode punctuation only (categories P*: ``,`` ``。`` ``“`` ``—``),
    quanteda's ``^\\p{P}+$`` — the tokens no collocation may contain. Symbols (``$``, ``+``)
    are not punctuation.

    Examples
    --------
    >>> is_punctuation("，"), is_punctuation("--"), is_punctuation("$"), is_punctuation("a")
    (True, True, False, False)
    """
    return bool(token) and all(unicodedata.category(c)[0] == "P" for c in token)


def is_number(token: str) -> bool:
    """True for a number token: digits with separators, an optional currency sign before and
    ``%`` after (``1990``, ``3.5``, ``1,000``, ``$1.2``, ``40%``, ``1990-91``); words that
    start with digits (``1990s``, ``21st``) are not numbers, as in quanteda.

    Examples
    --------
    >>> is_number("1,000"), is_number("3.5"), is_number("$1.2"), is_number("40%")
    (True, True, True, True)
    >>> is_number("b52"), is_number("1990s"), is_number("-")
    (False, False, False)
    """
    if token and unicodedata.category(token[0]) == "Sc":
        token = token[1:]
    return _NUMBER.fullmatch(token) is not None
