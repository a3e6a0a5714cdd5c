"""Dictionaries: named categories of patterns, nested in levels, as quanteda's ``dictionary()``.

A :class:`Dictionary` maps keys to patterns (``glob`` — only ``*`` and ``?`` are wildcards, as
in quanteda, brackets are literal —, ``regex`` or ``fixed``)::

    {"economy": ["econom*", "tax*"], "war": ["war", "militar*"]}
    {"zh": {"slogans": ["两个确立", "共同富裕*"]}, "en": {"economy": ["common prosperity"]}}

Keys nest to any depth. A key may hold patterns *and* subkeys, written as quanteda's YAML does:
a list whose items are patterns or mappings of subkeys (``{"A": ["a", {"B": ["b"]}]}``), or a
nested ``""`` key for the node's own patterns (``{"A": {"": ["a"], "B": ["b"]}}``). The flat
name of a category is its key path joined with ``.`` (``"zh.slogans"``), as quanteda joins
levels; :meth:`Dictionary.categories` gives that flat view, truncated with ``levels=`` as the
``levels`` argument of quanteda's ``tokens_lookup``.

Rules (each broken rule is a one-line :class:`~toolkit.errors.LexiconError` naming the key and
the value):

- patterns are strings; leading and trailing whitespace is removed and, except in regular
  expressions, runs of inner whitespace become one space (a multi-word value is a phrase:
  ``"common prosperity"``); a pattern repeated under one key is kept once (quanteda does both);
  empty patterns, numbers, booleans and ``None`` are errors; case is kept as written (matching
  decides case);
- ``kind="regex"`` patterns must compile with :mod:`re`;
- keys are non-empty strings, unique at their level (a Python mapping cannot repeat a key, so
  a repeat in a file is reported, where quanteda merges silently); :meth:`Dictionary.merge`
  merges same keys, as quanteda's ``c()`` does;
- ``.`` is the level separator: a nested dictionary's keys may not contain it (``"a.b"`` would be
  ambiguous); a one-level dictionary may (:meth:`Dictionary.flatten` writes ``"a.b"`` keys);
- a key with an empty list is an empty category (kept, as quanteda keeps empty keys).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit._files import atomic_write
from toolkit.errors import ArgumentError, InputError, LexiconError, UnknownNameError
from toolkit.tokenized._dictionary_io import dictionary_text, read_dictionary_file
from toolkit.tokenized._dictionary_tree import (
    KINDS,
    SEPARATOR,
    Node,
    add_mapping,
    check_separator,
    flatten,
    levels_set,
    lexicon_mapping,
    merge,
    plain,
    remove,
    select,
    tree_depth,
    walk,
)

__all__ = ["KINDS", "SEPARATOR", "Dictionary"]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class Dictionary:
    """Named categories of patterns, nested in levels; immutable.

    Parameters
    ----------
    mapping : mapping
        ``{key: [patterns...]}``, nested ``{key: {subkey: [patterns...]}}`` or both (see the
        module notes); a single string is one pattern.
    kind : {"glob", "regex", "fixed"}
        Match type of every value: ``glob`` (``*`` any characters, ``?`` one character, nothing
        else special), ``regex`` (Python :mod:`re`) or ``fixed`` (literal).
    name : str, optional
        A label (file readers use the file's stem).

    Attributes
    ----------
    name : str or None
    kind : str
    keys : list of str
        Top-level keys, in order.
    values : tuple of str
        Every pattern once, in order.
    depth : int
        Number of levels (1 for a flat dictionary).

    Examples
    --------
    >>> d = Dictionary({"economy": ["econom*", "tax*"],
    ...                 "zh": {"slogans": ["两个确立", "共同富裕*"], "en": ["common prosperity"]}},
    ...                name="demo")
    >>> d
    <Dictionary 'demo': 2 top-level keys, 3 categories, 5 values>
    >>> list(d), d["zh.slogans"]
    (['economy', 'zh.slogans', 'zh.en'], ('两个确立', '共同富裕*'))
    >>> d.categories(levels=1)["zh"]
    ('两个确立', '共同富裕*', 'common prosperity')
    >>> Dictionary({"tax": [r"^tax(es|ation)?$"]}, kind="regex").kind
    'regex'
    """

    __slots__ = ("_depth", "_flat", "_kind", "_name", "_root")

    def __init__(self, mapping: Mapping[str, Any], *, kind: str = "glob", name: str | None = None):
        if kind not in KINDS:
            raise ArgumentError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if isinstance(mapping, Dictionary):
            raise InputError(
                "already a Dictionary: use it as it is, or Dictionary(d.to_dict(), kind=...)"
            )
        if isinstance(mapping, str) or not isinstance(mapping, Mapping):
            raise InputError(
                "a Dictionary needs a mapping of keys to patterns, e.g. {'economy': ['econom*']}, "
                f"not {type(mapping).__name__}; read files with Dictionary.from_file(Path(...))"
            )
        children: dict[str, Node] = {}
        add_mapping(children, [], mapping, (), kind)
        self._init(Node((), tuple(children.items())), kind, name)

    def _init(self, root: Node, kind: str, name: str | None) -> None:
        check_separator(root)
        self._root, self._kind, self._name, self._depth = root, kind, name, tree_depth(root)
        self._flat = {key: vals for key, (vals, _) in flatten(root, None).items()}

    @classmethod
    def _from_root(cls, root: Node, kind: str, name: str | None) -> Dictionary:
        new = cls.__new__(cls)
        new._init(root, kind, name)
        return new

    # ------------------------------------------------------------------ attributes
    @property
    def name(self) -> str | None:
        return self._name

    @property
    def kind(self) -> str:
        return self._kind

    @property
    def keys(self) -> list[str]:
        return [key for key, _ in self._root.children]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for _, node in walk(self._root) for v in node.values))

    @property
    def depth(self) -> int:
        return self._depth

    # ------------------------------------------------------------------ views
    def categories(self, levels: int | Iterable[int] | None = None) -> dict[str, tuple[str, ...]]:
        """Flat view: category name (key path joined with ``.``) → its patterns.

        Parameters
        ----------
        levels : int or iterable of int, optional
            Levels to keep (1 = top), as quanteda's ``levels``; a category of a level left out
            passes its patterns to its nearest kept ancestor, and patterns with no kept
            ancestor drop out. ``None`` keeps every level.

        Examples
        --------
        >>> d = Dictionary({"top1": ["a", "b"], "top3": {"sub1": ["e", "f"], "sub2": ["f", "h"]}})
        >>> d.categories(levels=1)
        {'top1': ('a', 'b'), 'top3': ('e', 'f', 'h')}
        >>> d.categories(levels=2)
        {'sub1': ('e', 'f'), 'sub2': ('f', 'h')}
        """
        chosen = levels_set(levels)
        if chosen is None:
            return dict(self._flat)
        return {key: vals for key, (vals, _) in flatten(self._root, chosen).items()}

    def to_dict(self) -> dict[str, Any]:
        """Nested plain dict with lists (a key with patterns and subkeys: a list ending in a
        mapping, as quanteda's YAML); ``Dictionary(d.to_dict()) == d``.

        Examples
        --------
        >>> Dictionary({"A": {"": ["a"], "B": "b"}}).to_dict()
        {'A': ['a', {'B': ['b']}]}
        """
        return {key: plain(child) for key, child in self._root.children}

    def to_frame(self, *, levels: int | Iterable[int] | None = None) -> pd.DataFrame:
        """Tidy table, one row per category and pattern: ``category`` (flat name), ``level``
        (number of kept levels in the name) and ``pattern``; an empty category has one row
        with a missing pattern.

        Examples
        --------
        >>> Dictionary({"econ": ["econom*"], "zh": {"cp": ["共同富裕"]}}).to_frame().values.tolist()
        [['econ', 1, 'econom*'], ['zh.cp', 2, '共同富裕']]
        """
        flat = flatten(self._root, levels_set(levels))
        rows = [(key, level, v) for key, (vals, level) in flat.items() for v in vals or [None]]
        frame = pd.DataFrame(rows, columns=["category", "level", "pattern"])
        return frame.astype({"category": object, "level": "int64", "pattern": object})

    # ------------------------------------------------------------------ container protocol
    def __len__(self) -> int:
        return len(self._flat)

    def __iter__(self) -> Iterator[str]:
        return iter(self._flat)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._flat

    def __getitem__(self, key: str) -> tuple[str, ...]:
        if key in self:
            return self._flat[key]
        if any(SEPARATOR.join(p) == key for p, _ in walk(self._root)):
            raise UnknownNameError(
                f"{key!r} is a parent key, not a category: use .categories(levels=...)[{key!r}] "
                f"for all its patterns, or .select({key!r})"
            )
        raise UnknownNameError(f"{self._label()} has no category {key!r}; {self._choices()}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dictionary):
            return NotImplemented
        return self._kind == other._kind and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self._kind, frozenset(self._flat.items())))

    def __repr__(self) -> str:
        label = f" {self._name!r}" if self._name is not None else ""
        kind = f" ({self._kind})" if self._kind != "glob" else ""
        keys = _plural(len(self.keys), "top-level key", "top-level keys")
        cats = _plural(len(self), "category", "categories")
        vals = _plural(len(self.values), "value", "values")
        return f"<Dictionary{label}{kind}: {keys}, {cats}, {vals}>"

    def _label(self) -> str:
        return f"dictionary {self._name!r}" if self._name is not None else "the dictionary"

    def _choices(self) -> str:
        names = list(self._flat)
        more = f" … and {len(names) - 10} more" if len(names) > 10 else ""
        return f"categories: {', '.join(names[:10]) or 'none'}{more}"

    # ------------------------------------------------------------------ new dictionaries
    def _paths(self, keys: str | Iterable[str]) -> set[tuple[str, ...]]:
        index = {SEPARATOR.join(path): path for path, _ in walk(self._root)}
        wanted = [keys] if isinstance(keys, str) else list(keys)
        bad = [k for k in wanted if not isinstance(k, str)]
        if bad:
            raise InputError(f"keys must be strings (flat or top-level keys), not {bad[0]!r}")
        missing = [k for k in wanted if k not in index]
        if missing:
            raise UnknownNameError(f"{self._label()} has no key {missing}; {self._choices()}")
        return {index[k] for k in wanted}

    def select(self, keys: str | Iterable[str]) -> Dictionary:
        """A dictionary with only the named keys (flat names or parent keys, with everything
        under them), in the original order.

        Examples
        --------
        >>> d = Dictionary({"a": ["x"], "b": {"c": ["y"], "d": ["z"]}})
        >>> d.select("b.c").to_dict(), d.select(["a", "b"]) == d
        ({'b': {'c': ['y']}}, True)
        """
        return Dictionary._from_root(select(self._root, self._paths(keys)), self._kind, self._name)

    def remove(self, keys: str | Iterable[str]) -> Dictionary:
        """A dictionary without the named keys (a parent left without subkeys goes too).

        Examples
        --------
        >>> Dictionary({"a": ["x"], "b": {"c": ["y"]}}).remove("b.c").to_dict()
        {'a': ['x']}
        """
        return Dictionary._from_root(remove(self._root, self._paths(keys)), self._kind, self._name)

    def merge(self, other: Dictionary) -> Dictionary:
        """Both dictionaries in one; a key in both gets the patterns of both, as quanteda's
        ``c()`` (the kinds must agree). ``a + b`` is ``a.merge(b)``.

        Examples
        --------
        >>> (Dictionary({"A": ["aa"]}) + Dictionary({"A": ["aaa"], "B": ["b"]})).to_dict()
        {'A': ['aa', 'aaa'], 'B': ['b']}
        """
        if not isinstance(other, Dictionary):
            raise InputError(
                f"can merge a Dictionary only with a Dictionary, not {type(other).__name__}"
            )
        if other._kind != self._kind:
            raise ArgumentError(
                f"cannot merge a {self._kind} dictionary with a {other._kind} one: one kind per "
                "dictionary (rebuild one with Dictionary(d.to_dict(), kind=...))"
            )
        names = [n for n in (self._name, other._name) if n is not None]
        name = "+".join(names) if names else None
        return Dictionary._from_root(merge(self._root, other._root), self._kind, name)

    def __add__(self, other: object) -> Dictionary:
        if not isinstance(other, Dictionary):
            return NotImplemented
        return self.merge(other)

    def flatten(self, levels: int | Iterable[int] | None = None) -> Dictionary:
        """A one-level dictionary of :meth:`categories` (keys joined with ``.``).

        Examples
        --------
        >>> Dictionary({"a": {"b": ["x"], "c": ["y"]}}).flatten().keys
        ['a.b', 'a.c']
        """
        kids = tuple((key, Node(vals, ())) for key, vals in self.categories(levels).items())
        return Dictionary._from_root(Node((), kids), self._kind, self._name)

    # ------------------------------------------------------------------ files and lexicons
    @classmethod
    def from_file(
        cls, path: str | os.PathLike[str], *, kind: str = "glob", name: str | None = None,
        encoding: str = "utf-8",
    ) -> Dictionary:  # fmt: skip
        """Read a dictionary file: ``.yml``/``.yaml`` (quanteda's YAML), ``.json`` (the same
        structure) or ``.dic`` (LIWC; see :mod:`toolkit.tokenized._dictionary_io`).

        Parameters
        ----------
        path : Path
        kind : {"glob", "regex", "fixed"}
            Match type of the values (LIWC files are ``glob``: ``word*``).
        name : str, optional
            Defaults to the file's stem.
        encoding : str
            Text encoding (a UTF-8 byte-order mark is skipped).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "mary.yml"
        >>> _ = p.write_text("A CATEGORY: [more, lamb, little]\\nANOTHER: [had, mary]\\n")
        >>> Dictionary.from_file(p)
        <Dictionary 'mary': 2 top-level keys, 2 categories, 5 values>
        """
        path = Path(path)
        raw = read_dictionary_file(path, encoding=encoding)
        try:
            return cls(raw, kind=kind, name=path.stem if name is None else name)
        except LexiconError as err:
            raise LexiconError(f"{path}: {err}") from None

    def to_file(self, path: str | os.PathLike[str]) -> Path:
        """Write the dictionary as ``.yml``/``.yaml``, ``.json`` or ``.dic`` (by suffix, UTF-8);
        return the path. LIWC ``.dic`` holds one level: write ``d.flatten()`` for a nested one.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.yml"
        >>> print(Dictionary({"共同富裕": ["共同富裕*"]}).to_file(p).read_text(encoding="utf-8"))
        共同富裕:
          - 共同富裕*
        <BLANKLINE>
        """
        path = Path(path)
        text = dictionary_text(self, path)
        atomic_write(path, text)
        return path

    @classmethod
    def from_lexicon(cls, lexicon: Iterable[Any], *, levels: str = "entry") -> Dictionary:
        """A ``fixed`` dictionary of a lexicon's forms (every entry's ``forms``).

        Parameters
        ----------
        lexicon : Lexicon
            Any iterable of entries with ``id``, ``category`` and ``forms``.
        levels : {"entry", "category"}
            ``"entry"``: ``{category: {entry_id: forms}}`` (entries without a category sit at
            the top level); ``"category"``: ``{category: forms of all its entries}`` (an entry
            without a category is a category of its own, named by its id).

        Examples
        --------
        >>> import toolkit as tk
        >>> lex = tk.Lexicon.from_dict({"cp": {"zh": "共同富裕", "en": ["common prosperity"],
        ...                                    "category": "economy"}}, name="mine")
        >>> Dictionary.from_lexicon(lex).to_dict()
        {'economy': {'cp': ['共同富裕', 'common prosperity']}}
        """
        name = getattr(lexicon, "name", None)
        try:
            return cls(lexicon_mapping(lexicon, levels=levels), kind="fixed", name=name)
        except LexiconError as err:
            raise LexiconError(f"lexicon {name!r}: {err}") from None
