"""Safe filter expressions (toolkit.corpus.filters)."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.corpus.filters import FilterError, filter_corpus, filter_mask, parse_filter
from toolkit.corpus.model import Corpus


@pytest.fixture()
def docs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d", "e"],
            "year": pd.array([1850, 1917, 1933, 2001, None], dtype="Int64"),
            "party": ["Whig", "Republican", "Democratic", "Republican", None],
            "president": ["Fillmore", "Wilson", "Roosevelt", "Bush", "Lincoln"],
            "date": pd.to_datetime(["1850-12-02", "1917-12-04", "1933-03-04", "2001-02-27", None]),
            "score": [0.5, -1.5, 2.0, 3.25, 1.0],
            "flag": [True, False, True, False, True],
        }
    )


def mask(docs: pd.DataFrame, expr: str) -> list[str]:
    return docs["doc_id"][filter_mask(docs, expr).to_numpy()].tolist()


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("year>=1917", ["b", "c", "d"]),
        ("year < 1917", ["a"]),
        ('party=="Republican"', ["b", "d"]),
        ("party='Republican'", ["b", "d"]),  # a single = is read as ==
        ("year>=1917 and party!='Whig'", ["b", "c", "d"]),
        ("president in ['Lincoln', 'Grant']", ["e"]),
        ("president not in ('Lincoln', 'Bush')", ["a", "b", "c"]),
        ("1900 <= year < 2000", ["b", "c"]),
        ("year<1900 or year>2000", ["a", "d"]),
        ("not year>=1917", ["a", "e"]),
        ("(year>=1917) & (party=='Republican')", ["b", "d"]),
        ("(year<1900) | ~(party!='Democratic')", ["a", "c"]),
        ("date >= '1917-06-01'", ["b", "c", "d"]),
        ("score > -1", ["a", "c", "d", "e"]),
        ("score >= 2.0", ["c", "d"]),
        ("party == None", ["e"]),
        ("party != none", ["a", "b", "c", "d"]),
        ("flag", ["a", "c", "e"]),
        ("flag == True", ["a", "c", "e"]),
        ("1917 == year", ["b"]),
        ("year == 'x'", []),
    ],
)
def test_expressions_match_pandas(docs, expr, expected):
    assert mask(docs, expr) == expected


def test_result_is_aligned_boolean_series(docs):
    m = filter_mask(docs.set_index(pd.Index([10, 11, 12, 13, 14])), "year>=1917")
    assert m.dtype == bool
    assert m.index.tolist() == [10, 11, 12, 13, 14]


def test_missing_values_never_match(docs):
    assert not filter_mask(docs, "year>=0").iloc[4]
    assert not filter_mask(docs, "year!=1850").iloc[4]
    assert not filter_mask(docs, "party in ['Whig', 'Republican', 'Democratic']").iloc[4]


def test_columns_are_recorded():
    f = parse_filter("year>=1917 and party!='Whig' or year==1")
    assert f.columns == ("year", "party")
    assert f.expression == "year>=1917 and party!='Whig' or year==1"


@pytest.mark.parametrize(
    ("expr", "fragment"),
    [
        ("__import__('os').system('echo hacked')", "not allowed"),
        ("open('/etc/passwd')", "function call"),
        ("year.real > 1", "attribute access"),
        ("party[0] == 'R'", "indexing"),
        ("year + 1 > 1918", "operator"),
        ("year ** 2 > 1", "operator"),
        ("lambda: 1", "lambda"),
        ("year if party else 1", "conditional"),
        ("(x := 1)", "invalid syntax|not allowed"),
        ("{'a': 1}", "not allowed"),
        ("f'{year}' == '1917'", "not allowed"),
        ("year in party", "'in' needs a list"),
        ("president in [open('x')]", "literal values"),
        ("1 == 1", "column name"),
        ("1917", "expected a comparison"),
        ("year >= 1917 and", "invalid syntax"),
        ("year >>= 3", "invalid syntax"),
        ("", "empty"),
        ("   ", "empty"),
        ("year is None", "not allowed"),
    ],
)
def test_unsafe_or_malformed_expressions_are_rejected(expr, fragment):
    with pytest.raises(FilterError, match=fragment):
        parse_filter(expr)


def test_rejection_never_runs_code(tmp_path):
    target = tmp_path / "pwned"
    with pytest.raises(FilterError):
        parse_filter(f"open({str(target)!r}, 'w')")
    assert not target.exists()


def test_too_long_and_non_string():
    with pytest.raises(FilterError, match="longer than"):
        parse_filter("year==1 or " * 200 + "year==2")
    with pytest.raises(FilterError, match="must be a string"):
        parse_filter(1917)  # type: ignore[arg-type]


def test_unknown_column_names_the_column(docs):
    with pytest.raises(FilterError, match=r"unknown column 'yeer'.*columns: doc_id, year"):
        filter_mask(docs, "yeer >= 1917")


def test_type_mismatch_is_a_filter_error(docs):
    with pytest.raises(FilterError, match=r"cannot compare column 'party'"):
        filter_mask(docs, "party > 3")
    with pytest.raises(FilterError, match="not true/false"):
        filter_mask(docs, "party")
    with pytest.raises(FilterError, match="only == and != work with None"):
        filter_mask(docs, "year > None")


def test_filter_error_is_a_value_error():
    assert issubclass(FilterError, ValueError)


def test_filter_corpus_matches_subset():
    c = Corpus.from_texts(
        ["one", "two", "three"], dates=["1900", "1950", "2000"], party=["Whig", "D", "R"]
    )
    got = filter_corpus(c, "year>=1917 and party!='Whig'")
    want = c.subset(year=(1917, None))
    assert got.doc_ids == want.doc_ids == ["doc2", "doc3"]
    with pytest.raises(FilterError, match="matches none of the 3 documents"):
        filter_corpus(c, "year > 3000")
    assert len(filter_corpus(c, "year > 3000", allow_empty=True)) == 0


def test_sotu_filters_agree_with_pandas(sotu):
    d = sotu.docs
    assert filter_mask(d, "year>=1917").sum() == (d["year"] >= 1917).sum()
    expected = ((d["party"] == "Republican") & (d["year"] < 1917)).sum()
    assert filter_mask(d, "party=='Republican' and year<1917").sum() == expected
    lincoln_grant = d["president"].isin(["Lincoln", "Grant"])
    assert lincoln_grant.sum() > 0
    assert filter_mask(d, "president in ['Lincoln','Grant']").sum() == lincoln_grant.sum()


@pytest.mark.parametrize("expression", ["~" * 990 + "(year > 1)", "~" * 101 + "x"])
def test_deep_nesting_is_a_filter_error_not_a_recursion_error(expression):
    with pytest.raises(FilterError, match="nested deeper than 100"):
        parse_filter(expression)


def test_long_flat_chains_within_the_depth_limit(docs):
    expression = " & ".join(["(year > 1)"] * 70)  # 69 operators: a left-nested tree
    assert filter_mask(docs, expression).tolist() == (docs["year"] > 1).fillna(False).tolist()
