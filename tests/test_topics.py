"""Topic models: vocabulary, fitting back-ends, results, prevalence, selection and stability."""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import toolkit as tk
from toolkit.models import _scores
from toolkit.models.backends import fit_backend
from toolkit.models.coherence import coherence, npmi_from_doc_term
from toolkit.models.dtm import topic_dfm

THEMES = {
    "economy": ["tax", "budget", "deficit", "spending", "revenue", "debt", "treasury", "tariff"],
    "war": ["army", "navy", "troops", "soldiers", "enemy", "battle", "fleet", "officers"],
    "school": ["school", "teacher", "pupil", "education", "college", "student", "library"],
}


def _paragraph(rng: np.random.Generator, theme: str) -> str:
    words = list(rng.choice(THEMES[theme], 12))
    noise = list(rng.choice(sum(THEMES.values(), []), 2))
    return "The " + " and ".join([" ".join(words[:6]), " ".join(words[6:] + noise)]) + "."


@pytest.fixture(scope="module")
def corpus() -> tk.Corpus:
    """30 speeches of 6 paragraphs; the war theme grows over time, the economy theme shrinks."""
    rng = np.random.default_rng(42)
    texts, years, parties = [], [], []
    for i in range(30):
        year = 1900 + 3 * i
        p_war = 0.1 + 0.6 * i / 29
        probs = [0.8 - p_war, p_war, 0.2]
        themes = rng.choice(list(THEMES), size=6, p=probs)
        texts.append("\n\n".join(_paragraph(rng, t) for t in themes))
        years.append(str(year))
        parties.append("A" if i % 2 else "B")
    return tk.Corpus.from_texts(texts, dates=years, party=parties, name="synthetic")


def _theme_of(terms: list[str]) -> str:
    hits = {name: len(set(terms) & set(words)) for name, words in THEMES.items()}
    return max(hits, key=hits.get)


# ---------------------------------------------------------------- vocabulary
def test_topic_dfm_prunes_tokens():
    texts = ["The tax and the 1990 budget, a U.S. tax.", "Tax war war.", "War and peace in 1990."]
    c = tk.Corpus.from_texts(texts)
    d = topic_dfm(c, min_docs=1, max_docs=1.0)
    # English stopwords, 1-character tokens ("a") and numbers are gone; "U.S." is one token
    assert d.features.tolist() == ["budget", "peace", "tax", "u.s.", "war"]
    assert d.to_array().tolist() == [[1, 0, 2, 1, 0], [0, 0, 1, 0, 2], [0, 1, 0, 0, 1]]
    assert topic_dfm(c, min_docs=2, max_docs=1.0).features.tolist() == ["tax", "war"]
    assert topic_dfm(c, min_docs=1, max_docs=1).features.tolist() == ["budget", "peace", "u.s."]
    keep_numbers = topic_dfm(c, min_docs=2, max_docs=1.0, remove_numbers=False)
    assert "1990" in keep_numbers.features
    extra = topic_dfm(c, min_docs=1, max_docs=1.0, extra_stopwords=["Peace"], min_length=4)
    # "tax"/"war" are too short, "peace" is an extra stopword
    assert extra.features.tolist() == ["budget", "u.s."]
    assert extra.meta["vocabulary"]["dropped_empty"] == 2 and extra.shape == (1, 2)


def test_topic_dfm_units_and_stream():
    c = tk.Corpus.from_texts(
        ["Tax budget deficit.\n\nShort.", "War army war army navy."], doc_ids=["a", "b"]
    )
    d = topic_dfm(c, unit="paragraph", min_docs=1, max_docs=1.0, min_words=2)
    assert d.docvars["doc_id"].tolist() == ["a#p1", "b#p1"]
    assert d.docvars["parent_id"].tolist() == ["a", "b"]
    assert d.meta["vocabulary"]["dropped_short"] == 1
    assert d.tokens[0] == ["tax", "budget", "deficit"]
    assert (np.asarray(d.matrix.sum(axis=1)).ravel() == d.tokens.doc_lengths).all()
    top = topic_dfm(c, min_docs=1, max_docs=1.0, top=2)
    assert top.features.tolist() == ["army", "war"]


def test_topic_dfm_chinese_defaults():
    texts = ["我们要坚持改革开放，推进经济发展。", "经济发展和改革开放是我们的任务。"]
    d = topic_dfm(tk.Corpus.from_texts(texts), min_docs=1, max_docs=1.0)
    assert d.meta["vocabulary"]["language"] == "zh"
    assert "经济" in d.features or "经济发展" in d.features
    assert all(len(t) >= 2 for t in d.features)  # single characters (的, 和, 是) are dropped
    assert "我们" not in d.features  # stopwords-iso Chinese list


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_docs": 50}, "no feature is left"),
        ({"min_docs": 1.5}, "min_docs as a share"),
        ({"max_docs": 0}, "no feature is left"),
        ({"min_length": 0}, "min_length"),
        ({"min_words": 10_000}, "min_words"),
        ({"language": "fr"}, "language"),
    ],
)
def test_topic_dfm_errors(corpus, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        topic_dfm(corpus, **kwargs)


def test_bad_corpus_type():
    with pytest.raises(TypeError, match="Corpus"):
        tk.fit_topics(["a list of strings"], k=2)


# ---------------------------------------------------------------- fitting
@pytest.mark.parametrize("method", ["nmf", "lda", "gibbs"])
def test_methods_recover_themes(corpus, method):
    params = {"iterations": 150} if method == "gibbs" else {}
    m = tk.fit_topics(corpus, k=3, method=method, unit="paragraph", min_docs=2, **params)
    found = sorted(_theme_of(t) for t in m.top_terms(6))
    assert found == sorted(THEMES)
    assert np.allclose(m.doc_topic_.sum(axis=1), 1)
    assert np.allclose(m.topic_term_.sum(axis=1), 1)
    assert m.fit_measure_ == ("reconstruction_error" if method == "nmf" else "perplexity")
    assert m.info_["corpus_name"] == "synthetic" and m.info_["corpus_sha256"] == corpus.sha256


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("method", ["nmf", "lda", "gibbs"])
def test_determinism(corpus, method):
    params = {"iterations": 50} if method == "gibbs" else {"max_iter": 10}
    fits = [
        tk.fit_topics(corpus, k=4, method=method, unit="paragraph", min_docs=2, seed=7, **params)
        for _ in range(2)
    ]
    assert fits[0].topics(top=10).equals(fits[1].topics(top=10))
    assert np.array_equal(fits[0].doc_topic_, fits[1].doc_topic_)


def test_lda_online_and_params(corpus):
    m = tk.fit_topics(
        corpus, k=3, method="lda", unit="paragraph", learning_method="online", max_iter=5
    )
    assert m.method_params_["learning_method"] == "online"
    with pytest.raises(TypeError, match="unknown parameter"):
        tk.fit_topics(corpus, k=3, unit="paragraph", learning_method="online")
    with pytest.raises(ValueError, match="learning_method"):
        tk.fit_topics(corpus, k=3, method="lda", unit="paragraph", learning_method="stochastic")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": 0}, "k must be"),
        ({"k": 10_000}, "larger than"),
        ({"method": "lsa"}, "method must be"),
        ({"seed": -1}, "seed"),
        ({"threads": 0}, "threads"),
    ],
)
def test_fit_errors(corpus, kwargs, message):
    with pytest.raises(ValueError, match=message):
        tk.fit_topics(corpus, **{"k": 3, "unit": "paragraph", **kwargs})


def test_gibbs_needs_tomotopy(corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "tomotopy", None)
    with pytest.raises(ImportError, match=r"gibbs"):
        tk.fit_topics(corpus, k=3, method="gibbs", unit="paragraph")


def test_backend_matrix_input():
    X = sp.csr_matrix(np.array([[3, 1, 0, 0], [2, 2, 0, 1], [0, 0, 4, 1], [0, 1, 3, 2]]))
    r = fit_backend(X, np.array(list("abcd")), k=2, method="nmf")
    assert r.doc_topic.shape == (4, 2) and r.topic_mass.shape == (2,)
    main = r.doc_topic.argmax(axis=1)
    assert main[0] == main[1] != main[2] == main[3]  # the two blocks get different topics
    assert r.topic_term[main[0]].argmax() == 0 and r.topic_term[main[2]].argmax() == 2


# ---------------------------------------------------------------- results
@pytest.fixture(scope="module")
def model(corpus) -> tk.TopicModel:
    return tk.fit_topics(corpus, k=3, unit="paragraph", min_docs=2)


def test_topics_frame_and_rankings(model):
    t = model.topics(top=5)
    assert list(t.columns) == ["topic", "label", "rank", "feature", "weight", "relevance", "frex"]
    assert len(t) == 15 and t["rank"].tolist()[:5] == [1, 2, 3, 4, 5]
    by_weight = model.topics(top=5, rank_by="weight")
    assert (by_weight.groupby("topic")["weight"].diff().dropna() <= 0).all()
    plain = model.topics(top=5, lambda_=1.0)
    assert plain["feature"].tolist() == by_weight["feature"].tolist()
    rel = model.topics(top=5, lambda_=0.3)
    assert (rel.groupby("topic")["relevance"].diff().dropna() <= 1e-12).all()
    fx = model.topics(top=5, rank_by="frex")
    assert (fx.groupby("topic")["frex"].diff().dropna() <= 1e-12).all()
    with pytest.raises(ValueError, match="lambda_"):
        model.topics(lambda_=1.5)
    with pytest.raises(ValueError, match="rank_by"):
        model.topics(rank_by="prob")


def test_relevance_and_frex_formulas():
    phi = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])
    mass = np.array([3.0, 1.0])
    p_w = _scores.marginal_terms(phi, mass)
    assert np.allclose(p_w, 0.75 * phi[0] + 0.25 * phi[1])
    rel = _scores.relevance(phi, p_w, 0.6)
    assert np.isclose(rel[0, 0], 0.6 * np.log(0.5) + 0.4 * np.log(0.5 / p_w[0]))
    # FREX as stm::calcfrex: ECDF ranks of frequency and exclusivity within each topic
    excl = phi / phi.sum(axis=0)
    f = _scores.frex(phi, 0.5)
    freq_rank = np.array([3, 2, 1]) / 3  # topic 0: 0.5 > 0.3 > 0.2
    excl_rank = pd.Series(excl[0]).rank().to_numpy() / 3
    assert np.allclose(f[0], 1 / (0.5 / excl_rank + 0.5 / freq_rank))


def test_doc_topics_and_parents(model, corpus):
    d = model.doc_topics()
    assert list(d.columns) == ["doc_id", "parent_id", "date", "year", "topic", "label", "weight"]
    assert len(d) == 3 * len(model.docvars_)
    assert np.allclose(d.groupby("doc_id")["weight"].sum(), 1)
    assert set(d["parent_id"]) == set(corpus.doc_ids)
    assert d["doc_id"].str.contains("#p").all()
    p = model.parent_topics()
    assert np.allclose(p.groupby("parent_id")["weight"].sum(), 1)
    assert p["n_units"].iloc[0] == 6


def test_labels_flow_everywhere(model):
    model.label({1: "war and foreign affairs"})
    try:
        assert model.labels[1] == "war and foreign affairs"
        assert model.labels[0].startswith("0: ")
        for frame in (model.topics(top=2), model.doc_topics(), model.prevalence(n_boot=10)):
            assert "war and foreign affairs" in set(frame["label"])
        assert model.coherence()["label"].tolist()[1] == "war and foreign affairs"
        with pytest.raises(ValueError, match="does not exist"):
            model.label({3: "x"})
        with pytest.raises(ValueError, match="non-empty"):
            model.label({0: ""})
    finally:
        model.label({1: None})
    assert model.labels[1].startswith("1: ")


def test_prevalence(model):
    p = model.prevalence(by="decade", n_boot=300, seed=1)
    assert list(p.columns) == [
        "decade", "topic", "label", "share", "ci_low", "ci_high", "n_docs", "n_units",
    ]  # fmt: skip
    expected = (
        model.doc_topics()
        .assign(decade=lambda f: f["year"] // 10 * 10)
        .groupby(["decade", "topic"])["weight"]
        .mean()
        .to_numpy()
    )
    assert np.allclose(p["share"].to_numpy(), expected)
    assert (p["ci_low"] <= p["share"] + 1e-12).all() and (p["share"] <= p["ci_high"] + 1e-12).all()
    assert np.allclose(p.groupby("decade")["share"].sum(), 1)
    assert p.equals(model.prevalence(by="decade", n_boot=300, seed=1))
    assert not p.equals(model.prevalence(by="decade", n_boot=300, seed=2))
    # the war theme rises over time in the synthetic corpus
    war = next(t for t, terms in enumerate(model.top_terms(6)) if _theme_of(terms) == "war")
    trend = p[p["topic"] == war].sort_values("decade")["share"].to_numpy()
    assert trend[-1] > trend[0] + 0.2


def test_prevalence_options(model):
    party = model.prevalence(by="party", n_boot=0)
    assert party["ci_low"].isna().all() and set(party["party"]) == {"A", "B"}
    assert (party["n_docs"] == 15).all()
    overall = model.prevalence(by=None, n_boot=50)
    assert "topic" in overall.columns and len(overall) == 3
    per_doc = model.prevalence(by="party", n_boot=200, resample="document")
    per_unit = model.prevalence(by="party", n_boot=200, resample="unit")
    assert np.allclose(per_doc["share"], per_unit["share"])
    width = lambda f: (f["ci_high"] - f["ci_low"]).mean()  # noqa: E731
    assert width(per_unit) > 0 and width(per_doc) > 0
    with pytest.raises(KeyError, match="no such column"):
        model.prevalence(by="president")
    with pytest.raises(ValueError, match="ci"):
        model.prevalence(ci=95)


def test_coherence_on_own_texts(model):
    npmi = model.coherence("npmi")
    assert list(npmi.columns) == ["topic", "label", "measure", "coherence", "n_words"]
    direct = coherence(model.top_terms(10), model.stream_, measure="npmi")
    assert np.allclose(npmi["coherence"], direct["coherence"])
    index = {t: i for i, t in enumerate(model.features_)}
    s = model.stream_
    lut = np.array([index.get(v, -1) for v in s.vocab.tolist()] + [-1])
    col = lut[s.ids]
    X = sp.csr_matrix(
        (np.ones(int((col >= 0).sum())), (s.doc_index[col >= 0], col[col >= 0])),
        shape=(len(model.docvars_), len(model.features_)),
    )
    ids = [[index[t] for t in terms] for terms in model.top_terms(10)]
    assert np.allclose(npmi["coherence"], npmi_from_doc_term(X, ids))
    assert np.isclose(npmi.attrs["mean"], npmi["coherence"].mean())
    for measure in ("c_v", "umass"):
        assert np.isfinite(model.coherence(measure).attrs["mean"])
    assert 0 < model.diversity() <= 1
    summary = model.summary()
    assert list(summary.columns) == ["topic", "label", "share", "coherence", "top_terms"]


def test_coherence_matches_gensim_on_model_texts(model):
    pytest.importorskip("gensim")
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    known = set(model.features_.tolist())
    texts = [[w if w in known else "<pruned>" for w in doc] for doc in model.stream_.to_lists()]
    dictionary = Dictionary([model.features_.tolist()])
    for ours, theirs in (("c_v", "c_v"), ("umass", "u_mass")):
        cm = CoherenceModel(
            topics=model.top_terms(5), texts=texts, dictionary=dictionary, coherence=theirs, topn=5
        )
        assert np.isclose(model.coherence(ours, top=5).attrs["mean"], cm.get_coherence())


# ---------------------------------------------------------------- selection and stability
def test_select_k(corpus, capsys):
    table = tk.select_k(corpus, ks=[2, 3, 4], unit="paragraph", min_docs=2)
    assert list(table.columns) == [
        "k", "coherence", "diversity", "fit", "fit_measure", "seconds", "method", "measure",
    ]  # fmt: skip
    assert table["k"].tolist() == [2, 3, 4]
    assert (table["fit"].diff().dropna() < 0).all()  # more topics reconstruct better
    assert "select_k" not in capsys.readouterr().err  # no bar when not on a terminal
    lda = tk.select_k(corpus, ks=[3], method="lda", unit="paragraph", min_docs=2, max_iter=5)
    assert lda["fit_measure"].tolist() == ["perplexity"]
    with pytest.raises(ValueError, match="ks is empty"):
        tk.select_k(corpus, ks=[])


def test_topic_stability(corpus):
    s = tk.topic_stability(corpus, k=3, seeds=3, unit="paragraph", min_docs=2, init="random")
    assert list(s.columns) == [
        "seed_a", "seed_b", "topic_a", "topic_b", "similarity", "jaccard", "terms_a",
    ]  # fmt: skip
    assert len(s) == 3 * 3  # three seed pairs, three matched topics each
    assert s.groupby(["seed_a", "seed_b"])["topic_b"].nunique().eq(3).all()  # one-to-one
    assert s.attrs["mean"] > 0.9  # clear themes are found from every random start
    with pytest.raises(ValueError, match="two distinct seeds"):
        tk.topic_stability(corpus, k=3, seeds=[1, 1])


# ---------------------------------------------------------------- real corpora
@pytest.mark.slow
def test_sotu_paragraph_topics(sotu):
    t0 = time.perf_counter()
    m = tk.fit_topics(sotu, k=20, unit="paragraph", min_words=30, seed=0)
    assert 18_000 < len(m.docvars_) < 20_500
    assert m.coherence("npmi").attrs["mean"] > 0.2
    terms = set(m.topics(top=10, rank_by="weight")["feature"])
    assert {"tax", "navy", "indians"} <= terms
    p = m.prevalence(by="decade", n_boot=200)
    assert p["decade"].min() == 1790 and (p["ci_high"] >= p["ci_low"]).all()
    assert time.perf_counter() - t0 < 60


@pytest.mark.shared
def test_gwr_chinese_paragraph_topics(gwr):
    m = tk.fit_topics(gwr, k=15, unit="paragraph")
    assert m.info_["vocabulary"]["language"] == "zh"
    assert all(len(t) >= 2 for t in m.features_)
    top = set(m.topics(top=10, rank_by="weight")["feature"])
    assert not top & set(tk.stopwords("zh"))
    assert {"经济", "发展"} & set(m.features_)
    assert np.isfinite(m.coherence("npmi").attrs["mean"])
    assert set(m.doc_topics()["parent_id"]) <= set(gwr.doc_ids)


def test_nmf_not_converged_is_one_toolkit_warning():
    texts = ["tax budget deficit spending", "army navy war peace", "tax war budget navy"] * 4
    with pytest.warns(tk.ToolkitWarning, match=r"max_iter=1 before its tolerance") as record:
        tk.TopicModel(k=2, seed=0, options={"max_iter": 1}).fit(tk.dfm(texts))
    assert not [w for w in record if "ConvergenceWarning" in type(w.message).__name__]
