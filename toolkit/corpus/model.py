"""The :class:`Corpus`: documents in a pandas DataFrame plus where they came from."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus._texts import ANNOTATION_COLUMNS, document_texts
from toolkit.corpus.dates import coerce_dates
from toolkit.errors import ArgumentError, InputError, UnknownNameError, suggest
from toolkit.text.language import detect_language, fill_languages
from toolkit.text.normalize import NormalizeSettings
from toolkit.text.segment import paragraph_spans, sentence_spans

__all__ = ["Corpus", "docs_mask", "group_codes", "group_frame", "label_codes"]

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
                f"{context}=: no such column {col!r}{suggest(str(col), [*docs.columns, 'decade'])}"
                f" in the documents{hint}; "
                f"columns: {list(docs.columns)}"
            )
    return out


def group_codes(
    docs: pd.DataFrame, by: str | Sequence[str] | None, *, context: str = "by"
) -> tuple[np.ndarray, pd.DataFrame]:
    """Number the groups of documents given by ``by`` (see :func:`group_frame`).

    Groups are numbered in sorted order of their values, missing values last (a missing value
    is a group of its own, so groups add up to the corpus).

    Returns
    -------
    codes : numpy.ndarray of int64
        Group number of every document.
    labels : pandas.DataFrame
        One row per group number with the ``by`` columns (no columns when ``by`` is None).

    Examples
    --------
    >>> docs = pd.DataFrame({"year": [1990, 1917, None, 1990]})
    >>> codes, labels = group_codes(docs, "year")
    >>> codes.tolist(), labels["year"].tolist()
    ([1, 0, 2, 1], [1917.0, 1990.0, nan])
    """
    cols = [by] if isinstance(by, str) else list(by or [])
    if len(set(cols)) != len(cols):
        raise ArgumentError(f"{context}= lists a column twice: {cols}")
    if not cols:
        return np.zeros(len(docs), dtype=np.int64), pd.DataFrame(index=range(1))
    return label_codes(group_frame(docs, cols, context=context))


def label_codes(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Number the distinct rows of ``frame`` in sorted order (missing last)."""
    cols = list(frame.columns)
    if not cols:
        return np.zeros(len(frame), dtype=np.int64), pd.DataFrame(index=range(1))
    codes = frame.groupby(cols, sort=True, dropna=False, observed=True).ngroup().to_numpy()
    codes = codes.astype(np.int64)
    if len(codes) == 0:
        return codes, frame.iloc[:0].reset_index(drop=True)
    _, first = np.unique(codes, return_index=True)
    return codes, frame.iloc[first].reset_index(drop=True)


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
        annotations: pd.DataFrame | None = None,
    ) -> None:
        self._docs = _complete(docs)
        self._annotations = annotations
        self.name = name
        self.info = dict(info or {})
        self.load_report = (
            load_report
            if load_report is not None
            else pd.DataFrame(columns=["path", "reason", "detail"])
        )
        self.unit = unit
        self._sha256: str | None = None
        self._text_sha256: str | None = None

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
        include_title: bool = True,
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
            Language of rows without a value in a ``language`` column of the frame (which is
            kept as written, e.g. ``zh-Hant``); ``"auto"`` detects per document.
        metadata : list of str, optional
            Columns to keep as metadata (default: all remaining columns).
        normalize_text : bool or NormalizeSettings
            Normalise the text (the raw text is kept in ``original``).
        include_title : bool
            Make the title the first paragraph of ``text`` (unless the text already starts with
            it), so headlines are counted, searched and modelled; ``title`` keeps it too.
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
        if doc_id is None and "doc_id" in df.columns:  # a frame that already has ids keeps them
            doc_id = "doc_id"
        if date is None:  # a date (else year) column is the date, never left as raw metadata
            date = next((c for c in ("date", "year") if c in df.columns), None)
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
        titles = df[title].astype("string").fillna("").tolist() if title else None
        out["text"], _ = document_texts(
            raw.tolist(), titles=titles, normalize_text=normalize_text, include_title=include_title
        )
        if date:
            values = df[date]
            if isinstance(values.dtype, pd.DatetimeTZDtype):  # tz-aware: local date as written
                values = values.dt.tz_localize(None)
            out["date"], year = coerce_dates(values, field=date)
            if date != "year" and "year" in df.columns:  # a year column fills undated rows
                _, given = coerce_dates(df["year"], field="year")
                clash = year.notna() & given.notna() & (year != given)
                if clash.any():
                    i = int(np.flatnonzero(clash.to_numpy())[0])
                    raise ArgumentError(
                        f"row {i}: date {values.iloc[i]!r} is in {year.iloc[i]} but the year "
                        f"column says {given.iloc[i]}"
                    )
                year = year.fillna(given)
            out["year"] = year
        out["title"] = df[title].astype("string").fillna("") if title else ""
        # a language column of the frame is kept as written; rows without one are detected
        given = df["language"].tolist() if "language" in df.columns else None
        out["language"] = fill_languages(given, out["text"].tolist(), language)
        return cls(out, name=name)

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str],
        *,
        doc_ids: Sequence[str] | None = None,
        dates: Sequence[Any] | None = None,
        titles: Sequence[str] | None = None,
        language: str | Sequence[str] = "auto",
        include_title: bool = True,
        name: str | None = None,
        **metadata: Sequence[Any],
    ) -> Corpus:
        """Build a corpus from a list of strings (and optional parallel lists).

        ``language`` is ``"auto"``, ``"en"``, ``"zh"`` or one language tag per text.

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
        if not isinstance(language, str):  # one language per text: a language column
            cols["language"], language = list(language), "auto"
        df = pd.DataFrame(cols)
        return cls.from_dataframe(
            df,
            doc_id="doc_id" if doc_ids is not None else None,
            date="date" if dates is not None else None,
            title="title" if titles is not None else None,
            language=language,
            include_title=include_title,
            name=name,
        )

    # ------------------------------------------------------------------ access
    @property
    def docs(self) -> pd.DataFrame:
        """The documents: ``doc_id``, ``text``, ``original``, ``date``, ``year``, ``title``,
        ``language`` and metadata columns.

        A copy (cheap: pandas copies on write), so changing it never changes the corpus; a
        changed table makes a new corpus with ``Corpus(table)``, with a new fingerprint."""
        return self._docs.copy(deep=False)

    @property
    def docvars(self) -> pd.DataFrame:
        """The document metadata: :attr:`docs` without ``text`` and ``original`` (the table
        that travels with :class:`~toolkit.Tokens` and :class:`~toolkit.Dfm`)."""
        return self._docs.drop(columns=["text", "original"])

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
        """Content fingerprint: sha256 over every column of every document (text, original and
        metadata) except ``source`` — where the file was read from, which differs between machines
        and checkouts — so any change of content gives a new value and the same files give the
        same value wherever they are. Used for provenance."""
        if self._sha256 is None:
            columns = [c for c in self._docs.columns if c != "source"]
            self._sha256 = _fingerprint(self._docs, columns)
        return self._sha256

    @property
    def text_sha256(self) -> str:
        """Fingerprint of what tokenization reads — ``doc_id``, ``text`` and ``language`` —
        which keys the token cache (a metadata change does not invalidate cached tokens)."""
        if self._text_sha256 is None:
            self._text_sha256 = _fingerprint(self._docs, ["doc_id", "text", "language"])
        return self._text_sha256

    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self):
        return iter(self.texts)

    def __repr__(self) -> str:
        years = self._docs["year"].dropna()
        span = f", {years.min()}–{years.max()}" if len(years) else ""
        label = f"{self.name!r} " if self.name else ""
        return f"<Corpus {label}{len(self)} {self.unit}s{span}, {'/'.join(self.languages) or '-'}>"

    @property
    def shape(self) -> tuple[int]:
        """``(number of documents,)``: a corpus is a one-dimensional collection of documents
        (what scikit-learn's cross-validation needs to split it)."""
        return (len(self),)

    def __getitem__(self, key: int | slice | Sequence[bool] | Sequence[int] | np.ndarray) -> Corpus:
        """Documents by position: ``corpus[3]``, ``corpus[10:20]``, ``corpus[[0, 5, 9]]`` or a
        boolean mask — always a Corpus."""
        if isinstance(key, tuple) and len(key) == 2 and key[1] is Ellipsis:
            key = key[0]  # array-style indexing, as scikit-learn's cross-validation does
        if isinstance(key, (int, np.integer)):
            key = slice(int(key), int(key) + 1) if key != -1 else slice(-1, None)
        if isinstance(key, slice):
            return self._derive(self._docs.iloc[key])
        index = np.asarray(key)
        if index.dtype == bool:
            if index.shape != (len(self),):
                raise ArgumentError(f"a mask needs {len(self)} values, not {index.shape[0]}")
            index = np.flatnonzero(index)
        elif index.size and not np.issubdtype(index.dtype, np.integer):
            raise InputError("index a corpus with positions, a slice or a boolean mask")
        return self._derive(self._docs.iloc[index.astype(np.int64)])

    def _derive(self, docs: pd.DataFrame, unit: str | None = None) -> Corpus:
        return Corpus(
            docs.reset_index(drop=True),
            name=self.name,
            info=self.info,
            load_report=self.load_report,
            unit=unit or self.unit,
            annotations=self._annotations,
        )

    @property
    def annotations(self) -> pd.DataFrame:
        """What was set apart from the texts (or kept in them) by the card's annotation rules:
        transcript notes, speaker tags, audience interjections, boilerplate.

        One row per annotation: ``doc_id``, ``original_start`` and ``original_end`` (character
        offsets into ``docs["original"]``, which keeps them), ``kind`` and ``text``; only the
        documents of this corpus (for segments, of their parents). Empty when the corpus has
        no rules.

        Examples
        --------
        >>> Corpus.from_texts(["a"]).annotations.columns.tolist()
        ['doc_id', 'original_start', 'original_end', 'kind', 'text']
        """
        table = self._annotations
        if table is None:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in ANNOTATION_COLUMNS})
        ids = set(self._docs["doc_id"])
        if "parent_id" in self._docs:
            ids |= set(self._docs["parent_id"].dropna())
        return table[table["doc_id"].isin(ids)].reset_index(drop=True)

    # ------------------------------------------------------------------ operations
    def tokens(self, **options: Any):
        """The corpus's tokens: exactly :func:`toolkit.tokenized` (``tk.tokens(corpus, **options)``),
        which keeps the result per corpus and settings and, for large named corpora, on disk."""
        from toolkit.tokenized import tokens

        return tokens(self, **options)

    def summary(self) -> pd.DataFrame:
        """One-row table: name, unit, n_docs, tokens, types, first/last date and year,
        languages.

        Examples
        --------
        >>> Corpus.from_texts(["a b a"]).summary()[["n_docs", "tokens", "types"]]
           n_docs  tokens  types
        0       1       3      2
        """
        toks = self.tokens()
        d = self._docs
        return pd.DataFrame(
            [
                {
                    "name": self.name,
                    "unit": self.unit,
                    "n_docs": len(self),
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
        return self._derive(self._docs[docs_mask(self._docs, predicate, filters)])

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


def docs_mask(
    docs: pd.DataFrame, predicate: Callable[[pd.DataFrame], Any] | None, filters: dict[str, Any]
) -> np.ndarray:
    """Boolean mask of the documents kept by ``subset(predicate, **filters)`` (shared by
    :meth:`Corpus.subset`, ``Tokens.subset`` and ``Dfm.subset``).

    Examples
    --------
    >>> d = pd.DataFrame({"year": [1900, 1950, 2000], "party": ["D", "R", "R"]})
    >>> docs_mask(d, None, {"year": (1917, None), "party": "R"}).tolist()
    [False, True, True]
    """
    mask = np.ones(len(docs), dtype=bool)
    if predicate is not None:
        if not callable(predicate):
            raise InputError(
                "subset() takes a callable such as lambda d: d.year > 2000, or column=value "
                f"filters; got {type(predicate).__name__}"
            )
        result = predicate(docs)
        if not isinstance(result, (pd.Series, np.ndarray, list)):
            raise InputError("subset predicate must return a boolean mask over the documents")
        result = np.asarray(result)
        if result.shape != (len(docs),):
            raise ArgumentError(
                f"subset predicate returned {result.shape[0] if result.ndim else 1} values for "
                f"{len(docs)} documents"
            )
        mask &= result.astype(bool)
    for col, cond in filters.items():
        if col not in docs.columns:
            raise UnknownNameError(f"no column {col!r} to filter on; columns: {list(docs.columns)}")
        values = docs[col]
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
        mask &= m.fillna(False).astype(bool).to_numpy()
    return mask


def _fingerprint(docs: pd.DataFrame, columns: list[str]) -> str:
    """sha256 over the named columns, row by row, with a machine-independent text form of every
    value (missing values, numbers and dates written one way)."""
    h = hashlib.sha256()
    h.update("\x1f".join(columns).encode())
    cols = [docs[c].tolist() for c in columns]
    for row in zip(*cols, strict=True):
        for value in row:
            h.update(_value_text(value).encode("utf-8", "surrogatepass") + b"\x1f")
        h.update(b"\x1e")
    return h.hexdigest()


def _value_text(value: Any) -> str:
    if isinstance(value, str):
        return "s" + value
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return "NA"
    if isinstance(value, pd.Timestamp):
        return "d" + value.isoformat()
    if isinstance(value, (bool, np.bool_)):
        return "b" + str(bool(value))
    if isinstance(value, (int, np.integer)):
        return "i" + str(int(value))
    if isinstance(value, (float, np.floating)):
        return "f" + repr(float(value))
    return "o" + repr(value)


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
