"""Counting lexicon slogans in a corpus: trajectories, hits in context, first appearances and
co-occurrence. All functions return tidy DataFrames whose columns follow
:data:`toolkit.schema.COLUMNS`.

**Nested formulations.** 小康社会 is nested in 全面建成小康社会, 中华民族共同体意识 in
铸牢中华民族共同体意识. ``overlap="all"`` (the default of :func:`count_slogans`,
:func:`slogan_matches` and :func:`first_appearances`) counts every entry wherever one of its
forms occurs, as a separate search for each entry would; overlapping hits of one entry count
once. ``overlap="longest"`` keeps leftmost-longest non-overlapping hits across entries, so a
nested formulation is counted only where it stands alone (the default of
:func:`slogan_cooccurrence`, where a nested pair would always co-occur). Every result says the
rule it used in ``DataFrame.attrs["overlap"]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.model import Corpus, group_frame
from toolkit.distributed._switch import use_dask
from toolkit.errors import ArgumentError, InputError
from toolkit.schema import rate_column, rate_value
from toolkit.slogans._cells import SloganCells, merge_slogan_cells
from toolkit.slogans.lexicon import Lexicon, load_lexicon
from toolkit.slogans.matching import check_options, get_matcher, scripts_for

__all__ = [
    "as_corpus",
    "as_lexicon",
    "count_slogans",
    "find_hits",
    "first_appearances",
    "slogan_matches",
]


def as_corpus(data: Corpus | Sequence[str]) -> Corpus:
    """A Corpus from a Corpus or a list of strings; a plain ``str`` is refused. Slogans are
    matched on the text, so Tokens and Dfms are refused too (``tk.lookup`` counts a lexicon on
    tokens)."""
    from toolkit.tokenized import Tokens
    from toolkit.tokenized import as_corpus as _as_corpus

    if isinstance(data, Tokens) or type(data).__name__ == "Dfm":
        raise InputError(
            "slogans are matched on the text: pass the Corpus (to count a lexicon on tokens, "
            "use tk.lookup(tokens, tk.Dictionary.from_lexicon(lexicon)))"
        )
    return _as_corpus(data)


def as_lexicon(lexicon: Lexicon | str | Path | dict) -> Lexicon:
    """A Lexicon from a Lexicon, a built-in name, a file path or a dict."""
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, (str, Path)):
        return load_lexicon(lexicon)
    if isinstance(lexicon, dict):
        return Lexicon.from_dict(lexicon)
    raise InputError(f"expected a Lexicon, a lexicon name or a dict, got {type(lexicon).__name__}")


def doc_years(docs: pd.DataFrame) -> list[int | None]:
    """The ``year`` of every document as int or None (for the entries' validity periods)."""
    if "year" not in docs.columns:
        return [None] * len(docs)
    return [None if pd.isna(y) else int(y) for y in docs["year"]]


def find_hits(
    corpus: Corpus,
    lexicon: Lexicon,
    *,
    overlap: str = "all",
    forms: str = "auto",
    offsets: bool = True,
) -> pd.DataFrame:
    """Every resolved hit: ``doc`` (row number in ``corpus.docs``), ``start``, ``end``, ``entry``
    (index into the lexicon), after the entries' context rules. With ``offsets=False`` English
    offsets stay in match-view coordinates (cheaper; enough for counting)."""
    check_options(overlap, forms)
    matcher = get_matcher(lexicon)
    texts = corpus.docs["text"].tolist()
    langs = corpus.docs["language"].tolist()
    years = doc_years(corpus.docs) if matcher.needs_years else None
    parts = []
    for script in matcher.scripts():
        chosen = [d for d, lang in enumerate(langs) if script in scripts_for(lang, forms)]
        if not chosen:
            continue
        i, a, b, e = matcher.find_many(
            [texts[d] for d in chosen],
            script,
            overlap=overlap,
            offsets=offsets,
            years=None if years is None else [years[d] for d in chosen],
        )
        parts.append((np.asarray(chosen, dtype=np.int64)[i], a, b, e))
    cols = ["doc", "start", "end", "entry"]
    if not parts:
        return pd.DataFrame({c: np.zeros(0, dtype=np.int64) for c in cols})
    frame = pd.DataFrame({c: np.concatenate([p[k] for p in parts]) for k, c in enumerate(cols)})
    if len(parts) > 1:
        frame = frame.sort_values(["doc", "start", "end"], kind="stable", ignore_index=True)
    return frame


def _labels(lexicon: Lexicon) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "slogan_id": lexicon.ids,
            "label_zh": [e.label_zh for e in lexicon],
            "label_en": [e.label_en for e in lexicon],
            "category": [e.category for e in lexicon],
        }
    )


def count_slogans(
    data: Corpus | Sequence[str],
    lexicon: Lexicon | str,
    *,
    by: str | Sequence[str] | None = None,
    rate: int | None = 1_000_000,
    overlap: str = "all",
    forms: str = "auto",
    fill_zeros: bool = True,
    client: Any = None,
    npartitions: int | None = None,
    read_options: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Count every lexicon entry, overall or per group of documents.

    Parameters
    ----------
    data : Corpus or list of str
        The documents (their normalised ``text`` is searched).
    lexicon : Lexicon or str
        A lexicon or the name of a built-in one (``"ccp-formulations"``).
    by : None, str or list of str
        Group documents by these columns; ``"decade"`` is derived from ``year``. Documents
        with a missing group value form their own group (NA), so group counts add up to the
        corpus total.
    rate : int or None
        Base of the rate column: ``1_000_000`` gives ``per_million`` (hits per million tokens
        of the group), ``10_000`` gives ``per_10k`` (see :func:`toolkit.schema.rate_column`).
        Tokens are ``corpus.tokens()`` with default settings (words for English, rjieba words
        for Chinese, punctuation removed, stopwords kept). None skips tokenization and the
        column.
    overlap : {"all", "longest"}
        ``"all"`` (default): every entry counts wherever its forms occur, so
        全面建成小康社会 also counts as 小康社会; overlapping hits of one entry count once.
        ``"longest"``: leftmost-longest non-overlapping hits, so a nested formulation counts
        only outside the longer ones. The rule is recorded in ``attrs["overlap"]``.
    forms : {"auto", "zh", "en", "both"}
        Which forms to look for: ``"auto"`` uses Chinese forms in documents whose ``language``
        is ``"zh"`` and English forms in the others (so "common prosperity (共同富裕)" counts
        once); ``"both"`` searches both everywhere, resolving overlaps within each script.
    fill_zeros : bool
        Include a row with count 0 for every (group, slogan) pair without hits, so that
        trajectories have explicit zeros. Groups are the values present in the corpus
        (years without documents get no row).
    client : dask.distributed.Client, optional
        Count on this Dask cluster (default: locally, or on the active client when
        ``tk.options.dask`` is on): hits, documents and tokens per group are summed over the
        partitions before rates are computed, so the table is identical
        (:mod:`toolkit.distributed`). With ``client=``, ``data`` may also be files (a Path to
        a file, folder or glob) read on the workers with ``read_options``; their load report
        is in ``attrs["load_report"]``.
    npartitions : int, optional
        Dask: number of partitions (default one per 50 documents, or one per file).
    read_options : dict, optional
        Dask, files: :func:`toolkit.read_corpus` options (``text=``, ``date=``…).

    Returns
    -------
    pandas.DataFrame
        ``[by…]``, ``slogan_id``, ``label_zh``, ``label_en``, ``category``, ``count`` (hits),
        ``doc_freq`` (documents with at least one hit), ``per_million`` (or the column of
        ``rate``); sorted by group, then lexicon order. Hits rejected by an entry's context
        rules (period, neighbours) are not counted.

    Examples
    --------
    >>> lex = Lexicon.from_dict({"cp": {"zh": "共同富裕", "en": ["common prosperity"]}})
    >>> c = Corpus.from_texts(["共同富裕。扎实推进共同富裕", "Common prosperity for all."],
    ...                       dates=["2021", "2022"])
    >>> count_slogans(c, lex, by="year", rate=None)[["year", "slogan_id", "count", "doc_freq"]]
       year slogan_id  count  doc_freq
    0  2021        cp      2         1
    1  2022        cp      1         1
    """
    lexicon = as_lexicon(lexicon)
    column = None if rate is None else rate_column(rate)
    check_options(overlap, forms)
    args = (lexicon, by, overlap, forms, column is not None)
    if use_dask(client):
        from toolkit.distributed import attach_report, map_merge

        cells, report = map_merge(
            data, slogan_cells, merge_slogan_cells, client=client, npartitions=npartitions,
            read_options=read_options, args=args, as_data=as_corpus,
        )  # fmt: skip
        return attach_report(_slogan_table(cells, lexicon, rate, fill_zeros, overlap), report)
    if npartitions is not None or read_options is not None:
        raise InputError("npartitions and read_options only apply on Dask (client=)")
    cells = slogan_cells(as_corpus(data), *args)
    return _slogan_table(cells, lexicon, rate, fill_zeros, overlap)


def slogan_cells(
    corpus: Corpus,
    lexicon: Lexicon,
    by: str | Sequence[str] | None,
    overlap: str,
    forms: str,
    with_tokens: bool,
) -> SloganCells:
    """Hits, documents with hits and tokens per group and entry (:func:`count_slogans`)."""
    hits = find_hits(corpus, lexicon, overlap=overlap, forms=forms, offsets=False)
    groups = group_frame(corpus.docs, by, context="count_slogans(by=...)")
    cols = list(groups.columns)
    if cols:
        gid = groups.groupby(cols, dropna=False, sort=True).ngroup().to_numpy()
        keys = groups.assign(_g=gid).drop_duplicates("_g").sort_values("_g")[cols]
        keys = keys.reset_index(drop=True)
    else:
        gid = np.zeros(len(corpus), dtype=np.int64)
        keys = pd.DataFrame(index=range(1 if len(corpus) else 0))
    n_groups, n_entries = len(keys), len(lexicon)
    doc = hits["doc"].to_numpy()
    cell = gid[doc] * n_entries + hits["entry"].to_numpy()
    count = np.bincount(cell, minlength=n_groups * n_entries)
    pair = np.unique(doc * n_entries + hits["entry"].to_numpy())
    docs = np.bincount(
        gid[pair // n_entries] * n_entries + pair % n_entries, minlength=n_groups * n_entries
    )
    tokens = None
    if with_tokens:
        lengths = corpus.tokens().doc_lengths
        tokens = np.bincount(gid, weights=lengths, minlength=n_groups)
    shape = (n_groups, n_entries)
    return SloganCells(keys, count.reshape(shape), docs.reshape(shape), tokens)


def _slogan_table(
    cells: SloganCells, lexicon: Lexicon, rate: int | None, fill_zeros: bool, overlap: str
) -> pd.DataFrame:
    """The :func:`count_slogans` table of (merged) cells."""
    column = None if rate is None else rate_column(rate)
    n_groups, n_entries = cells.count.shape
    out = cells.keys.loc[np.repeat(np.arange(n_groups), n_entries)].reset_index(drop=True)
    labels = _labels(lexicon)
    for col in labels.columns:
        out[col] = np.tile(labels[col].to_numpy(), n_groups)
    out["count"] = cells.count.reshape(-1).astype(np.int64)
    out["doc_freq"] = cells.docs.reshape(-1).astype(np.int64)
    if column is not None:
        denom = np.repeat(cells.tokens, n_entries)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[column] = np.where(denom > 0, out["count"] * rate_value(rate) / denom, np.nan)
    if not fill_zeros:
        out = out[out["count"] > 0].reset_index(drop=True)
    out.attrs["overlap"] = overlap
    return out


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    left = " ".join(text[max(0, start - width) : start].split())
    right = " ".join(text[end : end + width].split())
    return left, right


def slogan_matches(
    data: Corpus | Sequence[str],
    lexicon: Lexicon | str,
    *,
    overlap: str = "all",
    forms: str = "auto",
    context: int = 40,
    client: Any = None,
    npartitions: int | None = None,
    read_options: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Every hit with its position and context (a keyword-in-context table of the lexicon).

    Parameters
    ----------
    data : Corpus or list of str
        The documents.
    lexicon : Lexicon or str
        A lexicon or a built-in lexicon's name.
    overlap, forms : str
        As in :func:`count_slogans` (default ``"all"``: a nested formulation is listed as well
        as the one containing it).
    context : int
        Characters of context on each side.
    client, npartitions, read_options
        Run on Dask as :func:`count_slogans` does; every partition's hits in document order,
        concatenated, are the local table.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``date``, ``year``, ``slogan_id``, ``label_zh``, ``label_en``, ``match``
        (the text as written), ``start``, ``end`` (character offsets in the normalised text),
        ``left``, ``right`` (whitespace collapsed); in document and text order.

    Examples
    --------
    >>> lex = Lexicon.from_dict({"tn": {"en": ["Three Norths", "Three-North"]}})
    >>> slogan_matches(["Build the “Three-North” belt."], lex)[["match", "start", "end"]]
             match  start  end
    0  Three-North     11   22
    """
    lexicon = as_lexicon(lexicon)
    if isinstance(context, bool) or not isinstance(context, int) or context < 0:
        raise ArgumentError(f"context must be a number of characters >= 0, not {context!r}")
    if use_dask(client):
        from toolkit.distributed import attach_report, map_merge
        from toolkit.distributed._core import concat_frames

        check_options(overlap, forms)
        out, report = map_merge(
            data, slogan_matches, concat_frames, client=client, npartitions=npartitions,
            read_options=read_options, args=(lexicon,), as_data=as_corpus,
            kwargs={"overlap": overlap, "forms": forms, "context": context},
        )  # fmt: skip
        return attach_report(out, report)
    if npartitions is not None or read_options is not None:
        raise InputError("npartitions and read_options only apply on Dask (client=)")
    corpus = as_corpus(data)
    hits = find_hits(corpus, lexicon, overlap=overlap, forms=forms, offsets=True)
    hits = hits.sort_values(["doc", "start", "end"], kind="stable").reset_index(drop=True)
    d = corpus.docs
    texts = d["text"].tolist()
    labels = _labels(lexicon)
    entry = hits["entry"].to_numpy()
    rows = [
        (texts[i][a:b], *_context(texts[i], a, b, context))
        for i, a, b in zip(hits["doc"], hits["start"], hits["end"], strict=True)
    ]
    match, left, right = (list(x) for x in zip(*rows, strict=True)) if rows else ([], [], [])
    doc = hits["doc"].to_numpy()
    out = pd.DataFrame(
        {
            "doc_id": d["doc_id"].to_numpy()[doc],
            "date": d["date"].to_numpy()[doc],
            "year": pd.array(d["year"].to_numpy()[doc], dtype="Int64"),
            "slogan_id": labels["slogan_id"].to_numpy()[entry],
            "label_zh": labels["label_zh"].to_numpy()[entry],
            "label_en": labels["label_en"].to_numpy()[entry],
            "match": match,
            "start": hits["start"].to_numpy(),
            "end": hits["end"].to_numpy(),
            "left": left,
            "right": right,
        }
    )
    out.attrs["overlap"] = overlap
    return out


def first_appearances(
    data: Corpus | Sequence[str],
    lexicon: Lexicon | str,
    *,
    overlap: str = "all",
    forms: str = "auto",
    context: int = 40,
) -> pd.DataFrame:
    """The first document (by year, then date, then corpus order) in which each slogan occurs.

    Every occurrence counts (``overlap="all"``), so 小康社会 is dated by its first use even
    where it is part of 全面建设小康社会, and both formulations get their own first
    appearance. Documents without a year come last. Slogans that never occur are left out.

    Returns
    -------
    pandas.DataFrame
        ``slogan_id``, ``label_zh``, ``label_en``, ``first_date`` (NaT when the document has
        only a year), ``first_year``, ``first_doc``, ``context`` (the first hit with
        ``context`` characters each side); ordered by first appearance.

    Examples
    --------
    >>> lex = Lexicon.from_dict({"cp": "共同富裕", "ss": "小康社会", "all": "全面建设小康社会"})
    >>> c = Corpus.from_texts(["全面建设小康社会", "小康社会和共同富裕"],
    ...                       dates=["2002-11-08", "2021"])
    >>> first_appearances(c, lex)[["slogan_id", "first_year", "first_doc"]]
      slogan_id  first_year first_doc
    0       all        2002      doc1
    1        ss        2002      doc1
    2        cp        2021      doc2
    """
    corpus, lexicon = as_corpus(data), as_lexicon(lexicon)
    matches = slogan_matches(corpus, lexicon, overlap=overlap, forms=forms, context=context)
    cols = ["slogan_id", "label_zh", "label_en", "first_date", "first_year", "first_doc"]
    cols.append("context")
    if matches.empty:
        out = pd.DataFrame(columns=cols)
        out.attrs["overlap"] = overlap
        return out
    order = pd.Series(np.arange(len(corpus)), index=corpus.docs["doc_id"])
    m = matches.assign(_order=matches["doc_id"].map(order).to_numpy())
    m = m.sort_values(["year", "date", "_order", "start"], na_position="last", kind="stable")
    first = m.drop_duplicates("slogan_id").copy()
    first["context"] = first["left"] + first["match"] + first["right"]
    first = first.rename(
        columns={"date": "first_date", "year": "first_year", "doc_id": "first_doc"}
    )
    out = first[cols].reset_index(drop=True)
    out.attrs["overlap"] = overlap
    return out
