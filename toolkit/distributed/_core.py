"""The one map–merge loop of every Dask pass: choose the client, cut the input into
partitions, run the local code on each partition as a Dask task, merge the partial results in a
tree of merge tasks, and bring the workers' load reports and warnings back to the client."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from toolkit._progress import progress_call
from toolkit.config import options
from toolkit.corpus.model import Corpus
from toolkit.counts._input import is_paths
from toolkit.counts.distributed import expand_paths
from toolkit.errors import ArgumentError, InputError, MissingDependencyError
from toolkit.tokenized import Tokens

__all__ = [
    "Files",
    "Loaded",
    "attach_report",
    "concat_frames",
    "map_merge",
    "partitions",
    "resolve_client",
]

#: Partial results merged per task in the reduction tree.
MERGE_FANIN = 8
#: Documents per partition of an in-memory Corpus or Tokens when ``npartitions`` is not given.
DOCS_PER_PARTITION = 50
_NOT_LOADED = "not loaded from"  # the reader's own summary warning, re-issued once on the client


def _import_dask() -> Any:
    try:
        import dask
        import distributed  # noqa: F401 - the extra installs both
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise MissingDependencyError(
            "running on Dask needs the extra: pip install 'toolkit-rhetoric[dask]' "
            "(dask[dataframe] and distributed)"
        ) from e
    return dask


def resolve_client(client: Any) -> Any:
    """The client to run on: ``client`` itself, else (``tk.options.dask``) the active one.

    ``None`` only when ``client`` is ``"default"`` (Dask's current scheduler, which is the
    active client if there is one; ``tk.ngrams(backend="dask")``).
    """
    _import_dask()
    if isinstance(client, str) and client == "default":
        return None
    if client is not None:
        return client
    from distributed import get_client

    try:
        return get_client()
    except ValueError as e:
        raise ArgumentError(
            "tk.options.dask (TOOLKIT_DASK) is on but no Dask client is running; start one "
            "(dask.distributed.Client(...)) or pass client="
        ) from e


@dataclass(frozen=True)
class Files:
    """A partition that is a group of files, read on the worker."""

    paths: tuple[str, ...]


@dataclass
class Loaded:
    """What the workers' reads left behind: one ``(load_report, load_counts)`` pair per read
    partition, and the warnings the partitions raised (category, message)."""

    reports: list[tuple[pd.DataFrame, dict]] = field(default_factory=list)
    warnings: list[tuple[type, str]] = field(default_factory=list)

    def __add__(self, other: Loaded) -> Loaded:
        return Loaded(self.reports + other.reports, self.warnings + other.warnings)


def _slices(n: int, k: int) -> list[tuple[int, int]]:
    k = max(1, min(k, n))
    bounds = np.linspace(0, n, k + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]


def partitions(data: Any, npartitions: int | None) -> list[Any]:
    """``data`` cut into consecutive partitions, in order.

    A Corpus becomes slices of its documents (only the normalised text travels, not the raw
    ``original``; unnamed, so workers do not write partition entries into the token cache),
    Tokens slices of theirs (:meth:`Tokens.take_docs`), files (a Path, folder, glob or list
    of Paths) groups of whole files (default: one file each), read on the workers.
    """
    if npartitions is not None and (
        isinstance(npartitions, bool) or not isinstance(npartitions, int) or npartitions < 1
    ):
        raise ArgumentError(f"npartitions must be an int >= 1, not {npartitions!r}")
    if isinstance(data, (Corpus, Tokens)):
        n = len(data)
        k = npartitions or max(2, -(-n // DOCS_PER_PARTITION))
        pairs = _slices(n, k) or [(0, 0)]
        if isinstance(data, Tokens):
            return [data.take_docs(np.arange(a, b)) for a, b in pairs]
        docs = data.docs.drop(columns=["original"])
        return [Corpus(docs.iloc[a:b], unit=data.unit) for a, b in pairs]
    if is_paths(data):
        files = [str(f) for f in expand_paths(data)]
        return [Files(tuple(files[a:b])) for a, b in _slices(len(files), npartitions or len(files))]
    raise InputError(
        "on Dask the data must be a Corpus, Tokens, a list of texts, or files (a Path to a "
        f"file, folder or glob, or a list of Paths), not {type(data).__name__}"
    )


def _run_part(
    part: Any, fn: Callable, args: tuple, kwargs: dict, read_options: dict
) -> tuple[Any, Loaded]:
    """Worker task: read the files (if a file partition), run ``fn`` on the partition, and
    keep the load report and every warning for the client."""
    from toolkit.corpus.readers import read_corpus

    loaded = Loaded()
    with (
        options.using(dask=False, progress=False, token_cache=False),
        warnings.catch_warnings(record=True) as seen,
    ):
        warnings.simplefilter("always")
        if isinstance(part, Files):
            part = read_corpus(list(part.paths), **read_options)
            loaded.reports.append((part.load_report, dict(part.info.get("load_counts") or {})))
        result = fn(part, *args, **kwargs)
    loaded.warnings = [(w.category, str(w.message)) for w in seen]
    return result, loaded


def _merge_parts(merge: Callable[[list], Any], items: Sequence[tuple[Any, Loaded]]) -> tuple:
    loaded = Loaded()
    for _, extra in items:
        loaded = loaded + extra
    return merge([r for r, _ in items]), loaded


def _report_back(loaded: Loaded, source: Any) -> tuple[pd.DataFrame, dict] | None:
    """Re-issue the workers' warnings on the client (each distinct one once) and combine the
    partitions' load reports into one, with the reader's single not-loaded warning."""
    from toolkit.corpus.readers import combine_reports, warn_not_loaded

    seen: set[tuple[type, str]] = set()
    for category, message in loaded.warnings:
        if _NOT_LOADED in message or (category, message) in seen:
            continue
        seen.add((category, message))
        warnings.warn(message, category, stacklevel=4)
    if not loaded.reports:
        return None
    frame, counts = combine_reports(loaded.reports)
    warn_not_loaded(frame, source, stacklevel=4)
    return frame, counts


def map_merge(
    data: Any,
    fn: Callable,
    merge: Callable[[list], Any],
    *,
    client: Any,
    npartitions: int | None = None,
    read_options: dict[str, Any] | None = None,
    args: tuple = (),
    kwargs: dict[str, Any] | None = None,
    as_data: Callable[[Any], Any] | None = None,
) -> tuple[Any, tuple[pd.DataFrame, dict] | None]:
    """Run ``fn(partition, *args, **kwargs)`` on every partition of ``data`` on Dask and merge
    the results with ``merge(list_in_partition_order)`` (tree of :data:`MERGE_FANIN`).

    ``client``: a ``dask.distributed.Client``, None for the active one (see
    :func:`resolve_client`) or ``"default"`` for Dask's current scheduler.

    ``as_data`` turns a list of texts into the Corpus the local call would make (default
    :func:`toolkit.tokenized.build.as_corpus`).

    Returns the merged result and, for file input, ``(load_report, load_counts)`` of all
    partitions (the not-loaded warning and the workers' other warnings are issued here).
    """
    dask = _import_dask()
    from dask import delayed

    from toolkit.tokenized.build import as_corpus

    as_data = as_data or as_corpus
    if read_options and not is_paths(data):
        raise InputError("read_options only apply when data is a Path or a list of Paths")
    client = resolve_client(client)
    if isinstance(data, (list, tuple)) and not is_paths(data):
        data = as_data(data)  # texts become a Corpus here, numbered as the local call does
    parts: list[Any] = partitions(data, npartitions)
    if client is not None and not isinstance(parts[0], Files):
        # texts go to the workers once, as data, not inside the task graph
        parts = client.scatter(parts, hash=False)
    opts = dict(read_options or {})
    tasks = [delayed(_run_part, pure=False)(p, fn, args, kwargs or {}, opts) for p in parts]
    while len(tasks) > 1:
        tasks = [
            delayed(_merge_parts, pure=False)(merge, tasks[i : i + MERGE_FANIN])
            for i in range(0, len(tasks), MERGE_FANIN)
        ]
    if len(parts) == 1:
        tasks = [delayed(_merge_parts, pure=False)(merge, tasks)]
    desc = f"{getattr(fn, '__name__', 'pass')} on Dask ({len(parts)} partitions)"
    if client is not None:
        future = client.compute(tasks[0])
        result, loaded = progress_call(future.result, desc=desc)
    else:
        result, loaded = progress_call(lambda: dask.compute(tasks[0])[0], desc=desc)
    return result, _report_back(loaded, data)


def concat_frames(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Tables of consecutive partitions one after the other (index renumbered, attrs kept)."""
    full = [f for f in frames if len(f)]
    if len(full) <= 1:
        return (full or frames)[0]
    out = pd.concat(full, ignore_index=True)
    out.attrs = dict(frames[0].attrs)
    return out


def attach_report(frame: pd.DataFrame, report: tuple[pd.DataFrame, dict] | None) -> pd.DataFrame:
    """Put a load report on a result table: ``attrs["load_report"]`` and ``["load_counts"]``."""
    if report is not None:
        frame.attrs["load_report"], frame.attrs["load_counts"] = report
    return frame
