"""Discovery of new formulations and promotion into lexicons (issue 4)."""

from __future__ import annotations

import pytest

import toolkit as tk
from toolkit.slogans import discover_slogans, promote

COLUMNS = ["candidate", "kind", "count", "docs", "first_date", "first_year", "first_doc", "example"]

# A machine-translation-style sample written for this test: numbered formulations the way MT
# renders them, mixed with ordinary quantities that must not be reported.
MT_SAMPLE = [
    "The meeting stressed that we must deeply understand the decisive significance of the "
    "“two establishments”, resolutely achieve the “two maintenances” and firmly implement the "
    "Four Comprehensives. Over the past two years, the region completed the five major tasks "
    "ahead of schedule, and three days later the inspection team left.",
    "Cadres must strengthen the four consciousnesses, support the two establishments and "
    "practice the two maintenances with practical actions. Twelve months of work showed that "
    "the five major tasks and the eight-point regulations are the key; five million yuan was "
    "invested and the project took two years.",
    "Adhere to one country, two systems and promote the six stabilities and six guarantees. "
    "The Four Comprehensives strategic layout guides the four consciousnesses. The team met "
    "three times in three days, and two of them spoke for four hours.",
    "We will keep the eight-point regulations, carry on one country, two systems, deliver the "
    "six stabilities and six guarantees, and finish the work within twelve months.",
]
MT_FORMULATIONS = {
    "two establishments",
    "two maintenances",
    "four comprehensives",
    "five major tasks",
    "four consciousnesses",
    "eight point regulations",
    "one country, two systems",
    "six stabilities and six guarantees",
}
MT_ORDINARY = {
    "two years",
    "three days",
    "twelve months",
    "five million",
    "three times",
    "four hours",
    "two of",
}

ZH_SAMPLE = [
    "坚持两个确立，做到两个维护。深入开展三严三实专题教育。三个月以来，两个方面的问题得到解决。",
    "牢记两个确立，践行两个维护。落实三严三实要求。三个方面的工作和两个方面的任务，六个月完成。",
    "做好六稳六保工作，三个月内见效。六稳六保是大局，三个方面要统筹。",
]


def test_mt_sample_finds_numbered_formulations_not_quantities():
    found = discover_slogans(MT_SAMPLE, kinds=["numbered_en"], exclude_lexicons=None)
    assert list(found.columns) == COLUMNS
    got = set(found["candidate"])
    assert got >= MT_FORMULATIONS
    assert not any(c.startswith(o) for c in got for o in MT_ORDINARY)
    assert (found["kind"] == "numbered_en").all() and (found["count"] >= 2).all()
    for row in found.itertuples():
        assert row.candidate.split()[0] in row.example.lower()


def test_ordinary_quantities_are_reported_as_filtered():
    found = discover_slogans(
        MT_SAMPLE, kinds=["numbered_en"], exclude_lexicons=None, return_filtered=True
    )
    why = dict(zip(found["candidate"], found["filtered"], strict=True))
    for ordinary in ("two years", "three days", "twelve months"):  # the ones seen twice
        assert why[ordinary] == "generic head"
    assert all(why[f] == "" for f in MT_FORMULATIONS)


def test_chinese_sample_numbered_and_serial():
    found = discover_slogans(ZH_SAMPLE, kinds=["numbered_zh"], exclude_lexicons=None)
    got = set(found["candidate"])
    assert {"两个确立", "两个维护", "三严三实", "六稳六保"} <= got
    assert not got & {"三个月", "两个方面", "三个方面", "六个月"}


def test_fixedness_test_filters_heads_taking_any_numeral():
    texts = ["两个要点和三个要点。四个要点、五个要点。两个要点。", "两个确立、两个确立。"]
    found = discover_slogans(
        texts, kinds=["numbered_zh"], exclude_lexicons=None, alpha=0.05, return_filtered=True
    )
    why = dict(zip(found["candidate"], found["filtered"], strict=True))
    assert why["两个确立"] == ""
    assert why["两个要点"].startswith("numeral not fixed")


def test_quoted_phrases():
    texts = [
        "要坚持“放管服”改革，推进「放管服」。We need the “new quality productive forces”.",
        "深化“放管服”改革。The “new quality productive forces” and “a”. “放”",
        "new quality productive forces again; 放管服 again",
    ]
    found = discover_slogans(texts, kinds=["quoted"], exclude_lexicons=None)
    assert set(found["candidate"]) == {"放管服", "new quality productive forces"}
    row = found.set_index("candidate").loc["放管服"]
    assert (row["count"], row["docs"]) == (4, 3)


def test_rarely_quoted_phrases_are_filtered():
    texts = ["He said “the people” once."] + ["The people decide. The people vote."] * 5
    found = discover_slogans(texts, kinds=["quoted"], exclude_lexicons=None, return_filtered=True)
    assert found.set_index("candidate").loc["the people", "filtered"].startswith("rarely quoted")


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="unknown kind"):
        discover_slogans(MT_SAMPLE, kinds=["numbers"])
    with pytest.raises(ValueError, match="min_count"):
        discover_slogans(MT_SAMPLE, min_count=0)
    top = discover_slogans(MT_SAMPLE, kinds="numbered_en", exclude_lexicons=None, top=3)
    assert len(top) == 3


def test_builtin_lexicons_are_excluded_by_default():
    default = discover_slogans(MT_SAMPLE, kinds=["numbered_en"])
    assert "two establishments" not in set(default["candidate"])  # listed in ccp-formulations
    mine = tk.Lexicon.from_dict({"x": {"en": ["five major tasks"]}})
    rest = discover_slogans(MT_SAMPLE, kinds=["numbered_en"], exclude_lexicons=[mine])
    assert "five major tasks" not in set(rest["candidate"])
    assert "two establishments" in set(rest["candidate"])


def test_promote_one_candidate_and_count_it():
    found = discover_slogans(MT_SAMPLE, kinds=["numbered_en"], exclude_lexicons=None)
    row = found.set_index("candidate").loc["four comprehensives"].copy()
    row["candidate"] = "four comprehensives"
    lex = promote(row, id="four-comprehensives", zh="四个全面", category="ideology")
    entry = lex["four-comprehensives"]
    assert entry.zh == "四个全面" and entry.en == ("four comprehensives",)
    assert entry.source.startswith("discover_slogans (numbered_en)")
    counted = tk.count_slogans(MT_SAMPLE, lex, normalize=None)
    assert counted["count"].iloc[0] == row["count"]


def test_promote_many_and_merge():
    found = discover_slogans(MT_SAMPLE, kinds=["numbered_en"], exclude_lexicons=None, top=4)
    lex = promote(found, name="mine")
    assert len(lex) == 4 and lex.name == "mine"
    assert all(e.since is None for e in lex)  # plain strings carry no dates
    base = promote(["two establishments"], lex)
    assert base["two-establishments"].en == ("two establishments",)
    again = promote("Two Establishments", base, id="two-establishments", en="two affirmations")
    assert again["two-establishments"].en_variants == ("two affirmations",)
    assert len(again) == len(base)
    same = promote(["TWO ESTABLISHMENTS"], again)  # a known form joins its entry
    assert same.ids == again.ids
    with pytest.raises(ValueError, match="already a form of entry 'two-establishments'"):
        promote("two establishments", again, id="other")
    with pytest.raises(ValueError, match="single candidate"):
        promote(found, id="x")
    with pytest.raises(KeyError, match="candidate"):
        promote(found.rename(columns={"candidate": "term"}))


# ---------------------------------------------------------------- real corpora


@pytest.mark.shared
def test_gwr_finds_well_known_numbered_formulations(gwr):
    found = discover_slogans(gwr, kinds=["numbered_zh"], exclude_lexicons=None)
    got = set(found["candidate"])
    assert {"四个现代化", "三个代表", "一国两制", "两个确立", "三去一降一补"} <= got
    assert not got & {"两个方面", "三个月", "五年", "三年", "二是"}
    first = found.set_index("candidate")
    assert first.loc["三个代表", "first_year"] == min(
        y for y, t in zip(gwr.docvars["year"], gwr.texts, strict=True) if "三个代表" in t
    )


@pytest.mark.shared
def test_gwr_default_excludes_known_formulations(gwr):
    known = tk.load_lexicon("ccp-formulations")
    found = discover_slogans(gwr, top=100)
    assert "一国两制" not in set(found["candidate"])
    counted = tk.count_slogans(found["candidate"].tolist(), known, normalize=None, forms="both")
    assert counted["count"].sum() == 0  # no candidate contains a known form


@pytest.mark.shared
def test_gwr_collocations(gwr):
    found = discover_slogans(gwr, kinds=["collocation"], exclude_lexicons=None, top=300)
    assert (found["kind"] == "collocation").all()
    assert {"扫黑除恶", "应保尽保"} <= set(found["candidate"])


# Hand labels for the top-50 numbered_zh candidates on gwr-zh, with and without excluding
# the built-in lexicons (True = a formulation or policy label; False = an ordinary phrase, a
# place, or a fragment of a longer formulation). Judged from each candidate's contexts.
LABELS = {
    "一国两制": True, "五项原则": True, "三农": True, "三个代表": True, "三通": True,
    "两个市场": True, "两个积极性": True, "两种资源": True, "四项基本原则": True,
    "八项规定": True, "八项主张": True, "一带一路": True, "八项规定精神": True,
    "两个中国": True, "两手抓": True, "双拥": True, "四风": True, "十一五": True,
    "十二五": True, "一中一台": True, "四个意识": True, "三公": True, "四个自信": True,
    "双创": True, "两基": True, "三网": True, "两个毫不动摇": True, "两个大局": True,
    "两个维护": True, "四个现代化": True, "十四五": True, "两个超级大国": True, "四化": True,
    "两件大事": False, "三北": True, "四个全面": True, "三河": False, "两个一百年": True,
    "双城": False, "八字": False, "两个确保": True, "两条道路": True, "三去一降一补": True,
    "三条保障线": True, "两种制度": False, "五位一体": True, "双层经营": True, "三江": False,
    "三河三湖": True, "两个确立": True, "五保户": True, "八字宪法": True, "四害": True,
    "十大重点": False, "三结合": True, "十大重点节能": False, "两个文明": True,
    "两个闸门": True, "五个统筹": True, "八项原则": True, "双控": True, "三个联合公报": True,
    "三项基本准则": True, "三项政策": True, "两个攻坚战": False, "两孩": True,
    "两种错误": False, "两项补贴": True, "四大板块": True, "三大改造": True, "三大战略": True,
    "三大攻坚战": True, "六保": True, "六稳": True, "三严三实": True, "两学一做": True,
}  # fmt: skip


@pytest.mark.shared
@pytest.mark.parametrize("exclude", [None, "builtin"])
def test_numbered_zh_precision_on_gwr_top50(gwr, exclude):
    top = discover_slogans(gwr, kinds=["numbered_zh"], exclude_lexicons=exclude, top=50)
    labelled = [c for c in top["candidate"] if c in LABELS]
    assert len(labelled) >= 45, sorted(set(top["candidate"]) - set(LABELS))
    precision = sum(LABELS[c] for c in labelled) / len(labelled)
    assert precision >= 0.8, precision
