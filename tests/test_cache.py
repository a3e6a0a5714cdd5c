"""The on-disk token cache (toolkit.tokenized.cache) and its use by tk.tokens / Corpus.tokens()."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

import toolkit.tokenized.build as build
import toolkit.tokenized.cache as cache
from toolkit.corpus.model import Corpus
from toolkit.tokenized import settings_for
from toolkit.tokenized.build import tokenize_corpus
from toolkit.tokenized.cache import (
    CacheCorruptionWarning,
    cache_info,
    cache_key,
    clear_cache,
    tokens_cache_dir,
)


def tokenize(data, **options):
    """Tokens made without any cache (memory or disk): the reference."""
    corpus = data if isinstance(data, Corpus) else Corpus.from_texts(list(data))
    return tokenize_corpus(corpus, settings_for(**options))


TEXTS = [
    "We hold these truths to be self-evident.\n\nThe Union is strong. Peace and prosperity!",
    "我们坚持改革开放。全面深化改革，推动高质量发展。",
    "The economy grew. The economy of the Union grew again; peace held.",
]


@pytest.fixture()
def tmp_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TOOLKIT_CACHE_MIN_CHARS", "0")
    monkeypatch.delenv("TOOLKIT_NO_CACHE", raising=False)
    return tmp_path / "cache" / "tokens"


@pytest.fixture()
def calls(monkeypatch):
    """Count real tokenizations done through the cache layer."""
    seen = []

    def counting(corpus, settings):
        seen.append(settings)
        return tokenize_corpus(corpus, settings)

    monkeypatch.setattr(build, "tokenize_corpus", counting)
    return seen


def make(texts=TEXTS, name="mini") -> Corpus:
    """A fresh Corpus object each time, so only the disk cache can be shared."""
    return Corpus.from_texts(texts, dates=["1990", "2000", "2010"][: len(texts)], name=name)


def same(a, b, lists: bool = True) -> None:
    assert a.vocab.tolist() == b.vocab.tolist()
    assert a.vocab.dtype.kind == b.vocab.dtype.kind == "U"
    np.testing.assert_array_equal(a.ids, b.ids)
    np.testing.assert_array_equal(a.offsets, b.offsets)
    assert a.ids.dtype == np.int32 and a.offsets.dtype == np.int64
    if b.sentence_starts is None:
        assert a.sentence_starts is None
    else:
        np.testing.assert_array_equal(a.sentence_starts, b.sentence_starts)
    assert a.settings == b.settings
    assert a.docvars.equals(b.docvars)
    assert a.source == b.source
    if lists:
        assert a.to_lists() == b.to_lists()


def entries(folder) -> list[str]:
    return sorted(p.name for p in folder.glob("*")) if folder.exists() else []


def test_miss_then_hit(tmp_cache, calls):
    first = make().tokens()
    assert len(calls) == 1
    files = entries(tmp_cache)
    assert [f.rsplit(".", 1)[1] for f in files] == ["json", "npz"]
    second = make().tokens()
    assert len(calls) == 1, "second corpus object must be served from disk"
    same(second, first)
    same(second, tokenize(make()))


def test_hit_preserves_sentences_and_settings(tmp_cache, calls):
    kw = {"sentences": True, "stopwords": "en", "phrases": ["the union"]}
    fresh = tokenize(make(), **kw)
    make().tokens(**kw)
    hit = make().tokens(**kw)
    assert len(calls) == 1
    same(hit, fresh)
    assert hit.sentence_starts is not None and "the_union" in hit.vocab


def test_key_depends_on_settings_and_content(tmp_cache, calls):
    make().tokens()
    make().tokens(lowercase=False)
    make().tokens(stopwords="en")
    make(TEXTS[:2]).tokens()
    make([*TEXTS[:2], "Different text entirely."]).tokens()
    assert len(calls) == 5
    assert len(list(tmp_cache.glob("*.npz"))) == 5
    info = cache_info()
    assert sorted(info["docs"].tolist()) == [2, 3, 3, 3, 3]
    assert (info["status"] == "ok").all()


def test_key_is_stable_and_settings_canonical():
    s1 = settings_for(phrases=["b", "a"], stopwords=["The", "of"])
    s2 = settings_for(phrases=["a", "b", "a"], stopwords=["of", "the"])
    assert s1 == s2 and cache_key("x", s1) == cache_key("x", s2)
    assert cache_key("x", s1) != cache_key("y", s1)
    assert tokenize(["a b"], phrases=["b", "a"], stopwords=["The", "of"]).settings == s1
    with pytest.raises(TypeError, match="unknown tokens option"):
        settings_for(lowercas=True)


def corrupt_payload(folder):
    npz = next(folder.glob("*.npz"))
    data = bytearray(npz.read_bytes())
    data[len(data) // 2] ^= 0xFF
    npz.write_bytes(bytes(data))


def corrupt_json(folder):
    next(folder.glob("*.json")).write_text("{not json", encoding="utf-8")


def drop_payload(folder):
    next(folder.glob("*.npz")).unlink()


def inconsistent_arrays(folder):
    """Valid checksum, but offsets that do not fit the ids: caught by the shape checks."""
    npz = next(folder.glob("*.npz"))
    meta_path = npz.with_suffix(".json")
    with np.load(npz) as z:
        arrays = dict(z)
    arrays["offsets"] = arrays["offsets"] + 5
    with open(npz, "wb") as fh:
        np.savez(fh, **arrays)
    meta = json.loads(meta_path.read_text())
    meta["payload_sha256"] = cache.file_sha256(npz)
    meta_path.write_text(json.dumps(meta))


def wrong_corpus(folder):
    """Metadata claiming another corpus under this key."""
    meta_path = next(folder.glob("*.json"))
    meta = json.loads(meta_path.read_text())
    meta["corpus_sha256"] = "0" * 64
    meta_path.write_text(json.dumps(meta))


@pytest.mark.parametrize(
    "damage", [corrupt_payload, corrupt_json, drop_payload, inconsistent_arrays, wrong_corpus]
)
def test_corrupted_entry_is_detected_deleted_and_rebuilt(tmp_cache, calls, damage):
    good = make().tokens()
    damage(tmp_cache)
    with pytest.warns(CacheCorruptionWarning, match="corrupted"):
        rebuilt = make().tokens()
    assert len(calls) == 2, "a corrupted entry must never be used"
    same(rebuilt, good)
    info = cache_info()
    assert info["status"].tolist() == ["ok"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same(make().tokens(), good)
    assert len(calls) == 2


def test_cache_info_reports_corruption_without_deleting(tmp_cache):
    make().tokens()
    corrupt_payload(tmp_cache)
    info = cache_info()
    assert info["status"].iloc[0] == "corrupt: payload checksum mismatch"
    assert len(entries(tmp_cache)) == 2
    assert cache_info(verify=False)["status"].iloc[0] == "ok"


def test_cache_info_columns(tmp_cache):
    toks = make().tokens(stopwords="en")
    info = cache_info()
    assert list(info.columns) == cache._INFO_COLUMNS
    row = info.iloc[0]
    assert row["corpus"] == "mini" and row["unit"] == "document"
    assert (row["docs"], row["tokens"], row["types"]) == (3, toks.n_tokens, len(toks.vocab))
    assert json.loads(row["settings"]) == {"stopwords": f"{len(toks.settings.stopwords)} words"}
    assert row["bytes"] == sum(p.stat().st_size for p in tmp_cache.glob("*"))
    assert row["path"].startswith(str(tokens_cache_dir()))


def test_clear_cache(tmp_cache):
    make(name="one").tokens()
    make(TEXTS[:2], name="two").tokens()
    (tmp_cache / ".tmp-leftover.npz").write_bytes(b"partial")
    assert clear_cache("two") == 1
    assert cache_info()["corpus"].tolist() == ["one"]
    assert clear_cache() == 1
    assert entries(tmp_cache) == []
    assert clear_cache() == 0


def test_disabled_by_env_unnamed_and_small(tmp_cache, calls, monkeypatch):
    monkeypatch.setenv("TOOLKIT_NO_CACHE", "1")
    make().tokens()
    assert entries(tmp_cache) == []
    monkeypatch.delenv("TOOLKIT_NO_CACHE")
    make(name=None).tokens()
    assert entries(tmp_cache) == []
    monkeypatch.setenv("TOOLKIT_CACHE_MIN_CHARS", "1000000")
    make().tokens()
    assert entries(tmp_cache) == []
    monkeypatch.setenv("TOOLKIT_CACHE_MIN_CHARS", "many")
    with pytest.raises(ValueError, match="TOOLKIT_CACHE_MIN_CHARS"):
        make().tokens()


def test_unwritable_cache_still_tokenizes(tmp_path, monkeypatch, calls):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("TOOLKIT_CACHE", str(blocker))
    monkeypatch.setenv("TOOLKIT_CACHE_MIN_CHARS", "0")
    monkeypatch.delenv("TOOLKIT_NO_CACHE", raising=False)
    same(make().tokens(), tokenize(make()))
    assert len(calls) == 1


def test_segmented_and_filtered_corpora_have_their_own_entries(tmp_cache, calls):
    c = make()
    c.segment("paragraph").tokens()
    c.subset(year=(2000, None)).tokens()
    assert sorted(cache_info()["unit"].tolist()) == ["document", "paragraph"]
    same(make().segment("paragraph").tokens(), tokenize(make().segment("paragraph")))
    assert len(calls) == 2


def test_real_corpus_round_trip(tmp_cache, sotu):
    docs = sotu.docs.iloc[:60]
    fresh = Corpus(docs, name="sotu").tokens()
    again = Corpus(docs, name="sotu").tokens()
    same(again, fresh, lists=False)
    assert again[59] == fresh[59]
    assert cache_info()["tokens"].tolist() == [fresh.n_tokens]


def test_evict_least_recently_used(tmp_cache, calls):
    import os

    from toolkit.tokenized.cache import evict

    corpora = [
        make(name=f"c{i}", texts=[f"Document number {i} of the eviction test."]) for i in range(3)
    ]
    for i, c in enumerate(corpora):
        c.tokens()
        for meta in tmp_cache.glob("*.json"):  # older entries: earlier last use
            if json.loads(meta.read_text())["corpus"] == f"c{i}":
                os.utime(meta, (1_000_000 + i, 1_000_000 + i))
    make(name="c0", texts=[corpora[0].texts[0]]).tokens()  # a hit refreshes c0's last use
    assert len(calls) == 3
    sizes = cache_info().set_index("corpus")["bytes"]
    assert evict(int(sizes.sum())) == 0
    assert evict(int(sizes["c0"] + sizes["c2"])) == 1
    assert sorted(cache_info()["corpus"]) == ["c0", "c2"]
    assert evict(0) == 2 and cache_info().empty


def test_size_cap_applies_after_writes(tmp_cache, monkeypatch):
    monkeypatch.setenv("TOOLKIT_CACHE_MAX_MB", "0")
    make().tokens()
    assert cache_info().empty


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("docs", "3"),
        ("tokens", None),
        ("settings", [1, 2]),
        ("has_sentences", "yes"),
        ("key", 5),
        ("payload_sha256", 0),
        ("created", "not a date"),
        ("corpus", ["x"]),
        ("types", 2.5),
    ],
)
def test_wrong_typed_metadata_is_a_miss_and_is_rewritten(tmp_cache, calls, field, value):
    good = make().tokens()
    meta_path = next(tmp_cache.glob("*.json"))
    meta = json.loads(meta_path.read_text())
    meta[field] = value
    meta_path.write_text(json.dumps(meta))
    assert cache_info()["status"].iloc[0].startswith(f"corrupt: metadata field {field!r}")
    with pytest.warns(CacheCorruptionWarning):
        same(make().tokens(), good)
    assert len(calls) == 2
    rewritten = json.loads(meta_path.read_text())
    assert rewritten[field] != value and cache_info()["status"].tolist() == ["ok"]
    with warnings.catch_warnings():  # later runs: plain hits
        warnings.simplefilter("error")
        same(make().tokens(), good)
    assert len(calls) == 2


def test_killed_write_leaves_a_temp_file_that_info_and_the_cap_see(tmp_cache, monkeypatch):
    import os
    import subprocess
    import sys

    make().tokens()
    entry = sum(p.stat().st_size for p in tmp_cache.glob("[!.]*"))
    # a writer killed mid-write: its temp file, named by atomic_path with a dead pid
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    ).stdout.strip()
    stale = tmp_cache / f".{'a' * 64}.npz.{dead}.0badf00d.tmp"
    stale.write_bytes(b"half a payload" * 1000)
    live = tmp_cache / f".{'b' * 64}.npz.{os.getpid()}.0badf00d.tmp"  # a write in progress
    live.write_bytes(b"x" * 100)
    info = cache_info()
    assert sorted(info["status"]) == ["ok", "stale temp file", "write in progress"]
    assert info["bytes"].sum() == entry + stale.stat().st_size + 100
    from toolkit.tokenized.cache import evict

    assert evict(10 * 2**30) == 1  # the stale file goes, the entry and the live write stay
    assert not stale.exists() and live.exists()
    assert sorted(cache_info()["status"]) == ["ok", "write in progress"]
    assert evict(entry + 99) == 1  # the write in progress counts towards the cap
    assert cache_info()["status"].tolist() == ["write in progress"]


def test_cli_cache_info_counts_stale_temp_files(tmp_cache):
    from typer.testing import CliRunner

    from toolkit.cli import app

    make().tokens()
    (tmp_cache / f".{'a' * 64}.npz.999999999.0badf00d.tmp").write_bytes(b"half")
    result = CliRunner().invoke(app, ["cache", "info", "-f", "csv"])
    assert result.exit_code == 0
    assert "1 entries, 1 stale temp file of killed writes" in result.output
