"""Corpora: the :class:`Corpus` model, readers, and the registry of named corpora."""

from toolkit.corpus.fetch import DataError, HashMismatchError
from toolkit.corpus.model import Corpus
from toolkit.corpus.readers import LoadError, read_corpus
from toolkit.corpus.registry import fetch_corpus, get_card, list_corpora, load_corpus

__all__ = [
    "Corpus",
    "DataError",
    "HashMismatchError",
    "LoadError",
    "fetch_corpus",
    "get_card",
    "list_corpora",
    "load_corpus",
    "read_corpus",
]
