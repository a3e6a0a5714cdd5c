"""``toolkit topics``: fit (or choose k for) a topic model; tables to stdout, model to a file."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli._app import STATE, CorpusArg, DocTypesOpt, FormatOpt, WhereOpt, app, load, step
from toolkit.cli._output import FILE_FORMATS, emit, note
from toolkit.errors import ArgumentError, FileMissingError

__all__ = ["topics", "parse_ks"]

MODEL_SUFFIX = ".tkm"


class Show(str, Enum):
    """What ``toolkit topics`` prints."""

    summary = "summary"
    terms = "terms"
    docs = "docs"
    prevalence = "prevalence"


class Unit(str, Enum):
    """Unit of analysis."""

    document = "document"
    paragraph = "paragraph"
    sentence = "sentence"


class Method(str, Enum):
    """Topic model estimator."""

    nmf = "nmf"
    lda = "lda"
    gibbs = "gibbs"


def parse_ks(spec: str) -> list[int]:
    """``"5,10,20"`` or ``"5:40:5"`` (start:stop:step, stop included) → list of ints.

    Examples
    --------
    >>> parse_ks("5:20:5"), parse_ks("3, 4,8")
    ([5, 10, 15, 20], [3, 4, 8])
    """
    text = spec.strip()
    try:
        if ":" in text:
            parts = [int(p) for p in text.split(":")]
            if len(parts) not in (2, 3):
                raise ValueError
            start, stop, stride = (*parts, 1) if len(parts) == 2 else parts
            if stride < 1:
                raise ValueError
            ks = list(range(start, stop + 1, stride))
        else:
            ks = [int(p) for p in text.split(",") if p.strip()]
    except ValueError:
        raise ArgumentError(
            f"--select-k {spec!r}: use numbers like '5,10,20' or a range 'start:stop:step'"
        ) from None
    if not ks or min(ks) < 2:
        raise ArgumentError(f"--select-k {spec!r}: give numbers of topics of at least 2")
    return ks


@app.command()
def topics(
    corpus: CorpusArg,
    k: Annotated[int, typer.Option("-k", "--k", min=2, help="Number of topics.")] = 20,
    unit: Annotated[Unit, typer.Option(help="Unit of analysis.")] = Unit.document,
    method: Annotated[Method, typer.Option(help="nmf, lda or gibbs.")] = Method.nmf,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same model).")] = 0,
    min_docs: Annotated[
        str, typer.Option(help="Drop features in fewer units: a count (5) or a share (0.01).")
    ] = "5",
    max_docs: Annotated[
        str, typer.Option(help="Drop features in more units: a share (0.5, 1.0) or a count (200).")
    ] = "0.5",
    show: Annotated[Show, typer.Option(help="What to print.")] = Show.summary,
    top: Annotated[
        int, typer.Option("--top", "-t", min=1, help="Features per topic (summary/terms).")
    ] = 10,
    by: Annotated[str, typer.Option(help="--show prevalence: group column.")] = "decade",
    n_boot: Annotated[int, typer.Option(min=0, help="--show prevalence: bootstrap draws.")] = 200,
    select_k: Annotated[
        str | None,
        typer.Option(
            "--select-k", help="Compare several k instead ('5,10,20' or '5:40:5'); prints a table."
        ),
    ] = None,
    where: WhereOpt = None,
    doc_types: DocTypesOpt = None,
    fmt: FormatOpt = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            dir_okay=False,
            help="Save the model (.tkm) or write the table (.csv, .tsv, .json, .parquet, .xlsx).",
        ),
    ] = None,
) -> None:
    """Fit a topic model (tk.fit_topics) and print its topics; --out model.tkm saves it."""
    import toolkit as tk

    ks = parse_ks(select_k) if select_k else None
    model_path = out if out is not None and out.suffix.lower() not in FILE_FORMATS else None
    if model_path is not None and model_path.suffix.lower() != MODEL_SUFFIX:
        raise ArgumentError(
            f"--out {out}: use {MODEL_SUFFIX} to save the model or one of "
            f"{', '.join(FILE_FORMATS)} for the table"
        )
    if model_path is not None and not model_path.parent.exists():
        raise FileMissingError(f"folder {model_path.parent} does not exist (for --out {out})")
    c = load(corpus, where=where, doc_types=doc_types)
    vocab = {
        "min_docs": _count_or_share("--min-docs", min_docs),
        "max_docs": _count_or_share("--max-docs", max_docs),
    }
    if ks is not None:
        if model_path is not None:
            raise ArgumentError("--select-k compares models and saves none; drop the .tkm --out")
        progress = not STATE["quiet"] and sys.stderr.isatty()
        table = tk.select_k(
            c, ks=ks, method=method.value, unit=unit.value, seed=seed, progress=progress, **vocab
        )
        emit(table, fmt=fmt, out=out, title=f"Choosing k ({method.value}, {unit.value})")
        return
    with step(f"fitting {method.value} with k={k} on {unit.value}s"):
        model = tk.fit_topics(c, k=k, method=method.value, unit=unit.value, seed=seed, **vocab)
    if model_path is not None:
        model.save(str(model_path))
        note(f"saved the model to {model_path} (load with tk.load_topics)")
    if show is Show.summary:
        table = model.summary(top=top)
    elif show is Show.terms:
        table = model.topics(top=top)
    elif show is Show.docs:
        table = model.doc_topics()
    else:
        with step("bootstrapping prevalence"):
            table = model.prevalence(by=by, n_boot=n_boot, seed=seed)
    emit(
        table,
        fmt=fmt,
        out=out if model_path is None else None,
        title=f"{k} topics ({method.value}, {unit.value})",
    )


def _count_or_share(option: str, value: str) -> float | int:
    """``"5"`` → 5 (a count), ``"0.5"``/``"1.0"`` → a share, as scikit-learn reads them."""
    try:
        number = float(value) if any(c in value for c in ".eE") else int(value)
    except ValueError:
        raise ArgumentError(
            f"{option} {value!r}: give a count like 5 or a share like 0.5"
        ) from None
    if number < 0 or (isinstance(number, float) and number > 1):
        raise ArgumentError(f"{option} {value!r}: a share must lie in [0, 1], a count be >= 0")
    return number
