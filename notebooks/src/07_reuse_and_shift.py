# toolkit-corpora: gwr-zh, cpc-congress-zh
# %% [markdown]
# # 07 · Text reuse and meaning shift in Chinese official documents
#
# Two questions students of official rhetoric ask:
#
# 1. **Who copies whose words?** How much of each year's Government Work Report (政府工作报告)
#    is carried over from earlier reports, and how much of it repeats the report to the latest
#    Party congress (党代会报告)? Text reuse in this sense — aligned passages that survive
#    editing — is what Smith et al.'s *passim* detects in newspapers and Wilkerson, Smith &
#    Stramp (2015, *AJPS*) in legislation.
# 2. **How does the company a formulation keeps change?** Following Hamilton, Leskovec &
#    Jurafsky (2016, "Diachronic word embeddings reveal statistical laws of semantic change"),
#    embeddings are trained on each decade of the work reports separately (SVD of the positive
#    PMI matrix, which is stable on corpora of this size — about a million characters in all)
#    and aligned decade to decade with orthogonal Procrustes; a word's cosine distance across
#    decades and its nearest neighbours show how its use moved.
#
# **Method, reuse.** `tk.reuse` compares Chinese on the characters of the normalised text
# (spaces and punctuation skipped). Six-character shingles shared by two documents are found in
# an exact hash index; shingles found in more than half of the documents (openings such as
# 各位代表) do not seed passages. Seeds on nearby diagonals are chained, and each chain's region
# is aligned locally with rapidfuzz (Levenshtein opcodes; +1 per matched character, −1 per
# substitution, insertion or deletion), so passages survive small edits. A passage must be at
# least 25 characters long with a normalised Levenshtein similarity of at least 0.7. On
# passages of 30–300 characters cut from these reports, edited at 0–15 % and planted into
# unrelated text, this finds 99 % of them with both spans within 5 characters and reports no
# false passage (`tests/test_reuse.py`, `benchmarks/RESULTS.md`).
#
# **Data.** `gwr-zh` (52 reports, 1954–2025, Chinese Wikisource) and `cpc-congress-zh` (15
# congress reports, 1921–2022).

# %% tags=["parameters"]
import toolkit as tk

# bootstrap replicates of the meaning-shift intervals (each retrains every decade); 5 under
# TOOLKIT_QUICK=1 (the test suite; `make figures` runs the full 20)
N_BOOT = 5 if tk.options.quick else 20
DIM = 50
TERMS = ["改革", "开放", "民主", "安全"]
CONTROLS = ["发展", "农业"]  # words whose use should change little: the noise floor

# %%
import warnings

import numpy as np
import pandas as pd

import toolkit as tk

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 14)
pd.set_option("display.max_colwidth", 50)

gwr = tk.load_corpus("gwr-zh")
cpc = tk.load_corpus("cpc-congress-zh")
print(gwr, cpc, sep="\n")
PROV_GWR = {"corpus": gwr.name, "corpus_sha256": gwr.sha256}

# %% [markdown]
# ## 1 · Self-reuse: how much of each report repeats earlier ones
#
# Within one corpus every pair of reports is compared once, the later report as the target and
# the earlier one as the source. `tk.reuse_summary` gives, per target report, the share of its
# characters covered by reused passages — the union of the passages' spans, so a sentence
# found in three earlier reports counts once.

# %%
self_reuse = tk.reuse(gwr)
print(f"{len(self_reuse):,} reused passages between {gwr.docs['doc_id'].nunique()} reports")
cols = ["doc_id_target", "doc_id_source", "length", "similarity", "text_target"]
print(self_reuse.sort_values("length", ascending=False)[cols].head(8).to_string(index=False))

pooled = tk.reuse_summary(self_reuse, by_source=False)
per_source = tk.reuse_summary(self_reuse)  # one row per (report, earlier report)
ordered = gwr.docs.sort_values("year")["doc_id"].tolist()
previous_report = dict(zip(ordered[1:], ordered[:-1], strict=True))  # 2021's is 2019's
from_previous = per_source[per_source["doc_id_source"] == per_source["doc_id"].map(previous_report)]
largest = per_source.groupby("doc_id", sort=False).head(1)  # the most reused source
share = pooled[["doc_id", "year", "n_passages", "share_reused", "longest"]]
share = share.merge(
    from_previous[["doc_id", "share_reused"]].rename(columns={"share_reused": "from_previous"}),
    on="doc_id",
    how="left",
).merge(
    largest[["doc_id", "doc_id_source"]].rename(columns={"doc_id_source": "largest_source"}),
    on="doc_id",
)
share["from_previous"] = share["from_previous"].fillna(0.0)
print(share.round(3).to_string(index=False))

# %%
fig = tk.plot.reuse(
    self_reuse, color="lag", title="Passages of each Government Work Report found in earlier ones"
)
saved = tk.save_figure(
    fig,
    "07_gwr_self_reuse",
    provenance={**PROV_GWR, "function": "tk.reuse", "parameters": {"source": None}},
)
print("saved:", ", ".join(p.name for p in saved))

# years without a report stay empty (the line breaks instead of bridging the gap)
every_year = share.set_index("year").reindex(range(share["year"].min(), 2026)).reset_index()
long = every_year.melt(
    id_vars="year",
    value_vars=["share_reused", "from_previous"],
    var_name="feature",
    value_name="share",
)
long["label"] = long["feature"].map(
    {"share_reused": "from any earlier report", "from_previous": "from the previous report"}
)
fig = tk.plot.trend(long, y="share", group="feature", ylabel="share of characters reused")
for line in fig.axes[0].get_lines():  # markers, so that reports between gaps (1964, 1975) show
    line.set_marker("o")
    line.set_markersize(2.0)
saved = tk.save_figure(
    fig,
    "07_gwr_self_reuse_share",
    provenance={**PROV_GWR, "function": "tk.reuse_summary", "parameters": {"by_source": False}},
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# Until the late 1980s a report shares only scattered sentences with earlier ones (the
# 1960s–70s reports are few and far apart). From the 1990s on, reports are written on the
# template of their predecessors: the opening thanks to the deputies, the closing salute to the
# army and the compatriots in Hong Kong, Macao and Taiwan, and the targets section
# (城镇新增就业…, 居民消费价格涨幅…) return year after year, and a tenth to a sixth of a recent
# report is found in earlier ones, most of it in the previous report (for 2021 that is the
# 2019 report: the corpus lacks the 2020 report).

# %% [markdown]
# ## 2 · Congress-report passages in the work reports
#
# The work report that follows a Party congress is expected to restate the congress's line.
# Here each work report is the target and the fifteen congress reports are the sources.

# %%
shared = tk.reuse(gwr, cpc)
# a passage shared with a *later* congress report is that report quoting the government (or
# both quoting a common source): keep the congress reports of the same year or earlier
congress = shared[shared["year_source"] <= shared["year_target"]]
by_congress = tk.reuse_summary(congress)
print(
    f"{len(shared):,} passages shared by work reports and congress reports, "
    f"{len(congress):,} of them with a congress report of the same year or earlier"
)
top_source = by_congress.groupby("doc_id", sort=False).head(1)
after = [(1998, 15), (2003, 16), (2008, 17), (2013, 18), (2018, 19), (2023, 20)]
check = top_source.set_index("year").loc[[y for y, _ in after]]
print(check[["doc_id_source", "n_passages", "chars_reused", "share_reused", "longest"]].to_string())

fig = tk.plot.reuse(
    congress, top=6, title="Passages of congress reports in each Government Work Report"
)
saved = tk.save_figure(
    fig,
    "07_congress_in_gwr",
    provenance={
        **PROV_GWR,
        "function": "tk.reuse",
        "parameters": {"source": cpc.name, "source_sha256": cpc.sha256},
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# The first work report after each recent congress (1998, 2003, 2008, 2013, 2018, 2023) takes
# more text from that congress's report than from any other: the government restates the
# Party's new line in the Party's words. Older reports draw on the 8th–11th congresses only in
# scattered slogans.

# %% [markdown]
# ## 3 · Meaning shift of formulations
#
# `tk.semantic_shift` trains SVD-PPMI embeddings (window 5, context smoothing 0.75) on each
# decade, after dropping Chinese stopwords; a word needs 10 occurrences in a decade to get a
# vector there (fewer: a warning, and no value). The interval is a percentile bootstrap over
# the decade's reports (resampled with replacement, every decade retrained). Two control words
# show how much two independently trained decades differ for words whose use changes little.
# **Caveat:** a decade holds 2–10 reports, so the intervals are wide and the bootstrap shifts
# are biased upwards (resampling removes reports); compare terms with the controls, not with
# zero.

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", tk.ToolkitWarning)
    shift = tk.semantic_shift(
        gwr, TERMS + CONTROLS, by="decade", dim=DIM, n_boot=N_BOOT, stopwords="zh", seed=0
    )
for w in caught:
    print("warning:", w.message)
show = ["feature", "decade", "count", "shift", "shift_low", "shift_high", "stability"]
print(shift[show + ["neighbours"]].round(3).to_string(index=False))

# %%
fig = tk.plot.semantic_shift(
    shift[shift["feature"].isin(TERMS)],
    measure="shift",
    title="Cosine distance to the previous decade (95 % bootstrap interval) and nearest neighbours",
)
saved = tk.save_figure(
    fig,
    "07_semantic_shift",
    provenance={
        **PROV_GWR,
        "function": "tk.semantic_shift",
        "parameters": {"terms": TERMS, "by": "decade", "dim": DIM, "n_boot": N_BOOT},
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# 安全 is the clearest case: in the 2000s its neighbours are 生产, 事故, 食品, 煤矿 — *safety*
# (work safety, mine accidents, food safety) — and in the 2020s 能力, 应急, 国家, 防范, 粮食 —
# *security* (national, emergency and food security). 开放 moves from the special economic
# zones and coastal cities of the 1980s (经济特区, 沿海) to free-trade zones and "high-level"
# opening (自由贸易, 试验区, 高水平). 民主 keeps company with the united front and the
# democratic parties in the 1950s, with the legal system (法制) from the late 1970s, and with
# supervision and consultation (监督, 接受, 决策) since the 2000s.
#
# The KWIC counts below are an independent check on the reading of 安全: the compound 安全生产
# ("work safety") against 国家安全 ("national security") in each decade's reports.

# %%
docs = gwr.docs.assign(decade=gwr.docs["year"] // 10 * 10)
kwic_counts = pd.DataFrame(
    {
        phrase: docs.groupby("decade")["text"].apply(lambda t, p=phrase: int(t.str.count(p).sum()))
        for phrase in ("安全生产", "国家安全", "食品安全", "粮食安全")
    }
)
kwic_counts["安全 tokens"] = (
    shift[shift["feature"] == "安全"].set_index("decade")["count"].reindex(kwic_counts.index)
)
print(kwic_counts.to_string())

# %% [markdown]
# ## Checks
#
# - every reported passage is exactly `text[start:end]` of its two reports;
# - the reports of 2000–2025 reuse more than four times as much of earlier reports as those of
#   1954–1988 (mean share of characters), and for at least four in five of them the previous
#   report is the one they reuse most;
# - the first work report after each congress since 1997 reuses that congress's report more
#   than any other congress report;
# - 安全's neighbours include 事故 in the 2000s and 应急 in the 2020s, and 安全生产 ("work
#   safety") is more frequent than 国家安全 ("national security") in the 2000s, the other way
#   round in the 2020s;
# - the largest consecutive shift of 安全 is larger than every consecutive shift of the
#   control 发展.

# %%
text_of = gwr.docs.set_index("doc_id")["text"]
for side in ("target", "source"):
    spans = self_reuse[[f"doc_id_{side}", f"start_{side}", f"end_{side}", f"text_{side}"]]
    assert all(text_of[d][a:b] == t for d, a, b, t in spans.itertuples(index=False, name=None)), (
        side
    )
recent = share[share["year"] >= 2000]["share_reused"].mean()
early = share[share["year"] <= 1988]["share_reused"].mean()
print(f"mean share reused: 1954–1988 {early:.3f}, 2000–2025 {recent:.3f}")
assert recent > 4 * early
since_2000 = share[share["year"] >= 2000]
assert (since_2000["largest_source"] == since_2000["doc_id"].map(previous_report)).mean() >= 0.8
for year, number in after:
    assert check.loc[year, "doc_id_source"] == f"congress-{number}", (year, check.loc[year])
sec = shift[shift["feature"] == "安全"].set_index("decade")
assert (
    "事故" in sec.loc[2000, "neighbours"].split() and "应急" in sec.loc[2020, "neighbours"].split()
)
assert kwic_counts.loc[2000, "安全生产"] > kwic_counts.loc[2000, "国家安全"]
assert kwic_counts.loc[2020, "国家安全"] > kwic_counts.loc[2020, "安全生产"]
control = shift[shift["feature"] == "发展"]["shift"]
assert sec["shift"].max() > control.max(), (sec["shift"].max(), control.max())
assert np.isfinite(sec.loc[2000:, "shift"]).all()
print("all checks passed")
