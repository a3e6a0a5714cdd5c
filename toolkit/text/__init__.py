"""Text: normalisation, language detection, segmentation, stopwords and tokenization."""

from toolkit.text.language import detect_language
from toolkit.text.normalize import (
    NormalizeSettings,
    collapse_whitespace,
    join_cjk_breaks,
    nfkc,
    normalize,
    normalize_quotes,
    strip_invisible,
    to_simplified,
)
from toolkit.text.segment import split_paragraphs, split_sentences
from toolkit.text.stopwords import stopwords
from toolkit.text.tokenize import TokenizeSettings, Tokens, tokenize

__all__ = [
    "NormalizeSettings",
    "Tokens",
    "TokenizeSettings",
    "collapse_whitespace",
    "detect_language",
    "join_cjk_breaks",
    "nfkc",
    "normalize",
    "normalize_quotes",
    "split_paragraphs",
    "split_sentences",
    "stopwords",
    "strip_invisible",
    "to_simplified",
    "tokenize",
]
