"""One definition of word boundaries for mixed Chinese–Latin text, shared by the tokenizer,
:func:`toolkit.kwic` and :func:`toolkit.count_slogans`.

A *Latin word character* is a letter, digit or ``_`` below U+2E80 (so: Latin, Greek,
Cyrillic, Arabic… but no CJK radical, kana, ideograph, Hangul or full-width form; the text is
NFKC-normalised, so accents are composed into their letters). A Chinese
character therefore ends a Latin word as a space does: in ``the改革`` the word ``the`` is whole.

- tokens: a Latin word never runs into a CJK character (``the改革`` → ``the``, ``改革``);
- matching (kwic on text, lexicon forms): a pattern whose first (last) character is a Latin word
  character matches only where the character before (after) it is not one; a pattern edge
  that is Chinese needs no boundary (Chinese is matched as a substring).

So ``the`` is found in ``the改革`` and ``改革the开放`` but not in ``other`` or ``bathe``,
whatever the document's language. Known, deliberate difference: the tokenizer keeps
hyphen and apostrophe compounds whole (``well-being``, ``don't``) where text matching finds
``well`` inside ``well-being``.

Examples
--------
>>> [is_latin_word_char(c) for c in "a9_é改。 "]
[True, True, True, True, False, False, False]
>>> bool(latin_pattern("the").search("the改革")), bool(latin_pattern("the").search("other"))
(True, False)
"""

from __future__ import annotations

import re

import numpy as np

__all__ = [
    "CJK_START",
    "LATIN_WORD",
    "bounded",
    "is_latin_word_char",
    "latin_pattern",
    "latin_word_table",
]

#: First code point that never belongs to a Latin word (CJK Radicals Supplement).
CJK_START = 0x2E80
#: A Latin word character, as a Python ``re`` class.
LATIN_WORD = r"[^\W\u2e80-\U0010ffff]"
_ONE = re.compile(LATIN_WORD)


def is_latin_word_char(char: str) -> bool:
    """True for a Latin word character (see the module docstring)."""
    return _ONE.match(char[:1]) is not None


def latin_word_table() -> np.ndarray:
    """Boolean table over code points ``0..CJK_START`` (the last entry, for every code point
    from U+2E80 on, is False): is it a Latin word character?"""
    return np.array([is_latin_word_char(chr(i)) for i in range(CJK_START)] + [False], dtype=bool)


def bounded(body: str, first: str, last: str) -> str:
    """``body`` (a regex) with Latin word boundaries at the edges that need them: ``first``
    and ``last`` are the pattern's first and last characters (``""`` for a wildcard that
    stands for Latin word characters)."""
    left = rf"(?<!{LATIN_WORD})" if first == "" or is_latin_word_char(first) else ""
    right = rf"(?!{LATIN_WORD})" if last == "" or is_latin_word_char(last) else ""
    return f"{left}{body}{right}"


def latin_pattern(word: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """A compiled pattern finding the literal ``word`` at word boundaries.

    Examples
    --------
    >>> [m.start() for m in latin_pattern("reform").finditer("reform改革 reforms 改革reform")]
    [0, 19]
    """
    return re.compile(bounded(re.escape(word), word[:1], word[-1:]), flags)
