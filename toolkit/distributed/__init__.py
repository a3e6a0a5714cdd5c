"""Every corpus-wide pass on a ``dask.distributed`` cluster, with the same call as locally.

``tk.tokens``, ``tk.ngrams``, ``tk.collocations``, ``tk.keyness``, ``tk.count_slogans``,
``tk.slogan_matches``, ``tk.kwic`` and ``tk.dfm`` take ``client=`` (a
``dask.distributed.Client``) and ``npartitions=``. Which scheduler runs a call:

- ``client=<Client>``: that cluster;
- ``client=None`` (the default): locally, unless ``tk.options.dask`` is on
  (``TOOLKIT_DASK=1``), then on the active client (``distributed.get_client()``), an error
  when there is none;
- ``tk.ngrams(backend="dask")`` without ``client=``: Dask's current scheduler.

The input is cut into partitions (:func:`~toolkit.distributed._core.partitions`: slices of a
Corpus' documents — only their normalised text and metadata travel — or of Tokens, or groups
of files read on the workers), the *same* local code runs on every partition
(``count_ngrams``, ``colloc_counts``, ``slogan_cells``, ``count_matrix``, ``kwic``, …), and
the partial results are merged on the cluster in a tree of merge tasks: counts add
(:func:`~toolkit.features._engine.merge_counts`), tables of hits and lines are concatenated in
document order, statistics that need corpus totals (collocation scores, keyness, rates) are
computed once after the merge. Results are therefore identical to the local run (tested on a
two-process ``LocalCluster``). Files read on the workers bring their load report back: the
reader's warnings are re-issued on the client and the combined report is in
``result.attrs["load_report"]`` (``["load_counts"]``).

Dask is an optional extra (``pip install 'toolkit-rhetoric[dask]'``); nothing here is imported
until a pass runs on it.
"""

from __future__ import annotations

from typing import Any

from toolkit.distributed._switch import use_dask

__all__ = ["map_merge", "partitions", "resolve_client", "use_dask"]


def __getattr__(name: str) -> Any:
    if name in ("map_merge", "partitions", "resolve_client", "attach_report"):
        from toolkit.distributed import _core

        return getattr(_core, name)
    raise AttributeError(f"module 'toolkit.distributed' has no attribute {name!r}")
