"""Foundation commands: corpora, fetch, info, cache info/clear, figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from toolkit.cli._app import (
    EXIT_USER,
    CorpusArg,
    DocTypesOpt,
    FormatOpt,
    OutOpt,
    WhereOpt,
    app,
    load,
    step,
    unknown_corpus,
)
from toolkit.cli._output import emit, note
from toolkit.errors import DataError, FileMissingError

__all__ = ["corpora", "fetch", "info", "cache_info_cmd", "cache_clear_cmd", "figures", "info_frame"]


@app.command()
def corpora(fmt: FormatOpt = None, out: OutOpt = None) -> None:
    """List the corpus registry: name, title, language, docs, years, licence, offline?"""
    from toolkit.corpus.registry import list_corpora

    emit(list_corpora(), fmt=fmt, out=out, title="Corpus registry")


@app.command()
def fetch(
    names: Annotated[list[str], typer.Argument(help="Registry corpus name(s).")],
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """Download and verify registry corpora into the cache (or say where to put them)."""
    from toolkit.corpus.registry import fetch_corpus, get_card

    cards = [get_card(name) for name in names]  # unknown names fail before any download
    rows, failed = [], 0
    for card in cards:
        name = card["name"]
        try:
            with step(f"fetching {name}"):
                path = fetch_corpus(name, download=True)
        except DataError as e:  # one line per missing file, then the others are still fetched
            note(f"error: {e}")
            failed += 1
            continue
        if path is None:
            pkg = card["source"].get("package", "?")
            rows.append({"name": name, "status": f"bundled with the {pkg!r} package", "path": ""})
        else:
            rows.append({"name": name, "status": "sha256 verified", "path": str(path)})
    if rows:
        emit(pd.DataFrame(rows, columns=["name", "status", "path"]), fmt=fmt, out=out)
    if failed:
        raise typer.Exit(EXIT_USER)


def _known_corpus(spec: str) -> None:
    """Refuse a CORPUS that is neither a registry name nor a path, with a "did you mean"."""
    from toolkit.corpus.registry import _names

    names = _names()
    if spec in names or Path(spec).expanduser().exists():
        return
    raise unknown_corpus(spec, names)


def info_frame(corpus) -> pd.DataFrame:
    """``corpus.summary()`` plus the metadata fields and the content sha256 (one row)."""
    core = {"doc_id", "text", "original", "date", "year", "title", "language"}
    with step(f"tokenizing {corpus.name or 'corpus'}"):
        row = corpus.summary()
    row["title"] = corpus.info.get("title", "")
    row["fields"] = ", ".join(c for c in corpus.docs.columns if c not in core)
    row["sha256"] = corpus.sha256
    return row


@app.command()
def info(
    corpus: CorpusArg,
    where: WhereOpt = None,
    doc_types: DocTypesOpt = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
) -> None:
    """Summary of a corpus: docs, tokens, types, dates, years, languages, fields."""
    _known_corpus(corpus)
    c = load(corpus, where=where, doc_types=doc_types)
    if len(c.load_report):
        note(f"{len(c.load_report)} file(s)/row(s) were not loaded (see corpus.load_report)")
    emit(info_frame(c), fmt=fmt, out=out, title=f"Corpus {c.name}", vertical=True)


cache_app = typer.Typer(
    help="The on-disk token cache (tokenized/segmented corpora).", no_args_is_help=True
)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info_cmd(
    fmt: FormatOpt = None,
    out: OutOpt = None,
    no_verify: Annotated[
        bool, typer.Option("--no-verify", help="Skip checking the payload checksums.")
    ] = False,
) -> None:
    """List cache entries: corpus, settings, size, dates and checksum status."""
    from toolkit.tokenized.cache import cache_info, tokens_cache_dir

    frame = cache_info(verify=not no_verify)
    temps = frame["key"] == ""
    stale = int((frame["status"] == "stale temp file").sum())
    extra = (
        f", {stale} stale temp file{'s' if stale != 1 else ''} of killed writes" if stale else ""
    )
    note(
        f"token cache: {tokens_cache_dir()} ({int((~temps).sum())} entries{extra}, "
        f"{frame['bytes'].sum():,} bytes)"
    )
    emit(frame, fmt=fmt, out=out, title="Token cache")


@cache_app.command("clear")
def cache_clear_cmd(
    corpus: Annotated[
        str | None, typer.Option("--corpus", help="Only entries of this corpus name.")
    ] = None,
) -> None:
    """Delete token cache entries (downloaded corpus files are kept)."""
    from toolkit.tokenized.cache import clear_cache, tokens_cache_dir

    n = clear_cache(corpus)
    typer.echo(f"removed {n} token cache entr{'y' if n == 1 else 'ies'} from {tokens_cache_dir()}")


@app.command()
def figures(
    names: Annotated[
        list[str] | None, typer.Argument(help="Notebook name prefixes (default: all).")
    ] = None,
    notebooks: Annotated[
        Path | None, typer.Option(help="Folder with the notebooks (default: notebooks/).")
    ] = None,
    figures_dir: Annotated[
        Path | None, typer.Option("--figures", help="Output folder (default: figures/).")
    ] = None,
) -> None:
    """Execute every notebook and regenerate figures/ (same as `make figures`)."""
    import toolkit.figures

    argv = list(names or [])
    if notebooks is not None:
        if not notebooks.is_dir():
            raise FileMissingError(f"notebook folder {notebooks} does not exist")
        argv += ["--notebooks", str(notebooks)]
    if figures_dir is not None:
        argv += ["--figures", str(figures_dir)]
    code = toolkit.figures.main(argv)
    if code:
        raise typer.Exit(code)
