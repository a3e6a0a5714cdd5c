"""``make figures`` / ``toolkit figures``: execute every notebook and regenerate ``figures/``.

Notebooks in ``notebooks/`` run in file-name order, headless (nbclient), with the working directory
set to ``notebooks/``. The committed notebooks carry no outputs (so no corpus text is copied into the
repository); the executed copies, with outputs, are written to ``notebooks/executed/``. Each notebook may declare the registry corpora it needs in its metadata
(``{"toolkit": {"corpora": ["gwr-zh"]}}``); a corpus that is neither offline nor downloadable is
reported with the exact command that fetches it, and the run fails at the end. Figures are written by
:func:`toolkit.save_figure` into ``figures/`` (``TOOLKIT_FIGURES``), and ``figures/INDEX.md`` maps
every figure to its notebook and provenance.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

__all__ = ["main", "run_notebooks", "write_index"]


def _root() -> Path:
    return Path(__file__).resolve().parent.parent


def _needed_corpora(path: Path) -> list[str]:
    meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    return list(meta.get("toolkit", {}).get("corpora", []))


def _missing_corpora(names: list[str]) -> list[str]:
    from toolkit.corpus.fetch import DataError
    from toolkit.corpus.registry import fetch_corpus

    problems = []
    for name in names:
        try:
            fetch_corpus(name)
        except DataError as e:
            problems.append(str(e))  # one line: the file, where to put it, the command
    return problems


def _kernel_manager_class():
    """Kernels on local IPC sockets (POSIX): no TCP port is opened, so ipykernel's "Kernel is
    running over TCP without encryption" warning has no cause. Each kernel's socket path is
    absolute (the kernel runs in ``notebooks/``) and its own."""
    import uuid

    from jupyter_client.manager import KernelManager
    from jupyter_core.paths import jupyter_runtime_dir

    if os.name != "posix":
        return KernelManager

    class IpcKernelManager(KernelManager):
        def __init__(self, **kwargs):
            runtime = Path(jupyter_runtime_dir())
            runtime.mkdir(parents=True, exist_ok=True)
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(runtime / f"tk-{uuid.uuid4().hex[:12]}"))
            super().__init__(**kwargs)

    return IpcKernelManager


def run_notebooks(
    notebooks: list[Path],
    figures_dir: Path,
    timeout: int = 900,
    progress: bool = True,
    executed_dir: Path | None = None,
) -> list[tuple[str, str]]:
    """Execute notebooks; return ``(notebook, problem)`` pairs for those that failed.

    Executed copies (with outputs) go to ``executed_dir`` (default ``<notebooks>/executed``).
    """
    import nbformat
    from nbclient import NotebookClient
    from tqdm.auto import tqdm

    failures: list[tuple[str, str]] = []
    bar = tqdm(
        notebooks, desc="notebooks", unit="nb", disable=not (progress and sys.stderr.isatty())
    )
    for path in bar:
        bar.set_postfix_str(path.name)
        problems = _missing_corpora(_needed_corpora(path))
        if problems:
            failures.extend((path.name, p) for p in problems)
            print(f"[figures] {path.name}: NOT RUN — " + " | ".join(problems), file=sys.stderr)
            continue
        nb = nbformat.read(path, as_version=4)
        os.environ["TOOLKIT_FIGURES"] = str(figures_dir)
        os.environ["TOOLKIT_NOTEBOOK"] = path.stem
        start = time.perf_counter()
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            kernel_manager_class=_kernel_manager_class(),
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            client.execute()
        except Exception as e:  # noqa: BLE001 - report every notebook failure
            failures.append((path.name, f"{type(e).__name__}: {str(e)[-2000:]}"))
            print(f"[figures] {path.name}: FAILED\n{str(e)[-2000:]}", file=sys.stderr)
            continue
        finally:
            os.environ.pop("TOOLKIT_NOTEBOOK", None)
        out_dir = executed_dir or path.parent / "executed"
        out_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out_dir / path.name)
        print(f"[figures] {path.name}: ok in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return failures


def write_index(figures_dir: Path) -> Path:
    """Write ``figures/INDEX.md``: one row per figure with its notebook and provenance."""
    rows = []
    try:
        from toolkit.plot import read_provenance
    except ImportError:  # pragma: no cover - plotting is a core module
        read_provenance = None
    for png in sorted(figures_dir.glob("*.png")):
        prov = read_provenance(png) if read_provenance else {}
        others = sorted(p.suffix.lstrip(".") for p in figures_dir.glob(png.stem + ".*") if p != png)
        rows.append(
            "| {name} | {fmts} | {nb} | {corpus} | {fn} | {ver} |".format(
                name=png.stem,
                fmts=", ".join(["png", *others]),
                nb=prov.get("notebook", ""),
                corpus=f"{prov.get('corpus', '')} `{str(prov.get('corpus_sha256', ''))[:12]}`",
                fn=prov.get("function", ""),
                ver=prov.get("toolkit_version", ""),
            )
        )
    index = figures_dir / "INDEX.md"
    index.write_text(
        "# Figures\n\nRegenerated by `make figures` (which runs every notebook in `notebooks/`). "
        "Provenance is embedded in each file's metadata; read it with "
        "`toolkit.plot.read_provenance(path)`.\n\n"
        "| figure | formats | notebook | corpus (sha256) | function | toolkit |\n"
        "|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    return index


def main(argv: list[str] | None = None) -> int:
    """Run all (or the named) notebooks, rewrite figures/INDEX.md; exit 1 if any failed."""
    parser = argparse.ArgumentParser(prog="toolkit figures", description=__doc__)
    parser.add_argument("names", nargs="*", help="notebook names (default: all)")
    parser.add_argument("--notebooks", type=Path, default=_root() / "notebooks")
    parser.add_argument("--figures", type=Path, default=_root() / "figures")
    args = parser.parse_args(argv)
    books = sorted(args.notebooks.glob("[0-9]*.ipynb"))
    if args.names:
        books = [b for b in books if any(b.stem.startswith(n) for n in args.names)]
    args.figures.mkdir(parents=True, exist_ok=True)
    if not books:
        print(f"[figures] no notebooks in {args.notebooks}", file=sys.stderr)
    failures = run_notebooks(books, args.figures.resolve())
    index = write_index(args.figures)
    print(
        f"[figures] {len(books) - len({n for n, _ in failures})}/{len(books)} notebooks ran; "
        f"index: {index}",
        file=sys.stderr,
    )
    if failures:
        for name, problem in failures:
            print(f"[figures] {name}: {problem.splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
