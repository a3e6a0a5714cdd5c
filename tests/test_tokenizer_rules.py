"""The tokenizer's rules, case by case (hand-written; toolkit/text/engine.py documents them).

Each case is what a corpus linguist expects from one string: the raw tokens (punctuation kept),
lower-cased as by default.
"""

from __future__ import annotations

import pytest

import toolkit as tk
from toolkit.text.tokenize import TokenizeSettings, tokenize_text

EN = [
    # abbreviations and initialisms
    ("the U.S. economy", ["the", "u.s.", "economy"]),
    ("the U.N. charter", ["the", "u.n.", "charter"]),
    ("U.S.A.! U.S.A.!", ["u.s.a.", "!", "u.s.a.", "!"]),
    ("the U.S.'s role", ["the", "u.s.'s", "role"]),
    ("Washington, D.C.", ["washington", ",", "d.c."]),
    ("Mr. Speaker", ["mr.", "speaker"]),
    ("Mrs. Obama", ["mrs.", "obama"]),
    ("Ms. Pelosi", ["ms.", "pelosi"]),
    ("Dr. King", ["dr.", "king"]),
    ("St. Louis", ["st.", "louis"]),
    ("Martin Luther King, Jr.", ["martin", "luther", "king", ",", "jr."]),
    ("Lt. Gen. Braga", ["lt.", "gen.", "braga"]),
    ("at 9 a.m. sharp", ["at", "9", "a.m.", "sharp"]),
    ("until 5 p.m.", ["until", "5", "p.m."]),
    ("e.g. schools", ["e.g.", "schools"]),
    ("i.e. now", ["i.e.", "now"]),
    ("Roe v. Wade", ["roe", "v.", "wade"]),
    ("Donald J. Trump", ["donald", "j.", "trump"]),
    ("J.D. Vance", ["j.d.", "vance"]),
    ("so do I.", ["so", "do", "i", "."]),
    ("cars, trucks, etc.", ["cars", ",", "trucks", ",", "etc."]),
    ("the S&P 500", ["the", "s&p", "500"]),
    ("R&D spending", ["r&d", "spending"]),
    # numbers
    ("3.5 percent", ["3.5", "percent"]),
    ("1,000,000 jobs", ["1,000,000", "jobs"]),
    ("$1.2 billion", ["$1.2", "billion"]),
    ("$1,000,000", ["$1,000,000"]),
    ("40% more", ["40%", "more"]),
    ("€50 and £3.20", ["€50", "and", "£3.20"]),
    ("in 1990", ["in", "1990"]),
    ("the 1990s", ["the", "1990s"]),
    ("the 21st century", ["the", "21st", "century"]),
    ("after 9-11", ["after", "9-11"]),
    ("in 2019-20", ["in", "2019-20"]),
    ("401(k)s and pensions", ["401(k)s", "and", "pensions"]),
    ("a 3-year-old", ["a", "3-year-old"]),
    ("1,000.50 dollars", ["1,000.50", "dollars"]),
    ("1, 2, 3", ["1", ",", "2", ",", "3"]),
    ("costs $5.", ["costs", "$5", "."]),
    # words
    ("well-being", ["well-being"]),
    ("don't stop", ["don't", "stop"]),
    ("America’s future", ["america’s", "future"]),
    ("o'clock", ["o'clock"]),
    ("the New_Deal", ["the", "new_deal"]),
    ("COVID-19 vaccines", ["covid-19", "vaccines"]),
    ("pre-K", ["pre-k"]),
    # punctuation and symbols
    ("Peace—and war", ["peace", "—", "and", "war"]),
    ("wait...", ["wait", ".", ".", "."]),
    ("(laughter)", ["(", "laughter", ")"]),
    ("“quoted”", ["“", "quoted", "”"]),
    ("end.Next", ["end", ".", "next"]),
    # web
    ("see https://www.whitehouse.gov.", ["see", "https://www.whitehouse.gov", "."]),
    ("mail info@state.gov now", ["mail", "info@state.gov", "now"]),
    ("#MeToo and @POTUS", ["#metoo", "and", "@potus"]),
]

ZH = [
    ("投资1,000万元", ["投资", "1,000", "万元"]),
    ("约1,000,000人", ["约", "1,000,000", "人"]),
    ("1,234.5亿元", ["1,234.5", "亿元"]),
    ("增长3.5%", ["增长", "3.5%"]),
    ("GDP增长6.5%左右", ["gdp", "增长", "6.5%", "左右"]),
    ("2.5万亿元", ["2.5", "万亿元"]),
    ("12.3亿", ["12.3", "亿"]),
    ("1993年3月", ["1993", "年", "3", "月"]),
    ("美国U.S.政府", ["美国", "u.s.", "政府"]),
    ("5G网络", ["5g", "网络"]),
    ("新冠COVID-19疫情", ["新冠", "covid-19", "疫情"]),
    ("坚持改革开放。", ["坚持", "改革开放", "。"]),
    ("各位代表：", ["各位", "代表", "："]),
    ("百花齐放，百家争鸣", ["百花齐放", "，", "百家争鸣"]),
    ("“两个确立”", ["“", "两个", "确立", "”"]),
    ("第1,000名", ["第", "1,000", "名"]),
]


@pytest.mark.parametrize(("text", "expected"), EN, ids=[t for t, _ in EN])
def test_english_rules(text, expected):
    assert tokenize_text(text, TokenizeSettings(language="en")) == [expected]


@pytest.mark.parametrize(("text", "expected"), ZH, ids=[t for t, _ in ZH])
def test_chinese_rules(text, expected):
    assert tokenize_text(text, TokenizeSettings(language="zh")) == [expected]


def test_the_table_is_large_enough():
    assert len(EN) + len(ZH) >= 60


def test_numbers_and_punctuation_can_still_be_dropped():
    text = ["The U.S. paid $1.2 billion (40%) in 1990, and 1,000 more."]
    assert tk.tokens(text)[0] == [
        "the", "u.s.", "paid", "$1.2", "billion", "40%", "in", "1990", "and", "1,000", "more"
    ]  # fmt: skip
    assert tk.tokens(text, remove_numbers=True)[0] == [
        "the", "u.s.", "paid", "billion", "in", "and", "more"
    ]  # fmt: skip
    kept = tk.tokens(text, remove_punct=False)[0]
    assert kept[5:8] == ["(", "40%", ")"] and kept[-1] == "."
    # words that start with digits are words, as in quanteda
    assert tk.tokens(["the 1990s"], remove_numbers=True)[0] == ["the", "1990s"]


def test_case_is_kept_when_asked():
    assert tk.tokens(["The U.S. and Mr. Smith"], lowercase=False)[0] == [
        "The", "U.S.", "and", "Mr.", "Smith"
    ]  # fmt: skip


def test_sentences_do_not_end_at_abbreviations():
    toks = tk.tokens(["Mr. Smith went to the U.S. Senate. He spoke."], sentences=True)
    assert toks.sentence_starts.tolist() == [0, 7]


def test_many_threads_give_the_same_tokens():
    texts = [f"Doc {i}: the U.S. paid ${i},000.50 for well-being." for i in range(2000)]
    one = tk.tokens(texts)
    with tk.options.using(threads=2):
        from toolkit.text.engine import tokenize_en

        codes, types, sizes = tokenize_en(texts, threads=2)
    again = [types[c] for c in codes.tolist()]
    flat = [t for doc in one for t in doc]
    assert [t for t in again if t not in {":", ".", ","}] == flat
    assert sizes.sum() == len(again)
