"""Slogan lexicons, matching and counting (issues 4 and 12)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.slogans import Entry, Lexicon, count_slogans, load_lexicon
from toolkit.slogans._sieve import Sieve
from toolkit.slogans.matching import Matcher, en_view, is_chinese
from toolkit.text.normalize import fold_punct

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
                    "valid_from": 2018,
                    "require": ["总书记", "core"],
                    "window": 30,
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
        assert (back["two-upholds"].require, back["two-upholds"].window) == (("总书记", "core"), 30)
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
    counts = count_slogans(corpus, TN, rate=None)
    assert counts["count"].tolist() == [len(texts)]
    per_doc = tk.slogan_matches(corpus, TN)
    assert per_doc["slogan_id"].unique().tolist() == ["tn"]
    for text, row in zip(corpus.texts, per_doc.itertuples(), strict=True):
        assert text[row.start : row.end] == row.match
        assert row.match.lower().startswith("three")


def test_english_word_boundaries():
    texts = ["Three Northsmen came", "threenorths", "the three northern belts"]
    assert count_slogans(texts, TN, rate=None)["count"].tolist() == [0]
    lex = Lexicon.from_dict({"us": {"en": ["U.S."]}})
    assert count_slogans(["The U.S. and the USSR."], lex, rate=None)["count"].tolist() == [1]


def test_english_view_offsets():
    text = "A “Three – North”\n\n project"
    view, index = en_view(text)
    assert view == "three north project"  # separators folded, the article left out
    assert index is not None and text[index[0]] == "T" and text[index[-1]] == "t"


def test_traditional_text_matches_without_simplification():
    lex = Lexicon.from_dict({"te": {"zh": "两个确立"}, "ss": {"zh": "社会主义改造"}})
    corpus = tk.Corpus.from_texts(["堅持兩個確立，完成社會主義改造。"])
    assert corpus.texts[0].startswith("堅持")  # default normalisation keeps traditional text
    assert count_slogans(corpus, lex, rate=None)["count"].tolist() == [1, 1]


def test_slogan_broken_by_line_break_counts_once():
    lex = Lexicon.from_dict({"te": {"zh": "两个确立", "en": ["two establishments"]}})
    zh = tk.Corpus.from_texts(["我们坚持两个\n确立。两个确立"], language="zh")
    en = tk.Corpus.from_texts(["support the two\nestablishments firmly"], language="en")
    assert count_slogans(zh, lex, rate=None)["count"].tolist() == [2]
    assert count_slogans(en, lex, rate=None)["count"].tolist() == [1]


def test_nested_policy():
    text = "坚持习近平新时代中国特色社会主义思想，走中国特色社会主义道路，进入新时代。"
    longest = count_slogans([text], NESTED, rate=None, overlap="longest")
    assert longest.set_index("slogan_id")["count"].to_dict() == {
        "xi-thought": 1,
        "socialism-cc": 1,
        "new-era": 1,
    }
    assert longest.attrs["overlap"] == "longest"
    every = count_slogans([text], NESTED, rate=None)  # default: every occurrence
    assert every.attrs["overlap"] == "all"
    assert every.set_index("slogan_id")["count"].to_dict() == {
        "xi-thought": 1,
        "socialism-cc": 2,
        "new-era": 2,
    }


XIAOKANG = {
    "xk": {"zh": "小康社会", "en": ["moderately prosperous society"]},
    "building": {"zh": "全面建设小康社会"},
    "completing": {"zh": "全面建成小康社会"},
}


def _xiaokang() -> tk.Corpus:
    return tk.Corpus.from_texts(
        [
            "全面建设小康社会,加快推进社会主义现代化。",
            "实现全面建成小康社会的奋斗目标。",
            "为全面建成小康社会而奋斗。进入小康社会。",
        ],
        dates=["2002-11-08", "2007-10-15", "2012-11-08"],
        language="zh",
    )


def test_nested_xiaokang_first_appearances_use_every_occurrence():
    first = tk.first_appearances(_xiaokang(), XIAOKANG).set_index("slogan_id")
    assert first["first_year"].to_dict() == {"building": 2002, "xk": 2002, "completing": 2007}
    assert first.attrs["overlap"] == "all"
    longest = tk.first_appearances(_xiaokang(), XIAOKANG, overlap="longest")
    assert longest.set_index("slogan_id").loc["xk", "first_year"] == 2012  # standalone use


def test_nested_xiaokang_counts_state_their_rule():
    every = count_slogans(_xiaokang(), XIAOKANG, by="year", rate=None)
    table = every.pivot(index="year", columns="slogan_id", values="count")
    assert table.loc[2002].to_dict() == {"building": 1, "completing": 0, "xk": 1}
    assert table.loc[2012].to_dict() == {"building": 0, "completing": 1, "xk": 2}
    longest = count_slogans(_xiaokang(), XIAOKANG, by="year", rate=None, overlap="longest")
    assert longest.attrs["overlap"] == "longest"
    assert longest.groupby("slogan_id")["count"].sum().to_dict() == {
        "building": 1,
        "completing": 2,
        "xk": 1,
    }
    # the independent check: every occurrence is a substring count
    texts = _xiaokang().texts
    assert every.groupby("slogan_id")["count"].sum()["xk"] == sum(
        t.count("小康社会") for t in texts
    )


def test_overlapping_forms_of_one_entry_count_once():
    lex = Lexicon.from_dict({"bri": {"zh": "一带一路", "zh_variants": ["一带一路倡议"]}})
    for overlap in ("longest", "all"):
        got = count_slogans(["共建一带一路倡议"], lex, rate=None, overlap=overlap)
        assert got["count"].tolist() == [1]


def test_exclusions_and_numeral_boundaries():
    lex = Lexicon.from_dict(
        {"tr": {"zh": "三个代表", "exclude": ["三个代表团"]}, "p7": {"zh": "七五"}}
    )
    text = "三个代表团出席。践行三个代表。一九七五年，“七五”计划。"
    got = count_slogans([text], lex, rate=None).set_index("slogan_id")["count"]
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
        "year", "slogan_id", "label_zh", "label_en", "category", "count", "doc_freq",
        "per_million",
    ]  # fmt: skip
    assert len(got) == 3 * 2  # 2021, 2022, <NA> x two slogans, zeros included
    row = got[(got["year"] == 2021) & (got["slogan_id"] == "cp")].iloc[0]
    assert (row["count"], row["doc_freq"], row["category"]) == (2, 1, "economy")
    assert got["count"].sum() == count_slogans(_corpus(), LEX2)["count"].sum() == 5
    assert (got["count"] == 0).sum() == 2
    sparse = count_slogans(_corpus(), LEX2, by="year", fill_zeros=False)
    assert (sparse["count"] > 0).all() and len(sparse) == 4
    two = count_slogans(_corpus(), LEX2, by=["party", "decade"], rate=None)
    assert list(two.columns[:3]) == ["party", "decade", "slogan_id"]
    assert "per_million" not in two.columns


def test_rates_use_default_tokens():
    corpus = _corpus()
    got = count_slogans(corpus, LEX2, by="party")
    lengths = corpus.tokens().doc_lengths
    tokens_a = lengths[corpus.docs["party"].to_numpy() == "a"].sum()
    row = got[(got["party"] == "a") & (got["slogan_id"] == "cp")].iloc[0]
    assert math.isclose(row["per_million"], 3 * 1e6 / tokens_a)
    per_10k = count_slogans(corpus, LEX2, by="party", rate=10_000)
    assert "per_10k" in per_10k.columns and "per_million" not in per_10k.columns
    assert np.allclose(per_10k["per_10k"] * 100, got["per_million"])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"by": "colour"}, KeyError, "no such column 'colour'"),
        ({"rate": 7}, ValueError, "rate must be one of"),
        ({"overlap": "some"}, ValueError, "overlap must be one of"),
        ({"forms": "fr"}, ValueError, "forms must be one of"),
    ],
)
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        count_slogans(_corpus(), LEX2, **kwargs)


def test_plain_string_and_positional_options_are_refused():
    with pytest.raises(TypeError, match=r"pass \[text\]"):
        count_slogans("共同富裕", LEX2)
    with pytest.raises(TypeError, match=r"pass \[text\]"):
        tk.slogan_matches("共同富裕", LEX2)
    with pytest.raises(TypeError):
        count_slogans(["共同富裕"], LEX2, "year")  # by= is keyword-only
    assert count_slogans(["共同富裕"], LEX2, rate=None)["count"].tolist() == [1, 0]


def test_matches_first_appearances_and_cooccurrence():
    corpus = _corpus()
    m = tk.slogan_matches(corpus, LEX2, context=2)
    assert list(m.columns) == [
        "doc_id", "date", "year", "slogan_id", "label_zh", "label_en", "match", "start", "end",
        "left", "right",
    ]  # fmt: skip
    assert m["match"].tolist() == ["共同富裕", "共同富裕", "两个确立", "共同富裕", "两个确立"]
    assert m.iloc[1][["left", "right"]].tolist() == ["裕。", ""]
    first = tk.first_appearances(corpus, LEX2)
    assert first[["slogan_id", "first_year", "first_doc"]].values.tolist() == [
        ["cp", 2021, "doc1"],
        ["te", 2021, "doc2"],
    ]
    assert pd.isna(first.loc[1, "first_date"]) and "两个确立" in first.loc[1, "context"]
    co = tk.slogan_cooccurrence(corpus, LEX2, unit="document")
    assert co[["slogan_a", "slogan_b", "count"]].values.tolist() == [["cp", "te", 1]]
    assert co.attrs["overlap"] == "longest"
    p_ab, p_a, p_b = 1 / 4, 2 / 4, 2 / 4
    assert math.isclose(co["npmi"].iloc[0], math.log(p_ab / (p_a * p_b)) / -math.log(p_ab))


def test_english_corpus_with_builtin_lexicon(sotu):
    counts = count_slogans(sotu, "us-presidential", by="decade", rate=None)
    totals = counts.groupby("slogan_id")["count"].sum()
    assert totals["cold-war"] > 0
    firsts = tk.first_appearances(sotu, "us-presidential").set_index("slogan_id")
    assert firsts.loc["monroe-doctrine", "first_year"] >= 1823


# ---------------------------------------------------------------- ground truth on real corpora


def _non_nested_chinese(lex: Lexicon) -> dict[str, list[str]]:
    """Entries whose Chinese forms are not substrings of another entry's forms (nor contain one),
    without exclusions or context rules, and whose own forms do not contain each other."""
    forms = {e.id: [f for f in e.forms if is_chinese(f)] for e in lex}
    out = {}
    for e in lex:
        mine = forms[e.id]
        if not mine or e.exclude or e.has_context:
            continue
        others = [g for i, fs in forms.items() if i != e.id for g in fs]
        if any(f in g or g in f for f in mine for g in others):
            continue
        if any(f != g and f in g for f in mine for g in mine):
            continue
        out[e.id] = mine
    return out


_NUMERAL = "〇零一二两三四五六七八九十百千万亿0-9"


def _plain_count(text: str, form: str) -> int:
    """Occurrences of ``form`` that do not split a numeral (一两个超级大国 is 'one or two');
    full-width and ASCII punctuation are the same character (``，`` is ``,``)."""
    form = fold_punct(form)  # the text is folded by the caller, once
    left = f"(?<![{_NUMERAL}])" if re.match(f"[{_NUMERAL}]", form) else ""
    right = f"(?![{_NUMERAL}])" if re.match(f"[{_NUMERAL}]", form[-1]) else ""
    return len(re.findall(left + re.escape(form) + right, text))


@pytest.mark.shared
@pytest.mark.parametrize("name", ["gwr", "cpc"])
def test_counts_equal_plain_substring_counts(request, name):
    corpus = request.getfixturevalue(name)
    lex = load_lexicon("ccp-formulations")
    plain = _non_nested_chinese(lex)
    assert len(plain) >= 40
    got = count_slogans(corpus, lex, by="year", rate=None)
    for year, group in corpus.docs.groupby("year"):
        folded = [fold_punct(t) for t in group["text"]]
        truth = {i: sum(_plain_count(t, f) for t in folded for f in fs) for i, fs in plain.items()}
        mine = got[got["year"] == year].set_index("slogan_id")["count"]
        assert {i: int(mine[i]) for i in plain} == truth, year
    assert got["count"].sum() > 1000


@pytest.mark.shared
def test_1954_traditional_report_is_counted(gwr):
    lex = load_lexicon("ccp-formulations")
    doc = gwr.docs[gwr.docvars["year"] == 1954].iloc[0]
    assert "們" in doc["original"]  # the source is in traditional characters
    simplified = count_slogans(gwr.subset(year=(1954, 1954)), lex, rate=None)
    found = simplified[simplified["count"] > 0].set_index("slogan_id")["count"]
    assert len(found) >= 3
    for i, n in found.items():
        assert (
            n == sum(doc["text"].count(f) for f in lex[i].forms if is_chinese(f)) or lex[i].exclude
        )
    frame = pd.DataFrame({"content": [doc["original"]]})
    settings = tk.NormalizeSettings(simplified=True)
    again = tk.Corpus.from_dataframe(frame, text="content", normalize_text=settings)
    from_raw = count_slogans(again, lex, rate=None).set_index("slogan_id")["count"]
    assert from_raw[found.index].to_dict() == found.to_dict()
    # without simplification, the forms' standard traditional spellings are still found
    raw = tk.Corpus.from_texts([doc["original"]], language="zh")
    assert "們" in raw.texts[0]
    unsimplified = count_slogans(raw, lex, rate=None).set_index("slogan_id")["count"]
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


# ---------------------------------------------------------------- context rules (issue 12)

RULES = {
    "tme": {
        "zh": "两件大事",
        "en": ["two major events"],
        "valid_from": 2022,
        "require": ["内蒙古", "五大任务", "Inner Mongolia"],
    },
    "pr": {
        "zh": "和平统一",
        "forbid": ["朝鲜", "越南"],
        "window": 8,
        "valid_from": 1979,
    },
}


def _rules_corpus() -> tk.Corpus:
    return tk.Corpus.from_texts(
        [
            "要着重抓好体制改革和对外开放这两件大事。支持朝鲜的和平统一。",
            "内蒙古要完成好五大任务,办好两件大事。坚持和平统一、一国两制。",
            "朝鲜人民争取自主和平统一的斗争。实现祖国和平统一。",
            "Inner Mongolia will handle the two major events well.",
            "Handle the two major events of the region.",
        ],
        dates=["1984", "2023", "1988", "2023", "2023"],
        language=["zh", "zh", "zh", "en", "en"],
    )


def test_context_rules_period_and_neighbours():
    got = count_slogans(_rules_corpus(), RULES, by="doc_id", rate=None)
    table = got.pivot(index="doc_id", columns="slogan_id", values="count")
    assert table["tme"].to_dict() == {"doc1": 0, "doc2": 1, "doc3": 0, "doc4": 1, "doc5": 0}
    # 1984 is before the period; 1988: one use next to 朝鲜 (forbidden), one about Taiwan
    assert table["pr"].to_dict() == {"doc1": 0, "doc2": 1, "doc3": 1, "doc4": 0, "doc5": 0}
    plain = count_slogans(_rules_corpus(), {"tme": "两件大事", "pr": "和平统一"}, rate=None)
    assert plain.set_index("slogan_id")["count"].to_dict() == {"tme": 2, "pr": 4}


def test_context_rules_in_matches_and_first_appearances():
    m = tk.slogan_matches(_rules_corpus(), RULES, context=5)
    assert m.loc[m["slogan_id"] == "pr", "doc_id"].tolist() == ["doc2", "doc3"]
    first = tk.first_appearances(_rules_corpus(), RULES).set_index("slogan_id")
    assert first.loc["pr", "first_year"] == 1988 and first.loc["tme", "first_year"] == 2023


def test_undated_documents_pass_the_period_check():
    lex = Lexicon.from_dict({"ne": {"zh": "新时代", "valid_from": 2017}})
    assert count_slogans(["进入新时代"], lex, rate=None)["count"].tolist() == [1]
    dated = tk.Corpus.from_texts(["进入新时代"], dates=["2011"])
    assert count_slogans(dated, lex, rate=None)["count"].tolist() == [0]


def test_a_rejected_hit_does_not_hide_a_nested_one():
    lex = Lexicon.from_dict(
        {"long": {"zh": "两件大事", "valid_from": 2022}, "short": {"zh": "大事"}}
    )
    corpus = tk.Corpus.from_texts(["办好两件大事"], dates=["1984"])
    got = count_slogans(corpus, lex, rate=None, overlap="longest")
    assert got.set_index("slogan_id")["count"].to_dict() == {"long": 0, "short": 1}


def test_forms_shared_by_entries_of_disjoint_periods():
    lex = Lexicon.from_dict(
        {
            "deng": {"zh": "两个大局", "valid_until": 2018},
            "xi": {"zh": "两个大局", "valid_from": 2019},
        }
    )
    corpus = tk.Corpus.from_texts(
        ["两个大局", "两个大局", "两个大局"], dates=["2000", "2022", None]
    )
    got = count_slogans(corpus, lex, by="doc_id", rate=None)
    table = got.pivot(index="doc_id", columns="slogan_id", values="count")
    assert table.to_dict("index") == {
        "doc1": {"deng": 1, "xi": 0},
        "doc2": {"deng": 0, "xi": 1},
        "doc3": {"deng": 0, "xi": 1},  # undated: the latest period takes the hit
    }
    overlapping = Lexicon.from_dict(
        {"a": {"zh": "两个大局", "valid_until": 2019}, "b": {"zh": "两个大局", "valid_from": 2019}}
    )
    with pytest.raises(ValueError, match="also a form of entry 'a'"):
        Matcher(overlapping)


def test_bad_context_rules_name_the_entry():
    with pytest.raises(ValueError, match="'x'.*valid_from 2020 is after valid_until 2010"):
        Lexicon.from_dict({"x": {"zh": "甲乙", "valid_from": 2020, "valid_until": 2010}})
    with pytest.raises(ValueError, match="'window' needs 'require' or 'forbid'"):
        Lexicon.from_dict({"x": {"zh": "甲乙", "window": 5}})


# ---------------------------------------------------------------- machine-translated English


MT = {
    "fc": {"zh": "四个意识", "en": ["four consciousness"]},
    "tl": {"en": ["three excesses, three lesses and three slows"]},
    "sc": {"en": ["sense of community of the Chinese nation"]},
    "tn": {"en": ["Three-North"]},
}


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("strengthen the four consciousnesses", "fc"),
        ("strengthen the “four consciousness”", "fc"),
        ("the four-consciousnesss of cadres", "fc"),
        ("resolve the three excesses, three lesss and three slows", "tl"),
        ("resolve the 'three excess, three less and three slow'", "tl"),
        ("a sense of community of Chinese nation", "sc"),
        ("the sense of community of the the Chinese nation", "sc"),
        ("the Three Norths shelterbelt and three north forests", "tn"),
    ],
)
def test_machine_translation_forms_match(text, ident):
    got = count_slogans([text], MT, rate=None, fill_zeros=False)
    assert got["slogan_id"].tolist() == [ident]


def test_inflected_variants_never_take_another_entrys_form():
    lex = Lexicon.from_dict({"a": {"en": ["two session"]}, "b": {"en": ["two sessions"]}})
    got = count_slogans(["the two sessions; a two session"], lex, rate=None)
    assert got.set_index("slogan_id")["count"].to_dict() == {"a": 1, "b": 1}


@pytest.fixture(scope="module")
def seed_report() -> Path:
    """The shared seed folder: next to the checkout, or next to TOOLKIT_DATA's folder."""
    import os

    from tests.conftest import SHARED

    candidates = [SHARED / "seeds"]
    candidates += [
        Path(p).parent / "seeds" for p in os.environ.get("TOOLKIT_DATA", "").split(os.pathsep) if p
    ]
    for path in candidates:
        if (path / "000_07c7a94b31ceda60.txt").is_file():
            return path
    pytest.skip("the shared seed report is not present (../shared/seeds)")


@pytest.mark.shared
def test_seed_report_yields_its_formulations(seed_report):
    """The MT Inner Mongolia report, with its headline as part of the text (the reader will
    count titles; until then the test prepends it)."""
    corpus = tk.read_corpus(seed_report)
    docs = corpus.docs
    if not docs["text"].iloc[0].startswith(docs["title"].iloc[0][:40]):
        docs = docs.assign(text=docs["title"] + "\n\n" + docs["text"])
    corpus = tk.Corpus(docs)
    got = count_slogans(corpus, "ccp-formulations", rate=None, fill_zeros=False)
    counts = got.set_index("slogan_id")["count"].to_dict()
    expected = {
        "three-norths": 3,  # headline + two in the body
        "two-major-events": 2,
        "five-major-tasks": 2,
        "two-establishments": 1,
        "two-upholds": 1,
        "model-autonomous-region": 1,
        "theme-education": 2,
        "forge-sense-of-community-chinese-nation": 1,
        "common-spiritual-home": 1,
        "ecological-security-barrier": 1,
        "three-landmark-campaigns": 1,
        "always-worried": 1,
        "three-excesses-three-lesses-three-slows": 1,
        "standardize-simplify-speed-up": 1,
        "chinese-modernization": 1,
        "modern-energy-economy": 1,
    }
    assert {k: counts.get(k, 0) for k in expected} == expected
    # nested: "the consciousness of the Chinese nation's community" inside "forging ..." counts too
    assert counts["sense-of-community-chinese-nation"] == 3
    text = corpus.texts[0]
    assert len(re.findall(r"three norths", text, flags=re.I)) == 3  # independent count
