"""Text: normalisation, language detection, segmentation, stopwords and tokenizing one string.

Everything here works on strings; nothing imports :mod:`toolkit.corpus`.
"""

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
from toolkit.text.tokenize import TokenizeSettings, tokenize_text

__all__ = [
    "NormalizeSettings",
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
    "tokenize_text",
]
