"""Collocation measures: NLTK's association measures (1e-9) and quanteda's lambda/z by hand."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pytest
from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
from nltk.metrics import BigramAssocMeasures, TrigramAssocMeasures

import toolkit as tk

NLTK_BIGRAM = {
    "pmi": BigramAssocMeasures.pmi,
    "g2": BigramAssocMeasures.likelihood_ratio,
    "t": BigramAssocMeasures.student_t,
    "chi2": BigramAssocMeasures.chi_sq,
    "dice": BigramAssocMeasures.dice,
}
NLTK_TRIGRAM = {
    "pmi": TrigramAssocMeasures.pmi,
    "g2": TrigramAssocMeasures.likelihood_ratio,
    "t": TrigramAssocMeasures.student_t,
    "chi2": TrigramAssocMeasures.chi_sq,
}


def assert_matches_nltk(ours, finder, measures):
    keys = [tuple(c.split()) for c in ours["collocation"].tolist()]
    assert set(keys) == set(finder.ngram_fd)  # same candidates
    for col, fn in measures.items():
        ref = dict(finder.score_ngrams(fn))
        np.testing.assert_allclose(
            ours[col].to_numpy(), [ref[k] for k in keys], rtol=1e-9, err_msg=col
        )


@pytest.fixture(scope="module")
def tokens(sotu):
    return sotu.tokens()


def test_bigrams_match_nltk_on_sotu(tokens):
    ours = tk.collocations(tokens, 2, min_count=5, boundary="document")
    finder = BigramCollocationFinder.from_documents(tokens.to_lists())
    finder.apply_freq_filter(5)
    assert_matches_nltk(ours, finder, NLTK_BIGRAM)
    assert list(ours.columns) == [
        "collocation",
        "length",
        "count",
        "lambda",
        "z",
        "pmi",
        "g2",
        "t",
        "chi2",
        "dice",
    ]
    assert ours["z"].is_monotonic_decreasing
    assert ours.loc[ours["collocation"] == "united states", "count"].item() == sum(
        1
        for d in tokens.to_lists()
        for a, b in itertools.pairwise(d)
        if (a, b) == ("united", "states")
    )


def test_trigrams_and_windows_match_nltk(sotu):
    toks = sotu[:50].tokens()
    docs = toks.to_lists()
    ours = tk.collocations(toks, 3, min_count=2, boundary="document")
    finder = TrigramCollocationFinder.from_documents(docs)
    finder.apply_freq_filter(2)
    assert_matches_nltk(ours, finder, NLTK_TRIGRAM)
    window = 4
    ours = tk.collocations(toks, 2, window=window, min_count=3, boundary="document")
    words = BigramCollocationFinder._build_new_documents(docs, window + 1, pad_right=True)
    finder = BigramCollocationFinder.from_words(words, window_size=window + 1)
    finder.apply_freq_filter(3)
    assert_matches_nltk(ours, finder, NLTK_BIGRAM)


def test_sentence_boundary_matches_nltk_on_sentences():
    texts = ["The tax cut works. Cut taxes now. The tax cut.", "Tax cut! Now the people."]
    toks = tk.tokenize(texts, sentences=True)
    ours = tk.collocations(toks, 2, min_count=1)
    starts = set(toks.sentence_starts.tolist()) | set(toks.offsets[:-1].tolist())
    flat = toks.vocab[toks.ids].tolist()
    cuts = sorted(starts | {toks.n_tokens})
    sentences = [flat[a:b] for a, b in itertools.pairwise(cuts)]
    finder = BigramCollocationFinder.from_documents(sentences)
    assert_matches_nltk(ours, finder, NLTK_BIGRAM)
    assert "works cut" not in set(ours["collocation"])


def test_lambda_z_hand_computed_2x2():
    # one document: a b a b a b c a c c -> nine bigrams: ab ba ab ba ab bc ca ac cc
    # for "a b": n11 = 3 (ab), n10 = 1 (ac: starts with a, not b), n01 = 0 (nothing else ends
    # in b), n00 = 9 - 3 - 1 - 0 = 5. With 0.5 added to every cell:
    # lambda = ln(3.5) - ln(1.5) - ln(0.5) + ln(5.5) = ln(19.25 / 0.75) = 3.245193...
    # z = lambda / sqrt(1/3.5 + 1/1.5 + 1/0.5 + 1/5.5) = 3.245193 / 1.770367 = 1.833062...
    out = tk.collocations(["a b a b a b c a c c"], 2, min_count=1, boundary="document")
    row = out.set_index("collocation").loc["a b"]
    assert row["count"] == 3
    assert row["lambda"] == pytest.approx(math.log(19.25 / 0.75), rel=1e-12)
    assert row["lambda"] == pytest.approx(3.245193133185574, rel=1e-12)
    assert row["z"] == pytest.approx(1.8330624252634762, rel=1e-12)
    no_smooth = tk.collocations(["a b a b a b c a c c", "a b"], 2, min_count=1, smoothing=0.0)
    assert np.isinf(no_smooth.set_index("collocation").loc["a b", "lambda"])  # n01 = 0


def brute_force_lambda(docs, size, smoothing=0.5):
    """quanteda's algorithm literally: for each candidate, add every size-gram of the corpus to
    the cell of its match pattern (bit j set = position j matches), smooth, then
    lambda = sum (-1)^(K - bits) log n_b and z = lambda / sqrt(sum 1 / n_b)."""
    grams = [tuple(d[i : i + size]) for d in docs for i in range(len(d) - size + 1)]
    out = {}
    for cand in set(grams):
        cells = [smoothing] * 2**size
        for g in grams:
            cells[sum(1 << j for j in range(size) if g[j] == cand[j])] += 1
        lam = sum((-1) ** (size - bin(b).count("1")) * math.log(c) for b, c in enumerate(cells))
        out[" ".join(cand)] = (lam, lam / math.sqrt(sum(1 / c for c in cells)))
    return out


def test_trigram_lambda_matches_quanteda_algorithm():
    texts = [
        "gains capital tax gains capital tax capital gains tax",
        "tax gains capital b c capital gains tax a b capital",
    ]
    toks = tk.tokenize(texts)
    ours = tk.collocations(toks, 3, min_count=1, boundary="document")
    ref = brute_force_lambda(toks.to_lists(), 3)
    assert set(ours["collocation"]) == set(ref)
    for c, lam, z in zip(ours["collocation"], ours["lambda"], ours["z"], strict=True):
        assert lam == pytest.approx(ref[c][0], rel=1e-12, abs=1e-12)
        assert z == pytest.approx(ref[c][1], rel=1e-12, abs=1e-12)


def test_stopwords_and_errors(tokens):
    out = tk.collocations(tokens, 2, min_count=20, stopwords="en", boundary="document", sort="pmi")
    stop = tk.stopwords("en")
    assert not any(set(c.split()) & stop for c in out["collocation"].tolist())
    assert out["pmi"].is_monotonic_decreasing
    with pytest.raises(ValueError, match="size"):
        tk.collocations(["a b"], 1)
    with pytest.raises(ValueError, match="window"):
        tk.collocations(["a b"], 3, window=2)
    with pytest.raises(ValueError, match="sort"):
        tk.collocations(["a b"], sort="mi")


def test_chinese_collocations(gwr):
    out = tk.collocations(gwr, 2, min_count=20, stopwords="zh", boundary="document")
    assert (out["count"] >= 20).all()
    pairs = Counter(p for d in gwr.tokens().to_lists() for p in itertools.pairwise(d))
    for c, n in zip(out["collocation"].head(20).tolist(), out["count"].head(20), strict=True):
        assert pairs[tuple(c.split())] == n
