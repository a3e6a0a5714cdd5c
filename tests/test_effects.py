"""Covariate effects on topic prevalence (tk.topic_effects) and seeded topics (NMF, Gibbs).

Oracles: for a categorical covariate, least squares gives the group means (intercept = the
mean share of the reference level, the party coefficient = the difference of the means); a
simulation with a known effect must be covered by the intervals; seeded topic models must
recover topics planted in synthetic documents.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import toolkit as tk


def _fake_model(theta: np.ndarray, docvars: pd.DataFrame) -> SimpleNamespace:
    """What topic_effects reads from a fitted TopicModel: shares, units, labels."""
    return SimpleNamespace(
        doc_topic_=theta, docvars_=docvars, labels=[f"{t}: t" for t in range(theta.shape[1])]
    )


@pytest.fixture(scope="module")
def simulated() -> SimpleNamespace:
    rng = np.random.default_rng(1)
    n = 400
    party = rng.choice(["D", "R"], n)
    year = rng.uniform(1950, 2020, n)
    share = 0.2 + 0.3 * (party == "R") + 0.002 * (year - 1950) + rng.normal(0, 0.05, n)
    share = np.clip(share, 0.01, 0.99)
    theta = np.column_stack([share, 1 - share])
    docvars = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "party": party,
                            "year": year, "n_words": 200})  # fmt: skip
    return _fake_model(theta, docvars)


def test_categorical_effect_is_the_difference_of_means(simulated):
    fx = tk.topic_effects(simulated, formula="~ party", uncertainty="none")
    coef = fx.coefficients().query("topic == 0").set_index("covariate")["estimate"]
    share = simulated.doc_topic_[:, 0]
    party = simulated.docvars_["party"].to_numpy()
    assert coef["Intercept"] == pytest.approx(share[party == "D"].mean())
    assert coef["party[T.R]"] == pytest.approx(
        share[party == "R"].mean() - share[party == "D"].mean()
    )
    e = fx.expected("party").query("topic == 0").set_index("party")["share"]
    assert e["R"] == pytest.approx(share[party == "R"].mean())


@pytest.mark.parametrize("uncertainty", ["bootstrap", "dirichlet"])
def test_composition_intervals_cover_the_simulated_effect(simulated, uncertainty):
    fx = tk.topic_effects(simulated, formula="~ party + year", uncertainty=uncertainty,
                          n_sims=100, seed=3)  # fmt: skip
    assert fx.draws.shape == (100, 3, 2)
    c = fx.coefficients().query("topic == 0").set_index("covariate")
    assert c.loc["party[T.R]", "ci_low"] < 0.3 < c.loc["party[T.R]", "ci_high"]
    assert c.loc["year", "ci_low"] < 0.002 < c.loc["year", "ci_high"]
    assert c.loc["party[T.R]", "se"] < 0.02


def test_expected_over_a_spline_of_year_by_party(simulated):
    fx = tk.topic_effects(simulated, formula="~ party + bs(year, df=4)", n_sims=30)
    e = fx.expected("year", by="party", values=[1960, 1990, 2010])
    assert list(e.columns) == ["year", "party", "topic", "label", "share", "ci_low", "ci_high"]
    t0 = e.query("topic == 0").set_index(["party", "year"])["share"]
    truth = {
        (p, y): 0.2 + 0.3 * (p == "R") + 0.002 * (y - 1950)
        for p in "DR"
        for y in (1960, 1990, 2010)
    }
    for key, value in truth.items():
        assert t0[key] == pytest.approx(value, abs=0.03), key
    assert (e.ci_low <= e.share).all() and (e.share <= e.ci_high).all()


def test_effects_on_a_fitted_model_and_errors():
    texts = ["tax budget deficit spending"] * 8 + ["army navy war troops"] * 8
    c = tk.Corpus.from_texts(texts, party=["A"] * 6 + ["B"] * 2 + ["B"] * 6 + ["A"] * 2,
                             dates=[str(1990 + i) for i in range(16)])  # fmt: skip
    m = tk.TopicModel(k=2, seed=0).fit(tk.dfm(c))
    fx = tk.topic_effects(m, formula="party + year", n_sims=5)
    assert set(fx.coefficients().covariate) == {"Intercept", "party[T.B]", "year"}
    with pytest.raises(ValueError, match="cannot build"):
        tk.topic_effects(m, formula="~ nosuchcolumn")
    with pytest.raises(KeyError, match="not a covariate"):
        fx.expected("president")
    with pytest.raises(ValueError, match="uncertainty"):
        tk.topic_effects(m, formula="~ party", uncertainty="magic")


# ---------------------------------------------------------------- seeded topics
PLANTED = {
    "economy": [
        "tax",
        "budget",
        "deficit",
        "spending",
        "inflation",
        "jobs",
        "wages",
        "prices",
        "debt",
        "revenue",
    ],
    "war": [
        "army",
        "navy",
        "troops",
        "war",
        "enemy",
        "soldiers",
        "defense",
        "military",
        "weapons",
        "battle",
    ],
    "health": [
        "health",
        "hospital",
        "doctors",
        "medicine",
        "patients",
        "insurance",
        "disease",
        "care",
        "nurses",
        "drugs",
    ],
}


@pytest.fixture(scope="module")
def planted() -> tuple[tk.Dfm, np.ndarray]:
    rng = np.random.default_rng(0)
    names = list(PLANTED)
    texts, truth = [], []
    for i in range(150):
        main = i % 3
        words = list(rng.choice(PLANTED[names[main]], 40))
        other = names[(main + 1 + rng.integers(0, 2)) % 3]
        words += list(rng.choice(PLANTED[other], 8))
        texts.append(" ".join(rng.permutation(words)))
        truth.append(main)
    return tk.dfm(texts), np.array(truth)


SEEDS = {"health": ["health", "hospital"], "economy": ["tax", "budget"], "war": ["army", "war"]}


@pytest.mark.parametrize(("method", "options"), [("nmf", {}), ("gibbs", {"iterations": 300})])
def test_seeded_topics_recover_planted_topics(planted, method, options):
    pytest.importorskip("tomotopy") if method == "gibbs" else None
    d, truth = planted
    m = tk.seeded_topics(d, SEEDS, method=method, seed=0, **options)
    names = list(PLANTED)
    for t, name in enumerate(SEEDS):
        top = m.top_terms(10)[t]
        assert len(set(top) & set(PLANTED[name])) >= 9, (method, name, top)
        assert m.labels[t].startswith(f"{name}: ")
    # every document goes to the seeded topic of its planted topic
    order = [names.index(name) for name in SEEDS]
    assigned = np.array(order)[m.doc_topic_.argmax(axis=1)]
    assert (assigned == truth).mean() >= 0.95


def test_seeds_keep_their_order_with_unseeded_topics(planted):
    d, _ = planted
    m = tk.seeded_topics(d, {"war": ["troops", "navy"]}, k=3, seed=0)
    assert set(m.top_terms(5)[0]) <= set(PLANTED["war"])


def test_seed_errors(planted):
    d, _ = planted
    with pytest.raises(ValueError, match="vocabulary"):
        tk.seeded_topics(d, {"x": ["nosuchword"]})
    with pytest.raises(ValueError, match="method"):
        tk.seeded_topics(d, SEEDS, method="lda")
    with pytest.raises(TypeError, match="list of words"):
        tk.seeded_topics(d, {"x": "tax"})
