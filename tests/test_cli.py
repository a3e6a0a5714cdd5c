"""The `toolkit` command line: typer's runner for every command plus one real subprocess each."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import toolkit as tk
from tests.conftest import NEEDS_SHARED
from toolkit.cli import app
from toolkit.tokenized.cache import cache_info

NEWS = {
    "1850-12-02-whig.txt": " date 1850-12-02 Annual message\n\nThe Union is strong. Peace and "
    "prosperity for the Union. The tariff and the Union.\n\nCommerce grows.",
    "1901-12-03-first.txt": " date 1901-12-03 Message\n\nThe economy of the nation grows. Peace "
    "abroad and prosperity at home. The Union endures.",
    "1917-04-02-war.txt": " date 1917-04-02 War message\n\nThe world must be made safe. War is "
    "upon us; peace is our aim. The economy must serve the war.",
    "1933-03-04-deal.txt": " date 1933-03-04 Inaugural\n\nThe only thing we have to fear is fear "
    "itself. The economy and the new deal. Peace and work.",
    "1990-01-31-peace.txt": " date 1990-01-31 Address\n\nThe economy is strong. Peace in the "
    "world. Freedom and prosperity and peace.",
    "2001-09-20-terror.txt": " date 2001-09-20 Address\n\nFreedom and fear are at war. The "
    "economy will recover. The Union is strong.",
}

ZH_NEWS = {
    "2018-03-05-report.txt": " date 2018-03-05 工作报告\n\n我们坚持改革开放，推动高质量发展。建设“海绵城市”，"
    "推进共同富裕。\n\n改革开放是强国之路。",
    "2019-03-05-report.txt": " date 2019-03-05 工作报告\n\n深化改革开放。继续建设“海绵城市”，推动高质量发展，"
    "高质量发展是主题。",
    "2021-03-05-report.txt": " date 2021-03-05 工作报告\n\n扎实推进共同富裕。“海绵城市”建设取得进展。"
    "坚持改革开放不动摇。",
    "2022-03-05-report.txt": " date 2022-03-05 工作报告\n\n共同富裕是社会主义的本质要求。推动高质量发展，"
    "坚持“海绵城市”理念。",
}

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    """Every test gets its own token cache; tiny corpora are cached too."""
    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TOOLKIT_CACHE_MIN_CHARS", "0")
    monkeypatch.setenv("TOOLKIT_NO_CACHE", "0")


@pytest.fixture(scope="session")
def news_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("news")
    for name, text in NEWS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def news(news_dir) -> tk.Corpus:
    return tk.read_corpus(news_dir)


@pytest.fixture(scope="session")
def zh_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("zh")
    for name, text in ZH_NEWS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def zh(zh_dir) -> tk.Corpus:
    return tk.read_corpus(zh_dir)


# -------------------------------------------------------------------------------- helpers
def run(*args: str, code: int = 0):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    if code == 0:
        assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def csv_of(result) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(result.stdout), keep_default_na=False, na_values=[""])


def table_of(text: str) -> pd.DataFrame:
    """Parse a rich table (box.MINIMAL: columns separated by │) back into strings."""
    lines = [ln for ln in text.splitlines() if "│" in ln]
    rows = [[cell.strip() for cell in ln.split("│")] for ln in lines]
    return pd.DataFrame(rows[1:], columns=rows[0])


def assert_one_line_error(result, fragment: str) -> None:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert fragment in lines[0], lines[0]


# -------------------------------------------------------------------------------- corpora
def test_corpora_csv_table_json_match_library():
    expected = tk.list_corpora()
    got = csv_of(run("corpora"))
    assert got["name"].tolist() == expected["name"].tolist()
    assert got["docs"].tolist() == expected["docs"].tolist()
    assert got["offline"].tolist() == expected["offline"].tolist()
    table = table_of(run("corpora", "--format", "table").stdout)
    assert table["name"].tolist() == expected["name"].tolist()
    assert table["language"].tolist() == expected["language"].tolist()
    records = json.loads(run("corpora", "-f", "json").stdout)
    assert [r["title"] for r in records] == expected["title"].tolist()
    tsv = pd.read_csv(io.StringIO(run("corpora", "-f", "tsv").stdout), sep="\t")
    assert tsv["years"].tolist() == expected["years"].tolist()


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".json", ".parquet", ".xlsx"])
def test_out_file_by_extension(tmp_path, suffix):
    path = tmp_path / f"registry{suffix}"
    result = run("corpora", "--out", path)
    assert result.stdout == ""
    assert f"wrote 3 rows to {path}" in result.stderr
    readers = {
        ".csv": pd.read_csv,
        ".tsv": lambda p: pd.read_csv(p, sep="\t"),
        ".json": lambda p: pd.read_json(p, orient="records"),
        ".parquet": pd.read_parquet,
        ".xlsx": pd.read_excel,
    }
    back = readers[suffix](path)
    expected = tk.list_corpora()
    assert back["name"].tolist() == expected["name"].tolist()
    assert back["docs"].tolist() == expected["docs"].tolist()


def test_out_with_format_also_prints(tmp_path):
    result = run("corpora", "--out", tmp_path / "r.csv", "--format", "json")
    assert len(json.loads(result.stdout)) == 3 and (tmp_path / "r.csv").is_file()


def test_out_errors(tmp_path):
    assert_one_line_error(run("corpora", "--out", tmp_path / "r.txt", code=1), "extension")
    assert_one_line_error(
        run("corpora", "--out", tmp_path / "nowhere" / "r.csv", code=1), "does not exist"
    )


# -------------------------------------------------------------------------------- info
def test_info_path_matches_summary(news_dir, news):
    got = csv_of(run("info", news_dir)).iloc[0]
    want = news.summary().iloc[0]
    for col in ("n_docs", "tokens", "types", "first_year", "last_year", "languages"):
        assert str(got[col]) == str(want[col]), col
    assert got["sha256"] == news.sha256
    assert got["first_date"] == "1850-12-02"


def test_info_table_and_json(news_dir, news):
    table = table_of(run("info", news_dir, "-f", "table").stdout)  # one row: shown vertically
    values = dict(zip(table["field"], table["value"], strict=True))
    assert values["tokens"] == str(news.tokens().n_tokens)
    assert values["n_docs"] == "6"
    record = json.loads(run("info", news_dir, "-f", "json").stdout)[0]
    assert record["types"] == len(news.tokens().vocab)


def test_info_where_matches_filter(news_dir, news):
    from toolkit.corpus.filters import filter_corpus

    got = csv_of(run("info", news_dir, "--where", "year>=1917 and year<2000")).iloc[0]
    want = filter_corpus(news, "year>=1917 and year<2000").summary().iloc[0]
    assert (got["n_docs"], got["tokens"]) == (want["n_docs"], want["tokens"]) == (3, want["tokens"])


def test_info_registry_corpus(sotu):
    got = csv_of(run("info", "sotu", "-w", "party=='Republican'")).iloc[0]
    assert got["n_docs"] == int((sotu.docs["party"] == "Republican").sum())
    assert "president" in got["fields"]


@NEEDS_SHARED
def test_info_gwr(gwr):
    got = csv_of(run("info", "gwr-zh")).iloc[0]
    assert (got["n_docs"], got["languages"]) == (len(gwr), "zh")
    everything = tk.load_corpus("gwr-zh", doc_types="all")
    assert csv_of(run("info", "gwr-zh", "--doc-type", "all")).iloc[0]["n_docs"] == len(everything)
    assert_one_line_error(run("info", "gwr-zh", "--doc-type", "memo", code=1), "memo")


# -------------------------------------------------------------------------------- errors
def test_unknown_corpus():
    assert_one_line_error(run("info", "no-such-corpus", code=1), "unknown corpus 'no-such-corpus'")


def test_bad_filter_expressions(news_dir):
    assert_one_line_error(run("info", news_dir, "-w", "year>>1917", code=1), "not allowed")
    assert_one_line_error(run("info", news_dir, "-w", "__import__('os')", code=1), "function call")
    assert_one_line_error(run("info", news_dir, "-w", "yeer>1", code=1), "unknown column 'yeer'")
    assert_one_line_error(run("info", news_dir, "-w", "year>3000", code=1), "matches none")


def test_missing_and_unreadable_files(tmp_path):
    assert_one_line_error(run("info", tmp_path / "missing.txt", code=1), "unknown corpus")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("   ")
    assert_one_line_error(run("info", empty, code=1), "nothing could be loaded")
    binary = tmp_path / "junk.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    assert_one_line_error(run("info", binary, code=1), "nothing could be loaded")


def test_debug_shows_traceback():
    result = run("--debug", "info", "no-such-corpus", code=1)
    assert "Traceback" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: unknown corpus")


def test_doc_type_only_for_registry(news_dir):
    assert_one_line_error(
        run("info", news_dir, "--doc-type", "speech", code=1), "only applies to registry"
    )


def test_unreadable_file_warning_is_one_line(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(" date 2001-01-01 Fine\n\nSome text here.")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = run("info", folder)
    assert "Traceback" not in result.output
    assert any(ln.startswith("warning: 1 file(s)") for ln in result.stderr.splitlines())
    assert csv_of(result)["n_docs"].iloc[0] == 1


# -------------------------------------------------------------------------------- fetch
def test_fetch_package_corpus():
    got = csv_of(run("fetch", "sotu"))
    assert got["name"].tolist() == ["sotu"]
    assert got["status"].tolist() == ["bundled with the 'sotu' package"]
    assert got["path"].isna().all()
    assert tk.fetch_corpus("sotu") is None


def test_fetch_unknown_and_offline(monkeypatch, tmp_path):
    assert_one_line_error(run("fetch", "nope", code=1), "unknown corpus 'nope'")
    monkeypatch.setenv("TOOLKIT_DATA", str(tmp_path / "empty"))
    monkeypatch.setenv("TOOLKIT_OFFLINE", "1")
    assert_one_line_error(run("fetch", "gwr-zh", code=1), "gwr-zh.jsonl was not downloaded")


@NEEDS_SHARED
def test_fetch_verified():
    got = csv_of(run("fetch", "gwr-zh", "cpc-congress-zh"))
    assert got["status"].tolist() == ["sha256 verified"] * 2
    assert got["path"].tolist() == [
        str(tk.fetch_corpus("gwr-zh")),
        str(tk.fetch_corpus("cpc-congress-zh")),
    ]


# -------------------------------------------------------------------------------- cache
def test_cache_info_and_clear(news_dir):
    assert csv_of(run("cache", "info")).empty
    run("info", news_dir)
    info = csv_of(run("cache", "info"))
    assert info["corpus"].tolist() == [news_dir.name]
    assert info["status"].tolist() == ["ok"]
    assert info["tokens"].tolist() == cache_info()["tokens"].tolist()
    assert "token cache:" in run("cache", "info").stderr
    result = run("cache", "clear")
    assert result.stdout.startswith("removed 1 token cache entry")
    assert cache_info().empty


def test_no_cache_flag(news_dir):
    run("--no-cache", "info", news_dir)
    assert cache_info().empty
    assert os.environ["TOOLKIT_NO_CACHE"] == "0"  # restored after the command
    run("info", news_dir)
    assert len(cache_info()) == 1


def test_cache_clear_by_corpus(news_dir):
    run("info", news_dir)
    assert "removed 0" in run("cache", "clear", "--corpus", "other").stdout
    assert "removed 1" in run("cache", "clear", "--corpus", news_dir.name).stdout


# -------------------------------------------------------------------------------- figures
def test_figures_runs_toolkit_figures(tmp_path):
    books, out = tmp_path / "nb", tmp_path / "fig"
    books.mkdir()
    result = run("figures", "--notebooks", books, "--figures", out)
    assert "0/0 notebooks ran" in result.stderr
    assert (out / "INDEX.md").is_file()
    assert_one_line_error(
        run("figures", "--notebooks", tmp_path / "none", code=1), "does not exist"
    )


def test_help_and_version():
    assert "ngrams" in run("--help").stdout or "corpora" in run("--help").stdout
    assert run("--version").stdout.startswith("toolkit ")


# -------------------------------------------------------------------------------- counts
def test_ngrams_matches_library(news_dir, news):
    from toolkit.counts.ngrams import ngrams

    want = ngrams(news, n=2, by="decade", top=3)
    got = csv_of(run("ngrams", news_dir, "-n", "2", "--by", "decade", "--top", "3"))
    cols = ["decade", "feature", "n", "count", "doc_freq"]
    assert got[cols].values.tolist() == want[cols].values.tolist()
    assert got["per_million"].to_numpy() == pytest.approx(want["per_million"].to_numpy())
    table = table_of(
        run("ngrams", news_dir, "-n", "2", "--by", "decade", "--top", "3", "-f", "table").stdout
    )
    assert table["feature"].tolist() == want["feature"].tolist()
    assert table["count"].astype(int).tolist() == want["count"].tolist()
    records = json.loads(
        run("ngrams", news_dir, "-n", "1-2", "-s", "en", "--min-count", "2", "-f", "json").stdout
    )
    want = ngrams(news, n=(1, 2), stopwords="en", min_count=2)
    assert [(r["feature"], r["count"]) for r in records] == list(
        zip(want["feature"], want["count"], strict=True)
    )


def test_ngrams_sotu_by_decade(sotu):
    from toolkit.counts.ngrams import ngrams

    want = ngrams(sotu, n=2, by="decade", top=20)
    got = csv_of(run("ngrams", "sotu", "-n", "2", "--by", "decade", "--top", "20"))
    assert got[["decade", "feature", "count"]].values.tolist() == (
        want[["decade", "feature", "count"]].values.tolist()
    )


def test_ngrams_errors(news_dir):
    assert_one_line_error(run("ngrams", news_dir, "-n", "two", code=1), "-n 'two'")
    assert_one_line_error(run("ngrams", news_dir, "-n", "3-1", code=1), "-n '3-1'")
    for spec in ("1-40", "9"):  # no unbounded n-gram lengths: they exhaust memory
        assert_one_line_error(run("ngrams", news_dir, "-n", spec, code=1), "at most 8 words")
    assert_one_line_error(run("ngrams", news_dir, "-s", "fr", code=1), "--stopwords 'fr'")
    assert_one_line_error(run("ngrams", news_dir, "--by", "party", code=1), "party")


def test_collocations_matches_library(news_dir, news):
    from toolkit.counts.collocations import collocations

    want = collocations(news, min_count=2).head(5)
    got = csv_of(run("collocations", news_dir, "--min-count", "2", "--top", "5"))
    assert got["feature"].tolist() == want["feature"].tolist()
    assert got["z"].to_numpy() == pytest.approx(want["z"].to_numpy())
    want = collocations(news, min_count=2, sort="pmi", boundary="document", window=2)
    got = json.loads(
        run(
            "collocations",
            news_dir,
            "--min-count",
            "2",
            "--sort",
            "pmi",
            "--boundary",
            "document",
            "--window",
            "2",
            "-f",
            "json",
        ).stdout
    )
    assert [r["feature"] for r in got] == want["feature"].tolist()
    assert_one_line_error(run("collocations", news_dir, "--sort", "bogus", code=1), "sort")


def test_keyness_target_reference(news_dir, news):
    from toolkit.cli.counts import key_terms
    from toolkit.corpus.filters import filter_corpus
    from toolkit.counts.keyness import keyness

    want = key_terms(keyness(news, "year>=1917"), 3)
    got = csv_of(
        run("keyness", news_dir, "--target", "year>=1917", "--reference", "year<1917", "--top", "3")
    )
    assert got[["feature", "count_target", "count_reference", "sign"]].values.tolist() == (
        want[["feature", "count_target", "count_reference", "sign"]].values.tolist()
    )
    assert got["g2"].to_numpy() == pytest.approx(want["g2"].to_numpy())
    full = keyness(news, "year>=1917")
    assert len(got) == min(3, (full["sign"] == "+").sum()) + min(3, (full["sign"] == "-").sum())
    assert got["feature"].tolist()[:3] == full["feature"].tolist()[:3]
    # a reference that leaves documents out: only target + reference are compared
    part = filter_corpus(news, "year>=1917 or year<1900")
    want = keyness(part, "year>=1917", measure="log_ratio")
    got = csv_of(
        run(
            "keyness",
            news_dir,
            "--target",
            "year>=1917",
            "--reference",
            "year<1900",
            "--measure",
            "log_ratio",
            "--side",
            "+",
        )
    )
    assert got["feature"].tolist() == want[want["sign"] == "+"]["feature"].tolist()


def test_keyness_sotu_example(sotu):
    from toolkit.cli.counts import key_terms
    from toolkit.counts.keyness import keyness

    want = key_terms(keyness(sotu, "year>=1917"), 30)
    got = csv_of(
        run("keyness", "sotu", "--target", "year>=1917", "--reference", "year<1917", "--top", "30")
    )
    assert got["feature"].tolist() == want["feature"].tolist()
    assert len(got) == 60 and got["sign"].tolist() == ["+"] * 30 + ["-"] * 30


def test_keyness_reference_corpus(news_dir, zh_dir, news, zh):
    from toolkit.counts.keyness import keyness

    want = keyness(news, zh)
    got = csv_of(run("keyness", news_dir, "--reference-corpus", zh_dir))
    assert got["feature"].tolist() == want["feature"].tolist()


def test_keyness_errors(news_dir):
    assert_one_line_error(run("keyness", news_dir, code=1), "give --target")
    assert_one_line_error(
        run("keyness", news_dir, "--target", "year>=1900", "--reference", "year>=1950", code=1),
        "match both --target and --reference",
    )
    assert_one_line_error(
        run("keyness", news_dir, "--target", "year>=3000", code=1), "--target matches none"
    )
    assert_one_line_error(run("keyness", news_dir, "--target", "year=>1", code=1), "invalid syntax")


def test_kwic_matches_library(zh_dir, zh, news_dir, news):
    from toolkit.counts.kwic import kwic

    want = kwic(zh, "改革开放", context=5).head(2)
    got = csv_of(run("kwic", zh_dir, "改革开放", "--context", "5", "--top", "2"))
    assert got[["doc_id", "left", "match", "right", "start", "end"]].values.tolist() == (
        want[["doc_id", "left", "match", "right", "start", "end"]].values.tolist()
    )
    table = table_of(run("kwic", zh_dir, "改革开放", "--context", "5", "-f", "table").stdout)
    assert table["match"].tolist() == ["改革开放"] * 4
    assert table["right"].tolist() == kwic(zh, "改革开放", context=5)["right"].tolist()
    want = kwic(news, ["the union", "peace"], context=3, sort="right")
    got = json.loads(
        run(
            "kwic",
            news_dir,
            "the union",
            "peace",
            "--context",
            "3",
            "--sort",
            "right",
            "-f",
            "json",
        ).stdout
    )
    assert [(r["doc_id"], r["start"]) for r in got] == list(
        zip(want["doc_id"], want["start"], strict=True)
    )
    assert_one_line_error(
        run("kwic", news_dir, "(", "--kind", "regex", code=1), "regular expression"
    )


def test_dispersion_matches_library(news_dir, news):
    from toolkit.counts.dispersion import dispersion

    want = dispersion(news, ["peace", "the union"], by="decade")
    got = csv_of(run("dispersion", news_dir, "peace", "the union", "--by", "decade"))
    assert got[["feature", "count", "doc_freq"]].values.tolist() == (
        want.measures[["feature", "count", "doc_freq"]].values.tolist()
    )
    assert got["gries_dp"].to_numpy() == pytest.approx(want.measures["gries_dp"].to_numpy())
    positions = json.loads(
        run(
            "dispersion",
            news_dir,
            "peace",
            "the union",
            "--by",
            "decade",
            "--show",
            "positions",
            "-f",
            "json",
        ).stdout
    )
    assert [(r["doc_id"], r["position"]) for r in positions] == list(
        zip(want.positions["doc_id"], want.positions["position"], strict=True)
    )
    assert_one_line_error(run("dispersion", news_dir, "peace", "--by", "party", code=1), "party")


# -------------------------------------------------------------------------------- topics
TOPIC_ARGS = ("-k", "2", "--min-docs", "1", "--max-docs", "1.0")


def fit_news(news, **kw):
    return tk.fit_topics(news, k=2, min_docs=1, max_docs=1.0, **kw)


def test_topics_summary_matches_fit_topics(news_dir, news):
    want = fit_news(news).summary(top=10)
    got = csv_of(run("topics", news_dir, *TOPIC_ARGS))
    assert got["top_terms"].tolist() == want["top_terms"].tolist()
    assert got["share"].to_numpy() == pytest.approx(want["share"].to_numpy())
    table = table_of(run("topics", news_dir, *TOPIC_ARGS, "-f", "table").stdout)
    assert table["top_terms"].tolist() == want["top_terms"].tolist()
    assert table["label"].tolist() == want["label"].tolist()


def test_topics_views_and_model_file(news_dir, news, tmp_path):
    model = fit_news(news, unit="paragraph", seed=3)
    args = (*TOPIC_ARGS, "--unit", "paragraph", "--seed", "3")
    terms = json.loads(run("topics", news_dir, *args, "--show", "terms", "-f", "json").stdout)
    assert [r["feature"] for r in terms] == model.topics(top=10)["feature"].tolist()
    docs = csv_of(run("topics", news_dir, *args, "--show", "docs"))
    assert docs["weight"].to_numpy() == pytest.approx(model.doc_topics()["weight"].to_numpy())
    prev = csv_of(run("topics", news_dir, *args, "--show", "prevalence", "--n-boot", "20"))
    want = model.prevalence(by="decade", n_boot=20, seed=3)
    assert prev["share"].to_numpy() == pytest.approx(want["share"].to_numpy())
    path = tmp_path / "model.tkm"
    result = run("topics", news_dir, *args, "--out", path)
    assert f"saved the model to {path}" in result.stderr
    assert csv_of(result)["top_terms"].tolist() == model.summary(top=10)["top_terms"].tolist()
    loaded = tk.load_topics(path)
    assert loaded.topics(top=5)["feature"].tolist() == model.topics(top=5)["feature"].tolist()


def test_topics_select_k(news_dir, news):
    got = csv_of(
        run("topics", news_dir, "--select-k", "2:3", "--min-docs", "1", "--max-docs", "1.0")
    )
    want = tk.select_k(news, ks=[2, 3], min_docs=1, max_docs=1.0, progress=False)
    assert got["k"].tolist() == [2, 3]
    assert got["coherence"].to_numpy() == pytest.approx(want["coherence"].to_numpy())


def test_topics_errors(news_dir, tmp_path):
    assert_one_line_error(run("topics", news_dir, "-o", tmp_path / "m.pkl", code=1), ".tkm")
    assert_one_line_error(run("topics", news_dir, "--select-k", "1,2", code=1), "at least 2")
    assert_one_line_error(run("topics", news_dir, "--select-k", "a:b", code=1), "--select-k")
    assert_one_line_error(
        run("topics", news_dir, "-o", tmp_path / "no" / "m.tkm", code=1), "does not exist"
    )
    assert_one_line_error(run("topics", "nope", code=1), "unknown corpus")


# -------------------------------------------------------------------------------- slogans
def test_slogans_by_year_matches_count_slogans(zh_dir, zh, tmp_path):
    from toolkit.slogans import count_slogans

    want = count_slogans(zh, "ccp-formulations", by="year")
    got = csv_of(run("slogans", zh_dir, "--lexicon", "ccp-formulations", "--by", "year"))
    assert got[["year", "slogan_id", "count", "doc_freq"]].values.tolist() == (
        want[["year", "slogan_id", "count", "doc_freq"]].values.tolist()
    )
    hits = got[got["count"] > 0].groupby("label_zh")["count"].sum().to_dict()
    assert hits["改革开放"] == 4 and hits["共同富裕"] == 3
    out = tmp_path / "slogans.csv"
    run("slogans", zh_dir, "--by", "year", "--out", out)
    assert pd.read_csv(out)["count"].sum() == want["count"].sum()
    nonzero = csv_of(run("slogans", zh_dir, "--by", "year", "--no-zeros"))
    assert (nonzero["count"] > 0).all() and nonzero["count"].sum() == want["count"].sum()


def test_slogans_views(zh_dir, zh):
    from toolkit.slogans import first_appearances, slogan_cooccurrence, slogan_matches

    first = json.loads(run("slogans", zh_dir, "--show", "first", "-f", "json").stdout)
    want = first_appearances(zh, "ccp-formulations")
    assert [r["slogan_id"] for r in first] == want["slogan_id"].tolist()
    matches = csv_of(run("slogans", zh_dir, "--show", "matches", "--context", "5"))
    assert (
        matches["match"].tolist()
        == slogan_matches(zh, "ccp-formulations", context=5)["match"].tolist()
    )
    pairs = csv_of(run("slogans", zh_dir, "--show", "cooccurrence", "--unit", "document"))
    want_pairs = slogan_cooccurrence(zh, "ccp-formulations", unit="document")
    assert pairs["count"].tolist() == want_pairs["count"].tolist()


def test_slogans_errors(zh_dir, tmp_path):
    assert_one_line_error(run("slogans", zh_dir, "-l", "nope", code=1), "unknown lexicon 'nope'")
    assert_one_line_error(
        run("slogans", zh_dir, "-l", tmp_path / "missing.toml", code=1), "missing.toml"
    )
    assert_one_line_error(run("slogans", zh_dir, "--by", "party", code=1), "party")


def test_discover_matches_library(zh_dir, zh):
    from toolkit.slogans import discover_slogans

    want = discover_slogans(zh, top=40)
    got = csv_of(run("discover", zh_dir, "--top", "40"))
    assert got["feature"].tolist() == want["feature"].tolist()
    assert "海绵城市" in got["feature"].tolist()
    table = table_of(run("discover", zh_dir, "-f", "table").stdout)
    assert table["feature"].tolist() == want["feature"].tolist()
    quoted = csv_of(run("discover", zh_dir, "--kind", "quoted", "--min-count", "4"))
    assert (
        quoted["feature"].tolist()
        == discover_slogans(zh, kinds=["quoted"], min_count=4)["feature"].tolist()
    )


# -------------------------------------------------------------------------------- subprocesses
@pytest.fixture(scope="session")
def sub(tmp_path_factory):
    """Run the installed console script (or ``python -m toolkit.cli``) in a real process."""
    script = Path(sys.executable).with_name("toolkit")
    base = [str(script)] if script.is_file() else [sys.executable, "-m", "toolkit.cli"]
    env = {
        **os.environ,
        "TOOLKIT_CACHE": str(tmp_path_factory.mktemp("subcache")),
        "TOOLKIT_CACHE_MIN_CHARS": "0",
        "TOOLKIT_NO_CACHE": "0",
    }

    def call(*args: str, code: int = 0) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [*base, *map(str, args)], capture_output=True, text=True, env=env, timeout=300
        )
        assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
        return proc

    call.cache = env["TOOLKIT_CACHE"]
    return call


def test_sub_corpora(sub):
    out = sub("corpora").stdout  # not a terminal: plain CSV
    assert pd.read_csv(io.StringIO(out))["name"].tolist() == tk.list_corpora()["name"].tolist()


def test_sub_fetch(sub):
    got = pd.read_csv(io.StringIO(sub("fetch", "sotu").stdout))
    assert got["name"].tolist() == ["sotu"] and "bundled" in got["status"].iloc[0]


def test_sub_info(sub, news_dir, news):
    got = pd.read_csv(io.StringIO(sub("info", news_dir, "-f", "csv").stdout)).iloc[0]
    assert got["tokens"] == news.tokens().n_tokens


def test_sub_error_is_one_line(sub, news_dir):
    err = sub("info", news_dir, "-w", "year >", code=1).stderr
    assert len(err.splitlines()) == 1
    assert err.startswith("error: bad filter expression 'year >': invalid syntax")


def test_sub_cache(sub, monkeypatch):
    monkeypatch.setenv("TOOLKIT_CACHE", sub.cache)
    texts = [f"Text {i} written only for the subprocess cache test." for i in range(3)]
    tk.Corpus.from_texts(texts, name="sub-cache-test").tokens()
    info = pd.read_csv(io.StringIO(sub("cache", "info").stdout))
    assert "sub-cache-test" in info["corpus"].tolist()
    assert (info["status"] == "ok").all()
    removed = sub("cache", "clear", "--corpus", "sub-cache-test").stdout
    assert removed.startswith("removed 1 token cache entry")


def test_sub_figures(sub, tmp_path):
    (tmp_path / "nb").mkdir()
    proc = sub("figures", "--notebooks", tmp_path / "nb", "--figures", tmp_path / "fig")
    assert "notebooks ran" in proc.stderr and (tmp_path / "fig" / "INDEX.md").is_file()


def test_python_dash_m(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.startswith("toolkit ")


def test_sub_topics(sub, news_dir, news, tmp_path):
    path = tmp_path / "m.tkm"
    proc = sub("topics", news_dir, *TOPIC_ARGS, "--out", path)
    got = pd.read_csv(io.StringIO(proc.stdout))
    assert got["top_terms"].tolist() == fit_news(news).summary(top=10)["top_terms"].tolist()
    assert tk.load_topics(path).k == 2


def test_sub_slogans(sub, zh_dir, zh):
    from toolkit.slogans import count_slogans

    got = pd.read_csv(io.StringIO(sub("slogans", zh_dir, "--by", "year", "-f", "csv").stdout))
    assert got["count"].sum() == count_slogans(zh, "ccp-formulations", by="year")["count"].sum()


def test_sub_discover(sub, zh_dir):
    proc = sub("discover", zh_dir, "--top", "5", "-f", "json")
    assert "海绵城市" in [r["feature"] for r in json.loads(proc.stdout)]


def test_sub_ngrams(sub, news_dir, news):
    from toolkit.counts.ngrams import ngrams

    got = pd.read_csv(io.StringIO(sub("ngrams", news_dir, "-n", "2", "--top", "5").stdout))
    assert got["feature"].tolist() == ngrams(news, n=2, top=5)["feature"].tolist()


def test_sub_collocations(sub, news_dir, news):
    from toolkit.counts.collocations import collocations

    got = pd.read_csv(io.StringIO(sub("collocations", news_dir, "--top", "3").stdout))
    assert got["feature"].tolist() == collocations(news).head(3)["feature"].tolist()


def test_sub_keyness(sub, news_dir):
    proc = sub("keyness", news_dir, "--target", "year>=1917", "--top", "2", "-f", "json")
    assert {r["sign"] for r in json.loads(proc.stdout)} == {"+", "-"}


def test_sub_kwic(sub, zh_dir):
    proc = sub("kwic", zh_dir, "共同富裕", "--context", "4")
    assert pd.read_csv(io.StringIO(proc.stdout))["match"].tolist() == ["共同富裕"] * 3


def test_sub_dispersion(sub, news_dir, news):
    from toolkit.counts.dispersion import dispersion

    got = pd.read_csv(io.StringIO(sub("dispersion", news_dir, "economy").stdout))
    want = dispersion(news, "economy").measures
    assert got["feature"].tolist() == ["economy"]
    assert (
        got["count"].tolist()
        == want["count"].tolist()
        == [sum("economy" in t for t in NEWS.values())]
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["kwic", "sotux", "reform"], "unknown corpus 'sotux' (did you mean 'sotu'?)"),
        (["kwic", "gwr", "改革"], "(did you mean 'gwr-zh'?)"),
        (["ngrams", "NEWS", "--by", "decad"], "no such column 'decad' (did you mean 'decade'?)"),
        (["kwic", "NEWS", "x", "--where", "yaer>1"], "'yaer' (did you mean 'year'?)"),
        (
            ["slogans", "NEWS", "--lexicon", "us-presidentia"],
            "unknown lexicon 'us-presidentia' (did you mean 'us-presidential'?)",
        ),
    ],
)
def test_did_you_mean(news_dir, args, fragment):
    args = [news_dir if a == "NEWS" else a for a in args]
    assert_one_line_error(run(*args, code=1), fragment)


def test_unknown_options_and_commands_suggest(news_dir):
    result = run("slogans", news_dir, "--lexicn", "x", code=2)
    assert "Possible options: --lexicon" in result.output
    assert "Did you mean 'kwic'" in run("kwicc", news_dir, "x", code=2).output
