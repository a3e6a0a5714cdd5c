# toolkit-corpora:
# %% [markdown]
# # 06 · Formulations in provincial news (dated-news reports)
#
# Provincial Party newspapers and their English machine translations carry the central
# formulations into local politics — and add their own (an autonomous region's "five major
# tasks", "model autonomous region"). This notebook analyses **any folder of dated-news
# reports**: plain-text files whose first line is ` date YYYY-MM-DD Title`, followed by the
# report's paragraphs.
#
# By default it runs on `notebooks/data/provincial_news/`, eight short reports written for this
# repository (invented content in the style of machine-translated provincial news, 2022–2024;
# see `notebooks/data/README.md`). Point it at your own folder with the environment variable
# `TOOLKIT_NEWS_DIR` (e.g. `TOOLKIT_NEWS_DIR=~/news make figures`) or by editing the parameter
# cell below.
#
# Steps:
#
# 1. read the folder (`tk.read_corpus`: dates and titles from the header line, encoding
#    detection, files that cannot be read are listed in `corpus.load_report`);
# 2. count the formulations of the `ccp-formulations` lexicon through their **English** forms
#    (official translations plus the machine-translation variants the lexicon records, e.g.
#    "two maintenances" for 两个维护 "Two Upholds");
# 3. discover **numbered formulations** ("two establishments", "five major tasks") without a
#    lexicon, keeping ordinary quantities ("two days", "three years") out;
# 4. keywords in context (KWIC) for one formulation.

# %% tags=["parameters"]
import os

NEWS_DIR = os.environ.get("TOOLKIT_NEWS_DIR", "data/provincial_news")
KWIC_TERM = "two establishments"

# %%
from pathlib import Path

import pandas as pd

import toolkit as tk

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 14)
pd.set_option("display.max_colwidth", 60)

SAMPLE = Path("data/provincial_news").resolve()
news_dir = Path(NEWS_DIR).expanduser().resolve()
on_sample = news_dir == SAMPLE
# the sample is read through its relative path: the documents' `source` column (part of the
# corpus fingerprint stamped on the figure) then does not depend on where the repository is
corpus = tk.read_corpus(Path("data/provincial_news") if on_sample else news_dir, name=news_dir.name)
docs = corpus.docs
print(f"{len(corpus)} reports from {NEWS_DIR} ({'bundled sample' if on_sample else 'user folder'})")
print(
    f"dates {docs['date'].min():%Y-%m-%d} – {docs['date'].max():%Y-%m-%d}; languages: "
    f"{docs['language'].value_counts().to_dict()}"
)
if len(corpus.load_report):
    print("not loaded:\n", corpus.load_report.to_string())
print(docs[["doc_id", "date", "title"]].to_string(max_colwidth=70))
PROV = {"corpus": corpus.name, "corpus_sha256": corpus.sha256}

# %% [markdown]
# ## 1 · Formulations counted with the lexicon
#
# `forms="auto"` matches the English forms in English documents and the Chinese forms in Chinese
# ones, so the same notebook works on Chinese-language news. English matching is
# case-insensitive and tolerant of hyphens, curly quotes and line breaks ("Chinese-style
# modernization" = "Chinese style modernization").

# %%
lexicon = tk.load_lexicon("ccp-formulations")
total = tk.count_slogans(corpus, lexicon, fill_zeros=False)
total = total[total["count"] > 0].sort_values(["count", "slogan_id"], ascending=[False, True])
print(
    total[
        ["slogan_id", "label_en", "label_zh", "category", "count", "doc_freq", "per_million"]
    ].to_string()
)

matches = tk.slogan_matches(corpus, lexicon)
print(f"\n{len(matches)} matches; surface forms found:")
print(matches.groupby(["slogan_id", "match"]).size().rename("n").reset_index().to_string())

# %% [markdown]
# The bar chart labels each formulation with its Chinese form and the English surface form most
# often used for it in these reports (machine translations rarely use the official rendering:
# "two maintenances", not "Two Upholds").

# %%
import textwrap

surface = (
    matches.assign(form=matches["match"].str.replace(r"\s+", " ", regex=True))
    .groupby(["slogan_id", "form"])
    .size()
    .rename("n")
    .reset_index()
    .sort_values(["slogan_id", "n", "form"], ascending=[True, False, True])
    .drop_duplicates("slogan_id")
    .set_index("slogan_id")["form"]
)
top = total.head(12).iloc[::-1]
labels = [
    textwrap.fill(f"{zh}  {surface[sid]}", 34, subsequent_indent="    ")
    for sid, zh in zip(top["slogan_id"], top["label_zh"], strict=True)
]
tk.plot.use_style()
fig = tk.plot.Figure(figsize=tk.plot.figsize("onehalf", 0.75))
ax = fig.subplots()
ax.barh(labels, top["count"], color=tk.plot.PALETTE[0], height=0.7)
for y, (n, d) in enumerate(zip(top["count"], top["doc_freq"], strict=True)):
    ax.text(n + 0.1, y, f"{n} ({d} report{'s' if d > 1 else ''})", va="center", fontsize=7)
ax.set_xlabel(f"mentions in {len(corpus)} reports")
ax.set_xlim(0, top["count"].max() * 1.35)
ax.tick_params(axis="y", length=0)
saved = tk.save_figure(
    fig,
    "06_formulation_counts",
    provenance={
        **PROV,
        "function": "tk.count_slogans",
        "parameters": {
            "lexicon": lexicon.name,
            "forms": "auto",
            "top": 12,
            "news_dir": news_dir.name,
        },
    },
)
print("saved:", ", ".join(p.name for p in saved))
fig

# %% [markdown]
# ## 2 · Numbered formulations discovered without a lexicon
#
# `tk.discover_slogans(kinds="numbered")` looks for a number word followed by a short phrase
# ("two establishments", "five major tasks") and drops phrases whose head is a unit of time or
# measure ("two days", "three years", "one hundred model collectives" is kept only if it
# recurs). The `in_lexicon` column shows which candidates the lexicon already knows.

# %%
discovered = tk.discover_slogans(
    corpus,
    kinds=["numbered_en", "numbered_zh"],
    min_count=2,
    lexicons=None,
    return_filtered=True,
)
found = discovered[discovered["filtered"] == ""].copy()
print("removed as ordinary quantities:")
print(discovered.loc[discovered["filtered"] != "", ["feature", "count", "filtered"]].to_string())

english_forms = set(lexicon.forms()["form"].str.lower())
found["in_lexicon"] = found["feature"].str.lower().isin(english_forms)
print("\nkept:")
print(found[["feature", "count", "doc_freq", "first_date", "in_lexicon"]].to_string())

# %% [markdown]
# ## 3 · Keywords in context

# %%
kw = tk.kwic(corpus, KWIC_TERM, context=10)
print(f"{len(kw)} occurrences of {KWIC_TERM!r}")
print(kw[["doc_id", "left", "match", "right"]].to_string(max_colwidth=70))

# %% [markdown]
# ## Checks
#
# On the bundled sample the expected numbers are known, because the reports were written for this
# notebook: each lexicon count must equal an independent regular-expression count of the
# formulation's surface forms in the raw text; "two establishments", "two maintenances" and "five
# major tasks" must be discovered; the distractors "two days", "two years", "three days" and
# "three years" (all present in the sample) must not. On another folder only the invariants are
# checked: every match lies inside its document and reproduces the matched text.

# %%
import re

texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
for row in matches.itertuples():
    assert texts[row.doc_id][row.start : row.end].lower() == row.match.lower(), row
assert total["count"].sum() == len(matches)

if on_sample:
    assert len(corpus) == 8 and docs["date"].dt.year.between(2022, 2024).all()

    def regex_count(*phrases: str) -> int:
        pat = "|".join(r"\b" + re.escape(p).replace(r"\ ", r"[\s\-]+") + r"\b" for p in phrases)
        # the oracle reads what is counted: the headline (a title is text) and the raw body
        read = docs["title"] + "\n\n" + docs["original"]
        return sum(len(re.findall(pat, t, flags=re.IGNORECASE)) for t in read)

    got = total.set_index("slogan_id")["count"]
    expected = {
        "two-establishments": regex_count("two establishments"),
        "two-upholds": regex_count("two maintenances"),
        "five-major-tasks": regex_count("five major tasks"),
        "three-norths": regex_count("three norths"),
        "model-autonomous-region": regex_count("model autonomous region"),
        "chinese-modernization": regex_count("chinese-style modernization"),
        "common-prosperity": regex_count("common prosperity"),
    }
    print({k: (int(got.get(k, 0)), v) for k, v in expected.items()})
    for slogan, n in expected.items():
        assert n > 0 and got.get(slogan, 0) == n, (slogan, got.get(slogan, 0), n)
    sense = regex_count(
        "sense of community for the chinese nation", "sense of community of the chinese nation"
    )
    # every occurrence counts for the nested formulation too (overlap="all"): 铸牢… contains …意识
    assert got.get("sense-of-community-chinese-nation", 0) == sense
    assert 0 < got.get("forge-sense-of-community-chinese-nation", 0) <= sense
    cands = set(found["feature"].str.lower())
    assert {"two establishments", "two maintenances", "five major tasks"} <= cands, cands
    distractors = {"two days", "two years", "three days", "three years"}
    assert all(regex_count(d) > 0 for d in distractors)
    assert not cands & distractors, cands & distractors
    assert len(kw) == expected["two-establishments"]
print("all checks passed")
