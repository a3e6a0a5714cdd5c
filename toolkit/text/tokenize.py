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

from toolkit.text.language import detect_language
from toolkit.text.segment import paragraph_spans, sentence_spans

__all__ = [
    "EN_TOKEN",
    "EN_WORD",
    "TokenizeSettings",
    "is_number",
    "is_punct",
    "is_punctuation",
    "tokenize_text",
]

#: English words: letters/digits, keeping inner hyphens and apostrophes (and ``_`` compounds).
EN_WORD = re.compile(r"[^\W_]+(?:['_\-][^\W_]+)*")
#: English tokens: words, and every other visible character as a punctuation token.
EN_TOKEN = re.compile(EN_WORD.pattern + r"|[^\w\s]")


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
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


def _compound(text: str, regex: re.Pattern | None) -> str:
    if regex is None:
        return text
    return regex.sub(lambda m: "_".join(m.group(0).split()), text)


def tokenize_text(text: str, settings: TokenizeSettings | None = None) -> list[list[str]]:
    """Tokenize one text into sentences of raw tokens (no filtering), by its language.

    Returns one list per sentence when ``settings.sentences`` is true, else per paragraph.
    Punctuation is kept (the corpus-level filters remove it).

    Examples
    --------
    >>> tokenize_text("The New Deal's well-being matters.")
    [['the', 'new', "deal's", 'well-being', 'matters', '.']]
    >>> tokenize_text("坚持改革开放。推动发展！", TokenizeSettings(sentences=True))
    [['坚持', '改革开放', '。'], ['推动', '发展', '！']]
    """
    s = settings or TokenizeSettings()
    lang = detect_language(text) if s.language == "auto" else s.language
    if s.lowercase:
        text = text.lower()
    text = _compound(text, _phrase_regex(s.phrases))
    spans = sentence_spans(text, lang) if s.sentences else paragraph_spans(text)
    if lang == "zh":
        seg = _jieba(s.phrases)
        return [seg.cut(text[a:b], s.hmm) for a, b in spans]
    return [EN_TOKEN.findall(text, a, b) for a, b in spans]


_HAS_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit (str.isalnum), in C
_NUMBER = re.compile(r"[\d.,\-]+")


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
    """True for a token made of digits and number separators (``1990``, ``3.5``, ``1,000``).

    Examples
    --------
    >>> is_number("1,000"), is_number("3.5"), is_number("b52")
    (True, True, False)
    """
    return _NUMBER.fullmatch(token) is not None and any(c.isdigit() for c in token)
