"""Tests for toolkit.models.coherence (validated against gensim's CoherenceModel)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from toolkit.models.coherence import (
    _window_counts,
    coherence,
    mean_coherence,
    npmi_from_doc_term,
    topic_diversity,
)

DOCS = """
the government will cut taxes for working families and small business
lower taxes create jobs and help small business grow
our economy added jobs and wages rose for working families
the budget deficit fell while the economy grew and jobs returned
we will balance the budget and cut wasteful spending
spending on roads and bridges creates jobs in every state
troops returned home after the war ended
our army and navy defend the nation in time of war
the war on terror demands a strong military and brave troops
we honour veterans who served in the army navy and air force
military spending must support troops and their families
peace requires a strong defense and trusted allies
every child deserves a good school and a great teacher
teachers need support and schools need modern classrooms
college tuition is too high for working families
we will expand early education and help students pay for college
students and teachers deserve safe schools
health care costs are rising for families and business
we will make health insurance affordable for every family
medicare and medicaid protect seniors and the poor
doctors and nurses care for patients in every hospital
insurance companies should not deny care to patients
clean energy will create jobs and cut pollution
we must protect clean air and clean water for our children
climate change threatens farms coasts and cities
solar and wind energy power homes and business
oil and gas prices hurt working families
the nation is strong and the state of the union is strong
god bless you and god bless america

thank you
"""
TEXTS = [line.split() for line in DOCS.strip("\n").split("\n")]
TOPICS = [
    ["taxes", "business", "small", "jobs", "economy", "budget", "cut", "working", "families"],
    ["war", "troops", "army", "navy", "military", "veterans", "defense", "strong"],
    ["schools", "teachers", "students", "college", "education", "school", "teacher"],
    ["care", "health", "insurance", "patients", "medicare", "doctors", "families"],
    ["energy", "clean", "pollution", "climate", "solar", "wind", "water", "air"],
    ["god", "teachers", "oil", "navy", "budget", "patients", "climate", "thank"],  # incoherent
    ["strong", "the", "and", "jobs", "state", "union", "nation", "every"],
]
GENSIM_NAMES = {"umass": "u_mass", "c_v": "c_v", "c_npmi": "c_npmi"}


def _gensim(topics, texts, measure, window=None, top_n=10):
    pytest.importorskip("gensim", reason="gensim (dev extra) is needed to cross-check values")
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    kwargs = {} if window is None else {"window_size": window}
    model = CoherenceModel(
        topics=topics,
        texts=texts,
        dictionary=Dictionary(texts),
        coherence=GENSIM_NAMES[measure],
        topn=top_n,
        processes=1,
        **kwargs,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.array(model.get_coherence_per_topic(), dtype=float)


@pytest.mark.parametrize(
    ("measure", "window"),
    [("umass", None), ("c_v", None), ("c_npmi", None), ("c_v", 4), ("c_npmi", 3), ("c_v", 1)],
)
def test_matches_gensim_on_english_corpus(measure, window):
    expected = _gensim(TOPICS, TEXTS, measure, window)
    got = coherence(TOPICS, TEXTS, measure=measure, window=window)
    np.testing.assert_allclose(got["coherence"].to_numpy(), expected, rtol=0, atol=1e-6)
    assert got.attrs["mean"] == pytest.approx(float(np.mean(expected)), abs=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_matches_gensim_sliding_window_edge_cases(seed):
    """Repeated words inside a window, empty and short documents, duplicate topic words."""
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(8)]
    texts = [list(rng.choice(vocab, size=int(n))) for n in rng.integers(0, 40, size=12)]
    texts[0] = []
    present = sorted({w for doc in texts for w in doc})
    topics = [list(rng.choice(present, size=5, replace=True)) for _ in range(3)]
    for measure in ("umass", "c_v", "c_npmi"):
        for window in [None] if measure == "umass" else [None, 2, 5, 30]:
            expected = _gensim(topics, texts, measure, window, top_n=5)
            got = coherence(topics, texts, measure=measure, window=window, top=5)
            np.testing.assert_allclose(got["coherence"], expected, rtol=0, atol=1e-6)


def test_unknown_topic_word_dropped_like_gensim():
    topics = [["taxes", "unicorn", "jobs", "business", "small"], ["war", "army", "troops"]]
    expected = _gensim(topics, TEXTS, "c_v", top_n=3)  # gensim drops "unicorn", then keeps 3
    with pytest.warns(UserWarning, match="unicorn"):
        got = coherence(topics, TEXTS, measure="c_v", top=3)
    np.testing.assert_allclose(got["coherence"], expected, rtol=0, atol=1e-6)
    assert got["n_words"].tolist() == [3, 3]


def test_gensim_window_quirk_counts():
    # "a b a c", window 3: windows [a b a] and [b a c]. gensim clears "a" when its first
    # occurrence leaves the window, so "a" counts in one window only and never meets "c".
    codes = np.array([0, 1, 0, 2])
    counts, n_windows = _window_counts(codes, np.array([0, 4]), 3, window=3)
    assert n_windows == 2
    assert counts.toarray().tolist() == [[1, 1, 0], [1, 2, 1], [0, 1, 1]]
    # an empty document counts as one window; a short one as one window with all its words
    counts, n_windows = _window_counts(np.array([0, 2]), np.array([0, 0, 2]), 3, window=5)
    assert n_windows == 2
    assert counts.toarray().tolist() == [[1, 0, 1], [0, 0, 0], [1, 0, 1]]


def test_npmi_hand_checked_four_documents():
    texts = [["a", "b"], ["a", "b", "c"], ["a"], ["c", "d"]]
    # p(a)=3/4, p(b)=p(c)=1/2, p(ab)=1/2, p(ac)=p(bc)=1/4
    # npmi(a,b) = log(4/3)/log(2) = 0.4150375; npmi(a,c) = log(2/3)/log(4) = -0.2924813;
    # npmi(b,c) = log(1)/log(4) = 0; b and d never co-occur -> -1
    got = coherence([["a", "b", "c"], ["b", "d"]], texts, measure="npmi")
    assert got["coherence"].tolist() == pytest.approx([0.0408521, -1.0], abs=1e-7)
    assert got.attrs["mean"] == pytest.approx(-0.4795740, abs=1e-7)
    x = sp.csr_array([[1, 1, 0, 0], [1, 1, 1, 0], [1, 0, 0, 0], [0, 0, 1, 1]])
    assert npmi_from_doc_term(x, [[0, 1, 2], [1, 3]]).tolist() == pytest.approx(
        [0.0408521, -1.0], abs=1e-7
    )
    assert npmi_from_doc_term(x, [[1, 3]], never_cooccur=0.0).tolist() == [0.0]
    everywhere = sp.csr_array(np.ones((3, 2)))
    assert npmi_from_doc_term(everywhere, [[0, 1]]).tolist() == [1.0]


def test_npmi_from_doc_term_matches_coherence_and_ignores_counts():
    vocab = sorted({w for doc in TEXTS for w in doc})
    col = {w: i for i, w in enumerate(vocab)}
    rows = [i for i, doc in enumerate(TEXTS) for _ in doc]
    cols = [col[w] for doc in TEXTS for w in doc]
    counts = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(TEXTS), len(vocab)))
    counts.sum_duplicates()
    assert counts.max() > 1  # "and", "the" repeat inside a document
    ids = [[col[w] for w in topic] for topic in TOPICS]
    expected = coherence(TOPICS, TEXTS, measure="npmi")["coherence"].to_numpy()
    np.testing.assert_allclose(npmi_from_doc_term(counts, ids), expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(npmi_from_doc_term(counts.toarray(), ids), expected, atol=1e-12)
    assert np.isnan(npmi_from_doc_term(counts, [[col["war"]]])[0])


def test_good_topics_more_coherent_than_bad():
    # c_v is left out on purpose: words that never co-occur all get NPMI vectors near -1, which
    # are parallel, so c_v rates the incoherent topic highly (a known weakness of c_v).
    for measure in ("npmi", "umass", "c_npmi"):
        scores = coherence(TOPICS, TEXTS, measure=measure)["coherence"].to_numpy()
        assert scores[:5].min() > scores[5], measure


def test_output_frame_and_topic_inputs():
    got = coherence(TOPICS, TEXTS, measure="c_npmi", top=5)
    assert list(got.columns) == ["topic", "measure", "coherence", "n_words"]
    assert got["topic"].tolist() == list(range(len(TOPICS)))
    assert (got["measure"] == "c_npmi").all() and (got["n_words"] == 5).all()
    assert got.attrs == {
        "measure": "c_npmi",
        "window": 10,
        "top": 5,
        "mean": pytest.approx(got["coherence"].mean()),
    }
    labelled = coherence({"economy": TOPICS[0], "war": TOPICS[1]}, TEXTS, measure="umass")
    assert labelled["topic"].tolist() == ["economy", "war"]
    frame = pd.DataFrame(
        [(t, r, w) for t, words in enumerate(TOPICS[:2]) for r, w in enumerate(words)],
        columns=["topic", "rank", "feature"],
    ).sample(frac=1.0, random_state=0)
    from_frame = coherence(frame, TEXTS, measure="u_mass")
    np.testing.assert_allclose(from_frame["coherence"], labelled["coherence"], atol=1e-15)
    assert mean_coherence(TOPICS, TEXTS, measure="c_v") == pytest.approx(
        coherence(TOPICS, TEXTS, measure="c_v")["coherence"].mean(), abs=1e-12
    )


def test_tokens_like_object_and_integer_ids():
    vocab = np.array(sorted({w for doc in TEXTS for w in doc}))
    col = {w: i for i, w in enumerate(vocab)}

    class FakeTokens:  # the attributes toolkit's Tokens exposes
        def __init__(self):
            self.vocab = vocab
            self.ids = np.array([col[w] for doc in TEXTS for w in doc], dtype=np.int32)
            self.offsets = np.cumsum([0] + [len(d) for d in TEXTS]).astype(np.int64)

    id_texts = [[col[w] for w in doc] for doc in TEXTS]
    id_topics = [[col[w] for w in topic] for topic in TOPICS]
    for measure in ("npmi", "c_v"):
        expected = coherence(TOPICS, TEXTS, measure=measure)["coherence"].to_numpy()
        from_tokens = coherence(TOPICS, FakeTokens(), measure=measure)["coherence"]
        from_ids = coherence(id_topics, id_texts, measure=measure)["coherence"]
        np.testing.assert_allclose(from_tokens, expected, atol=1e-15)
        np.testing.assert_allclose(from_ids, expected, atol=1e-15)


def test_topic_diversity():
    topics = [["a", "b", "c", "d"], ["a", "e", "f", "g"], ["b", "e", "h", "i"]]
    assert topic_diversity(topics, top=4) == 9 / 12
    assert topic_diversity(topics, top=2) == 3 / 6
    assert topic_diversity(topics) == 9 / 12  # shorter than top_n: all words count
    assert topic_diversity([["x", "y"], ["z"]]) == 1.0
    with pytest.raises(ValueError, match="top must"):
        topic_diversity(topics, top=0)
    with pytest.raises(ValueError, match="topics is empty"):
        topic_diversity([])


def test_invalid_input_errors():
    with pytest.raises(ValueError, match="'c_uci'"):
        coherence(TOPICS, TEXTS, measure="c_uci")
    with pytest.raises(ValueError, match="window applies only"):
        coherence(TOPICS, TEXTS, measure="umass", window=5)
    with pytest.raises(ValueError, match="window must be a positive integer"):
        coherence(TOPICS, TEXTS, measure="c_v", window=0)
    with pytest.raises(ValueError, match="top must"):
        coherence(TOPICS, TEXTS, top=0)
    with pytest.raises(ValueError, match="topics is empty"):
        coherence([], TEXTS)
    with pytest.raises(ValueError, match=r"topics\[1\] is empty"):
        coherence([["war"], []], TEXTS)
    with pytest.raises(ValueError, match=r"topics\[0\] must be a list of words"):
        coherence(["war army"], TEXTS)
    with pytest.raises(ValueError, match="texts is empty"):
        coherence(TOPICS, [])
    with pytest.raises(ValueError, match=r"texts\[0\] must be a list of tokens"):
        coherence(TOPICS, ["the war ended"])
    with pytest.raises(ValueError, match=r"topics\[1\]: none of its words occurs in texts"):
        coherence([["war", "army"], ["unicorn", "dragon"]], TEXTS)
    with pytest.raises(ValueError, match="topic_term_ids must lie in"):
        npmi_from_doc_term(sp.csr_array(np.eye(3)), [[0, 3]])
    with pytest.raises(ValueError, match=r"topic_term_ids\[0\] must hold integer"):
        npmi_from_doc_term(sp.csr_array(np.eye(3)), [[0.5, 1.0]])
    with pytest.raises(ValueError, match="topic_term_ids is empty"):
        npmi_from_doc_term(sp.csr_array(np.eye(3)), [])


def test_single_word_topic_is_nan():
    got = coherence([["war"], ["war", "army"]], TEXTS, measure="umass")
    assert np.isnan(got["coherence"].iloc[0]) and np.isfinite(got["coherence"].iloc[1])
