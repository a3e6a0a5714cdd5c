"""Text statistics: lexical diversity, readability, similarity and distance, co-occurrence
matrices and one-vs-rest keyness."""

from toolkit.textstats.lexdiv import lexdiv
from toolkit.textstats.readability import readability, syllables

__all__ = ["lexdiv", "readability", "syllables"]
