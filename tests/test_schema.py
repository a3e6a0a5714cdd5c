"""One result schema and one argument grammar, checked across the public API.

Every public function that returns a table is run on a small corpus and its columns are checked
against ``toolkit.schema.COLUMNS`` (grouping columns named with ``by=`` keep their names); every
public function's signature is checked against the argument grammar: the data (and a lexicon,
dictionary, pattern, terms or reference) positional, every other option keyword-only, and no
option name from the old dialects.
"""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

import toolkit as tk
from toolkit.schema import ALIASES, COLUMNS, RATES

BY = {"decade", "party", "year", "all"}


@pytest.fixture(scope="module")
def corpus() -> tk.Corpus:
    texts = [
        "We cut taxes. The economy grew and common prosperity came. Taxes fell again.",
        "War and peace. The army and the navy. We seek peace and common prosperity.",
        "坚持两个确立，推动共同富裕。扎实推进共同富裕，坚持改革开放。",
        "Taxes and the economy again; peace and war; the economy of the nation.",
    ] * 3
    years = [str(1990 + 3 * i) for i in range(12)]
    return tk.Corpus.from_texts(texts, dates=years, party=["A", "B", "A", "B"] * 3)


def _annotated() -> tk.Corpus:
    from toolkit.corpus._texts import annotation_table, document_texts
    from toolkit.text.annotations import compile_rules

    raw = ["Thanks. [Applause]"]
    rules = compile_rules([{"kind": "stage", "pattern": r"\[Applause\]"}])
    texts, found = document_texts(raw, rules=rules)
    frame = pd.DataFrame({"doc_id": ["a"], "text": texts, "original": raw})
    return tk.Corpus(frame, annotations=annotation_table(["a"], found))


def tables(corpus: tk.Corpus) -> dict[str, pd.DataFrame]:
    toks = corpus.tokens()
    d = tk.dfm(corpus)
    lex = tk.Lexicon.from_dict(
        {"cp": {"zh": "共同富裕", "en": ["common prosperity"], "category": "economy"},
         "te": {"zh": "两个确立", "en": ["two establishments"], "category": "ideology"}}
    )  # fmt: skip
    dictionary = tk.Dictionary({"economy": ["econom*", "tax*"], "war": ["war", "army"]})
    model = tk.fit_topics(corpus, k=2, min_docs=1, max_docs=1.0)
    disp = tk.dispersion(corpus, ["peace", "taxes"])
    out = {
        "ngrams": tk.ngrams(corpus, n=(1, 2), by="decade"),
        "ngrams(dfm)": tk.ngrams(d, by="party"),
        "collocations": tk.collocations(corpus, min_count=1),
        "keyness": tk.keyness(corpus, "year>=2000"),
        "kwic": tk.kwic(corpus, "peace"),
        "annotations": _annotated().annotations,
        "kwic(tokens)": tk.kwic(toks, "peace"),
        "dispersion.positions": disp.positions,
        "dispersion.measures": disp.measures,
        "lookup": tk.lookup(corpus, dictionary, by="party"),
        "group_similarity": tk.group_similarity(corpus, by="decade"),
        "change_points": tk.change_points(corpus, width=2, min_count=1),
        "tokens.to_frame": toks.to_frame(),
        "dfm.to_frame": d.to_frame(),
        "count_slogans": tk.count_slogans(corpus, lex, by="year"),
        "slogan_matches": tk.slogan_matches(corpus, lex),
        "first_appearances": tk.first_appearances(corpus, lex),
        "slogan_cooccurrence": tk.slogan_cooccurrence(corpus, lex, unit="document"),
        "discover_slogans": tk.discover_slogans(corpus, lexicons=None, min_count=1),
        "topics": model.topics(top=3),
        "doc_topics": model.doc_topics(),
        "parent_topics": model.parent_topics(),
        "prevalence": model.prevalence(by="decade", n_boot=10),
        "coherence": model.coherence(),
        "summary": model.summary(),
        "select_k": tk.select_k(corpus, ks=[2], min_docs=1, max_docs=1.0),
        "topic_stability": tk.topic_stability(corpus, k=2, seeds=2, min_docs=1, max_docs=1.0),
        "list_corpora": tk.list_corpora(),
        "corpus.summary": corpus.summary(),
        "load_report": corpus.load_report,
        "list_lexicons": tk.list_lexicons(),
        "wordfish.documents": tk.wordfish(d, dir=(0, 1)).documents,
        "wordfish.features": tk.wordfish(d, dir=(0, 1)).features,
        "wordscores.documents": tk.wordscores(d, [-1, 1] + [None] * 10).documents,
        "wordscores.features": tk.wordscores(d, [-1, 1] + [None] * 10).features,
        "correspondence.documents": tk.correspondence(d).documents,
        "correspondence.features": tk.correspondence(d).features,
        "lexdiv": tk.lexdiv(corpus, by="party"),
        "readability": tk.readability(corpus, measure=["Flesch", "Xu.Chinese"]),
        "similarity": tk.similarity(corpus),
        "distance": tk.distance(corpus, by="decade"),
        "fcm.to_frame": tk.fcm(corpus, window=3).to_frame(),
        "keyness_groups": tk.keyness_groups(corpus, by="party", top=2),
        "topic_effects.coefficients": tk.topic_effects(
            model, formula="~ party + year", n_sims=3
        ).coefficients(),
        "topic_effects.expected": tk.topic_effects(
            model, formula="~ party + year", n_sims=3
        ).expected("year", by="party"),
    }
    return out


@pytest.fixture(scope="module")
def results(corpus) -> dict[str, pd.DataFrame]:
    return tables(corpus)


def test_every_column_is_in_the_schema(results):
    allowed = set(COLUMNS) | BY | set(RATES.values())
    unknown = {
        name: sorted(set(frame.columns) - allowed)
        for name, frame in results.items()
        if set(frame.columns) - allowed
    }
    # tables that describe registries and files are allowed their own descriptive columns
    for name in ("list_corpora", "corpus.summary", "list_lexicons"):
        unknown.pop(name, None)
    assert unknown == {}


def test_no_old_dialect_column_names(results):
    old = {name: sorted(set(f.columns) & set(ALIASES)) for name, f in results.items()}
    assert {k: v for k, v in old.items() if v and k not in ("list_corpora", "list_lexicons")} == {}


def test_per_document_tables_carry_doc_id_date_year(results):
    for name in ("kwic", "kwic(tokens)", "dispersion.positions", "slogan_matches", "doc_topics"):
        assert {"doc_id", "date", "year"} <= set(results[name].columns), name


def test_same_concepts_same_names(results):
    for name in ("ngrams", "ngrams(dfm)", "lookup", "count_slogans"):
        assert {"count", "doc_freq", "per_million"} <= set(results[name].columns), name
    for name in ("ngrams", "collocations", "keyness", "dispersion.measures", "topics"):
        assert "feature" in results[name].columns, name
    assert "match" in results["kwic"] and "match" in results["slogan_matches"]


#: Parameters that may be positional, after the data: the object an analysis is about.
SECOND = {"reference", "pattern", "terms", "dictionary", "lexicon", "expression", "name",
          "candidates", "texts", "y", "source", "corpus"}  # fmt: skip
#: Option names of the old dialects, and what replaced them.
BANNED = {
    "max_ngrams": "top",
    "top_n": "top",
    "size": "n",
    "parts": "by",
    "regex": "kind",
    "limit": "top",
    "min_df": "min_docs (Vectorizer keeps scikit-learn's names)",
    "max_df": "max_docs",
    "max_features": "top",
    "ngram_range": "n",
}
#: Estimators and utilities that keep another library's vocabulary on purpose.
EXEMPT = {"Vectorizer", "figsize", "style", "use_style", "make_provenance"}


def public_callables():
    import toolkit.plot as plot

    for module, names in ((tk, tk.__all__), (plot, plot.__all__)):
        for name in names:
            obj = getattr(module, name)
            if callable(obj) and name not in EXEMPT and not isinstance(obj, type):
                yield f"{module.__name__}.{name}", obj
    for cls in (tk.Tokens, tk.Dfm, tk.TopicModel, tk.Corpus):
        for name, fn in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                yield f"{cls.__name__}.{name}", fn


def test_argument_grammar():
    problems = []
    for name, fn in public_callables():
        params = list(inspect.signature(fn).parameters.values())
        if params and params[0].name in ("self", "cls"):
            params = params[1:]
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        extra = [p.name for p in positional[1:] if p.name not in SECOND]
        if extra and not name.startswith("TopicModel.__init__"):
            problems.append(f"{name}: options {extra} should be keyword-only")
        for p in params:
            if p.name in BANNED:
                problems.append(f"{name}: {p.name!r} is now {BANNED[p.name]!r}")
    assert problems == []


def test_a_string_is_never_taken_as_text_or_path(corpus):
    for call in (
        lambda: tk.ngrams("We the people"),
        lambda: tk.tokens("We the people"),
        lambda: tk.dfm("We the people"),
        lambda: tk.kwic("We the people", "people"),
        lambda: tk.count_slogans("共同富裕", "ccp-formulations"),
    ):
        with pytest.raises(TypeError, match="single string"):
            call()


def test_readme_documents_the_schema():
    from pathlib import Path

    from toolkit.schema import schema_table

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert schema_table() in readme, "regenerate the README's result-schema table from schema.py"
