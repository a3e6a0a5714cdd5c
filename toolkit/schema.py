"""The result schema: one name per concept, in every table the toolkit returns.

Every public analysis returns a long pandas DataFrame whose columns are taken from
:data:`COLUMNS` (plus the grouping columns the user names with ``by=``, which keep their
metadata names: ``year``, ``decade``, ``party``, ``president``…). ``tests/test_schema.py`` runs
every public table-returning function and checks its columns against this table, and the
README's schema table is generated from it (:func:`schema_table`).

Conventions
-----------
- A *pair* of items uses the suffixes ``_a`` / ``_b`` (``group_a``, ``group_b``).
- Two sides of a comparison use ``_target`` / ``_reference`` (keyness) or ``_target`` /
  ``_source`` (text reuse).
- Rates are per million tokens (``per_million``); a function with a ``rate=`` option names the
  column after its base (:func:`rate_column`: ``rate=10_000`` gives ``per_10k``).

Examples
--------
>>> rate_column(1_000_000), rate_column(10_000), rate_column(100)
('per_million', 'per_10k', 'per_100')
>>> "feature" in COLUMNS and "ngram" not in COLUMNS
True
"""

from __future__ import annotations

from toolkit.errors import ArgumentError

__all__ = ["ALIASES", "COLUMNS", "RATES", "rate_column", "rate_value", "schema_table"]

#: Column name → meaning. The single source of truth for result tables.
COLUMNS: dict[str, str] = {
    # documents
    "doc_id": "document identifier (segments: `<parent>#p<k>` / `#s<k>`)",
    "parent_id": "the document a paragraph or sentence belongs to",
    "segment": "1-based number of a paragraph or sentence in its document",
    "date": "document date (datetime64; NaT when unknown — a bare year never invents a date)",
    "year": "document year (Int64)",
    "title": "document title or headline",
    "language": "document language (`en`, `zh`)",
    # counted items
    "feature": "the counted item: a word, an n-gram (tokens joined by spaces), a collocation, "
    "a dictionary category, a discovered candidate or a topic term",
    "n": "length of an n-gram or collocation in tokens",
    "count": "number of occurrences",
    "doc_freq": "number of documents containing the item",
    "per_million": "occurrences per million tokens of the group (all tokens, stopwords included)",
    "rank": "1-based rank (1 = best)",
    "category": "dictionary key or lexicon category (nested keys joined with `.`)",
    "level": "depth of a dictionary category (1 = top level)",
    # positions and context
    "position": "0-based token index in the document",
    "relative_position": "`position` divided by the document length in tokens, in [0, 1)",
    "sentence": "0-based sentence number in the document",
    "token": "a token",
    "text": "text of a document, a segment or an annotation",
    "start": "character offset where the match starts in the normalised `text`",
    "end": "character offset where the match ends in the normalised `text`",
    "left": "context before the match (whitespace collapsed)",
    "match": "the matched text, as written in the normalised `text`",
    "right": "context after the match (whitespace collapsed)",
    "pattern": "the query that produced the match",
    # keyness
    "count_target": "occurrences in the target",
    "count_reference": "occurrences in the reference",
    "per_million_target": "occurrences per million tokens of the target",
    "per_million_reference": "occurrences per million tokens of the reference",
    "g2": "log-likelihood G² (Rayson & Garside 2000 for keyness; Dunning 1993 for collocations)",
    "p_value": "p-value of the statistic (χ² with one degree of freedom)",
    "chi2": "Pearson's χ² of the 2×2 (or 2^K) table",
    "log_ratio": "Hardie's (2014) binary log ratio of relative frequencies",
    "pct_diff": "Gabrielatos & Marchi's (2012) %DIFF",
    "sign": "`+` over-used in the target, `-` under-used",
    # collocations
    "lambda": "Blaheta & Johnson's (2001) log-linear interaction, as quanteda",
    "z": "Wald z of `lambda`",
    "pmi": "pointwise mutual information in bits (NLTK)",
    "t": "Student's t (NLTK)",
    "dice": "Dice coefficient (NLTK)",
    # dispersion
    "juilland_d": "Juilland's D (1 = perfectly even)",
    "gries_dp": "Gries' (2008) DP (0 = perfectly even)",
    "gries_dp_norm": "Lijffijt & Gries' (2012) normalised DP",
    # similarity
    "group_a": "first group of a pair",
    "group_b": "second group of a pair",
    "similarity": "similarity of the pair (1 = identical)",
    "score": "change-point score (higher = sharper break)",
    # slogans
    "slogan_id": "lexicon entry id",
    "label_zh": "Chinese label of the entry",
    "label_en": "English label of the entry",
    "slogan_a": "first entry of a co-occurring pair",
    "slogan_b": "second entry of a co-occurring pair",
    "label_a": "label of `slogan_a`",
    "label_b": "label of `slogan_b`",
    "count_a": "units containing `slogan_a`",
    "count_b": "units containing `slogan_b`",
    "npmi": "normalised pointwise mutual information over units",
    "first_date": "date of the first document with the item",
    "first_year": "year of the first document with the item",
    "first_doc": "doc_id of the first document with the item",
    "context": "the first occurrence in context",
    "example": "an occurrence in context",
    "kind": "how a candidate was found (`numbered_zh`, `numbered_en`, `quoted`, `collocation`), or what an annotation is (`stage`, `speaker`, `interjection`, `editorial`, `boilerplate`, `footnote`)",
    "original_start": "character offset where an annotation starts in the raw `original` text",
    "original_end": "character offset where an annotation ends in the raw `original` text",
    "known": "the candidate is a form of a lexicon entry (`slogan_id` says which)",
    "filtered": "why a candidate was filtered out (empty when kept)",
    # topic models
    "topic": "topic number (from 0)",
    "label": "topic label (default `<topic>: <three top terms>`)",
    "weight": "p(feature | topic), or a unit's topic share",
    "relevance": "Sievert & Shirley's (2014) relevance",
    "frex": "FREX (Roberts, Stewart & Airoldi 2016)",
    "share": "mean topic share of the group's units",
    "ci_low": "lower bound of the confidence interval",
    "ci_high": "upper bound of the confidence interval",
    "n_docs": "number of documents in the group",
    "n_units": "number of units (documents, paragraphs or sentences) in the group",
    "n_words": "tokens in the unit before filtering",
    "tokens": "number of tokens",
    "types": "number of distinct tokens",
    "measure": "name of the measure in the `value`/`coherence` column",
    "coherence": "topic coherence",
    "top_terms": "top features of the topic, space-joined",
    "k": "number of topics",
    "method": "topic model method (`nmf`, `lda`, `gibbs`)",
    "diversity": "share of distinct terms among the topics' top terms",
    "fit": "fit of the model (reconstruction error or perplexity)",
    "fit_measure": "what `fit` measures",
    "seconds": "time taken",
    "seed_a": "seed of the first model of a pair",
    "seed_b": "seed of the second model of a pair",
    "topic_a": "topic of the first model",
    "topic_b": "matched topic of the second model",
    "jaccard": "Jaccard overlap of the two topics' top terms",
    "terms_a": "top terms of `topic_a`",
    # tables and files
    "path": "a file",
    "reason": "why a file or row was not loaded",
    "detail": "more about `reason`",
    "value": "the value of `measure`",
    "marked": "how a discovery candidate is marked as a set phrase (`quoted`, `enumerated`, "
    "`serial`, `known`; empty when it only recurs)",
    # text reuse (`_target`: the document that reuses, `_source`: the one reused)
    "doc_id_target": "target document of a reused passage",
    "date_target": "date of the target document",
    "year_target": "year of the target document",
    "start_target": "character offset where the passage starts in the target's normalised `text`",
    "end_target": "character offset where the passage ends in the target's normalised `text`",
    "doc_id_source": "source document of a reused passage",
    "date_source": "date of the source document",
    "year_source": "year of the source document",
    "start_source": "character offset where the passage starts in the source's normalised `text`",
    "end_source": "character offset where the passage ends in the source's normalised `text`",
    "length": "length of a reused passage on the target side: characters (Chinese) or words "
    "(English)",
    "text_target": "the passage as written in the target (`text[start_target:end_target]`)",
    "text_source": "the passage as written in the source (`text[start_source:end_source]`)",
    "n_passages": "number of reused passages",
    "chars_reused": "characters of the target inside reused passages (union of the spans)",
    "n_chars": "characters of the target document(s)",
    "share_reused": "`chars_reused` / `n_chars`",
    "longest": "length of the longest reused passage",
    "longest_text": "the longest reused passage, as written in the target",
    # meaning shift (one row per term and period)
    "shift": "cosine distance of the term's aligned vectors in this and the previous period",
    "shift_low": "lower bound of the 95 % bootstrap interval of `shift`",
    "shift_high": "upper bound of the 95 % bootstrap interval of `shift`",
    "shift_first": "cosine distance of the term's aligned vectors in this period and the first "
    "period in which it has one",
    "shift_first_low": "lower bound of the 95 % bootstrap interval of `shift_first`",
    "shift_first_high": "upper bound of the 95 % bootstrap interval of `shift_first`",
    "stability": "Jaccard overlap of the term's nearest neighbours in this and the previous period",
    "stability_low": "lower bound of the 95 % bootstrap interval of `stability`",
    "stability_high": "upper bound of the 95 % bootstrap interval of `stability`",
    "neighbours": "the term's nearest neighbours in the period, space-joined, nearest first",
    "rare": "the term occurs fewer than `min_count` times in the period (no vector)",
    # scaling (tk.wordfish, tk.wordscores, tk.correspondence)
    "theta": "estimated position of the document on the scale (Wordfish θ; Wordscores text "
    "score, rescaled when asked)",
    "se": "standard error of the estimate",
    "alpha": "Wordfish document fixed effect (length)",
    "beta": "Wordfish word weight: how the word discriminates along the scale",
    "psi": "Wordfish word fixed effect (log frequency)",
    "phi": "Wordfish word dispersion (1 for the Poisson model)",
    "ref_score": "reference score of a Wordscores reference text (NaN for a virgin text)",
    "theta_raw": "raw Wordscores text score",
    "se_raw": "standard error of `theta_raw`",
    "word_score": "Wordscores score of the word",
    "dimension": "correspondence-analysis dimension (from 1)",
    "coordinate": "standard coordinate on `dimension`",
    # similarity, co-occurrence, effects
    "doc_id_a": "first document of a pair",
    "doc_id_b": "second document of a pair",
    "distance": "distance of the pair (0 = identical)",
    "feature_a": "first feature of a co-occurring pair",
    "feature_b": "second feature of a co-occurring pair",
    "covariate": "column of a regression design (a covariate, one of its levels or a spline basis)",
    "estimate": "coefficient estimate (mean of the simulated draws)",
}

#: Names used before the schema existed, and the schema name that replaced each.
ALIASES: dict[str, str] = {
    "ngram": "feature",
    "term": "feature",
    "collocation": "feature",
    "candidate": "feature",
    "docs": "doc_freq",
    "per_10k": "per_million",
    "matched": "match",
}

#: Bases allowed for ``rate=`` and the column each gives.
RATES: dict[int, str] = {
    1_000_000: "per_million",
    100_000: "per_100k",
    10_000: "per_10k",
    1_000: "per_1k",
    100: "per_100",
}


def rate_column(rate: int) -> str:
    """The column name of a rate per ``rate`` tokens (``1_000_000`` → ``per_million``)."""
    if isinstance(rate, bool) or rate not in RATES:
        raise ArgumentError(f"rate must be one of {sorted(RATES, reverse=True)}, not {rate!r}")
    return RATES[rate]


def rate_value(rate: int) -> float:
    """The base of a rate as a float, after checking it (see :func:`rate_column`)."""
    rate_column(rate)
    return float(rate)


def schema_table() -> str:
    """The schema as a Markdown table (the README's result-schema section)."""
    rows = ["| column | meaning |", "|---|---|"]
    rows += [f"| `{name}` | {text} |" for name, text in COLUMNS.items()]
    return "\n".join(rows)


def write_readme_table(path: str = "README.md") -> bool:
    """Rewrite the schema table between the README's ``schema:start``/``schema:end`` markers;
    returns whether the file changed (``python -m toolkit.schema``)."""
    from pathlib import Path

    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    start = text.index("<!-- schema:start")
    start = text.index("\n", start) + 1
    end = text.index("<!-- schema:end -->")
    new = text[:start] + schema_table() + "\n" + text[end:]
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # pragma: no cover
    print("README.md updated" if write_readme_table() else "README.md is up to date")
