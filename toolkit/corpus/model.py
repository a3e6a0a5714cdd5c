"""The :class:`Corpus`: documents in a pandas DataFrame plus where they came from."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.dates import coerce_dates
from toolkit.errors import ArgumentError, InputError, UnknownNameError
from toolkit.text.language import detect_language
from toolkit.text.normalize import NormalizeSettings, normalize
from toolkit.text.segment import paragraph_spans, sentence_spans

__all__ = ["Corpus", "group_frame"]

_CORE = ["doc_id", "text", "original", "date", "year", "title", "language"]
_UNITS = ("document", "paragraph", "sentence")


def group_frame(
    docs: pd.DataFrame, by: str | Sequence[str] | None, *, context: str = "by"
) -> pd.DataFrame:
    """The grouping columns ``by`` of a documents table, one column each, same index.

    ``"decade"`` is derived from ``year`` (``year // 10 * 10``, Int64) when the documents have
    no ``decade`` column; every other name must be a column. ``None`` gives no columns. Every
    grouped analysis (n-grams, slogans, similarity, topic prevalence) groups through this.

    Examples
    --------
    >>> docs = pd.DataFrame({"year": [1917, 1933], "party": ["D", "D"]})
    >>> group_frame(docs, ["decade", "party"]).values.tolist()
    [[1910, 'D'], [1930, 'D']]
    """
    cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    out = pd.DataFrame(index=docs.index)
    for col in cols:
        if col in docs.columns:
            out[col] = docs[col]
        elif col == "decade" and "year" in docs.columns:
            out[col] = (docs["year"].astype("Int64") // 10) * 10
        else:
            hint = " (decade needs a 'year' column)" if col == "decade" else ""
            raise UnknownNameError(
                f"{context}: no such column {col!r} in the documents{hint}; "
                f"columns: {list(docs.columns)}"
            )
    return out


class Corpus:
    """A collection of documents with metadata; every analysis in the toolkit accepts one.

    Parameters
    ----------
    docs : pandas.DataFrame
        Must have ``doc_id`` and ``text``; ``date``, ``year``, ``title``, ``language`` and
        ``original`` are filled in when absent. Other columns are metadata.
    name : str, optional
        Registry name or a label for provenance.
    info : dict, optional
        The registry card or reader settings that produced the corpus.
    load_report : pandas.DataFrame, optional
        Files that could not be loaded (``path``, ``reason``, ``detail``).

    Examples
    --------
    >>> c = Corpus.from_texts(["Peace.", "War and peace."], dates=["1990", "2001-09-20"])
    >>> len(c), c.docs["year"].tolist()
    (2, [1990, 2001])
    >>> len(c.subset(year=(2000, None)))
    1
    """

    def __init__(
        self,
        docs: pd.DataFrame,
        *,
        name: str | None = None,
        info: dict | None = None,
        load_report: pd.DataFrame | None = None,
        unit: str = "document",
    ) -> None:
        self._docs = _complete(docs)
        self.name = name
        self.info = dict(info or {})
        self.load_report = (
            load_report
            if load_report is not None
            else pd.DataFrame(columns=["path", "reason", "detail"])
        )
        self.unit = unit
        self._sha256: str | None = None
        self._token_cache: dict[Any, Any] = {}

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_dataframe(
        cls,
        df: pd.DataFrame,
        *,
        text: str = "text",
        doc_id: str | None = None,
        date: str | None = None,
        title: str | None = None,
        language: str = "auto",
        metadata: Sequence[str] | None = None,
        normalize_text: bool | NormalizeSettings = True,
        name: str | None = None,
    ) -> Corpus:
        """Build a corpus from any DataFrame by naming its columns.

        Parameters
        ----------
        df : pandas.DataFrame
            One row per document.
        text : str
            Column with the text.
        doc_id, date, title : str, optional
            Columns for identifiers (default ``doc1``, ``doc2``…), dates or years, titles.
        language : {"auto", "en", "zh"}
            ``"auto"`` detects per document.
        metadata : list of str, optional
            Columns to keep as metadata (default: all remaining columns).
        normalize_text : bool or NormalizeSettings
            Normalise the text (the raw text is kept in ``original``).
        name : str, optional
            A name for provenance.

        Examples
        --------
        >>> df = pd.DataFrame({"content": ["改革开放", "Reform"], "year": [1978, 1979]})
        >>> Corpus.from_dataframe(df, text="content", date="year").docs[["doc_id", "year", "language"]]
          doc_id  year language
        0   doc1  1978       zh
        1   doc2  1979       en
        """
        if not isinstance(df, pd.DataFrame):
            raise InputError("from_dataframe() needs a pandas DataFrame")
        for role, col in {"text": text, "doc_id": doc_id, "date": date, "title": title}.items():
            if col is not None and col not in df.columns:
                raise UnknownNameError(
                    f"{role} column {col!r} not in the DataFrame {list(df.columns)}"
                )
        df = df.reset_index(drop=True)
        raw = df[text]
        bad = raw.map(lambda v: not isinstance(v, str))
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                f"text column {text!r}: row {i} is {type(raw.iloc[i]).__name__}, not str"
            )
        used = {c for c in (text, doc_id, date, title) if c}
        keep = list(metadata) if metadata is not None else [c for c in df.columns if c not in used]
        missing = [c for c in keep if c not in df.columns]
        if missing:
            raise UnknownNameError(f"metadata column(s) {missing} not in the DataFrame")
        out = df[keep].copy()
        out.insert(
            0,
            "doc_id",
            df[doc_id].astype(str) if doc_id else [f"doc{i + 1}" for i in range(len(df))],
        )
        out["original"] = raw.to_numpy()
        settings = normalize_text if isinstance(normalize_text, NormalizeSettings) else None
        out["text"] = [normalize(t, settings) if normalize_text else t for t in raw]
        if date:
            out["date"], out["year"] = coerce_dates(df[date], field=date)
        out["title"] = df[title].astype("string").fillna("") if title else ""
        out["language"] = (
            [detect_language(t) for t in out["text"]] if language == "auto" else language
        )
        return cls(out, name=name)

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str],
        *,
        doc_ids: Sequence[str] | None = None,
        dates: Sequence[Any] | None = None,
        titles: Sequence[str] | None = None,
        language: str = "auto",
        name: str | None = None,
        **metadata: Sequence[Any],
    ) -> Corpus:
        """Build a corpus from a list of strings (and optional parallel lists).

        Examples
        --------
        >>> Corpus.from_texts(["a b", "c"], party=["D", "R"]).docs["party"].tolist()
        ['D', 'R']
        """
        cols: dict[str, Any] = {"text": list(texts)}
        for key, val in (("doc_id", doc_ids), ("date", dates), ("title", titles)):
            if val is not None:
                cols[key] = list(val)
        cols.update({k: list(v) for k, v in metadata.items()})
        df = pd.DataFrame(cols)
        return cls.from_dataframe(
            df,
            doc_id="doc_id" if doc_ids is not None else None,
            date="date" if dates is not None else None,
            title="title" if titles is not None else None,
            language=language,
            name=name,
        )

    # ------------------------------------------------------------------ access
    @property
    def docs(self) -> pd.DataFrame:
        """The documents: ``doc_id``, ``text``, ``original``, ``date``, ``year``, ``title``,
        ``language`` and metadata columns. Treat as read-only."""
        return self._docs

    @property
    def texts(self) -> list[str]:
        """The normalised texts, in document order."""
        return self._docs["text"].tolist()

    @property
    def doc_ids(self) -> list[str]:
        """Document identifiers."""
        return self._docs["doc_id"].tolist()

    @property
    def languages(self) -> list[str]:
        """Distinct languages, most frequent first."""
        return self._docs["language"].value_counts().index.tolist()

    @property
    def sha256(self) -> str:
        """Content fingerprint: sha256 over doc ids and normalised texts (keys caches, provenance)."""
        if self._sha256 is None:
            h = hashlib.sha256()
            for i, t in zip(self._docs["doc_id"], self._docs["text"], strict=True):
                h.update(str(i).encode() + b"\x00" + t.encode() + b"\x01")
            self._sha256 = h.hexdigest()
        return self._sha256

    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self):
        return iter(self.texts)

    def __repr__(self) -> str:
        years = self._docs["year"].dropna()
        span = f", {years.min()}–{years.max()}" if len(years) else ""
        label = f"{self.name!r} " if self.name else ""
        return f"<Corpus {label}{len(self)} {self.unit}s{span}, {'/'.join(self.languages) or '-'}>"

    def __getitem__(self, key: int | slice | Sequence[bool] | np.ndarray) -> Corpus:
        if isinstance(key, (int, np.integer)):
            key = slice(int(key), int(key) + 1) if key != -1 else slice(-1, None)
        docs = self._docs[key] if not isinstance(key, slice) else self._docs.iloc[key]
        return self._derive(docs)

    def _derive(self, docs: pd.DataFrame, unit: str | None = None) -> Corpus:
        return Corpus(
            docs.reset_index(drop=True),
            name=self.name,
            info=self.info,
            load_report=self.load_report,
            unit=unit or self.unit,
        )

    # ------------------------------------------------------------------ operations
    def tokens(self, **settings: Any):
        """Tokenize once and keep the result (see :func:`toolkit.tokenize`).

        Named corpora (registry or files) of at least ``TOOLKIT_CACHE_MIN_CHARS`` characters
        also use the on-disk token cache (:mod:`toolkit.text.cache`), keyed by ``sha256`` and
        the settings; ``TOOLKIT_NO_CACHE=1`` turns it off.
        """
        from toolkit.text.cache import cached_tokenize

        key = tuple(sorted((k, repr(v)) for k, v in settings.items()))
        if key not in self._token_cache:
            self._token_cache[key] = cached_tokenize(self, **settings)
        return self._token_cache[key]

    def summary(self) -> pd.DataFrame:
        """One-row table: name, unit, docs, tokens, types, first/last date and year, languages.

        Examples
        --------
        >>> Corpus.from_texts(["a b a"]).summary()[["docs", "tokens", "types"]]
           docs  tokens  types
        0     1       3      2
        """
        toks = self.tokens()
        d = self._docs
        return pd.DataFrame(
            [
                {
                    "name": self.name,
                    "unit": self.unit,
                    "docs": len(self),
                    "tokens": toks.n_tokens,
                    "types": len(np.unique(toks.ids)),
                    "first_date": d["date"].min(),
                    "last_date": d["date"].max(),
                    "first_year": d["year"].min(),
                    "last_year": d["year"].max(),
                    "languages": ",".join(self.languages),
                    "not_loaded": len(self.load_report),
                }
            ]
        )

    def subset(
        self, predicate: Callable[[pd.DataFrame], Any] | None = None, **filters: Any
    ) -> Corpus:
        """Keep documents matching a predicate and/or column filters.

        Parameters
        ----------
        predicate : callable, optional
            Receives the docs DataFrame and returns a boolean mask, e.g.
            ``lambda d: d.party == "Republican"``.
        **filters
            ``column=(lo, hi)`` keeps an inclusive range (``None`` leaves a side open);
            a list/set/tuple of other length keeps membership; a scalar keeps equality.

        Examples
        --------
        >>> c = Corpus.from_texts(["a", "b", "c"], dates=["1900", "1917", "2000"], party=["D", "R", "R"])
        >>> c.subset(year=(1917, None), party="R").docs["year"].tolist()
        [1917, 2000]
        >>> len(c.subset(lambda d: d.party == "D"))
        1
        """
        d = self._docs
        mask = pd.Series(True, index=d.index)
        if predicate is not None:
            result = predicate(d)
            if not isinstance(result, (pd.Series, np.ndarray, list)):
                raise InputError("subset predicate must return a boolean mask over the documents")
            mask &= pd.Series(np.asarray(result, dtype=bool), index=d.index)
        for col, cond in filters.items():
            if col not in d.columns:
                raise UnknownNameError(
                    f"no column {col!r} to filter on; columns: {list(d.columns)}"
                )
            values = d[col]
            if isinstance(cond, tuple) and len(cond) == 2:
                lo, hi = cond
                m = values.notna()
                if lo is not None:
                    m &= values >= lo
                if hi is not None:
                    m &= values <= hi
            elif isinstance(cond, (list, set, frozenset, tuple)):
                m = values.isin(list(cond))
            else:
                m = values == cond
            mask &= m.fillna(False).astype(bool)
        return self._derive(d[mask])

    def segment(self, unit: str = "paragraph") -> Corpus:
        """Split every document into paragraphs or sentences.

        Segments get ``doc_id`` ``"<parent>#p<k>"`` (or ``#s<k>``), ``parent_id``, ``segment``
        (1-based) and all of the parent's metadata.

        Examples
        --------
        >>> c = Corpus.from_texts(["One. Two.\\n\\nThree."], doc_ids=["a"])
        >>> c.segment("paragraph").docs[["doc_id", "parent_id", "text"]].values.tolist()
        [['a#p1', 'a', 'One. Two.'], ['a#p2', 'a', 'Three.']]
        >>> c.segment("sentence").docs["text"].tolist()
        ['One.', 'Two.', 'Three.']
        """
        if unit not in _UNITS:
            raise ArgumentError(f"unit must be one of {_UNITS}, not {unit!r}")
        if unit == "document" or unit == self.unit:
            return self
        tag = unit[0]
        d = self._docs
        rows, texts, ids, parents, seg = [], [], [], [], []
        for i, (doc_id, text, lang) in enumerate(
            zip(d["doc_id"], d["text"], d["language"], strict=True)
        ):
            spans = paragraph_spans(text) if unit == "paragraph" else sentence_spans(text, lang)
            for k, (a, b) in enumerate(spans, start=1):
                rows.append(i)
                texts.append(text[a:b].strip())
                ids.append(f"{doc_id}#{tag}{k}")
                parents.append(doc_id)
                seg.append(k)
        meta = d.drop(columns=["text", "original", "parent_id", "segment"], errors="ignore")
        out = meta.iloc[rows].reset_index(drop=True)
        out["parent_id"] = parents if "parent_id" not in d else d["parent_id"].to_numpy()[rows]
        out["doc_id"], out["text"], out["segment"] = ids, texts, seg
        return self._derive(out, unit=unit)


def _complete(docs: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(docs, pd.DataFrame):
        raise InputError("Corpus needs a pandas DataFrame of documents")
    for col in ("doc_id", "text"):
        if col not in docs.columns:
            raise UnknownNameError(f"documents need a {col!r} column")
    d = docs.reset_index(drop=True).copy()
    d["doc_id"] = d["doc_id"].astype(str)
    dup = d["doc_id"].duplicated()
    if dup.any():
        raise ArgumentError(f"duplicate doc_id {d['doc_id'][dup].iloc[0]!r}")
    if "original" not in d:
        d["original"] = d["text"]
    if "date" not in d:
        d["date"] = pd.Series(pd.NaT, index=d.index, dtype="datetime64[ns]")
    if "year" not in d:
        d["year"] = d["date"].dt.year.astype("Int64")
    d["year"] = d["year"].astype("Int64")
    if "title" not in d:
        d["title"] = ""
    if "language" not in d:
        d["language"] = [detect_language(t) for t in d["text"]]
    order = [c for c in _CORE if c in d] + [c for c in d.columns if c not in _CORE]
    return d[order]
