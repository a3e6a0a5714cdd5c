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


def _top_slogans(table, top: int | None):
    """The rows of the ``top`` slogans with the most hits (all their groups kept)."""
    if top is None or table.empty:
        return table
    totals = table.groupby("slogan_id", sort=False)["count"].sum()
    keep = totals.sort_values(ascending=False, kind="stable").head(top).index
    return table[table["slogan_id"].isin(keep)].reset_index(drop=True)


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
    top: Annotated[
        int | None,
        typer.Option(min=1, help="counts: the N slogans with most hits; other views: N rows."),
    ] = None,
    rate: Annotated[
        int,
        typer.Option(help="counts: rate per this many tokens (1000000 → per_million, 10000 …)."),
    ] = 1_000_000,
    overlap: Annotated[
        Overlap | None,
        typer.Option(
            help="all: every entry wherever its forms occur (nested ones too); longest: "
            "leftmost-longest only. Default: all (longest for cooccurrence)."
        ),
    ] = None,
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
    common = {"forms": forms.value}
    if overlap is not None:
        common["overlap"] = overlap.value
    with step(f"matching {len(lex)} formulations"):
        if show is SloganView.counts:
            group = by[0] if by and len(by) == 1 else by
            table = count_slogans(
                c, lex, by=group or None, rate=rate, fill_zeros=not no_zeros, **common
            )
            table = _top_slogans(table, top)
        else:
            if show is SloganView.matches:
                table = slogan_matches(c, lex, context=context, **common)
            elif show is SloganView.first:
                table = first_appearances(c, lex, context=context, **common)
            else:
                table = slogan_cooccurrence(c, lex, unit=unit, **common)
            table = table.head(top) if top is not None else table
    rule = table.attrs.get("overlap", "")
    emit(table, fmt=fmt, out=out, title=f"{lexicon} in {c.name} (overlap={rule})")


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
    min_count: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Minimum occurrences (default: 1 for marked candidates — quoted, enumerated, "
            "serial, known — and a corpus-size threshold for the others).",
        ),
    ] = None,
    hide_known: Annotated[
        bool,
        typer.Option("--hide-known", help="Leave out formulations the built-in lexicons list."),
    ] = False,
    where: WhereOpt = None,
    doc_types: DocTypesOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """Find candidate formulations, flagging the ones a lexicon knows (tk.discover_slogans)."""
    from toolkit.slogans import discover_slogans

    c = load(corpus, where=where, doc_types=doc_types)
    with step("looking for formulations"):
        table = discover_slogans(
            c,
            kinds=[k.value for k in kinds] if kinds else None,
            min_count=min_count,
            top=top,
            hide_known=hide_known,
        )
    emit(table, fmt=fmt, out=out, title=f"Candidate formulations in {c.name}")
