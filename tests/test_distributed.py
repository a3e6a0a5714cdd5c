"""Dask backend: partitions counted on a two-process LocalCluster give the local result."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import toolkit as tk
from toolkit.counts.distributed import expand_paths

pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dask")]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def small(sotu):
    return sotu.subset(year=(1930, 1975))


@pytest.fixture(scope="module")
def files(small, tmp_path_factory):
    """The same documents as JSON-lines files, a Parquet dataset and plain-text files."""
    root = tmp_path_factory.mktemp("sotu_parts")
    docs = small.docs
    chunks = [docs.iloc[i : i + 12] for i in range(0, len(docs), 12)]
    (root / "jsonl").mkdir()
    (root / "parquet").mkdir()
    (root / "txt").mkdir()
    for k, chunk in enumerate(chunks):
        records = [
            {"id": r.doc_id, "text": r.original, "year": int(r.year), "party": r.party}
            for r in chunk.itertuples()
        ]
        with open(root / "jsonl" / f"part-{k}.jsonl", "w", encoding="utf-8") as f:
            f.write("\n".join(json.dumps(r) for r in records))
        pd.DataFrame(records).to_parquet(root / "parquet" / f"part-{k}.parquet")
    for r in docs.itertuples():
        (root / "txt" / f"{r.doc_id}.txt").write_text(r.original, encoding="utf-8")
    return root


def test_files_on_cluster_equal_local(client, files):
    opts = {"read_options": {"doc_id": "id", "date": "year"}}
    pattern = files / "jsonl" / "*.jsonl"
    local = tk.ngrams(pattern, n=(1, 3), by="decade", **opts)
    remote = tk.ngrams(pattern, n=(1, 3), by="decade", client=client, **opts)
    pd.testing.assert_frame_equal(local, remote)
    parquet = tk.ngrams(files / "parquet", n=2, by="party", min_count=2, client=client, **opts)
    pd.testing.assert_frame_equal(
        parquet, tk.ngrams(files / "parquet", n=2, by="party", min_count=2, **opts)
    )
    txt = tk.ngrams(files / "txt", n=2, stopwords="en", client=client)
    pd.testing.assert_frame_equal(txt, tk.ngrams(files / "txt", n=2, stopwords="en"))


def test_corpus_on_cluster_equals_in_memory(client, small):
    local = tk.ngrams(small, n=(1, 2), by=["party"], stopwords="en", min_count=2)
    remote = tk.ngrams(
        small, n=(1, 2), by=["party"], stopwords="en", min_count=2, client=client, npartitions=5
    )
    pd.testing.assert_frame_equal(local, remote)
    # the default scheduler (the active client) through backend="dask"
    default = tk.ngrams(small.tokens(), n=3, backend="dask", npartitions=4, top=50)
    pd.testing.assert_frame_equal(default, tk.ngrams(small.tokens(), n=3, top=50))


def test_paths_and_errors(files, tmp_path):
    assert len(expand_paths(files / "jsonl")) == len(expand_paths(str(files / "jsonl" / "*")))
    with pytest.raises(FileNotFoundError, match="no files match"):
        tk.ngrams(tmp_path / "*.jsonl", backend="dask")
    with pytest.raises(TypeError, match="single string"):  # a str is never taken as a path
        tk.ngrams(str(tmp_path / "*.jsonl"))
    with pytest.raises(FileNotFoundError, match="no such file"):
        tk.ngrams(tmp_path / "missing")
    with pytest.raises(ValueError, match="backend"):
        tk.ngrams(["a b"], backend="spark")
