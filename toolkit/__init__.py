"""toolkit: discourse analysis of official rhetoric in English and Chinese.

Pipeline: corpus → text (normalise, tokenize) → counts (n-grams, collocations, keyness, KWIC,
similarity, slogans) → models (topics) → plots. ``import toolkit as tk`` gives the whole public
API. The corpus and text layers load eagerly; counting, slogans, topic models and plotting load on
first use (so ``import toolkit`` and the command line start fast without scikit-learn or
matplotlib).
"""

from __future__ import annotations

import importlib
from typing import Any

from toolkit._version import __version__
from toolkit.config import options
from toolkit.corpus import (
    Corpus,
    fetch_corpus,
    get_card,
    list_corpora,
    load_corpus,
    read_corpus,
)
from toolkit.corpus.filters import filter_corpus, parse_filter
from toolkit.errors import (
    ArgumentError,
    DataError,
    FilterError,
    HashMismatchError,
    InputError,
    LoadError,
    ToolkitError,
    ToolkitWarning,
    UnknownNameError,
)
from toolkit.text import (
    NormalizeSettings,
    detect_language,
    normalize,
    split_sentences,
    stopwords,
)
from toolkit.tokenized import Tokens, tokens

#: Public names that live in the heavier layers, imported on first access.
_LAZY: dict[str, str] = {
    # counts
    "ngrams": "toolkit.counts",
    "collocations": "toolkit.counts",
    "keyness": "toolkit.counts",
    "kwic": "toolkit.counts",
    "dispersion": "toolkit.counts",
    "Dispersion": "toolkit.counts",
    "Vectorizer": "toolkit.counts",
    "lookup": "toolkit.counts",
    "change_points": "toolkit.counts",
    "group_similarity": "toolkit.counts",
    # document-feature matrices and dictionaries
    "Dfm": "toolkit.features",
    "dfm": "toolkit.features",
    "Dictionary": "toolkit.tokenized.dictionary",
    # slogans
    "Entry": "toolkit.slogans",
    "Lexicon": "toolkit.slogans",
    "count_slogans": "toolkit.slogans",
    "discover_slogans": "toolkit.slogans",
    "first_appearances": "toolkit.slogans",
    "list_lexicons": "toolkit.slogans",
    "load_lexicon": "toolkit.slogans",
    "promote": "toolkit.slogans",
    "slogan_cooccurrence": "toolkit.slogans",
    "slogan_matches": "toolkit.slogans",
    # text reuse and meaning shift
    "reuse": "toolkit.textreuse",
    "reuse_summary": "toolkit.textreuse",
    "semantic_shift": "toolkit.semantic",
    # scaling
    "wordfish": "toolkit.scaling",
    "wordscores": "toolkit.scaling",
    "correspondence": "toolkit.scaling",
    # text statistics
    "lexdiv": "toolkit.textstats",
    "readability": "toolkit.textstats",
    "similarity": "toolkit.textstats",
    "distance": "toolkit.textstats",
    "fcm": "toolkit.textstats",
    "Fcm": "toolkit.textstats",
    "keyness_groups": "toolkit.textstats",
    # models
    "TopicModel": "toolkit.models",
    "topic_dfm": "toolkit.models",
    "coherence": "toolkit.models",
    "fit_topics": "toolkit.models",
    "load_topics": "toolkit.models",
    "select_k": "toolkit.models",
    "topic_diversity": "toolkit.models",
    "topic_stability": "toolkit.models",
    "seeded_topics": "toolkit.models.seeded",
    "topic_effects": "toolkit.models.effects",
    # plots
    "plot": "toolkit.plot",
    "save_figure": "toolkit.plot",
    "read_provenance": "toolkit.plot",
}

__all__ = [
    "ArgumentError",
    "Corpus",
    "DataError",
    "FilterError",
    "HashMismatchError",
    "InputError",
    "LoadError",
    "NormalizeSettings",
    "Tokens",
    "ToolkitError",
    "ToolkitWarning",
    "UnknownNameError",
    "__version__",
    "detect_language",
    "fetch_corpus",
    "filter_corpus",
    "get_card",
    "list_corpora",
    "load_corpus",
    "normalize",
    "options",
    "parse_filter",
    "read_corpus",
    "split_sentences",
    "stopwords",
    "tokens",
    *sorted(_LAZY),
]


def __getattr__(name: str) -> Any:
    """Import a public name of the counting, slogan, model or plotting layer on first use."""
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        value = module if name == "plot" else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
