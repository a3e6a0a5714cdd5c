"""Keyness: Rayson & Garside's G² by hand, the other measures by their definitions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import toolkit as tk

COLUMNS = [
    "feature",
    "count_target",
    "count_reference",
    "per_million_target",
    "per_million_reference",
    "g2",
    "p_value",
    "chi2",
    "log_ratio",
    "pct_diff",
    "sign",
]


@pytest.fixture(scope="module")
def hand():
    """Target: 1,000 tokens, 'liberty' 10 times. Reference: 2,000 tokens, 'liberty' 5 times."""
    target = tk.Corpus.from_texts([" ".join(["liberty"] * 10 + ["alpha"] * 990)])
    reference = tk.Corpus.from_texts([" ".join(["liberty"] * 5 + ["beta"] * 1995)])
    return tk.keyness(target, reference).set_index("feature")


def test_g2_rayson_garside_hand_example(hand):
    # E1 = 1000 * (10 + 5) / 3000 = 5, E2 = 2000 * 15 / 3000 = 10
    # G2 = 2 * (10 ln(10/5) + 5 ln(5/10)) = 2 * (6.931472 - 3.465736) = 10 ln 2 = 6.931472
    row = hand.loc["liberty"]
    assert row["g2"] == pytest.approx(10 * math.log(2), rel=1e-12)
    assert row["g2"] == pytest.approx(6.931471805599453, rel=1e-12)
    assert row["p_value"] == pytest.approx(0.00846919650753501, rel=1e-9)  # chi2(1) upper tail
    assert (row["count_target"], row["count_reference"]) == (10, 5)
    assert row["per_million_target"] == pytest.approx(10_000)
    assert row["per_million_reference"] == pytest.approx(2_500)
    assert row["sign"] == "+"


def test_chi2_log_ratio_pct_diff_hand_example(hand):
    row = hand.loc["liberty"]
    # Pearson over the 2x2 table (10, 5 / 990, 1995), expected (5, 10 / 995, 1990):
    # 25/5 + 25/10 + 25/995 + 25/1990 = 7.537688; no Yates correction
    assert row["chi2"] == pytest.approx(5 + 2.5 + 25 / 995 + 25 / 1990, rel=1e-12)
    # Hardie's log ratio: log2((10/1000) / (5/2000)) = log2(4) = 2
    assert row["log_ratio"] == pytest.approx(2.0, rel=1e-12)
    # %DIFF: (10000 - 2500) * 100 / 2500 = 300
    assert row["pct_diff"] == pytest.approx(300.0, rel=1e-12)
    # a word only in the target: log ratio with 0.5 for the zero count, %DIFF with 1e-18
    alpha = hand.loc["alpha"]
    assert alpha["log_ratio"] == pytest.approx(math.log2((990 / 1000) / (0.5 / 2000)))
    assert alpha["pct_diff"] == pytest.approx((990 / 1000 * 1e6) * 100 / 1e-18)
    beta = hand.loc["beta"]
    assert beta["sign"] == "-" and beta["count_target"] == 0
    assert beta["g2"] == pytest.approx(2 * 1995 * math.log(1995 / (2000 * 1995 / 3000)))


def test_yates_and_measure_order():
    t = tk.Corpus.from_texts([" ".join(["liberty"] * 10 + ["alpha"] * 990)])
    r = tk.Corpus.from_texts([" ".join(["liberty"] * 5 + ["beta"] * 1995)])
    y = tk.keyness(t, r, yates=True).set_index("feature").loc["liberty", "chi2"]
    # (|O - E| - 0.5)^2 / E: 20.25/5 + 20.25/10 + 20.25/995 + 20.25/1990
    assert y == pytest.approx(4.05 + 2.025 + 20.25 / 995 + 20.25 / 1990, rel=1e-12)
    out = tk.keyness(t, r, measure="log_ratio")
    assert out["feature"].tolist() == ["alpha", "liberty", "beta"]


def test_two_corpora_equals_condition(sotu):
    modern = sotu.subset(year=(1917, None))
    early = sotu.subset(year=(None, 1916))
    a = tk.keyness(modern, early, min_count=5)
    b = tk.keyness(sotu, lambda d: d["year"] >= 1917, min_count=5)
    c = tk.keyness(sotu, (sotu.docvars["year"] >= 1917).to_numpy())
    d = tk.keyness(sotu, "year>=1917")
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(c, d)
    assert list(a.columns) == COLUMNS
    assert (a["count_target"] + a["count_reference"] >= 5).all()
    signed = np.where(a["sign"] == "+", a["g2"], -a["g2"])
    assert np.all(np.diff(signed) <= 1e-9)
    top = a.head(20)["feature"].tolist()
    assert "we" in top and (a.head(20)["sign"] == "+").all()
    toks = sotu.tokens()
    the = a.set_index("feature").loc["the"]
    ids = np.flatnonzero(toks.vocab == "the")[0]
    mask = np.repeat((sotu.docvars["year"] >= 1917).to_numpy(), toks.doc_lengths)
    assert the["count_target"] == np.sum((toks.ids == ids) & mask)


def test_ngrams_and_errors(sotu):
    out = tk.keyness(sotu, lambda d: d.party == "Republican", n=2, stopwords="en", min_count=20)
    assert out["feature"].str.count(" ").eq(1).all()
    with pytest.raises(ValueError, match="both need documents"):
        tk.keyness(sotu, lambda d: d.year > 0)
    with pytest.raises(TypeError, match="one boolean per document"):
        tk.keyness(sotu, np.array([True, False]))
    with pytest.raises(ValueError, match="measure"):
        tk.keyness(sotu, lambda d: d.year > 1900, measure="odds")
