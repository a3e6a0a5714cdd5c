"""Tokenization, language detection, sentence splitting, stopwords."""

from __future__ import annotations

import numpy as np
import pytest

import toolkit as tk
from toolkit.text.segment import split_paragraphs, split_sentences


def test_english_tokens_keep_hyphens_and_apostrophes():
    toks = tk.tokens(["The people's well-being — and America's 2nd chance!"])
    assert toks[0] == ["the", "people's", "well-being", "and", "america's", "2nd", "chance"]


def test_chinese_segmentation_and_punctuation_removal():
    toks = tk.tokens(["坚持改革开放，推动高质量发展。"])
    assert "，" not in toks[0] and "。" not in toks[0]
    assert "".join(toks[0]) == "坚持改革开放推动高质量发展"


def test_phrases_keep_slogans_whole():
    plain = tk.tokens(["我们要坚定拥护两个确立。"])[0]
    kept = tk.tokens(["我们要坚定拥护两个确立。"], phrases=["两个确立"])[0]
    assert "两个确立" not in plain
    assert "两个确立" in kept
    en = tk.tokens(["A New  Deal for the\nnew deal era"], phrases=["new deal"])[0]
    assert en.count("new_deal") == 2


def test_language_detection_per_document():
    c = tk.Corpus.from_texts(["政府工作报告", "State of the Union", "中国 GDP 增长"])
    assert c.docs["language"].tolist() == ["zh", "en", "zh"]
    assert tk.detect_language("") == "en"


def test_stopwords_from_packages_and_user_additions():
    assert {"the", "and"} <= tk.stopwords("en")
    assert "的" in tk.stopwords("zh")
    toks = tk.tokens(["The union of the states"], stopwords=["union", "the"])
    assert toks[0] == ["of", "states"]
    toks = tk.tokens(["The union of the states"], stopwords="en")
    assert toks[0] == ["union", "states"]
    with pytest.raises(ValueError):
        tk.stopwords("en", source="nope")


def test_tokens_structure_and_frame():
    toks = tk.tokens(["One two. Three!", "", "Four"], sentences=True)
    assert len(toks) == 3 and toks.n_tokens == 4
    assert toks.offsets.tolist() == [0, 3, 3, 4]
    assert toks.sentence_starts.tolist() == [0, 2, 3]
    frame = toks.to_frame()
    assert frame.columns.tolist() == ["doc_id", "position", "token", "sentence"]
    assert frame["sentence"].tolist() == [0, 0, 1, 0]
    assert toks.to_lists() == [["one", "two", "three"], [], ["four"]]
    assert toks.vocab[toks.ids].tolist() == ["one", "two", "three", "four"]


def test_tokenize_rejects_bad_input():
    with pytest.raises(TypeError):
        tk.tokens("not a list")
    with pytest.raises(TypeError, match="item 1"):
        tk.tokens(["ok", 3])
    with pytest.raises(ValueError):
        tk.tokens(["x"], language="fr")


def test_sentence_splitting_without_download():
    assert split_sentences("Mr. Lincoln spoke. The U.S. Senate listened.\n\nThen war.") == [
        "Mr. Lincoln spoke.",
        "The U.S. Senate listened.",
        "Then war.",
    ]
    assert split_sentences("一、总结。二、任务！三？", language="zh") == [
        "一、总结。",
        "二、任务！",
        "三？",
    ]
    assert split_paragraphs("a\n\n\nb\n") == ["a", "b"]


def test_sotu_tokens(sotu):
    toks = sotu.tokens()
    assert 1_900_000 < toks.n_tokens < 2_100_000
    assert len(toks) == len(sotu)
    assert toks.ids.dtype == np.int32
    assert "union" in set(toks.vocab)


def test_gwr_tokens_chinese(gwr):
    toks = gwr.tokens()
    words = set(toks.vocab)
    assert {"发展", "经济", "改革"} <= words
    assert not any(w in words for w in ("，", "。", "\n"))
