"""``tk.ngrams``: n-gram (and word) frequency lists, overall or per group."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.corpus.model import Corpus
from toolkit.counts._engine import Counts, count_tokens, ngram_sizes
from toolkit.counts._frame import counts_frame
from toolkit.counts._tokens import as_tokens, check_options
from toolkit.errors import ArgumentError
from toolkit.text.tokenize import Tokens

__all__ = ["ngrams", "count_ngrams"]

_BACKENDS = ("local", "dask")


def count_ngrams(
    data: Corpus | Tokens | Sequence[str],
    n: int | tuple[int, int] = 1,
    *,
    by: str | Sequence[str] | None = None,
    boundary: str = "document",
    stopwords: object = None,
    unit: str = "word",
    **tokenize_options: Any,
) -> Counts:
    """Count n-grams into a mergeable :class:`~toolkit.counts._engine.Counts` (no strings yet).

    The building block of :func:`ngrams` (same parameters); the Dask backend runs it on every
    partition and merges the results with :func:`~toolkit.counts._engine.merge_counts`.

    Parameters
    ----------
    data : Corpus, Tokens or list of str
        What to count.
    n : int or (int, int)
        N-gram length or inclusive range.
    by, boundary, stopwords, unit, **tokenize_options
        As in :func:`ngrams`.

    Returns
    -------
    Counts
        Sorted vocabulary, group labels, token totals and one table per n.

    Examples
    --------
    >>> c = count_ngrams(["to be or not to be"], 2)
    >>> c.vocab[c.tables[2].grams].T.tolist(), c.tables[2].count.tolist()
    ([['be', 'or'], ['not', 'to'], ['or', 'not'], ['to', 'be']], [1, 1, 1, 2])
    """
    sizes = ngram_sizes(n)
    tokens = as_tokens(data, unit=unit, sentences=boundary == "sentence", **tokenize_options)
    return count_tokens(tokens, sizes, by=by, boundary=boundary, stopwords=stopwords)


def ngrams(
    data: Corpus | Tokens | Sequence[str] | str | Path,
    n: int | tuple[int, int] = 1,
    *,
    by: str | Sequence[str] | None = None,
    stopwords: object = None,
    min_count: int = 1,
    max_ngrams: int | None = None,
    boundary: str = "document",
    unit: str = "word",
    normalize: str = "per_million",
    backend: str = "local",
    client: Any = None,
    npartitions: int | None = None,
    read_options: dict[str, Any] | None = None,
    **tokenize_options: Any,
) -> pd.DataFrame:
    """Count words and n-grams, overall or per group, exactly.

    Parameters
    ----------
    data : Corpus, Tokens, list of str, or a path
        A Corpus is tokenized through ``corpus.tokens(...)`` (cached). A path — a file, a folder,
        a glob such as ``"news/*.jsonl"``, a list of paths, or a folder of Parquet files — is read
        with :func:`toolkit.read_corpus` (``read_options`` are passed on).
    n : int or (int, int)
        N-gram length, or an inclusive range: ``n=(1, 3)`` counts unigrams, bigrams and trigrams.
    by : str or list of str, optional
        Document metadata column(s) to count per group, e.g. ``"year"``, ``"party"`` or
        ``["party", "president"]``. ``"decade"`` is derived from ``year`` as
        ``year // 10 * 10`` when the corpus has no ``decade`` column. Missing values form their
        own group (sorted last).
    stopwords : None, "en", "zh", "both" or list of str
        Drop every n-gram that *contains* a stopword. N-grams are formed over the full token
        stream first, so removing a stopword never makes two words adjacent ("the state of the
        union" gives no bigram "state union") — quanteda's ``tokens_remove(padding = TRUE)``
        followed by ``tokens_ngrams``.
    min_count : int
        Keep rows (group × n-gram) counted at least this often.
    max_ngrams : int, optional
        Keep only the ``max_ngrams`` most frequent n-grams per group and length (ties broken
        alphabetically).
    boundary : {"document", "sentence"}
        N-grams never cross a document boundary; with ``"sentence"`` not a sentence boundary
        either (the corpus is tokenized with ``sentences=True``).
    unit : {"word", "char"}
        Word n-grams (Chinese: over jieba-segmented words), or character n-grams over letters and
        digits with whitespace and punctuation removed (``"char"``; needs a Corpus or texts).
    normalize : {"per_million"}
        The relative-frequency column (per million tokens of the group).
    backend : {"local", "dask"}
        ``"dask"`` tokenizes and counts every partition (a file, or a slice of a Corpus) as a
        Dask task and merges the partial counts — the result is identical to ``"local"``. Needs
        the ``dask`` extra (``pip install toolkit-rhetoric[dask]``).
    client : dask.distributed.Client, optional
        Run on this cluster (implies ``backend="dask"``). Without it, Dask's default scheduler is
        used (the active ``Client`` if there is one).
    npartitions : int, optional
        Dask: how many slices to cut a Corpus into (default: one per ~50 documents, at least 2);
        files are partitioned one per file.
    read_options : dict, optional
        Options for :func:`toolkit.read_corpus` when ``data`` is a path (``text=``, ``date=``…).
    **tokenize_options
        Passed to the tokenizer: ``language``, ``lowercase``, ``remove_punct``,
        ``remove_numbers``, ``min_length``, ``phrases``, ``hmm``.

    Returns
    -------
    pandas.DataFrame
        ``[by columns…], ngram, n, count, doc_freq, per_million``: ``ngram`` is space-joined
        (Chinese words and characters too), ``doc_freq`` the number of documents of the group
        containing it, ``per_million`` its count per million tokens of the group (all tokens,
        stopwords included, for every n). Sorted by group, then count (descending), then n,
        then n-gram.

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["We the people. We the states.", "The people!"],
    ...                          dates=["1790", "1801"])
    >>> tk.ngrams(c, n=2)[["ngram", "count", "doc_freq"]].head(3)
            ngram  count  doc_freq
    0  the people      2         2
    1      we the      2         1
    2   people we      1         1
    >>> tk.ngrams(c, by="decade", stopwords="en")[["decade", "ngram", "count"]]
       decade   ngram  count
    0    1790  people      1
    1    1790  states      1
    2    1800  people      1
    """
    if normalize != "per_million":
        raise ArgumentError(f"normalize must be 'per_million', not {normalize!r}")
    if client is not None:
        backend = "dask"
    if backend not in _BACKENDS:
        raise ArgumentError(f"backend must be one of {_BACKENDS}, not {backend!r}")
    check_options(tokenize_options)
    sizes = ngram_sizes(n)
    options = dict(by=by, boundary=boundary, stopwords=stopwords, unit=unit, **tokenize_options)
    if backend == "dask":
        from toolkit.counts.distributed import dask_counts

        counts = dask_counts(
            data,
            (sizes[0], sizes[-1]),
            client=client,
            npartitions=npartitions,
            read_options=read_options,
            **options,
        )
    else:
        if isinstance(data, (str, Path)) or _is_path_list(data):
            from toolkit.counts.distributed import read_paths

            data = read_paths(data, read_options)
        counts = count_ngrams(data, (sizes[0], sizes[-1]), **options)
    return counts_frame(counts, min_count=min_count, max_ngrams=max_ngrams)


def _is_path_list(data: Any) -> bool:
    return (
        isinstance(data, (list, tuple)) and len(data) > 0 and all(isinstance(p, Path) for p in data)
    )
