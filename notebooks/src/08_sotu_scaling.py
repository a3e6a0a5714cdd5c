# toolkit-corpora: sotu
# %% [markdown]
# # 08 · Scaling the post-war State of the Union, and what moves topic prevalence
#
# Two tools political scientists use on a corpus of speeches, applied to the spoken State of the
# Union addresses from Truman (1946) to the latest address:
#
# 1. **Wordfish** (Slapin & Proksch 2008, *AJPS* 52(3)) places every address on one latent
#    dimension from word counts alone: ``log λ_ij = α_i + ψ_j + β_j θ_i``. `tk.wordfish` is
#    quanteda.textmodels' estimator (its documented numbers are reproduced in
#    `tests/test_scaling.py`). The direction is fixed by two documents — here the first and the
#    last address, so that θ grows from left to right in time. Which dimension the model finds is
#    an empirical question: on addresses spread over 80 years it is mostly **time** (vocabulary
#    drift), not party — the figures show it.
# 2. **Covariate effects on topic prevalence** (stm's `estimateEffect`; Roberts, Stewart &
#    Tingley 2019): paragraph-level topic shares of an NMF topic model regressed on party and a
#    B-spline of the year, with uncertainty by the method of composition over bootstrap
#    resamples of whole addresses (`tk.topic_effects`).

# %%
import numpy as np
import pandas as pd

import toolkit as tk

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 12)

sotu = tk.load_corpus("sotu")
post = sotu.subset(lambda d: (d.year >= 1946) & (d.sotu_type == "spoken"))
PROV = {"corpus": sotu.name, "corpus_sha256": sotu.sha256}
print(f"{len(post)} spoken addresses, {post.docs.year.min()}–{post.docs.year.max()}")

# %% [markdown]
# ## 1 · Wordfish
#
# Features: words without English stopwords and numbers, in at least 10 addresses (rare words
# carry little information about the position and slow the estimation down). quanteda stops
# when the log-posterior gains less than 10⁻⁶ in a round, or after 100 rounds; on this matrix
# it still gains a few thousandths per round at round 100, so we stop at a gain below 0.01
# (`tol=(1e-2, 1e-8)`, 14 rounds): no address moves by more than 0.002 against the 100-round
# fit, far inside its interval.

# %%
d = tk.dfm(post, stopwords="en", remove_numbers=True).trim(min_docs=10)
order = post.docvars.sort_values("year").doc_id
first, last = order.iloc[0], order.iloc[-1]
wf = tk.wordfish(d, dir=(first, last), tol=(1e-2, 1e-8))
print(wf)
docs = wf.documents.merge(post.docvars[["doc_id", "president", "party"]], on="doc_id")
docs["address"] = docs["president"] + " " + docs["year"].astype(str)
r_year = float(np.corrcoef(docs.theta, docs.year.astype(float))[0, 1])
print(f"correlation of θ with the year: {r_year:.3f}")
print(docs.groupby("party").theta.agg(["mean", "count"]).round(3))

# %%
fig = tk.plot.positions(docs, label="address", group="party", width="onehalf",
                        title="Wordfish positions of spoken addresses (95 % intervals)")  # fmt: skip
tk.save_figure(fig, "08_wordfish_positions", provenance={
    **PROV, "function": "tk.wordfish",
    "parameters": {"dir": [first, last], "stopwords": "en", "min_docs": 10}})  # fmt: skip
fig

# %% [markdown]
# The **Eiffel tower**: every word's discrimination β against its fixed effect ψ. Frequent
# words (high ψ) sit near β = 0; the words that define the ends of the scale are rare and
# far out. The labelled words are the eight most extreme at each end.

# %%
fig = tk.plot.eiffel(wf.features, top=8, width="onehalf",
                     title="Wordfish word parameters")  # fmt: skip
tk.save_figure(fig, "08_wordfish_eiffel", provenance={**PROV, "function": "tk.wordfish"})
low = wf.features.nsmallest(12, "beta").feature.tolist()
high = wf.features.nlargest(12, "beta").feature.tolist()
print("early end:", low)
print("late end: ", high)
fig

# %% [markdown]
# ## 2 · What moves topic prevalence: party and year
#
# An NMF model with 12 topics on the addresses' paragraphs (seed 0), then
# `tk.topic_effects(model, formula="~ party + bs(year, df=4)")`: 25 bootstrap resamples of whole
# addresses, one coefficient draw per resample from the normal distribution of its OLS
# estimate. The table gives the party coefficient (Republican − Democratic, in topic share)
# with its 95 % interval. In the figure, the curves are least certain at the ends of the
# period, where a spline has few addresses on one side (the bands widen; a linear model's
# expected share may even dip below zero there).

# %%
model = tk.fit_topics(post, k=12, unit="paragraph", seed=0)
fx = tk.topic_effects(model, formula="~ party + bs(year, df=4)", n_sims=25, seed=0)
coef = fx.coefficients()
party = coef[coef.covariate == "party[T.Republican]"].set_index("label")
print(party[["estimate", "ci_low", "ci_high"]].round(3).to_string())

# %%
labels = dict(enumerate(model.labels))
school = next(t for t, lab in labels.items() if "school" in lab)
weapons = next(t for t, lab in labels.items() if "weapons" in lab or "nuclear" in lab)
health = next(t for t, lab in labels.items() if "health" in lab)
SHOW = [school, weapons, health]
expected = fx.expected("year", by="party")
fig = tk.plot.effects(expected[expected.topic.isin(SHOW)], x="year", by="party", ncols=3,
                      title="Expected topic share by party over time (95 % intervals)")  # fmt: skip
tk.save_figure(fig, "08_topic_effects", provenance={
    **PROV, "function": "tk.topic_effects",
    "parameters": {"formula": "~ party + bs(year, df=4)", "k": 12, "n_sims": 25}})  # fmt: skip
fig

# %% [markdown]
# ## Checks
#
# - 71 spoken addresses since 1946; Wordfish's scale runs with time (|r| > 0.9 with the year),
#   the direction set by the first and last address, and every SE below 0.1;
# - the party difference is real for some topics and not for others: Republican addresses give
#   more of their paragraphs to nuclear weapons and forces, Democratic ones more to children
#   and schools (95 % intervals exclude 0); for both parties the health-care topic takes a larger
#   share after 1990 than before 1970.

# %%
r_school = party.loc[labels[school]]
r_weapons = party.loc[labels[weapons]]
e_health = expected[expected.topic == health].groupby("party")
assert len(post) == 71, len(post)
assert wf.converged and r_year > 0.9, (wf, r_year)
assert docs.set_index("doc_id").theta[first] < docs.set_index("doc_id").theta[last]
assert (docs.se < 0.1).all(), docs.se.max()
assert r_school.ci_high < 0 < r_weapons.ci_low, (r_school, r_weapons)
assert all(g[g.year >= 1990].share.mean() > g[g.year < 1970].share.mean() for _, g in e_health), (
    "health care is a topic of the later addresses"
)
print("all checks passed")
