"""Meaning shift: per-period word embeddings aligned across periods.

:func:`semantic_shift` trains embeddings on each period of a corpus (SVD of PPMI, or word2vec
through gensim), aligns them with orthogonal Procrustes and reports, for each term, its nearest
neighbours per period, the cosine shift between periods and bootstrap intervals.
"""

from toolkit.semantic.shift import semantic_shift

__all__ = ["semantic_shift"]
