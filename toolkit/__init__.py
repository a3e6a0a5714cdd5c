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

from toolkit.counts.similarity import change_points, group_similarity, group_term_matrix
# -- counts exports --
from toolkit.counts import (
    Dispersion,
    Vectorizer,
    collocations,
    dispersion,
    keyness,
    kwic,
    ngrams,
)
# -- slogans exports --
from toolkit.slogans import (
    Entry,
    Lexicon,
    count_slogans,
    discover_slogans,
    first_appearances,
    list_lexicons,
    load_lexicon,
    promote,
    slogan_cooccurrence,
    slogan_matches,
)
# -- models exports --
from toolkit.models import (
    TopicModel,
    build_dtm,
    coherence,
    fit_topics,
    load_topics,
    select_k,
    topic_diversity,
    topic_stability,
)
# -- plot exports --

__all__ = [
    "Entry",
    "Lexicon",
    "count_slogans",
    "discover_slogans",
    "first_appearances",
    "list_lexicons",
    "load_lexicon",
    "promote",
    "slogan_cooccurrence",
    "slogan_matches",
    "Dispersion",
    "Vectorizer",
    "collocations",
    "dispersion",
    "keyness",
    "kwic",
    "ngrams",
    "TopicModel",
    "build_dtm",
    "coherence",
    "fit_topics",
    "load_topics",
    "select_k",
    "topic_diversity",
    "topic_stability",
    "Corpus",
    "DataError",
    "HashMismatchError",
    "LoadError",
    "NormalizeSettings",
    "Tokens",
    "__version__",
    "plot",
    "read_provenance",
    "save_figure",
    "change_points",
    "group_similarity",
    "group_term_matrix",
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


_LAZY = {"plot": "toolkit.plot", "save_figure": "toolkit.plot", "read_provenance": "toolkit.plot"}


def __getattr__(name: str):
    """Import plotting lazily so that ``import toolkit`` does not load matplotlib."""
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name])
        value = module if name == "plot" else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
