"""Dates and years of documents: one parser for every reader, card and DataFrame.

Only values that say unambiguously which day (or year) they mean are accepted: a four-digit
year (``1954``), ISO dates and date-times (``2023-06-14``, ``2023/6/14``, ``20230614``,
``2023-06-14T09:00+08:00`` — the wall-clock date is kept, the time zone dropped), Chinese
dates (``2024年3月5日``, ``2024年``) and dates with a month name (``March 5, 2024``,
``5 Mar 2024``). Two-digit years, day/month orders (``21-1-1``, ``03/05/2024``) and short
numbers (``"12"``) are refused with a message instead of being guessed; pass ``format=``
(a :func:`datetime.strptime` format) to read another layout. ``YYYY-MM`` gives the year only:
no day is invented.
"""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

from toolkit.errors import ArgumentError

__all__ = ["MISSING_DATES", "coerce_dates", "parse_dates"]

#: Strings that mean "no date" in a date or year column.
MISSING_DATES = frozenset({"", "nan", "NaN", "None", "none", "NaT", "null", "NULL", "NA", "N/A"})
_YEAR = re.compile(r"(?:1\d|20|21)\d\d(?:\.0)?")
_YEAR_MONTH = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})")
_ISO = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?"
)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_CHINESE = re.compile(r"(?P<y>\d{4})年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?)?")
_MONTH_NAME = re.compile(
    r"(?i)(?=.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b)(?=.*\b\d{4}\b)"
    r"[a-z0-9 ,.]+"
)
_HINT = "write YYYY-MM-DD or a four-digit year, or pass date_format="


def _one(value: object, fmt: str | None) -> tuple[pd.Timestamp | None, int | None]:
    """(date, year) of one value; raises ArgumentError with the reason."""
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)):
        ts = pd.Timestamp(value)
        ts = ts.tz_localize(None) if ts.tzinfo is not None else ts
        return ts.normalize() if ts == ts.normalize() else ts, ts.year
    if isinstance(value, (bool, np.bool_)):
        raise ArgumentError(f"cannot use {value!r} as a date or year")
    if isinstance(value, (int, np.integer, float, np.floating)):
        if float(value).is_integer() and 1000 <= float(value) <= 2199:
            return None, int(value)
        raise ArgumentError(f"{value!r} is not a four-digit year; {_HINT}")
    text = " ".join(str(value).split())
    if fmt is not None:
        try:
            ts = pd.Timestamp(_dt.datetime.strptime(text, fmt))
        except ValueError:
            raise ArgumentError(f"{text!r} does not match date_format={fmt!r}") from None
        return ts, ts.year
    if _YEAR.fullmatch(text):
        return None, int(float(text))
    if text.isdigit() and len(text) != 8:
        raise ArgumentError(f"{text!r} is not a four-digit year; {_HINT}")
    m = _ISO.fullmatch(text) or _COMPACT.fullmatch(text) or _CHINESE.fullmatch(text)
    if m:
        if m.groupdict().get("m") is None:
            return None, int(m["y"])
        if m.groupdict().get("d") is None:
            return None, int(m["y"])
        try:
            ts = pd.Timestamp(text) if "T" in text or ":" in text else None
        except ValueError:
            ts = None
        try:
            day = pd.Timestamp(year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))
        except ValueError:
            raise ArgumentError(f"{text!r} is not a real date") from None
        if ts is not None:
            ts = ts.tz_localize(None) if ts.tzinfo is not None else ts
            return ts, ts.year
        return day, day.year
    if _YEAR_MONTH.fullmatch(text):
        return None, int(text[:4])
    if _MONTH_NAME.fullmatch(text):
        try:
            ts = pd.Timestamp(text)
        except ValueError:
            raise ArgumentError(f"cannot read {text!r} as a date; {_HINT}") from None
        return ts, ts.year
    raise ArgumentError(f"ambiguous or unknown date {text!r}; {_HINT}")


def parse_dates(
    values: pd.Series | list, *, field: str = "date", format: str | None = None
) -> tuple[pd.Series, pd.Series, dict[int, str]]:
    """Turn a column of dates, years or date strings into ``(date, year, problems)``.

    ``problems`` maps the (0-based) position of each refused value to a one-line reason; its
    date and year are missing. Bare years give a year and no date (NaT): nothing is invented.

    Examples
    --------
    >>> d, y, bad = parse_dates(["2023-06-14", "1954", None, "21-1-1", "12"])
    >>> d.dt.strftime("%Y-%m-%d").tolist(), y.tolist()
    (['2023-06-14', nan, nan, nan, nan], [2023, 1954, <NA>, <NA>, <NA>])
    >>> bad[3]
    "field 'date': ambiguous or unknown date '21-1-1'; write YYYY-MM-DD or a four-digit year, or pass date_format="
    """
    s = pd.Series(values).reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(s):
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            s = s.dt.tz_localize(None)
        date = s.astype("datetime64[ns]")
        return date, date.dt.year.astype("Int64"), {}
    dates: list = [pd.NaT] * len(s)
    years: list = [pd.NA] * len(s)
    problems: dict[int, str] = {}
    cache: dict[object, tuple] = {}
    for i, v in enumerate(s.tolist()):
        if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            continue
        if isinstance(v, str) and v.strip() in MISSING_DATES:
            continue
        key = (type(v), v) if isinstance(v, (str, int, float)) else None
        try:
            got = cache[key] if key in cache else _one(v, format)
        except ArgumentError as e:
            problems[i] = f"field {field!r}: {e}"
            continue
        if key is not None:
            cache[key] = got
        if got[0] is not None:
            dates[i] = got[0]
        years[i] = got[1]
    date = pd.Series(pd.to_datetime(pd.Series(dates, dtype=object)), dtype="datetime64[ns]")
    return date, pd.Series(years, dtype="Int64"), problems


def coerce_dates(
    values: pd.Series, field: str = "date", *, format: str | None = None
) -> tuple[pd.Series, pd.Series]:
    """Like :func:`parse_dates`, but raise on the first refused value.

    Examples
    --------
    >>> d, y = coerce_dates(pd.Series(["2023-06-14", "1954", None]))
    >>> d.dt.strftime("%Y-%m-%d").tolist(), y.tolist()
    (['2023-06-14', nan, nan], [2023, 1954, <NA>])
    >>> coerce_dates(pd.Series(["12"]), field="year")
    Traceback (most recent call last):
    ...
    toolkit.errors.ArgumentError: field 'year': '12' is not a four-digit year...
    """
    date, year, problems = parse_dates(values, field=field, format=format)
    if problems:
        raise ArgumentError(problems[min(problems)])
    return date, year
