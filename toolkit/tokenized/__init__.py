"""Tokens: the token stream every count, dictionary and model stands on.

``tk.tokens(corpus)`` (or ``corpus.tokens()``) makes a :class:`Tokens` object; its methods
(``select``, ``remove``, ``compound``, ``lookup``, ``replace``, ``ngrams``, ``skipgrams``,
``lowercase``, ``subset``, ``group``) return new Tokens, and :func:`toolkit.dfm` turns Tokens into
a document-feature matrix. :class:`Dictionary` maps categories to patterns.
"""

from toolkit.tokenized._core import PAD, Tokens
from toolkit.tokenized.build import OPTIONS, as_corpus, settings_for, tokens

__all__ = ["OPTIONS", "PAD", "Tokens", "as_corpus", "settings_for", "tokens"]
