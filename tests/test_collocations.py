"""Collocation measures: NLTK's association measures (1e-9) on the same stretches of text, and
quanteda's lambda/z — by hand, by its algorithm, and on quanteda.textstats' own test cases
(tests/testthat/test-textstat_collocations.R)."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pandas as pd
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


def clauses(toks, boundary="document"):
    """The stretches collocations may not leave: documents (or sentences), cut where the
    tokenizer removed punctuation — the token stream NLTK is given."""
    cuts = set(toks.offsets.tolist())
    if boundary == "sentence":
        cuts |= set(toks.sentence_starts.tolist())
    if toks.gaps is not None:
        cuts |= set(toks.gaps.tolist())
    flat = toks.vocab[toks.ids].tolist()
    bounds = sorted(cuts | {toks.n_tokens})
    return [flat[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def assert_matches_nltk(ours, finder, measures):
    keys = [tuple(c.split()) for c in ours["feature"].tolist()]
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
    ours = tk.collocations(tokens, n=2, min_count=5, boundary="document")
    finder = BigramCollocationFinder.from_documents(clauses(tokens))
    finder.apply_freq_filter(5)
    assert_matches_nltk(ours, finder, NLTK_BIGRAM)
    assert list(ours.columns) == [
        "feature",
        "n",
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
    assert ours.loc[ours["feature"] == "united states", "count"].item() == sum(
        1
        for d in clauses(tokens)
        for a, b in itertools.pairwise(d)
        if (a, b) == ("united", "states")
    )


def test_trigrams_and_windows_match_nltk(sotu):
    toks = sotu[:50].tokens()
    docs = clauses(toks)
    ours = tk.collocations(toks, n=3, min_count=2, boundary="document")
    finder = TrigramCollocationFinder.from_documents(docs)
    finder.apply_freq_filter(2)
    assert_matches_nltk(ours, finder, NLTK_TRIGRAM)
    window = 4
    ours = tk.collocations(toks, n=2, window=window, min_count=3, boundary="document")
    words = BigramCollocationFinder._build_new_documents(docs, window + 1, pad_right=True)
    finder = BigramCollocationFinder.from_words(words, window_size=window + 1)
    finder.apply_freq_filter(3)
    assert_matches_nltk(ours, finder, NLTK_BIGRAM)


def test_sentence_boundary_matches_nltk_on_sentences():
    texts = ["The tax cut works. Cut taxes now. The tax cut.", "Tax cut! Now the people."]
    toks = tk.tokens(texts, sentences=True)
    ours = tk.collocations(toks, n=2, min_count=1)
    finder = BigramCollocationFinder.from_documents(clauses(toks, "sentence"))
    assert_matches_nltk(ours, finder, NLTK_BIGRAM)
    assert "works cut" not in set(ours["feature"])


def test_lambda_z_hand_computed_2x2():
    # one document: a b a b a b c a c c -> nine bigrams: ab ba ab ba ab bc ca ac cc
    # for "a b": n11 = 3 (ab), n10 = 1 (ac: starts with a, not b), n01 = 0 (nothing else ends
    # in b), n00 = 9 - 3 - 1 - 0 = 5. With 0.5 added to every cell:
    # lambda = ln(3.5) - ln(1.5) - ln(0.5) + ln(5.5) = ln(19.25 / 0.75) = 3.245193...
    # z = lambda / sqrt(1/3.5 + 1/1.5 + 1/0.5 + 1/5.5) = 3.245193 / 1.770367 = 1.833062...
    out = tk.collocations(["a b a b a b c a c c"], n=2, min_count=1, boundary="document")
    row = out.set_index("feature").loc["a b"]
    assert row["count"] == 3
    assert row["lambda"] == pytest.approx(math.log(19.25 / 0.75), rel=1e-12)
    assert row["lambda"] == pytest.approx(3.245193133185574, rel=1e-12)
    assert row["z"] == pytest.approx(1.8330624252634762, rel=1e-12)
    no_smooth = tk.collocations(["a b a b a b c a c c", "a b"], n=2, min_count=1, smoothing=0.0)
    assert np.isinf(no_smooth.set_index("feature").loc["a b", "lambda"])  # n01 = 0


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
    toks = tk.tokens(texts)
    ours = tk.collocations(toks, n=3, min_count=1, boundary="document")
    ref = brute_force_lambda(toks.to_lists(), 3)
    assert set(ours["feature"]) == set(ref)
    for c, lam, z in zip(ours["feature"], ours["lambda"], ours["z"], strict=True):
        assert lam == pytest.approx(ref[c][0], rel=1e-12, abs=1e-12)
        assert z == pytest.approx(ref[c][1], rel=1e-12, abs=1e-12)


def test_stopwords_and_errors(tokens):
    out = tk.collocations(
        tokens, n=2, min_count=20, stopwords="en", boundary="document", sort="pmi"
    )
    stop = tk.stopwords("en")
    assert not any(set(c.split()) & stop for c in out["feature"].tolist())
    assert out["pmi"].is_monotonic_decreasing
    with pytest.raises(ValueError, match="n must be"):
        tk.collocations(["a b"], n=1)
    with pytest.raises(ValueError, match="n must be"):
        tk.collocations(["a b"], n=50)
    with pytest.raises(ValueError, match="window"):
        tk.collocations(["a b"], n=3, window=2)
    with pytest.raises(ValueError, match="sort"):
        tk.collocations(["a b"], sort="mi")


def test_chinese_collocations(gwr):
    out = tk.collocations(gwr, n=2, min_count=20, stopwords="zh", boundary="document")
    assert (out["count"] >= 20).all()
    pairs = Counter(p for d in clauses(gwr.tokens()) for p in itertools.pairwise(d))
    for c, n in zip(out["feature"].head(20).tolist(), out["count"].head(20), strict=True):
        assert pairs[tuple(c.split())] == n


def test_punctuation_is_never_inside_a_collocation():
    """The example of the text-fidelity issue: quanteda skips every K-gram containing a
    punctuation token, so in "x y, z w" only "x y" and "z w" are bigrams; over both documents
    "y z" occurs once and lambda = ln((1.5 * 5.5) / (0.5 * 0.5)) = ln 33 … computed by hand:
    population: x y, z w (doc 1) and x y, y z, z w (doc 2) = 5 bigrams; for "y z": n11 = 1,
    n10 = 0 (y followed by not-z: none; "y ," is skipped), n01 = 0, n00 = 4; smoothed
    lambda = ln(1.5 * 4.5 / (0.5 * 0.5)) = ln 27."""
    out = tk.collocations(["x y, z w", "x y z w"], n=2, min_count=1).set_index("feature")
    assert out.loc["y z", "count"] == 1 and out.loc["x y", "count"] == 2
    assert out.loc["y z", "lambda"] == pytest.approx(math.log(27), rel=1e-12)
    kept = tk.tokens(["x y, z w", "x y z w"], remove_punct=False, sentences=True)
    kept = tk.collocations(kept, min_count=1).set_index("feature")
    # the same K-grams and lambda/z; NLTK's measures count the punctuation tokens in the total
    cols = ["count", "lambda", "z"]
    pd.testing.assert_frame_equal(kept.loc[out.index, cols], out[cols])


def test_quanteda_zero_length_documents_case():
    """test-textstat_collocations.R, "works ok with zero-length documents (#940)": the printed
    result has good ice / i like / ice cream / like good, count 2, lambda 4.317488,
    z 2.027787."""
    txt = ["I like good ice cream.", "Me too!  I like good ice cream.", ""]
    out = tk.collocations(txt, n=2, min_count=2)
    assert sorted(out["feature"]) == ["good ice", "i like", "ice cream", "like good"]
    assert (out["count"] == 2).all()
    np.testing.assert_allclose(out["lambda"], 4.317488, atol=5e-7)
    np.testing.assert_allclose(out["z"], 2.027787, atol=5e-7)


@pytest.mark.parametrize(
    ("texts", "keep", "expected"),
    [
        (  # "counts sequences correctly when recursive = FALSE", col1
            ["a b c . . a b c . . a b c . . . a b c", "a b . . a b . . a b . . a b . a b"],
            ["a", "b", "c"],
            {2: {"a b": 9, "b c": 4}, 3: {"a b c": 4}},
        ),
        (  # col2
            [
                ". . . . a b c . . a b c . . .",
                "a b . . a b . . a b . . a b . a b",
                "b c . . b c . b c . . . b c",
            ],
            ["a", "b", "c"],
            {2: {"a b": 7, "b c": 6}, 3: {"a b c": 2}},
        ),
        (  # col4
            [". . . . a b c d . . a b c . . ."],
            ["a", "b", "c", "d"],
            {2: {"a b": 2, "b c": 2, "c d": 1}, 3: {"a b c": 2, "b c d": 1}, 4: {"a b c d": 1}},
        ),
    ],
)
def test_quanteda_padded_sequence_counts(texts, keep, expected):
    """Counts of quanteda's tests with tokens_keep(..., padding = TRUE): the pads (here, as in
    quanteda, the places of the "." tokens) are never inside a collocation."""
    padded = tk.tokens(texts, remove_punct=False).select(keep, padding=True)
    gaps = tk.tokens(texts)  # punctuation removed by the tokenizer: the same breaks
    for toks in (padded, gaps):
        for n, counts in expected.items():
            out = tk.collocations(toks, n=n, min_count=1, boundary="document")
            assert dict(zip(out["feature"], out["count"], strict=True)) == counts


def test_quanteda_lambda_against_its_glm_reference():
    """test-textstat_collocations.R, "lambda & [ function": capital letters kept with padding,
    lower-cased, the best collocation is "g f" and its lambda equals the saturated log-linear
    model of MWEcounts/MWEstatistics. As in quanteda's C++ (src/collocations.cpp, counts2),
    bigrams with a pad are counted in the 2^K table (a pad matches no word) but are never
    candidates; only punctuation tokens take a K-gram out of the table."""
    toks = tk.tokens(["E E G F a b c E E G G f E E f f G G"], lowercase=False)
    caps = toks.select("[A-Z]", kind="regex", case_sensitive=True, padding=True).lowercase()
    out = tk.collocations(caps, n=2, min_count=1, boundary="document")
    assert out["feature"].iloc[0] == "g f"
    stream = caps.to_lists()[0]
    grams = list(itertools.pairwise(stream))
    cells = [0.5] * 4
    for g in grams:
        cells[(g[0] == "g") + 2 * (g[1] == "f")] += 1
    lam = math.log(cells[3]) - math.log(cells[1]) - math.log(cells[2]) + math.log(cells[0])
    assert out["lambda"].iloc[0] == pytest.approx(lam, rel=1e-12)


def test_quanteda_significance_order():
    """test-textstat_collocations.R, "test the correctness of significant": with smoothing 0
    and with 0.5 the top collocation is "other capital"."""
    text = ["capital other capital gains other capital word2 other gains capital"]
    for smoothing in (0.0, 0.5):
        out = tk.collocations(text, n=2, min_count=1, smoothing=smoothing)
        assert out["feature"].iloc[0] == "other capital"
