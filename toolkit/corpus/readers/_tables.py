"""Table files: ``.jsonl``/``.ndjson``, ``.json``, ``.csv``, ``.tsv`` and ``.parquet``.

Values are kept as written: CSV and TSV cells stay strings (``007``, ``NA``, ``None`` are
text), JSON values keep their JSON type. One bad row (invalid JSON, not an object, a ragged or
unterminated CSV row, no text, a refused date) is reported with its line number and the other
rows load.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from toolkit.corpus.dates import parse_dates
from toolkit.corpus.readers._report import Item, LoadReport

__all__ = ["TABLE_SUFFIXES", "Fields", "read_table"]

TABLE_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet"}
_TEXT_FIELDS = ("text", "content", "body")
_ROLES = ("text", "title", "doc_id", "date", "year")


@dataclass(frozen=True)
class Fields:
    """Which source fields hold the text, title, id, date and year (``None``: by name)."""

    text: str | None = None
    title: str | None = None
    doc_id: str | None = None
    date: str | None = None
    year: str | None = None
    date_format: str | None = None
    records: str | None = None  # JSON: dotted path to the list of records


Row = tuple[int | None, str, Any]  # (line, where, value)


def _jsonl_rows(item: Item, text: str, report: LoadReport) -> list[Row]:
    rows: list[Row] = []
    # only "\n" ends a JSON line: U+2028/U+2029/NEL inside strings are valid JSON
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append((n, f"{item.name}:{n}", json.loads(line)))
        except json.JSONDecodeError as e:
            report.add(item.name, "invalid JSON", str(e), line=n)
    return rows


def _json_rows(item: Item, text: str, fields: Fields, report: LoadReport) -> list[Row] | None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        report.add(item.name, "invalid JSON", str(e))
        return None
    where = "the top level"
    if fields.records:
        for key in fields.records.split("."):
            if not isinstance(data, dict) or key not in data:
                report.add(item.name, "missing field", f"records={fields.records!r}: no {key!r}")
                return None
            data = data[key]
        where = f"records={fields.records!r}"
    elif isinstance(data, dict):
        if not any(k in data for k in ((fields.text,) if fields.text else _TEXT_FIELDS)):
            lists = [k for k, v in data.items() if isinstance(v, list)]
            if len(lists) != 1:
                report.add(
                    item.name,
                    "unrecognised JSON layout",
                    "expected an array of objects, an object with a text field, or an object "
                    f"with one list of records (pass records=...); keys: {list(data)[:10]}",
                )
                return None
            where, data = f"key {lists[0]!r}", data[lists[0]]
        else:
            data = [data]
    if not isinstance(data, list):
        report.add(item.name, "unrecognised JSON layout", f"{where} is not a list of records")
        return None
    return [(None, f"{item.name}[{i}]", v) for i, v in enumerate(data)]


def _unquote_tsv(cell: str) -> str:
    """A TSV cell is kept as written, except one wrapped in quotes with every inner quote
    doubled (as pandas and spreadsheets write them), which is unwrapped."""
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        inner = cell[1:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return cell


def _csv_rows(item: Item, text: str, tsv: bool, report: LoadReport) -> list[Row] | None:
    lines = text.split("\n")
    header: list[str] | None = None
    rows: list[Row] = []
    start = 0  # index into lines where the current reader begins
    while start < len(lines):
        chunk = io.StringIO("\n".join(lines[start:]))
        if tsv:
            reader = csv.reader(chunk, delimiter="\t", quoting=csv.QUOTE_NONE)
        else:
            reader = csv.reader(chunk, strict=True)
        while True:
            first = start + reader.line_num + 1  # 1-based line where the next record starts
            try:
                cells = next(reader)
            except StopIteration:
                start = len(lines)
                break
            except csv.Error as e:
                report.add(item.name, "malformed row", str(e), line=first)
                start = first  # go on after the line where the bad record started
                break
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if tsv:
                cells = [_unquote_tsv(c) for c in cells]
            if header is None:
                header = _unique(cells)
                continue
            if len(cells) != len(header):
                report.add(
                    item.name,
                    "ragged row",
                    f"{len(cells)} fields where the header has {len(header)}",
                    line=first,
                )
                continue
            rows.append((first, f"{item.name}:{first}", dict(zip(header, cells, strict=True))))
    if header is None:
        report.add(item.name, "empty", "the table has no header row")
        return None
    return rows


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        new, k = name, 1
        while new in out:
            new, k = f"{name}.{k}", k + 1
        out.append(new)
    return out


def _parquet_rows(item: Item, data: bytes, report: LoadReport) -> list[Row] | None:
    try:
        df = pd.read_parquet(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - pyarrow raises many types for damaged files
        report.add(item.name, "unreadable table", str(e).splitlines()[0] if str(e) else "")
        return None
    return [(None, f"{item.name}[{i}]", r) for i, r in enumerate(df.to_dict("records"))]


def table_rows(
    item: Item, data: bytes, decode, fields: Fields, report: LoadReport
) -> tuple[list[Row] | None, dict]:
    """Rows of a table file as ``(line, where, value)`` and the decoding facts."""
    if item.suffix == ".parquet":
        return _parquet_rows(item, data, report), {}
    got = decode(data)
    facts = {"encoding": got.encoding, "encoding_confidence": got.confidence}
    if item.suffix in (".jsonl", ".ndjson"):
        return _jsonl_rows(item, got.text, report), facts
    if item.suffix == ".json":
        return _json_rows(item, got.text, fields, report), facts
    return _csv_rows(item, got.text, item.suffix == ".tsv", report), facts


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


class _Unmapped(Exception):
    """A field of the mapping is not in the table: the whole file is reported once."""


def rows_to_records(item: Item, rows: list[Row], fields: Fields, report: LoadReport) -> list[dict]:
    """Map fields to roles, check texts and dates; report every row that cannot load."""
    good: list[tuple[int | None, str, dict]] = []
    for line, where, value in rows:
        if not isinstance(value, dict):
            kind = type(value).__name__
            report.add(where if line is None else item.name, "not an object", kind, line=line)
            continue
        good.append((line, where, value))
    columns: list[str] = []
    for _, _, v in good:
        columns += [k for k in v if k not in columns]
    text_field = fields.text or next((f for f in _TEXT_FIELDS if f in columns), None)
    problem = None
    if text_field is None or text_field not in columns:
        problem = f"no text field {fields.text or _TEXT_FIELDS} among {columns[:20]}"
    for role in ("title", "doc_id", "date", "year"):
        col = getattr(fields, role)
        if problem is None and col and col not in columns:
            problem = f"{role} field {col!r} not among {columns[:20]}"
    if good and problem:
        raise _Unmapped(problem)
    date_col = fields.date or ("date" if "date" in columns else None)
    year_col = fields.year or ("year" if "year" in columns and date_col != "year" else None)
    dates = parse_dates(
        [v.get(date_col) for _, _, v in good] if date_col else [None] * len(good),
        field=date_col or "date",
        format=fields.date_format,
    )
    years = parse_dates(
        [v.get(year_col) for _, _, v in good] if year_col else [None] * len(good),
        field=year_col or "year",
    )
    id_col = fields.doc_id or ("doc_id" if "doc_id" in columns else None)
    title_col = fields.title or ("title" if "title" in columns else None)
    used = {text_field, date_col, year_col, id_col, title_col} - {None}
    records = []
    for i, (line, where, value) in enumerate(good):
        at = where if line is None else item.name
        text = value.get(text_field)
        if not isinstance(text, str) or not text.strip():
            why = "no text" if _missing(text) or isinstance(text, str) else type(text).__name__
            report.add(at, "empty", f"field {text_field!r}: {why}", line=line)
            continue
        problem = dates[2].get(i) or years[2].get(i)
        date, year = dates[0].iloc[i], dates[1].iloc[i]
        given_year = years[1].iloc[i]
        if problem is None and not pd.isna(given_year):
            if not pd.isna(year) and int(year) != int(given_year):
                problem = f"date {value.get(date_col)!r} and year {value.get(year_col)!r} disagree"
            year = given_year
        if problem:
            report.add(at, "bad date", problem, line=line)
            continue
        doc_id = value.get(id_col) if id_col else None
        title = value.get(title_col) if title_col else ""
        record = {k: v for k, v in value.items() if k not in used}
        record.update(
            doc_id=f"{item.doc_id}-{line or i + 1}" if _missing(doc_id) else str(doc_id),
            text=text,
            title="" if _missing(title) else str(title),
            date=date,
            year=year,
        )
        records.append(record)
    return records


def read_table(item: Item, data: bytes, decode, fields: Fields, report: LoadReport) -> tuple:
    """``(records, units, facts)`` of one table file: its units are its rows (the ones that
    parsed plus the ones reported while parsing), or the file itself when it is unreadable
    or lacks a field of the mapping (reported once, beside rows already reported)."""
    before = len(report.rows)
    rows, facts = table_rows(item, data, decode, fields, report)
    parse_reported = len(report.rows) - before
    facts["format"] = item.suffix.lstrip(".")
    if rows is None:
        return [], parse_reported, facts
    if not rows and not parse_reported:
        report.add(item.name, "empty", "the table has no rows")
        return [], 1, facts
    try:
        return rows_to_records(item, rows, fields, report), len(rows) + parse_reported, facts
    except _Unmapped as e:
        report.add(item.name, "missing field", str(e))
        not_objects = len(report.rows) - before - parse_reported - 1
        return [], 1 + parse_reported + not_objects, facts
