"""Saving and loading topic models: JSON + NPZ + Parquet in a zip, no pickle, version checks."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

import toolkit as tk
from toolkit.errors import ArgumentError
from toolkit.models.persistence import FORMAT_VERSION, ModelFormatError


@pytest.fixture(scope="module")
def corpus() -> tk.Corpus:
    rng = np.random.default_rng(3)
    themes = [["tax", "budget", "deficit", "debt"], ["army", "navy", "troops", "enemy"]]
    texts = [
        "\n\n".join(" ".join(rng.choice(themes[(i + j) % 2], 8)) for j in range(3))
        for i in range(12)
    ]
    return tk.Corpus.from_texts(
        texts, dates=[str(1950 + 5 * i) for i in range(12)], party=["A", "B"] * 6, name="toy"
    )


@pytest.fixture(scope="module")
def model(corpus) -> tk.TopicModel:
    return tk.fit_topics(corpus, k=2, unit="paragraph", min_docs=2, max_docs=0.9)


def _rewrite(src, dst, member: str, transform) -> None:
    """Copy a .tkm archive, passing one member's bytes through ``transform``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, transform(data) if name == member else data)


def test_round_trip(model, corpus, tmp_path):
    model.label({0: "Budget & tax"})
    try:
        path = model.save(tmp_path / "toy.tkm")
    finally:
        model.label({0: None})
    loaded = tk.load_topics(path, corpus=corpus)
    assert loaded.labels[0] == "Budget & tax" and loaded.labels[1] == model.labels[1]
    loaded.label({0: None})
    assert loaded.topics(top=5).equals(model.topics(top=5))
    assert loaded.doc_topics().equals(model.doc_topics())
    assert np.array_equal(loaded.topic_term_, model.topic_term_)
    assert np.array_equal(loaded.features_, model.features_)
    assert loaded.get_params() == model.get_params()
    assert loaded.method_params_ == json.loads(json.dumps(model.method_params_))
    assert loaded.info_ == json.loads(json.dumps(model.info_))
    assert (loaded.method, loaded.unit_, loaded.k) == ("nmf", "paragraph", 2)
    pd_cols = ["doc_id", "parent_id", "year", "party", "date"]
    assert loaded.docvars_[pd_cols].equals(model.docvars_[pd_cols])
    new = tk.dfm(["tax budget deficit debt", "army navy troops enemy"])
    np.testing.assert_allclose(loaded.transform(new), model.transform(new), atol=1e-9)
    for measure in ("npmi", "c_v", "umass"):
        a = loaded.coherence(measure)["coherence"].to_numpy()
        b = model.coherence(measure)["coherence"].to_numpy()
        assert np.allclose(a, b)
    assert loaded.prevalence(by="party", n_boot=50).equals(model.prevalence(by="party", n_boot=50))
    assert "toy" in repr(loaded)


def test_file_layout_has_no_pickle(model, tmp_path):
    path = model.save(tmp_path / "m.tkm")
    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist()) == ["arrays.npz", "docs.parquet", "meta.json"]
        meta = json.loads(zf.read("meta.json"))
        with np.load(io.BytesIO(zf.read("arrays.npz")), allow_pickle=False) as npz:
            assert all(npz[name].dtype != object for name in npz.files)
    assert meta["format"] == "toolkit-topic-model"
    assert meta["format_version"] == FORMAT_VERSION
    assert meta["toolkit_version"] == tk.__version__
    assert meta["info"]["corpus_name"] == "toy" and len(meta["info"]["corpus_sha256"]) == 64
    assert meta["info"]["vocabulary"]["min_docs"] == 2


def test_incompatible_version_is_a_clear_error(model, tmp_path):
    good = model.save(tmp_path / "good.tkm")
    bad = tmp_path / "future.tkm"

    def bump(data: bytes) -> bytes:
        meta = json.loads(data)
        meta.update(format_version=FORMAT_VERSION + 1, toolkit_version="9.0.0")
        return json.dumps(meta).encode()

    _rewrite(good, bad, "meta.json", bump)
    with pytest.raises(ModelFormatError, match=r"format version 3 was written by toolkit 9\.0\.0"):
        tk.load_topics(bad)
    with pytest.raises(ModelFormatError, match=tk.__version__.replace(".", r"\.")):
        tk.load_topics(bad)


@pytest.mark.parametrize(
    ("member", "transform", "message"),
    [
        ("meta.json", lambda d: b"{not json", "not valid JSON"),
        ("meta.json", lambda d: json.dumps({"format": "other"}).encode(), "not a toolkit topic"),
        ("arrays.npz", lambda d: b"garbage", "damaged"),
    ],
)
def test_damaged_files(model, tmp_path, member, transform, message):
    good = model.save(tmp_path / "good.tkm")
    bad = tmp_path / "bad.tkm"
    _rewrite(good, bad, member, transform)
    with pytest.raises(ModelFormatError, match=message):
        tk.load_topics(bad)


def test_not_a_model(tmp_path, model):
    text = tmp_path / "notes.tkm"
    text.write_text("hello")
    with pytest.raises(ModelFormatError, match="not a zip"):
        tk.load_topics(text)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "x")
    with pytest.raises(ModelFormatError, match="missing"):
        tk.load_topics(other)
    with pytest.raises(FileNotFoundError, match="no topic model file"):
        tk.load_topics(tmp_path / "absent.tkm")
    with pytest.raises(ArgumentError, match="is a directory"):
        model.save(tmp_path)
    with pytest.raises(TypeError, match="TopicModel"):
        tk.models.save_topics("model", tmp_path / "x.tkm")


def test_corpus_fingerprint_is_checked(model, corpus, tmp_path):
    path = model.save(tmp_path / "m.tkm")
    other = corpus.subset(party="A")
    with pytest.raises(ValueError, match="sha256"):
        tk.load_topics(path, corpus=other)


def test_chinese_and_lda_round_trip(tmp_path):
    texts = ["经济发展 改革开放 经济发展 市场经济", "国防建设 军队建设 国防建设 人民军队"] * 6
    corpus = tk.Corpus.from_texts(texts, name="zh-toy")
    m = tk.fit_topics(corpus, k=2, method="lda", min_docs=2, max_docs=0.9, max_iter=5)
    loaded = tk.load_topics(m.save(tmp_path / "zh.tkm"))
    assert loaded.features_.tolist() == m.features_.tolist()
    assert any("经济" in t for t in loaded.features_)
    assert loaded.topics(top=3).equals(m.topics(top=3))
    assert loaded.fit_measure_ == "perplexity"
    new = tk.dfm(texts[:2])
    np.testing.assert_allclose(loaded.transform(new), m.transform(new), atol=1e-9)


# ------------------------------------------------------------------ tampered files (issue 17)
def _with_arrays(change):
    def transform(data: bytes) -> bytes:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        change(arrays)
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        return buf.getvalue()

    return transform


def _with_meta(change):
    def transform(data: bytes) -> bytes:
        meta = json.loads(data)
        change(meta)
        return json.dumps(meta).encode()

    return transform


def _set(name, value):
    return lambda a: a.__setitem__(name, value(a[name]) if callable(value) else value)


def _nan(a):
    a = a.copy()
    a.flat[0] = np.nan
    return a


def _negate(a):
    return -a


TAMPERED = {
    "topic_term NaN": ("arrays.npz", _with_arrays(_set("topic_term", _nan)), "topic_term: .*NaN"),
    "topic_term inf": (
        "arrays.npz",
        _with_arrays(_set("topic_term", lambda a: np.where(a == a.max(), np.inf, a))),
        "topic_term: .*infinite",
    ),
    "negative weights": (
        "arrays.npz",
        _with_arrays(_set("components", _negate)),
        "components: holds negative",
    ),
    "doc_topic negative": (
        "arrays.npz",
        _with_arrays(_set("doc_topic", _negate)),
        "doc_topic: holds negative",
    ),
    "doc_topic rows": (
        "arrays.npz",
        _with_arrays(_set("doc_topic", lambda a: a * 2)),
        "doc_topic: rows do not sum",
    ),
    "topic_term wrong dtype": (
        "arrays.npz",
        _with_arrays(_set("topic_term", lambda a: a.astype(str))),
        "topic_term: dtype",
    ),
    "topic_term 1-D": (
        "arrays.npz",
        _with_arrays(_set("topic_term", lambda a: a.ravel())),
        "topic_term: shape",
    ),
    "doc_topic shape": (
        "arrays.npz",
        _with_arrays(_set("doc_topic", lambda a: a[:-1])),
        "doc_topic: shape",
    ),
    "features duplicated": (
        "arrays.npz",
        _with_arrays(_set("features", lambda a: np.array([a[0]] * len(a)))),
        "features: holds duplicate",
    ),
    "features not text": (
        "arrays.npz",
        _with_arrays(_set("features", lambda a: np.arange(len(a)))),
        "features: dtype",
    ),
    "idf length": ("arrays.npz", _with_arrays(_set("idf", np.ones(3))), "idf: length"),
    "stream ids out of range": (
        "arrays.npz",
        _with_arrays(_set("stream_ids", lambda a: a + 10_000)),
        "stream_ids: values outside",
    ),
    "stream offsets": (
        "arrays.npz",
        _with_arrays(_set("stream_offsets", lambda a: a[::-1].copy())),
        "stream_offsets",
    ),
    "topic_mass missing": (
        "arrays.npz",
        _with_arrays(lambda a: a.pop("topic_mass")),
        r"lacks \['topic_mass'\]",
    ),
    "params not a dict": ("meta.json", _with_meta(_set("params", [1, 2])), "'params': is list"),
    "params unknown key": (
        "meta.json",
        _with_meta(lambda m: m["params"].update(bogus=1)),
        "'params': .*bogus",
    ),
    "params k disagrees": (
        "meta.json",
        _with_meta(lambda m: m["params"].update(k=7)),
        "k=7 but the arrays hold 2",
    ),
    "method unknown": (
        "meta.json",
        _with_meta(lambda m: m["params"].update(method="os.system")),
        "unknown method",
    ),
    "labels a list": ("meta.json", _with_meta(_set("labels", ["a"])), "'labels': is list"),
    "label topic out of range": (
        "meta.json",
        _with_meta(_set("labels", {"5": "x"})),
        "topic 5 outside 0..1",
    ),
    "label key not a number": (
        "meta.json",
        _with_meta(_set("labels", {"a": "x"})),
        "key 'a' is not a topic number",
    ),
    "has_stream a string": (
        "meta.json",
        _with_meta(_set("has_stream", "yes")),
        "'has_stream': is str",
    ),
    "n_iter a string": ("meta.json", _with_meta(_set("n_iter", "4")), "'n_iter': is str"),
    "fit NaN": ("meta.json", _with_meta(_set("fit", float("nan"))), "'fit': is nan"),
    "meta a list": ("meta.json", lambda d: b"[1]", "not a JSON object"),
    "docs garbage": ("docs.parquet", lambda d: b"PAR1garbagePAR1", "docs.parquet: damaged"),
}


@pytest.fixture(scope="module")
def saved(model, tmp_path_factory) -> str:
    return model.save(tmp_path_factory.mktemp("tkm") / "good.tkm")


@pytest.mark.parametrize("case", list(TAMPERED))
def test_tampered_files_are_refused_naming_the_field(saved, tmp_path, case):
    member, transform, message = TAMPERED[case]
    bad = tmp_path / "bad.tkm"
    _rewrite(saved, bad, member, transform)
    with pytest.raises(ModelFormatError, match=message):
        tk.load_topics(bad)


def test_zip_bomb_members_are_refused_before_reading(saved, tmp_path):
    from toolkit.models import _tkm_checks

    bomb = tmp_path / "bomb.tkm"
    # a docs member of 64 MiB of zeros compresses to ~64 KiB (ratio ~1,000)
    with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = b"\0" * (64 * 2**20) if name == "docs.parquet" else zin.read(name)
            zout.writestr(name, data)
    assert bomb.stat().st_size < 2**20
    with pytest.raises(ModelFormatError, match=r"docs\.parquet: expands .*zip bomb"):
        tk.load_topics(bomb)
    # an npz inside whose own member is a bomb
    inner = io.BytesIO()
    np.savez_compressed(inner, topic_term=np.zeros(8 * 2**20))
    nested = tmp_path / "nested.tkm"
    _rewrite(saved, nested, "arrays.npz", lambda d: inner.getvalue())
    with pytest.raises(ModelFormatError, match=r"arrays\.npz/topic_term\.npy: expands"):
        tk.load_topics(nested)
    # a declared size over the bound is refused from the directory alone
    big = tmp_path / "big.tkm"
    with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(big, "w") as zout:
        for name in zin.namelist():
            zout.writestr(name, zin.read(name))
    with zipfile.ZipFile(big) as zf:
        info = zf.getinfo("docs.parquet")
    original = _tkm_checks.MAX_MEMBER_BYTES
    try:
        _tkm_checks.MAX_MEMBER_BYTES = info.file_size - 1
        with pytest.raises(ModelFormatError, match=r"docs\.parquet: declares"):
            tk.load_topics(big)
    finally:
        _tkm_checks.MAX_MEMBER_BYTES = original


@pytest.mark.parametrize("member", ["meta.json", "arrays.npz", "docs.parquet"])
def test_random_byte_damage_is_always_a_toolkit_error(saved, tmp_path, member):
    rng = np.random.default_rng(17)
    refused = 0
    for trial in range(15):
        bad = tmp_path / f"bad{trial}.tkm"

        def flip(data: bytes, flips: int = 1 + trial % 4) -> bytes:
            b = bytearray(data)
            for i in rng.integers(0, len(b), size=flips):
                b[i] = int(rng.integers(0, 256))
            return bytes(b)

        _rewrite(saved, bad, member, flip)
        try:
            tk.load_topics(bad)
        except tk.ToolkitError:  # anything else (KeyError, IndexError, ...) fails the test
            refused += 1
    assert refused > 0
