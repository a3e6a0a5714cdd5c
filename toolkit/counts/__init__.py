"""Counting: n-grams and word lists, collocations, keyness, KWIC, dispersion, a vectorizer.

Everything runs on one engine (:mod:`toolkit.counts._engine`) over the flat token-id arrays of
:class:`~toolkit.text.tokenize.Tokens`, and n-gram counting scales out with Dask
(:mod:`toolkit.counts.distributed`). Nothing here imports plotting.
"""

from toolkit.counts.collocations import collocations
from toolkit.counts.dispersion import Dispersion, dispersion
from toolkit.counts.keyness import keyness
from toolkit.counts.kwic import kwic
from toolkit.counts.ngrams import ngrams
from toolkit.counts.vectorizer import Vectorizer

__all__ = [
    "Dispersion",
    "Vectorizer",
    "collocations",
    "dispersion",
    "keyness",
    "kwic",
    "ngrams",
]
