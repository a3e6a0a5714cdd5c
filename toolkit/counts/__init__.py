"""Counting analyses: n-grams and word lists, collocations, keyness, KWIC, dispersion,
dictionary lookups, vocabulary similarity and a scikit-learn vectorizer.

Everything counts with one engine (:mod:`toolkit.features._engine`) over the flat token-id
arrays of :class:`~toolkit.Tokens`, takes a Corpus, Tokens or (where it makes sense) a Dfm, and
returns a tidy DataFrame in the result schema (:mod:`toolkit.schema`). Every corpus-wide pass
scales out with Dask (:mod:`toolkit.distributed`). Nothing here imports plotting.
"""

from toolkit.counts.collocations import collocations
from toolkit.counts.dispersion import Dispersion, dispersion
from toolkit.counts.keyness import keyness
from toolkit.counts.kwic import kwic
from toolkit.counts.lookup import lookup
from toolkit.counts.ngrams import ngrams
from toolkit.counts.similarity import change_points, group_similarity
from toolkit.counts.vectorizer import Vectorizer

__all__ = [
    "Dispersion",
    "Vectorizer",
    "change_points",
    "collocations",
    "dispersion",
    "group_similarity",
    "keyness",
    "kwic",
    "lookup",
    "ngrams",
]
