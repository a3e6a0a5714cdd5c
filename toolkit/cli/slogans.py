"""``toolkit slogans`` (count a lexicon's formulations) and ``toolkit discover`` (find new ones)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from toolkit.cli._app import CorpusArg, DocTypesOpt, FormatOpt, OutOpt, WhereOpt, app, load, step
from toolkit.cli._output import emit

__all__ = ["slogans", "discover"]


class SloganView(str, Enum):
    """What ``toolkit slogans`` reports."""

    counts = "counts"
    matches = "matches"
    first = "first"
    cooccurrence = "cooccurrence"


class Overlap(str, Enum):
    """How overlapping hits are counted."""

    longest = "longest"
    all = "all"


class Forms(str, Enum):
    """Which forms of each entry are searched."""

    auto = "auto"
    zh = "zh"
    en = "en"
    both = "both"


class Kind(str, Enum):
    """Kinds of candidate formulation."""

    numbered_zh = "numbered_zh"
    numbered_en = "numbered_en"
    quoted = "quoted"
    collocation = "collocation"


@app.command()
def slogans(
    corpus: CorpusArg,
    lexicon: Annotated[
        str,
        typer.Option(
            "--lexicon",
            "-l",
            help="Built-in lexicon name (ccp-formulations, us-presidential) "
            "or a .toml/.yaml/.csv lexicon file.",
        ),
    ] = "ccp-formulations",
    by: Annotated[
        list[str] | None,
        typer.Option("--by", help="Count per group: a column or 'decade' (repeatable)."),
    ] = None,
    show: Annotated[
        SloganView,
        typer.Option(help="counts, every match, first appearances, or co-occurrence pairs."),
    ] = SloganView.counts,
    overlap: Annotated[Overlap, typer.Option(help="Leftmost-longest hits or all.")] = (
        Overlap.longest
    ),
    forms: Annotated[Forms, typer.Option(help="Forms searched (auto: by document language).")] = (
        Forms.auto
    ),
    no_zeros: Annotated[
        bool, typer.Option("--no-zeros", help="counts: leave out rows with count 0.")
    ] = False,
    context: Annotated[int, typer.Option(min=0, help="matches/first: characters of context.")] = 40,
    unit: Annotated[
        str, typer.Option(help="cooccurrence: unit in which slogans co-occur.")
    ] = "paragraph",
    where: WhereOpt = None,
    doc_types: DocTypesOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """Count the formulations of a lexicon (tk.count_slogans), overall or --by year/decade/…"""
    from toolkit.slogans import (
        count_slogans,
        first_appearances,
        load_lexicon,
        slogan_cooccurrence,
        slogan_matches,
    )

    lex = load_lexicon(lexicon)
    c = load(corpus, where=where, doc_types=doc_types)
    common = {"overlap": overlap.value, "forms": forms.value}
    with step(f"matching {len(lex)} formulations"):
        if show is SloganView.counts:
            group = by[0] if by and len(by) == 1 else by
            table = count_slogans(c, lex, by=group or None, fill_zeros=not no_zeros, **common)
        elif show is SloganView.matches:
            table = slogan_matches(c, lex, context=context, **common)
        elif show is SloganView.first:
            table = first_appearances(c, lex, context=context, **common)
        else:
            table = slogan_cooccurrence(c, lex, unit=unit, **common)
    emit(table, fmt=fmt, out=out, title=f"{lexicon} in {c.name}")


@app.command()
def discover(
    corpus: CorpusArg,
    top: Annotated[int | None, typer.Option(min=1, help="Keep the best N candidates.")] = None,
    kinds: Annotated[
        list[Kind] | None,
        typer.Option(
            "--kind",
            help="Candidate kinds (repeatable; default: numbered_zh, numbered_en, quoted).",
        ),
    ] = None,
    min_count: Annotated[int, typer.Option(min=1, help="Minimum occurrences.")] = 2,
    include_known: Annotated[
        bool,
        typer.Option("--include-known", help="Keep candidates the built-in lexicons already list."),
    ] = False,
    where: WhereOpt = None,
    doc_types: DocTypesOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """Find candidate formulations no lexicon knows yet (tk.discover_slogans)."""
    from toolkit.slogans import discover_slogans

    c = load(corpus, where=where, doc_types=doc_types)
    with step("looking for new formulations"):
        table = discover_slogans(
            c,
            kinds=[k.value for k in kinds] if kinds else None,
            min_count=min_count,
            top=top,
            exclude_lexicons=None if include_known else "builtin",
        )
    emit(table, fmt=fmt, out=out, title=f"Candidate formulations in {c.name}")
