"""``tk.ngrams``: word and n-gram frequency tables, overall or per group."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from toolkit.config import options as options_
from toolkit.corpus.model import Corpus, group_codes
from toolkit.counts._frame import counts_frame, dfm_frame
from toolkit.counts._input import as_tokens, check_options, is_paths, read_paths_if_any
from toolkit.distributed._switch import use_dask
from toolkit.errors import ArgumentError, InputError
from toolkit.features import Dfm
from toolkit.features._engine import Counts, count_tokens, merge_counts, ngram_sizes

__all__ = ["count_ngrams", "ngrams"]

_BACKENDS = ("local", "dask")


def count_ngrams(
    data: Any,
    n: int | tuple[int, int] = 1,
    *,
    by: str | Sequence[str] | None = None,
    boundary: str = "document",
    stopwords: object = None,
    **token_options: Any,
) -> Counts:
    """Count n-grams into mergeable :class:`~toolkit.features._engine.Counts` (no strings yet):
    the building block of :func:`ngrams`, run by the Dask backend on every partition.

    Examples
    --------
    >>> c = count_ngrams(["to be or not to be"], 2)
    >>> c.vocab[c.tables[2].grams].T.tolist(), c.tables[2].count.tolist()
    ([['be', 'or'], ['not', 'to'], ['or', 'not'], ['to', 'be']], [1, 1, 1, 2])
    """
    sizes = ngram_sizes(n)
    toks = as_tokens(data, function="ngrams", sentences=boundary == "sentence", **token_options)
    return count_tokens(toks, sizes, by=by, boundary=boundary, stopwords=stopwords)


def ngrams(
    data: Any,
    *,
    n: int | tuple[int, int] = 1,
    by: str | Sequence[str] | None = None,
    stopwords: object = None,
    min_count: int = 1,
    top: int | None = None,
    boundary: str = "document",
    rate: int = 1_000_000,
    backend: str = "local",
    client: Any = None,
    npartitions: int | None = None,
    read_options: dict[str, Any] | None = None,
    **token_options: Any,
) -> pd.DataFrame:
    """Count words and n-grams, overall or per group, exactly.

    Parameters
    ----------
    data : Corpus, Tokens, Dfm, list of str, or Path(s)
        A Corpus is tokenized with :func:`toolkit.tokenized` (cached); Tokens are counted as they
        are; a Dfm's features are counted as they are. Files — a :class:`~pathlib.Path` to a
        file or folder, a glob such as ``Path("news/*.jsonl")``, or a list of Paths — are read
        with :func:`toolkit.read_corpus` (``read_options``). A plain ``str`` is refused.
    n : int or (int, int)
        N-gram length, or an inclusive range: ``n=(1, 3)`` counts unigrams to trigrams.
    by : str or list of str, optional
        Docvars to count per group, e.g. ``"year"``, ``"party"`` or ``["party", "president"]``;
        ``"decade"`` is derived from ``year``. Missing values form their own group, last.
    stopwords : None, "en", "zh", "both" or list of str
        Drop every n-gram that *contains* a stopword. N-grams are formed over the full token
        stream first, so removing a stopword never makes two words adjacent ("the state of
        the union" gives no bigram "state union") — quanteda's ``tokens_remove(padding =
        TRUE)`` followed by ``tokens_ngrams``.
    min_count : int
        Keep rows (group × n-gram) counted at least this often.
    top : int, optional
        Keep the ``top`` most frequent n-grams per group and length (ties alphabetically).
    boundary : {"document", "sentence"}
        N-grams never cross a document boundary, nor, with ``"sentence"``, a sentence one.
    rate : int
        Base of the rate column: ``1_000_000`` gives ``per_million`` (default), ``10_000``
        ``per_10k`` (see :func:`toolkit.schema.rate_column`).
    backend : {"local", "dask"}
        ``"dask"`` tokenizes and counts every partition (a file, or a slice of a Corpus or
        Tokens) as a Dask task and merges the partial counts; the result is identical.
        Without ``client=`` it runs on Dask's current scheduler (the active client if any).
    client : dask.distributed.Client, optional
        Run on this cluster (implies ``backend="dask"``; so does ``tk.options.dask``, with
        the active client). For file input the load report of every partition comes back:
        ``attrs["load_report"]`` and ``attrs["load_counts"]`` (also locally).
    npartitions : int, optional
        Dask: slices of a Corpus (default one per ~50 documents); files are one per file.
    read_options : dict, optional
        :func:`toolkit.read_corpus` options for file input (``text=``, ``date=``…).
    **token_options
        Options of :func:`toolkit.tokenized` (``lowercase``, ``remove_numbers``, ``phrases``,
        ``what="char"`` for character n-grams…).

    Returns
    -------
    pandas.DataFrame
        ``[by…], feature, n, count, doc_freq, per_million``: ``feature`` is space-joined
        (Chinese words and characters too), ``doc_freq`` the documents of the group containing
        it, ``per_million`` its count per million tokens of the group (all tokens, stopwords
        included, for every n). Sorted by group, count (descending), n, feature.

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["We the people. We the states.", "The people!"],
    ...                          dates=["1790", "1801"])
    >>> tk.ngrams(c, n=2)[["feature", "count", "doc_freq"]].head(3)
          feature  count  doc_freq
    0  the people      2         2
    1      we the      2         1
    2   people we      1         1
    >>> tk.ngrams(c, by="decade", stopwords="en")[["decade", "feature", "count"]]
       decade feature  count
    0    1790  people      1
    1    1790  states      1
    2    1800  people      1
    """
    if client is not None:
        backend = "dask"
    if backend not in _BACKENDS:
        raise ArgumentError(f"backend must be one of {_BACKENDS}, not {backend!r}")
    check_options(token_options, function="ngrams")
    sizes = ngram_sizes(n)
    if isinstance(data, Dfm):
        if token_options or stopwords is not None or n != 1 or backend != "local":
            raise InputError(
                "a Dfm is counted as it is: n, stopwords, backend and tokens options apply "
                "when building it (tk.dfm)"
            )
        codes, labels = group_codes(data.docvars, by)
        return dfm_frame(data, codes, labels, min_count=min_count, top=top, rate=rate)
    if use_dask(client):  # tk.options.dask: the active client
        backend = "dask"
    options = dict(by=by, boundary=boundary, stopwords=stopwords, **token_options)
    original = data
    report = None
    if backend == "dask":
        from toolkit.distributed import map_merge

        if client is None and not options_.dask:
            client = "default"  # backend="dask" alone: Dask's current scheduler
        counts, report = map_merge(
            data, count_ngrams, merge_counts, client=client, npartitions=npartitions,
            read_options=read_options, args=((sizes[0], sizes[-1]),), kwargs=options,
        )  # fmt: skip
    else:
        if npartitions is not None:
            raise InputError("npartitions only applies to backend='dask'")
        data = read_paths_if_any(data, read_options)
        if isinstance(data, Corpus) and is_paths(original):
            report = (data.load_report, data.info.get("load_counts"))
        counts = count_ngrams(data, (sizes[0], sizes[-1]), **options)
    out = counts_frame(counts, min_count=min_count, top=top, rate=rate)
    from toolkit.distributed import attach_report

    return attach_report(out, report)
