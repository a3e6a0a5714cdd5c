"""Dates and years of documents: one parser for every reader, card and DataFrame."""

from __future__ import annotations

import pandas as pd

from toolkit.errors import ArgumentError

__all__ = ["coerce_dates"]


def coerce_dates(values: pd.Series, field: str = "date") -> tuple[pd.Series, pd.Series]:
    """Turn a column of dates, years or date strings into ``(date, year)``.

    Bare years (``1954``, ``"1954"``) give a year and a missing date (NaT): nothing is invented.
    Unparseable values raise ``ValueError`` naming the field and the first bad value.

    Examples
    --------
    >>> d, y = coerce_dates(pd.Series(["2023-06-14", "1954", None]))
    >>> d.dt.strftime("%Y-%m-%d").tolist(), y.tolist()
    (['2023-06-14', nan, nan], [2023, 1954, <NA>])
    """
    s = pd.Series(values).reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(s):
        date = pd.to_datetime(s).astype("datetime64[ns]")
        return date, date.dt.year.astype("Int64")
    text = s.astype("string").str.strip()
    missing = s.isna() | text.isin(["", "nan", "None", "NaT", "null"])
    is_year = text.str.fullmatch(r"-?\d{1,4}(\.0)?").fillna(False) & ~missing
    date = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    year = pd.Series(pd.NA, index=s.index, dtype="Int64")
    year[is_year] = text[is_year].str.replace(".0", "", regex=False).astype(int)
    rest = ~missing & ~is_year
    if rest.any():
        parsed = pd.to_datetime(text[rest], errors="coerce", format="mixed")
        bad = parsed.isna()
        if bad.any():
            first = s[rest][bad].iloc[0]
            raise ArgumentError(f"field {field!r}: cannot parse {first!r} as a date or year")
        date[rest] = parsed.astype("datetime64[ns]")
        year[rest] = parsed.dt.year.astype("Int64")
    return date, year
