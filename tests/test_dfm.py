"""The document-feature matrix: quanteda's own weighting test values (quanteda
tests/testthat/test-dfm_weight.R), scikit-learn parity, and the Dfm operations."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import toolkit as tk


def column(d: tk.Dfm, feature: str) -> list[float]:
    j = d.features.tolist().index(feature)
    return d.to_array()[:, j].round(2).tolist()


@pytest.fixture
def apples() -> tk.Dfm:
    """quanteda: dfm(c("apple is better than banana", "banana banana apple much better"),
    remove = stopwords("english")) — features apple, better, banana, much. (quanteda's
    Snowball list removes "is" and "than" but not "much", which scikit-learn's list holds.)"""
    d = tk.dfm(
        ["apple is better than banana", "banana banana apple much better"],
        stopwords=["is", "than"],
    )
    assert sorted(d.features.tolist()) == ["apple", "banana", "better", "much"]
    return d


def test_quanteda_weight_schemes(apples):
    # expected values of test-dfm_weight.R "dfm_weight works" (column-major R matrices)
    expected = {
        "count": {"apple": [1, 1], "better": [1, 1], "banana": [1, 2], "much": [0, 1]},
        "prop": {"apple": [0.33, 0.2], "better": [0.33, 0.2], "banana": [0.33, 0.4],
                 "much": [0, 0.2]},
        "propmax": {"apple": [1, 0.5], "better": [1, 0.5], "banana": [1, 1], "much": [0, 0.5]},
        "logcount": {"apple": [1, 1], "better": [1, 1], "banana": [1, 1.30], "much": [0, 1]},
    }  # fmt: skip
    for scheme, cols in expected.items():
        w = apples if scheme == "count" else apples.weight(scheme)
        for feature, values in cols.items():
            assert column(w, feature) == pytest.approx(values), (scheme, feature)


def test_quanteda_numeric_weights(apples):
    # "dfm_weight works with weights": apple = 5, banana = 3, much = 0.5
    w = apples.weight(weights={"apple": 5, "banana": 3, "much": 0.5})
    assert column(w, "apple") == [5, 5] and column(w, "banana") == [3, 6]
    assert column(w, "better") == [1, 1] and column(w, "much") == [0, 0.5]
    with pytest.raises(KeyError, match="notfound"):
        apples.weight(weights={"notfound": 10})


def test_quanteda_wikipedia_tfidf():
    # the worked example of Wikipedia's tf-idf article, as quanteda's test replicates it
    d = tk.dfm(["this is a  a sample", "this is another example another example example"])
    w = d.tfidf(scheme_tf="prop")
    expected = {"this": [0, 0], "is": [0, 0], "a": [0.12, 0], "sample": [0.06, 0],
                "another": [0, 0.09], "example": [0, 0.13]}  # fmt: skip
    for feature, values in expected.items():
        assert column(w, feature) == pytest.approx(values)


def test_quanteda_docfreq_schemes():
    d = tk.dfm(
        [
            "He went out to buy a car",
            "He went out and bought pickles and onions",
            "He ate pickles in the car.",
        ]
    )
    df = d.doc_freq().astype(float)
    X = d.matrix
    np.testing.assert_allclose(tk.features.weights.idf(X, "unary"), np.ones(d.shape[1]))
    np.testing.assert_allclose(tk.features.weights.idf(X, "inversemax"), np.log10(df.max() / df))
    np.testing.assert_allclose(
        tk.features.weights.idf(X, "inverseprob"), np.maximum(0, np.log10((3 - df) / df))
    )
    smoothed = d.smooth(1)
    assert (smoothed.doc_freq() == 3).all()
    assert smoothed.weighting["smooth"] == 1
    # "tf with logave now working as expected"
    two = tk.dfm(["He went out to buy a car", "He went out and bought pickles and onions"])
    counts = two.to_array().astype(float)
    mean = counts.sum(axis=1) / (counts > 0).sum(axis=1)
    with np.errstate(divide="ignore"):
        manual = (1 + np.log10(counts)) / (1 + np.log10(mean))[:, None]
    manual[np.isinf(manual)] = 0
    np.testing.assert_allclose(two.weight("logave").to_array(), manual)
    assert not np.array_equal(two.tfidf().to_array(), two.tfidf(base=2).to_array())


def test_weighting_twice_is_refused(apples):
    w = apples.weight("prop")
    with pytest.raises(ValueError, match="already weighted"):
        w.tfidf()
    assert w.tfidf(force=True).weighted


def test_counts_and_tfidf_equal_scikit_learn(sotu):
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    toks = sotu[:40].tokens()
    ours = tk.dfm(toks, n=(1, 2))

    def analyzer(doc):
        return doc + [" ".join(p) for p in itertools.pairwise(doc)]

    cv = CountVectorizer(analyzer=analyzer)
    X = cv.fit_transform(toks.to_lists())
    assert ours.features.tolist() == cv.get_feature_names_out().tolist()
    assert (ours.matrix != X).nnz == 0
    for smooth, k in ((True, None), (False, 0)):
        ref = TfidfTransformer(smooth_idf=smooth).fit_transform(X)
        mine = ours.tfidf(scheme_df="inverse_sklearn", base=math.e, norm="l2", k=k)
        np.testing.assert_allclose(mine.to_array(), ref.toarray(), rtol=1e-12, atol=1e-15)


def test_trim_select_group_subset(sotu):
    d = tk.dfm(sotu)
    t = d.trim(min_count=100, max_docs=0.5)
    counts, docs = t.feature_counts(), t.doc_freq()
    assert (counts >= 100).all() and (docs <= 0.5 * len(d)).all()
    full_counts, full_docs = d.feature_counts(), d.doc_freq()
    expected = (full_counts >= 100) & (full_docs <= 0.5 * len(d))
    assert t.features.tolist() == d.features[expected].tolist()
    assert d.trim(top=5).features.tolist() == sorted(
        d.features[np.argsort(-full_counts, kind="stable")[:5]].tolist()
    )
    econ = d.select("econom*")
    assert all(f.startswith("econom") for f in econ.features) and econ.shape[1] > 3
    assert d.remove("econom*").shape[1] == d.shape[1] - econ.shape[1]
    g = d.group("party")
    dem = g.doc_ids.index("Democratic")
    rows = np.flatnonzero(sotu.docs["party"] == "Democratic")
    np.testing.assert_array_equal(g.to_array()[dem], d.to_array()[rows].sum(axis=0))
    assert g.n_tokens[dem] == d.n_tokens[rows].sum()
    modern = d.subset(year=(1946, None))
    assert len(modern) == int((sotu.docs["year"] >= 1946).sum())
    assert modern.docvars["year"].min() >= 1946


def test_views_frame_sparse_gensim(apples):
    frame = apples.to_frame(docvars=False)
    assert list(frame.columns) == ["doc_id", "feature", "count"]
    assert frame["count"].sum() == apples.matrix.sum()
    S = apples.to_sparse()
    S[0, 0] = 99  # a copy: the dfm does not change
    assert apples.matrix[0, 0] != 99
    bow, id2word = apples.to_gensim()
    assert [sum(c for _, c in doc) for doc in bow] == apples.matrix.sum(axis=1).A1.tolist()
    assert apples.n_tokens.tolist() == [5, 5]  # all tokens, stopwords included (rates use it)
    gensim = pytest.importorskip("gensim")
    lda = gensim.models.LdaModel(bow, id2word=id2word, num_topics=2, random_state=0)
    assert lda.num_topics == 2
    assert set(apples.to_frame().columns) >= {"doc_id", "date", "year", "feature", "count"}


def test_match_features_and_lookup(apples):
    m = apples.match_features(["banana", "kiwi", "apple"])
    assert m.features.tolist() == ["banana", "kiwi", "apple"]
    assert m.to_array().tolist() == [[1, 0, 1], [2, 0, 1]]
    d = tk.Dictionary({"fruit": ["apple", "banana*"], "pair": ["banana apple"]})
    two = tk.dfm(["apple is better than banana", "banana banana apple much better"], n=(1, 2))
    looked = two.lookup(d)
    assert looked.features.tolist() == ["fruit", "pair"]
    assert looked.to_array().tolist() == [[2, 0], [3, 1]]


def test_dfm_refuses_bad_input():
    with pytest.raises(TypeError, match="single string"):
        tk.dfm("a text")
    with pytest.raises(ValueError, match="share"):
        tk.dfm(["a b"]).trim(min_docs=1.5)
    d = tk.dfm(["a"])
    with pytest.raises(TypeError):
        tk.dfm(d, n=2)
    assert isinstance(tk.Dfm(sp.csr_matrix((1, 0)), [], pd.DataFrame({"doc_id": ["x"]})), tk.Dfm)
