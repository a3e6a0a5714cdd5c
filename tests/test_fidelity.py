"""Counting what is really in the text (issue: text fidelity): transcript annotations set apart,
headlines counted, Chinese punctuation kept, spaced digits joined, case-kept stopwords,
quanteda's collocation rule, dates everywhere."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.corpus._texts import annotation_table, document_texts
from toolkit.text.annotations import compile_rules

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_07c7a94b31ceda60.txt"
ANNOTATION_WORDS = {"laughter", "applause", "inaudible", "audience"}


# ---------------------------------------------------------------- transcript annotations
def test_rules_set_apart_and_keep_offsets_into_the_original():
    rules = compile_rules(
        [
            {"kind": "interjection", "pattern": r"(?m)^Audience members\. [^\n]*"},
            {"kind": "speaker", "pattern": r"(?m)^The President\. "},
            {"kind": "stage", "pattern": r"\[(?:Laughter|Applause)\]"},
        ]
    )
    raw = "The President. Thank you. [Laughter]\n\nAudience members. U.S.A.! U.S.A.!\n\nGo on."
    texts, found = document_texts([raw], rules=rules)
    assert texts == ["Thank you.\n\nGo on."]
    table = annotation_table(["d"], found)
    assert table["kind"].tolist() == ["speaker", "stage", "interjection"]
    for a, b, text in zip(
        table["original_start"], table["original_end"], table["text"], strict=True
    ):
        assert raw[a:b] == text  # offsets into the raw text, which the corpus keeps
    kept, _ = document_texts([raw], rules=rules, keep_annotations=True)
    assert "[Laughter]" in kept[0]


def test_bad_rules_are_refused_with_their_place():
    with pytest.raises(tk.ToolkitError, match=r"annotations\[0\].*regular expression"):
        compile_rules([{"kind": "x", "pattern": "[unclosed"}])
    with pytest.raises(tk.ToolkitError, match=r"annotations\[1\].*empty string"):
        compile_rules([{"kind": "x", "pattern": "a"}, {"kind": "y", "pattern": "b*"}])
    with pytest.raises(tk.ToolkitError, match="the keys 'kind' and 'pattern'"):
        compile_rules([{"kind": "x"}])


def test_sotu_annotations_are_set_apart_and_counted(sotu):
    table = sotu.annotations
    assert list(table.columns) == ["doc_id", "original_start", "original_end", "kind", "text"]
    counts = table["kind"].value_counts()
    assert counts["stage"] >= 300 and counts["speaker"] >= 100 and counts["interjection"] >= 90
    report = sotu.load_report.set_index("reason")["detail"]
    for kind, n in counts.items():
        assert report[f"annotations: {kind}"].startswith(f"{n} in ")
    originals = sotu.docs.set_index("doc_id")["original"]
    for row in table.sample(200, random_state=0).itertuples():
        assert originals[row.doc_id][row.original_start : row.original_end] == row.text
    text = "\n".join(sotu.texts)
    for gone in ("[Laughter]", "[Applause]", "[applause]", "Audience members.", "The President."):
        assert gone not in text
    assert "[the States]" in text  # words the editors inserted into the speech stay


def test_sotu_annotations_can_be_kept():
    kept = tk.load_corpus("sotu", keep_annotations=True)
    assert sum(t.count("[Laughter]") for t in kept.texts) == 153
    assert len(kept.annotations) > 500
    assert kept.load_report["detail"].str.contains("kept in text").all()


def test_sotu_key_terms_after_2001_are_words(sotu):
    recent = sotu.subset(year=(2001, None))
    for president in recent.docs["president"].unique():
        mine = recent.subset(lambda d, p=president: d["president"] == p)
        rest = recent.subset(lambda d, p=president: d["president"] != p)
        top = tk.keyness(mine, rest, stopwords="en", top=50)["feature"].tolist()
        # no letter split off a word (u s, 401 k); abbreviations keep their period ("v.")
        assert not [f for f in top if len(f) == 1], (president, top)
        assert not ANNOTATION_WORDS & set(top), (president, top)


def test_trump_versus_obama_has_no_letter_artefacts(sotu):
    trump = sotu.subset(lambda d: d["president"] == "Trump")
    obama = sotu.subset(lambda d: d["president"] == "Obama")
    words = tk.keyness(trump, obama, stopwords="en", top=10)["feature"].tolist()
    assert not {"s", "u"} & set(words)
    bigrams = tk.keyness(trump, obama, stopwords="en", n=2, top=10)["feature"].tolist()
    assert "u s" not in bigrams and "audience members" not in bigrams


def test_gwr_boilerplate_is_set_apart(gwr):
    report = gwr.load_report.set_index("reason")["detail"]
    assert report["annotations: boilerplate"].startswith(f"{len(gwr)} in {len(gwr)} documents")
    assert not any("本作品是中华人民共和国" in t for t in gwr.texts)


# ---------------------------------------------------------------- headlines
def test_titles_are_the_first_paragraph():
    c = tk.Corpus.from_texts(["Body about reform."], titles=["Reform headline"])
    assert c.texts[0] == "Reform headline\n\nBody about reform."
    assert c.docs["title"].tolist() == ["Reform headline"]
    again = tk.Corpus.from_texts(["Reform headline\n\nBody."], titles=["Reform headline"])
    assert again.texts[0].count("Reform headline") == 1  # never doubled
    off = tk.Corpus.from_texts(["Body."], titles=["Headline"], include_title=False)
    assert off.texts[0] == "Body."


def test_news_reader_counts_the_headline(tmp_path):
    (tmp_path / "a.txt").write_text(
        " date 2023-06-14 The Three Norths project\n\nBody on Three Norths."
    )
    c = tk.read_corpus(tmp_path)
    assert len(tk.kwic(c, "Three Norths")) == 2
    assert len(tk.kwic(tk.read_corpus(tmp_path, include_title=False), "Three Norths")) == 1


@pytest.mark.skipif(not SEED.is_file(), reason="needs ../shared/seeds (the shared folder)")
def test_seed_report_counts_three_norths_three_times():
    c = tk.read_corpus(SEED)
    assert len(tk.kwic(c, "Three Norths")) == 3
    counts = tk.count_slogans(c, tk.load_lexicon("ccp-formulations"))
    assert int(counts.set_index("slogan_id").loc["three-norths", "count"]) == 3


def test_gwr_titles_are_counted(gwr):
    assert all(t.startswith(f"{y}年中华人民共和国国务院政府工作报告") for t, y in
               zip(gwr.texts, gwr.docs["year"], strict=True))  # fmt: skip


# ---------------------------------------------------------------- Chinese normalisation
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("五年来，在", "五年来，在"),
        ("各位代表：", "各位代表："),
        ("（一）加快发展！？", "（一）加快发展！？"),
        ("１９５４年", "1954年"),
        ("增长３．５％", "增长3.5%"),
        ("中\u3000国", "中国"),
        ("1 9 9 3 年3 月", "1993年3月"),
        ("第 1 9 次", "第19次"),
        ("in 1 2 3 steps", "in 1 2 3 steps"),
        ("中\u2028文", "中文"),
        ("甲\u2029乙", "甲\n\n乙"),
        ("……", "……"),
    ],
)
def test_chinese_normalisation(raw, expected):
    assert tk.normalize(raw) == expected


def test_lexicon_matching_treats_full_width_and_ascii_punctuation_alike():
    lex = tk.Lexicon.from_dict({"shuangbai": "百花齐放，百家争鸣", "ascii": "一个国家,两种制度"})
    c = tk.Corpus.from_texts(["百花齐放,百家争鸣。一个国家，两种制度。", "百花齐放，百家争鸣"])
    counts = tk.count_slogans(c, lex, rate=None).groupby("slogan_id")["count"].sum()
    assert counts.to_dict() == {"ascii": 1, "shuangbai": 2}
    assert len(tk.kwic(c, "百花齐放，百家争鸣")) == 2
    assert len(tk.kwic(c, "一个国家,两种制度")) == 1


def test_gwr_kwic_shows_chinese_punctuation(gwr):
    lines = tk.kwic(gwr, "改革开放")
    context = "".join(lines["left"]) + "".join(lines["right"])
    assert "，" in context and "。" in context
    assert context.count("，") > 10 * context.count(",")  # ASCII commas only inside numbers
    assert lines["date"].notna().all() and lines["year"].notna().all()


def test_gwr_reports_all_have_a_delivery_date(gwr):
    assert gwr.docs["date"].notna().all()
    dates = gwr.docs.set_index("year")["date"]
    assert dates[1954] == pd.Timestamp("1954-09-23")
    assert dates[2024] == pd.Timestamp("2024-03-05")  # read from the text
    assert (dates.index == dates.dt.year).all()


# ---------------------------------------------------------------- stopwords, collocations
def test_user_stopwords_respect_case():
    # scikit-learn and NLTK match stopwords exactly: "I" is removed, "i" is not a stopword
    got = tk.ngrams(["I said I will", "i said"], n=1, lowercase=False, stopwords=["I"])
    assert set(got["feature"]) == {"said", "will", "i"}
    lower = tk.ngrams(["I said I will"], n=1, stopwords=["I"])  # lower-cased tokens, list too
    assert set(lower["feature"]) == {"said", "will"}


def test_collocation_example_of_the_issue():
    got = tk.collocations(["x y, z w", "x y z w"], n=2, min_count=1).set_index("feature")
    assert int(got.loc["y z", "count"]) == 1
    assert math.isclose(got.loc["y z", "lambda"], math.log(27), rel_tol=1e-9)


def test_slogan_matches_carry_dates(gwr):
    lex = tk.load_lexicon("ccp-formulations")
    rows = tk.slogan_matches(gwr.subset(year=(2020, 2025)), lex)
    assert {"doc_id", "date", "year"} <= set(rows.columns)
    assert rows["date"].notna().all() and np.isin(rows["year"], range(2020, 2026)).all()


def test_rules_with_needles_run_only_where_a_needle_is():
    rules = compile_rules([{"kind": "speaker", "pattern": r"(?m)^The President\. ",
                            "contains": ["The President. "]}])  # fmt: skip
    texts, found = document_texts(["The President. Hello.", "No tag here."], rules=rules)
    assert texts == ["Hello.", "No tag here."]
    assert [len(f) for f in found] == [1, 0]
    with pytest.raises(tk.ToolkitError, match="contains must be a list"):
        compile_rules([{"kind": "x", "pattern": "a", "contains": "a"}])
