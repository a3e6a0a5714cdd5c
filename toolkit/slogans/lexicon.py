"""Bilingual slogan lexicons: one entry per formulation, with all the forms it is written in.

A lexicon file is TOML (the built-in format, in ``corpora/lexicons/``), YAML or CSV::

    [lexicon]
    name = "my-terms"
    title = "Terms I track"

    [[entry]]
    id = "common-prosperity"
    zh = "共同富裕"
    en = ["common prosperity"]
    en_variants = ["shared prosperity"]
    category = "economy"
    since = 1953
    source = "CPC Central Committee resolution on agricultural cooperatives, 1953"
    exclude = []

``zh`` is the canonical simplified form; ``zh_variants``, ``en`` (official translations first)
and ``en_variants`` (journalistic and machine-translation renderings) are more forms of the same
entry. ``exclude`` lists longer strings containing a form: a hit inside one of them is not
counted. Context rules keep a generic phrase from being counted where it is not the
formulation: ``valid_from`` / ``valid_until`` (document years), ``require`` / ``forbid``
(strings that must / must not occur within ``window`` characters of the hit, or anywhere in the
document without a window)::

    [[entry]]
    id = "two-major-events"
    zh = "两件大事"
    require = ["内蒙古", "五大任务", "模范自治区", "Inner Mongolia", "five major tasks"]
    valid_from = 2022

In CSV files list fields are separated by ``|``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit._files import atomic_write
from toolkit.errors import ArgumentError, FileMissingError, InputError, UnknownNameError, suggest
from toolkit.slogans._schema import (
    CSV_SEP,
    FIELDS,
    LIST_FIELDS,
    Entry,
    file_text,
    parse_entry,
    read_file,
)

__all__ = ["Entry", "Lexicon", "lexicons_dir", "list_lexicons", "load_lexicon"]


@dataclass(frozen=True)
class Lexicon:
    """An ordered, immutable collection of :class:`Entry` objects with metadata.

    Parameters
    ----------
    entries : sequence of Entry
        The formulations; ids must be unique.
    name : str
        Short name (``"ccp-formulations"``).
    meta : dict
        The file's ``[lexicon]`` table (title, description, licence…).

    Examples
    --------
    >>> lex = Lexicon.from_dict({"cp": {"zh": "共同富裕", "en": ["common prosperity"]}})
    >>> len(lex), lex["cp"].label_en
    (1, 'common prosperity')
    """

    entries: tuple[Entry, ...]
    name: str = "lexicon"
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(self.entries))
        seen: set[str] = set()
        for e in self.entries:
            if not isinstance(e, Entry):
                raise InputError(f"lexicon {self.name!r}: entries must be Entry objects")
            if e.id in seen:
                raise ArgumentError(f"lexicon {self.name!r}: duplicate id {e.id!r}")
            seen.add(e.id)
        object.__setattr__(self, "_index", {e.id: i for i, e in enumerate(self.entries)})

    # ------------------------------------------------------------------ container protocol
    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __contains__(self, ident: object) -> bool:
        return ident in self._index  # type: ignore[attr-defined]

    def __getitem__(self, ident: str) -> Entry:
        try:
            return self.entries[self._index[ident]]  # type: ignore[attr-defined]
        except KeyError:
            raise UnknownNameError(f"lexicon {self.name!r} has no entry {ident!r}") from None

    def __repr__(self) -> str:
        return f"<Lexicon {self.name!r}: {len(self)} entries>"

    def __add__(self, other: Lexicon) -> Lexicon:
        if not isinstance(other, Lexicon):
            return NotImplemented
        return Lexicon(self.entries + other.entries, name=f"{self.name}+{other.name}")

    @property
    def ids(self) -> list[str]:
        """Entry ids in order."""
        return [e.id for e in self.entries]

    @property
    def fingerprint(self) -> str:
        """sha256 of the entries (keys the matcher cache)."""
        cached = self.__dict__.get("_fingerprint")
        if cached is None:
            blob = json.dumps([e.as_dict() for e in self.entries], ensure_ascii=False)
            cached = hashlib.sha256(blob.encode()).hexdigest()
            object.__setattr__(self, "_fingerprint", cached)
        return cached

    # ------------------------------------------------------------------ views
    def to_frame(self) -> pd.DataFrame:
        """One row per entry; list fields joined with ``|``.

        Examples
        --------
        >>> Lexicon.from_dict({"cp": "共同富裕"}).to_frame()[["id", "zh"]].values.tolist()
        [['cp', '共同富裕']]
        """
        rows = []
        for e in self.entries:
            d = e.as_dict()
            for name in LIST_FIELDS:
                d[name] = CSV_SEP.join(d[name])
            rows.append(d)
        frame = pd.DataFrame(rows, columns=list(FIELDS))
        for name in ("since", "valid_from", "valid_until", "window"):
            frame[name] = frame[name].astype("Int64")
        return frame

    def forms(self) -> pd.DataFrame:
        """Every form with its entry: slogan_id, form, field (zh, zh_variants, en, en_variants)."""
        rows = [
            (e.id, f, name)
            for e in self.entries
            for name in ("zh", "zh_variants", "en", "en_variants")
            for f in ((getattr(e, name),) if name == "zh" else getattr(e, name))
            if f
        ]
        return pd.DataFrame(rows, columns=["slogan_id", "form", "field"])

    def phrases(self) -> list[str]:
        """All forms, for ``tk.tokens(..., phrases=lexicon.phrases())``."""
        return list(dict.fromkeys(f for e in self.entries for f in e.forms))

    def select(self, ids: Iterable[str] | None = None, *, category: str | None = None) -> Lexicon:
        """A lexicon with only some entries (by id and/or category), in the original order."""
        keep = set(ids) if ids is not None else None
        if keep is not None:
            missing = keep - set(self.ids)
            if missing:
                raise UnknownNameError(f"lexicon {self.name!r} has no entries {sorted(missing)}")
        chosen = [
            e
            for e in self.entries
            if (keep is None or e.id in keep) and (category is None or e.category == category)
        ]
        return Lexicon(tuple(chosen), name=self.name, meta=dict(self.meta))

    def add(self, entry: Entry | Mapping[str, Any]) -> Lexicon:
        """A new lexicon with one more entry (an :class:`Entry` or a mapping of its fields)."""
        if not isinstance(entry, Entry):
            entry = parse_entry(entry, f"lexicon {self.name!r}")
        return Lexicon(self.entries + (entry,), name=self.name, meta=dict(self.meta))

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], name: str | None = None) -> Lexicon:
        """Build from ``{"lexicon": {...}, "entry": [...]}`` or a mapping ``id -> zh | fields``.

        Examples
        --------
        >>> Lexicon.from_dict({"entry": [{"id": "x", "en": "Three Norths"}]})["x"].en
        ('Three Norths',)
        >>> Lexicon.from_dict({"pair": {"zh": "两个维护", "en": ["two upholds"]}}).ids
        ['pair']
        """
        if not isinstance(data, Mapping):
            raise InputError(f"a lexicon needs a mapping, got {type(data).__name__}")
        where = f"lexicon {name!r}" if name else "lexicon"
        if "entry" in data or "entries" in data:
            meta = dict(data.get("lexicon") or {})
            raw = data.get("entry", data.get("entries")) or []
            if not isinstance(raw, list):
                raise InputError(f"{where}: 'entry' must be a list of tables")
            extra = set(data) - {"lexicon", "entry", "entries"}
            if extra:
                raise ArgumentError(f"{where}: unknown top-level key(s) {sorted(extra)}")
            entries = [parse_entry(r, f"{where}, entry {i + 1}") for i, r in enumerate(raw)]
        else:
            meta = {}
            entries = []
            for ident, spec in data.items():
                body = {"zh": spec} if isinstance(spec, str) else dict(spec)
                entries.append(parse_entry({"id": ident, **body}, f"{where}, entry {ident!r}"))
        label = name or meta.get("name") or "lexicon"
        return cls(tuple(entries), name=str(label), meta=meta)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, name: str = "lexicon") -> Lexicon:
        """Build from a DataFrame with an ``id`` column and any of the entry fields."""
        if "id" not in frame.columns:
            raise UnknownNameError(f"lexicon {name!r}: the table needs an 'id' column")
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        return cls.from_dict({"entry": records}, name=name)

    @classmethod
    def from_file(cls, path: str | Path) -> Lexicon:
        """Read a ``.toml``, ``.yaml``/``.yml`` or ``.csv`` lexicon file.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.csv"
        >>> _ = p.write_text("id,zh,en\\ncp,共同富裕,common prosperity|shared prosperity\\n")
        >>> Lexicon.from_file(p)["cp"].en
        ('common prosperity', 'shared prosperity')
        """
        path = Path(path)
        data = read_file(path)
        if isinstance(data, pd.DataFrame):
            return cls.from_frame(data, name=path.stem)
        try:
            return cls.from_dict(data, name=(data.get("lexicon") or {}).get("name", path.stem))
        except (ValueError, TypeError, KeyError) as err:
            raise type(err)(f"{path}: {err}") from err

    def to_file(self, path: str | Path) -> Path:
        """Write the lexicon as ``.toml``, ``.yaml`` or ``.csv`` (by suffix); return the path."""
        path = Path(path)
        meta = {"name": self.name, **{k: v for k, v in self.meta.items() if k != "name"}}
        records = [{k: v for k, v in e.as_dict().items() if v not in ("", None, [])} for e in self]
        atomic_write(path, file_text(path, meta, records, self.to_frame()))
        return path


def lexicons_dir() -> Path:
    """The folder of the built-in lexicons (``corpora/lexicons`` next to the registry cards)."""
    from toolkit.corpus.registry import corpora_dir

    return corpora_dir() / "lexicons"


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime: float) -> Lexicon:
    return Lexicon.from_file(path)


def load_lexicon(name: str | Path) -> Lexicon:
    """Load a built-in lexicon by name, or any lexicon file by path.

    Parameters
    ----------
    name : str or Path
        ``"ccp-formulations"``, ``"us-presidential"`` (see :func:`list_lexicons`) or a path to
        a ``.toml``/``.yaml``/``.csv`` file.

    Returns
    -------
    Lexicon

    Examples
    --------
    >>> lex = load_lexicon("ccp-formulations")
    >>> lex["two-establishments"].zh
    '两个确立'
    """
    as_path = Path(name)
    if as_path.suffix.lower() in (".toml", ".yaml", ".yml", ".csv") or as_path.is_file():
        path = as_path
    else:
        path = lexicons_dir() / f"{name}.toml"
        if not path.is_file():
            names = _builtin_names()
            known = ", ".join(names) or "none"
            raise UnknownNameError(
                f"unknown lexicon {name!r}{suggest(str(name), names)}; built-in lexicons: {known}"
            )
    path = path.resolve()
    if not path.is_file():
        raise FileMissingError(f"lexicon file {path} not found")
    return _load_cached(str(path), path.stat().st_mtime)


def _builtin_names() -> list[str]:
    folder = lexicons_dir()
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def list_lexicons() -> pd.DataFrame:
    """The built-in lexicons: name, title, entries, categories, path.

    Examples
    --------
    >>> "ccp-formulations" in list_lexicons()["name"].tolist()
    True
    """
    rows = []
    for stem in _builtin_names():
        lex = load_lexicon(stem)
        cats = sorted({e.category for e in lex if e.category})
        rows.append(
            {
                "name": stem,
                "title": lex.meta.get("title", ""),
                "entries": len(lex),
                "categories": ", ".join(cats),
                "path": str(lexicons_dir() / f"{stem}.toml"),
            }
        )
    return pd.DataFrame(rows, columns=["name", "title", "entries", "categories", "path"])


def with_entry(lexicon: Lexicon | None, entry: Entry, name: str = "user") -> Lexicon:
    """``lexicon`` plus ``entry`` (a new one-entry lexicon when ``lexicon`` is None)."""
    if lexicon is None:
        return Lexicon((entry,), name=name)
    if entry.id in lexicon:
        old = lexicon[entry.id]
        seen = {f.casefold() for f in old.forms}
        zh_new = tuple(f for f in (entry.zh, *entry.zh_variants) if f and f not in seen)
        en_new = tuple(f for f in (*entry.en, *entry.en_variants) if f.casefold() not in seen)
        merged = replace(
            old,
            zh_variants=tuple(dict.fromkeys(old.zh_variants + zh_new)),
            en_variants=tuple(dict.fromkeys(old.en_variants + en_new)),
        )
        entries = tuple(merged if e.id == entry.id else e for e in lexicon)
        return Lexicon(entries, name=lexicon.name, meta=dict(lexicon.meta))
    return lexicon.add(entry)
