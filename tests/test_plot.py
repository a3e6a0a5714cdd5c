"""Tests for toolkit.plot: house style, CJK fonts, figure functions, reproducible saving."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.figure import Figure

from toolkit import plot
from toolkit._version import __version__
from toolkit.plot import fonts as plot_fonts
from toolkit.plot import style as house_style  # the context manager (shadows the module)

CJK = ["两个确立", "中国式现代化", "改革开放"]
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_rc():
    with mpl.rc_context():  # global rcParams are restored when the block exits
        yield
        plot.use_style()  # drop persistent overrides a test may have set


# ----------------------------------------------------------------------------- tiny frames


@pytest.fixture
def ngrams_df() -> pd.DataFrame:
    years = [2000, 2001, 2002, 2003]
    return pd.DataFrame(
        {
            "year": years * 2,
            "feature": ["reform"] * 4 + ["opening"] * 4,
            "label": ["改革开放"] * 4 + ["对外开放"] * 4,
            "per_million": [1.0, 3.0, 5.0, 7.0, 2.0, 2.0, 8.0, 2.0],
        }
    )


@pytest.fixture
def keyness_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "feature": ["发展", "改革", "人民", "war", "tax", "freedom", "jobs"],
            "g2": [90.0, 40.0, 10.0, 70.0, 20.0, 5.0, 1.0],
            "log_ratio": [2.0, 1.0, 0.5, -3.0, -1.0, -0.2, -0.1],
            "sign": ["+", "+", "+", "-", "-", "-", "-"],
        }
    )


@pytest.fixture
def positions_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2", "d2", "d3"],
            "year": [1978, 1978, 1992, 1992, 2012],
            "feature": ["改革", "开放", "改革", "改革", "开放"],
            "position": [3, 10, 2, 40, 7],
            "relative_position": [0.05, 0.2, 0.45, 0.6, 0.9],
        }
    )


@pytest.fixture
def prevalence_df() -> pd.DataFrame:
    rows = []
    for topic, label in enumerate(["经济", "党建", "外交"]):
        for decade in (1980, 1990, 2000):
            share = 0.1 + 0.05 * topic + decade / 1e5
            rows.append((decade, topic, label, share, share - 0.02, share + 0.02))
    return pd.DataFrame(rows, columns=["decade", "topic", "label", "share", "ci_low", "ci_high"])


@pytest.fixture
def topics_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "topic": [0, 0, 0, 1, 1, 1],
            "label": ["经济", "经济", "经济", "", "", ""],
            "rank": [2, 1, 3, 1, 2, 3],
            "feature": ["投资", "增长", "消费", "party", "cadre", "discipline"],
            "weight": [0.2, 0.3, 0.1, 0.4, 0.2, 0.1],
        }
    )


@pytest.fixture
def similarity_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group_a": ["毛泽东", "毛泽东", "邓小平", "毛泽东", "江泽民"],
            "group_b": ["毛泽东", "邓小平", "邓小平", "江泽民", "江泽民"],
            "similarity": [1.0, 0.4, 1.0, 0.3, 1.0],
        }
    )


@pytest.fixture
def timeline_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2012, 2013, 2014, 2015, 2013, 2014, 2015, 2013, 2014],
            "slogan_id": ["dream"] * 4 + ["bri"] * 3 + ["never"] * 2,
            "label_zh": ["中国梦"] * 4 + ["一带一路"] * 3 + ["从未"] * 2,
            "count": [1, 0, 4, 2, 0, 3, 1, 0, 0],
        }
    )


@pytest.fixture
def cooc_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "slogan_a": ["two", "two", "modern", "reform"],
            "slogan_b": ["modern", "reform", "reform", "dream"],
            "label_a": ["两个确立", "两个确立", "中国式现代化", "改革开放"],
            "label_b": ["中国式现代化", "改革开放", "改革开放", "中国梦"],
            "count": [5, 3, 2, 1],
            "npmi": [0.6, 0.3, 0.1, -0.1],
        }
    )


def _series(ax):
    return [ln for ln in ax.get_lines() if ln.get_gid() == "series"]


# ----------------------------------------------------------------------------- style


def test_house_style_widths_palette_and_sizes():
    assert plot.COLUMN_WIDTHS == {"single": 3.5, "onehalf": 5.5, "double": 7.2}
    assert plot.figsize("double", 0.5) == (7.2, 3.6)
    okabe_ito = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00"}
    assert set(plot.PALETTE) == okabe_ito | {"#CC79A7"}
    rc = plot.house_rc()
    assert 8 <= rc["font.size"] <= 9 and 8 <= rc["axes.titlesize"] <= 9
    assert rc["font.family"] == ["DejaVu Sans", "Noto Sans SC"]
    with pytest.raises(ValueError, match="width"):
        plot.figsize("quarter")


def test_use_style_and_style_context_overrides():
    plot.use_style(font_size=9, axes_spines_right=True)
    assert mpl.rcParams["font.size"] == 9.0 and mpl.rcParams["axes.spines.right"] is True
    assert plot.house_rc()["font.size"] == 9.0  # figure functions see the override too
    with house_style({"axes.titlesize": 12}, font="serif") as rc:
        assert mpl.rcParams["axes.titlesize"] == 12.0
        assert rc["font.family"] == ["DejaVu Serif", "Noto Serif SC"]
        fig = plot.trend(pd.DataFrame({"year": [1, 2], "per_million": [1.0, 2.0]}), title="t")
        assert fig.axes[0].title.get_fontsize() == 12.0
    assert mpl.rcParams["axes.titlesize"] == plot.house_rc()["axes.titlesize"]
    with pytest.raises(ValueError, match="no_such_key"):
        plot.use_style(no_such_key=1)


# ----------------------------------------------------------------------------- CJK fonts


def test_cjk_font_comes_from_python_package():
    paths = plot.cjk_font_paths()
    assert all(plot_fonts._MODULE in str(p) and p.is_file() for p in paths.values())
    families = plot.register_cjk_fonts()
    assert families == {"sans": "Noto Sans SC", "serif": "Noto Serif SC"}


def _chinese_figure() -> Figure:
    df = pd.DataFrame(
        {"year": [2017, 2018, 2019] * 3, "slogan_id": np.repeat(CJK, 3), "count": range(9)}
    )
    fig = plot.trend(df, y="count", events={2018: "修宪 amendment"}, title="两个确立 — slogans")
    fig.axes[0].set_xticks([2017, 2018, 2019], CJK)
    return fig


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg"])
def test_chinese_labels_render_without_missing_glyphs(tmp_path, fmt):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = _chinese_figure()
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert legend == CJK
        fig.savefig(tmp_path / f"zh.{fmt}", format=fmt)
    if fmt == "pdf":
        assert b"NotoSansSC" in (tmp_path / "zh.pdf").read_bytes()


def test_glyph_check_catches_missing_font():
    # control: without the CJK fallback the same labels do warn, so the test above is meaningful
    fig = Figure()
    with mpl.rc_context({"font.family": ["DejaVu Sans"]}):
        fig.add_subplot().set_title(CJK[0])
        with pytest.warns(UserWarning, match="missing from font"):
            fig.savefig(os.devnull, format="png")


# ----------------------------------------------------------------------------- figures


def test_trend_lines_smoothing_events_labels(ngrams_df):
    fig = plot.trend(ngrams_df, smooth=3, events={2001: "入世", "2003": "SARS"})
    ax = fig.axes[0]
    series = _series(ax)
    assert [ln.get_label() for ln in series] == ["改革开放", "对外开放"]
    assert len([ln for ln in ax.get_lines() if ln.get_gid() == "raw"]) == 2
    expected = ngrams_df["per_million"][:4].rolling(3, center=True, min_periods=1).mean()
    np.testing.assert_allclose(series[0].get_ydata(), expected)
    assert len([ln for ln in ax.get_lines() if ln.get_gid() == "event"]) == 2
    assert {t.get_text().strip() for t in ax.texts} == {"入世", "SARS"}
    assert ax.get_ylabel() == "per million tokens"
    with pytest.raises(ValueError, match="several rows"):
        plot.trend(ngrams_df, group=False)  # one line needs one row per year


def test_trend_single_series_and_bad_smooth(ngrams_df):
    one = ngrams_df[ngrams_df["feature"] == "reform"]
    ax = plot.trend(one, group=False).axes[0]
    assert len(_series(ax)) == 1 and ax.get_legend() is None
    with pytest.raises(ValueError, match="smooth"):
        plot.trend(ngrams_df, smooth=0)
    with pytest.raises(ValueError, match="events key"):
        plot.trend(ngrams_df, events={"not a year": "x"})


def test_keyness_bars_two_sided(keyness_df):
    fig = plot.keyness_bars(keyness_df, top=2, target="GWR", reference="SOTU")
    ax = fig.axes[0]
    widths = [p.get_width() for p in ax.patches]
    assert widths == [90.0, 40.0, -70.0, -20.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["发展", "改革", "war", "tax"]
    legend = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    assert "GWR" in legend and "SOTU" in legend
    by_ratio = plot.keyness_bars(keyness_df, top=10, measure="log_ratio").axes[0]
    assert len(by_ratio.patches) == len(keyness_df)
    with pytest.raises(ValueError, match="'sign'"):
        plot.keyness_bars(keyness_df.assign(sign="?"))


def test_xray_rows_and_markers(positions_df):
    fig = plot.xray(positions_df, terms=["改革", "开放", "缺席"])
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == 3 and all(ln.get_marker() == "|" for ln in lines)
    np.testing.assert_allclose(lines[0].get_xdata(), [0.05, 0.45, 0.6])
    assert len(lines[2].get_xdata()) == 0
    assert [t.get_text() for t in ax.get_yticklabels()] == ["改革", "开放", "缺席"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1978", "1992", "2012"]


def test_prevalence_panels_and_single(prevalence_df):
    fig = plot.prevalence(prevalence_df)
    assert len(fig.axes) == 3
    for ax, label in zip(fig.axes, ["经济", "党建", "外交"], strict=True):
        assert len(ax.get_lines()) == 1 and ax.get_title() == label
        assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 1
    single = plot.prevalence(prevalence_df, topics=[2, 0], panels=False).axes[0]
    assert [ln.get_label() for ln in single.get_lines()] == ["外交", "经济"]
    cat = prevalence_df.assign(decade=prevalence_df["decade"].astype(str) + "s")
    ax = plot.prevalence(cat, by="decade", panels=False).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1980s", "1990s", "2000s"]
    with pytest.raises(ValueError, match="topics"):
        plot.prevalence(prevalence_df, topics=[7])


def test_top_terms_grid(topics_df):
    fig = plot.top_terms(topics_df, top=2)
    assert [len(ax.patches) for ax in fig.axes] == [2, 2]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["增长", "投资"]
    assert [ax.get_title() for ax in fig.axes] == ["经济", "topic 1"]


def test_heatmap_matrix_mirror_and_colorbar(similarity_df):
    fig = plot.heatmap(similarity_df)
    ax = fig.axes[0]
    mat = ax.images[0].get_array()
    assert mat.shape == (3, 3)
    assert mat[1, 0] == mat[0, 1] == 0.4  # mirrored
    assert np.ma.is_masked(mat[1, 2])  # no value for 邓小平 × 江泽民
    assert len(fig.axes) == 2  # colour bar
    assert len([t for t in ax.texts if t.get_gid() == "cell"]) == 7
    with pytest.raises(ValueError, match="same"):
        plot.heatmap(pd.concat([similarity_df, similarity_df]))


def test_timeline_spans_and_first_appearance(timeline_df):
    ax = plot.timeline(timeline_df).axes[0]
    assert len(ax.patches) == 2  # "never" has only zero counts
    first = next(ln for ln in ax.get_lines() if ln.get_gid() == "first")
    np.testing.assert_array_equal(first.get_xdata(), [2012, 2014])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["中国梦", "一带一路"]
    spans = [(p.get_x(), p.get_width()) for p in ax.patches]
    assert spans == [(2011.5, 4.0), (2013.5, 2.0)]
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(dots[0].get_offsets()) == 5  # active (slogan, year) cells
    with pytest.raises(ValueError, match="positive"):
        plot.timeline(timeline_df.assign(count=0))


def test_network_edges_nodes_and_determinism(cooc_df):
    fig = plot.network(cooc_df, min_count=2)
    ax = fig.axes[0]
    edges = next(c for c in ax.collections if isinstance(c, LineCollection))
    nodes = next(c for c in ax.collections if isinstance(c, PathCollection))
    assert len(edges.get_segments()) == 3
    assert len(nodes.get_offsets()) == 3
    assert sorted(t.get_text() for t in ax.texts) == sorted(CJK)
    again = plot.network(cooc_df, min_count=2).axes[0]
    np.testing.assert_array_equal(
        nodes.get_offsets(),
        next(c for c in again.collections if isinstance(c, PathCollection)).get_offsets(),
    )
    with pytest.raises(ValueError, match="min_count"):
        plot.network(cooc_df, min_count=100)


# ----------------------------------------------------------------------------- layout checks


def _drawn(fig: Figure):
    """Draw ``fig`` on an Agg canvas and return its renderer (for window extents)."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    return renderer


def _inside(inner, outer, tol: float = 0.5) -> bool:
    return (
        inner.x0 >= outer.x0 - tol
        and inner.y0 >= outer.y0 - tol
        and inner.x1 <= outer.x1 + tol
        and inner.y1 <= outer.y1 + tol
    )


@pytest.fixture
def many_slogans_df() -> pd.DataFrame:
    labels = ["中国梦", "一带一路", "两个确立", "中国式现代化", "人类命运共同体", "新发展理念"]
    rows = [
        (year, f"s{i}", label, (year - 2010 - i) % 4 + 1 if year >= 2010 + i else 0)
        for i, label in enumerate(labels)
        for year in range(2010, 2024)
    ]
    return pd.DataFrame(rows, columns=["year", "slogan_id", "label_zh", "count"])


@pytest.mark.parametrize("width", ["single", "double"])
def test_timeline_title_does_not_overlap_legend(many_slogans_df, width):
    fig = plot.timeline(
        many_slogans_df, title="口号首次出现 first appearance of slogans", width=width
    )
    renderer = _drawn(fig)
    ax = fig.axes[0]
    title = ax.title.get_window_extent(renderer)
    legend = ax.get_legend().get_window_extent(renderer)
    assert ax.get_title() == "口号首次出现 first appearance of slogans"
    assert not title.overlaps(legend)
    assert title.y0 >= legend.y1  # title above the legend, legend above the axes
    assert legend.y0 >= ax.get_window_extent(renderer).y1
    page = fig.bbox
    assert _inside(title, page) and _inside(legend, page)  # nothing cut off at the edges


def test_title_clears_legend_in_given_axes(many_slogans_df, keyness_df):
    with house_style():  # the caller's figure, drawn in the house style (CJK fallback font)
        fig = Figure(figsize=plot.figsize("double", 0.5), layout="constrained")
        left, right = fig.subplots(1, 2)
        plot.timeline(many_slogans_df, ax=left, title="timeline 时间线")
        plot.keyness_bars(keyness_df, top=2, ax=right, title="keyness 关键词")
        renderer = _drawn(fig)
    for ax in (left, right):
        title = ax.title.get_window_extent(renderer)
        legend = ax.get_legend().get_window_extent(renderer)
        assert not title.overlaps(legend), ax.get_title()
        assert _inside(legend, fig.bbox)


_COMPONENTS = [
    ["两个确立", "中国式现代化", "改革开放", "中国梦", "一带一路", "新发展理念", "全面从严治党"],
    ["科学发展观", "和谐社会", "小康社会"],
    ["三个代表", "与时俱进"],
]


def _three_components() -> pd.DataFrame:
    big, mid, small = _COMPONENTS
    pairs = [(a, b) for i, a in enumerate(big) for b in big[i + 1 :] if (i + len(b)) % 3 != 0]
    pairs += [(mid[0], mid[1]), (mid[1], mid[2]), (mid[0], mid[2]), (small[0], small[1])]
    return pd.DataFrame(
        {
            "slogan_a": [a for a, _ in pairs],
            "slogan_b": [b for _, b in pairs],
            "count": [3 + (7 * i) % 11 for i in range(len(pairs))],
            "npmi": [((5 * i) % 9) / 10 - 0.1 for i in range(len(pairs))],
        }
    )


def _label_overlap_fraction(boxes) -> float:
    pairs = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]]
    return sum(a.overlaps(b) for a, b in pairs) / len(pairs)


@pytest.mark.parametrize("width", ["single", "double"])
def test_network_packs_components_and_separates_labels(width):
    df = _three_components()
    fig = plot.network(df, width=width, title="共现网络")
    renderer = _drawn(fig)
    ax = fig.axes[0]
    nodes = next(c for c in ax.collections if isinstance(c, PathCollection))
    xy = nodes.get_offsets()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert len(xy) == 12
    assert np.all((xy[:, 0] > x0) & (xy[:, 0] < x1) & (xy[:, 1] > y0) & (xy[:, 1] < y1))
    # components are packed next to each other, not pushed to the far corners
    labels = [t.get_text() for t in ax.texts]  # in node order
    groups = [xy[[name in comp for name in labels]] for comp in _COMPONENTS]
    big_span = float(np.ptp(groups[0], axis=0).max())
    for k, pts in enumerate(groups):
        others = np.vstack([g for j, g in enumerate(groups) if j != k])
        nearest = np.min(np.hypot(*(pts[:, None, :] - others[None, :, :]).transpose(2, 0, 1)))
        assert nearest < big_span, k
    # labels: hardly any pair overlaps, none sticks out of the figure
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert _label_overlap_fraction(boxes) <= 0.03
    assert all(_inside(b, fig.bbox) for b in boxes)


def test_network_labels_stay_next_to_their_nodes_and_shrink_when_dense():
    fig = plot.network(_three_components())
    renderer = _drawn(fig)
    ax = fig.axes[0]
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        node = ax.transData.transform(text.xy)
        gap = max(box.x0 - node[0], node[0] - box.x1, box.y0 - node[1], node[1] - box.y1, 0)
        assert gap < 30 * fig.dpi / 72, text.get_text()  # within 30 pt of its node
    ring = pd.DataFrame(
        {
            "slogan_a": [f"s{i}" for i in range(30)],
            "slogan_b": [f"s{(i + 1) % 30}" for i in range(30)],
            "count": [1] * 30,
        }
    )
    dense = plot.network(ring, color=None).axes[0]
    base = plot.house_rc()["font.size"]
    assert {t.get_fontsize() for t in dense.texts} == {base - 2}
    assert {t.get_fontsize() for t in ax.texts} == {base}  # 12 nodes: full size


def test_network_layout_is_deterministic_and_seeded():
    df = _three_components()
    a, b, c = (plot.network(df, seed=s).axes[0] for s in (0, 0, 5))
    offsets = [
        next(x for x in ax.collections if isinstance(x, PathCollection)).get_offsets()
        for ax in (a, b, c)
    ]
    np.testing.assert_array_equal(offsets[0], offsets[1])
    assert [t.xyann for t in a.texts] == [t.xyann for t in b.texts]
    assert not np.array_equal(offsets[0], offsets[2])


def test_prevalence_panels_have_independent_y_axes_by_default(prevalence_df):
    tiny = prevalence_df.assign(
        share=np.where(prevalence_df["topic"] == 2, prevalence_df["share"] / 50, 0.4),
        ci_low=lambda d: d["share"] * 0.9,
        ci_high=lambda d: d["share"] * 1.1,
    )
    axes = plot.prevalence(tiny).axes
    tops = [ax.get_ylim()[1] for ax in axes]
    assert tops[2] < tops[0] / 10  # the small topic fills its own panel
    assert tiny.loc[tiny["topic"] == 2, "ci_high"].max() <= tops[2]
    assert all(ax.get_ylim()[0] == 0 for ax in axes)
    shared = plot.prevalence(tiny, sharey=True).axes
    assert len({ax.get_ylim() for ax in shared}) == 1
    rec = plot.save.provenance_record(plot.prevalence(tiny, sharey=True), "p")
    assert rec["plot"]["parameters"]["sharey"] is True


def test_heatmap_any_long_frame_non_square():
    df = pd.DataFrame(
        {
            "topic": ["经济", "经济", "经济", "外交", "外交", "党建", "党建", "党建"],
            "decade": [1990, 2000, 2010, 1990, 2010, 1990, 2000, 2010],
            "share": [0.5, 0.4, 0.3, 0.1, 0.2, 0.2, 0.3, 0.4],
        }
    )
    fig = plot.heatmap(df, row="topic", col="decade", value="share")
    ax = fig.axes[0]
    mat = ax.images[0].get_array()
    assert mat.shape == (3, 3)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["经济", "外交", "党建"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1990", "2000", "2010"]
    assert np.ma.is_masked(mat[1, 1]) and mat[0, 0] == 0.5 and mat[2, 1] == 0.3
    assert not any(t.get_text() == "" for t in ax.texts)
    wide = plot.heatmap(
        df, row="topic", col="decade", value="share", col_order=[1980, 1990, 2000, 2010]
    )
    wmat = wide.axes[0].images[0].get_array()
    assert wmat.shape == (3, 4) and wmat.mask[:, 0].all()  # an empty column stays blank
    assert len([t for t in wide.axes[0].texts if t.get_gid() == "cell"]) == 8
    with pytest.raises(ValueError, match="row_order"):
        plot.heatmap(df, row="topic", col="decade", value="share", row_order=["经济"])
    with pytest.raises(ValueError, match="'share'"):
        plot.heatmap(df, row="topic", col="decade")  # value defaults to 'similarity'
    with pytest.raises(ValueError, match="different columns"):
        plot.heatmap(df, row="topic", col="topic", value="share")


def test_heatmap_symmetric_choice_and_old_names(similarity_df):
    triangle = similarity_df[similarity_df["group_a"] != similarity_df["group_b"]]
    plain = plot.heatmap(triangle).axes[0].images[0].get_array()
    assert plain.shape == (1, 2)  # rows {毛泽东} x columns {邓小平, 江泽民}: not mirrored
    square = plot.heatmap(triangle, symmetric=True).axes[0].images[0].get_array()
    assert square.shape == (3, 3) and square[1, 0] == square[0, 1] == 0.4
    renamed = similarity_df.rename(columns={"group_a": "x", "group_b": "y", "similarity": "v"})
    old = plot.heatmap(renamed, a="x", b="y", value="v").axes[0].images[0].get_array()
    np.testing.assert_array_equal(
        old.filled(-1), plot.heatmap(similarity_df).axes[0].images[0].get_array().filled(-1)
    )
    with pytest.raises(ValueError, match="not both"):
        plot.heatmap(renamed, a="x", row="y", value="v")
    with pytest.raises(ValueError, match="order"):
        plot.heatmap(similarity_df, order=["毛泽东", "邓小平", "江泽民"], row_order=["毛泽东"])


@pytest.mark.parametrize(
    "make",
    [
        lambda: plot.network(_three_components(), title="共现网络"),
        lambda: plot.timeline(
            pd.DataFrame({"year": [2012, 2013], "slogan_id": ["a", "b"], "count": [1, 2]}),
            title="时间线",
        ),
        lambda: plot.heatmap(
            pd.DataFrame({"group_a": ["甲", "乙"], "group_b": ["x", "y"], "similarity": [1, 2]})
        ),
    ],
)
def test_new_layouts_are_byte_reproducible(tmp_path, make):
    png = [plot.save_figure(make(), "f", formats="png", directory=tmp_path / d)[0] for d in "ab"]
    assert png[0].read_bytes() == png[1].read_bytes()


CASES = [
    ("trend", "ngrams_df", "per_million", {}),
    ("keyness_bars", "keyness_df", "g2", {}),
    ("xray", "positions_df", "relative_position", {}),
    ("prevalence", "prevalence_df", "share", {}),
    ("top_terms", "topics_df", "feature", {}),
    ("heatmap", "similarity_df", "group_b", {}),
    ("timeline", "timeline_df", "count", {}),
    ("network", "cooc_df", "slogan_a", {}),
]


@pytest.mark.parametrize(("func", "fixture", "column", "kwargs"), CASES)
def test_draws_cleanly_and_missing_column_is_named(request, caplog, func, fixture, column, kwargs):
    df = request.getfixturevalue(fixture)
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("error")  # no missing glyphs, no layout warnings
        fig = getattr(plot, func)(df, **kwargs)
        png = fig._repr_png_()
    assert isinstance(fig, Figure) and png.startswith(b"\x89PNG")
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    with pytest.raises(ValueError, match=repr(column)):
        getattr(plot, func)(df.drop(columns=[column]), **kwargs)
    with pytest.raises(TypeError, match="DataFrame"):
        getattr(plot, func)(df.to_dict())


def test_non_numeric_value_column_is_named(keyness_df):
    with pytest.raises(ValueError, match="'g2'"):
        plot.keyness_bars(keyness_df.assign(g2="high"))


def test_draw_into_given_axes(ngrams_df, keyness_df):
    fig = Figure(figsize=plot.figsize("double", 0.4))
    left, right = fig.subplots(1, 2)
    assert plot.trend(ngrams_df, ax=left) is fig
    assert plot.keyness_bars(keyness_df, ax=right) is fig
    calls = plot.save.provenance_record(fig, "two")["plot"]
    assert [c["function"] for c in calls] == ["toolkit.plot.trend", "toolkit.plot.keyness_bars"]


# ----------------------------------------------------------------------------- saving


def _build_and_save(directory: Path) -> list[Path]:
    df = pd.DataFrame(
        {
            "year": [2000, 2001, 2002] * 2,
            "feature": ["改革"] * 3 + ["reform"] * 3,
            "per_million": [1.0, 2.0, 4.0, 3.0, 1.0, 2.0],
        }
    )
    fig = plot.trend(df, smooth=2, events={2001: "入世"}, title="中国式现代化")
    prov = {
        "corpus": "政府工作报告",
        "corpus_sha256": "ab" * 32,
        "function": "toolkit.ngrams",
        "parameters": {"n": 1},
    }
    return plot.save_figure(fig, "trend", svg=True, directory=directory, provenance=prov)


def test_save_is_byte_identical_in_two_fresh_processes(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO)!r}); sys.path.insert(0, {str(Path(__file__).parent)!r})
        from pathlib import Path
        from test_plot import _build_and_save, _three_components
        from toolkit import plot
        _build_and_save(Path(sys.argv[1]))
        fig = plot.network(_three_components(), title="网络")  # components come from sets
        plot.save_figure(fig, "network", formats="png", directory=Path(sys.argv[1]))
        """
    )
    outputs = []
    for run, seed in enumerate(["1", "2"]):
        out = tmp_path / f"run{run}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"}
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env)
        outputs.append(out)
    for name in ("trend.png", "trend.pdf", "trend.svg", "network.png"):
        a, b = (o / name for o in outputs)
        assert a.read_bytes() == b.read_bytes(), name


def test_save_is_byte_identical_for_two_fresh_figures(tmp_path):
    first = _build_and_save(tmp_path / "a")
    second = _build_and_save(tmp_path / "b")
    assert [p.name for p in first] == ["trend.png", "trend.pdf", "trend.svg"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.suffix
    pdf, svg = first[1].read_bytes(), first[2].read_text(encoding="utf-8")
    assert b"CreationDate" not in pdf and b"ModDate" not in pdf
    assert "<dc:date>" not in svg


def test_provenance_round_trip(tmp_path):
    paths = _build_and_save(tmp_path)
    for path in paths:
        rec = plot.read_provenance(path)
        assert rec["toolkit_version"] == __version__
        assert rec["matplotlib_version"] == mpl.__version__
        assert rec["corpus"] == "政府工作报告" and rec["corpus_sha256"] == "ab" * 32
        assert rec["function"] == "toolkit.ngrams" and rec["parameters"] == {"n": 1}
        assert rec["figure"] == "trend"
        assert rec["plot"]["function"] == "toolkit.plot.trend"
        assert rec["plot"]["parameters"]["smooth"] == 2
        assert rec["plot"]["parameters"]["events"] == {"2001": "入世"}
        assert rec["plot"]["data_rows"] == 6 and len(rec["plot"]["data_sha256"]) == 64
    from PIL import Image

    with Image.open(paths[0]) as im:
        text = im.text["Provenance"]
    assert text == json.dumps(
        json.loads(text), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def test_provenance_accepts_corpus_object_and_plot_parameters(tmp_path, keyness_df):
    class FakeCorpus:
        name, sha256 = "sotu", "cd" * 32

    fig = plot.keyness_bars(keyness_df, top=3, target="A", reference="B")
    [pdf] = plot.save_figure(
        fig, "kw", formats="pdf", directory=tmp_path, provenance={"corpus": FakeCorpus()}
    )
    rec = plot.read_provenance(pdf)
    assert rec["corpus"] == "sotu" and rec["corpus_sha256"] == "cd" * 32
    assert rec["plot"]["parameters"]["top"] == 3 and rec["plot"]["parameters"]["target"] == "A"
    made = plot.make_provenance(
        FakeCorpus(), function="toolkit.keyness", parameters={"years": {1990, 1980}}
    )
    assert made["parameters"] == {"years": [1980, 1990]}
    with pytest.raises(TypeError, match="provenance"):
        plot.save_figure(fig, "kw", directory=tmp_path, provenance={"bad": object()})


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path):
    old = tmp_path / "fig.png"
    old.write_bytes(b"old contents")
    fig = Figure(figsize=(1, 1))
    fig.add_subplot().plot([0, 1])
    paths = plot.save_figure(fig, "fig", formats=("png",), directory=tmp_path)
    assert paths == [old] and old.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.png"]

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    fig.savefig = boom
    kept = old.read_bytes()
    with pytest.raises(RuntimeError, match="disk full"):
        plot.save_figure(fig, "fig", formats="png", directory=tmp_path)
    assert old.read_bytes() == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.png"]


def test_save_figure_bad_arguments(tmp_path):
    fig = Figure()
    with pytest.raises(ValueError, match="formats"):
        plot.save_figure(fig, "x", formats=("gif",), directory=tmp_path)
    with pytest.raises(ValueError, match="name"):
        plot.save_figure(fig, "sub/x", directory=tmp_path)
    with pytest.raises(TypeError, match="Figure"):
        plot.save_figure("not a figure", "x", directory=tmp_path)
    other = tmp_path / "other.png"
    fig.savefig(other)
    with pytest.raises(ValueError, match="provenance"):
        plot.read_provenance(other)
    (tmp_path / "note.txt").write_text("hello")
    with pytest.raises(ValueError, match="PNG, PDF or SVG"):
        plot.read_provenance(tmp_path / "note.txt")


# ------------------------------------------------- each plot takes its feeding function's output


def _zh_corpus():
    import toolkit as tk

    rng = np.random.default_rng(0)
    words = ["改革开放", "发展", "人民", "经济", "中国式现代化", "共同富裕", "社会", "建设", "安全"]
    rows = [
        {
            "doc_id": f"r{year}",
            "text": "\n\n".join("".join(rng.choice(words, 30)) + "。" for _ in range(4)),
            "year": year,
        }
        for year in [2010, 2011, 2012, 2014, 2015, 2016, 2017, 2018]
    ]
    return tk.Corpus(pd.DataFrame(rows))


def _en_corpus():
    import toolkit as tk

    rng = np.random.default_rng(1)
    words = "tax budget army navy school health trade peace war bank gold land farm oil court law"
    words = words.split()
    rows = [
        {
            "doc_id": f"d{i}",
            "text": "\n\n".join(
                " ".join(rng.choice(words[(j * 4) % 12 : (j * 4) % 12 + 6], 40)) for j in range(4)
            ),
            "year": 1990 + i,
            "party": "AB"[i % 2],
        }
        for i in range(20)
    ]
    return tk.Corpus(pd.DataFrame(rows))


LEX = {"reform-and-opening-up": "改革开放", "common-prosperity": "共同富裕", "cm": "中国式现代化"}


def test_plots_take_their_feeding_functions_output_as_is():
    """No y=, no column names, no unpacking: the result of the analysis goes straight in."""
    import toolkit as tk

    zh, en = _zh_corpus(), _en_corpus()
    lex = tk.Lexicon.from_dict(LEX)
    model = tk.fit_topics(en, k=3, unit="paragraph", seed=0)
    wf = tk.wordfish(tk.dfm(en))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        shift = tk.semantic_shift(en, ["tax", "army"], by="decade", dim=5, n_boot=0, seed=0)
    feeds = {
        "trend(ngrams)": lambda: plot.trend(tk.ngrams(zh, n=1, by="year")),
        "trend(count_slogans rate=10k)": lambda: plot.trend(
            tk.count_slogans(zh, lex, by="year", rate=10_000)
        ),
        "trend(change_points)": lambda: plot.trend(tk.change_points(zh.tokens(), width=2)),
        "timeline(count_slogans)": lambda: plot.timeline(tk.count_slogans(zh, lex, by="year")),
        "network(slogan_cooccurrence)": lambda: plot.network(
            tk.slogan_cooccurrence(zh, lex, unit="paragraph")
        ),
        "keyness_bars(keyness)": lambda: plot.keyness_bars(tk.keyness(zh, "year>=2015")),
        "xray(dispersion)": lambda: plot.xray(tk.dispersion(zh, ["改革开放", "安全"])),
        "heatmap(group_similarity)": lambda: plot.heatmap(tk.group_similarity(zh, by="year")),
        "word_network(fcm)": lambda: plot.word_network(tk.fcm(zh.tokens())),
        "top_terms(model)": lambda: plot.top_terms(model),
        "top_terms(topics)": lambda: plot.top_terms(model.topics()),
        "prevalence": lambda: plot.prevalence(model.prevalence(by="decade", n_boot=5, seed=0)),
        "positions(wordfish)": lambda: plot.positions(wf),
        "positions(documents)": lambda: plot.positions(wf.documents),
        "eiffel(wordfish)": lambda: plot.eiffel(wf),
        "effects(expected)": lambda: plot.effects(
            tk.topic_effects(model, formula="~ party + year", n_sims=3, seed=0).expected("year")
        ),
        "reuse(reuse)": lambda: plot.reuse(tk.reuse(zh)),
        "semantic_shift(semantic_shift)": lambda: plot.semantic_shift(shift),
    }
    for name, make in feeds.items():
        fig = make()
        assert isinstance(fig, Figure) and fig.axes, name
        fig.draw_without_rendering()


def test_trend_breaks_lines_at_missing_years_and_says_so():
    df = pd.DataFrame({"year": [1987, 1988, 1992, 1993, 1995], "count": [1, 2, 3, 4, 5]})
    ax = plot.trend(df).axes[0]
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == "series"]
    ys = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(ys).sum() == 2  # 1989–91 and 1994: two breaks
    finite = np.asarray(line.get_xdata(), dtype=float)[~np.isnan(ys)]
    assert finite.tolist() == [1987, 1988, 1992, 1993, 1995]
    assert "no data: 1989–91, 1994" in ax.get_xlabel()
    joined = plot.trend(df, gaps="join").axes[0]
    assert "no data" not in joined.get_xlabel()
    assert not np.isnan(np.asarray(joined.get_lines()[0].get_ydata(), dtype=float)).any()
    with pytest.raises(ValueError, match="gaps"):
        plot.trend(df, gaps="skip")


def test_trend_event_labels_sit_above_the_data():
    years = np.arange(1900, 1960)
    df = pd.DataFrame({"year": years, "score": np.sin(years / 5.0) + 2})
    fig = plot.trend(df, events={1917: "1917", 1919: "1919", 1934: "New Deal"}, title="t")
    ax = fig.axes[0]
    fig.draw_without_rendering()
    top = ax.get_window_extent().y1
    events = [t for t in ax.texts if t.get_gid() == "event"]
    assert [t.get_text() for t in events] == ["1917", "1919", "New Deal"]
    boxes = [t.get_window_extent() for t in events]
    assert all(b.y0 >= top - 0.5 for b in boxes)  # nothing drawn over the plotting area
    assert not boxes[0].overlaps(boxes[1])  # close events: the second label moves up a row
    assert all(t.get_bbox_patch() is None for t in events)  # no opaque box
    assert ax.title.get_window_extent().y0 >= max(b.y1 for b in boxes) - 0.5


def test_trend_legend_does_not_cover_the_lines():
    years = list(range(2000, 2012))
    df = pd.DataFrame(
        {
            "year": years * 2,
            "slogan_id": ["a"] * 12 + ["b"] * 12,
            "label_zh": ["社会主义市场经济"] * 12 + ["中国特色社会主义"] * 12,
            "label_en": ["socialist market economy"] * 12
            + ["socialism with Chinese features"] * 12,
            "per_million": [9.0] * 12 + [8.5] * 12,  # flat lines across the top of the axes
        }
    )
    fig = plot.trend(df, bilingual=True)
    ax = fig.axes[0]
    fig.draw_without_rendering()
    legend = ax.get_legend().get_window_extent()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "社会主义市场经济 socialist market economy",
        "中国特色社会主义 socialism with Chinese features",
    ]
    for line in ax.get_lines():
        xy = ax.transData.transform(line.get_xydata())
        inside = (
            (xy[:, 0] >= legend.x0) & (xy[:, 0] <= legend.x1)
            & (xy[:, 1] >= legend.y0) & (xy[:, 1] <= legend.y1)
        )  # fmt: skip
        assert not inside.any()
    assert _inside(legend, fig.bbox)


def test_timeline_has_a_dot_size_key_and_bilingual_labels(many_slogans_df):
    df = many_slogans_df.assign(label_en=lambda d: "gloss " + d["slogan_id"])
    fig = plot.timeline(df, bilingual=True)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[:3] == ["first appearance", "active span", "count per year:"]
    keys = [float(t) for t in texts[3:]]
    assert keys == sorted(keys) and 2 <= len(keys) <= 3 and keys[-1] <= df["count"].max()
    handles = ax.get_legend().legend_handles[3:]
    sizes = [h.get_markersize() for h in handles]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    # the key's marker areas are the plotted dots' areas for those counts
    dots = next(c for c in ax.collections if isinstance(c, PathCollection))
    assert max(sizes) ** 2 <= dots.get_sizes().max() + 1e-9
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "中国梦 gloss s0" in labels


def test_network_labels_avoid_edges_and_can_be_bilingual():
    from toolkit.plot._layout import crossing_length

    co = pd.DataFrame(
        {
            "slogan_a": ["reform-and-opening-up"] * 4 + ["three-represents", "xi-thought"],
            "slogan_b": ["three-represents", "xi-thought", "steady-progress", "moderately-well-off",
                         "steady-progress", "moderately-well-off"],
            "label_a": ["改革开放"] * 4 + ["三个代表", "习近平新时代中国特色社会主义思想"],
            "label_b": ["三个代表", "习近平新时代中国特色社会主义思想", "稳中求进", "全面建成小康社会",
                        "稳中求进", "全面建成小康社会"],
            "count": [20, 15, 12, 10, 9, 8],
            "npmi": [0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
        }
    )  # fmt: skip
    fig = plot.network(co, width="double", seed=1)
    ax = fig.axes[0]
    fig.draw_without_rendering()
    segs = ax.collections[0].get_segments()
    edges = np.array([ax.transData.transform(np.asarray(s)) for s in segs])
    crossed = [
        t.get_text()
        for t in ax.texts
        if crossing_length(np.array(t.get_window_extent().extents), edges) > 1.0
    ]
    assert crossed == []
    fig = plot.network(co, bilingual=True)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert "改革开放\nreform and opening up" in texts  # English from the entry id (a slug)
    fig = plot.network(co, bilingual=True, gloss={"three-represents": "Three Represents"})
    assert "三个代表\nThree Represents" in {t.get_text() for t in fig.axes[0].texts}


def test_bilingual_labels_from_a_lexicon_gloss():
    import toolkit as tk

    lex = tk.Lexicon.from_dict({"cp": {"zh": "共同富裕", "en": "common prosperity"}})
    df = pd.DataFrame(
        {"year": [2020, 2021], "feature": ["共同富裕"] * 2, "per_million": [1.0, 2.0]}
    )
    fig = plot.trend(df, group="feature", bilingual=True, gloss=lex)
    assert fig.axes[0].get_lines()[0].get_label() == "共同富裕 common prosperity"


def test_data_hash_does_not_depend_on_dtypes_or_float_noise():
    from toolkit.plot._common import data_fingerprint

    a = pd.DataFrame({"year": np.array([2000, 2001], dtype="int64"), "v": [0.1 + 0.2, 1.0]})
    b = pd.DataFrame({"year": np.array([2000, 2001], dtype="int32"), "v": [0.3, 1]})
    c = a.astype({"year": "Int64"}).assign(name=pd.array(["x", "y"], dtype="string"))
    d = a.assign(name=["x", "y"])
    assert data_fingerprint(a) == data_fingerprint(b)
    assert data_fingerprint(c) == data_fingerprint(d)
    assert data_fingerprint(a) != data_fingerprint(a.assign(v=[0.3, 1.001]))
    assert data_fingerprint(a) != data_fingerprint(a.rename(columns={"v": "w"}))


def test_notebook_display_png_is_small_and_carries_no_version():
    import io

    from PIL import Image

    fig = plot.trend(pd.DataFrame({"year": [1, 2], "per_million": [1.0, 2.0]}))
    png = fig._repr_png_()
    assert png == fig._repr_png_()
    with Image.open(io.BytesIO(png)) as im:
        assert "Software" not in im.text
        assert im.size[0] == round(3.5 * plot.Figure.display_dpi)
