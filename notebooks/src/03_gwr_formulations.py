# toolkit-corpora: gwr-zh
# %% [markdown]
# # 03 · Formulations in the Government Work Reports, 1954–2025
#
# The *Report on the Work of the Government* (政府工作报告) is read by the Premier to the
# National People's Congress. Its political vocabulary is made of **formulations** (提法,
# *tifa*): fixed phrases such as 改革开放 "reform and opening up" or 中国式现代化 "Chinese
# modernization", whose appearance, rise and disappearance are read by analysts as signals of
# policy change (Schoenhals 1992, *Doing Things with Words in Chinese Politics*; the China Media
# Project's *CMP Dictionary*).
#
# This notebook measures, with the toolkit's built-in bilingual lexicon `ccp-formulations`:
#
# 1. the **trajectories** of major formulations (hits per 10,000 words, by report);
# 2. a **first-appearance timeline** (first report that uses each formulation);
# 3. **numbered formulations** (两个确立, 四个全面 …) discovered without a lexicon;
# 4. a **co-occurrence network** of formulations used in the same paragraph.
#
# **Data.** `gwr-zh`: the Chinese Wikisource edition of the reports, 52 reports from 1954 to
# 2025 (years with no report or no Wikisource text: 1961–63, 1965–74, 1976–77, 1989–91, 1996,
# 2020). Text is NFKC-normalised (full-width digits → ASCII) and the 1954 report, which
# Wikisource has in traditional characters, is converted to simplified with OpenCC, so one
# lexicon form matches every year.
#
# **Method.** Lexicon entries are matched as exact strings (Aho–Corasick) on the normalised
# text. The trajectories count leftmost-longest, non-overlapping hits (`overlap="longest"`), so
# 习近平新时代中国特色社会主义思想 is not also counted as 中国特色社会主义, and the 1986 report's
# rejection of 以阶级斗争为纲 is not counted as a use of 阶级斗争; first appearances use every
# occurrence (`overlap="all"`, the default), so a nested formulation is dated too. Rates are per
# 10,000 jieba word tokens of the report (`rate=10_000`).

# %%

import pandas as pd

import toolkit as tk

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 14)
pd.set_option("display.max_colwidth", 50)

corpus = tk.load_corpus("gwr-zh")
lexicon = tk.load_lexicon("ccp-formulations")
years = corpus.docs["year"].astype(int)
print(
    f"{len(corpus)} reports, {years.min()}–{years.max()}; lexicon: {lexicon.name}, {len(lexicon)} entries"
)
PROV = {"corpus": corpus.name, "corpus_sha256": corpus.sha256}

# %% [markdown]
# ## 1 · Trajectories of major formulations
#
# Six formulations that mark the eras of PRC economic policy: class struggle (阶级斗争, the
# Mao-era key link), the Four Modernizations (四个现代化, 1975–80s), reform and opening up
# (改革开放), the socialist market economy (社会主义市场经济, from 1992), high-quality development
# (高质量发展, from the 19th Congress, 2017) and Chinese modernization (中国式现代化, 2022–).

# %%
counts = tk.count_slogans(corpus, lexicon, by="year", overlap="longest", rate=10_000)
TRAJECTORY = [
    "class-struggle",
    "four-modernizations",
    "reform-and-opening-up",
    "socialist-market-economy",
    "high-quality-development",
    "chinese-modernization",
]
traj = counts[counts["slogan_id"].isin(TRAJECTORY)].copy()
traj["label"] = traj["label_zh"] + " " + traj["label_en"].str.split(",").str[0]
table = traj.pivot_table(index="year", columns="label_zh", values="count", aggfunc="sum")
print(table.loc[[1954, 1958, 1964, 1975, 1978, 1988, 1993, 2005, 2018, 2023, 2025]])

# %% [markdown]
# One panel per formulation (a shared scale would flatten the rarer ones). Years without a
# report are left as gaps rather than joined by a line, so the 1965–74 hiatus of the Cultural
# Revolution stays visible. Dotted lines: the Third Plenum (Dec 1978), Deng's southern tour
# (1992) and the 19th Congress (2017).

# %%
tk.plot.use_style()  # house style for the hand-assembled multi-panel figure
all_years = pd.DataFrame({"year": range(years.min(), years.max() + 1)})
fig = tk.plot.Figure(figsize=tk.plot.figsize("double", 0.52))
axes = fig.subplots(2, 3, sharex=True).ravel()
for i, (ax, slogan) in enumerate(zip(axes, TRAJECTORY, strict=True)):
    one = traj[traj["slogan_id"] == slogan]
    label = f"{one['label_zh'].iloc[0]}\n{one['label_en'].iloc[0]}"
    one = all_years.merge(one[["year", "per_10k"]], on="year", how="left")
    for event in (1978, 1992, 2017):
        ax.axvline(event, color="#888888", lw=0.6, ls=(0, (2, 2)), zorder=0)
    ax.plot(one["year"], one["per_10k"], color=tk.plot.PALETTE[i], marker="o", markersize=2)
    ax.set_title(label, fontsize=8)
    ax.set_xticks([1960, 1980, 2000, 2020])
    ax.xaxis.set_tick_params(labelbottom=True)
    if i % 3 == 0:
        ax.set_ylabel("hits per 10,000 words")
fig.supxlabel(f"year of the report ({tk.plot.gap_note(years, prefix='no report')})", fontsize=8)
saved = tk.save_figure(
    fig,
    "03_formulation_trajectories",
    provenance={
        **PROV,
        "function": "tk.count_slogans",
        "parameters": {"lexicon": lexicon.name, "by": "year", "slogans": TRAJECTORY},
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# ## 2 · First appearances
#
# `tk.first_appearances` gives the first report in which each formulation occurs, with the
# sentence it occurs in. The timeline draws a bar from the first to the last report using a
# formulation and a dot, sized by the count, in every report that uses it (the 30 most frequent
# formulations). Comparing the first year in the reports with the year the lexicon records for
# the formulation's introduction (`since`, from the Party documents cited in the lexicon) is a
# check on both the lexicon and the corpus: a formulation cannot be *used* in a report before it
# exists, unless the same string has an older, generic meaning.

# %%
first = tk.first_appearances(corpus, lexicon)
since = lexicon.to_frame().set_index("id")["since"]
first["since"] = first["slogan_id"].map(since)
first["lag"] = first["first_year"] - first["since"]
print(first[["label_zh", "label_en", "first_year", "since", "lag"]].head(12).to_string())
print("\nfirst used in a report more than 1 year before the lexicon's introduction year:")
early = first[first["lag"] < -1]
print(early[["label_zh", "first_year", "since", "context"]].to_string())

# %% [markdown]
# The lexicon's context rules keep older, generic uses of a string out of the counts: 和平统一
# in 1954 is the "peaceful unification" of *Korea* (the Geneva conference), not the 1979 policy
# of peaceful reunification with Taiwan, and 两件大事 in the 1980s is "these two major tasks",
# not the Inner Mongolian formulation of 2023 — both entries carry a period of validity or
# required neighbours (see `corpora/lexicons/README.md`), so neither is dated before its time.
# One formulation still appears before the year the lexicon gives for it: 全面深化改革 occurs in
# 2006 and 2011 as an ordinary phrase (坚定不移地全面深化改革…), before it became the name of the
# reform programme of the 18th Congress (2012) and the Third Plenum (2013); the entry's note says
# so. This is the limit of exact string matching, and the check the comparison is for.

# %%
totals = counts.groupby("slogan_id")["count"].sum()
top_ids = totals.sort_values(ascending=False, kind="stable").head(30).index
fig = tk.plot.timeline(
    counts[counts["slogan_id"].isin(top_ids)],
    x="year",
    label_col="label_zh",
    bilingual=True,  # 中文 with the lexicon's English gloss
    width="double",
)
saved = tk.save_figure(
    fig,
    "03_first_appearance_timeline",
    provenance={
        **PROV,
        "function": "tk.count_slogans",
        "parameters": {"lexicon": lexicon.name, "by": "year", "top": 30},
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# ## 3 · Numbered formulations discovered without a lexicon
#
# Many formulations are numbered lists (数字概括): 三个代表, 四个全面, 两个确立, 五位一体.
# `tk.discover_slogans` finds such candidates from their shape — a numeral, an optional
# measure word (个, 项, 大 …) and a short head — and reports how often and since when they
# occur. Ordinary quantities (三年 "three years", 两个月 "two months") are filtered out: heads that
# are units of time or measure are dropped, and so are heads that take other numerals about as
# often as chance predicts (a fixedness test: 两个确立 never becomes 三个确立). Candidates not
# in the lexicon are the interesting ones: they show what the
# lexicon still misses.

# %%
found = tk.discover_slogans(corpus, kinds="numbered_zh", min_count=3, lexicons=None)
known = set(lexicon.forms()["form"])
found["in_lexicon"] = found["feature"].isin(known)
print(
    f"{len(found)} numbered candidates seen at least 3 times; {found['in_lexicon'].sum()} in the lexicon"
)
print(found.head(25)[["feature", "count", "doc_freq", "first_year", "in_lexicon"]].to_string())

# %% [markdown]
# ## 4 · Co-occurrence network
#
# Two formulations co-occur when they are used in the same paragraph. Edges are weighted by the
# number of such paragraphs and coloured by normalised pointwise mutual information (NPMI,
# Bouma 2009), which corrects for the sheer frequency of 改革开放. The figure keeps pairs that
# share at least 10 paragraphs and, of those, the largest connected group (smaller groups such
# as 一国两制–港人治港–和平统一 are listed in the table instead).

# %%
import networkx as nx

co = tk.slogan_cooccurrence(corpus, lexicon, unit="paragraph", min_count=1)
print(
    co.sort_values(["count", "npmi"], ascending=False)
    .head(12)[["label_a", "label_b", "count", "npmi"]]
    .to_string()
)
strong = co[co["count"] >= 10]
graph = nx.from_pandas_edgelist(strong, "slogan_a", "slogan_b")
components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(c)))
labels_zh = dict(zip(co["slogan_a"], co["label_a"], strict=True)) | dict(
    zip(co["slogan_b"], co["label_b"], strict=True)
)
print("groups of formulations linked by >= 10 shared paragraphs:")
for c in components:
    print("  ", "、".join(sorted(labels_zh[s] for s in c)))
main_group = strong[strong["slogan_a"].isin(components[0])]
# Chinese labels: with 20 nodes, two-line bilingual labels (bilingual=True) crowd the graph;
# the glossary below gives the English of every node
fig = tk.plot.network(main_group, min_count=10, seed=1, k=0.8, width="double")
nodes = sorted(set(main_group["slogan_a"]) | set(main_group["slogan_b"]))
glossary = [f"{lexicon[n].label_zh} {lexicon[n].label_en or ''}" for n in nodes]
print("glossary:", "; ".join(glossary))
saved = tk.save_figure(
    fig,
    "03_cooccurrence_network",
    provenance={
        **PROV,
        "function": "tk.slogan_cooccurrence",
        "parameters": {
            "lexicon": lexicon.name,
            "unit": "paragraph",
            "min_count": 10,
            "component": "largest",
        },
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# ## Checks
#
# Stated expectations, from the history of the formulations:
#
# - the corpus holds the 52 reports from 1954 to 2025;
# - 中国式现代化 was introduced in Xi Jinping's July 2021 centenary speech and made the central
#   task at the 20th Congress (Oct 2022); the first Government Work Report after that is 2023's,
#   so that is where it must first appear;
# - class struggle (阶级斗争) is a Mao-era formulation, dropped as the "key link" at the Third
#   Plenum (Dec 1978): the 1979 report is the last to use it;
# - the socialist market economy is named as the goal of reform at the 14th Congress (Oct 1992);
#   it first appears in the 1993 report (there is no 1989–91 report in this edition);
# - 一国两制 and 港人治港 belong together: their NPMI is high (> 0.5);
# - the only formulation found more than a year before its recorded introduction is the generic
#   use of 全面深化改革 discussed above (the context rules keep 和平统一 1954 and 两件大事 out);
# - the numbered-formulation finder recovers famous numbered formulations (三个代表, 四个全面)
#   and keeps durations (三年, 五年) out.

# %%
first_year = first.set_index("slogan_id")["first_year"]
assert len(corpus) == 52 and years.min() == 1954 and years.max() == 2025
assert first_year["chinese-modernization"] == 2023, first_year["chinese-modernization"]
assert first_year["socialist-market-economy"] == 1993, first_year["socialist-market-economy"]
cs = counts[counts["slogan_id"] == "class-struggle"]
print("阶级斗争 hits by report:", cs.loc[cs["count"] > 0, ["year", "count"]].values.tolist())
assert (
    cs.loc[cs["year"] > 1979, "count"].sum() == 0 and cs.loc[cs["year"] == 1979, "count"].sum() > 0
)
pair = co[
    {"one-country-two-systems", "hong-kong-people-administering-hong-kong"}
    == co[["slogan_a", "slogan_b"]].apply(set, axis=1)
]
assert len(pair) == 1 and pair["npmi"].iloc[0] > 0.5, pair
assert set(early["slogan_id"]) == {"comprehensively-deepening-reform"}, early
cands = set(found["feature"])
assert {"三个代表", "四个全面"} <= cands, sorted(cands)[:40]
assert not cands & {"三年", "五年", "两年", "十年"}, cands & {"三年", "五年", "两年", "十年"}
print("all checks passed")
