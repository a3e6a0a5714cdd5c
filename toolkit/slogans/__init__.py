"""Slogans (formulations, 提法): bilingual lexicons, exact matching, trajectories, first
appearances, co-occurrence and discovery of new formulations."""

from toolkit.slogans.cooccurrence import slogan_cooccurrence
from toolkit.slogans.counting import count_slogans, first_appearances, slogan_matches
from toolkit.slogans.discovery import discover_slogans
from toolkit.slogans.lexicon import Entry, Lexicon, list_lexicons, load_lexicon
from toolkit.slogans.promotion import promote

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
]
