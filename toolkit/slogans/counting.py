"""Counting lexicon slogans in a corpus: trajectories, hits in context, first appearances and
co-occurrence. All functions return tidy DataFrames."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.corpus.model import Corpus, group_frame
from toolkit.errors import ArgumentError, InputError
from toolkit.slogans.lexicon import Lexicon, load_lexicon
from toolkit.slogans.matching import check_options, get_matcher, scripts_for

__all__ = ["count_slogans", "first_appearances", "slogan_cooccurrence", "slogan_matches"]

_UNITS = ("document", "paragraph", "sentence")


def as_corpus(data: Corpus | Sequence[str] | str) -> Corpus:
    """A Corpus from a Corpus, one string or a list of strings."""
    if isinstance(data, Corpus):
        return data
    if isinstance(data, str):
        return Corpus.from_texts([data])
    if isinstance(data, Sequence) and all(isinstance(t, str) for t in data):
        return Corpus.from_texts(list(data))
    raise InputError(f"expected a Corpus or a list of strings, got {type(data).__name__}")


def as_lexicon(lexicon: Lexicon | str | Path | dict) -> Lexicon:
    """A Lexicon from a Lexicon, a built-in name, a file path or a dict."""
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, (str, Path)):
        return load_lexicon(lexicon)
    if isinstance(lexicon, dict):
        return Lexicon.from_dict(lexicon)
    raise InputError(f"expected a Lexicon, a lexicon name or a dict, got {type(lexicon).__name__}")


def find_hits(
    corpus: Corpus,
    lexicon: Lexicon,
    *,
    overlap: str = "longest",
    forms: str = "auto",
    offsets: bool = True,
) -> pd.DataFrame:
    """Every resolved hit: ``doc`` (row number in ``corpus.docs``), ``start``, ``end``, ``entry``
    (index into the lexicon). With ``offsets=False`` English offsets stay in match-view
    coordinates (cheaper; enough for counting)."""
    check_options(overlap, forms)
    matcher = get_matcher(lexicon)
    texts = corpus.docs["text"].tolist()
    langs = corpus.docs["language"].tolist()
    parts = []
    for script in matcher.scripts():
        chosen = [d for d, lang in enumerate(langs) if script in scripts_for(lang, forms)]
        if not chosen:
            continue
        i, a, b, e = matcher.find_many([texts[d] for d in chosen], script, overlap, offsets)
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


def _group_frame(docs: pd.DataFrame, by: str | Sequence[str] | None) -> tuple[pd.DataFrame, list]:
    if by is None:
        return pd.DataFrame(index=docs.index), []
    cols = [by] if isinstance(by, str) else list(by)
    return group_frame(docs, cols), cols


def count_slogans(
    corpus: Corpus | Sequence[str],
    lexicon: Lexicon | str,
    by: str | Sequence[str] | None = None,
    normalize: str | None = "per_10k",
    *,
    overlap: str = "longest",
    forms: str = "auto",
    fill_zeros: bool = True,
) -> pd.DataFrame:
    """Count every lexicon entry, overall or per group of documents.

    Parameters
    ----------
    corpus : Corpus or list of str
        The documents (their normalised ``text`` is searched).
    lexicon : Lexicon or str
        A lexicon or the name of a built-in one (``"ccp-formulations"``).
    by : None, str or list of str
        Group documents by these columns; ``"decade"`` is derived from ``year``. Documents
        with a missing group value form their own group (NA), so group counts add up to the
        corpus total.
    normalize : {"per_10k", None}
        ``"per_10k"`` adds ``per_10k``: hits per 10,000 tokens of the group, tokens being
        ``corpus.tokens()`` with default settings (words for English, rjieba words for
        Chinese, punctuation removed, stopwords kept). None skips tokenization.
    overlap : {"longest", "all"}
        ``"longest"`` (default): leftmost-longest, non-overlapping hits, so
        习近平新时代中国特色社会主义思想 is not also counted as 中国特色社会主义. ``"all"``: nested
        hits of different entries are counted too.
    forms : {"auto", "zh", "en", "both"}
        Which forms to look for: ``"auto"`` uses Chinese forms in documents whose ``language``
        is ``"zh"`` and English forms in the others (so "common prosperity (共同富裕)" counts
        once); ``"both"`` searches both everywhere, resolving overlaps within each script.
    fill_zeros : bool
        Include a row with count 0 for every (group, slogan) pair without hits, so that
        trajectories have explicit zeros. Groups are the values present in the corpus
        (years without documents get no row).

    Returns
    -------
    pandas.DataFrame
        ``[by…]``, ``slogan_id``, ``label_zh``, ``label_en``, ``category``, ``count`` (hits),
        ``docs`` (documents with at least one hit), ``per_10k``; sorted by group, then
        lexicon order.

    Examples
    --------
    >>> lex = Lexicon.from_dict({"cp": {"zh": "共同富裕", "en": ["common prosperity"]}})
    >>> c = Corpus.from_texts(["共同富裕。扎实推进共同富裕", "Common prosperity for all."],
    ...                       dates=["2021", "2022"])
    >>> count_slogans(c, lex, by="year")[["year", "slogan_id", "count", "docs"]]
       year slogan_id  count  docs
    0  2021        cp      2     1
    1  2022        cp      1     1
    """
    corpus, lexicon = as_corpus(corpus), as_lexicon(lexicon)
    if normalize not in ("per_10k", None):
        raise ArgumentError(f"normalize must be 'per_10k' or None, not {normalize!r}")
    hits = find_hits(corpus, lexicon, overlap=overlap, forms=forms, offsets=False)
    groups, cols = _group_frame(corpus.docs, by)
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
    out = keys.loc[np.repeat(np.arange(n_groups), n_entries)].reset_index(drop=True)
    labels = _labels(lexicon)
    for col in labels.columns:
        out[col] = np.tile(labels[col].to_numpy(), n_groups)
    out["count"], out["docs"] = count.astype(np.int64), docs.astype(np.int64)
    if normalize == "per_10k":
        lengths = corpus.tokens().doc_lengths
        tokens = np.bincount(gid, weights=lengths, minlength=n_groups)
        denom = np.repeat(tokens, n_entries)
        with np.errstate(divide="ignore", invalid="ignore"):
            out["per_10k"] = np.where(denom > 0, out["count"] * 1e4 / denom, np.nan)
    if not fill_zeros:
        out = out[out["count"] > 0].reset_index(drop=True)
    return out


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return left, right


def slogan_matches(
    corpus: Corpus | Sequence[str],
    lexicon: Lexicon | str,
    *,
    overlap: str = "longest",
    forms: str = "auto",
    context: int = 40,
) -> pd.DataFrame:
    """Every hit with its position and context.

    Parameters
    ----------
    corpus : Corpus or list of str
        The documents.
    lexicon : Lexicon or str
        A lexicon or a built-in lexicon's name.
    overlap, forms : str
        As in :func:`count_slogans`.
    context : int
        Characters of context on each side.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``date``, ``year``, ``slogan_id``, ``label_zh``, ``label_en``, ``matched``
        (the text as written), ``start``, ``end`` (character offsets in the normalised text),
        ``left``, ``right``; in document and text order.

    Examples
    --------
    >>> lex = Lexicon.from_dict({"tn": {"en": ["Three Norths", "Three-North"]}})
    >>> slogan_matches(["Build the “Three-North” belt."], lex)[["matched", "start", "end"]]
           matched  start  end
    0  Three-North     11   22
    """
    corpus, lexicon = as_corpus(corpus), as_lexicon(lexicon)
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
    matched, left, right = (list(x) for x in zip(*rows, strict=True)) if rows else ([], [], [])
    doc = hits["doc"].to_numpy()
    return pd.DataFrame(
        {
            "doc_id": d["doc_id"].to_numpy()[doc],
            "date": d["date"].to_numpy()[doc],
            "year": pd.array(d["year"].to_numpy()[doc], dtype="Int64"),
            "slogan_id": labels["slogan_id"].to_numpy()[entry],
            "label_zh": labels["label_zh"].to_numpy()[entry],
            "label_en": labels["label_en"].to_numpy()[entry],
            "matched": matched,
            "start": hits["start"].to_numpy(),
            "end": hits["end"].to_numpy(),
            "left": left,
            "right": right,
        }
    )


def first_appearances(
    corpus: Corpus | Sequence[str],
    lexicon: Lexicon | str,
    *,
    overlap: str = "longest",
    forms: str = "auto",
    context: int = 40,
) -> pd.DataFrame:
    """The first document (by year, then date, then corpus order) in which each slogan occurs.

    Documents without a year come last. Slogans that never occur are left out.

    Returns
    -------
    pandas.DataFrame
        ``slogan_id``, ``label_zh``, ``label_en``, ``first_date`` (NaT when the document has
        only a year), ``first_year``, ``doc_id``, ``context`` (the first hit with ``context``
        characters each side); ordered by first appearance.

    Examples
    --------
    >>> lex = Lexicon.from_dict({"cp": "共同富裕", "ss": "小康社会"})
    >>> c = Corpus.from_texts(["建设小康社会", "小康社会和共同富裕"], dates=["2002-11-08", "2021"])
    >>> first_appearances(c, lex)[["slogan_id", "first_year", "doc_id"]]
      slogan_id  first_year doc_id
    0        ss        2002   doc1
    1        cp        2021   doc2
    """
    corpus, lexicon = as_corpus(corpus), as_lexicon(lexicon)
    matches = slogan_matches(corpus, lexicon, overlap=overlap, forms=forms, context=context)
    cols = ["slogan_id", "label_zh", "label_en", "first_date", "first_year", "doc_id", "context"]
    if matches.empty:
        return pd.DataFrame(columns=cols)
    order = pd.Series(np.arange(len(corpus)), index=corpus.docs["doc_id"])
    m = matches.assign(_order=matches["doc_id"].map(order).to_numpy())
    m = m.sort_values(["year", "date", "_order", "start"], na_position="last", kind="stable")
    first = m.drop_duplicates("slogan_id").copy()
    first["context"] = first["left"] + first["matched"] + first["right"]
    first = first.rename(columns={"date": "first_date", "year": "first_year"})
    return first[cols].reset_index(drop=True)


def slogan_cooccurrence(
    corpus: Corpus | Sequence[str],
    lexicon: Lexicon | str,
    unit: str = "paragraph",
    *,
    min_count: int = 1,
    overlap: str = "longest",
    forms: str = "auto",
) -> pd.DataFrame:
    """Pairs of slogans that occur in the same unit, with counts and normalised PMI.

    Parameters
    ----------
    corpus : Corpus or list of str
        The documents.
    lexicon : Lexicon or str
        A lexicon or a built-in lexicon's name.
    unit : {"paragraph", "sentence", "document"}
        The co-occurrence window (via ``corpus.segment(unit)``).
    min_count : int
        Keep pairs found together in at least this many units.
    overlap, forms : str
        As in :func:`count_slogans`.

    Returns
    -------
    pandas.DataFrame
        ``slogan_a``, ``slogan_b`` (lexicon order, each pair once), ``label_a``, ``label_b``
        (Chinese labels for Chinese corpora, else English), ``count`` (units with both),
        ``npmi`` = log(p(a,b) / (p(a) p(b))) / −log p(a,b) over units (1 = always together,
        0 = independent, −1 never), ``count_a``, ``count_b`` (units with each); sorted by
        count, then npmi, descending.

    Examples
    --------
    >>> lex = Lexicon.from_dict({"a": "四个全面", "b": "五位一体", "c": "一带一路"})
    >>> c = Corpus.from_texts(["四个全面和五位一体。\\n\\n一带一路。\\n\\n四个全面、五位一体"])
    >>> slogan_cooccurrence(c, lex)[["slogan_a", "slogan_b", "count", "npmi"]].round(3)
      slogan_a slogan_b  count  npmi
    0        a        b      2   1.0
    """
    corpus, lexicon = as_corpus(corpus), as_lexicon(lexicon)
    if unit not in _UNITS:
        raise ArgumentError(f"unit must be one of {_UNITS}, not {unit!r}")
    units = corpus.segment(unit)
    hits = find_hits(units, lexicon, overlap=overlap, forms=forms, offsets=False)
    cols = ["slogan_a", "slogan_b", "label_a", "label_b", "count", "npmi", "count_a", "count_b"]
    n_units, k = len(units), len(lexicon)
    present = np.unique(hits["doc"].to_numpy() * k + hits["entry"].to_numpy())
    if n_units == 0 or present.size == 0:
        return pd.DataFrame(columns=cols)
    from scipy import sparse

    m = sparse.csr_matrix((np.ones(present.size), (present // k, present % k)), shape=(n_units, k))
    co = (m.T @ m).tocoo()
    single = np.asarray(m.sum(axis=0)).ravel()
    keep = (co.row < co.col) & (co.data >= min_count)
    a, b, n_ab = co.row[keep], co.col[keep], co.data[keep]
    p_ab, p_a, p_b = n_ab / n_units, single[a] / n_units, single[b] / n_units
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(p_ab >= 1.0, 1.0, np.log(p_ab / (p_a * p_b)) / -np.log(p_ab))
    zh = corpus.languages[:1] == ["zh"]
    ents = lexicon.entries
    label = [(e.label_zh or e.label_en) if zh else (e.label_en or e.label_zh) for e in ents]
    ids = np.asarray(lexicon.ids, dtype=object)
    labels = np.asarray(label, dtype=object)
    out = pd.DataFrame(
        {
            "slogan_a": ids[a],
            "slogan_b": ids[b],
            "label_a": labels[a],
            "label_b": labels[b],
            "count": n_ab.astype(np.int64),
            "npmi": npmi,
            "count_a": single[a].astype(np.int64),
            "count_b": single[b].astype(np.int64),
        }
    )
    out = out.sort_values(
        ["count", "npmi", "slogan_a", "slogan_b"], ascending=[False] * 2 + [True] * 2
    )
    return out.reset_index(drop=True)
