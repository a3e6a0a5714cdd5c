"""KWIC on normalised text: phrases across whitespace, word boundaries, Chinese substrings."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

import toolkit as tk

COLUMNS = ["doc_id", "date", "year", "pattern", "left", "match", "right", "start", "end"]


@pytest.fixture(scope="module")
def small():
    return tk.Corpus.from_texts(
        [
            "A New  Deal for the\nAmerican people. The new\ndeal worked; renewed dealings did not.",
            "No deal. NEW DEAL!",
        ],
        doc_ids=["a", "b"],
        dates=["1934-01-03", "1935"],
    )


def test_phrase_case_and_whitespace(small):
    out = tk.kwic(small, "new deal", context=3)
    assert list(out.columns) == COLUMNS
    # normalisation collapsed the double space; the line break inside a phrase still matches
    assert out["match"].tolist() == ["New Deal", "new\ndeal", "NEW DEAL"]
    text = small.docs.set_index("doc_id")["text"]
    for doc_id, match, a, b in out[["doc_id", "match", "start", "end"]].itertuples(index=False):
        assert text[doc_id][a:b] == match
    first = out.iloc[0]
    assert (first["left"], first["right"]) == ("A", "for the American")
    assert out.iloc[1]["left"] == "American people. The"  # newline collapsed to a space
    assert out.iloc[2]["left"] == "No deal."
    assert out.iloc[2]["right"] == ""
    assert pd.isna(out.iloc[2]["date"]) and out.iloc[0]["date"] == pd.Timestamp("1934-01-03")
    assert tk.kwic(small, "new deal", case_sensitive=True)["match"].tolist() == ["new\ndeal"]


def test_word_boundaries_and_regex(small):
    assert tk.kwic(small, "deal")["match"].str.lower().tolist() == ["deal", "deal", "deal", "deal"]
    out = tk.kwic(small, r"deal\w*", kind="regex", context=1)
    assert out["match"].tolist() == ["Deal", "deal", "dealings", "deal", "DEAL"]
    assert out.iloc[2]["left"] == "renewed"
    with pytest.raises(ValueError, match="regular expression"):
        tk.kwic(small, "(", kind="regex")


def test_sorting_and_csv(small):
    by_left = tk.kwic(small, "deal", context=2, sort="left")
    assert by_left["left"].tolist()[0].split()[-1].lower() == "new"
    assert by_left["left"].tolist()[-1] == "No"
    by_right = tk.kwic(small, "deal", sort="right")
    keys = [r.lower() for r in by_right["right"]]
    assert keys == sorted(keys)
    buf = io.StringIO()
    by_right.to_csv(buf, index=False)
    back = pd.read_csv(io.StringIO(buf.getvalue()))
    assert list(back.columns) == COLUMNS and len(back) == len(by_right)
    with pytest.raises(ValueError, match="sort"):
        tk.kwic(small, "deal", sort="up")


def test_sotu_new_deal(sotu):
    out = tk.kwic(sotu, "new deal", context=8)
    texts = sotu.docs.set_index("doc_id")["text"]
    expected = sum(
        len(re.findall(r"(?<!\w)new\s+deal(?!\w)", t, flags=re.IGNORECASE)) for t in texts
    )
    assert len(out) == expected > 0
    assert all(len(left.split()) <= 8 for left in out["left"])
    assert out["doc_id"].str.startswith(("19", "20")).all()


def test_chinese_substrings(gwr):
    out = tk.kwic(gwr, "改革开放", context=5)
    texts = gwr.docs.set_index("doc_id")["text"]
    assert len(out) == sum(t.count("改革开放") for t in texts)
    row = out.iloc[0]
    assert texts[row["doc_id"]][row["start"] - 5 : row["start"]] == row["left"].replace(" ", "")
    assert out["left"].str.len().max() <= 5 and out["right"].str.len().max() <= 5
    assert (out["match"] == "改革开放").all()


def test_list_input_and_empty():
    out = tk.kwic(["坚持改革开放不动摇", "改革"], ["改革开放", "不动摇"], context=2)
    assert out[["left", "match", "right"]].values.tolist() == [
        ["坚持", "改革开放", "不动"],
        ["开放", "不动摇", ""],
    ]
    empty = tk.kwic(["nothing here"], "absent")
    assert empty.empty and list(empty.columns) == COLUMNS
