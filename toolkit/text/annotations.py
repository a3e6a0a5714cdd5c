"""Setting annotations apart: transcript notes, speaker tags and boilerplate that are in a text
but are not its words.

A *rule* is a kind and a regular expression (a registry card's ``[[annotations]]`` table, see
``corpora/README.md``). :func:`find_annotations` finds every match of every rule in a text —
earlier rules win where matches overlap — and :func:`remove_spans` takes them out, so the
counted text holds the speech and the annotations are kept aside with their place in the
original text.

Examples
--------
>>> rules = compile_rules([{"kind": "stage", "pattern": r"\\[Laughter\\]"}])
>>> text = "It was cold. [Laughter] Warm now."
>>> found = find_annotations(text, rules)
>>> found
[(13, 23, 'stage')]
>>> remove_spans(text, found)
'It was cold.  Warm now.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from toolkit.errors import ArgumentError

__all__ = ["Rule", "compile_rules", "find_annotations", "remove_spans"]

Rule = tuple[str, re.Pattern, tuple[str, ...]]


def compile_rules(rules: Iterable[Mapping], *, where: str = "annotations") -> list[Rule]:
    """Checked ``(kind, compiled pattern, needles)`` rules from ``{"kind": …, "pattern": …}``
    tables; an optional ``contains`` list of strings makes a rule run only on texts holding
    one of them (a pattern that starts with a look-behind is slow to scan everywhere)."""
    out = []
    for k, rule in enumerate(rules):
        at = f"{where}[{k}]"
        if (
            not isinstance(rule, Mapping)
            or not {"kind", "pattern"} <= set(rule)
            or (set(rule) - {"kind", "pattern", "contains"})
        ):
            raise ArgumentError(
                f"{at} must have the keys 'kind' and 'pattern' (and optionally 'contains')"
            )
        needles = rule.get("contains", [])
        if not isinstance(needles, list) or not all(isinstance(x, str) and x for x in needles):
            raise ArgumentError(f"{at}: contains must be a list of non-empty strings")
        kind, pattern = rule["kind"], rule["pattern"]
        if not isinstance(kind, str) or not kind.strip():
            raise ArgumentError(f"{at}: kind must be a non-empty string")
        if not isinstance(pattern, str) or not pattern:
            raise ArgumentError(f"{at}: pattern must be a non-empty string")
        try:
            compiled = re.compile(pattern)
        except re.error as e:
            raise ArgumentError(f"{at}: pattern is not a valid regular expression: {e}") from None
        if compiled.search("") is not None:
            raise ArgumentError(f"{at}: pattern matches the empty string")
        out.append((kind, compiled, tuple(needles)))
    return out


def find_annotations(text: str, rules: list[Rule]) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, kind)`` spans of the rules' matches, in text order.

    Where matches overlap, the rule listed first wins (then the leftmost match).
    """
    taken: list[tuple[int, int, str]] = []
    for kind, pattern, needles in rules:
        if needles and not any(n in text for n in needles):
            continue
        for m in pattern.finditer(text):
            a, b = m.span()
            if a < b and all(b <= x or a >= y for x, y, _ in taken):
                taken.append((a, b, kind))
    return sorted(taken)


def remove_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` without the (sorted, non-overlapping) spans."""
    pieces, at = [], 0
    for a, b, _ in spans:
        pieces.append(text[at:a])
        at = b
    pieces.append(text[at:])
    return "".join(pieces)
