"""Filters for discovery candidates that are not formulations, and the lookup of known ones.

Beyond the curated lists of :mod:`toolkit.slogans.numbered` (measure words, generic heads,
idioms) and its numeral-fixedness test, candidates are dropped when they are:

- **ordinary dictionary words**: a numbered candidate that rjieba's dictionary knows as a common
  word (frequency ≥ :data:`ORDINARY_FREQ`) of an ordinary part of speech (五金, 八字, 两会), or
  that it tags as a place name (三河, 三江, 九江); abbreviations (tag ``j``), idioms (``i``,
  ``l``) and other proper nouns (``nz``) are kept;
- **scare-quoted ordinary words**: a quoted phrase that is one common dictionary word
  (“热点”, “修养”) or two very common ones (“健康力量”), the irony quotes of Cultural
  Revolution texts rather than a coined label;
- **truncated**: a candidate that in at least :data:`TRUNCATED_SHARE` of its (two or more)
  uses is followed by the same character, so that the formulation is longer (两条腿走 → 路,
  两个超级 → 大国);
- **inside a known formulation**: every use lies inside a form of a lexicon entry (两制 in
  一国两制).

Known candidates (forms of a lexicon entry) are never filtered: the lexicon vouches for them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from toolkit.slogans._english import canonical
from toolkit.slogans._views import is_chinese, pattern_key
from toolkit.slogans.lexicon import Entry, Lexicon

__all__ = [
    "ORDINARY_FREQ",
    "TRUNCATED_SHARE",
    "Known",
    "candidate_key",
    "ordinary_numbered",
    "scare_quoted",
    "truncated",
]

#: Dictionary frequency from which a numeral-initial word is an ordinary word.
ORDINARY_FREQ = 50
#: Dictionary frequency of a one-word quotation that makes it a scare quote.
SCARE_FREQ = 60
#: Dictionary frequency of each word of a two-word scare quote.
SCARE_PAIR_FREQ = 1000
#: Share of uses followed by one character that makes a candidate truncated.
TRUNCATED_SHARE = 0.8
#: rjieba tags of formulation-like words: abbreviations, idioms, other proper nouns.
_KEEP_TAGS = frozenset({"j", "i", "l", "nz"})
#: rjieba tags a quoted word keeps: abbreviations and proper nouns (idioms in quotes are not
#: coinages).
_PROPER_TAGS = frozenset({"j", "nz", "nr", "ns", "nt"})
_CJK = re.compile("[\u4e00-\u9fff]")


def candidate_key(text: str) -> str:
    """The key candidates are merged by: the Chinese pattern key, or the English one with the
    heads after numerals in the singular ("Four Consciousnesses" → "four consciousness")."""
    if is_chinese(text):
        return pattern_key(text, "zh")
    return canonical(pattern_key(text, "en"))


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[bool, str, int]:
    """(in the dictionary as one word, rjieba tag, dictionary frequency)."""
    import rjieba

    tags = rjieba.tag(word)
    if len(tags) != 1 or not rjieba.has_word(word):
        return False, tags[0][1] if len(tags) == 1 else "", 0
    return True, tags[0][1], int(rjieba.suggest_freq(word))


def ordinary_numbered(candidate: str) -> str:
    """Why a Chinese numbered candidate is an ordinary word or a place name ('' if not).

    Examples
    --------
    >>> ordinary_numbered("三河"), ordinary_numbered("五金"), ordinary_numbered("三农")
    ('place name', 'ordinary word', '')
    """
    known, tag, freq = _word(candidate)
    if not known or tag in _KEEP_TAGS:
        return ""
    if tag == "ns":
        return "place name"
    return "ordinary word" if freq >= ORDINARY_FREQ else ""


#: Endings of a quoted clause (not a label): 破产了, 说出自己决定性的话.
_CLAUSE_END = frozenset("了的吗呢吧啊么话")


def scare_quoted(phrase: str) -> str:
    """Why a quoted Chinese phrase is ordinary words in scare quotes or a quoted clause ('' if
    it may be a label). Ordinary words are common dictionary words of ordinary parts of speech
    (abbreviations and proper nouns are kept).

    Examples
    --------
    >>> scare_quoted("修养"), scare_quoted("健康力量"), scare_quoted("放管服")
    ('ordinary word in quotes', 'ordinary words in quotes', '')
    >>> scare_quoted("破产了"), scare_quoted("说出自己决定性的话")
    ('a quoted clause', 'a quoted clause')
    """
    if not is_chinese(phrase) or not _CJK.fullmatch(phrase[0]) or "、" in phrase:
        return ""
    if phrase[-1] in _CLAUSE_END or (len(phrase) >= 5 and "的" in phrase[1:-1]):
        return "a quoted clause"
    known, tag, freq = _word(phrase)
    if known:
        ordinary = tag not in _PROPER_TAGS and freq >= SCARE_FREQ
        return "ordinary word in quotes" if ordinary else ""
    import rjieba

    words = rjieba.cut(phrase)
    if len(words) != 2 or phrase[0] in "一二两三四五六七八九十双":
        return ""
    info = [_word(w) for w in words]
    if all(k and t not in _KEEP_TAGS and f >= SCARE_PAIR_FREQ for k, t, f in info):
        return "ordinary words in quotes"
    return ""


def truncated(next_chars: Sequence[str]) -> str:
    """Why a candidate is a fragment of a longer phrase, given the character after each use.

    Examples
    --------
    >>> truncated(["路", "路", "路"]), truncated(["路", "，", "的"]), truncated(["路"])
    ('truncated (followed by 路 in 3 of 3 uses)', '', '')
    """
    if len(next_chars) < 2:
        return ""
    ((char, n),) = Counter(next_chars).most_common(1)
    if _CJK.fullmatch(char or " ") and n >= TRUNCATED_SHARE * len(next_chars):
        return f"truncated (followed by {char} in {n} of {len(next_chars)} uses)"
    return ""


class Known:
    """The forms of some lexicons, keyed as candidates are (see :func:`candidate_key`).

    Examples
    --------
    >>> k = Known([Lexicon.from_dict({"ocs": {"zh": "一国两制", "en": ["one country, two systems"]}})])
    >>> k.lookup("一国两制"), k.lookup(candidate_key("One Country, Two System")), k.lookup("两制")
    ('ocs', 'ocs', None)
    >>> k.containing("两制")
    ['一国两制']
    """

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        self._entries: dict[str, list[Entry]] = {}
        for lex in lexicons:
            for entry in lex:
                for form in entry.forms:
                    owners = self._entries.setdefault(candidate_key(form), [])
                    if all(o.id != entry.id for o in owners):
                        owners.append(entry)
        self._zh = "\x00".join(k for k in self._entries if is_chinese(k))
        self._en = "\x00" + "\x00".join(f" {k} " for k in self._entries if not is_chinese(k))

    def entries(self, key: str) -> list[Entry]:
        """The entries that have this candidate key as a form (several only for a form shared
        by entries of disjoint periods)."""
        return self._entries.get(key, [])

    def lookup(self, key: str, year: int | None = None) -> str | None:
        """The id of the entry that has this candidate key as a form; with ``year``, the one
        whose period contains it."""
        owners = self._entries.get(key)
        if not owners:
            return None
        if year is not None:
            for entry in owners:
                if entry.valid_in(year):
                    return entry.id
        return owners[0].id

    def containing(self, key: str) -> list[str]:
        """Known forms (keys) that contain ``key`` as a proper part."""
        if is_chinese(key):
            if key not in self._zh:
                return []
            return [k for k in self._entries if is_chinese(k) and key in k and k != key]
        probe = f" {key} "
        if probe not in self._en:
            return []
        return [k for k in self._entries if not is_chinese(k) and probe in f" {k} " and k != key]
