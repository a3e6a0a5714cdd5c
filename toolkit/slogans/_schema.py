"""The lexicon entry schema: field validation and the TOML/YAML/CSV file formats."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.errors import ArgumentError, FileMissingError, InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["CSV_SEP", "FIELDS", "LIST_FIELDS", "Entry", "file_text", "parse_entry", "read_file"]

LIST_FIELDS = ("zh_variants", "en", "en_variants", "exclude", "require", "forbid")
_STR_FIELDS = ("zh", "category", "source", "note")
_YEAR_FIELDS = ("since", "valid_from", "valid_until")
#: Separator of list items inside a CSV cell.
CSV_SEP = "|"


@dataclass(frozen=True)
class Entry:
    """One formulation: an identifier, its forms in both languages and provenance.

    Attributes
    ----------
    id : str
        Stable identifier (``"two-establishments"``).
    zh : str
        Canonical Chinese form, simplified characters (may be empty for English-only lexicons).
    zh_variants : tuple of str
        Other Chinese forms (abbreviations, older wordings).
    en : tuple of str
        Official English translation(s); the first is the English label.
    en_variants : tuple of str
        Journalistic and machine-translation renderings.
    category : str
        Free-text category (``"ideology"``, ``"economy"``…).
    since : int or None
        Year the formulation entered official use.
    source : str
        One-line note on where ``since`` comes from.
    exclude : tuple of str
        Longer strings containing a form; hits inside them do not count.
    note : str
        Optional free comment.
    valid_from, valid_until : int or None
        Context rule: only hits in documents dated in these years (inclusive) count. Documents
        without a year are not checked.
    require : tuple of str
        Context rule: a hit counts only when one of these strings occurs near it (within
        ``window`` characters on either side, or anywhere in the document without a window).
    forbid : tuple of str
        Context rule: a hit does not count when one of these strings occurs near it.
    window : int or None
        Characters on either side of a hit searched for ``require`` / ``forbid`` strings;
        None searches the whole document.
    """

    id: str
    zh: str = ""
    zh_variants: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    en_variants: tuple[str, ...] = ()
    category: str = ""
    since: int | None = None
    source: str = ""
    exclude: tuple[str, ...] = ()
    note: str = ""
    valid_from: int | None = None
    valid_until: int | None = None
    require: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    window: int | None = None

    @property
    def has_context(self) -> bool:
        """True when the entry carries context rules (period or neighbours)."""
        return bool(
            self.valid_from is not None
            or self.valid_until is not None
            or self.require
            or self.forbid
        )

    def valid_in(self, year: int | None) -> bool:
        """Is a document of this year inside the entry's period (True when unknown)?"""
        if year is None:
            return True
        lo = self.valid_from if self.valid_from is not None else -10_000
        hi = self.valid_until if self.valid_until is not None else 10_000
        return lo <= year <= hi

    @property
    def label_zh(self) -> str:
        """The Chinese label (the canonical form)."""
        return self.zh

    @property
    def label_en(self) -> str:
        """The English label (first official translation, else first variant)."""
        return (self.en or self.en_variants or ("",))[0]

    @property
    def forms(self) -> tuple[str, ...]:
        """Every form of the entry, Chinese first, without duplicates."""
        seq = (self.zh, *self.zh_variants, *self.en, *self.en_variants)
        return tuple(dict.fromkeys(f for f in seq if f))

    def as_dict(self) -> dict[str, Any]:
        """Plain dict with lists (for writing files)."""
        return {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in fields(self)
        }


FIELDS = tuple(f.name for f in fields(Entry))


def _as_list(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    if isinstance(value, str):
        parts = value.split(CSV_SEP) if CSV_SEP in value else [value]
        return tuple(p.strip() for p in parts if p.strip())
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        out = []
        for v in value:
            if not isinstance(v, str):
                raise InputError(f"{where}: field {name!r} must list strings, got {v!r}")
            if v.strip():
                out.append(v.strip())
        return tuple(out)
    raise InputError(f"{where}: field {name!r} must be a string or a list of strings")


def _missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and pd.isna(value))


def _as_year(value: Any, where: str, name: str = "since") -> int | None:
    if _missing(value):
        return None
    try:
        year = int(str(value).strip().split("-")[0])
    except ValueError:
        raise ArgumentError(f"{where}: field {name!r} must be a year, got {value!r}") from None
    if not 1000 <= year <= 2200:
        raise ArgumentError(f"{where}: field {name!r} = {year} is not a plausible year")
    return year


def _as_window(value: Any, where: str) -> int | None:
    if _missing(value):
        return None
    try:
        width = int(str(value).strip())
    except ValueError:
        raise ArgumentError(
            f"{where}: field 'window' must be a number of characters, got {value!r}"
        ) from None
    if width < 1:
        raise ArgumentError(f"{where}: field 'window' must be at least 1, got {width}")
    return width


def parse_entry(raw: Mapping[str, Any], where: str) -> Entry:
    if not isinstance(raw, Mapping):
        raise InputError(f"{where}: an entry must be a table/mapping, got {type(raw).__name__}")
    unknown = set(raw) - set(FIELDS)
    if unknown:
        raise ArgumentError(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {list(FIELDS)}")
    ident = raw.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise ArgumentError(f"{where}: every entry needs a non-empty string 'id'")
    where = f"{where} (id {ident!r})"
    values: dict[str, Any] = {"id": ident.strip()}
    for name in _STR_FIELDS:
        v = raw.get(name, "")
        if v is None or (isinstance(v, float) and pd.isna(v)):
            v = ""
        if not isinstance(v, str):
            raise InputError(f"{where}: field {name!r} must be a string, got {v!r}")
        values[name] = v.strip()
    for name in LIST_FIELDS:
        values[name] = _as_list(raw.get(name), where, name)
    for name in _YEAR_FIELDS:
        values[name] = _as_year(raw.get(name), where, name)
    values["window"] = _as_window(raw.get("window"), where)
    entry = Entry(**values)
    if not entry.forms:
        raise ArgumentError(f"{where}: the entry has no form (give 'zh' and/or 'en')")
    lo, hi = entry.valid_from, entry.valid_until
    if lo is not None and hi is not None and lo > hi:
        raise ArgumentError(f"{where}: valid_from {lo} is after valid_until {hi}")
    if entry.window is not None and not (entry.require or entry.forbid):
        raise ArgumentError(f"{where}: 'window' needs 'require' or 'forbid' strings")
    return entry


def read_file(path: Path) -> dict[str, Any] | pd.DataFrame:
    """Parse a ``.toml``, ``.yaml``/``.yml`` (to a dict) or ``.csv`` (to a DataFrame) file."""
    if not path.is_file():
        raise FileMissingError(f"lexicon file {path} not found")
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".yaml", ".yml", ".csv"):
        raise ArgumentError(f"lexicon file {path}: use .toml, .yaml/.yml or .csv")
    import yaml

    try:
        if suffix == ".toml":
            with open(path, "rb") as fh:
                return tomllib.load(fh)
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (tomllib.TOMLDecodeError, yaml.YAMLError, pd.errors.ParserError) as err:
        raise ArgumentError(f"lexicon file {path} cannot be parsed: {err}") from err
    except UnicodeDecodeError as err:
        raise ArgumentError(f"lexicon file {path} is not UTF-8: {err}") from err
    if not isinstance(data, dict):
        raise ArgumentError(f"lexicon file {path}: expected a mapping at the top level")
    return data


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def file_text(
    path: Path, meta: Mapping[str, Any], records: list[dict[str, Any]], frame: pd.DataFrame
) -> str:
    """The text of a lexicon file in the format named by ``path``'s suffix."""
    suffix = path.suffix.lower()
    if suffix == ".toml":
        lines = ["[lexicon]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in meta.items() if not isinstance(v, Mapping)]
        for r in records:
            lines += ["", "[[entry]]"] + [f"{k} = {_toml_value(v)}" for k, v in r.items()]
        return "\n".join(lines) + "\n"
    if suffix in (".yaml", ".yml"):
        import yaml

        body = {"lexicon": dict(meta), "entry": records}
        return yaml.safe_dump(body, allow_unicode=True, sort_keys=False)
    if suffix == ".csv":
        buf = io.StringIO()
        frame.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL)
        return buf.getvalue()
    raise ArgumentError(f"cannot write lexicon to {path}: use .toml, .yaml/.yml or .csv")
