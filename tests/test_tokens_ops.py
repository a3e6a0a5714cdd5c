"""The Tokens layer: every operation against an independent oracle (plain Python lists).

The oracle works on the documents as lists of strings and on a parallel list of (sentence
number) labels, so positions, sentence boundaries and document ids are checked through every
operation without reusing the toolkit's array code.
"""

from __future__ import annotations

import fnmatch
import re

import numpy as np
import pytest

import toolkit as tk
from toolkit.tokenized import Tokens


def oracle(toks: Tokens) -> list[list[tuple[str, int]]]:
    """Every document as (token, sentence number within the document) pairs."""
    frame = toks.to_frame()
    out = []
    for doc_id in toks.doc_ids:
        part = frame[frame["doc_id"] == doc_id]
        sent = part["sentence"].tolist() if "sentence" in part else [0] * len(part)
        out.append(list(zip(part["token"].tolist(), sent, strict=True)))
    return out


def dense(doc: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Sentence numbers renumbered 0, 1, … in order: a sentence whose tokens all went away
    is no longer counted, but two tokens share a sentence exactly when they did before."""
    ranks: dict[int, int] = {}
    return [(w, ranks.setdefault(s, len(ranks))) for w, s in doc]


def glob_match(pattern: str, word: str) -> bool:
    """quanteda's glob: only * and ? are special (fnmatch with brackets escaped)."""
    escaped = pattern.replace("[", "[[]")
    return fnmatch.fnmatchcase(word.casefold(), escaped.casefold())


@pytest.fixture(scope="module")
def sotu_sample(sotu):
    """Ten addresses tokenized with sentences (a mix of centuries)."""
    small = sotu[::24]
    return tk.tokens(small, sentences=True)


def check_structure(toks: Tokens) -> None:
    """Invariants of any Tokens: offsets, sentence starts inside documents, ids in range."""
    assert toks.offsets[0] == 0 and toks.offsets[-1] == toks.n_tokens
    assert np.all(np.diff(toks.offsets) >= 0)
    if toks.sentence_starts is not None:
        starts = set(toks.sentence_starts.tolist())
        firsts = {int(a) for a, b in zip(toks.offsets[:-1], toks.offsets[1:], strict=True) if b > a}
        assert firsts <= starts  # every non-empty document starts a sentence
        assert np.all(np.diff(toks.sentence_starts) > 0)
    assert toks.ids.min(initial=0) >= -1 and toks.ids.max(initial=-1) < len(toks.vocab)


def test_select_and_remove_against_oracle(sotu_sample):
    patterns = ["econom*", "tax*", "war", "?ar"]
    keep = sotu_sample.select(patterns)
    drop = sotu_sample.remove(patterns)
    padded = sotu_sample.remove(patterns, padding=True)
    for toks in (keep, drop, padded):
        check_structure(toks)
        assert toks.doc_ids == sotu_sample.doc_ids
        assert toks.docvars.equals(sotu_sample.docvars)
    for before, k, d, p in zip(
        oracle(sotu_sample), oracle(keep), oracle(drop), oracle(padded), strict=True
    ):
        hit = [any(glob_match(q, w) for q in patterns) for w, _ in before]
        assert k == dense([t for t, h in zip(before, hit, strict=True) if h])
        assert d == dense([t for t, h in zip(before, hit, strict=True) if not h])
        assert p == [("", s) if h else (w, s) for (w, s), h in zip(before, hit, strict=True)]


def test_regex_and_case(sotu_sample):
    kept = sotu_sample.select(r"\d{4}", kind="regex")
    assert kept.n_tokens > 0 and all(re.fullmatch(r"\d{4}", w) for w in kept.vocab)
    cased = tk.tokens(["Tax tax TAX"], lowercase=False)
    assert cased.select("tax")[0] == ["Tax", "tax", "TAX"]
    assert cased.select("tax", case_sensitive=True)[0] == ["tax"]
    assert tk.tokens(["a [applause] b"], remove_punct=False).select("[", kind="fixed")[0] == ["["]


def test_compound_phrases_against_oracle(sotu_sample):
    phrases = ["united states", "new deal", "federal government"]
    out = sotu_sample.compound(phrases)
    check_structure(out)
    targets = [tuple(p.split()) for p in phrases]
    for before, after in zip(oracle(sotu_sample), oracle(out), strict=True):
        expected, i = [], 0
        while i < len(before):
            for t in targets:
                window = tuple(w for w, _ in before[i : i + len(t)])
                if window == t:
                    expected.append(("_".join(t), before[i][1]))
                    i += len(t)
                    break
            else:
                expected.append(before[i])
                i += 1
        assert after == expected


def test_compound_from_collocations_and_chinese():
    toks = tk.tokens(["The White House said the White House will act."] * 3)
    colls = tk.collocations(toks, min_count=3, boundary="document")
    out = toks.compound(colls[colls["feature"] == "white house"])
    assert "white_house" in out.vocab and "white" not in out.vocab
    zh = tk.tokens(["坚持两个确立，做到两个维护。"])
    assert zh[0][:3] == ["坚持", "两个", "确立"]
    assert zh.compound(["两个确立", "两个维护"])[0] == ["坚持", "两个确立", "做到", "两个维护"]
    # a Chinese pattern never matches inside a token (boundaries must coincide)
    assert tk.tokens(["坚持改革开放"]).compound(["革开"])[0] == ["坚持", "改革开放"]


def test_lookup_dictionary_against_oracle(sotu_sample):
    d = tk.Dictionary({"economy": ["econom*", "tax*"], "war": ["war", "militar*"]})
    out = sotu_sample.lookup(d, exclusive=True)
    kept = sotu_sample.lookup(d)
    check_structure(out)
    for before, a, b in zip(oracle(sotu_sample), oracle(out), oracle(kept), strict=True):
        cats = []
        for w, s in before:
            hit = [
                k
                for k, pats in (("economy", ["econom*", "tax*"]), ("war", ["war", "militar*"]))
                if any(glob_match(p, w) for p in pats)
            ]
            cats.append((hit, w, s))
        assert a == dense([(k, s) for hit, _, s in cats for k in hit])
        assert b == dense([(k, s) for hit, w, s in cats for k in (hit or [w])])


def test_lookup_nested_multiword_and_chinese():
    d = tk.Dictionary({"policy": {"economy": ["common prosperity", "tax*"], "party": ["两个确立"]}})
    toks = tk.tokens(["Common prosperity and taxes.", "坚持两个确立。"])
    assert toks.lookup(d, exclusive=True).to_lists() == [
        ["policy.economy", "policy.economy"],
        ["policy.party"],
    ]
    assert toks.lookup(d, levels=1, exclusive=True).to_lists() == [["policy", "policy"], ["policy"]]
    assert toks.lookup(d, levels=1)[0] == ["policy", "and", "policy"]
    counts = tk.lookup(toks, d)
    assert counts.set_index("category")["count"].to_dict() == {
        "policy.economy": 2,
        "policy.party": 1,
    }


def test_replace_ngrams_skipgrams_lowercase():
    toks = tk.tokens(["Taxes and more taxes"])
    assert toks.replace({"tax*": "levy", "and more": "plus"})[0] == ["levy", "plus", "levy"]
    abc = tk.tokens(["a b c d"])
    assert abc.ngrams(2)[0] == ["a_b", "b_c", "c_d"]
    assert abc.ngrams([1, 3], concatenator=" ")[0] == ["a", "b", "c", "d", "a b c", "b c d"]
    assert abc.skipgrams(2, skip=[1])[0] == ["a_c", "b_d"]
    # quanteda's documented example of tokens_skipgrams(n = 2, skip = 0:1)
    toks = tk.tokens(["insurgents killed in ongoing fighting"])
    assert toks.skipgrams(2, skip=[0, 1], concatenator=" ")[0] == [
        "insurgents killed", "insurgents in", "killed in", "killed ongoing",
        "in ongoing", "in fighting", "ongoing fighting",
    ]  # fmt: skip
    padded = tk.tokens(["a b c"]).remove("b", padding=True)
    assert padded.ngrams(2)[0] == []  # no n-gram spans a pad
    cased = tk.tokens(["The the THE"], lowercase=False).lowercase()
    assert cased[0] == ["the", "the", "the"] and len(cased.vocab) == 1


def test_ngrams_against_oracle_and_sentence_boundary(sotu_sample):
    out = sotu_sample.ngrams(2, concatenator=" ", boundary="sentence")
    check_structure(out)
    for before, after in zip(oracle(sotu_sample), oracle(out), strict=True):
        expected = [
            (f"{a[0]} {b[0]}", a[1])
            for a, b in zip(before, before[1:], strict=False)
            if a[1] == b[1]
        ]
        assert after == dense(expected)


def test_subset_group_and_docvars_travel(sotu):
    toks = tk.tokens(sotu)
    modern = toks.subset(year=(1946, None), party="Democratic")
    assert set(modern.docvars["party"]) == {"Democratic"}
    assert modern.to_lists() == [
        toks[i]
        for i in np.flatnonzero((sotu.docs["year"] >= 1946) & (sotu.docs["party"] == "Democratic"))
    ]
    by_party = toks.group("party")
    check_structure(by_party)
    parties = sorted(sotu.docs["party"].dropna().unique())
    assert by_party.doc_ids[: len(parties)] == parties
    dem = by_party.doc_ids.index("Democratic")
    words = [w for i in np.flatnonzero(sotu.docs["party"] == "Democratic") for w in toks[i]]
    assert by_party[dem] == words
    assert by_party.docvars.loc[dem, "n_docs"] == int((sotu.docs["party"] == "Democratic").sum())


def test_tokens_are_immutable(sotu_sample):
    with pytest.raises(ValueError):
        sotu_sample.ids[0] = 5
    before = sotu_sample.to_lists()
    sotu_sample.remove("the")
    assert sotu_sample.to_lists() == before
    dv = sotu_sample.docvars
    dv["year"] = 0
    assert (sotu_sample.docvars["year"] != 0).all()


def test_tk_tokens_and_corpus_tokens_are_one_object(sotu):
    assert tk.tokens(sotu, stopwords="en") is sotu.tokens(stopwords="en")
    with pytest.raises(TypeError, match="single string"):
        tk.tokens("not a list")
    with pytest.raises(TypeError, match="cannot apply"):
        tk.tokens(tk.tokens(["a"]), lowercase=False)


def test_take_docs_keeps_sentences_and_gaps_without_touching_the_whole_stream():
    """take_docs (used by chunked counting) against the whole-stream definition of sentence
    starts and gaps: the same result, found by binary search instead of corpus-long arrays."""
    from toolkit.tokenized._core import _ranges

    rng = np.random.default_rng(0)
    words = ["a", "b", "c", ".", "!", "the", "x"]
    texts = [
        " ".join(rng.choice(words, rng.integers(0, 30))) + ". " + " ".join(rng.choice(words, 5))
        for _ in range(60)
    ]
    gapped = tk.tokens(texts, sentences=True)  # removed punctuation leaves gaps
    assert gapped.gaps is not None and len(gapped.gaps)
    for toks in (gapped, tk.tokens(texts, sentences=True, remove_punct=False)):
        sid = toks.sentence_ids()
        flag = np.zeros(toks.n_tokens + 1, np.int64)
        gaps = toks.gaps if toks.gaps is not None else np.zeros(0, np.int64)
        flag[gaps + 1] = 1
        cum = np.cumsum(flag)
        for _ in range(20):
            idx = rng.choice(len(toks), size=int(rng.integers(1, len(toks))), replace=False)
            got = toks.take_docs(idx)
            pos = _ranges(toks.offsets[idx], toks.doc_lengths[idx])
            doc = np.repeat(np.arange(len(idx)), toks.doc_lengths[idx])
            first = np.ones(len(doc), bool)
            first[1:] = doc[1:] != doc[:-1]
            new, gap = first.copy(), np.zeros(len(doc), bool)
            new[1:] |= sid[pos[1:]] != sid[pos[:-1]]
            gap[1:] = (cum[pos[1:] + 1] - cum[pos[:-1] + 1]) > 0
            assert got.sentence_starts.tolist() == np.flatnonzero(new).tolist()
            want = np.flatnonzero(gap & ~first).tolist()
            assert (got.gaps.tolist() if got.gaps is not None else []) == want
            assert got.to_lists() == [toks.to_lists()[i] for i in idx]
