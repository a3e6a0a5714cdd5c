"""Counting commands: ngrams, collocations, keyness, kwic."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import pandas as pd
import typer

from toolkit.cli._app import CorpusArg, DocTypesOpt, FormatOpt, OutOpt, WhereOpt, app, load, step
from toolkit.cli._output import emit
from toolkit.errors import ArgumentError

__all__ = [
    "collocations",
    "dispersion",
    "key_terms",
    "keyness",
    "kwic",
    "ngrams",
    "parse_n",
    "stopword_spec",
]

StopOpt = Annotated[
    str | None,
    typer.Option("--stopwords", "-s", help="Drop entries with a stopword: en, zh, both or none."),
]
TopOpt = Annotated[int | None, typer.Option("--top", "-t", min=1, help="Keep the best N rows.")]


class Boundary(str, Enum):
    """Units that n-grams never cross."""

    document = "document"
    sentence = "sentence"


class CountUnit(str, Enum):
    """Word or character n-grams."""

    word = "word"
    char = "char"


def parse_n(spec: str) -> int | tuple[int, int]:
    """``"2"`` → 2; ``"1-3"`` or ``"1:3"`` → ``(1, 3)``.

    Examples
    --------
    >>> parse_n("2"), parse_n("1-3")
    (2, (1, 3))
    """
    text = spec.strip().replace(":", "-")
    try:
        if "-" in text:
            lo, hi = (int(p) for p in text.split("-"))
            if not 1 <= lo <= hi:
                raise ValueError
        else:
            lo = hi = int(text)
            if lo < 1:
                raise ValueError
    except ValueError:
        raise ArgumentError(f"-n {spec!r}: give a length like 2 or a range like 1-3") from None
    from toolkit.tokenized.ops import MAX_NGRAM

    if hi > MAX_NGRAM:
        raise ArgumentError(f"-n {spec!r}: n-grams are at most {MAX_NGRAM} words long")
    return (lo, hi) if "-" in text else lo


def stopword_spec(value: str | None) -> str | None:
    """``--stopwords`` value for the library (``none`` → None)."""
    if value is None or value.lower() in ("none", "no", "off", ""):
        return None
    if value.lower() not in ("en", "zh", "both"):
        raise ArgumentError(f"--stopwords {value!r}: use en, zh, both or none")
    return value.lower()


@app.command()
def ngrams(
    corpus: CorpusArg,
    n: Annotated[str, typer.Option("-n", help="N-gram length (2) or range (1-3).")] = "1",
    by: Annotated[
        list[str] | None,
        typer.Option("--by", help="Count per group: a column or 'decade' (repeatable)."),
    ] = None,
    top: Annotated[
        int | None, typer.Option("--top", "-t", min=1, help="Most frequent N per group and n.")
    ] = None,
    min_count: Annotated[int, typer.Option(min=1, help="Minimum count.")] = 1,
    stopwords: StopOpt = None,
    boundary: Annotated[Boundary, typer.Option(help="Do not cross documents or sentences.")] = (
        Boundary.document
    ),
    what: Annotated[CountUnit, typer.Option(help="Word or character n-grams.")] = CountUnit.word,
    rate: Annotated[
        int, typer.Option(help="Rate per this many tokens: 1000000 (per_million) or 10000 …")
    ] = 1_000_000,
    where: WhereOpt = None,
    doc_types: DocTypesOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """Word and n-gram frequencies, overall or --by decade/year/party (tk.ngrams)."""
    from toolkit.counts.ngrams import ngrams as ngrams_

    size = parse_n(n)
    c = load(corpus, where=where, doc_types=doc_types)
    group = by[0] if by and len(by) == 1 else (by or None)
    with step(f"counting n-grams in {c.name}"):
        table = ngrams_(
            c,
            n=size,
            by=group,
            stopwords=stopword_spec(stopwords),
            min_count=min_count,
            top=top,
            boundary=boundary.value,
            rate=rate,
            **({"what": what.value} if what is not CountUnit.word else {}),
        )
    emit(table, fmt=fmt, out=out, title=f"{n}-grams in {c.name}")


@app.command()
def collocations(
    corpus: CorpusArg,
    n: Annotated[int, typer.Option("-n", min=2, max=8, help="Words per expression (2-8).")] = 2,
    min_count: Annotated[int, typer.Option(min=1, help="Minimum count.")] = 2,
    window: Annotated[
        int | None, typer.Option(min=1, max=100, help="Co-occurrence within N tokens (-n 2).")
    ] = None,
    boundary: Annotated[Boundary, typer.Option(help="Expressions never cross this unit.")] = (
        Boundary.sentence
    ),
    sort: Annotated[
        str, typer.Option(help="Rank by: z, lambda, pmi, g2, t, chi2, dice, count.")
    ] = ("z"),
    stopwords: StopOpt = None,
    top: TopOpt = None,
    where: WhereOpt = None,
    doc_types: DocTypesOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """Multi-word expressions scored by lambda/z, PMI, G², t, chi², Dice (tk.collocations)."""
    from toolkit.counts.collocations import collocations as collocations_

    c = load(corpus, where=where, doc_types=doc_types)
    with step(f"scoring collocations in {c.name}"):
        table = collocations_(
            c,
            n=n,
            min_count=min_count,
            top=top,
            window=window,
            boundary=boundary.value,
            stopwords=stopword_spec(stopwords),
            sort=sort,
        )
    emit(table, fmt=fmt, out=out, title=f"Collocations in {c.name}")


class Side(str, Enum):
    """Which key terms to keep with ``--top``."""

    both = "both"
    plus = "+"
    minus = "-"


def key_terms(table: pd.DataFrame, top: int | None, side: str = "both") -> pd.DataFrame:
    """The ``top`` most over-used (``+``) and/or most under-used (``-``) terms of a keyness
    table, in the library's order (most over-used first, most under-used last)."""
    plus = table[table["sign"] == "+"]
    minus = table[table["sign"] == "-"]
    if top is not None:
        plus, minus = plus.head(top), minus.tail(top)
    parts = {"both": [plus, minus], "+": [plus], "-": [minus]}[side]
    return pd.concat(parts).reset_index(drop=True)


@app.command()
def keyness(
    corpus: CorpusArg,
    target: Annotated[
        str | None,
        typer.Option("--target", help='Filter for the target documents, e.g. "year>=1917".'),
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option("--reference", help="Filter for the reference (default: all the others)."),
    ] = None,
    reference_corpus: Annotated[
        str | None,
        typer.Option("--reference-corpus", help="Compare with another CORPUS instead."),
    ] = None,
    n: Annotated[str, typer.Option("-n", help="Term length (1) or range (1-2).")] = "1",
    measure: Annotated[str, typer.Option(help="Rank by g2, chi2, log_ratio or pct_diff.")] = "g2",
    min_count: Annotated[int, typer.Option(min=1, help="Minimum count in both sides.")] = 1,
    stopwords: StopOpt = None,
    top: Annotated[
        int | None, typer.Option("--top", "-t", min=1, help="Most over- and under-used N.")
    ] = None,
    side: Annotated[Side, typer.Option(help="Keep over-used (+), under-used (-) or both.")] = (
        Side.both
    ),
    where: WhereOpt = None,
    doc_types: DocTypesOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """Key terms of a target against a reference (tk.keyness): G², chi², log ratio, %DIFF."""
    from toolkit.corpus.filters import filter_corpus, filter_mask, parse_filter
    from toolkit.counts.keyness import keyness as keyness_

    options = {
        "n": parse_n(n),
        "measure": measure,
        "min_count": min_count,
        "stopwords": stopword_spec(stopwords),
    }
    if side is Side.both:
        options["top"] = top
    t_filter = parse_filter(target) if target else None
    r_filter = parse_filter(reference) if reference else None
    c = load(corpus, where=where, doc_types=doc_types)
    if reference_corpus is not None:
        ref = load(reference_corpus, doc_types=None)
        tgt = filter_corpus(c, t_filter) if t_filter else c
        ref = filter_corpus(ref, r_filter) if r_filter else ref
        label = f"{tgt.name} vs {ref.name}"
        with step(f"comparing {label}"):
            table = keyness_(tgt, ref, **options)
    else:
        if t_filter is None:
            raise ArgumentError("give --target (a filter) or --reference-corpus")
        t_mask = filter_mask(c.docs, t_filter).to_numpy()
        r_mask = filter_mask(c.docs, r_filter).to_numpy() if r_filter else ~t_mask
        for name, m in (("--target", t_mask), ("--reference", r_mask)):
            if not m.any():
                raise ArgumentError(f"{name} matches none of the {len(c)} documents")
        both = t_mask & r_mask
        if both.any():
            raise ArgumentError(
                f"{int(both.sum())} document(s) match both --target and --reference"
            )
        keep = t_mask | r_mask
        if not keep.all():
            c, t_mask = c.subset(lambda d: keep), t_mask[keep]
        label = f"{target} vs {reference or 'the rest'}"
        with step(f"comparing {label}"):
            table = keyness_(c, t_mask, **options)
    if side is not Side.both:
        table = key_terms(table, top, side.value)
    emit(table, fmt=fmt, out=out, title=f"Keyness: {label}")


class PatternKind(str, Enum):
    """How patterns are read."""

    glob = "glob"
    fixed = "fixed"
    regex = "regex"


class KwicSort(str, Enum):
    """Order of concordance lines."""

    doc = "doc"
    left = "left"
    right = "right"
    match = "match"


@app.command()
def kwic(
    corpus: CorpusArg,
    patterns: Annotated[
        list[str], typer.Argument(metavar="PATTERN...", help="Word, phrase, glob or regex.")
    ],
    context: Annotated[
        int | None,
        typer.Option(
            min=0, help="Context: words (English, default 8) or characters (Chinese, 20)."
        ),
    ] = None,
    top: Annotated[int | None, typer.Option("--top", "-t", min=1, help="First N lines.")] = None,
    kind: Annotated[
        PatternKind, typer.Option(help="glob (* and ?), fixed, or regex patterns.")
    ] = PatternKind.glob,
    case_sensitive: Annotated[bool, typer.Option("--case-sensitive", help="Match case.")] = False,
    sort: Annotated[KwicSort, typer.Option(help="Order of the lines.")] = KwicSort.doc,
    where: WhereOpt = None,
    doc_types: DocTypesOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """Keyword in context: every match with its left and right context (tk.kwic)."""
    from toolkit.counts.kwic import kwic as kwic_

    c = load(corpus, where=where, doc_types=doc_types)
    with step(f"searching {c.name}"):
        table = kwic_(
            c,
            patterns[0] if len(patterns) == 1 else patterns,
            context=context,
            kind=kind.value,
            case_sensitive=case_sensitive,
            sort=None if sort is KwicSort.doc else sort.value,
        )
    if top is not None:
        table = table.head(top)
    emit(table, fmt=fmt, out=out, title=f"{', '.join(patterns)} in {c.name}")


class DispersionView(str, Enum):
    """Which table of a Dispersion to print."""

    measures = "measures"
    positions = "positions"


@app.command()
def dispersion(
    corpus: CorpusArg,
    terms: Annotated[
        list[str],
        typer.Argument(metavar="TERM...", help="Words or phrases (tokenized like the corpus)."),
    ],
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Corpus parts for D and DP: documents (default) or a column, e.g. decade."
        ),
    ] = None,
    show: Annotated[
        DispersionView, typer.Option(help="Juilland's D / Gries' DP per term, or every position.")
    ] = DispersionView.measures,
    where: WhereOpt = None,
    doc_types: DocTypesOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """How evenly terms are spread: Juilland's D, Gries' DP and positions (tk.dispersion)."""
    from toolkit.counts.dispersion import dispersion as dispersion_

    c = load(corpus, where=where, doc_types=doc_types)
    with step(f"locating {len(terms)} term(s) in {c.name}"):
        result = dispersion_(c, terms, by=by)
    table = result.measures if show is DispersionView.measures else result.positions
    emit(table, fmt=fmt, out=out, title=f"Dispersion over {result.parts} parts of {c.name}")
