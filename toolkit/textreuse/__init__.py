"""Text reuse: which passages one set of documents shares with another, and how faithfully.

- :func:`reuse` — aligned passages that target documents share with source documents (or the
  documents of one corpus with each other): exact shingle index, chained seeds, local alignment
  with rapidfuzz.
- :func:`reuse_summary` — per target document (or group) the share of characters covered by
  reuse from each source, and the longest passages.

The package is ``toolkit.textreuse`` (not ``toolkit.reuse``) so that importing it never shadows
the function ``tk.reuse``.
"""

from toolkit.textreuse.core import reuse
from toolkit.textreuse.summary import reuse_summary

__all__ = ["reuse", "reuse_summary"]
