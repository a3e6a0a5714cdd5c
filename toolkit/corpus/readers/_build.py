"""Records from the readers → the documents table of a :class:`Corpus`."""

from __future__ import annotations

import pandas as pd

from toolkit.corpus._texts import document_texts
from toolkit.text.language import fill_languages
from toolkit.text.normalize import NormalizeSettings

__all__ = ["build_docs", "unique_ids"]

_READER_COLUMNS = ("source", "format", "encoding", "encoding_confidence")


def unique_ids(ids: list[str]) -> tuple[list[str], list[str]]:
    """Make ids unique: the second and later ``x`` become ``x#1``, ``x#2``… skipping any
    suffix already taken (``x, x, x#1`` → ``x, x#2, x#1``); return the ids and the renamings.

    Examples
    --------
    >>> unique_ids(["x", "x", "x#1"])
    (['x', 'x#2', 'x#1'], ['x → x#2'])
    """
    taken = set(ids)
    seen: set[str] = set()
    out, renamed = [], []
    counters: dict[str, int] = {}
    for i in ids:
        if i not in seen:
            seen.add(i)
            out.append(i)
            continue
        k = counters.get(i, 0)
        while True:
            k += 1
            new = f"{i}#{k}"
            if new not in taken:
                break
        counters[i] = k
        taken.add(new)
        seen.add(new)
        out.append(new)
        renamed.append(f"{i} → {new}")
    return out, renamed


def build_docs(
    records: list[dict],
    *,
    language: str,
    normalize: bool | NormalizeSettings,
    include_title: bool = True,
) -> tuple[pd.DataFrame, list[str]]:
    """The documents DataFrame (raw text in ``original``) and the doc_id renamings.

    A ``language`` value given by the source is kept; documents without one get
    ``language`` (``"auto"``: detected). Dates are ``datetime64[ns]``, years ``Int64``.
    The title is the first paragraph of ``text`` (:mod:`toolkit.corpus._texts`; of a PDF's
    first page only).
    """
    df = pd.DataFrame.from_records(records)
    df["doc_id"], renamed = unique_ids([str(i) for i in df["doc_id"]])
    df["original"] = df["text"]
    titles = [t if isinstance(t, str) else "" for t in df.get("title", [""] * len(df))]
    if "page" in df.columns:  # a PDF's title heads its first page, not every page
        titles = [
            t if pd.isna(p) or int(p) == 1 else "" for t, p in zip(titles, df["page"], strict=True)
        ]
    df["text"], _ = document_texts(
        df["original"].tolist(),
        titles=titles,
        normalize_text=normalize,
        include_title=include_title,
    )
    given = df["language"].tolist() if "language" in df.columns else None
    df["language"] = fill_languages(given, df["text"].tolist(), language)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    df["year"] = pd.array([None if pd.isna(y) else int(y) for y in df["year"]], dtype="Int64")
    df["title"] = df["title"].fillna("").astype(str)
    if "encoding_confidence" in df.columns:
        df["encoding_confidence"] = df["encoding_confidence"].astype(float)
    order = ["doc_id", "text", "original", "date", "year", "title", "language"]
    rest = [c for c in df.columns if c not in order and c not in _READER_COLUMNS]
    ours = [c for c in _READER_COLUMNS if c in df.columns]
    return df[order + rest + ours], renamed
