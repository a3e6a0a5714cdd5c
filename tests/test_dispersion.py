"""Dispersion: Juilland's D and Gries' DP against worked examples, positions against the tokens."""

from __future__ import annotations

import numpy as np
import pytest

import toolkit as tk
from toolkit.counts.dispersion import dispersion_measures


def corpus_with(freqs, sizes, word="a", filler="x"):
    texts = [" ".join([word] * f + [filler] * (s - f)) for f, s in zip(freqs, sizes, strict=True)]
    return tk.Corpus.from_texts(texts, dates=[str(1900 + i) for i in range(len(texts))])


def test_gries_2008_example():
    # Gries (2008): a corpus of 50 words in five parts of 9, 10, 10, 10 and 11 words, in which
    # "a" occurs 1, 2, 3, 4 and 5 times (15 in all).
    # expected shares s = 9/50, 10/50, 10/50, 10/50, 11/50 = .18 .2 .2 .2 .22
    # observed shares v = 1/15, 2/15, 3/15, 4/15, 5/15
    # |v - s| = .11333 + .06667 + 0 + .06667 + .11333 = .36  ->  DP = .36 / 2 = 0.18
    d = tk.dispersion(corpus_with([1, 2, 3, 4, 5], [9, 10, 10, 10, 11]), "a")
    m = d.measures.iloc[0]
    assert m["gries_dp"] == pytest.approx(0.18, abs=1e-12)
    # Lijffijt & Gries (2012): DP / (1 - min s) = 0.18 / 0.82
    assert m["gries_dp_norm"] == pytest.approx(0.18 / 0.82, rel=1e-12)
    # Juilland's D over relative frequencies 1/9, 2/10, 3/10, 4/10, 5/11:
    rel = np.array([1 / 9, 0.2, 0.3, 0.4, 5 / 11])
    cv = np.sqrt(np.mean((rel - rel.mean()) ** 2)) / rel.mean()  # 0.125958 / 0.293131 = 0.429699
    assert m["juilland_d"] == pytest.approx(1 - cv / 2, rel=1e-12)  # sqrt(5 - 1) = 2
    assert m["juilland_d"] == pytest.approx(0.785150, abs=1e-6)  # 1 - 0.429699 / 2
    assert (m["count"], m["doc_freq"]) == (15, 5)


def test_lyne_1985_allemand_as_published_in_tlda():
    # Lyne (1985): ALLEMAND in the ten parts of his corpus of French business letters; the tlda
    # package (Soenning) reports D = 0.6038797 and DP = 0.4990705 (Gries' scaling).
    freq = [2, 0, 1, 1, 3, 0, 3, 0, 0, 0]
    sizes = [8143, 8058, 8271, 8125, 7959, 7941, 8146, 8001, 8003, 7930]
    m = tk.dispersion(corpus_with(freq, sizes, word="allemand"), "allemand").measures.iloc[0]
    assert m["juilland_d"] == pytest.approx(0.6038797, abs=5e-8)
    assert m["gries_dp"] == pytest.approx(0.4990705, abs=5e-8)
    direct = dispersion_measures(np.array([freq]), np.array(sizes))
    assert direct["juilland_d"][0] == pytest.approx(m["juilland_d"], rel=1e-12)


def test_extremes_and_errors():
    even = dispersion_measures(np.array([[10, 10, 10], [30, 0, 0], [0, 0, 0]]), np.array([100] * 3))
    assert even["juilland_d"][0] == pytest.approx(1.0)
    assert even["gries_dp"][0] == pytest.approx(0.0)
    assert even["juilland_d"][1] == pytest.approx(0.0)
    assert even["gries_dp"][1] == pytest.approx(2 / 3)
    assert even["gries_dp_norm"][1] == pytest.approx(1.0)
    assert np.isnan(even["gries_dp"][2])
    with pytest.raises(ValueError, match="two corpus parts"):
        dispersion_measures(np.array([[1]]), np.array([10]))
    with pytest.raises(ValueError, match="terms"):
        tk.dispersion(["a b"], [])


def test_sotu_positions(sotu):
    d = tk.dispersion(sotu, ["america", "terror", "New Deal", "no-such-word"])
    assert list(d.positions.columns) == [
        "doc_id",
        "date",
        "year",
        "feature",
        "position",
        "relative_position",
    ]
    assert list(d.measures.columns[:5]) == [
        "feature",
        "count",
        "doc_freq",
        "juilland_d",
        "gries_dp",
    ]
    toks = sotu.tokens()
    lists = toks.to_lists()
    ids = toks.docvars["doc_id"].tolist()
    expected = [
        (ids[i], p) for i, doc in enumerate(lists) for p, w in enumerate(doc) if w == "america"
    ]
    got = d.positions[d.positions["feature"] == "america"]
    assert list(zip(got["doc_id"], got["position"], strict=True)) == expected
    lengths = dict(zip(ids, toks.doc_lengths, strict=True))
    assert np.allclose(got["relative_position"], got["position"] / got["doc_id"].map(lengths))
    assert got["relative_position"].between(0, 1, inclusive="left").all()
    phrase = [
        (ids[i], p)
        for i, doc in enumerate(lists)
        for p in range(len(doc) - 1)
        if doc[p : p + 2] == ["new", "deal"]
    ]
    m = d.measures.set_index("feature")
    assert m.loc["New Deal", "count"] == len(phrase)
    assert m.loc["no-such-word", "count"] == 0 and np.isnan(m.loc["no-such-word", "gries_dp"])
    assert m.loc["america", "gries_dp"] < m.loc["terror", "gries_dp"]  # terror is concentrated
    by_decade = tk.dispersion(sotu, "terror", by="decade")
    assert by_decade.parts == "decade"
    assert by_decade.measures.loc[0, "count"] == m.loc["terror", "count"]


def test_chinese_terms_are_segmented(gwr):
    d = tk.dispersion(gwr, ["改革开放", "一带一路"])
    m = d.measures.set_index("feature")
    assert m.loc["改革开放", "count"] > 0
    first = d.positions[d.positions["feature"] == "一带一路"]["year"].min()
    assert first >= 2014
