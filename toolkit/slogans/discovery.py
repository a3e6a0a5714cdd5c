"""Discovering formulations that are not (yet) in a lexicon, and promoting them into one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.model import Corpus
from toolkit.errors import ArgumentError, UnknownNameError
from toolkit.slogans import numbered as nb
from toolkit.slogans.counting import as_corpus, as_lexicon, find_hits
from toolkit.slogans.lexicon import Entry, Lexicon, list_lexicons, with_entry
from toolkit.slogans.matching import en_view, get_matcher, is_chinese

__all__ = ["KINDS", "discover_slogans", "promote"]

#: Candidate kinds, in the order they are generated.
KINDS = ("numbered_zh", "numbered_en", "quoted", "collocation")
_COLUMNS = [
    "candidate",
    "kind",
    "count",
    "docs",
    "first_date",
    "first_year",
    "first_doc",
    "example",
]
_QUOTED = re.compile(r"“([^“”\n]{2,120})”|「([^「」\n]{2,60})」|『([^『』\n]{2,60})』")
_SENTENCE_END = re.compile(r"[。！？；.!?;:：]")
_NUMBER = re.compile("[〇零一二两三四五六七八九十百千万亿0-9.]+")
_EN_WORDS = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def _quoted(texts: Sequence[str]) -> list[tuple[str, str]]:
    """Quoted phrases of 2–12 characters (Chinese) or 2–12 words (other scripts); numbers
    (“十五”, counted as substrings, would also count every 15) and English phrases made only
    of stopwords are marked as filtered."""
    from toolkit.text.stopwords import stopwords

    stop = frozenset(stopwords("en"))
    rows = []
    for text in texts:
        for m in _QUOTED.finditer(text):
            inner = next(g for g in m.groups() if g).strip(" ,、")
            if _SENTENCE_END.search(inner):
                continue
            if is_chinese(inner):
                if 2 <= len(inner) <= 12:
                    rows.append((inner, "number" if _NUMBER.fullmatch(inner) else ""))
                continue
            words = _EN_WORDS.findall(inner.lower())
            if 2 <= len(words) <= 12:
                rows.append((inner, "function words only" if set(words) <= stop else ""))
    return rows


def _rarely_quoted(frame: pd.DataFrame, quoted: Counter, share: float) -> list[str]:
    """The ``filtered`` column, adding quoted phrases that are mostly used without quotes."""
    out = []
    for cand, kind, why, n in zip(
        frame["candidate"], frame["kind"], frame["filtered"], frame["count"], strict=True
    ):
        q = quoted.get(cand, 0)
        if kind == "quoted" and not why and n and q / n < share:
            why = f"rarely quoted ({q} of {n} uses)"
        out.append(why)
    return out


def _collocations(corpus: Corpus, min_count: int, limit: int) -> list[tuple[str, str]]:
    """The ``limit`` most cohesive bigrams per language (highest ``lambda`` among those with
    ``z`` > 3.29, i.e. p < 0.001), from :func:`toolkit.collocations` with stopwords removed."""
    from toolkit.counts.collocations import collocations

    rows = []
    for lang in corpus.languages:
        part = corpus.subset(language=lang)
        stop = "zh" if lang == "zh" else "en"
        table = collocations(part, n=2, min_count=min_count, stopwords=stop, sort="lambda")
        table = table[table["z"] > 3.29].head(limit)
        for phrase in table["feature"]:
            words = str(phrase).split()
            if any(any(ch.isdigit() for ch in w) for w in words):
                continue
            rows.append(("".join(words) if lang == "zh" else " ".join(words), ""))
    return rows


def _numbered(corpus: Corpus, kind: str, alpha: float) -> list[tuple[str, str]]:
    d = corpus.docs
    if kind == "numbered_zh":
        occ = nb.zh_numbered(d.loc[d["language"] == "zh", "text"].tolist())
    else:
        from toolkit.text.stopwords import stopwords

        stop = frozenset(stopwords("en")) - set(nb.EN_NUMERALS)
        texts = [nb.en_scan_view(t) for t in d.loc[d["language"] != "zh", "text"]]
        occ = nb.en_numbered(texts, stop)
    fixed = nb.fixedness(occ.pool)
    counts = occ.counts()
    rows = []
    for cand, (num, rest, shape) in occ.candidates().items():
        if kind == "numbered_zh":
            why = nb.zh_generic(num, rest, shape)
            if shape == "classifier+" and counts[cand] < 0.6 * counts[num + rest]:
                continue  # the two-word form (四项基本原则) is kept only when it is the usual one
        else:
            why = nb.en_generic(num, rest, shape, stop)
        n, n_all, p = fixed.get((shape.rstrip("+"), num, rest), (0, 0, 0.0))
        if not why and p >= alpha:
            why = f"numeral not fixed ({n} of {n_all} numbered uses, p = {p:.2g})"
        rows.append((cand, why))
    return rows


def _known(lexicons: list[Lexicon]) -> tuple[list, str]:
    """Matchers of the excluded lexicons and all their forms in one string (for containment)."""
    matchers = [get_matcher(lex) for lex in lexicons]
    keys = [f.lower() if not is_chinese(f) else f for lex in lexicons for f in lex.phrases()]
    return matchers, "\x00".join(en_view(k)[0] if not is_chinese(k) else k for k in keys)


def _is_known(candidate: str, matchers: list, joined: str) -> bool:
    script = "zh" if is_chinese(candidate) else "en"
    key = candidate if script == "zh" else en_view(candidate)[0].strip()
    if key and key in joined:
        return True
    return any(m.find(candidate, script, "all", offsets=False) for m in matchers)


def _exclusions(exclude_lexicons: Any) -> list[Lexicon]:
    if exclude_lexicons is None:
        return []
    if isinstance(exclude_lexicons, str) and exclude_lexicons == "builtin":
        return [as_lexicon(n) for n in list_lexicons()["name"]]
    if isinstance(exclude_lexicons, (str, Lexicon)):
        exclude_lexicons = [exclude_lexicons]
    return [as_lexicon(x) for x in exclude_lexicons]


def _statistics(corpus: Corpus, cands: list[str], context: int) -> pd.DataFrame:
    entries = [
        Entry(id=f"c{i}", zh=c) if is_chinese(c) else Entry(id=f"c{i}", en=(c,))
        for i, c in enumerate(cands)
    ]
    lex = Lexicon(tuple(entries), name="candidates")
    hits = find_hits(corpus, lex, overlap="all", forms="both")
    d = corpus.docs
    year = d["year"].to_numpy(dtype="float64", na_value=np.nan)
    order = np.lexsort((np.arange(len(d)), d["date"].to_numpy(), np.nan_to_num(year, nan=1e9)))
    rank = np.empty(len(d), dtype=np.int64)
    rank[order] = np.arange(len(d))
    hits = hits.assign(_rank=rank[hits["doc"].to_numpy()])
    hits = hits.sort_values(["entry", "_rank", "start"], kind="stable")
    grouped = hits.groupby("entry")
    stats = pd.DataFrame({"count": grouped.size(), "docs": grouped["doc"].nunique()})
    first = hits.drop_duplicates("entry").set_index("entry")
    texts = d["text"].tolist()
    out = pd.DataFrame({"candidate": cands}).join(stats).join(first[["doc", "start", "end"]])
    out[["count", "docs"]] = out[["count", "docs"]].fillna(0).astype(np.int64)
    found = out["doc"].notna()
    doc = out.loc[found, "doc"].astype(np.int64).to_numpy()
    out["first_date"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    out.loc[found, "first_date"] = d["date"].to_numpy()[doc]
    out["first_year"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out.loc[found, "first_year"] = d["year"].to_numpy()[doc]
    out["first_doc"] = None
    out.loc[found, "first_doc"] = d["doc_id"].to_numpy()[doc]
    out["example"] = ""
    out.loc[found, "example"] = [
        texts[i][max(0, int(a) - context) : int(b) + context].replace("\n", " ")
        for i, a, b in zip(doc, out.loc[found, "start"], out.loc[found, "end"], strict=True)
    ]
    return out.drop(columns=["doc", "start", "end"])


def discover_slogans(
    corpus: Corpus | Sequence[str],
    kinds: Sequence[str] | str | None = None,
    min_count: int = 2,
    top: int | None = None,
    *,
    exclude_lexicons: Any = "builtin",
    alpha: float = 0.01,
    quoted_share: float = 0.2,
    collocation_limit: int = 200,
    context: int = 30,
    return_filtered: bool = False,
) -> pd.DataFrame:
    """Find candidate formulations that no lexicon knows yet.

    Parameters
    ----------
    corpus : Corpus or list of str
        The documents.
    kinds : list of str, optional
        Any of ``"numbered_zh"`` (numeral + head: 两个确立, 八项规定; numeral-initial words:
        三农, 十四五; serial patterns: 三严三实, 三去一降一补), ``"numbered_en"`` ("two
        establishments", "five major tasks", "one country, two systems"), ``"quoted"`` (“…”,
        "…", 「…」 of 2–12 words or characters) and ``"collocation"`` (cohesive multiword units
        from :func:`toolkit.collocations`). Default: all but ``"collocation"``.
    min_count : int
        Minimum number of occurrences.
    top : int, optional
        Keep the best ``top`` candidates.
    exclude_lexicons : "builtin", None, or list of Lexicon / names
        Candidates containing a form of these lexicons, or contained in one, are dropped.
    alpha : float
        Significance level of the numeral fixedness test for numbered candidates (see
        :mod:`toolkit.slogans.numbered`); candidates whose head takes other numerals about
        as often as chance predicts are ordinary quantities.
    quoted_share : float
        A quoted phrase is kept when at least this share of its occurrences is in quotes
        (“to be” is quoted now and then, but mostly it is not a phrase anyone coined).
    collocation_limit : int
        Number of collocations (best ``lambda``) per language considered.
    context : int
        Characters of context on each side in ``example``.
    return_filtered : bool
        Also return the candidates removed as ordinary quantities, with a ``filtered`` column
        saying why (empty for kept candidates).

    Returns
    -------
    pandas.DataFrame
        ``candidate``, ``kind``, ``count`` (occurrences in any document, counted as
        :func:`count_slogans` counts with ``overlap="all", forms="both"``), ``docs``, ``first_date``, ``first_year``,
        ``first_doc``, ``example`` (the first occurrence in context); ranked by ``docs``, then
        ``count``. A candidate that only ever occurs inside a longer candidate is dropped.

    Examples
    --------
    >>> texts = ["We uphold the “two establishments” and the two maintenances.",
    ...          "The two establishments matter. Two years later, three days passed.",
    ...          "Two maintenances again, for two years."]
    >>> discover_slogans(texts, kinds=["numbered_en"], exclude_lexicons=None)["candidate"].tolist()
    ['two establishments', 'two maintenances']
    """
    corpus = as_corpus(corpus)
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or KINDS[:3])
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ArgumentError(f"unknown kind(s) {sorted(unknown)}; choose from {KINDS}")
    if min_count < 1:
        raise ArgumentError("min_count must be >= 1")
    found: dict[str, tuple[str, str]] = {}
    quoted: Counter = Counter()
    for kind in kinds:
        if kind.startswith("numbered"):
            rows = _numbered(corpus, kind, alpha)
        elif kind == "quoted":
            rows = _quoted(corpus.docs["text"].tolist())
        else:
            rows = _collocations(corpus, min_count, collocation_limit)
        for cand, why in rows:
            key = cand if is_chinese(cand) else en_view(cand)[0].strip()
            if kind == "quoted":
                quoted[key] += 1
            if key and (key not in found or (found[key][1] and not why)):
                found[key] = (kind, why)
    matchers, joined = _known(_exclusions(exclude_lexicons))
    keys = [k for k in found if not _is_known(k, matchers, joined)]
    out = _statistics(corpus, keys, context)
    out["kind"] = [found[k][0] for k in keys]
    out["filtered"] = [found[k][1] for k in keys]
    out = out[out["count"] >= min_count]
    out["filtered"] = _rarely_quoted(out, quoted, quoted_share)
    out = _drop_subsumed(out)
    if not return_filtered:
        out = out[out["filtered"] == ""].drop(columns="filtered")
    out = out.sort_values(["docs", "count", "candidate"], ascending=[False, False, True])
    cols = _COLUMNS + (["filtered"] if return_filtered else [])
    out = out[cols].reset_index(drop=True)
    return out.head(top) if top is not None else out


def _drop_subsumed(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop candidates that never occur outside a longer kept candidate containing them."""
    kept = frame[frame["filtered"] == ""]
    longer = sorted(zip(kept["candidate"], kept["count"], strict=True), key=lambda x: -len(x[0]))
    drop = []
    for cand, count in zip(frame["candidate"], frame["count"], strict=True):
        drop.append(any(len(o) > len(cand) and cand in o and c >= count for o, c in longer))
    return frame[~np.asarray(drop, dtype=bool)]


def _owner(lexicon: Lexicon | None, form: str) -> str | None:
    """The id of the entry that already has ``form`` (case-insensitive), if any."""
    if lexicon is None:
        return None
    key = form.casefold()
    return next((e.id for e in lexicon if key in {f.casefold() for f in e.forms}), None)


def _slug(text: str) -> str:
    if is_chinese(text):
        return re.sub(r"\s+", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "candidate"


def promote(
    candidates: pd.DataFrame | pd.Series | str | Sequence[str],
    lexicon: Lexicon | None = None,
    *,
    id: str | None = None,
    en: str | Sequence[str] | None = None,
    zh: str | None = None,
    category: str = "",
    since: int | None = None,
    source: str | None = None,
    name: str = "user",
) -> Lexicon:
    """Turn discovered candidates into lexicon entries, in one call.

    Parameters
    ----------
    candidates : DataFrame, row (Series), str or list of str
        Rows of :func:`discover_slogans` output (every row becomes an entry) or plain forms.
    lexicon : Lexicon, optional
        Add to this lexicon (a new one when None). A candidate that is already a form of an
        entry, or whose id exists, adds its other forms to that entry as variants.
    id, en, zh, category, since, source : optional
        Entry fields. ``id``, ``en`` and ``zh`` only for a single candidate; by default the id
        is the Chinese form itself or a slug of the English one, ``since`` the first year
        seen, ``source`` a note naming the first document.
    name : str
        Name of a new lexicon.

    Returns
    -------
    Lexicon

    Examples
    --------
    >>> lex = promote("两个确立", en="Two Establishments", category="ideology")
    >>> lex["两个确立"].en, lex["两个确立"].category
    (('Two Establishments',), 'ideology')
    >>> promote(["four comprehensives", "two upholds"], lex).ids
    ['两个确立', 'four-comprehensives', 'two-upholds']
    """
    if isinstance(candidates, pd.DataFrame):
        rows = candidates.to_dict("records")
    elif isinstance(candidates, pd.Series):
        rows = [candidates.to_dict()]
    elif isinstance(candidates, str):
        rows = [{"candidate": candidates}]
    else:
        rows = [{"candidate": c} for c in candidates]
    if len(rows) != 1 and (id or en or zh):
        raise ArgumentError("id, en and zh can only be given when promoting a single candidate")
    if any("candidate" not in r for r in rows):
        raise UnknownNameError(
            "promote() needs rows with a 'candidate' column (discover_slogans output)"
        )
    extra_en = (en,) if isinstance(en, str) else tuple(en or ())
    for row in rows:
        cand = str(row["candidate"]).strip()
        chinese = is_chinese(cand)
        year = since if since is not None else row.get("first_year")
        note = source
        if note is None and row.get("kind"):
            note = f"discover_slogans ({row['kind']}), first seen in {row.get('first_doc')}"
        owner = _owner(lexicon, cand)
        if owner and id and id != owner:
            raise ArgumentError(f"{cand!r} is already a form of entry {owner!r}, not of {id!r}")
        entry = Entry(
            id=owner or id or _slug(cand),
            zh=zh or (cand if chinese else ""),
            en=extra_en if chinese else (cand, *extra_en),
            category=category,
            since=None if year is None or pd.isna(year) else int(year),
            source=note or "",
        )
        lexicon = with_entry(lexicon, entry, name=name)
    assert lexicon is not None
    return lexicon
