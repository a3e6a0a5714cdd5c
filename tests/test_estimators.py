"""tk.TopicModel and tk.Vectorizer as scikit-learn estimators: the basics of check_estimator,
Pipeline and GridSearchCV."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.utils import estimator_checks as checks

import toolkit as tk

THEMES = [
    "tax budget deficit spending revenue debt treasury tariff income bank loans credit",
    "army navy troops soldiers enemy battle fleet officers weapons war forces victory",
    "school teacher pupil education college student library learning class study exam degree",
]


def _texts(n: int = 60, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        words = THEMES[i % 3].split()
        out.append(
            " ".join(rng.choice(words, 12)) + " " + " ".join(rng.choice(THEMES[0].split(), 1))
        )
    return out


@pytest.mark.parametrize("estimator", [tk.TopicModel(k=3), tk.Vectorizer(min_df=2)])
@pytest.mark.parametrize(
    "check",
    [
        checks.check_no_attributes_set_in_init,
        checks.check_get_params_invariance,
        checks.check_set_params,
        checks.check_parameters_default_constructible,
    ],
)
def test_scikit_learn_basics(estimator, check):
    check(type(estimator).__name__, estimator)


def test_clone_fit_transform_and_not_fitted():
    model = tk.TopicModel(k=3, seed=1, options={"max_iter": 200})
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy is not model
    with pytest.raises(NotFittedError):
        model.transform(tk.dfm(_texts(3)))
    d = tk.dfm(_texts())
    assert model.fit(d) is model
    learned = [a for a in vars(model) if a.endswith("_")]
    assert {"features_", "topic_term_", "doc_topic_", "components_"} <= set(learned)
    assert not any(hasattr(copy, a) for a in learned)
    shares = model.transform(d)
    assert shares.shape == (len(d), 3) and np.allclose(shares.sum(axis=1), 1)
    np.testing.assert_allclose(shares, model.doc_topic_, atol=1e-3)
    np.testing.assert_array_equal(clone(model).fit_transform(d), model.doc_topic_)


def test_vectorizer_topic_model_pipeline_knows_the_vocabulary():
    pipe = make_pipeline(tk.Vectorizer(min_df=2), tk.TopicModel(k=3, seed=0))
    shares = pipe.fit_transform(_texts())
    assert shares.shape == (60, 3)
    model = pipe[-1]
    assert set(model.features_) == set(pipe[0].get_feature_names_out())
    found = sorted(" ".join(t) for t in model.top_terms(3))
    assert all(any(w in theme for theme in THEMES) for t in found for w in t.split())
    assert (
        pipe.transform(["army navy battle"]).argmax()
        == model.transform(pipe[0].transform(["army navy battle"])).argmax()
    )


def test_grid_search_chooses_k_by_coherence():
    pipe = make_pipeline(tk.Vectorizer(min_df=2), tk.TopicModel(seed=0))
    grid = GridSearchCV(pipe, {"topicmodel__k": [2, 3, 6]}, cv=3)
    grid.fit(_texts(90))
    assert grid.best_params_["topicmodel__k"] == 3  # three planted themes
    assert np.isfinite(grid.cv_results_["mean_test_score"]).all()


def test_every_method_transforms_new_documents():
    d = tk.dfm(_texts())
    new = tk.dfm(["army navy troops battle", "tax budget deficit"])
    for method, options in (
        ("nmf", None),
        ("lda", {"max_iter": 20}),
        ("gibbs", {"iterations": 100}),
    ):
        m = tk.TopicModel(k=3, method=method, options=options).fit(d)
        shares = m.transform(new)
        assert shares.shape == (2, 3) and np.allclose(shares.sum(axis=1), 1)
        assert shares[0].argmax() != shares[1].argmax()
    with pytest.raises(ValueError, match="weighted"):
        tk.TopicModel(k=2).fit(d.weight("prop"))
