"""Meaning shift (``tk.semantic_shift``): checked against independent constructions.

- PPMI from the module equals PPMI computed directly from its definition with dictionaries;
- on a generated corpus in which one word moves from one topic's company to another's at a
  known period, that period shows the word's largest shift while words whose company never
  changes stay near zero, and its neighbours change topic;
- Procrustes alignment undoes a rotation; results are the same for the same seed.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.errors import ArgumentError, InputError, ToolkitWarning
from toolkit.semantic import semantic_shift
from toolkit.semantic.embed import cooccurrence, ppmi

TOPICS = {k: [f"{k}{i}" for i in range(25)] for k in ("alpha", "beta", "gamma", "delta")}
DECADES = [1990, 2000, 2010, 2020]
BREAK = 2010  # "mover" leaves the alpha topic for the beta topic in the 2010s


def generated_corpus(seed: int = 0, docs_per_decade: int = 6, sentences: int = 250) -> tk.Corpus:
    """Documents of eight-word sentences, each drawn from one topic's words. 'mover' occurs in
    alpha sentences before BREAK and in beta sentences from BREAK on; 'steady' always occurs in
    gamma sentences and 'anchor' always in delta sentences."""
    rng = np.random.default_rng(seed)
    texts, dates = [], []
    for decade in DECADES:
        for d in range(docs_per_decade):
            out = []
            for _ in range(sentences):
                topic = ["alpha", "beta", "gamma", "delta"][rng.integers(4)]
                words = list(rng.choice(TOPICS[topic], size=8))
                home = {"gamma": "steady", "delta": "anchor"}.get(topic)
                mover_home = "alpha" if decade < BREAK else "beta"
                if topic == mover_home and rng.random() < 0.4:
                    words.insert(int(rng.integers(9)), "mover")
                if home and rng.random() < 0.4:
                    words.insert(int(rng.integers(9)), home)
                out.append(" ".join(words) + ".")
            texts.append(" ".join(out))
            dates.append(f"{decade + d}-06-01")
    return tk.Corpus.from_texts(texts, dates=dates)


def test_ppmi_equals_the_definition_computed_directly():
    docs = [["a", "b", "c", "a", "b"], ["c", "a", "d", "b", "a", "c"]]
    window, alpha = 2, 0.75
    # direct: count pairs within the window with dictionaries
    pairs: Counter = Counter()
    for doc in docs:
        for i, w in enumerate(doc):
            for j in range(max(0, i - window), min(len(doc), i + window + 1)):
                if j != i:
                    pairs[(w, doc[j])] += 1
    total = sum(pairs.values())
    row = Counter()
    col = Counter()
    for (w, c), n in pairs.items():
        row[w] += n
        col[c] += n
    col_a = {c: n**alpha for c, n in col.items()}
    norm = sum(col_a.values())
    vocab = ["a", "b", "c", "d"]
    expected = np.zeros((4, 4))
    for (w, c), n in pairs.items():
        value = math.log((n / total) / ((row[w] / total) * (col_a[c] / norm)))
        expected[vocab.index(w), vocab.index(c)] = max(0.0, value)
    ids = np.array([vocab.index(w) for doc in docs for w in doc])
    offsets = np.array([0, len(docs[0]), len(docs[0]) + len(docs[1])])
    counts = sum(cooccurrence(ids, offsets, 4, window))
    got = ppmi(counts, alpha=alpha).toarray()
    np.testing.assert_allclose(got, expected, atol=1e-12)


@pytest.fixture(scope="module")
def generated():
    return generated_corpus()


@pytest.fixture(scope="module")
def shift_ppmi(generated):
    return semantic_shift(
        generated, ["mover", "steady", "anchor"], dim=20, window=4, n_boot=10, min_count=20
    )


def test_known_shift_is_found_where_it_happens(shift_ppmi):
    s = shift_ppmi.set_index(["feature", "decade"])
    mover = s.loc["mover", "shift"]
    assert mover.idxmax() == BREAK, mover
    assert mover.loc[BREAK] > 0.5
    for word in ("steady", "anchor"):
        assert s.loc[word, "shift"].max() < 0.15, s.loc[word, "shift"]
        assert s.loc[word, "shift"].max() < mover.loc[BREAK] / 4
    # the interval of the break lies above every stable word's interval
    stable_high = s.loc[["steady", "anchor"], "shift_high"].max()
    assert s.loc[("mover", BREAK), "shift_low"] > stable_high
    # neighbours change topic at the break and are stable elsewhere
    for decade in DECADES:
        first = s.loc[("mover", decade), "neighbours"].split()[:5]
        topic = "alpha" if decade < BREAK else "beta"
        assert all(w.startswith(topic) for w in first), (decade, first)
    assert s.loc[("mover", BREAK), "stability"] == 0.0
    assert s.loc[("steady", BREAK), "stability"] > 0.3
    # against the first period: no shift before the break, a large one from it on
    assert s.loc[("mover", 2000), "shift_first"] < s.loc[("mover", 2020), "shift_first"] / 2
    assert s.loc[("mover", 2020), "shift_first"] > 0.5
    assert np.isnan(s.loc[("mover", 1990), "shift"])


def test_table_columns_and_schema(shift_ppmi):
    from toolkit.schema import COLUMNS

    assert list(shift_ppmi.columns[:2]) == ["feature", "decade"]
    assert set(shift_ppmi.columns) - {"decade"} <= set(COLUMNS)
    assert (shift_ppmi["n_docs"] == 6).all()
    assert not shift_ppmi["rare"].any()
    # count is the number of occurrences of the term in the period (counted here directly)
    c = generated_corpus()
    docs = c.docs.assign(decade=c.docs["year"] // 10 * 10)
    direct = docs.groupby("decade")["text"].apply(
        lambda t: sum(x.split().count("mover") for x in t)
    )
    got = shift_ppmi[shift_ppmi["feature"] == "mover"].set_index("decade")["count"]
    direct_words = docs.groupby("decade")["text"].apply(
        lambda t: sum(x.replace(".", " ").split().count("mover") for x in t)
    )
    assert got.to_dict() == direct_words.to_dict()
    assert (direct <= direct_words).all()


def test_same_seed_same_table_and_word2vec_finds_the_break(generated):
    a = semantic_shift(generated, ["mover"], dim=10, window=3, n_boot=3, min_count=20, seed=4)
    b = semantic_shift(generated, ["mover"], dim=10, window=3, n_boot=3, min_count=20, seed=4)
    pd.testing.assert_frame_equal(a, b)
    w, w2 = (
        semantic_shift(
            generated,
            ["mover", "steady"],
            method="word2vec",
            dim=20,
            window=4,
            n_boot=0,
            min_count=20,
        )
        for _ in range(2)
    )
    pd.testing.assert_frame_equal(w, w2)
    s = w.set_index(["feature", "decade"])
    assert s.loc["mover", "shift"].idxmax() == BREAK
    assert s.loc[("mover", BREAK), "shift"] > 2 * s.loc["steady", "shift"].max()


def test_rare_terms_warn_and_have_no_values(generated):
    with pytest.warns(ToolkitWarning, match="too rare.*'absent'.*1990"):
        s = semantic_shift(generated, ["mover", "absent"], dim=8, n_boot=0, min_count=20)
    absent = s[s["feature"] == "absent"]
    assert absent["rare"].all() and absent["shift"].isna().all()
    assert (absent["count"] == 0).all() and (absent["neighbours"] == "").all()


def test_bad_input():
    with pytest.raises(InputError, match="Corpus"):
        semantic_shift("一段文字", ["改革"])
    with pytest.raises(InputError, match="Corpus"):
        semantic_shift(["a text"], ["text"])
    c = tk.Corpus.from_texts(["a b c"], dates=["2001"])
    with pytest.raises(ArgumentError, match="method"):
        semantic_shift(c, ["a"], method="glove")
    with pytest.raises(ArgumentError, match="terms"):
        semantic_shift(c, [])
    with pytest.raises(tk.UnknownNameError, match="party"):
        semantic_shift(c, ["a"], by="party")


@pytest.mark.shared
@pytest.mark.slow
def test_gwr_formulations_across_decades(gwr):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ToolkitWarning)
        s = semantic_shift(
            gwr, ["改革", "民主", "安全"], n_boot=3, stopwords="zh", min_count=10, dim=50
        )
    assert set(s["decade"]) == {1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020}
    reform = s[s["feature"] == "改革"].set_index("decade")
    assert not reform.loc[1980:, "rare"].any()
    assert reform.loc[1980:, "count"].min() >= 100
    # shifts are cosine distances of unit vectors
    assert s["shift"].dropna().between(0, 2).all()
    assert s["stability"].dropna().between(0, 1).all()


def test_plot_semantic_shift_labels_never_overlap(shift_ppmi):
    from matplotlib.figure import Figure

    fig = tk.plot.semantic_shift(shift_ppmi, measure="shift_first", labels=4)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 3
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() == "neighbours"]
        assert len(boxes) == len(DECADES)
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
        assert all(fig.bbox.x0 <= b.x0 and b.x1 <= fig.bbox.x1 for b in boxes)
    with pytest.raises(ArgumentError, match="measure"):
        tk.plot.semantic_shift(shift_ppmi, measure="speed")
