"""Counting beyond one machine: every partition is tokenized and counted on a Dask worker, and
the partial :class:`~toolkit.features._engine.Counts` are summed in a tree of merge tasks
(the loop itself, for every distributed pass, is :func:`toolkit.distributed.map_merge`).

A partition is one input file (``.txt``, ``.jsonl``, ``.csv``, ``.parquet`` …, read on the worker
with :func:`toolkit.read_corpus`) or a slice of documents of an in-memory Corpus or Tokens. Only
file paths travel to workers for file input, so the corpus never has to fit on the client.
Because counts of disjoint documents add exactly (counts, document frequencies, token totals)
and the final table is ordered by value, the result is identical to the local path.

Dask is an optional dependency: ``pip install toolkit-rhetoric[dask]``.
"""

from __future__ import annotations

import glob as globmod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.corpus.model import Corpus
from toolkit.errors import FileMissingError
from toolkit.features._engine import Counts, merge_counts

__all__ = ["dask_counts", "expand_paths", "read_paths"]

_GLOB_CHARS = set("*?[")


def expand_paths(source: str | Path | Sequence[str | Path]) -> list[Path]:
    """Files named by a path, a folder (recursively, hidden files skipped), a glob, or a list.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.txt", "a.txt", ".hidden.txt"):
    ...     _ = (d / name).write_text("text")
    >>> [p.name for p in expand_paths(d)], [p.name for p in expand_paths(d / "*.txt")]
    (['a.txt', 'b.txt'], ['a.txt', 'b.txt'])
    """
    items = [source] if isinstance(source, (str, Path)) else list(source)
    files: list[Path] = []
    for item in items:
        text = str(item)
        if _GLOB_CHARS & set(text):
            found = sorted(Path(p) for p in globmod.glob(text, recursive=True))
            found = [p for p in found if p.is_file()]
            if not found:
                raise FileMissingError(f"no files match {text!r}")
            files.extend(found)
            continue
        path = Path(item)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            hint = " (to count a text, pass a list of strings)" if " " in text else ""
            raise FileMissingError(f"no such file or folder: {path}{hint}")
    if not files:
        raise FileMissingError(f"no files found in {source!r}")
    return files


def read_paths(source: Any, read_options: dict[str, Any] | None = None) -> Corpus:
    """Read files named like :func:`expand_paths` into one Corpus with :func:`toolkit.read_corpus`.

    Parameters
    ----------
    source : str, Path or list of them
        A file, a folder, a glob or a list of paths.
    read_options : dict, optional
        Passed to :func:`toolkit.read_corpus` (``text=``, ``date=``, ``language=`` …).

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "1999-a.txt").write_text("Peace and trade.")
    >>> read_paths(d / "*.txt").docs[["doc_id", "year"]].values.tolist()
    [['1999-a', 1999]]
    """
    from toolkit.corpus.readers import read_corpus

    return read_corpus(expand_paths(source), **(read_options or {}))


def dask_counts(
    data: Any,
    sizes: tuple[int, int],
    *,
    client: Any = None,
    npartitions: int | None = None,
    read_options: dict[str, Any] | None = None,
    **options: Any,
) -> Counts:
    """Count n-grams of every partition of ``data`` as Dask tasks and merge them.

    Parameters
    ----------
    data : Corpus, Tokens, path, glob or list of paths
        Files become one partition each (or ``npartitions`` groups of files).
    sizes : (int, int)
        Inclusive range of n-gram lengths.
    client : dask.distributed.Client, optional
        Cluster to run on; default: Dask's current scheduler.
    npartitions : int, optional
        Number of partitions.
    read_options : dict, optional
        :func:`toolkit.read_corpus` options, applied on the workers.
    **options
        ``by``, ``boundary``, ``stopwords`` and :func:`toolkit.tokenized` options.

    Returns
    -------
    Counts
        The merged counts (turn them into the n-gram table with
        :func:`toolkit.counts._frame.counts_frame`).

    Examples
    --------
    Without a client, Dask's current scheduler runs the tasks (here: local threads):

    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["a b a", "b a", "a a"])
    >>> counts = dask_counts(c, (1, 1), npartitions=2)
    >>> counts.vocab.tolist(), counts.tables[1].count.tolist()
    (['a', 'b'], [5, 2])
    """
    from toolkit.counts.ngrams import count_ngrams
    from toolkit.distributed import map_merge

    counts, _ = map_merge(
        data,
        count_ngrams,
        merge_counts,
        client="default" if client is None else client,
        npartitions=npartitions,
        read_options=read_options,
        args=(sizes,),
        kwargs=options,
    )
    return counts
