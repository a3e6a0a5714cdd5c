"""Scaling models: Wordfish, Wordscores and correspondence analysis of a Dfm."""

from toolkit.scaling.correspondence import Correspondence, correspondence
from toolkit.scaling.wordfish import Wordfish, wordfish
from toolkit.scaling.wordscores import Wordscores, wordscores

__all__ = ["Correspondence", "Wordfish", "Wordscores", "correspondence", "wordfish", "wordscores"]
