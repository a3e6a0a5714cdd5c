"""toolkit: discourse analysis of official rhetoric in English and Chinese.

Pipeline: corpus → text (normalise, tokenize) → counts (n-grams, collocations, keyness, KWIC,
slogans) → models (topics) → plots. ``import toolkit as tk`` gives the whole public API.
"""

from toolkit._version import __version__
from toolkit.corpus import (
    Corpus,
    DataError,
    HashMismatchError,
    LoadError,
    fetch_corpus,
    get_card,
    list_corpora,
    load_corpus,
    read_corpus,
)
from toolkit.text import (
    NormalizeSettings,
    Tokens,
    detect_language,
    normalize,
    split_sentences,
    stopwords,
    tokenize,
)

# -- counts exports --
# -- slogans exports --
# -- models exports --
# -- plot exports --

__all__ = [
    "Corpus",
    "DataError",
    "HashMismatchError",
    "LoadError",
    "NormalizeSettings",
    "Tokens",
    "__version__",
    "detect_language",
    "fetch_corpus",
    "get_card",
    "list_corpora",
    "load_corpus",
    "normalize",
    "read_corpus",
    "split_sentences",
    "stopwords",
    "tokenize",
]
