# toolkit-corpora: cpc-congress-zh
# %% [markdown]
# # 05 · The 20th against the 19th CPC Congress report
#
# The political report to a Party congress (党代会报告) is the Communist Party of China's
# statement of doctrine and priorities for the next five years. When Xi Jinping presented the
# report to the 20th Congress (16 October 2022), commentators compared its vocabulary with that of
# his report to the 19th Congress (18 October 2017): more *security*, *struggle* and *risks*,
# less *reform* and *market* (e.g. Neican, "Brief #126: 20th Party Congress Report: Keywords
# Analysis", Oct 2022; Ming Pao, 17 Oct 2022; Radio Free Asia as quoted by several outlets).
#
# This notebook makes that comparison reproducible:
#
# 1. **keyness** of the 20th report against the 19th (log-likelihood G²);
# 2. a **concordance (KWIC)** of 中国式现代化 "Chinese modernization", the report's new central
#    formulation, and a dispersion plot of key terms through both reports;
# 3. **term counts compared with the published ones**, above all the count of 安全
#    "security/safety", reported as 91 in the 20th report against 55 in the 19th.
#
# **Data.** `cpc-congress-zh` (Chinese Wikisource): the full written text of each report. NFKC
# normalisation only; the 19th and 20th reports are in simplified characters.

# %%
import pandas as pd

import toolkit as tk

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 14)

corpus = tk.load_corpus("cpc-congress-zh")
r19 = corpus.subset(lambda d: d["congress"] == 19)
r20 = corpus.subset(lambda d: d["congress"] == 20)
t19, t20 = r19.texts[0], r20.texts[0]
print(
    f"{len(corpus)} congress reports in the corpus; 19th: {len(t19):,} characters, "
    f"20th: {len(t20):,} characters"
)
lexicon = tk.load_lexicon("ccp-formulations")
PHRASES = list(lexicon.phrases())
PROV = {"corpus": corpus.name, "corpus_sha256": corpus.sha256}

# %% [markdown]
# ## 1 · Keyness
#
# Words are segmented with jieba, with the formulations of the `ccp-formulations` lexicon added
# to its dictionary so that 中国式现代化 or 总体国家安全观 stay one token; Chinese stopwords
# (stopwords-iso) and one-character tokens are dropped; words seen at least 5 times in the two
# reports together are tested. **Caveat:** each side is a single text, so G² treats the ~15,000
# tokens of a report as independent draws and cannot tell a word spread through the report from
# one repeated in a single section (Lijffijt et al. 2016, "Significance testing of word
# frequencies in corpora", *Digital Scholarship in the Humanities*); the p-values are a ranking
# device, not evidence about the Party's vocabulary in general.

# %%
kw = tk.keyness(r20, r19, stopwords="zh", min_count=5, phrases=PHRASES, min_length=2)
cols = ["feature", "count_target", "count_reference", "g2", "log_ratio", "p_value"]
print("more frequent in the 20th report:\n", kw.head(20)[cols].round(4).to_string(index=False))
print(
    "\nless frequent in the 20th report:\n",
    kw.tail(20).iloc[::-1][cols].round(4).to_string(index=False),
)
fig = tk.plot.keyness_bars(kw, top=15, target="20th report (2022)", reference="19th report (2017)")
saved = tk.save_figure(
    fig,
    "05_keyness_20th_vs_19th",
    provenance={
        **PROV,
        "function": "tk.keyness",
        "parameters": {
            "target": "congress 20",
            "reference": "congress 19",
            "stopwords": "zh",
            "min_count": 5,
            "min_length": 2,
            "phrases": f"lexicon {lexicon.name}",
        },
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# The 20th report's words are those of its new programme — 中国式现代化, whole-process people's
# democracy (全过程人民民主), high-quality development (高质量发展), the new development pattern
# (新发展格局), science and technology (科技), the pandemic (疫情) and the decade since 2012
# (十年); 安全 is over-used too, but less sharply (section 3). The 19th report's words are those of its
# own goal, to "secure a decisive victory" (决胜) in completing a moderately prosperous society
# in all respects (全面建成小康社会), which the Party declared achieved in 2021.

# %% [markdown]
# ## 2 · Chinese modernization in context
#
# `tk.kwic` searches the normalised text (no segmentation needed for a Chinese string); the
# window is 20 characters on each side.

# %%
conc = tk.kwic(r20, "中国式现代化", context=20)
print(
    f"{len(conc)} occurrences in the 20th report, {len(tk.kwic(r19, '中国式现代化'))} in the 19th"
)
print(conc[["left", "match", "right"]].to_string())

# %% [markdown]
# Where in each report do the key words occur? The dispersion ("x-ray") plot puts a tick at
# every occurrence along the report, from its first to its last token.

# %%
XRAY = ["中国式现代化", "安全", "斗争", "风险", "改革", "全面建成小康社会"]
both = corpus.subset(lambda d: d["congress"].isin([19, 20]))
disp = tk.dispersion(both, XRAY, phrases=PHRASES)
print(disp.measures.round(3).to_string(index=False))
tk.plot.use_style()
fig = tk.plot.Figure(figsize=tk.plot.figsize("double", 0.5))
axes = fig.subplots(2, 1, sharex=True)
for ax, report, name in [
    (axes[0], r19, "19th report (2017)"),
    (axes[1], r20, "20th report (2022)"),
]:
    doc = report.docs["doc_id"].iloc[0]
    tk.plot.xray(
        disp.positions[disp.positions["doc_id"] == doc], terms=XRAY, year_ticks=False, ax=ax
    )
    ax.set_title(name, fontsize=8)
    ax.set_xlabel("")
axes[1].set_xlabel("position in the report (share of its length)")
saved = tk.save_figure(
    fig,
    "05_dispersion_key_terms",
    provenance={
        **PROV,
        "function": "tk.dispersion",
        "parameters": {"terms": XRAY, "congress": [19, 20], "phrases": f"lexicon {lexicon.name}"},
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# ## 3 · Counts compared with the published ones
#
# Press and Party-media counts of a word in a Chinese text are **substring counts** — how often
# the characters occur — not word-token counts. Chinese commentaries on the report state that
# 安全 "occurs 91 times, the most ever" (共出现了九十一次，创历年之最), and foreign reports
# compare the 20th report with **55** in the 19th. Counts quoted in the press vary with the text
# that was counted: the full written report (91), or the roughly halved version Xi read out in
# the hall (*The Nation*, Thailand, reported 73 mentions of "safety" or "security" in the speech
# as delivered; Taiwan News counted 50), and with how "security" was matched (Radio Free Asia, as
# quoted by The BL: 89).
#
# The table gives, for each report, the substring count (`str.count`, identical to the number of
# KWIC lines) and the jieba token count. Tokens are fewer because jieba keeps compounds such as
# 粮食安全 "food security", 公共安全 "public safety" or 安全监管 "safety supervision" (and the
# lexicon's 总体国家安全观) as single words: the token count answers a different question ("how
# often is 安全 used as a word on its own"). Conversely 国家安全 is never a jieba word: it is
# always cut into 国家 + 安全.

# %%
TERMS = [
    "安全",
    "国家安全",
    "斗争",
    "风险",
    "改革",
    "开放",
    "市场",
    "中国式现代化",
    "马克思主义",
    "民主",
]
f19 = tk.ngrams(r19, n=1, phrases=PHRASES).set_index("feature")["count"]
f20 = tk.ngrams(r20, n=1, phrases=PHRASES).set_index("feature")["count"]
counts = pd.DataFrame(
    {
        "feature": TERMS,
        "19th substring": [t19.count(t) for t in TERMS],
        "20th substring": [t20.count(t) for t in TERMS],
        "19th tokens": [int(f19.get(t, 0)) for t in TERMS],
        "20th tokens": [int(f20.get(t, 0)) for t in TERMS],
    }
)
counts["20th/19th (substring)"] = (counts["20th substring"] / counts["19th substring"]).round(2)
PUBLISHED = {"安全": (55, 91)}
counts["published 19th/20th"] = counts["feature"].map(
    lambda t: "{} / {}".format(*PUBLISHED[t]) if t in PUBLISHED else ""
)
print(counts.to_string(index=False))
kwic_security = tk.kwic(r20, "安全")
print(f"\nKWIC lines for 安全 in the 20th report: {len(kwic_security)}")
print(
    "most frequent words containing 安全 in the 20th report (jieba):",
    {
        w: int(c)
        for w, c in f20[f20.index.str.contains("安全")].sort_values(ascending=False).head(8).items()
    },
)

# %% [markdown]
# ## Checks
#
# - the corpus has both reports; the substring count of 安全 is exactly the published 91 (20th)
#   and 55 (19th), and KWIC finds the same 91 occurrences;
# - 中国式现代化 occurs 11 times in the 20th report and never in the 19th, and is among the five
#   most over-used words of the 20th report;
# - 全面建成小康社会 ("complete the building of a moderately prosperous society in all
#   respects", the 19th report's goal) is among the ten most under-used words of the 20th report;
# - there are fewer 安全 tokens than 安全 substrings (compounds), in both reports.

# %%
c = counts.set_index("feature")
assert len(r19) == 1 and len(r20) == 1
assert (c.loc["安全", "19th substring"], c.loc["安全", "20th substring"]) == PUBLISHED["安全"]
assert len(kwic_security) == 91
assert (
    c.loc["中国式现代化", "20th substring"] == 11 and c.loc["中国式现代化", "19th substring"] == 0
)
assert len(conc) == 11
assert "中国式现代化" in set(kw.head(5)["feature"]), kw.head(5)
# the lexicon has both 全面建成小康社会 and the 19th report's 决胜全面建成小康社会
assert {"全面建成小康社会", "决胜全面建成小康社会"} & set(kw.tail(10)["feature"]), kw.tail(10)
assert (
    c.loc["安全", ["19th tokens", "20th tokens"]].to_numpy()
    < c.loc["安全", ["19th substring", "20th substring"]].to_numpy()
).all()
print("all checks passed")
