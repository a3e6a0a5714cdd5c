"""The tree of a dictionary: mappings validated into nodes, and the operations on nodes.

A node is its own patterns plus its ordered subkeys; the root holds the top-level keys. The
rules a mapping must keep are listed in :mod:`toolkit.tokenized.dictionary`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from toolkit.errors import ArgumentError, InputError, LexiconError

__all__ = [
    "KINDS",
    "SEPARATOR",
    "add_mapping",
    "check_separator",
    "flatten",
    "levels_set",
    "lexicon_mapping",
    "merge",
    "Node",
    "plain",
    "remove",
    "select",
    "tree_depth",
    "walk",
    "where",
]

#: Match types of dictionary values.
KINDS = ("glob", "regex", "fixed")
#: Joins the keys of nested levels into one flat category name.
SEPARATOR = "."


class Node(NamedTuple):
    """Patterns of one key and its subkeys (the root: no patterns, the top-level keys)."""

    values: tuple[str, ...]
    children: tuple[tuple[str, Node], ...]


# ---------------------------------------------------------------------- mappings
def where(path: tuple[str, ...]) -> str:
    return f"key {SEPARATOR.join(path)!r}"


def _clean_value(value: Any, path: tuple[str, ...], kind: str) -> str:
    if not isinstance(value, str):
        raise LexiconError(
            f"{where(path)}: value {value!r} is not a string ({type(value).__name__}); "
            "patterns are strings (quote numbers in YAML/JSON)"
        )
    text = value.strip() if kind == "regex" else " ".join(value.split())
    if not text:
        raise LexiconError(f"{where(path)}: empty pattern {value!r}")
    if kind == "regex":
        try:
            re.compile(text)
        except re.error as err:
            raise LexiconError(
                f"{where(path)}: invalid regular expression {value!r}: {err}"
            ) from None
    return text


def _put(children: dict[str, Node], key: str, child: Node, path: tuple[str, ...]) -> None:
    if key in children:
        raise LexiconError(f"{where((*path, key))} appears twice at one level")
    children[key] = child


def add_mapping(
    children: dict[str, Node], values: list[str], raw: Mapping, path: tuple[str, ...], kind: str
) -> None:
    """Validate the ``{key: patterns | subkeys}`` mapping ``raw`` found at ``path`` and add its
    keys to ``children`` (and a nested ``''`` key's patterns to ``values``)."""
    for key, sub in raw.items():
        if key == "" and path:  # quanteda: a nested '' key holds the node's own patterns
            node = _build(sub, path, kind)
            values.extend(node.values)
            for name, child in node.children:
                _put(children, name, child, path)
            continue
        parent = where(path) if path else "the top level"
        if not isinstance(key, str):
            raise LexiconError(f"key {key!r} under {parent} is not a string; quote it")
        if not key.strip():
            raise LexiconError(f"empty key under {parent}")
        _put(children, key, _build(sub, (*path, key), kind), path)


def _build(raw: Any, path: tuple[str, ...], kind: str) -> Node:
    if raw is None:
        raise LexiconError(f"{where(path)} has no value; write [] for an empty category")
    values: list[str] = []
    children: dict[str, Node] = {}
    for item in raw if isinstance(raw, (list, tuple)) else [raw]:
        if isinstance(item, Mapping):
            add_mapping(children, values, item, path, kind)
        else:
            values.append(_clean_value(item, path, kind))
    return Node(tuple(dict.fromkeys(values)), tuple(children.items()))


def lexicon_mapping(lexicon: Iterable[Any], *, levels: str) -> dict[str, Any]:
    """The nested mapping of a lexicon's forms (see :meth:`Dictionary.from_lexicon`)."""
    if levels not in ("entry", "category"):
        raise ArgumentError(f"levels must be 'entry' or 'category', not {levels!r}")
    if isinstance(lexicon, (str, bytes, Mapping)) or not isinstance(lexicon, Iterable):
        raise InputError("from_lexicon needs a Lexicon, e.g. tk.load_lexicon('ccp-formulations')")
    mapping: dict[str, Any] = {}
    for entry in lexicon:
        try:
            ident, category, forms = entry.id, entry.category, list(entry.forms)
        except AttributeError:
            raise InputError(
                f"from_lexicon needs entries with id, category and forms, not {entry!r}"
            ) from None
        if levels == "category":
            mapping.setdefault(category or ident, []).extend(forms)
            continue
        target = mapping.setdefault(category, {}) if category else mapping
        if not isinstance(target, dict) or ident in target:
            raise LexiconError(
                f"{category or ident!r} is both a category and an entry id without a category"
            )
        target[ident] = forms
    return mapping


# ---------------------------------------------------------------------- operations
def walk(node: Node, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Node]]:
    """Every node under ``node`` with its key path, parents before their subkeys."""
    for key, child in node.children:
        yield (*path, key), child
        yield from walk(child, (*path, key))


def tree_depth(node: Node) -> int:
    """Number of levels under ``node`` (0 for an empty dictionary)."""
    return max((1 + tree_depth(child) for _, child in node.children), default=0)


def levels_set(levels: Any) -> frozenset[int] | None:
    """A ``levels=`` argument (None, an int or ints >= 1) as a set."""
    if levels is None:
        return None
    chosen = (levels,) if isinstance(levels, int) else levels
    try:
        out = frozenset(chosen)
    except TypeError:
        out = frozenset({0})
    if not out or any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in out):
        raise ArgumentError(f"levels must be positive integers (1 = top level), not {levels!r}")
    return out


def _gather(
    node: Node, levels: frozenset[int] | None, out: dict[str, tuple[list[str], int]],
    level: int, parent: str, depth: int,
) -> None:  # fmt: skip
    # quanteda's flatten_dictionary: a level not chosen passes its patterns up to the nearest
    # chosen ancestor; patterns with no chosen ancestor (levels=2 on a top-level leaf) drop out
    for key, child in node.children:
        chosen = levels is None or level in levels
        name = (f"{parent}{SEPARATOR}{key}" if parent else key) if chosen else parent
        kept = depth + 1 if chosen else depth
        if name and (child.values or not child.children):
            out.setdefault(name, ([], kept))[0].extend(child.values)
        _gather(child, levels, out, level + 1, name, kept)


def flatten(root: Node, levels: frozenset[int] | None) -> dict[str, tuple[tuple[str, ...], int]]:
    """Flat category name → (its patterns once each, number of kept levels in the name)."""
    out: dict[str, tuple[list[str], int]] = {}
    _gather(root, levels, out, 1, "", 0)
    return {name: (tuple(dict.fromkeys(vals)), kept) for name, (vals, kept) in out.items()}


def select(node: Node, paths: set[tuple[str, ...]], prefix: tuple[str, ...] = ()) -> Node:
    """The nodes at ``paths`` with their subtrees, under patternless copies of their parents."""
    kids = []
    for key, child in node.children:
        path = (*prefix, key)
        if path in paths:
            kids.append((key, child))
        elif any(p[: len(path)] == path for p in paths):
            kids.append((key, Node((), select(child, paths, path).children)))
    return Node(node.values, tuple(kids))


def remove(node: Node, paths: set[tuple[str, ...]], prefix: tuple[str, ...] = ()) -> Node:
    """``node`` without the nodes at ``paths``."""
    kids = []
    for key, child in node.children:
        path = (*prefix, key)
        if path in paths:
            continue
        if any(len(p) > len(path) and p[: len(path)] == path for p in paths):
            grand = remove(child, paths, path).children
            if not grand and not child.values:
                continue  # every subkey removed: the empty parent goes too
            child = Node(child.values, grand)
        kids.append((key, child))
    return Node(node.values, tuple(kids))


def merge(a: Node, b: Node) -> Node:
    """Both trees in one; a key in both gets the patterns and subkeys of both."""
    kids = dict(a.children)
    for key, child in b.children:
        kids[key] = merge(kids[key], child) if key in kids else child
    return Node(tuple(dict.fromkeys(a.values + b.values)), tuple(kids.items()))


def plain(node: Node) -> Any:
    """Plain lists and dicts (patterns and subkeys: a list ending in a mapping)."""
    if not node.children:
        return list(node.values)
    sub = {key: plain(child) for key, child in node.children}
    return [*node.values, sub] if node.values else sub


def check_separator(root: Node) -> None:
    """A nested dictionary's keys cannot contain the level separator."""
    if tree_depth(root) > 1:
        for path, _ in walk(root):
            if SEPARATOR in path[-1]:
                raise LexiconError(
                    f"{where(path)}: a key of a nested dictionary cannot contain "
                    f"{SEPARATOR!r} (it joins levels); rename the key"
                )
