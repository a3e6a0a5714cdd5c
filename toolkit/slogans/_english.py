"""English number words and the noun inflections that machine translation produces.

Machine translation of numbered formulations pluralises the head noun after the numeral, also
where English would not ("four consciousnesses", "two maintenances"), and does it naively
("three lesss" for 三少): a form listed as "four consciousness" must also meet those. This module
generates the variants (:func:`mt_variants`) and the key that merges them in discovery
(:func:`singular`). The rules are the regular English ones plus the naive ``+s`` of MT output;
irregular plurals (people, children) are not numbered formulations' heads and are left alone.

Examples
--------
>>> sorted(mt_variants("three excesses, three lesss"))[:3]
['three excess, three less', 'three excess, three lesses', 'three excess, three lesss']
>>> singular("stabilities"), singular("consciousnesses"), singular("lesss"), singular("less")
('stability', 'consciousness', 'less', 'less')
"""

from __future__ import annotations

import itertools

__all__ = ["EN_NUMERALS", "canonical", "mt_variants", "plural", "singular"]

#: English numerals that start a numbered formulation ("one" only in serial patterns).
EN_NUMERALS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "double",
        "dual",
    ]
)
#: Words that end the noun phrase after a numeral.
_PHRASE_END = frozenset(
    ["and", "or", "of", "for", "in", "on", "to", "with", "by", "from", "at", "as"]
)
_SIBILANT = ("s", "x", "z", "ch", "sh")
_VOWELS = "aeiou"
#: At most this many variants per form (three numbered heads give 27).
MAX_VARIANTS = 64


def singular(word: str) -> str:
    """The singular of a (possibly naively) pluralised lower-case noun.

    ``-ies`` → ``-y``; ``-sses``/``-shes``/``-ches``/``-xes``/``-zes`` lose ``-es``; the MT
    triple ``-sss`` loses one ``s``; ``-ss``, ``-us`` and ``-is`` are singular; otherwise a
    final ``s`` goes.
    """
    w = word
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sss"):
        return w[:-1]
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith(("ss", "us", "is")) or not w.endswith("s"):
        return w
    return w[:-1]


def plural(word: str) -> str:
    """The regular plural of a lower-case singular noun."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    if word.endswith(_SIBILANT):
        return word + "es"
    return word + "s"


def _inflections(word: str, after_one: bool) -> list[str]:
    base = singular(word)
    if after_one:
        return [base] if base == word else [word, base]
    return list(dict.fromkeys([word, base, plural(base), base + "s"]))


def _heads(tokens: list[str]) -> list[tuple[int, bool]]:
    """Positions of the head nouns after each numeral and whether the numeral is "one"."""
    heads = []
    for i, tok in enumerate(tokens):
        if tok.rstrip(",;:") not in EN_NUMERALS or tok.endswith((",", ";", ":")):
            continue
        last = None
        for j in range(i + 1, len(tokens)):
            word = tokens[j].rstrip(",;:")
            if word in _PHRASE_END or word in EN_NUMERALS or not word.isalpha():
                break
            last = j
            if tokens[j] != word:  # a comma ends the phrase
                break
        if last is not None:
            heads.append((last, tok == "one"))
    return heads


def mt_variants(key: str) -> set[str]:
    """Singular, plural and naive-plural variants of the heads after numerals in ``key``
    (a lower-case, space-separated English form); ``{key}`` when it has no numbered head.

    Examples
    --------
    >>> sorted(mt_variants("four consciousness"))
    ['four consciousness', 'four consciousnesses', 'four consciousnesss']
    >>> sorted(mt_variants("one country, two systems"))
    ['one country, two system', 'one country, two systems']
    """
    tokens = key.split(" ")
    heads = _heads(tokens)
    if not heads:
        return {key}
    choices = []
    for pos, one in heads:
        word = tokens[pos].rstrip(",;:")
        tail = tokens[pos][len(word) :]
        choices.append([(pos, w + tail) for w in _inflections(word, one)])
    out = {key}
    for combo in itertools.islice(itertools.product(*choices), MAX_VARIANTS):
        toks = list(tokens)
        for pos, word in combo:
            toks[pos] = word
        out.add(" ".join(toks))
    return out


def canonical(key: str) -> str:
    """``key`` with the head after each numeral in the singular: one key for the MT variants
    of a numbered phrase.

    Examples
    --------
    >>> canonical("four consciousnesses"), canonical("four consciousness")
    ('four consciousness', 'four consciousness')
    """
    tokens = key.split(" ")
    for pos, _ in _heads(tokens):
        word = tokens[pos].rstrip(",;:")
        tokens[pos] = singular(word) + tokens[pos][len(word) :]
    return " ".join(tokens)
