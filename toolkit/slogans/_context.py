"""Context rules of lexicon entries, applied to raw hits before the overlap policy.

An entry may say in which years it is a formulation (``valid_from`` / ``valid_until``: the
document's year), and which strings must (``require``) or must not (``forbid``) occur near a hit
(within ``window`` characters on either side, or anywhere in the document when ``window`` is
not set). The rules keep generic phrases from being counted where they are not the formulation:
两件大事 is Inner Mongolia's "two major events" only from 2022 and next to the five major tasks or
the model autonomous region; 和平统一 of the 1950s–70s is Korea's or Vietnam's unification, not
the Taiwan policy.

Neighbour strings are found as plain substrings of the match view: the normalised text for
Chinese forms (with the traditional spellings of Chinese neighbours added) and the English
match view (lower case, separators and articles folded) for English forms. Documents without a
year pass the period check.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from toolkit.slogans._views import is_chinese, pattern_key
from toolkit.slogans.lexicon import Lexicon

__all__ = ["Rules"]


def _keys(strings: Sequence[str], script: str) -> tuple[str, ...]:
    from toolkit.text.normalize import _opencc

    out: list[str] = []
    for s in strings:
        if is_chinese(s):
            key = pattern_key(s, "zh")
            out += [key, *(_opencc(c).convert(key) for c in ("s2t", "s2tw", "s2hk"))]
        elif script == "en":
            out.append(pattern_key(s, "en"))
    return tuple(k for k in dict.fromkeys(out) if k)


class Rules:
    """The context rules of a lexicon, compiled per script.

    Examples
    --------
    >>> lex = Lexicon.from_dict({"tm": {"zh": "两件大事", "require": ["五大任务"], "window": 20}})
    >>> r = Rules(lex)
    >>> r.neighbours_ok("zh", 0, "完成五大任务、建设模范自治区两件大事")
    True
    >>> r.neighbours_ok("zh", 0, "办好体制改革和对外开放这两件大事")
    False
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.entries = lexicon.entries
        self.ruled = np.array([i for i, e in enumerate(lexicon) if e.has_context], dtype=np.int64)
        self._keys = {
            script: {
                i: (_keys(e.require, script), _keys(e.forbid, script))
                for i, e in enumerate(lexicon)
                if e.require or e.forbid
            }
            for script in ("zh", "en")
        }

    def neighbours_ok(self, script: str, entry: int, segment: str) -> bool:
        """Do the entry's require/forbid strings allow a hit with this surrounding text?"""
        keys = self._keys[script].get(entry)
        if keys is None:
            return True
        require, forbid = keys
        if self.entries[entry].require and not any(k in segment for k in require):
            return False
        return not any(k in segment for k in forbid)

    def keep(
        self,
        script: str,
        joined: str,
        starts: np.ndarray,
        sizes: np.ndarray,
        years: Sequence[int | None],
        start: np.ndarray,
        end: np.ndarray,
        entry: np.ndarray,
        is_form: np.ndarray,
        rank: np.ndarray,
    ) -> np.ndarray | None:
        """Mask of the raw hits that pass the rules (None: all pass).

        ``joined`` is a batch of views joined by separators, ``starts``/``sizes`` give each
        view's span in it and ``years`` its document's year. ``rank`` > 0 marks a later owner
        of a form shared by entries of disjoint periods: in an undated document only the first
        owner (the latest period) keeps the hit.
        """
        need = is_form & ((rank > 0) | np.isin(entry, self.ruled))
        if not need.any():
            return None
        keep = np.ones(start.size, dtype=bool)
        doc = np.searchsorted(starts, start, side="right") - 1
        whole: dict[tuple[int, int], bool] = {}
        for j in np.flatnonzero(need).tolist():
            d, i = int(doc[j]), int(entry[j])
            year = years[d]
            if year is None and rank[j] > 0:
                keep[j] = False
                continue
            e = self.entries[i]
            if not e.valid_in(year):
                keep[j] = False
                continue
            if not (e.require or e.forbid):
                continue
            lo, hi = int(starts[d]), int(starts[d] + sizes[d])
            if e.window is None:
                if (d, i) not in whole:
                    whole[(d, i)] = self.neighbours_ok(script, i, joined[lo:hi])
                keep[j] = whole[(d, i)]
            else:
                a, b = max(lo, int(start[j]) - e.window), min(hi, int(end[j]) + e.window)
                keep[j] = self.neighbours_ok(script, i, joined[a:b])
        return keep
