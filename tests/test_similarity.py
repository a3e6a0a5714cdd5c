"""Group×group vocabulary similarity and change points."""

from __future__ import annotations

import numpy as np
import pytest

import toolkit as tk
from toolkit.counts.similarity import change_points, group_similarity


@pytest.fixture
def two_eras():
    years = [str(y) for y in range(1900, 1930)]
    texts = ["war army navy war"] * 15 + ["trade bank money trade"] * 15
    return tk.Corpus.from_texts(texts, dates=years)


def test_grouped_dfm_counts(two_eras):
    g = tk.dfm(two_eras).group("decade")
    assert g.docvars["decade"].tolist() == [1900, 1910, 1920]
    table = dict(zip(g.features.tolist(), g.to_array()[1].tolist(), strict=True))
    # 1910s: 1910–1914 war texts (5 docs), 1915–1919 trade texts (5 docs)
    assert table == {"war": 10, "army": 5, "navy": 5, "trade": 10, "bank": 5, "money": 5}


def test_similarity_cosine_and_jsd_by_hand():
    c = tk.Corpus.from_texts(["a a b", "a b b", "c"], dates=["1901", "1911", "1921"])
    sim = group_similarity(c, measure="cosine").set_index(["group_a", "group_b"])["similarity"]
    # profiles (2/3, 1/3) and (1/3, 2/3): cosine = (2/9 + 2/9) / (5/9) = 0.8
    assert sim[(1900, 1910)] == pytest.approx(0.8)
    assert sim[(1900, 1920)] == pytest.approx(0.0)
    assert sim[(1910, 1910)] == pytest.approx(1.0)
    jsd = group_similarity(c, measure="jsd").set_index(["group_a", "group_b"])["similarity"]
    p, q = np.array([2 / 3, 1 / 3]), np.array([1 / 3, 2 / 3])
    m = (p + q) / 2
    expected = 1 - 0.5 * (np.sum(p * np.log2(p / m)) + np.sum(q * np.log2(q / m)))
    assert jsd[(1900, 1910)] == pytest.approx(expected)
    assert jsd[(1900, 1920)] == pytest.approx(0.0)  # disjoint vocabularies: JSD = 1 bit
    with pytest.raises(ValueError, match="measure"):
        group_similarity(c, measure="euclid")


def test_change_points_find_the_planted_break(two_eras):
    for method in ("window", "split"):
        cp = change_points(two_eras, method=method, width=5, min_count=1)
        assert int(cp.loc[cp["rank"] == 1, "year"].iloc[0]) == 1915
    with pytest.raises(ValueError, match="at least"):
        change_points(two_eras, width=20)
    with pytest.raises(KeyError, match="no such column .party."):
        change_points(two_eras, by="party")


def test_sotu_sharpest_break_is_in_the_1930s(sotu):
    cp = change_points(sotu, stopwords="en")
    best = int(cp.loc[cp["rank"] == 1, "year"].iloc[0])
    assert 1930 <= best <= 1940
    y1917 = cp.set_index("year").loc[1917]
    assert y1917["score"] < cp["score"].max()
