"""Exact matching of lexicon forms with Aho-Corasick automata (pyahocorasick).

Chinese forms (any form containing a CJK ideograph) are matched as plain substrings of the
corpus's normalised text (``docs["text"]``: NFKC, simplified, CJK line breaks joined). The forms
are normalised the same way, and their traditional spellings (OpenCC ``s2t``, ``s2tw``,
``s2hk``) are added, so traditional text is found even in a corpus built without
``simplified=True``. A Chinese hit may not split a numeral: a form that begins (ends) with a
numeral character is not found right after (before) another one, so 七五 (the Seventh Five-Year
Plan) is not counted inside 一九七五年.

English forms are matched on a *match view* of the text: lower-cased, with every run of
whitespace, hyphens/dashes and straight or curly quotes turned into one space, and the articles
"the", "a" and "an" left out. Patterns get the same treatment, so ``Three-North``,
``“three norths”`` and ``Three\\nNorths`` all meet the form ``Three Norths``/``three-north``,
and "forging the consciousness of the Chinese nation's community" meets "forging consciousness
of Chinese nation's community". A form with a numeral word also meets the singular, plural and
naive machine-translation plural of the head after each numeral ("four consciousness" meets
"four consciousnesses" and "four consciousnesss"; see :mod:`toolkit.slogans._english`); such
generated variants never take a form from another entry. A hit must start and end at word
boundaries (the neighbouring characters are not Latin letters or digits). An index map takes
view offsets back to the text.

Context rules of an entry (:class:`~toolkit.slogans.lexicon.Entry`: ``valid_from`` /
``valid_until``, ``require`` / ``forbid`` within ``window``) are applied to the raw hits before
the overlap policy, so a hit they reject never hides a nested hit of another entry. Two entries
may share a form only when both have validity periods and the periods do not overlap (a
formulation whose meaning changed: 两个大局 of 1988 and of 2019); in a document without a year
the entry with the latest period takes the hit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick
import numpy as np

from toolkit._progress import progress_total
from toolkit.errors import ArgumentError, InputError
from toolkit.slogans._context import Rules
from toolkit.slogans._english import mt_variants
from toolkit.slogans._resolve import resolve
from toolkit.slogans._sieve import Sieve
from toolkit.slogans._views import en_view, is_chinese, pattern_key, zh_view
from toolkit.slogans.lexicon import Entry, Lexicon
from toolkit.text.language import base_language
from toolkit.text.words import latin_word_table

__all__ = ["FORMS", "OVERLAP", "Matcher", "en_view", "get_matcher", "is_chinese", "pattern_key"]

OVERLAP = ("longest", "all")
_SEP = "\x00"
_BATCH = 1 << 16
FORMS = ("auto", "zh", "en", "both")

#: A hit may not continue a run of Latin letters or digits (English forms) or of numerals
#: (Chinese forms); these tables say which characters belong to such runs.
_LATIN_WORD = latin_word_table()  # the shared definition: toolkit.text.words
_ZH_NUMERAL = np.zeros(0x10001, dtype=bool)
_ZH_NUMERAL[[ord(c) for c in "〇零一二两三四五六七八九十百千万亿0123456789"]] = True


def _edge_inside(script: str, codes: np.ndarray) -> np.ndarray:
    """For each code point: does it continue a word (en) or a numeral (zh)?"""
    table = _ZH_NUMERAL if script == "zh" else _LATIN_WORD
    return table[np.minimum(np.asarray(codes, dtype=np.int64), len(table) - 1)]


@dataclass
class _Automaton:
    """One script's automaton with per-key arrays: length, edge checks and owners (CSR)."""

    automaton: ahocorasick.Automaton | None
    script: str
    size: int = 0
    sieve: Sieve | None = None
    length: np.ndarray | None = None
    left: np.ndarray | None = None
    right: np.ndarray | None = None
    ptr: np.ndarray | None = None
    owner: np.ndarray | None = None
    is_form: np.ndarray | None = None
    rank: np.ndarray | None = None

    def scan(self, view: str) -> tuple[np.ndarray, np.ndarray]:
        """``(start, key)`` arrays of every key occurrence in ``view`` (sieved scan)."""
        empty = np.zeros(0, dtype=np.int64)
        auto = self.automaton
        if auto is None or not view:
            return empty, empty
        sieved = self.sieve.extract(view) if self.sieve is not None else None
        found = list(auto.iter(view if sieved is None else sieved[0]))
        if not found:
            return empty, empty
        arr = np.array(found, dtype=np.int64)
        key = arr[:, 1]
        start = arr[:, 0] - self.length[key] + 1
        if sieved is not None:
            start = sieved[1][start]
        return start, key

    def hits(self, view: str) -> tuple[np.ndarray, ...]:
        """Raw hits ``(start, end, entry, is_form, rank)``: one row per key occurrence and
        owner, without occurrences that split a word (English) or a numeral (Chinese);
        ``rank`` > 0 marks the later owners of a form shared by entries of disjoint periods."""
        start, key = self.scan(view)
        if start.size == 0:
            return start, start, start, np.zeros(0, dtype=bool), start
        end = start + self.length[key]
        check = (self.left[key] & (start > 0)) | (self.right[key] & (end < len(view)))
        if check.any():
            codes = np.frombuffer(view.encode("utf-32-le"), dtype=np.uint32)
            bad = np.zeros(start.size, dtype=bool)
            i = np.flatnonzero(self.left[key] & (start > 0))
            bad[i] = _edge_inside(self.script, codes[start[i] - 1])
            j = np.flatnonzero(self.right[key] & (end < len(view)))
            bad[j] |= _edge_inside(self.script, codes[end[j]])
            start, end, key = start[~bad], end[~bad], key[~bad]
        n = self.ptr[key + 1] - self.ptr[key]
        if (n == 1).all():
            slot = self.ptr[key]
        else:
            row = np.repeat(np.arange(key.size), n)
            slot = (
                np.repeat(self.ptr[key], n) + np.arange(row.size) - np.repeat(np.cumsum(n) - n, n)
            )
            start, end = start[row], end[row]
        return start, end, self.owner[slot], self.is_form[slot], self.rank[slot]


def _period(entry: Entry) -> tuple[int, int] | None:
    if entry.valid_from is None and entry.valid_until is None:
        return None
    lo = entry.valid_from if entry.valid_from is not None else -10_000
    return lo, entry.valid_until if entry.valid_until is not None else 10_000


def _periods_disjoint(a: Entry, b: Entry) -> bool:
    """Both entries have validity periods and they do not overlap."""
    pa, pb = _period(a), _period(b)
    return pa is not None and pb is not None and (pa[1] < pb[0] or pb[1] < pa[0])


class Matcher:
    """Compiled automata for one lexicon (build once, reuse: see :func:`get_matcher`).

    Parameters
    ----------
    lexicon : Lexicon
        The entries to find.

    Examples
    --------
    >>> lex = Lexicon.from_dict({"ne": {"en": ["Three Norths", "Three-North"], "zh": "三北"}})
    >>> m = Matcher(lex)
    >>> m.find("the “three norths” and Three-North shelterbelt", "en")
    [(5, 17, 0), (23, 34, 0)]
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        keys: dict[str, dict[str, set[tuple[str, int]]]] = {"zh": {}, "en": {}}
        for i, entry in enumerate(lexicon):
            for form in entry.forms:
                self._add(keys, form, "f", i)
            for form in entry.exclude:
                self._add(keys, form, "x", i)
        for i, entry in enumerate(lexicon):  # MT inflections, where no entry has the form
            for form in entry.forms:
                if is_chinese(form):
                    continue
                for variant in mt_variants(pattern_key(form, "en")):
                    keys["en"].setdefault(variant, {("f", i)})
        self._automata = {script: self._build(table, script) for script, table in keys.items()}
        self.rules = Rules(lexicon)
        shared = any(
            a.size and bool((a.rank[a.is_form] > 0).any()) for a in self._automata.values()
        )
        #: The documents' years are needed (validity periods or forms shared across periods).
        self.needs_years = bool(self.rules.ruled.size) or shared

    def _add(self, keys: dict, form: str, kind: str, i: int) -> None:
        script = "zh" if is_chinese(form) else "en"
        key = pattern_key(form, script)
        entry = self.lexicon.entries[i]
        where = f"lexicon {self.lexicon.name!r}, entry {entry.id!r}"
        if not key:
            raise ArgumentError(f"{where}: form {form!r} is empty after normalisation")
        variants = {key}
        if script == "zh":
            from toolkit.text.normalize import _opencc

            variants |= {_opencc(c).convert(key) for c in ("s2t", "s2tw", "s2hk")}
        for k in variants:
            slot = keys[script].setdefault(k, set())
            if kind == "f":
                owners = {j for kd, j in slot if kd == "f" and j != i}
                clash = [j for j in owners if not _periods_disjoint(entry, self.lexicon.entries[j])]
                if clash:
                    other = self.lexicon.entries[min(clash)].id
                    raise ArgumentError(
                        f"{where}: form {form!r} is also a form of entry {other!r}; "
                        "one form must belong to one entry (unless both entries have "
                        "validity periods that do not overlap)"
                    )
            slot.add((kind, i))

    def _build(self, table: dict[str, set[tuple[str, int]]], script: str) -> _Automaton:
        if not table:
            return _Automaton(None, script)
        entries = self.lexicon.entries
        auto = ahocorasick.Automaton()
        keys = sorted(table)
        latest = {i: -(e.valid_from or e.valid_until or 0) for i, e in enumerate(entries)}
        owners = [sorted(table[k], key=lambda o: (o[0], latest[o[1]], o[1])) for k in keys]
        for kid, key in enumerate(keys):
            if _SEP in key:
                raise ArgumentError(f"form {key!r} contains the reserved character U+0000")
            auto.add_word(key, kid)
        auto.make_automaton()
        edge = _edge_inside(script, np.array([ord(ch) for k in keys for ch in (k[0], k[-1])]))
        sizes = np.array([len(o) for o in owners], dtype=np.int64)
        return _Automaton(
            automaton=auto,
            script=script,
            size=len(keys),
            sieve=Sieve(keys) if script == "zh" else None,
            length=np.array([len(k) for k in keys], dtype=np.int64),
            left=edge[0::2],
            right=edge[1::2],
            ptr=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            owner=np.array([i for o in owners for _, i in o], dtype=np.int64),
            is_form=np.array([kind == "f" for o in owners for kind, _ in o], dtype=bool),
            rank=np.array([r for o in owners for r in range(len(o))], dtype=np.int64),
        )

    def scripts(self) -> list[str]:
        """Scripts that have at least one pattern (``"zh"``, ``"en"``)."""
        return [s for s, a in self._automata.items() if a.size]

    def find(
        self, text: str, script: str, *, overlap: str = "longest", offsets: bool = True
    ) -> list[tuple[int, int, int]]:
        """Resolved hits ``(start, end, entry_index)`` in one text, in text order.

        Parameters
        ----------
        text : str
            Normalised text.
        script : {"zh", "en"}
            Which forms to look for.
        overlap : {"longest", "all"}
            ``"longest"``: leftmost-longest, non-overlapping (a nested formulation inside a
            longer one is not counted). ``"all"``: nested hits of *different* entries are kept;
            overlapping hits of one entry still count once.
        offsets : bool
            Map English hits back to text offsets (False leaves view offsets, enough to count).
        """
        _, a, b, e = self.find_many([text], script, overlap=overlap, offsets=offsets)
        return list(zip(a.tolist(), b.tolist(), e.tolist(), strict=True))

    def find_many(
        self,
        texts: Sequence[str],
        script: str,
        *,
        overlap: str = "longest",
        offsets: bool = True,
        years: Sequence[int | None] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`find` over many texts: arrays ``(text_index, start, end, entry)``.

        ``years`` (one per text, None when unknown) lets the entries' validity periods apply.
        Texts are scanned in batches of about 64k characters joined by U+0000, which no form
        contains, so no hit crosses two texts and the overlap policy gives the same result as
        per text, without a per-text overhead for short texts (paragraphs, sentences).
        """
        parts = []
        batch: list[int] = []
        size = 0
        total = sum(len(t) + 1 for t in texts)
        with progress_total(total, desc=f"matching slogans ({script})", unit="char") as bar:
            for i, text in enumerate(texts):
                batch.append(i)
                size += len(text) + 1
                if size >= _BATCH or i == len(texts) - 1:
                    parts.append(self._find_batch(texts, batch, script, overlap, offsets, years))
                    bar.update(size)
                    batch, size = [], 0
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty
        return tuple(np.concatenate([p[k] for p in parts]) for k in range(4))  # type: ignore[return-value]

    def _find_batch(
        self,
        texts: Sequence[str],
        batch: list[int],
        script: str,
        overlap: str,
        offsets: bool,
        years: Sequence[int | None] | None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        views = [en_view(texts[i]) if script == "en" else (zh_view(texts[i]), None) for i in batch]
        sizes = np.array([len(v) for v, _ in views], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes[:-1] + 1)]).astype(np.int64)
        joined = _SEP.join(v for v, _ in views)
        a, b, e, f, rank = self._automata[script].hits(joined)
        batch_years = [None if years is None else years[i] for i in batch]
        keep = self.rules.keep(script, joined, starts, sizes, batch_years, a, b, e, f, rank)
        if keep is not None:
            a, b, e, f = a[keep], b[keep], e[keep], f[keep]
        a, b, e = resolve(a, b, e, f, overlap)
        k = np.searchsorted(starts, a, side="right") - 1
        a, b = a - starts[k], b - starts[k]
        if offsets and script == "en" and a.size:
            a, b = a.copy(), b.copy()
            for j in np.flatnonzero([views[kk][1] is not None for kk in k.tolist()]).tolist():
                index = views[k[j]][1]
                a[j], b[j] = index[a[j]], index[b[j] - 1] + 1
        return np.asarray(batch, dtype=np.int64)[k], a, b, e


_CACHE: dict[str, Matcher] = {}


def get_matcher(lexicon: Lexicon) -> Matcher:
    """The compiled :class:`Matcher` of a lexicon, built once per lexicon content."""
    if not isinstance(lexicon, Lexicon):
        raise InputError(f"expected a Lexicon, got {type(lexicon).__name__}")
    key = lexicon.fingerprint
    if key not in _CACHE:
        if len(_CACHE) >= 16:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = Matcher(lexicon)
    return _CACHE[key]


def check_options(overlap: str, forms: str) -> None:
    """Validate the ``overlap`` and ``forms`` arguments."""
    if overlap not in OVERLAP:
        raise ArgumentError(f"overlap must be one of {OVERLAP}, not {overlap!r}")
    if forms not in FORMS:
        raise ArgumentError(f"forms must be one of {FORMS}, not {forms!r}")


def scripts_for(language: str, forms: str) -> Sequence[str]:
    """Which form sets to search in a document of this language."""
    if forms == "both":
        return ("zh", "en")
    if forms in ("zh", "en"):
        return (forms,)
    return ("zh",) if base_language(language) == "zh" else ("en",)
