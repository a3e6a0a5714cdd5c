"""The typer application, error handling, progress display and corpus resolution."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from toolkit.cli._output import Format, note
from toolkit.config import options
from toolkit.errors import ArgumentError, LoadError, UnknownNameError, suggest

__all__ = [
    "CorpusArg",
    "DocTypesOpt",
    "FormatOpt",
    "OutOpt",
    "WhereOpt",
    "app",
    "load",
    "main",
    "step",
]

EXIT_USER = 1
EXIT_BUG = 70
STATE = {"debug": False, "quiet": False}
_ORDER = (
    "corpora",
    "fetch",
    "info",
    "ngrams",
    "collocations",
    "keyness",
    "kwic",
    "dispersion",
    "slogans",
    "discover",
    "topics",
    "figures",
    "cache",
)


def _user_errors() -> tuple[type[BaseException], ...]:
    from toolkit.errors import ToolkitError

    return (ToolkitError,)


def _message(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and len(exc.args) == 1 and isinstance(exc.args[0], str):
        text = exc.args[0]
    else:
        text = str(exc) or type(exc).__name__
    first = " ".join(text.split("\n")[0].split())
    if isinstance(exc, FileNotFoundError) and exc.filename and str(exc.filename) not in first:
        first = f"{first}: {exc.filename}"
    return first


def _is_cli_exception(exc: BaseException) -> bool:
    """Exceptions of typer/click itself (typer >= 0.16 vendors click as ``typer._click``)."""
    return isinstance(exc, (typer.Exit, typer.Abort)) or type(exc).__module__.split(".")[0] in (
        "typer",
        "click",
    )


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    note(f"warning: {' '.join(str(message).split())}")


class _Group(TyperGroup):
    """Runs a command and turns library errors into one line on stderr and an exit code."""

    def list_commands(self, ctx) -> list[str]:
        known = [c for c in _ORDER if c in self.commands]
        return known + [c for c in self.commands if c not in _ORDER]

    def invoke(self, ctx):
        previous = warnings.showwarning
        warnings.showwarning = _show_warning
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            note("error: interrupted")
            raise typer.Exit(130) from None
        except Exception as exc:  # noqa: BLE001 - the CLI boundary
            if _is_cli_exception(exc):  # exits, usage errors: the CLI framework reports them
                raise
            if STATE["debug"]:
                traceback.print_exc(file=sys.stderr)
            if isinstance(exc, _user_errors()):
                note(f"error: {_message(exc)}")
                raise typer.Exit(EXIT_USER) from None
            hint = "" if STATE["debug"] else "; rerun with --debug for the traceback"
            note(f"error: unexpected {type(exc).__name__}: {_message(exc)}{hint}")
            raise typer.Exit(EXIT_BUG) from None
        finally:
            warnings.showwarning = previous


app = typer.Typer(
    cls=_Group,
    name="toolkit",
    help="Discourse analysis of official rhetoric: corpora, counts, slogans, topics, figures.\n\n"
    "CORPUS is a registry name (see `toolkit corpora`) or a path to a file or folder.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from toolkit._version import __version__

        typer.echo(f"toolkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback when something fails.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress display or notes on stderr.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Do not read or write the token cache (TOOLKIT_NO_CACHE=1)."
        ),
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """Discourse analysis of official rhetoric."""
    STATE["debug"] = debug or options.debug
    STATE["quiet"] = quiet
    if no_cache:
        before = os.environ.get("TOOLKIT_NO_CACHE")
        os.environ["TOOLKIT_NO_CACHE"] = "1"
        ctx.call_on_close(lambda: _restore_env("TOOLKIT_NO_CACHE", before))


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


@contextlib.contextmanager
def step(label: str) -> Iterator[None]:
    """Show a spinner with elapsed time on stderr while a long step runs (terminals only)."""
    if STATE["quiet"] or not sys.stderr.isatty():
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )
    with progress:
        progress.add_task(label, total=None)
        yield


def unknown_corpus(spec: str, names: list[str]) -> UnknownNameError:
    """The error for a CORPUS that is neither a registry name nor a path, with a "did you mean"."""
    return UnknownNameError(
        f"unknown corpus {spec!r}{suggest(spec, names)}: not a registry name "
        f"({', '.join(names)}) nor an existing file or folder"
    )


def load(
    spec: str,
    *,
    where: str | None = None,
    doc_types: list[str] | None = None,
    unit: str = "document",
):
    """Resolve CORPUS: a registry name, else an existing file or folder (``tk.read_corpus``).

    Applies ``--where`` (a safe filter expression) and ``--unit`` segmentation.
    """
    from toolkit.corpus.filters import filter_corpus, parse_filter
    from toolkit.corpus.readers import read_corpus
    from toolkit.corpus.registry import _names, load_corpus

    condition = parse_filter(where) if where else None  # fail fast, before loading
    names = _names()
    if spec in names:
        with step(f"loading {spec}"):
            wanted = "all" if doc_types and "all" in doc_types else (doc_types or None)
            corpus = load_corpus(spec, doc_types=wanted)
    elif Path(spec).expanduser().exists():
        if doc_types:
            raise ArgumentError("--doc-type only applies to registry corpora, not to paths")
        path = Path(spec).expanduser()
        if path.is_file() and not os.access(path, os.R_OK):
            raise LoadError(f"cannot read {path}: permission denied")
        with step(f"reading {path}"):
            corpus = read_corpus(path)
    else:
        raise unknown_corpus(spec, names)
    if condition is not None:
        corpus = filter_corpus(corpus, condition)
    if unit != "document":
        with step(f"splitting into {unit}s"):
            corpus = corpus.segment(unit)
    return corpus


# Shared option types ------------------------------------------------------------------------
CorpusArg = Annotated[
    str,
    typer.Argument(metavar="CORPUS", help="Registry name (toolkit corpora) or a file/folder path."),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format on stdout (default: table on a terminal, CSV otherwise).",
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        dir_okay=False,
        help="Write the result to a file: .csv, .tsv, .json, .parquet or .xlsx.",
    ),
]
WhereOpt = Annotated[
    str | None,
    typer.Option(
        "--where",
        "-w",
        help="Keep documents matching a filter, e.g. \"year>=1917 and party=='Republican'\".",
    ),
]
DocTypesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--doc-type", help="Registry corpora: document types to keep (repeatable, or 'all')."
    ),
]


def main(argv: list[str] | None = None) -> None:
    """Console entry point (``toolkit``)."""
    app(args=argv, prog_name="toolkit")
