"""Vectorizer: scikit-learn compatible and identical to CountVectorizer on the same tokens."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline

import toolkit as tk


def identity(x):
    return x


@pytest.fixture(scope="module")
def half(sotu):
    return sotu[::2]


@pytest.fixture(scope="module")
def tokens(half):
    return half.tokens()


@pytest.mark.parametrize(
    "params",
    [
        {"ngram_range": (1, 2), "min_df": 5},
        {"ngram_range": (2, 3), "min_df": 0.05, "max_df": 0.5, "binary": True},
    ],
)
def test_identical_to_countvectorizer_on_same_tokens(half, tokens, params):
    ours = tk.Vectorizer(**params)
    X = ours.fit_transform(half)
    ref = CountVectorizer(
        tokenizer=identity, preprocessor=identity, lowercase=False, token_pattern=None, **params
    )
    Y = ref.fit_transform(tokens.to_lists())
    assert ours.get_feature_names_out().tolist() == ref.get_feature_names_out().tolist()
    assert X.shape == Y.shape and (X != Y).nnz == 0
    assert ours.vocabulary_ == ref.vocabulary_


def test_transform_and_max_features(sotu):
    v = tk.Vectorizer(ngram_range=(1, 2), max_features=500, stopwords="en")
    X = v.fit_transform(sotu)
    assert X.shape == (len(sotu), 500)
    totals = np.asarray(X.sum(axis=0)).ravel()
    full = tk.ngrams(sotu, n=(1, 2), stopwords="en")
    cutoff = full["count"].iloc[499]
    assert totals.min() >= cutoff
    assert (v.transform(sotu) != X).nnz == 0
    new = v.transform(["The American people want jobs and more jobs.", "zzz qqq"])
    names = v.get_feature_names_out().tolist()
    assert new[0, names.index("jobs")] == 2 and new[0, names.index("american people")] == 1
    assert new[1].nnz == 0


def test_pipeline_with_tfidf_and_logistic_regression(sotu):
    modern = sotu.subset(year=(1970, None))
    keep = modern.docs["party"].isin(["Democratic", "Republican"]).to_numpy()
    texts = [t for t, k in zip(modern.texts, keep, strict=True) if k]
    y = (modern.docs["party"][keep] == "Republican").to_numpy().astype(int)
    pipe = make_pipeline(
        tk.Vectorizer(ngram_range=(1, 2), min_df=2, stopwords="en"),
        TfidfTransformer(),
        LogisticRegression(max_iter=1000),
    )
    scores = cross_val_score(pipe, texts, y, cv=3)
    assert scores.mean() > 0.5
    fitted = pipe.fit(texts, y)
    assert fitted.predict(texts[:3]).shape == (3,)
    assert clone(pipe.steps[0][1]).get_params()["ngram_range"] == (1, 2)


def test_errors_and_chinese(gwr):
    with pytest.raises(NotFittedError):
        tk.Vectorizer().transform(["a"])
    with pytest.raises(TypeError, match="single string"):
        tk.Vectorizer().fit("one text")
    with pytest.raises(ValueError, match="ngram_range"):
        tk.Vectorizer(ngram_range=(2, 1)).fit(["a b"])
    with pytest.raises(ValueError, match="max_df"):
        tk.Vectorizer(min_df=3, max_df=1).fit(["a", "a", "a"])
    v = tk.Vectorizer(min_df=10)
    X = v.fit_transform(gwr)
    assert X.shape[0] == len(gwr) and "改革" in v.vocabulary_
