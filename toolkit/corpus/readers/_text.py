"""Plain-text files: the dated-news format (first line `` date YYYY-MM-DD Title``) or plain text
with a date read from the file name (``1790-Washington-1``, ``2023-06-14-report``)."""

from __future__ import annotations

import re

import pandas as pd

from toolkit.corpus.encoding import Decoded, decode_bytes
from toolkit.errors import ArgumentError

__all__ = ["date_from_name", "decode_item", "text_record"]

# A header is "date" then either nothing or a token with a digit: "Date of the meeting…" is text.
_HEADER = re.compile(r"^[ \t]*date(?:[ \t]+(?P<date>\S*\d\S*))?[ \t]*(?P<title>.*)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})-(?P<d>\d{2}))?(?=$|[-_ .])")


def date_from_name(stem: str) -> tuple[pd.Timestamp | None, int | None]:
    """Date and year from a file name such as ``2023-06-14-report`` or ``1790-Washington``.

    Examples
    --------
    >>> date_from_name("2023-06-14-inner-mongolia")
    (Timestamp('2023-06-14 00:00:00'), 2023)
    >>> date_from_name("1790-Washington-1"), date_from_name("notes")
    ((None, 1790), (None, None))
    """
    m = _NAME_DATE.match(stem.rsplit("/", 1)[-1])
    if not m:
        return None, None
    year = int(m["y"])
    if m["m"]:
        try:
            return pd.Timestamp(year=year, month=int(m["m"]), day=int(m["d"])), year
        except ValueError:
            return None, year
    return None, year


def decode_item(data: bytes, encoding: str | None) -> Decoded:
    """Decode a file's bytes (detected, or the ``encoding=`` given); line ends become ``\\n``."""
    got = decode_bytes(data, encoding)
    text = got.text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    return Decoded(text, got.encoding, got.confidence)


def text_record(text: str, doc_id: str) -> dict:
    """One document from a decoded ``.txt`` file.

    Raises ``ArgumentError("reason: detail")`` for an empty file or a malformed header.

    Examples
    --------
    >>> r = text_record(" date 2024-03-01 Provincial meeting\\n\\nBody.", "a")
    >>> r["title"], r["date"], r["text"]
    ('Provincial meeting', Timestamp('2024-03-01 00:00:00'), '\\nBody.')
    >>> text_record("Date of the meeting: unknown.", "b")["format"]
    'text'
    """
    if not text.strip():
        raise ArgumentError("empty: the file has no text")
    first, _, rest = text.lstrip().partition("\n")
    header = _HEADER.match(first)
    if header and (header["date"] is not None or not header["title"].strip()):
        raw_date = header["date"] or ""
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
        return {
            "doc_id": doc_id,
            "text": rest,
            "date": date,
            "year": date.year,
            "title": header["title"].strip(),
            "format": "dated-news",
        }
    date, year = date_from_name(doc_id)
    return {
        "doc_id": doc_id,
        "text": text,
        "date": date,
        "year": year,
        "title": "",
        "format": "text",
    }
