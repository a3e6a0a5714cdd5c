# toolkit-corpora: sotu
# %% [markdown]
# # 01 · The vocabulary of the State of the Union, 1790–2026
#
# Rule, Cointet & Bearman ("Lexical shifts, substantive changes, and continuity in State of the
# Union discourse, 1790–2014", *PNAS* 112(35), 2015) read two centuries of annual messages as a
# single text and ask when American political discourse changed most. Building networks of
# co-occurring terms within paragraphs, grouping them into substantive categories and comparing
# every year with every other, they find continuity within long eras and one decisive
# transition around **1917** — the First World War, Wilson's return to delivering the address in
# person (1913) and the rise of the modern presidency.
#
# This notebook asks the same question with simpler, word-frequency tools:
#
# 1. **word trajectories** — relative frequencies of a few words, 1790–2026;
# 2. **keyness** of the addresses from 1917 on against those before (log-likelihood G²);
# 3. a **decade × decade vocabulary-similarity** matrix;
# 4. a **change-point estimate** of the sharpest break in the yearly vocabulary.
#
# **Data.** `sotu`: 237 addresses, spoken and written, 1790–2026 (the `sotu` package's texts from
# the American Presidency Project, UC Santa Barbara), lower-cased word tokens, scikit-learn's
# English stopword list (318 words) removed.

# %%
import pandas as pd

import toolkit as tk

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 14)

corpus = tk.load_corpus("sotu")
docs = corpus.docs
print(
    f"{len(corpus)} addresses, {docs['year'].min()}–{docs['year'].max()}; "
    f"{docs['sotu_type'].value_counts().to_dict()}"
)
PROV = {"corpus": corpus.name, "corpus_sha256": corpus.sha256}

# %% [markdown]
# ## 1 · Word trajectories
#
# Occurrences per million tokens per year (years with two addresses pooled), smoothed with a
# centred 9-year moving average. Three words of the 19th-century republic of treaties, territory
# and commerce against three of the programmatic, national presidency.

# %%
WORDS = ["treaty", "territory", "commerce", "program", "economic", "americans"]
freq = tk.ngrams(corpus, n=1, by="year", stopwords="en")
years = pd.DataFrame({"year": sorted(docs["year"].unique())})
traj = pd.concat(
    [
        years.merge(freq.loc[freq["feature"] == w, ["year", "per_million"]], on="year", how="left")
        .fillna({"per_million": 0.0})
        .assign(feature=w)
        for w in WORDS
    ],
    ignore_index=True,
)
print(traj.pivot(index="year", columns="feature", values="per_million").iloc[::25].round(0))
fig = tk.plot.trend(
    traj, smooth=9, show_raw=False, events={1917: "1917", 1933: "New Deal"}, width="double"
)
saved = tk.save_figure(
    fig,
    "01_word_trajectories",
    provenance={
        **PROV,
        "function": "tk.ngrams",
        "parameters": {"n": 1, "by": "year", "stopwords": "en", "words": WORDS, "smooth": 9},
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# ## 2 · Keyness: 1917–2026 against 1790–1916
#
# Dunning's log-likelihood G² (in Rayson & Garside's 2000 form) for every word seen at least 10
# times, with Hardie's (2014) log ratio as effect size. Positive: relatively more frequent since
# 1917.

# %%
kw = tk.keyness(corpus, "year>=1917", stopwords="en", min_count=10)
cols = ["feature", "count_target", "count_reference", "g2", "log_ratio"]
print("over-used since 1917:\n", kw.head(20)[cols].round(1).to_string(index=False))
print("\nunder-used since 1917:\n", kw.tail(20).iloc[::-1][cols].round(1).to_string(index=False))
fig = tk.plot.keyness_bars(kw, top=15, target="1917–2026", reference="1790–1916")
saved = tk.save_figure(
    fig,
    "01_keyness_post1917",
    provenance={
        **PROV,
        "function": "tk.keyness",
        "parameters": {"target": "year>=1917", "stopwords": "en", "min_count": 10, "measure": "g2"},
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# The over-used words are those of the modern presidency: government *programs* and *budgets*
# counted in *billions*, the *economy*, *jobs*, *health*, *Americans* and *America* addressed
# directly, and *tonight* — the address as an evening broadcast (from Johnson's 1965 address).
# The under-used ones are the 19th-century executive's report to Congress: *treaties*,
# *territory*, *duties*, *vessels*, the *Treasury*, *Mexico* and *Spain*, and the formal "the
# *subject*", "the *United States*".

# %% [markdown]
# ## 3 · Decade × decade vocabulary similarity
#
# Each decade's word counts are pooled and turned into relative frequencies; the similarity of
# two decades is 1 − the Jensen–Shannon divergence of their distributions (base 2, so in
# [0, 1]). A block structure along the diagonal shows eras of stable vocabulary.

# %%
sim = tk.group_similarity(corpus, by="decade", measure="jsd", stopwords="en")
decades = sorted(sim["group_a"].unique())
fig = tk.plot.heatmap(
    sim, order=decades, annotate=False, width="onehalf", xlabel="decade", ylabel="decade"
)
saved = tk.save_figure(
    fig,
    "01_decade_similarity",
    provenance={
        **PROV,
        "function": "tk.group_similarity",
        "parameters": {"by": "decade", "measure": "jsd", "stopwords": "en"},
    },
)
print("saved:", ", ".join(p.name for p in saved))
sim["gap"] = (sim["group_b"] - sim["group_a"]).abs() // 10
by_gap = sim[sim["gap"] > 0].groupby("gap")["similarity"].mean()
print("mean similarity by distance in decades:\n", by_gap.head(8).round(3).to_string())
fig

# %% [markdown]
# ## 4 · Change points
#
# `tk.change_points` scores every year *t* as a candidate break:
#
# - **window** (local novelty): the mean word distribution of the *w* years before *t* against
#   that of *t* and the *w* − 1 years after it; score = JSD (or 1 − cosine);
# - **split** (global bipartition): the year × year similarity matrix is cut in two blocks at
#   *t*; score = mean within-block minus mean between-block similarity — the block structure
#   Rule et al. read off their year × year matrix.
#
# Every year counts equally whatever the length of its address. The table gives, for several
# window sizes and both methods, the best break, its score, and the score and rank of 1917.
# The last rows repeat the analysis on 1790–2014, the span of Rule et al.

# %%
rows = []
span_2014 = corpus.subset(year=(1790, 2014))
for label, data in [("1790–2026", corpus), ("1790–2014", span_2014)]:
    toks = data.tokens(stopwords="en")
    for method, measure in [("window", "jsd"), ("window", "cosine"), ("split", "cosine")]:
        for window in (5, 10, 20):
            if label == "1790–2014" and window != 10:
                continue
            cp = tk.change_points(toks, method=method, width=window, measure=measure)
            best = cp.loc[cp["rank"] == 1].iloc[0]
            y1917 = cp.loc[cp["year"] == 1917].iloc[0]
            rows.append(
                {
                    "span": label,
                    "method": method,
                    "measure": measure,
                    "window": window,
                    "best year": int(best["year"]),
                    "best score": best["score"],
                    "1917 score": y1917["score"],
                    "1917 rank": int(y1917["rank"]),
                    "of": len(cp),
                }
            )
            if (label, method, measure, window) == ("1790–2026", "window", "jsd", 10):
                main_cp = cp
breaks = pd.DataFrame(rows)
print(breaks.round(4).to_string(index=False))
print(
    "\nten sharpest breaks (window, JSD, w = 10):",
    main_cp.sort_values("rank").head(10)["year"].tolist(),
)

# %%
tk.plot.use_style()
fig = tk.plot.Figure(figsize=tk.plot.figsize("double", 0.55))
axes = fig.subplots(2, 1, sharex=True)
split_cp = tk.change_points(
    corpus.tokens(stopwords="en"), method="split", width=10, measure="cosine"
)
for ax, cp, name, xlabel in [
    (axes[0], main_cp, "window (JSD, w = 10): novelty of the next decade", ""),
    (
        axes[1],
        split_cp,
        "split (cosine, ≥ 10 years per block): block contrast",
        "year of the break",
    ),
]:
    best_year = int(cp.loc[cp["rank"] == 1, "year"].iloc[0])
    tk.plot.trend(
        cp,
        x="year",
        y="score",
        group=False,
        events={1917: "1917", best_year: str(best_year)},
        gaps="note" if xlabel else "break",  # years without an address: stated once, below
        ax=ax,
        xlabel=xlabel,
        ylabel="score",
        title=name,
    )
saved = tk.save_figure(
    fig,
    "01_change_points",
    provenance={
        **PROV,
        "function": "tk.change_points",
        "parameters": {
            "methods": ["window/jsd/10", "split/cosine/10"],
            "by": "year",
            "stopwords": "en",
        },
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# ## Why our break is in the 1930s, not in 1917
#
# Whatever the window (10 or 20 years), measure and method, the sharpest break in word
# frequencies falls in the mid-1930s — **1934** for most settings, 1936–1940 for the cosine
# window — Roosevelt's first addresses and the New Deal — and 1917 is not among the sharpest
# candidates: it ranks between
# 20th and 90th of some 200 candidate years depending on the method (table above). In the window
# score 1917 sits in a trough between the peaks of 1914 (war in Europe) and the 1920s. Only with a 5-year JSD window does the
# estimate jump to around 1800, where a handful of short early addresses make the local
# distributions noisy. Restricting the series to 1790–2014 does not move the estimate. The
# difference from Rule et al. is a difference of **measure**, not a contradiction:
#
# - *What is compared.* They compare co-occurrence networks of terms within paragraphs,
#   clustered into substantive categories: a break means that words start to *go together*
#   differently. We compare word frequency distributions: a break means that *which* words are
#   used changes. The New Deal brought a burst of new vocabulary (program, economic, federal,
#   agricultural adjustment, relief, security), which a frequency measure registers at once.
# - *How the break is located.* Their transition is read from a year × year similarity
#   structure built on categories, which smooths year-to-year vocabulary and weights substantive
#   themes; our window score is local (it responds to the sharpest change between adjacent
#   decades), and our split score is a two-block partition of raw word profiles.
# - *Delivery and genre.* 1913–1917 changed *how* the address was delivered (Wilson's return to
#   speaking it in person) and *what* it was about (the war, the world). Words of form
#   (speaking to "you", "tonight", "Americans") rose gradually from 1913 to the television age,
#   which spreads the frequency signal over decades instead of concentrating it in 1917.
#
# Both views agree that the 20th-century address is a different genre from the 19th-century
# message (section 3 shows two large blocks); they disagree on the year that divides them by about
# fifteen years, and the disagreement is informative about what changed first: the structure of
# topics (1917) or the vocabulary itself (1933).

# %% [markdown]
# ## Checks
#
# - 237 addresses from 1790 to 2026;
# - the top 20 over-used words since 1917 include program, economic, billion, americans and
#   tonight; the top 20 under-used include treaty, territory and commerce;
# - adjacent decades are more similar than decades five or more apart;
# - for windows of 10 and 20 years and every method, the sharpest break lies in 1930–1940 (in
#   1934 for at least half of the settings), and 1917 ranks below the top 10 (we do not reproduce Rule et al.'s 1917 with word frequencies).

# %%
assert len(corpus) == 237 and docs["year"].min() == 1790 and docs["year"].max() == 2026
top_plus = set(kw.head(20)["feature"])
top_minus = set(kw.tail(20)["feature"])
assert {"program", "economic", "billion", "americans", "tonight"} <= top_plus, top_plus
assert {"treaty", "territory", "commerce"} <= top_minus, top_minus
assert by_gap.loc[1] > sim.loc[sim["gap"] >= 5, "similarity"].mean()
main = breaks[breaks["window"] >= 10]
assert main["best year"].between(1930, 1940).all(), main
assert (main["best year"] == 1934).sum() >= len(main) // 2, main
assert (main["1917 rank"] > 10).all(), main
print("all checks passed")
