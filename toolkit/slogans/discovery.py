"""Discovering formulations in a corpus: candidates from their shape, marked singletons, known
formulations flagged, junk filtered (see :func:`discover_slogans`)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.model import Corpus
from toolkit.errors import ArgumentError
from toolkit.slogans import _junk as junk
from toolkit.slogans import numbered as nb
from toolkit.slogans._marks import enumerated, numeral_value, quoted
from toolkit.slogans._stats import inside_known, statistics
from toolkit.slogans._views import is_chinese
from toolkit.slogans.counting import as_corpus, as_lexicon
from toolkit.slogans.lexicon import Lexicon, list_lexicons
from toolkit.slogans.promotion import promote
from toolkit.text.language import base_language

__all__ = ["KINDS", "auto_min_count", "discover_slogans", "promote"]

#: Candidate kinds, in the order they are generated.
KINDS = ("numbered_zh", "numbered_en", "quoted", "collocation")
_COLUMNS = [
    "feature",
    "kind",
    "count",
    "doc_freq",
    "first_date",
    "first_year",
    "first_doc",
    "example",
    "known",
    "slogan_id",
    "marked",
]
#: Order of the marks among candidates of equal frequency (known and serial first).
_MARK_RANK = {"known": 0, "serial": 1, "enumerated": 2, "quoted": 3, "": 4}
_QUOTED = re.compile(r"“([^“”\n]{2,120})”|「([^「」\n]{2,60})」|『([^『』\n]{2,60})』")
_SENTENCE_END = re.compile(r"[。！？；.!?;:：]")
_NUMBER = re.compile("[〇零一二两三四五六七八九十百千万亿0-9.]+")
_EN_WORDS = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclass
class _Candidate:
    """What the scans found for one candidate key."""

    kind: str
    why: str
    marks: set[str] = field(default_factory=set)
    surfaces: Counter = field(default_factory=Counter)
    quoted: int = 0


def auto_min_count(n_chars: int) -> int:
    """Occurrences an unmarked candidate needs in a corpus of ``n_chars`` characters:
    ``max(2, round(log10(n_chars)) - 3)`` (2 up to ~3 million characters, 3 for the
    Government Work Reports, 4 from ~30 million).

    Examples
    --------
    >>> auto_min_count(7_000), auto_min_count(1_100_000), auto_min_count(40_000_000)
    (2, 3, 5)
    """
    return max(2, round(math.log10(max(n_chars, 1))) - 3)


def _quoted(texts: Sequence[str]) -> list[tuple[str, str, str]]:
    """Quoted phrases of 2–12 characters (Chinese) or 2–12 words (other scripts); numbers
    (“十五”, counted as substrings, would also count every 15) and English phrases made only
    of stopwords are marked as filtered."""
    from toolkit.text.stopwords import stopwords

    stop = frozenset(stopwords("en"))
    rows = []
    for text in texts:
        for m in _QUOTED.finditer(text):
            inner = next(g for g in m.groups() if g).strip(" ,、")
            if _SENTENCE_END.search(inner):
                continue
            if is_chinese(inner):
                if 2 <= len(inner) <= 12:
                    why = "number" if _NUMBER.fullmatch(inner) else junk.scare_quoted(inner)
                    rows.append((inner, why, "quoted"))
                continue
            words = _EN_WORDS.findall(inner.lower())
            if 2 <= len(words) <= 12 and len(inner.split()) >= 2:
                why = "function words only" if set(words) <= stop else ""
                rows.append((inner, why, "quoted"))
    return rows


def _collocations(corpus: Corpus, min_count: int, limit: int) -> list[tuple[str, str, str]]:
    """The ``limit`` most cohesive bigrams per language (highest ``lambda`` among those with
    ``z`` > 3.29, i.e. p < 0.001), from :func:`toolkit.collocations` with stopwords removed."""
    from toolkit.counts.collocations import collocations

    rows = []
    for lang in corpus.languages:
        part = corpus.subset(language=lang)
        stop = "zh" if lang == "zh" else "en"
        table = collocations(part, n=2, min_count=min_count, stopwords=stop, sort="lambda")
        table = table[table["z"] > 3.29].head(limit)
        for phrase in table["feature"]:
            words = str(phrase).split()
            if any(any(ch.isdigit() for ch in w) for w in words):
                continue
            rows.append(("".join(words) if lang == "zh" else " ".join(words), "", ""))
    return rows


def _numbered(corpus: Corpus, kind: str, alpha: float) -> list[tuple[str, str, str]]:
    """Numbered candidates, one row ``(surface, why filtered, mark)`` per occurrence."""
    d = corpus.docs
    if kind == "numbered_zh":
        zh = d["language"].map(base_language) == "zh"
        texts = d.loc[zh, "text"].tolist()
        occ = nb.zh_numbered(texts)
    else:
        from toolkit.text.stopwords import stopwords

        stop = frozenset(stopwords("en")) - set(nb.EN_NUMERALS)
        originals = d.loc[d["language"].map(base_language) != "zh", "text"].tolist()
        texts = [nb.en_scan_view(t) for t in originals]
        occ = nb.en_numbered(texts, stop)
    fixed = nb.fixedness(occ.pool)
    counts = occ.counts()
    verdict: dict[str, str | None] = {}
    for cand, (num, rest, shape) in occ.candidates().items():
        if kind == "numbered_zh":
            if shape == "classifier+" and counts[cand] < 0.6 * counts[num + rest]:
                verdict[cand] = (
                    None  # the two-word form (四项基本原则) only when it is the usual one
                )
                continue
            why = nb.zh_generic(num, rest, shape) or (
                junk.ordinary_numbered(cand) if shape == "word" else ""
            )
        else:
            why = nb.en_generic(num, rest, shape, stop)
        n, n_all, p = fixed.get((shape.rstrip("+"), num, rest), (0, 0, 0.0))
        if not why and p >= alpha:
            why = f"numeral not fixed ({n} of {n_all} numbered uses, p = {p:.2g})"
        verdict[cand] = why
    rows = []
    for cand, num, _rest, shape, t, a, b in occ.rows:
        why = verdict[cand]
        if why is None:
            continue
        text = texts[t]
        if shape == "serial":
            mark = "serial"
        elif quoted(text, a, b):
            mark = "quoted"
        elif enumerated(text, a, b, numeral_value(num)):
            mark = "enumerated"
        else:
            mark = ""
        surface = originals[t][a:b] if kind == "numbered_en" else cand
        rows.append((" ".join(surface.split()), why, mark))
    return rows


def _lexicons(lexicons: Any) -> list[Lexicon]:
    if lexicons is None:
        return []
    if isinstance(lexicons, str) and lexicons == "builtin":
        return [as_lexicon(n) for n in list_lexicons()["name"]]
    if isinstance(lexicons, (str, Lexicon)):
        lexicons = [lexicons]
    return [as_lexicon(x) for x in lexicons]


def discover_slogans(
    data: Corpus | Sequence[str],
    *,
    kinds: Sequence[str] | str | None = None,
    min_count: int | None = None,
    top: int | None = None,
    lexicons: Any = "builtin",
    hide_known: bool = False,
    alpha: float = 0.01,
    quoted_share: float = 0.2,
    collocation_limit: int = 200,
    context: int = 30,
    return_filtered: bool = False,
) -> pd.DataFrame:
    """Find candidate formulations: numbered, quoted or cohesive phrases, with known ones flagged.

    Parameters
    ----------
    data : Corpus or list of str
        The documents.
    kinds : list of str, optional
        Any of ``"numbered_zh"`` (numeral + head: 两个确立, 八项规定; numeral-initial words:
        三农, 十四五; serial patterns: 三严三实, 三去一降一补), ``"numbered_en"`` ("two
        establishments", "five major tasks", "one country, two systems"), ``"quoted"`` (“…”,
        "…", 「…」 of 2–12 words or characters) and ``"collocation"`` (cohesive multiword units
        from :func:`toolkit.collocations`). Default: all but ``"collocation"``.
    min_count : int, optional
        Minimum number of occurrences. By default a candidate *marked* as a set phrase (quoted,
        followed or preceded by the list it numbers, a serial pattern like 三X三Y, or a form of
        a lexicon entry) needs one occurrence, so a single news report yields its
        formulations, and an unmarked one needs :func:`auto_min_count` of the corpus size (2 for
        a few reports, 3 for the Government Work Reports). A number applies to every candidate.
    top : int, optional
        Keep the best ``top`` candidates.
    lexicons : "builtin", None, or list of Lexicon / names
        Lexicons whose forms are *known* formulations: their candidates get ``known`` = True
        and the entry's ``slogan_id``; unknown candidates whose every use lies inside a known
        form (两制 in 一国两制) are filtered out.
    hide_known : bool
        Leave known formulations out (only new candidates).
    alpha : float
        Significance level of the numeral fixedness test for numbered candidates (see
        :mod:`toolkit.slogans.numbered`); candidates whose head takes other numerals about
        as often as chance predicts are ordinary quantities.
    quoted_share : float
        A quoted phrase is kept when at least this share of its occurrences is in quotes
        (“to be” is quoted now and then, but mostly it is not a phrase anyone coined).
    collocation_limit : int
        Number of collocations (best ``lambda``) per language considered.
    context : int
        Characters of context on each side in ``example``.
    return_filtered : bool
        Also return the candidates filtered out as junk (ordinary quantities, approximate
        numbers, truncated fragments, place names, ordinary or scare-quoted words), with a
        ``filtered`` column saying why (empty for kept candidates).

    Returns
    -------
    pandas.DataFrame
        ``feature`` (the candidate as most often written), ``kind``, ``count`` (occurrences,
        counted as :func:`count_slogans` counts with ``overlap="all", forms="both"``; English
        plural variants included), ``doc_freq``, ``first_date``, ``first_year``,
        ``first_doc``, ``example`` (the first occurrence in context), ``known``,
        ``slogan_id`` (the lexicon entry, NA when unknown), ``marked`` (``quoted``,
        ``enumerated``, ``serial``, ``known`` or empty); ranked by ``doc_freq``, then
        ``count``. A candidate that only ever occurs inside a longer candidate is dropped.

    Examples
    --------
    >>> texts = ["We uphold the “two establishments” and the two maintenances.",
    ...          "The two establishments matter. Two years later, three days passed.",
    ...          "Two maintenances again, for two years."]
    >>> found = discover_slogans(texts, kinds=["numbered_en"], lexicons=None)
    >>> found[["feature", "count", "marked"]].values.tolist()
    [['two establishments', 2, 'quoted'], ['two maintenances', 2, '']]
    """
    corpus = as_corpus(data)
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or KINDS[:3])
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ArgumentError(f"unknown kind(s) {sorted(unknown)}; choose from {KINDS}")
    if min_count is not None and (isinstance(min_count, bool) or min_count < 1):
        raise ArgumentError(f"min_count must be None or >= 1, not {min_count!r}")
    texts = corpus.docs["text"].tolist()
    unmarked_min = min_count or auto_min_count(sum(len(t) for t in texts))
    found: dict[str, _Candidate] = {}
    for kind in kinds:
        if kind.startswith("numbered"):
            rows = _numbered(corpus, kind, alpha)
        elif kind == "quoted":
            rows = _quoted(texts)
        else:
            rows = _collocations(corpus, unmarked_min, collocation_limit)
        for surface, why, mark in rows:
            key = junk.candidate_key(surface)
            if not key:
                continue
            cand = found.get(key)
            if cand is None:
                cand = found[key] = _Candidate(kind, why)
            elif cand.why and not why:
                cand.kind, cand.why = kind, why
            cand.surfaces[surface] += 1
            cand.quoted += mark == "quoted"
            if mark:
                cand.marks.add(mark)
    known = junk.Known(_lexicons(lexicons))
    keys = list(found)
    forms = [found[k].surfaces.most_common(1)[0][0] if not is_chinese(k) else k for k in keys]
    out, hits = statistics(corpus, forms, [known.entries(k) for k in keys], context)
    ids = [
        known.lookup(k, None if pd.isna(y) else int(y))
        for k, y in zip(keys, out["first_year"], strict=True)
    ]
    out["kind"] = [found[k].kind for k in keys]
    out["known"] = [i is not None for i in ids]
    out["slogan_id"] = pd.array(ids, dtype="string")
    out["marked"] = [_mark(found[k].marks, i is not None) for k, i in zip(keys, ids, strict=True)]
    out["filtered"] = [
        "" if i is not None else _why(k, found[k], n, after, quoted_share, known)
        for k, i, n, after in zip(keys, ids, out["count"], out["_after"], strict=True)
    ]
    for i, note in inside_known(corpus, hits, keys, known, ids).items():
        if not out.at[i, "filtered"]:
            out.at[i, "filtered"] = note
    need = np.where((out["marked"] != "").to_numpy(), min_count or 1, unmarked_min)
    out = out[out["count"].to_numpy() >= need]
    out = _drop_subsumed(out)
    if hide_known:
        out = out[~out["known"]]
    if not return_filtered:
        out = out[out["filtered"] == ""]
    out = out.assign(_mark=out["marked"].map(_MARK_RANK).fillna(len(_MARK_RANK)))
    out = out.sort_values(
        ["doc_freq", "count", "_mark", "feature"], ascending=[False, False, True, True]
    )
    cols = _COLUMNS + (["filtered"] if return_filtered else [])
    out = out[cols].reset_index(drop=True)
    return out.head(top) if top is not None else out


def _mark(marks: set[str], known: bool) -> str:
    for mark in ("quoted", "enumerated", "serial"):
        if mark in marks:
            return mark
    return "known" if known else ""


def _why(
    key: str, cand: _Candidate, count: int, after: list[str], share: float, known: junk.Known
) -> str:
    """Why an unknown candidate is junk ('' when it is kept)."""
    if cand.why:
        return cand.why
    parts = [p for p in re.split("[、,，;；]| and ", key) if p.strip()]
    if len(parts) > 1 and all(known.lookup(junk.candidate_key(p.strip())) for p in parts):
        return "a list of known formulations"
    if cand.kind == "quoted" and count and cand.quoted / count < share:
        return f"rarely quoted ({cand.quoted} of {count} uses)"
    if cand.kind in ("numbered_zh", "quoted", "collocation"):
        return junk.truncated(after)
    return ""


def _drop_subsumed(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop candidates that never occur outside a longer kept candidate containing them."""
    kept = frame[frame["filtered"] == ""]
    keys = [junk.candidate_key(f) for f in frame["feature"]]
    longer = sorted(
        zip((junk.candidate_key(f) for f in kept["feature"]), kept["count"], strict=True),
        key=lambda x: -len(x[0]),
    )
    drop = [
        not known and any(len(o) > len(k) and k in o and c >= n for o, c in longer)
        for k, n, known in zip(keys, frame["count"], frame["known"], strict=True)
    ]
    return frame[~np.asarray(drop, dtype=bool)]
