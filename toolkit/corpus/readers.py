"""Read corpora from files: dated-news ``.txt``, plain ``.txt``, ``.jsonl``, ``.csv``/``.tsv``,
``.parquet``, and folders of any of these.

No file is dropped silently: anything that cannot be loaded (empty, binary, undecodable,
malformed header, bad JSON line, missing text) is listed in ``corpus.load_report`` and a warning is
issued; ``strict=True`` raises :class:`LoadError` naming the file instead.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from toolkit.corpus.dates import coerce_dates
from toolkit.corpus.encoding import DecodeError, decode_bytes
from toolkit.corpus.model import Corpus
from toolkit.errors import ArgumentError, FileMissingError, LoadError
from toolkit.text.normalize import NormalizeSettings

__all__ = ["read_corpus", "read_text_file", "LoadError", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".tsv", ".parquet"}
_HEADER = re.compile(r"^\s*date\b[ \t]*(?P<date>\S*)[ \t]*(?P<title>.*)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})-(?P<d>\d{2}))?(?=$|[-_ .])")
_TEXT_FIELDS = ("text", "content", "body")


class _Report:
    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.rows: list[dict[str, str]] = []

    def add(self, path: Path | str, reason: str, detail: str) -> None:
        if self.strict:
            raise LoadError(f"{path}: {reason}: {detail}")
        self.rows.append({"path": str(path), "reason": reason, "detail": detail})

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["path", "reason", "detail"])


def _date_from_name(stem: str) -> tuple[pd.Timestamp | None, int | None]:
    m = _NAME_DATE.match(stem)
    if not m:
        return None, None
    year = int(m["y"])
    if m["m"]:
        try:
            return pd.Timestamp(year=year, month=int(m["m"]), day=int(m["d"])), year
        except ValueError:
            return None, year
    return None, year


def read_text_file(path: Path, doc_id: str) -> dict:
    """Read one ``.txt`` file into a document record (dated-news header or plain text).

    Raises :class:`DecodeError` for binary/undecodable bytes and ``ValueError`` for an empty
    file or a malformed ``date`` header.
    """
    text, encoding = decode_bytes(path.read_bytes())
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise ArgumentError("empty: the file has no text")
    first, _, rest = text.lstrip().partition("\n")
    record = {"doc_id": doc_id, "encoding": encoding, "source": str(path)}
    header = _HEADER.match(first)
    if header:
        raw_date = header["date"]
        try:
            if not _ISO_DATE.fullmatch(raw_date):
                raise ValueError
            date = pd.Timestamp(raw_date)
        except ValueError:
            raise ArgumentError(
                f"malformed header: {first.strip()[:80]!r} (expected ' date YYYY-MM-DD Title')"
            ) from None
        if not rest.strip():
            raise ArgumentError("empty: the header has no text after it")
        record.update(
            text=rest, date=date, year=date.year, title=header["title"].strip(), format="dated-news"
        )
        return record
    date, year = _date_from_name(path.stem)
    record.update(text=text, date=date, year=year, title="", format="text")
    return record


def _read_table(path: Path, fields: dict[str, str | None], report: _Report) -> pd.DataFrame | None:
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            rows = []
            text, _ = decode_bytes(path.read_bytes())
            for n, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    report.add(f"{path}:{n}", "invalid JSON", str(e))
            df = pd.DataFrame(rows)
        elif suffix == ".parquet":
            df = pd.read_parquet(path)
        else:
            text, _ = decode_bytes(path.read_bytes())
            from io import StringIO

            df = pd.read_csv(StringIO(text), sep="\t" if suffix == ".tsv" else ",")
    except DecodeError as e:
        report.add(path, e.reason, e.detail)
        return None
    except (ValueError, OSError) as e:
        report.add(path, "unreadable table", str(e).splitlines()[0] if str(e) else type(e).__name__)
        return None
    if df.empty:
        report.add(path, "empty", "the table has no rows")
        return None
    text_field = fields.get("text") or next((f for f in _TEXT_FIELDS if f in df.columns), None)
    if text_field is None or text_field not in df.columns:
        report.add(
            path,
            "missing field",
            f"no text field {fields.get('text') or _TEXT_FIELDS} among {list(df.columns)}",
        )
        return None
    for role in ("date", "title", "doc_id"):
        col = fields.get(role)
        if col and col not in df.columns:
            report.add(path, "missing field", f"{role} field {col!r} not among {list(df.columns)}")
            return None
    ok = df[text_field].map(lambda v: isinstance(v, str) and bool(v.strip()))
    for i in df.index[~ok]:
        report.add(f"{path}:{i + 1}", "empty", f"row {i + 1} has no text in field {text_field!r}")
    df = df[ok].reset_index(drop=True)
    date_field = fields.get("date") or next((c for c in ("date", "year") if c in df.columns), None)
    when = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    year = pd.Series(pd.NA, index=df.index, dtype="Int64")
    if date_field:
        good = pd.Series(True, index=df.index)
        for i, value in df[date_field].items():
            try:
                d, y = coerce_dates(pd.Series([value]), field=date_field)
            except ValueError as e:
                report.add(f"{path}:{i + 1}", "bad date", str(e))
                good[i] = False
                continue
            when[i], year[i] = d.iloc[0], y.iloc[0]
        df, when, year = df[good], when[good], year[good]
    id_col = fields.get("doc_id") or ("doc_id" if "doc_id" in df.columns else None)
    title_col = fields.get("title") or ("title" if "title" in df.columns else None)
    used = {"date", "year", "doc_id", "title", date_field, id_col, title_col} - {None, text_field}
    out = df.drop(columns=[c for c in used if c in df.columns])
    out = out.rename(columns={text_field: "text"})
    out["date"], out["year"] = when, year
    out["doc_id"] = df[id_col].astype(str) if id_col else [f"{path.stem}-{i + 1}" for i in df.index]
    if title_col:
        out["title"] = df[title_col].astype("string").fillna("")
    out["source"] = str(path)
    out["format"] = suffix.lstrip(".")
    return out


def _files(root: Path, glob: str) -> list[Path]:
    files = [p for p in root.glob(glob) if p.is_file()]
    return sorted(
        p for p in files if not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def read_corpus(
    path: str | Path | Sequence[str | Path],
    *,
    glob: str = "**/*",
    text: str | None = None,
    date: str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    language: str = "auto",
    normalize: bool | NormalizeSettings = True,
    strict: bool = False,
    name: str | None = None,
) -> Corpus:
    """Read a file or a folder (recursively) into a :class:`Corpus`.

    ``.txt`` files in the dated-news format (first line `` date YYYY-MM-DD Title``) get their date
    and title from the header; other ``.txt`` files get ``doc_id`` from the file name and a date
    parsed from names like ``1790-Washington-1`` or ``2023-06-14-report``. Tables (``.jsonl``,
    ``.csv``, ``.tsv``, ``.parquet``) use the field mapping ``text``/``date``/``title``/``doc_id``.
    Every other file in a folder is tried as text.

    Parameters
    ----------
    path : str, Path or list of them
        A file, a folder, or several.
    glob : str
        Pattern for files inside folders (default: every non-hidden file, recursively).
    text, date, title, doc_id : str, optional
        Field names in table files (text defaults to ``text``, ``content`` or ``body``).
    language : {"auto", "en", "zh"}
        Language per document (auto-detected by default).
    normalize : bool or NormalizeSettings
        Text normalisation (original kept in ``docs["original"]``).
    strict : bool
        Raise :class:`LoadError` on the first file that cannot be loaded.
    name : str, optional
        Corpus name for provenance (default: the folder or file name).

    Returns
    -------
    Corpus
        With ``load_report`` listing every file (or row) not loaded, and ``encoding``, ``source``
        and ``format`` columns per document.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text(" date 2023-06-14 Study session\\n\\nBody text.")
    >>> c = read_corpus(d)
    >>> c.docs[["doc_id", "title", "year"]].values.tolist()
    [['a', 'Study session', 2023]]
    """
    paths = [Path(p) for p in ([path] if isinstance(path, (str, Path)) else path)]
    report = _Report(strict)
    fields = {"text": text, "date": date, "title": title, "doc_id": doc_id}
    records, tables = [], []
    for root in paths:
        if not root.exists():
            raise FileMissingError(f"no such file or folder: {root}")
        files = _files(root, glob) if root.is_dir() else [root]
        base = root if root.is_dir() else root.parent
        for f in files:
            if f.suffix.lower() in TABLE_SUFFIXES:
                t = _read_table(f, fields, report)
                if t is not None:
                    tables.append(t)
                continue
            rel = f.relative_to(base).with_suffix("").as_posix()
            try:
                records.append(read_text_file(f, rel))
            except DecodeError as e:
                report.add(f, e.reason, e.detail)
            except ValueError as e:
                reason, _, detail = str(e).partition(": ")
                report.add(f, reason, detail)
            except OSError as e:
                report.add(f, "unreadable", str(e))
    frames = ([pd.DataFrame(records)] if records else []) + tables
    if not frames:
        raise LoadError(
            f"nothing could be loaded from {', '.join(map(str, paths))}; "
            f"report: {report.frame().to_dict('records')}"
        )
    df = pd.concat(frames, ignore_index=True, sort=False)
    dup = df["doc_id"].duplicated(keep=False)
    if dup.any():
        df.loc[dup, "doc_id"] = (
            df.loc[dup, "doc_id"] + "#" + df[dup].groupby("doc_id").cumcount().add(1).astype(str)
        )
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    df["year"] = df["year"].astype("Int64")
    meta = [c for c in df.columns if c not in ("doc_id", "text", "title")]
    corpus = Corpus.from_dataframe(
        df,
        text="text",
        doc_id="doc_id",
        title="title" if "title" in df else None,
        language=language,
        metadata=meta,
        normalize_text=normalize,
        name=name or paths[0].name,
    )
    corpus.load_report = report.frame()
    if len(corpus.load_report):
        warnings.warn(
            f"{len(corpus.load_report)} file(s)/row(s) not loaded from {paths[0]}; "
            "see corpus.load_report",
            stacklevel=2,
        )
    corpus.info = {"reader": "read_corpus", "paths": [str(p) for p in paths], "glob": glob}
    return corpus
