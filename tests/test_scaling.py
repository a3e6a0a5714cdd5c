"""Scaling: Wordfish, Wordscores and correspondence analysis against quanteda.textmodels.

The oracles are quanteda.textmodels' own documented and tested numbers (repository
quanteda/quanteda.textmodels at commit 77a137a, version 0.9.10):

- ``docs/reference/textmodel_wordscores.html`` — the rendered examples of
  ``R/textmodel_wordscores.R`` lines 39-44 (word scores, raw, LBG- and MV-rescaled scores,
  MV intervals and standard errors), and ``tests/testthat/test-textmodel_wordscores.R``
  lines 3-35 (V1 = -0.45 raw, -0.53 LBG, -0.51 MV);
- ``docs/reference/textmodel_wordfish.html`` — the rendered examples of
  ``R/textmodel_wordfish.R`` lines 62-67 (θ, SE, α, β, ψ, intervals on the LBG example);
- ``tests/testthat/test-textmodel_wordfish.R`` lines 3-4 and 53-60 (Irish budget 2010,
  ``dir = c(6, 5)``: θ of Lenihan 1.82, its SE 0.019).

The LBG example dfm (``data_dfm_lbgexample``) is built from its published definition (Laver,
Benoit & Garry 2003, Table 1): five reference texts of 1000 words over 37 word types A…ZK,
each the same bell-shaped count profile shifted by five types, and the virgin text V1 the
profile shifted by seven types (its raw score is -0.45, as the data documentation and the
2003 paper state).
"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import toolkit as tk
from toolkit.features import Dfm

PROFILE = [2, 3, 10, 22, 45, 78, 115, 146, 158, 146, 115, 78, 45, 22, 10, 3, 2]
FEATURES = [chr(65 + i) for i in range(26)] + ["Z" + chr(65 + i) for i in range(11)]
REFS = [-1.5, -0.75, 0.0, 0.75, 1.5, None]


def _row(shift: int) -> np.ndarray:
    r = np.zeros(37, dtype=np.int64)
    r[shift : shift + len(PROFILE)] = PROFILE
    return r


@pytest.fixture(scope="module")
def lbg() -> Dfm:
    """quanteda's data_dfm_lbgexample, from LBG (2003) Table 1."""
    M = np.array([_row(5 * i) for i in range(5)] + [_row(7)])
    docvars = pd.DataFrame({"doc_id": ["R1", "R2", "R3", "R4", "R5", "V1"]})
    return Dfm(M, FEATURES, docvars)


def test_lbg_example_is_quantedas(lbg):
    """summary(tmod) in textmodel_wordscores.html: every text 1000 words, max 158, 37 types."""
    assert lbg.matrix.sum(axis=1).A1.tolist() == [1000] * 6
    assert lbg.matrix.max() == 158 and lbg.shape == (6, 37)


def test_wordscores_word_scores(lbg):
    """coef(tmod), textmodel_wordscores.html lines 177-190 (R/textmodel_wordscores.R l. 41)."""
    ws = tk.wordscores(lbg, REFS)
    got = dict(zip(ws.features.feature, ws.features.word_score, strict=True))
    expected = {"A": -1.5, "F": -1.48125, "G": -1.4809322, "H": -1.4519231, "I": -1.4083333,
                "J": -1.3232984, "K": -1.1846154, "L": -1.0369898, "M": -0.8805970,
                "N": -0.75, "P": -0.4507576, "S": 0.0, "ZE": 1.4809322, "ZK": 1.5}  # fmt: skip
    for feature, value in expected.items():
        assert got[feature] == pytest.approx(value, abs=5e-8), feature
    assert len(got) == 37


def test_wordscores_raw_scores(lbg):
    """predict(tmod), textmodel_wordscores.html lines 192-194 (R/textmodel_wordscores.R l. 42):
    V1 = -4.480591e-01; test-textmodel_wordscores.R lines 4-16: V1 = -0.45, SE about 0.01."""
    ws = tk.wordscores(lbg, REFS)
    theta = ws.documents.set_index("doc_id")["theta"]
    expected = [-1.317931, -0.7395598, 0.0, 0.7395598, 1.317931, -0.4480591]
    assert theta.tolist() == pytest.approx(expected, abs=5e-7)
    assert ws.documents["se_raw"].iloc[5] == pytest.approx(0.01, abs=0.01)  # quanteda's test
    assert ws.documents["ref_score"].iloc[:5].tolist() == REFS[:5]
    assert math.isnan(ws.documents["ref_score"].iloc[5])


def test_wordscores_lbg_rescaling(lbg):
    """predict(tmod, rescaling = "lbg"), textmodel_wordscores.html lines 195-197
    (R/textmodel_wordscores.R l. 43); test-textmodel_wordscores.R lines 31-35 (V1 = -0.53)."""
    ws = tk.wordscores(lbg, REFS, rescale="lbg")
    expected = [-1.58967683, -0.88488724, 0.01632248, 0.91753220, 1.62232179, -0.52967149]
    assert ws.documents["theta"].tolist() == pytest.approx(expected, abs=5e-9)
    # the interval is the raw interval rescaled (quanteda's lwr/upr, R/... lines 147-148)
    d = ws.documents
    mult = (d.theta.iloc[0] - d.theta.iloc[5]) / (d.theta_raw.iloc[0] - d.theta_raw.iloc[5])
    assert (d.ci_high - d.theta).tolist() == pytest.approx((1.959964 * d.se_raw * mult).tolist())


def test_wordscores_mv_rescaling(lbg):
    """predict(tmod, se.fit = TRUE, interval = "confidence", rescaling = "mv"),
    textmodel_wordscores.html lines 198-216 (R/textmodel_wordscores.R l. 44), with its
    warning (test-textmodel_wordscores.R lines 19-29: V1 = -0.51)."""
    with pytest.warns(tk.ToolkitWarning, match="More than two reference scores"):
        ws = tk.wordscores(lbg, REFS, rescale="mv")
    d = ws.documents
    assert d.theta.tolist() == pytest.approx(
        [-1.5, -0.8417280, 0.0, 0.8417280, 1.5, -0.5099572], abs=5e-8
    )
    assert d.ci_low.iloc[5] == pytest.approx(-0.53649769, abs=5e-9)
    assert d.ci_high.iloc[5] == pytest.approx(-0.48341678, abs=5e-9)
    assert d.se.tolist() == pytest.approx(
        [0.007625147, 0.013013126, 0.013663743, 0.013013126, 0.007625147, 0.013541297], abs=5e-10
    )


def test_wordscores_mv_two_references_are_exact(lbg):
    """test-textmodel_wordscores.R lines 51-62 (#1251): R1 = -1 and R5 = 1 exactly."""
    ws = tk.wordscores(lbg, {"R1": -1, "R5": 1}, rescale="mv", smooth=1)
    assert ws.documents.theta.iloc[[0, 4]].tolist() == [-1.0, 1.0]


def test_wordscores_reference_forms_agree(lbg):
    a = tk.wordscores(lbg, REFS).documents.theta
    mapping = dict(zip(["R1", "R2", "R3", "R4", "R5"], REFS[:5], strict=True))
    b = tk.wordscores(lbg, mapping).documents.theta
    c = tk.Dfm(lbg.matrix, lbg.features, lbg.docvars.assign(score=REFS))
    assert a.tolist() == b.tolist() == tk.wordscores(c, "score").documents.theta.tolist()


def test_wordfish_lbg_example(lbg):
    """textmodel_wordfish(data_dfm_lbgexample, dir = c(1, 5)): coef(), predict(se.fit = TRUE)
    and predict(interval = "confidence") in textmodel_wordfish.html lines 236-306
    (R/textmodel_wordfish.R lines 62-67)."""
    wf = tk.wordfish(lbg, dir=(0, 4))
    d = wf.documents
    assert d.theta.tolist() == pytest.approx(
        [-1.29056981, -0.61643907, 0.03350982, 0.70961244, 1.52333687, -0.35945025], abs=5e-8
    )
    assert d.alpha.tolist() == pytest.approx(
        [-4.558205, 1.303010, 3.307253, 1.688789, -4.270413, 2.529567], abs=5e-6
    )
    assert d.se.tolist() == pytest.approx(
        [0.01448422, 0.01059613, 0.01085375, 0.01214106, 0.01744178, 0.01070073], abs=5e-9
    )
    assert d.ci_low.iloc[5] == pytest.approx(-0.38042330, abs=5e-8)
    assert d.ci_high.iloc[0] == pytest.approx(-1.26218126, abs=5e-8)
    f = wf.features.set_index("feature")
    for feat, beta, psi in (("A", -8.4452617, -6.6414630), ("J", -10.4239011, -3.9281122),
                            ("S", -0.2889734, 1.7502790), ("ZG", 11.4115094, -9.3724297),
                            ("ZK", 7.3723185, -6.9825744)):  # fmt: skip
        assert f.loc[feat, "beta"] == pytest.approx(beta, abs=5e-7), feat
        assert f.loc[feat, "psi"] == pytest.approx(psi, abs=5e-7), feat
    assert wf.converged and wf.dir == (0, 4)


def test_wordfish_direction_by_doc_id(lbg):
    a = tk.wordfish(lbg, dir=("R5", "R1")).theta
    b = tk.wordfish(lbg, dir=(0, 4)).theta
    assert a.tolist() == pytest.approx((-b).tolist())


IRISH = Path(__file__).parent / "data" / "irishbudget2010_counts.json.gz"


def test_wordfish_irish_budget_2010():
    """tests/testthat/test-textmodel_wordfish.R lines 3-4, 21-26 and 53-60 of
    quanteda.textmodels: ``dfm(tokens(data_corpus_irishbudget2010))`` has 514x features;
    ``textmodel_wordfish(dfm, dir = c(6, 5))`` gives Lenihan θ = 1.82 and SE = 0.019 (testthat
    compares within 0.01; the SE check passes on the absolute difference, which is how
    ``expect_equal`` falls back for a number this small).

    The counts were made from ``data/data_corpus_irishbudget2010.rda`` of that repository with
    a regular-expression version of quanteda's ``tokens()`` (ICU word boundaries: letters and
    digits joined across ``. ' ’`` between letters, ``. , ; ' ’`` between digits and inner
    hyphens; every other non-space character a token; lower-cased). Only the counts are
    stored, not the speeches."""
    raw = json.loads(gzip.decompress(IRISH.read_bytes()))
    rows = [i for i, doc in enumerate(raw["counts"]) for _ in doc]
    cols = [j for doc in raw["counts"] for j, _ in doc]
    vals = [c for doc in raw["counts"] for _, c in doc]
    M = sp.csr_matrix((vals, (rows, cols)), shape=(len(raw["counts"]), len(raw["features"])))
    d = Dfm(M, raw["features"], pd.DataFrame({"doc_id": [f"d{i + 1}" for i in range(M.shape[0])]}))
    assert 5140 <= d.shape[1] <= 5149
    wf = tk.wordfish(d, dir=(5, 4))
    assert wf.theta[0] == pytest.approx(1.82, rel=0.01)
    assert abs(wf.documents.se.iloc[0] - 0.019) < 0.01
    assert wf.converged


def test_correspondence_matches_prince_and_quanteda_definitions(lbg):
    """textmodel_ca (R/textmodel_ca.R lines 34-75): standard coordinates u / sqrt(r), singular
    values of the standardised residuals, χ² distances; checked against prince's CA (principal
    coordinates = standard coordinates × singular value)."""
    prince = pytest.importorskip("prince")
    ca = tk.correspondence(lbg)
    assert len(ca.sv) == min(5, int(3 * math.log(6)))  # quanteda's nd default, capped at 5
    frame = pd.DataFrame(lbg.to_array(), columns=lbg.features)
    pc = prince.CA(n_components=3).fit(frame)
    rows = pc.row_coordinates(frame).to_numpy()
    for k in range(3):
        ours = ca.documents.query("dimension == @k + 1").coordinate.to_numpy()
        assert np.abs(rows[:, k] / ca.sv[k]).tolist() == pytest.approx(np.abs(ours).tolist())
    X = lbg.to_array() / lbg.to_array().sum()
    r = X.sum(axis=1)
    assert ca.row_dist.tolist() == pytest.approx(
        np.sqrt((((X / r[:, None] - X.sum(axis=0)) ** 2) / X.sum(axis=0)).sum(axis=1)).tolist()
    )
    assert ca.explained.sum() == pytest.approx(1.0)  # all 5 dimensions of a 6-row table


def test_correspondence_direction(lbg):
    ca = tk.correspondence(lbg, dir=("R5", "R1"), nd=2)
    assert ca.theta[4] < ca.theta[0] and len(ca.sv) == 2


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda d: tk.wordfish(d, dir=(0, 0)), ValueError, "two different"),
        (lambda d: tk.wordfish(d, dir=(0, 9)), ValueError, "out of range"),
        (lambda d: tk.wordfish(d, dir=("R1", "X")), ValueError, "no document 'X'"),
        (lambda d: tk.wordfish(d.weight("prop")), ValueError, "weighted"),
        (lambda d: tk.wordfish(d, dispersion="nb"), ValueError, "dispersion"),
        (lambda d: tk.wordscores(d, [1, None, None, None, None, None]), ValueError, "two ref"),
        (lambda d: tk.wordscores(d, [1, 2]), ValueError, "2 scores for 6"),
        (lambda d: tk.wordscores(d, REFS, rescale="z"), ValueError, "rescale"),
        (lambda d: tk.wordscores(d, "nope"), KeyError, "nope"),
        (lambda d: tk.correspondence(d, nd=0), ValueError, "nd"),
        (lambda d: tk.wordfish("one text"), TypeError, "single string"),
    ],
)
def test_bad_input(lbg, call, error, match):
    with pytest.raises(error, match=match):
        call(lbg)


def test_empty_rows_are_reported(lbg):
    M = np.vstack([lbg.to_array(), np.zeros((1, 37), dtype=np.int64)])
    d = Dfm(M, lbg.features, pd.DataFrame({"doc_id": [*lbg.doc_ids, "empty"]}))
    with pytest.warns(tk.ToolkitWarning, match="1 document"):
        wf = tk.wordfish(d, dir=(0, 4))
    assert wf.dropped["documents"] == ["empty"] and len(wf.documents) == 6


def test_wordfish_on_a_corpus_keeps_dates():
    c = tk.Corpus.from_texts(
        ["tax tax cut budget", "tax budget war", "war army budget", "war war army navy"],
        dates=["1990", "1991", "1992", "1993"],
    )
    wf = tk.wordfish(c, dir=(0, 3))
    assert wf.documents.year.tolist() == [1990, 1991, 1992, 1993]
    assert list(wf.documents.columns[:3]) == ["doc_id", "date", "year"]


def test_scaling_plots(lbg):
    wf = tk.wordfish(lbg, dir=(0, 4))
    fig = tk.plot.positions(wf.documents)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["R1", "R2", "V1", "R3", "R4", "R5"]  # sorted by θ
    fig = tk.plot.eiffel(wf.features, highlight=["A", "S", "ZK"])
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["A", "S", "ZK"]
    with pytest.raises(ValueError, match="not in the table"):
        tk.plot.eiffel(wf.features, highlight=["nope"])
