"""Normalisation steps, each on small self-written text."""

from __future__ import annotations

import pytest

from toolkit.text.normalize import (
    NormalizeSettings,
    collapse_whitespace,
    join_cjk_breaks,
    nfkc,
    normalize,
    normalize_quotes,
    strip_invisible,
    to_simplified,
)


def test_nfkc_full_width_digits_and_ideographic_space():
    assert nfkc("１９５５年\u3000第一个五年计划") == "1955年 第一个五年计划"


def test_to_simplified_traditional_report_opening():
    assert (
        to_simplified("我們第一屆全國人民代表大會第一次會議")
        == "我们第一届全国人民代表大会第一次会议"
    )
    assert to_simplified("State of the Union") == "State of the Union"


def test_join_cjk_breaks_keeps_paragraphs_and_english():
    text = "我们在会上听取了\n关于预算草案的说明\n并作了讨论。\n\n第二段\n，接着"
    assert join_cjk_breaks(text) == "我们在会上听取了关于预算草案的说明并作了讨论。\n\n第二段，接着"
    assert join_cjk_breaks("two\nlines") == "two\nlines"
    assert join_cjk_breaks("会议主持人 王 某") == "会议主持人王某"


def test_join_cjk_breaks_before_kept_cjk_punctuation():
    # the full-width comma stays as written, full-width digits become ASCII, breaks go
    assert normalize("通过了这部法律\n，接着\n１９５４年") == "通过了这部法律，接着1954年"


def test_quotes_apostrophes_and_pairs():
    assert normalize_quotes("people’s “two establishments”") == "people's “two establishments”"
    assert normalize_quotes('the "Three Norths" project') == "the “Three Norths” project"
    assert normalize_quotes("「三北」工程") == "「三北」工程"


def test_strip_invisible_and_whitespace():
    assert strip_invisible("\u200b各位代表：\u200d") == "各位代表："
    assert collapse_whitespace(" a \t b \r\n\r\n\r\n\r\n c ") == "a b\n\nc"


def test_normalize_full_pipeline_on_traditional_broken_text():
    raw = "\ufeff我們的\n報告\u3000１９５４年\n\n\n\n第二段"
    out = normalize(raw, settings=NormalizeSettings(simplified=True))
    assert out == "我们的报告1954年\n\n第二段"


def test_settings_reject_unknown_keys():
    with pytest.raises(ValueError, match="unknown normalisation setting"):
        NormalizeSettings.from_mapping({"nfkc": True, "lowercase": True})


# --------------------------------------------------------------- idempotence (property)
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TRICKY = list("\"“”'’ \u3000\n\r\u2028\u2029\x85\x0b\x0c\t，。：（）…１２a中文1 9年")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_TRICKY)), max_size=60))
def test_normalisation_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_TRICKY)), max_size=60))
def test_simplified_normalisation_is_idempotent(text):
    once = normalize(text, simplified=True)
    assert normalize(once, simplified=True) == once


def test_known_non_idempotent_cases_are_fixed():
    for text in ['""a""', "中\u2028文", '"“a”"', "中 \u00a0文", "1  9 年"]:
        once = normalize(text)
        assert normalize(once) == once, text
