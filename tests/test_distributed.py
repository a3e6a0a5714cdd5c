"""Dask backend: every corpus-wide pass run on a two-process LocalCluster gives the local result
(tokens, n-grams, collocations, keyness, slogan counts and matches, KWIC, dfm), in English and
in Chinese, and files read on the workers bring their load report back to the client."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.counts.distributed import expand_paths
from toolkit.errors import ToolkitWarning

pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dask")]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def small(sotu):
    return sotu.subset(year=(1930, 1975))


@pytest.fixture(scope="module", params=["en", "zh"])
def sample(request, small):
    """A small SOTU sample, and Government Work Reports 1990–2010 (shared data)."""
    if request.param == "en":
        return small, "us-presidential"
    gwr = request.getfixturevalue("gwr")
    return gwr.subset(year=(1990, 2010)), "ccp-formulations"


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
    with pytest.raises(ValueError, match="npartitions must be"):
        tk.ngrams(["a b"], backend="dask", npartitions=0)
    with pytest.raises(TypeError, match="only applies on Dask"):
        tk.collocations(["a b"], npartitions=2)


def _same_tokens(a: tk.Tokens, b: tk.Tokens) -> None:
    assert a.to_lists() == b.to_lists()
    pd.testing.assert_frame_equal(a.docvars, b.docvars)
    assert np.array_equal(a.offsets, b.offsets)
    for name in ("sentence_starts", "gaps"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None and y is None) or np.array_equal(x, y)
    assert sorted(a.vocab.tolist()) == b.vocab.tolist()  # distributed: the sorted vocabulary


def test_tokens_equal(client, sample):
    corpus, _ = sample
    _same_tokens(tk.tokens(corpus), tk.tokens(corpus, client=client, npartitions=3))
    opts = {"stopwords": "both", "sentences": True, "padding": True}
    _same_tokens(tk.tokens(corpus, **opts), tk.tokens(corpus, client=client, **opts))
    texts = corpus.docs["text"].tolist()[:7]
    _same_tokens(tk.tokens(texts), tk.tokens(texts, client=client, npartitions=2))


def test_ngrams_equal(client, sample):
    corpus, _ = sample
    local = tk.ngrams(corpus, n=(1, 3), by="decade", stopwords="both", min_count=2)
    remote = tk.ngrams(
        corpus, n=(1, 3), by="decade", stopwords="both", min_count=2, client=client, npartitions=4
    )
    pd.testing.assert_frame_equal(local, remote)


def test_collocations_equal(client, sample):
    corpus, _ = sample
    for kwargs in ({"n": 2}, {"n": 3, "stopwords": "both"}, {"n": 2, "window": 3}):
        local = tk.collocations(corpus, min_count=2, **kwargs)
        remote = tk.collocations(corpus, min_count=2, client=client, npartitions=3, **kwargs)
        assert len(local) > 100
        pd.testing.assert_frame_equal(local, remote)
    toks = tk.tokens(corpus, sentences=True)
    pd.testing.assert_frame_equal(
        tk.collocations(toks, n=4, top=200), tk.collocations(toks, n=4, top=200, client=client)
    )


def test_keyness_equal(client, sample):
    corpus, _ = sample
    cut = int(corpus.docs["year"].median())
    condition = f"year>={cut}"
    local = tk.keyness(corpus, condition, n=(1, 2), stopwords="both")
    remote = tk.keyness(corpus, condition, n=(1, 2), stopwords="both", client=client)
    assert (local["sign"] == "+").any() and (local["sign"] == "-").any()
    pd.testing.assert_frame_equal(local, remote)
    early, late = corpus.subset(year=(None, cut - 1)), corpus.subset(year=(cut, None))
    pd.testing.assert_frame_equal(
        tk.keyness(late, early, measure="log_ratio", min_count=3, top=40),
        tk.keyness(late, early, measure="log_ratio", min_count=3, top=40, client=client),
    )


def test_slogans_equal(client, sample):
    corpus, lexicon = sample
    for kwargs in ({"by": "year"}, {"by": "decade", "overlap": "longest", "fill_zeros": False}):
        local = tk.count_slogans(corpus, lexicon, **kwargs)
        remote = tk.count_slogans(corpus, lexicon, client=client, npartitions=3, **kwargs)
        assert local["count"].sum() > 0
        pd.testing.assert_frame_equal(local, remote)
        assert remote.attrs["overlap"] == local.attrs["overlap"]
    local = tk.slogan_matches(corpus, lexicon, context=15)
    assert len(local) > 10
    pd.testing.assert_frame_equal(
        local, tk.slogan_matches(corpus, lexicon, context=15, client=client, npartitions=3)
    )


def test_kwic_equal(client, sample):
    corpus, _ = sample
    pattern = ["econom*", "peace"] if corpus.docs["language"].iloc[0] == "en" else ["改革", "发展"]
    for sort in (None, "left", "right"):
        local = tk.kwic(corpus, pattern, sort=sort)
        assert len(local) > 10
        pd.testing.assert_frame_equal(
            local, tk.kwic(corpus, pattern, sort=sort, client=client, npartitions=3)
        )
    toks = tk.tokens(corpus)
    pd.testing.assert_frame_equal(
        tk.kwic(toks, pattern, context=3), tk.kwic(toks, pattern, context=3, client=client)
    )


def test_dfm_equal(client, sample):
    corpus, _ = sample
    local = tk.dfm(corpus, n=(1, 2), stopwords="both")
    remote = tk.dfm(corpus, n=(1, 2), stopwords="both", client=client, npartitions=3)
    assert local.features.tolist() == remote.features.tolist()
    assert (local.matrix != remote.matrix).nnz == 0 and remote.matrix.dtype == local.matrix.dtype
    pd.testing.assert_frame_equal(local.docvars, remote.docvars)
    assert np.array_equal(local.n_tokens, remote.n_tokens)
    assert remote.meta["settings"] == local.meta["settings"]


def test_active_client_through_options(client, small):
    """tk.options.dask runs every pass on the active client (here: the fixture's)."""
    local = tk.collocations(small, n=2, top=30)
    with tk.options.using(dask=True):
        remote = tk.collocations(small, n=2, top=30)
        assert client.get_task_stream is not None  # the fixture's client is the active one
    pd.testing.assert_frame_equal(local, remote)


def test_load_report_comes_back(client, tmp_path):
    """Rows the workers could not load are reported on the client, as a local read reports
    them: one warning, and the combined report in attrs."""
    folder = tmp_path / "news"
    folder.mkdir()
    rows = ["Peace and trade with every nation.", "Trade, not war.", "Peace now."]
    for i, text in enumerate(rows):
        lines = [json.dumps({"date": f"200{i}-01-01", "text": text}), "{not json"]
        (folder / f"part{i}.jsonl").write_text("\n".join(lines), encoding="utf-8")
    with pytest.warns(ToolkitWarning, match="not loaded"):
        local = tk.ngrams(folder, n=1)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        remote = tk.ngrams(folder, n=1, client=client)
        matches = tk.kwic(folder, "peace", client=client)
    pd.testing.assert_frame_equal(local, remote)
    report = remote.attrs["load_report"]
    assert len(report) == 3 and report["line"].tolist() == [2, 2, 2]
    pd.testing.assert_frame_equal(report, local.attrs["load_report"])
    assert remote.attrs["load_counts"] == local.attrs["load_counts"]
    assert remote.attrs["load_counts"]["reported"] == 3
    assert sum("not loaded" in str(w.message) for w in seen) == 2  # once per call
    assert len(matches) == 2 and len(matches.attrs["load_report"]) == 3
