"""Alignment units of a text and their hashed shingles.

Chinese (and any text that is not English) is compared character by character, English word by
word. Whitespace and punctuation are not units, so a change of comma or line break does not break
a shingle; every unit keeps its character span in the normalised ``text``, so a passage found on
units maps back to ``text[start:end]`` exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Units", "WORD", "extract_units", "shingle_hashes"]

#: English word units (letters/digits with inner hyphens and apostrophes), as the tokenizer's.
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
#: Word codes start above the Unicode range, so they never equal a character's code.
_WORD_BASE = 0x110000
#: Multiplier of the polynomial rolling hash (odd, so multiplication is invertible mod 2**64).
_P = np.uint64(0x9E3779B97F4A7C15)


@dataclass
class Units:
    """The units of several documents laid end to end.

    Attributes
    ----------
    codes : numpy.ndarray of int64
        One code per unit: the character's code point, or ``_WORD_BASE`` + a word id.
    starts, ends : numpy.ndarray of int64
        Character span of each unit in its document's text.
    offsets : numpy.ndarray of int64
        Document ``i`` has units ``offsets[i]:offsets[i + 1]``.
    words : numpy.ndarray of bool
        Per document: units are words (English) rather than characters.
    """

    codes: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    offsets: np.ndarray
    words: np.ndarray

    def doc(self, i: int) -> slice:
        """The slice of document ``i``'s units in the flat arrays."""
        return slice(int(self.offsets[i]), int(self.offsets[i + 1]))

    def sequence(self, i: int, a: int, b: int) -> list[int]:
        """Codes of units ``a:b`` of document ``i`` (indices within the document)."""
        base = int(self.offsets[i])
        return self.codes[base + a : base + b].tolist()


def _char_units(text: str, alnum: dict[int, bool]) -> tuple[np.ndarray, np.ndarray]:
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if not len(cps):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    uniq, inverse = np.unique(cps, return_inverse=True)
    for u in uniq.tolist():
        if u not in alnum:
            alnum[u] = chr(u).isalnum()
    keep = np.fromiter((alnum[u] for u in uniq.tolist()), dtype=bool, count=len(uniq))[inverse]
    pos = np.flatnonzero(keep).astype(np.int64)
    codes = cps[pos].astype(np.int64)
    upper = (codes >= 65) & (codes <= 90)  # ASCII letters compare case-insensitively
    codes[upper] += 32
    return codes, pos


def extract_units(texts: Sequence[str], words: Sequence[bool]) -> Units:
    """Units of every text: characters, or words where ``words[i]`` is true.

    Examples
    --------
    >>> u = extract_units(["改革, 开放", "Reform and opening-up."], [False, True])
    >>> u.offsets.tolist(), u.starts[:4].tolist(), u.ends[4:].tolist()
    ([0, 4, 7], [0, 1, 4, 5], [6, 10, 21])
    """
    alnum: dict[int, bool] = {}
    codes, starts, ends, sizes = [], [], [], []
    vocab: dict[str, int] = {}
    for text, is_words in zip(texts, words, strict=True):
        if is_words:
            found = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
            ids = [vocab.setdefault(w, len(vocab)) for _, _, w in found]
            c = np.asarray(ids, dtype=np.int64) + _WORD_BASE
            s = np.fromiter((a for a, _, _ in found), dtype=np.int64, count=len(found))
            e = np.fromiter((b for _, b, _ in found), dtype=np.int64, count=len(found))
        else:
            c, s = _char_units(text, alnum)
            e = s + 1
        codes.append(c)
        starts.append(s)
        ends.append(e)
        sizes.append(len(c))
    empty = np.zeros(0, np.int64)
    return Units(
        codes=np.concatenate(codes) if codes else empty,
        starts=np.concatenate(starts) if starts else empty,
        ends=np.concatenate(ends) if ends else empty,
        offsets=np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64),
        words=np.asarray(list(words), dtype=bool),
    )


def shingle_hashes(units: Units, n: np.ndarray) -> pd.DataFrame:
    """Every shingle (``n[doc]`` consecutive units inside one document), hashed to 64 bits.

    Returns a frame with ``hash`` (uint64), ``doc`` (int32) and ``pos`` (int32, the first
    unit's index within its document). A polynomial rolling hash over the unit codes, computed
    for all documents at once; shingle lengths may differ per document (characters vs words),
    and a document shorter than its shingle length has none.

    Examples
    --------
    >>> u = extract_units(["甲乙丙丁", "乙丙丁"], [False, False])
    >>> sh = shingle_hashes(u, np.array([3, 3]))
    >>> sh[["doc", "pos"]].values.tolist()
    [[0, 0], [0, 1], [1, 0]]
    >>> bool(sh["hash"].iloc[1] == sh["hash"].iloc[2])
    True
    """
    total = len(units.codes)
    doc_of = np.repeat(np.arange(len(units.words), dtype=np.int64), np.diff(units.offsets))
    n_unit = n[doc_of] if total else np.zeros(0, np.int64)
    width = int(n.max()) if len(n) else 1
    codes = units.codes.astype(np.uint64) * np.uint64(0xBF58476D1CE4E5B9) + np.uint64(1)
    h = np.zeros(total, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(min(width, total)):
            shifted = np.zeros(total, dtype=np.uint64)
            shifted[: total - j] = codes[j:]
            use = j < n_unit  # shorter shingle lengths stop adding codes
            h = np.where(use, h * _P + shifted, h)
    pos_in_doc = np.arange(total, dtype=np.int64) - units.offsets[doc_of]
    ok = pos_in_doc + n_unit <= np.diff(units.offsets)[doc_of]
    return pd.DataFrame(
        {
            "hash": h[ok],
            "doc": doc_of[ok].astype(np.int32),
            "pos": pos_in_doc[ok].astype(np.int32),
        }
    )
