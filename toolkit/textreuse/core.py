"""``tk.reuse``: aligned passages shared by two corpora, or by the documents of one corpus."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit._progress import progress_bar
from toolkit.corpus.model import Corpus
from toolkit.errors import ArgumentError, InputError, MissingDependencyError
from toolkit.text.language import base_language
from toolkit.textreuse.align import AlignSettings, align_chains, chain_seeds
from toolkit.textreuse.index import boilerplate_limit, find_seeds
from toolkit.textreuse.units import Units, extract_units, shingle_hashes

__all__ = ["REUSE_COLUMNS", "reuse"]

#: Columns of the table :func:`reuse` returns, in order.
REUSE_COLUMNS = [
    "doc_id_target",
    "date_target",
    "year_target",
    "start_target",
    "end_target",
    "doc_id_source",
    "date_source",
    "year_source",
    "start_source",
    "end_source",
    "length",
    "similarity",
    "text_target",
    "text_source",
]
#: Defaults by unit: (shingle length n, min_length), characters (Chinese) and words (English).
DEFAULTS = {"chars": (6, 25), "words": (4, 12)}
#: Share of a Chinese passage's characters that are units (not spaces or punctuation), at least:
#: the aligner's length threshold in units is ``min_length`` times this, the exact length test
#: is done on characters afterwards.
_UNIT_SHARE = 0.7
_BACKENDS = ("local", "dask")


def _as_corpus(data: Any, role: str) -> Corpus:
    if isinstance(data, Corpus):
        return data
    if isinstance(data, str):
        raise InputError(
            f"reuse() {role}: got a str; pass [text] for one text, or Path(...) / "
            "tk.read_corpus for files"
        )
    if isinstance(data, Sequence) and not isinstance(data, (bytes, bytearray)):
        texts = list(data)
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise InputError(f"reuse() {role}: text {i} is {type(t).__name__}, not str")
        ids = [f"text{i + 1}" for i in range(len(texts))]
        return Corpus(pd.DataFrame({"doc_id": ids, "text": texts}))
    raise InputError(
        f"reuse() {role}: expected a Corpus or a list of str, not {type(data).__name__}"
    )


def _chronology(docs: pd.DataFrame) -> np.ndarray:
    """Rank of every document in time: its date, else 1 January of its year, else last (ties
    and undated documents in corpus order)."""
    date = pd.to_datetime(docs["date"]).astype("datetime64[ns]")
    years = docs["year"].astype("Int64")
    from_year = pd.to_datetime(years.astype("string") + "-01-01", errors="coerce")
    when = date.fillna(from_year.astype("datetime64[ns]"))
    big = np.iinfo(np.int64).max
    key = np.where(when.isna(), big, when.to_numpy().astype("datetime64[ns]").astype(np.int64))
    order = np.lexsort((np.arange(len(docs)), key))
    rank = np.empty(len(docs), dtype=np.int64)
    rank[order] = np.arange(len(docs))
    return rank


def _settings(words: bool, n: int | None, min_length: int | None, q: float) -> AlignSettings:
    n_default, len_default = DEFAULTS["words" if words else "chars"]
    n = n or n_default
    length = min_length or len_default
    return AlignSettings(
        n=n,
        min_length=length if words else max(n, int(length * _UNIT_SHARE)),
        min_similarity=q,
        gap=4 * n,
        band=4 * n,
    )


def _check(n: int | None, min_length: int | None, min_similarity: float) -> None:
    for name, value in (("n", n), ("min_length", min_length)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ArgumentError(f"reuse(): {name} must be an integer, not {value!r}")
        if value is not None and value < 1:
            raise ArgumentError(f"reuse(): {name} must be >= 1, not {value}")
    if n is not None and min_length is not None and min_length < n:
        raise ArgumentError(f"reuse(): min_length ({min_length}) must be >= n ({n})")
    if not isinstance(min_similarity, (int, float)) or not 0 < min_similarity <= 1:
        raise ArgumentError(f"reuse(): min_similarity must be in (0, 1], not {min_similarity!r}")


def reuse(
    target: Corpus | Sequence[str],
    source: Corpus | Sequence[str] | None = None,
    *,
    min_length: int | None = None,
    min_similarity: float = 0.7,
    boilerplate: float | int | None = 0.5,
    n: int | None = None,
    backend: str = "local",
    client: Any = None,
    npartitions: int | None = None,
) -> pd.DataFrame:
    """Passages the target documents share with the source documents (text reuse).

    Chinese is compared on the characters of the normalised ``text`` (spaces and punctuation
    skipped), English on its words. Shingles of ``n`` units shared by two documents are found
    in an exact hash index; seeds on nearby diagonals are chained, and each chain's region is
    aligned locally (rapidfuzz Levenshtein opcodes, scored +1 per matched unit and -1 per
    substitution, insertion or deletion), so passages survive edits.

    Parameters
    ----------
    target : Corpus or list of str
        The documents that may have copied.
    source : Corpus or list of str, optional
        The documents copied from. ``None``: reuse inside ``target`` — a document is never
        compared with itself and each pair of documents once, with the later document (by
        date, then year, then corpus order) as the target.
    min_length : int, optional
        Shortest passage, in units on the target side (default 30 characters for Chinese,
        12 words for English).
    min_similarity : float
        Lowest normalised Levenshtein similarity of the two passages (1 = identical).
    boilerplate : float, int or None
        Skip shingles found in more documents than this (a share of all documents, or a
        number of documents): set phrases and openings such as 各位代表 do not seed passages
        (they are still aligned inside a longer passage). ``None`` keeps every shingle.
    n : int, optional
        Shingle length in units (default 6 characters, 4 words).
    backend : {"local", "dask"}
        ``"dask"`` aligns the candidate document pairs as Dask tasks, on ``client`` or the
        active ``dask.distributed`` client (else Dask's default scheduler).
    client : dask.distributed.Client, optional
        Run on this cluster (implies ``backend="dask"``).
    npartitions : int, optional
        Number of Dask tasks (default: about 2 per worker thread).

    Returns
    -------
    DataFrame
        One row per passage: ``doc_id``/``date``/``year`` of both sides (suffixes
        ``_target`` / ``_source``), character offsets ``start_*``/``end_*`` into each
        document's normalised ``text`` (``text[start:end]`` is the passage), ``length`` (units
        on the target side), ``similarity``, and both passages ``text_target``,
        ``text_source``. Sorted by target document (corpus order) and position.

    Examples
    --------
    >>> a = "今年的主要任务是坚持稳中求进，深化改革开放，推动经济高质量发展，保障和改善民生。其他内容不同。"
    >>> b = "会议指出，要坚持稳中求进，深化改革开放，推动经济高质量发展，切实保障和改善民生。"
    >>> r = reuse([a], [b], min_length=20)
    >>> r[["doc_id_target", "doc_id_source", "length", "similarity"]].values.tolist()
    [['text1', 'text1', 31, 0.933333]]
    >>> row = r.iloc[0]
    >>> a[row.start_target:row.end_target] == row.text_target
    True
    >>> reuse("a text")
    Traceback (most recent call last):
    ...
    toolkit.errors.InputError: reuse() target: got a str; pass [text] for one text, or Path(...) / tk.read_corpus for files
    """
    _check(n, min_length, min_similarity)
    if client is not None:
        backend = "dask"
    if backend not in _BACKENDS:
        raise ArgumentError(f"reuse(): backend must be one of {_BACKENDS}, not {backend!r}")
    tgt = _as_corpus(target, "target")
    same = source is None
    src = tgt if same else _as_corpus(source, "source")
    tu, su, work = candidates(
        tgt, None if same else src, n, min_length, min_similarity, boilerplate
    )
    parts = []
    for s, chains, _ in progress_bar(work, desc="aligning reused passages", unit="pass"):
        if backend == "dask":
            parts.append(_align_dask(chains, tu, su, len(src), s, client, npartitions))
        else:
            parts.append(_align_local(chains, tu, su, len(src), s))
    found = pd.concat(parts, ignore_index=True) if parts else None
    out = _frame(found, tgt, src, tu, su, min_length)
    targets = tgt.docs.drop(columns=["original"])
    out.attrs["targets"] = targets.assign(n_chars=targets["text"].str.len()).drop(columns="text")
    return out


def candidates(
    tgt: Corpus,
    src: Corpus | None,
    n: int | None,
    min_length: int | None,
    min_similarity: float,
    boilerplate: float | int | None,
) -> tuple[Units, Units, list[tuple[AlignSettings, pd.DataFrame, int]]]:
    """Units of both sides and, per kind of unit (characters, words), the alignment settings,
    the chains to align and the number of seeds they came from (``src=None``: one corpus)."""
    same = src is None
    src = tgt if same else src
    t_words = (tgt.docs["language"].map(base_language) == "en").to_numpy()
    s_words = (src.docs["language"].map(base_language) == "en").to_numpy()
    both = extract_units(
        tgt.texts + ([] if same else src.texts), np.concatenate([t_words, [] if same else s_words])
    )
    tu, su = _split_units(both, len(tgt), same)
    tn = np.array([_settings(w, n, min_length, min_similarity).n for w in t_words], dtype=np.int64)
    sn = np.array([_settings(w, n, min_length, min_similarity).n for w in s_words], dtype=np.int64)
    t_sh = shingle_hashes(tu, tn)
    s_sh = t_sh if same else shingle_hashes(su, sn)
    seeds = find_seeds(
        t_sh,
        s_sh,
        same=same,
        order=_chronology(tgt.docs) if same else None,
        max_df=boilerplate_limit(boilerplate, len(tgt) if same else len(tgt) + len(src)),
        n_docs_source=len(src),
    )
    work = []
    pair_words = t_words[seeds["pair"].to_numpy() // max(1, len(src))]
    for words in (False, True):
        sub = seeds[pair_words == words]
        if len(sub):
            s = _settings(bool(words), n, min_length, min_similarity)
            work.append((s, chain_seeds(sub, s), len(sub)))
    return tu, su, work


def _split_units(units: Units, n_target: int, same: bool) -> tuple[Units, Units]:
    if same:
        return units, units
    cut = int(units.offsets[n_target])
    tu = Units(
        units.codes[:cut],
        units.starts[:cut],
        units.ends[:cut],
        units.offsets[: n_target + 1],
        units.words[:n_target],
    )
    su = Units(
        units.codes[cut:],
        units.starts[cut:],
        units.ends[cut:],
        units.offsets[n_target:] - cut,
        units.words[n_target:],
    )
    return tu, su


def _align_local(chains, tu: Units, su: Units, n_src: int, s: AlignSettings) -> pd.DataFrame:
    return align_chains(
        chains, tu.sequence, su.sequence, (np.diff(tu.offsets), np.diff(su.offsets)), n_src, s
    )


class _Slices:
    """Unit codes of a few documents, shipped to a Dask worker (picklable)."""

    def __init__(self, units: Units, docs: np.ndarray) -> None:
        self.codes = {int(d): units.codes[units.doc(int(d))] for d in docs}

    def __call__(self, doc: int, a: int, b: int) -> list[int]:
        return self.codes[doc][a:b].tolist()


def _align_task(chains, t_slices, s_slices, sizes, n_src, s):
    return align_chains(chains, t_slices, s_slices, sizes, n_src, s)


def _align_dask(chains, tu, su, n_src, s, client, npartitions) -> pd.DataFrame:
    try:
        import dask
        from dask import delayed
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise MissingDependencyError(
            "backend='dask' needs Dask: pip install 'toolkit-rhetoric[dask]'"
        ) from e
    if client is None:
        try:
            from distributed import default_client

            client = default_client()
        except (ImportError, ValueError):
            client = None
    if npartitions is None:
        threads = sum(client.nthreads().values()) if client is not None else 2
        npartitions = max(1, 2 * threads)
    pairs = chains["pair"].unique()
    sizes = (np.diff(tu.offsets), np.diff(su.offsets))
    parts = []
    for group in np.array_split(pairs, min(npartitions, max(1, len(pairs)))):
        if len(group):
            sub = chains[chains["pair"].isin(group)]
            t_docs, s_docs = np.unique(group // n_src), np.unique(group % n_src)
            parts.append((sub, _Slices(tu, t_docs), _Slices(su, s_docs), sizes, n_src, s))
    if not parts:
        return align_chains(chains, tu.sequence, su.sequence, sizes, n_src, s)
    if client is not None:  # the unit codes travel with each task, not inside a task graph
        futures = [client.submit(_align_task, *args, pure=False) for args in parts]
        results = client.gather(futures)
    else:
        results = dask.compute(*[delayed(_align_task, pure=False)(*args) for args in parts])
    return pd.concat(list(results), ignore_index=True)


def _empty(td: pd.DataFrame, sd: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series([], dtype=np.int64) for c in REUSE_COLUMNS})
    for side, d in (("target", td), ("source", sd)):
        out[f"doc_id_{side}"] = pd.Series([], dtype=object)
        out[f"date_{side}"] = pd.Series([], dtype=d["date"].dtype)
        out[f"year_{side}"] = pd.Series([], dtype="Int64")
    out["similarity"] = pd.Series([], dtype=float)
    out["text_target"] = pd.Series([], dtype=object)
    out["text_source"] = pd.Series([], dtype=object)
    return out


def _frame(
    found: pd.DataFrame | None,
    tgt: Corpus,
    src: Corpus,
    tu: Units,
    su: Units,
    min_length: int | None,
) -> pd.DataFrame:
    """Passages in units → the result table in characters (too-short passages dropped)."""
    td, sd = tgt.docs, src.docs
    if found is None or not len(found):
        return _empty(td, sd)
    n_src = len(sd)
    dt = found["pair"].to_numpy() // n_src
    ds = found["pair"].to_numpy() % n_src
    t0, t1 = found["t0"].to_numpy(), found["t1"].to_numpy()
    s0, s1 = found["s0"].to_numpy(), found["s1"].to_numpy()
    start_t = tu.starts[tu.offsets[dt] + t0]
    end_t = tu.ends[tu.offsets[dt] + t1 - 1]
    start_s = su.starts[su.offsets[ds] + s0]
    end_s = su.ends[su.offsets[ds] + s1 - 1]
    # length: words for English targets, characters of text[start:end] otherwise
    words = tu.words[dt]
    length = np.where(words, t1 - t0, end_t - start_t).astype(np.int64)
    limit = np.where(words, min_length or DEFAULTS["words"][1], min_length or DEFAULTS["chars"][1])
    keep = np.flatnonzero(length >= limit)
    keep = keep[np.lexsort((start_s[keep], ds[keep], start_t[keep], dt[keep]))]
    dt, ds, start_t, end_t, start_s, end_s, length = (
        x[keep] for x in (dt, ds, start_t, end_t, start_s, end_s, length)
    )
    t_texts, s_texts = tgt.texts, src.texts
    return pd.DataFrame(
        {
            "doc_id_target": td["doc_id"].to_numpy()[dt],
            "date_target": td["date"].to_numpy()[dt],
            "year_target": pd.array(td["year"].to_numpy()[dt], dtype="Int64"),
            "start_target": start_t,
            "end_target": end_t,
            "doc_id_source": sd["doc_id"].to_numpy()[ds],
            "date_source": sd["date"].to_numpy()[ds],
            "year_source": pd.array(sd["year"].to_numpy()[ds], dtype="Int64"),
            "start_source": start_s,
            "end_source": end_s,
            "length": length,
            "similarity": found["similarity"].to_numpy(dtype=float)[keep],
            "text_target": [t_texts[d][a:b] for d, a, b in zip(dt, start_t, end_t, strict=True)],
            "text_source": [s_texts[d][a:b] for d, a, b in zip(ds, start_s, end_s, strict=True)],
        }
    )
