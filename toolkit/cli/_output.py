"""Writing result tables: rich tables on a terminal, CSV/TSV/JSON for pipes, files by extension."""

from __future__ import annotations

import math
import sys
from enum import Enum
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit._files import atomic_path, atomic_write
from toolkit.errors import ArgumentError, FileMissingError

__all__ = [
    "Format",
    "FILE_FORMATS",
    "FORMULA_START",
    "emit",
    "neutralise_formulas",
    "render_table",
    "to_text",
    "write_file",
    "note",
]

#: A text cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: ``--out`` file extensions and their writers.
FILE_FORMATS = (".csv", ".tsv", ".json", ".parquet", ".xlsx")


class Format(str, Enum):
    """Values of ``--format``."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def note(message: str) -> None:
    """A one-line message for the user on stderr (never mixed into the data on stdout)."""
    print(message, file=sys.stderr, flush=True)


def _cell(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float | np.floating):
        v = float(value)
        if math.isnan(v):
            return ""
        if v == 0 or 1e-4 <= abs(v) < 1e9:
            return f"{v:.4f}".rstrip("0").rstrip(".") if not v.is_integer() else f"{v:.1f}"
        return f"{v:.3e}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat()
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(map(str, value))
    return str(value)


def render_table(
    df: pd.DataFrame, *, title: str | None = None, vertical: bool = False, file=None
) -> None:
    """Print ``df`` as an aligned rich table (numbers right-aligned, markup never interpreted).

    ``vertical=True`` shows a single record as ``field | value`` rows.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = file or sys.stdout
    tty = hasattr(out, "isatty") and out.isatty()
    console = Console(file=out, width=None if tty else 100_000, soft_wrap=False)
    if vertical and len(df) == 1:
        df = pd.DataFrame({"field": df.columns.astype(str), "value": df.iloc[0].tolist()})
        df["value"] = df["value"].map(_cell)
    table = Table(box=box.MINIMAL, title=title, title_justify="left", show_edge=False)
    for col in df.columns:
        numeric = pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col])
        table.add_column(Text(str(col)), justify="right" if numeric else "left", overflow="fold")
    for row in df.itertuples(index=False, name=None):
        table.add_row(*(Text(_cell(v)) for v in row))
    console.print(table)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Flatten list-like cells so CSV/TSV/Excel get one value per cell."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda v: isinstance(v, list | tuple)).any():
            out[col] = out[col].map(_cell)
    return out


def to_text(df: pd.DataFrame, fmt: Format) -> str:
    """``df`` as CSV, TSV or JSON (records, ISO dates, UTF-8) text."""
    if fmt is Format.json:
        return df.to_json(orient="records", date_format="iso", force_ascii=False, indent=2) + "\n"
    sep = "\t" if fmt is Format.tsv else ","
    return _plain(df).to_csv(index=False, sep=sep, lineterminator="\n")


def neutralise_formulas(df: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Prefix text cells that a spreadsheet would run as a formula with ``'``; count them.

    Only text cells change (numbers, dates and booleans are left alone): a cell starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, which
    spreadsheets show as text (the OWASP advice against CSV injection).

    Examples
    --------
    >>> out, n = neutralise_formulas(pd.DataFrame({"left": ["=HYPERLINK(1)", "ok"], "n": [-1, 2]}))
    >>> out["left"].tolist(), out["n"].tolist(), n
    (["'=HYPERLINK(1)", 'ok'], [-1, 2], 1)
    """
    out = df.copy()
    total = 0
    for col in out.columns:
        values = out[col]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        risky = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
        n = int(risky.sum())
        if n:
            out[col] = values.astype(object).where(~risky, "'" + values.astype(str))
            total += n
    return out, total


def _write_xlsx(df: pd.DataFrame, path: Path) -> None:
    """Excel file in which every text cell is stored as text: nothing is ever a formula."""
    flat = _plain(df)
    for col in flat.columns:
        if isinstance(flat[col].dtype, pd.DatetimeTZDtype):
            flat[col] = flat[col].dt.tz_localize(None)
    with atomic_path(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        flat.to_excel(writer, index=False)
        for sheet in writer.sheets.values():
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # openpyxl takes a leading "=" for a formula
                        cell.data_type = "s"


def write_file(df: pd.DataFrame, path: Path, fallback: Format | None = None) -> Path:
    """Write ``df`` to ``path`` in the format its extension names, atomically.

    ``.csv``, ``.tsv``, ``.json``, ``.parquet`` or ``.xlsx``; any other extension uses
    ``fallback`` (the ``--format`` given) or is an error. The file is written beside the target
    and moved into place (:func:`toolkit._files.atomic_path`), so an interrupted run never
    leaves a truncated file. Spreadsheet files never hold formulas: ``.xlsx`` cells are stored
    as text, and ``.csv``/``.tsv`` text cells starting with ``=``, ``+``, ``-``, ``@``, tab or
    CR get a leading ``'`` (:func:`neutralise_formulas`; a note says how many).
    """
    suffix = path.suffix.lower()
    if suffix not in FILE_FORMATS and fallback not in (Format.csv, Format.tsv, Format.json):
        raise ArgumentError(
            f"cannot tell the format of {path} from its extension; use one of "
            f"{', '.join(FILE_FORMATS)} (or pass --format csv|tsv|json)"
        )
    if not path.parent.exists():
        raise FileMissingError(f"folder {path.parent} does not exist (for --out {path})")
    fmt = Format(suffix[1:]) if suffix in (".csv", ".tsv", ".json") else fallback
    if suffix in (".parquet", ".xlsx"):
        fmt = None
    if fmt in (Format.csv, Format.tsv):
        df, n = neutralise_formulas(df)
        if n:
            note(
                f"{n:,} cell(s) starting with =, +, -, @, tab or CR were prefixed with ' so that "
                "spreadsheets show them as text (use .json or .parquet for the exact values)"
            )
    if fmt is not None:
        atomic_write(path, to_text(df, fmt))
    elif suffix == ".parquet":
        with atomic_path(path) as tmp:
            df.to_parquet(tmp, index=False)
    else:
        _write_xlsx(df, path)
    return path


def emit(
    df: pd.DataFrame,
    *,
    fmt: Format | None = None,
    out: Path | None = None,
    title: str | None = None,
    vertical: bool = False,
) -> None:
    """Send a result table where the user asked.

    ``--out FILE`` writes the file (format from the extension) and says so on stderr; then
    stdout only gets the table if ``--format`` was given too. Without ``--out``: ``--format``
    decides, else a rich table on a terminal and CSV otherwise.
    """
    if out is not None:
        write_file(df, out, fmt)
        note(f"wrote {len(df):,} rows to {out}")
        if fmt is None:
            return
    if fmt is None:
        fmt = Format.table if sys.stdout.isatty() else Format.csv
    if fmt is Format.table:
        render_table(df, title=title, vertical=vertical)
    else:
        sys.stdout.write(to_text(df, fmt))
        sys.stdout.flush()
