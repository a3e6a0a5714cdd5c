"""A prefix sieve in front of the Aho-Corasick automaton (used for Chinese forms).

pyahocorasick looks up each child of a trie node by linear search, so a lexicon whose forms
start with a few hundred different characters costs a few hundred comparisons per character
of text. The sieve hashes every 2- and 4-character window of the text at once (numpy) and keeps
only the positions where the window hashes like the first 2 (forms shorter than 4) or 4
characters of some form. The automaton then scans just the windows ``[p, p + longest form with
that prefix)``, joined with a separator (U+0000) that no form contains. Every match starts at a
kept position and lies inside its window, so the hits are exactly those of a full scan.

English forms are scanned without the sieve: their 26-letter alphabet keeps the automaton's
fan-out small, and common prefixes ("the ", "new ") would make the sieve keep most of the text.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["Sieve"]

_K = np.uint32(0x9E3779B1)
_K2 = np.uint32((0x9E3779B1 * 0x9E3779B1) & 0xFFFFFFFF)
_BITS = 18
_SHIFT = np.uint32(32 - _BITS)
#: Scan the whole text when more than this share of it would be scanned anyway.
MAX_SHARE = 0.5


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _hashes(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Table slots of every 2-character window and every 4-character window."""
    h2 = np.multiply(c[:-1], _K)
    h2 += c[1:]
    h4 = np.multiply(h2[:-2], _K2)
    h4 += h2[2:]
    h4 >>= _SHIFT
    h2 >>= _SHIFT
    return h2, h4


class Sieve:
    """Prefix sieve for a set of keys (see the module docstring).

    Parameters
    ----------
    keys : iterable of str
        The automaton's keys; a sieve over keys shorter than 2 characters passes everything.

    Examples
    --------
    >>> s = Sieve(["两个确立", "三农"])
    >>> [x.tolist() for x in s.windows("我们坚持两个确立和三农工作")]
    [[4, 9], [8, 11]]
    """

    def __init__(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        self.usable = bool(keys) and all(2 <= len(k) <= 255 for k in keys)
        # per table slot: the longest key whose prefix hashes there
        self._span2 = np.zeros(1 << _BITS, dtype=np.uint8)
        self._span4 = np.zeros(1 << _BITS, dtype=np.uint8)
        self._short = False
        if not self.usable:
            return
        for k in keys:
            h2, h4 = _hashes(_codes(k[:4]))
            table, slot = (self._span4, int(h4[0])) if len(k) >= 4 else (self._span2, int(h2[0]))
            table[slot] = max(int(table[slot]), len(k))
            self._short |= len(k) < 4

    def windows(self, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Disjoint spans ``(starts, ends)`` that hold every possible match, in text order;
        None when the whole text should be scanned (sieve not usable or not selective)."""
        n = len(text)
        if not self.usable or n < 4:
            return None
        h2, h4 = _hashes(_codes(text))
        span = self._span4[h4]
        if self._short:
            np.maximum(span, self._span2[h2[:-2]], out=span)
            span = np.append(span, self._span2[h2[-2:]])
        cand = np.flatnonzero(span.astype(bool))
        if cand.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        reach = np.maximum.accumulate(np.minimum(cand + span[cand], n))
        new = np.empty(cand.size, dtype=bool)
        new[0] = True
        np.greater(cand[1:], reach[:-1], out=new[1:])
        first = np.flatnonzero(new)
        starts, stops = cand[first], reach[np.append(first[1:] - 1, cand.size - 1)]
        if int((stops - starts).sum()) > MAX_SHARE * n:
            return None
        return starts, stops

    def extract(self, text: str) -> tuple[str, np.ndarray] | None:
        """The windows of :meth:`windows` joined by U+0000, and for each character of the
        joined string its offset in ``text`` (-1 for separators); None: scan everything.

        Examples
        --------
        >>> joined, where = Sieve(["两个确立"]).extract("我们坚持两个确立，推进各项工作")
        >>> joined, where.tolist()
        ('两个确立\\x00', [4, 5, 6, 7, -1])
        """
        spans = self.windows(text)
        if spans is None:
            return None
        starts, stops = spans
        sizes = stops - starts + 1
        total = int(sizes.sum())
        block = np.repeat(np.cumsum(sizes) - sizes, sizes)
        where = np.arange(total, dtype=np.int64) - block + np.repeat(starts, sizes)
        where[np.cumsum(sizes) - 1] = -1
        codes = _codes(text)[np.maximum(where, 0)]
        codes[where < 0] = 0
        return codes.tobytes().decode("utf-32-le"), where
