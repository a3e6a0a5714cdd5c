"""Document-feature matrices: :func:`dfm` builds a :class:`Dfm` from a corpus or tokens.

The counting engine (:mod:`toolkit.features._engine`) lives here too: n-gram tables, keyness,
collocations and the Vectorizer count with it.
"""

from toolkit.features._core import Dfm
from toolkit.features.build import count_matrix, dfm

__all__ = ["Dfm", "count_matrix", "dfm"]
