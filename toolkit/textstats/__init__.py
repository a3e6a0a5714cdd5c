"""Text statistics: lexical diversity, readability, similarity and distance, co-occurrence
matrices and one-vs-rest keyness."""

from toolkit.textstats.fcm import Fcm, fcm
from toolkit.textstats.keyness_groups import keyness_groups
from toolkit.textstats.lexdiv import lexdiv
from toolkit.textstats.readability import readability, syllables
from toolkit.textstats.simil import distance, similarity

__all__ = ["Fcm", "distance", "fcm", "keyness_groups", "lexdiv", "readability", "similarity",
           "syllables"]  # fmt: skip
