"""Text reuse (``tk.reuse``, ``tk.reuse_summary``): planted passages, offsets, options, Dask.

The accuracy tests build their own ground truth: passages of 30–300 characters are cut from
source documents, edited (substitutions, insertions, deletions at a known rate of 0–15 %) and
planted into unrelated text at known offsets; ``reuse`` must find them (recall and precision
>= 0.95) with both spans within 5 characters. Unit tests use generated text; the integration
test cuts the passages from the real Government Work Reports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

import toolkit as tk
from toolkit.errors import ArgumentError, InputError, UnknownNameError
from toolkit.textreuse import reuse, reuse_summary

# An inventory of common characters of official prose, written out for these tests.
ZH_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
    "数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提"
    "直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计"
    "别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海"
    "口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身"
)


@dataclass
class Planted:
    target: int
    start: int
    end: int
    source: int
    source_start: int
    source_end: int
    rate: float


def edit(text: str, rate: float, rng: np.random.Generator, alphabet: str) -> str:
    """Substitute, delete or insert (one third each) at every character with probability rate."""
    out = []
    for ch in text:
        r = rng.random()
        if r < rate / 3:
            continue
        if r < 2 * rate / 3:
            out.append(alphabet[rng.integers(len(alphabet))])
        elif r < rate:
            out.append(ch + alphabet[rng.integers(len(alphabet))])
        else:
            out.append(ch)
    return "".join(out)


def markov_filler(sample: str, rng: np.random.Generator):
    """A first-order character Markov chain fitted on ``sample``: text with its character and
    pair frequencies but no shared passages."""
    chars = [c for c in sample if c.isalnum() or c in "，。、；"]
    follow: dict[str, list[str]] = {}
    for a, b in zip(chars[:-1], chars[1:], strict=True):
        follow.setdefault(a, []).append(b)
    keys = sorted(follow)

    def make(length: int) -> str:
        c = keys[rng.integers(len(keys))]
        out = [c]
        for _ in range(length - 1):
            nxt = follow.get(c) or keys
            c = nxt[rng.integers(len(nxt))]
            out.append(c)
        return "".join(out)

    return make


def plant(
    sources: list[str],
    filler,
    rng: np.random.Generator,
    *,
    n_targets: int,
    per_target: int,
    alphabet: str,
    max_rate: float = 0.15,
) -> tuple[list[str], list[Planted]]:
    """Targets made of filler with ``per_target`` edited source passages (30–300 characters)."""
    targets, truth = [], []
    for t in range(n_targets):
        parts, pos = [], 0
        for _ in range(per_target):
            gap = filler(int(rng.integers(150, 600)))
            parts.append(gap)
            pos += len(gap)
            s = int(rng.integers(len(sources)))
            length = int(rng.integers(30, 301))
            a = int(rng.integers(0, len(sources[s]) - length))
            rate = float(rng.uniform(0, max_rate))
            passage = edit(sources[s][a : a + length], rate, rng, alphabet)
            parts.append(passage)
            truth.append(Planted(t, pos, pos + len(passage), s, a, a + length, rate))
            pos += len(passage)
        parts.append(filler(int(rng.integers(150, 600))))
        targets.append("".join(parts))
    return targets, truth


def score(found: pd.DataFrame, truth: list[Planted], tol: int = 5) -> dict[str, float]:
    """Recall (planted passages found with both spans within ``tol``) and precision (reported
    passages lying on a planted passage)."""
    t_idx = found["doc_id_target"].str.removeprefix("text").astype(int).to_numpy() - 1
    s_idx = found["doc_id_source"].str.removeprefix("text").astype(int).to_numpy() - 1
    hit = 0
    for p in truth:
        ok = (
            (t_idx == p.target)
            & (s_idx == p.source)
            & (np.abs(found["start_target"] - p.start) <= tol)
            & (np.abs(found["end_target"] - p.end) <= tol)
            & (np.abs(found["start_source"] - p.source_start) <= tol)
            & (np.abs(found["end_source"] - p.source_end) <= tol)
        )
        hit += bool(ok.any())
    on_planted = 0
    for t, a, b in zip(t_idx, found["start_target"], found["end_target"], strict=True):
        overlap = max((min(b, p.end) - max(a, p.start) for p in truth if p.target == t), default=0)
        on_planted += overlap >= 0.5 * (b - a)
    return {
        "recall": hit / len(truth),
        "precision": on_planted / len(found) if len(found) else 1.0,
        "found": len(found),
    }


def random_zh(rng: np.random.Generator, length: int) -> str:
    """Generated 'Chinese' text: characters of ZH_CHARS with commas and full stops."""
    chars = rng.choice(list(ZH_CHARS), size=length)
    marks = rng.random(length)
    return "".join(
        c + ("，" if m < 0.06 else "。" if m < 0.09 else "")
        for c, m in zip(chars, marks, strict=True)
    )


# ---------------------------------------------------------------------------- accuracy


def test_planted_passages_in_generated_text_are_found():
    rng = np.random.default_rng(7)
    sources = [random_zh(rng, 4000) for _ in range(8)]
    targets, truth = plant(
        sources, lambda k: random_zh(rng, k), rng, n_targets=20, per_target=6, alphabet=ZH_CHARS
    )
    found = reuse(targets, sources)
    m = score(found, truth)
    assert m["recall"] >= 0.95 and m["precision"] >= 0.95, m
    # offsets index the texts exactly
    for row in found.itertuples():
        t = int(row.doc_id_target[4:]) - 1
        s = int(row.doc_id_source[4:]) - 1
        assert targets[t][row.start_target : row.end_target] == row.text_target
        assert sources[s][row.start_source : row.end_source] == row.text_source


def test_planted_english_passages_are_found_on_words():
    rng = np.random.default_rng(3)
    words = [f"w{k}" for k in range(600)]

    def text(n: int) -> str:
        return " ".join(rng.choice(words, size=n)) + "."

    sources = [text(2500) for _ in range(4)]
    targets, truth = [], []
    for t in range(10):
        pieces, pos = [], 0
        for _ in range(4):
            gap = text(int(rng.integers(60, 200))) + " "
            pieces.append(gap)
            pos += len(gap)
            s = int(rng.integers(4))
            toks = sources[s].split(" ")
            k, length = int(rng.integers(0, len(toks) - 80)), int(rng.integers(15, 80))
            a = sum(len(w) + 1 for w in toks[:k])
            passage = " ".join(toks[k : k + length])
            kept = [w if rng.random() > 0.08 else rng.choice(words) for w in passage.split(" ")]
            kept[0], kept[-1] = passage.split(" ")[0], passage.split(" ")[-1]
            new = " ".join(kept)
            pieces.append(new + " ")
            truth.append(Planted(t, pos, pos + len(new), s, a, a + len(passage), 0.08))
            pos += len(new) + 1
        targets.append("".join(pieces) + text(50))
    corpus_t = tk.Corpus(
        pd.DataFrame({"doc_id": [f"text{i + 1}" for i in range(10)], "text": targets})
    )
    corpus_s = tk.Corpus(
        pd.DataFrame({"doc_id": [f"text{i + 1}" for i in range(4)], "text": sources})
    )
    assert set(corpus_t.docs["language"]) == {"en"}
    found = reuse(corpus_t, corpus_s)
    m = score(found, truth, tol=6)
    assert m["recall"] >= 0.95 and m["precision"] >= 0.95, m
    assert (found["length"] >= 12).all()  # English lengths are words


@pytest.mark.shared
def test_planted_gwr_passages_are_found(gwr):
    """Passages cut from the real reports, planted into Markov text fitted on the reports."""
    rng = np.random.default_rng(2024)
    sources = gwr.texts
    filler = markov_filler("".join(sources[::5]), rng)
    alphabet = "".join(sorted({c for c in "".join(sources[::10]) if "\u4e00" <= c <= "\u9fff"}))
    targets, truth = plant(sources, filler, rng, n_targets=40, per_target=5, alphabet=alphabet)
    found = reuse(targets, gwr)
    t_idx = found["doc_id_target"].str.removeprefix("text").astype(int).to_numpy() - 1
    s_ids = gwr.docs["doc_id"].tolist()
    found = found.assign(
        doc_id_source=[f"text{s_ids.index(d) + 1}" for d in found["doc_id_source"]]
    )
    m = score(found, truth)
    assert m["recall"] >= 0.95 and m["precision"] >= 0.95, m
    assert len(t_idx) >= len(truth)


# ---------------------------------------------------------------------------- behaviour


def test_identical_documents_align_end_to_end_and_unrelated_give_nothing():
    rng = np.random.default_rng(1)
    a, b = random_zh(rng, 3000), random_zh(rng, 3000)
    same = reuse([a], [a])
    assert len(same) == 1
    row = same.iloc[0]
    assert (row.start_target, row.end_target) == (0, len(a.rstrip("，。")))
    assert (row.start_source, row.end_source) == (0, len(a.rstrip("，。")))
    assert row.similarity == 1.0
    assert reuse([a], [b]).empty


def test_reuse_inside_one_corpus_pairs_each_documents_once_later_as_target():
    rng = np.random.default_rng(5)
    shared = random_zh(rng, 200)
    texts = [random_zh(rng, 500) + shared + random_zh(rng, 500) for _ in range(3)]
    c = tk.Corpus.from_texts(texts, doc_ids=["c", "a", "b"], dates=["2003", "2001", "2002"])
    r = reuse(c)
    pairs = set(zip(r["doc_id_target"], r["doc_id_source"], strict=True))
    assert pairs == {("c", "a"), ("c", "b"), ("b", "a")}
    assert (r["year_target"] > r["year_source"]).all()
    assert len(r) == 3


def test_boilerplate_shingles_do_not_seed_passages():
    rng = np.random.default_rng(11)
    opening = random_zh(rng, 60)
    texts = [opening + random_zh(rng, 800) for _ in range(6)]
    assert len(reuse(texts, boilerplate=None)) == 15  # every pair shares the opening
    assert reuse(texts, boilerplate=0.5).empty


def test_min_length_and_min_similarity():
    rng = np.random.default_rng(2)
    shared = random_zh(rng, 60)
    a = random_zh(rng, 300) + shared + random_zh(rng, 300)
    b = random_zh(rng, 300) + edit(shared, 0.1, rng, ZH_CHARS) + random_zh(rng, 300)
    r = reuse([a], [b])
    assert len(r) == 1 and 0.8 <= r["similarity"].iloc[0] < 1
    assert reuse([a], [b], min_length=80).empty
    assert reuse([a], [b], min_similarity=0.99).empty


def test_bad_input_and_options():
    with pytest.raises(InputError, match="pass \\[text\\]"):
        reuse("一段文字")
    with pytest.raises(InputError, match="source"):
        reuse(["一段文字"], "另一段")
    with pytest.raises(InputError, match="text 1 is int"):
        reuse(["一段文字", 3])
    with pytest.raises(ArgumentError, match="min_similarity"):
        reuse(["一段文字"], min_similarity=0)
    with pytest.raises(ArgumentError, match="boilerplate"):
        reuse(["一段文字"], boilerplate=1.5)
    with pytest.raises(ArgumentError, match="backend"):
        reuse(["一段文字"], backend="spark")


def test_empty_result_has_the_schema_columns():
    r = reuse(["完全不同的一句话，没有任何共同之处。"], ["另外一些内容"])
    assert r.empty
    from toolkit.textreuse.core import REUSE_COLUMNS

    assert list(r.columns) == REUSE_COLUMNS
    assert REUSE_COLUMNS[:5] == [
        "doc_id_target",
        "date_target",
        "year_target",
        "start_target",
        "end_target",
    ]
    from toolkit.schema import COLUMNS

    assert set(r.columns) <= set(COLUMNS)


# ---------------------------------------------------------------------------- summary


def test_reuse_summary_takes_the_union_of_overlapping_spans():
    r = pd.DataFrame(
        {
            "doc_id_target": ["t", "t", "t"],
            "date_target": pd.to_datetime(["2020-01-01"] * 3),
            "year_target": pd.array([2020] * 3, dtype="Int64"),
            "start_target": [0, 50, 200],
            "end_target": [100, 120, 230],
            "doc_id_source": ["s", "s", "u"],
            "date_source": pd.to_datetime(["2019-01-01"] * 2 + ["2018-01-01"]),
            "year_source": pd.array([2019, 2019, 2018], dtype="Int64"),
            "start_source": [0, 0, 0],
            "end_source": [100, 70, 30],
            "length": [100, 70, 30],
            "similarity": [1.0, 0.9, 0.95],
            "text_target": ["x" * 100, "y" * 70, "z" * 30],
            "text_source": ["x" * 100, "y" * 70, "z" * 30],
        }
    )
    target = tk.Corpus(
        pd.DataFrame({"doc_id": ["t"], "text": ["字" * 400], "year": pd.array([2020])})
    )
    s = reuse_summary(r, target)
    by_source = s.set_index("doc_id_source")
    assert by_source.loc["s", "chars_reused"] == 120  # [0, 120), not 100 + 70
    assert by_source.loc["u", "chars_reused"] == 30
    assert by_source.loc["s", "share_reused"] == pytest.approx(120 / 400)
    assert by_source.loc["s", "longest"] == 100
    assert by_source.loc["s", "n_passages"] == 2
    total = reuse_summary(r, target, by_source=False)
    assert total["chars_reused"].tolist() == [150]  # union over all sources
    assert total["share_reused"].tolist() == [pytest.approx(150 / 400)]


def test_reuse_summary_by_group_and_without_corpus():
    r = reuse(
        tk.Corpus.from_texts(["甲乙丙丁" * 30, "戊己庚辛" * 30], dates=["2001", "2002"]),
        tk.Corpus.from_texts(["甲乙丙丁" * 30 + "戊己庚辛" * 30], dates=["1990"]),
        boilerplate=None,
    )
    s = reuse_summary(r, by="year")
    assert s["year"].tolist() == [2001, 2002]
    assert (s["chars_reused"] == 120).all()
    assert (s["share_reused"] == 1.0).all()  # document lengths recorded by reuse()
    bare = r.copy()
    bare.attrs.clear()
    s = reuse_summary(bare, by="year")
    assert "share_reused" not in s.columns  # no corpus: no document lengths
    assert s["chars_reused"].tolist() == [120, 120]
    with pytest.raises(UnknownNameError, match="party"):
        reuse_summary(r, by="party")


# ---------------------------------------------------------------------------- real data


@pytest.mark.shared
def test_gwr_self_reuse_and_congress_reuse(gwr, cpc):
    r = reuse(gwr)
    assert len(r) > 100
    assert (r["doc_id_target"] != r["doc_id_source"]).all()
    spans = ["doc_id_target", "doc_id_source", "start_target", "start_source"]
    assert not r.duplicated(spans).any()
    for row in r.sample(50, random_state=0).itertuples():
        t = gwr.docs.set_index("doc_id").loc[row.doc_id_target, "text"]
        assert t[row.start_target : row.end_target] == row.text_target
    x = reuse(gwr, cpc)
    summary = reuse_summary(x)
    # the work report that follows a Party congress (held in the autumn) reuses that
    # congress's report more than any other
    for year, congress in [(1998, 15), (2008, 17), (2013, 18), (2018, 19), (2023, 20)]:
        top = summary[summary["doc_id"] == f"report-{year}"].iloc[0]
        assert top["doc_id_source"] == f"congress-{congress}", (year, top)


@pytest.mark.slow
@pytest.mark.xdist_group("dask")
def test_dask_cluster_gives_identical_results():
    distributed = pytest.importorskip("distributed")
    rng = np.random.default_rng(9)
    sources = [random_zh(rng, 3000) for _ in range(5)]
    targets, _ = plant(
        sources, lambda k: random_zh(rng, k), rng, n_targets=12, per_target=4, alphabet=ZH_CHARS
    )
    local = reuse(targets, sources)
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with distributed.Client(cluster) as client:
        remote = reuse(targets, sources, client=client)
        active = reuse(targets, sources, backend="dask")  # the active client
    cluster.close()
    pd.testing.assert_frame_equal(local, remote)
    pd.testing.assert_frame_equal(local, active)


# ---------------------------------------------------------------------------- figure


def test_plot_reuse_rows_colours_and_provenance():
    from matplotlib.figure import Figure

    from toolkit.plot._common import figure_note

    rng = np.random.default_rng(4)
    shared = [random_zh(rng, 120) for _ in range(3)]
    texts = [
        random_zh(rng, 300) + shared[0] + random_zh(rng, 300),
        random_zh(rng, 200) + shared[0] + random_zh(rng, 100) + shared[1] + random_zh(rng, 50),
        random_zh(rng, 100) + shared[1] + shared[2] + random_zh(rng, 400),
        random_zh(rng, 500) + shared[2],
        random_zh(rng, 600),
    ]
    c = tk.Corpus.from_texts(texts, dates=["2001", "2002", "2003", "2005", "2006"])
    r = reuse(c)
    fig = tk.plot.reuse(r, color="lag", title="自我重复")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2001", "2002", "2003", "2005", "2006"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["previous year", "2–5 years earlier"]
    bars = sum(len(coll.get_paths()) for coll in ax.collections[1:])
    assert bars == len(r)
    assert figure_note(fig)["plot"]["function"] == "toolkit.plot.reuse"
    fig = tk.plot.reuse(r, only_reused=True, top=1)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert len(labels) == 2 and labels[1] == "other"
    assert len(fig.axes[0].get_yticklabels()) == 3  # 2001 and 2006 reuse nothing
    with pytest.raises(ArgumentError, match="top"):
        tk.plot.reuse(r, top=0)
