"""N-gram counts: every count checked against a plain collections.Counter over the same tokens."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.counts._frame import counts_frame
from toolkit.features._engine import count_tokens, merge_counts


def counter_ngrams(docs: list[list[str]], n: int, stop: frozenset[str] = frozenset()):
    """Reference: count and document frequency of every n-gram, n-grams with a stopword dropped."""
    count: Counter = Counter()
    docfreq: Counter = Counter()
    for toks in docs:
        grams = [
            " ".join(g)
            for g in zip(*(toks[i:] for i in range(n)), strict=False)
            if not (set(g) & stop)
        ]
        count.update(grams)
        docfreq.update(set(grams))
    return count, docfreq


def as_dict(df: pd.DataFrame, value: str = "count") -> dict:
    return dict(zip(df["feature"].tolist(), df[value].tolist(), strict=True))


@pytest.fixture(scope="module")
def sotu_tokens(sotu):
    return sotu.tokens()


@pytest.fixture(scope="module")
def sotu_123(sotu_tokens):
    return tk.ngrams(sotu_tokens, n=(1, 3))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_sotu_counts_identical_to_counter(sotu_tokens, sotu_123, n):
    ref_count, ref_df = counter_ngrams(sotu_tokens.to_lists(), n)
    got = sotu_123[sotu_123["n"] == n]
    assert len(got) == len(ref_count)
    assert as_dict(got) == dict(ref_count)
    assert as_dict(got, "doc_freq") == dict(ref_df)
    assert got["count"].sum() == sum(ref_count.values())


def test_sotu_sorted_and_per_million(sotu_tokens, sotu_123):
    df = sotu_123
    assert list(df.columns) == ["feature", "n", "count", "doc_freq", "per_million"]
    counts = df["count"].to_numpy()
    assert np.all(counts[:-1] >= counts[1:])
    # ties: n ascending, then n-gram alphabetically
    tie = df[df["count"] == 7]
    assert list(zip(tie["n"], tie["feature"], strict=True)) == sorted(
        zip(tie["n"], tie["feature"], strict=True)
    )
    the = df[df["feature"] == "the"].iloc[0]
    assert the["per_million"] == pytest.approx(the["count"] / sotu_tokens.n_tokens * 1e6)


def test_by_year_matches_counter_per_group(sotu, sotu_tokens):
    df = tk.ngrams(sotu, n=2, by="year", min_count=2)
    assert list(df.columns) == ["year", "feature", "n", "count", "doc_freq", "per_million"]
    lists = sotu_tokens.to_lists()
    years = sotu_tokens.docvars["year"].to_numpy()
    for year in (1790, 1861, 1945, 2001):
        docs = [lists[i] for i in np.flatnonzero(years == year)]
        ref, ref_df = counter_ngrams(docs, 2)
        got = df[df["year"] == year]
        assert as_dict(got) == {k: v for k, v in ref.items() if v >= 2}
        assert as_dict(got, "doc_freq") == {k: ref_df[k] for k, v in ref.items() if v >= 2}
        total = sum(len(d) for d in docs)
        assert np.allclose(got["per_million"], got["count"] / total * 1e6)
    assert df["year"].is_monotonic_increasing


def test_stopwords_drop_ngrams_containing_them(sotu_tokens):
    stop = tk.stopwords("en")
    df = tk.ngrams(sotu_tokens, n=2, stopwords="en")
    ref, _ = counter_ngrams(sotu_tokens.to_lists(), 2, frozenset(stop))
    assert as_dict(df) == dict(ref)
    assert "state union" not in set(df["feature"])  # "state of the union" does not become adjacent


def test_by_party_and_decade_and_max_ngrams(sotu):
    df = tk.ngrams(sotu, n=(1, 2), by=["party"], stopwords="en", top=5)
    assert df.groupby(["party", "n"]).size().max() == 5
    top = df[(df["party"] == "Republican") & (df["n"] == 2)]["feature"].tolist()
    full = tk.ngrams(sotu, n=2, by="party", stopwords="en")
    assert top == full[full["party"] == "Republican"]["feature"].head(5).tolist()
    dec = tk.ngrams(sotu, by="decade", top=1)
    assert dec["decade"].tolist() == sorted(set((sotu.docvars["year"] // 10 * 10).tolist()))


def test_sentence_boundary():
    c = tk.Corpus.from_texts(["Peace now. Peace now.", "Now peace"])
    doc = tk.ngrams(c, n=2)
    assert as_dict(doc) == {
        "peace now": 2,
        "now peace": 2,
    }
    sent = tk.ngrams(c, n=2, boundary="sentence")
    assert as_dict(sent) == {"peace now": 2, "now peace": 1}
    with pytest.raises(ValueError, match="sentence"):
        tk.ngrams(tk.tokens(["a b"]), n=2, boundary="sentence")


def test_small_corpus_and_inputs():
    texts = ["The people and the states.", "The people!"]
    df = tk.ngrams(texts, n=(1, 2))
    assert df.iloc[0].to_dict() == {
        "feature": "the",
        "n": 1,
        "count": 3,
        "doc_freq": 2,
        "per_million": 3 / 7 * 1e6,
    }
    assert tk.ngrams(texts, n=2, min_count=2)["feature"].tolist() == ["the people"]
    with pytest.raises(ValueError, match="min_count"):
        tk.ngrams(texts, min_count=0)
    with pytest.raises(TypeError, match="n must be"):
        tk.ngrams(texts, n=[1, 2])
    with pytest.raises(KeyError, match="party"):
        tk.ngrams(texts, by="party")
    with pytest.raises(TypeError, match="unknown option"):
        tk.ngrams(texts, lowercse=False)
    empty = tk.ngrams(["", "   "], n=(1, 2))
    assert empty.empty and list(empty.columns) == [
        "feature",
        "n",
        "count",
        "doc_freq",
        "per_million",
    ]


def test_merge_of_partitions_is_identical(sotu_tokens):
    """Counting documents in slices and merging gives the same table (the Dask path)."""
    from toolkit.distributed._core import partitions

    parts = partitions(sotu_tokens, 5)
    merged = merge_counts([count_tokens(p, [1, 2], by="party") for p in parts])
    whole = count_tokens(sotu_tokens, [1, 2], by="party")
    pd.testing.assert_frame_equal(counts_frame(merged), counts_frame(whole))


def test_long_ngrams_use_compacted_keys():
    # 6-grams over a large vocabulary overflow int64 radix keys and take the compacted path
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(40_000)]
    docs = [" ".join(rng.choice(words, 300)) for _ in range(20)]
    docs.append(docs[0])
    df = tk.ngrams(docs, n=6)
    ref, ref_df = counter_ngrams(tk.tokens(docs).to_lists(), 6)
    assert as_dict(df) == dict(ref)
    assert as_dict(df, "doc_freq") == dict(ref_df)


def test_chinese_words_and_characters(gwr):
    words = tk.ngrams(gwr, n=2, by="decade", min_count=3)
    toks = gwr.tokens()
    lists = toks.to_lists()
    decades = (toks.docvars["year"] // 10 * 10).to_numpy()
    ref, _ = counter_ngrams([lists[i] for i in np.flatnonzero(decades == 1990)], 2)
    got = words[words["decade"] == 1990]
    assert as_dict(got) == {k: v for k, v in ref.items() if v >= 3}
    chars = tk.ngrams(gwr, n=4, what="char", min_count=5)
    assert "改 革 开 放" in set(chars["feature"])
    assert chars["feature"].str.len().eq(7).all()


def test_counting_in_runs_of_documents_gives_the_same_counts(sotu, monkeypatch):
    import toolkit.features._engine as engine

    toks = tk.tokens(sotu[-40:])
    whole = tk.ngrams(toks, n=(1, 3), by="decade", stopwords="en")
    d_whole = tk.dfm(toks, n=(1, 2))
    monkeypatch.setattr(engine, "CHUNK_TOKENS", 50_000)  # about ten runs
    assert tk.ngrams(toks, n=(1, 3), by="decade", stopwords="en").equals(whole)
    d_runs = tk.dfm(toks, n=(1, 2))
    assert (d_runs.features == d_whole.features).all()
    assert (d_runs.matrix != d_whole.matrix).nnz == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda: tk.ngrams(["a b"], n=(1, 40)),
        lambda: tk.ngrams(["a b"], n=9),
        lambda: tk.dfm(["a b"], n=(1, 9)),
        lambda: tk.tokens(["a b"]).ngrams(40),
        lambda: tk.Vectorizer(ngram_range=(1, 40)).fit(["a b"]),
        lambda: tk.collocations(["a b"], n=50),
    ],
)
def test_ngram_length_is_bounded(call):
    with pytest.raises(tk.ArgumentError, match="8"):
        call()


def test_skipgram_shapes_are_bounded():
    with pytest.raises(tk.ArgumentError, match="10,000,000 skip-gram shapes"):
        tk.tokens(["a b c"]).skipgrams(8, skip=list(range(10)))
    assert tk.tokens(["a b c"]).skipgrams(8, skip=[0])[0] == []
