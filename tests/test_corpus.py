"""The Corpus model: construction, subsetting, segmentation, summary."""

from __future__ import annotations

import pandas as pd
import pytest

import toolkit as tk


@pytest.fixture
def small():
    return tk.Corpus.from_texts(
        ["First para. Second sentence.\n\nSecond para.", "Another doc.", "第三篇。第二句。"],
        doc_ids=["a", "b", "c"],
        dates=["1900-03-04", "1917", None],
        party=["D", "R", "R"],
    )


def test_docs_columns_and_types(small):
    d = small.docs
    assert d.columns[:7].tolist() == [
        "doc_id",
        "text",
        "original",
        "date",
        "year",
        "title",
        "language",
    ]
    assert str(d["date"].dtype).startswith("datetime64")
    assert str(d["year"].dtype) == "Int64"
    assert d["year"].tolist()[:2] == [1900, 1917] and pd.isna(d["year"].iloc[2])
    assert pd.isna(d["date"].iloc[1])  # a bare year invents no date
    assert d["party"].tolist() == ["D", "R", "R"]


def test_from_dataframe_mapping_and_errors():
    df = pd.DataFrame({"content": ["改革开放", "Reform"], "yr": [1978, 1979], "who": ["x", "y"]})
    c = tk.Corpus.from_dataframe(df, text="content", date="yr")
    assert c.docvars["year"].tolist() == [1978, 1979]
    assert c.docs["who"].tolist() == ["x", "y"]
    with pytest.raises(KeyError, match="text column 'body'"):
        tk.Corpus.from_dataframe(df, text="body")
    with pytest.raises(ValueError, match="field 'yr'"):
        tk.Corpus.from_dataframe(df.assign(yr=["soon", "1979"]), text="content", date="yr")
    with pytest.raises(TypeError, match="row 1"):
        tk.Corpus.from_dataframe(pd.DataFrame({"text": ["a", None]}))
    with pytest.raises(ValueError, match="duplicate doc_id"):
        tk.Corpus(pd.DataFrame({"doc_id": ["x", "x"], "text": ["a", "b"]}))


def test_subset_ranges_values_and_predicates(small):
    assert small.subset(year=(1917, None)).doc_ids == ["b"]
    assert small.subset(year=(None, 1916)).doc_ids == ["a"]
    assert small.subset(party="R").doc_ids == ["b", "c"]
    assert small.subset(party=["D", "X"]).doc_ids == ["a"]
    assert small.subset(lambda d: d.party == "R", year=(1917, 1917)).doc_ids == ["b"]
    with pytest.raises(KeyError, match="no column 'nope'"):
        small.subset(nope=1)


def test_segment_paragraphs_and_sentences_keep_parent(small):
    paras = small.segment("paragraph")
    assert paras.doc_ids == ["a#p1", "a#p2", "b#p1", "c#p1"]
    assert paras.docs["parent_id"].tolist() == ["a", "a", "b", "c"]
    assert paras.docs["party"].tolist() == ["D", "D", "R", "R"]
    sents = small.segment("sentence")
    assert sents.docs.loc[sents.docs.parent_id == "a", "text"].tolist() == [
        "First para.",
        "Second sentence.",
        "Second para.",
    ]
    assert sents.docs.loc[sents.docs.parent_id == "c", "text"].tolist() == ["第三篇。", "第二句。"]
    assert sents.unit == "sentence"
    with pytest.raises(ValueError):
        small.segment("chapter")


def test_summary_and_fingerprint(small):
    s = small.summary()
    assert s.loc[0, "n_docs"] == 3
    assert s.loc[0, "tokens"] == sum(len(t) for t in small.tokens())
    assert s.loc[0, "first_year"] == 1900 and s.loc[0, "last_year"] == 1917
    assert set(s.loc[0, "languages"].split(",")) == {"en", "zh"}
    assert small.sha256 == small.subset(lambda d: d.doc_id != "zz").sha256
    assert small.sha256 != small.subset(party="R").sha256


def test_indexing_and_repr(small):
    assert small[0].doc_ids == ["a"]
    assert small[1:].doc_ids == ["b", "c"]
    assert "3 documents" in repr(small)


def test_sha256_is_the_same_for_the_same_files_in_another_folder(tmp_path):
    """The fingerprint covers content, not where the files were read from (``source``)."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text("The two establishments.", encoding="utf-8")
    first, second = (tk.read_corpus(tmp_path / name) for name in ("a", "b"))
    assert list(first.docs["source"]) != list(second.docs["source"])
    assert first.sha256 == second.sha256
    (tmp_path / "b" / "x.txt").write_text("The two upholds.", encoding="utf-8")
    assert tk.read_corpus(tmp_path / "b").sha256 != first.sha256


def test_a_chinese_language_tag_splits_sentences_as_chinese():
    """Tags are kept as written (``zh-Hant``), and every step reads them as Chinese."""
    c = tk.Corpus.from_texts(["坚持改革开放。推动发展！"], language="zh-Hant")
    assert c.docs["language"].tolist() == ["zh-Hant"]
    assert c.segment("sentence").texts == ["坚持改革开放。", "推动发展！"]
    assert tk.text.tokenize_text(c.texts[0], tk.text.TokenizeSettings(language="zh-Hant")) == [
        ["坚持", "改革开放", "。", "推动", "发展", "！"]
    ]
