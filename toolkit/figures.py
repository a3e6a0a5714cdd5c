"""``make figures`` / ``toolkit figures``: execute every notebook and regenerate ``figures/``.

Notebooks in ``notebooks/`` run in file-name order, headless (nbclient), with the working directory
set to ``notebooks/``, and are written back **in place with their outputs and figures**, so they
can be read on GitHub without running anything. The outputs are made byte-stable
(:func:`normalise_notebook`: no timestamps, no Python version, no absolute paths, no memory
addresses, no stderr), so a re-run on another machine with the same environment changes nothing
in git (``make check-figures``). The kernels always run the full analyses: ``TOOLKIT_QUICK`` and
``TOOLKIT_SAMPLE`` are removed from their environment, and progress bars inside them are off (the
terminal shows one line per notebook and, in a terminal, a bar over its cells).

Each notebook may declare the registry corpora it needs in its metadata
(``{"toolkit": {"corpora": ["gwr-zh"]}}``); a corpus that is neither offline nor downloadable is
reported with the exact command that fetches it, and the run fails at the end. Figures are written by
:func:`toolkit.save_figure` into ``figures/`` (``TOOLKIT_FIGURES``), and ``figures/INDEX.md`` maps
every figure to its notebook and provenance.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["main", "normalise_notebook", "run_notebooks", "write_index"]


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


_KERNEL_ENV = {"TOOLKIT_PROGRESS": "0"}  # the terminal shows progress; outputs stay clean
_UNSET_FOR_KERNEL = ("TOOLKIT_QUICK", "TOOLKIT_SAMPLE")  # committed outputs use full settings
_WIDGET_TYPES = (
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
)
_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")


def _scrub_text(text: str, folders: list[tuple[str, str]]) -> str:
    """Machine-independent text: folder paths made relative, memory addresses masked."""
    for folder, replacement in folders:
        text = text.replace(folder, replacement)
    return _ADDRESS.sub("0x…", text)


def normalise_notebook(nb: Any, metadata: dict[str, Any], folder: Path) -> tuple[Any, list[str]]:
    """Make an executed notebook byte-stable across runs and machines; return (nb, stderr).

    Notebook metadata is reset to ``metadata`` (the unexecuted notebook's: kernelspec, toolkit
    corpora, ``language_info`` without the Python version); cell ``execution`` timestamps are
    removed; stderr streams (warnings naming library files) and widget outputs are dropped and
    returned, so the caller can show them; absolute paths of ``folder``, the repository and the
    home folder are written relative, and memory addresses are masked; consecutive chunks of one
    stream are joined (how a print is split into messages depends on timing). Execution counts stay
    (they are 1, 2, 3 … in a notebook run top to bottom).
    """
    folders = [(str(folder) + os.sep, ""), (str(folder), ".")]
    root = str(_root())
    if root != str(folder):
        folders += [(root + os.sep, ""), (root, ".")]
    folders.append((str(Path.home()), "~"))
    nb.metadata = copy.deepcopy(metadata)
    stderr: list[str] = []
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                stderr.append(out.get("text", ""))
                continue
            data = out.get("data", {})
            if any(t in data for t in _WIDGET_TYPES):
                continue
            if "text" in out:
                out["text"] = _scrub_text(out["text"], folders)
            for mime, value in list(data.items()):
                if mime.startswith("text/") and isinstance(value, str):
                    data[mime] = _scrub_text(value, folders)
            if out.get("output_type") == "error":
                out["traceback"] = [_scrub_text(t, folders) for t in out.get("traceback", [])]
            prev = kept[-1] if kept else None
            if (
                prev is not None
                and out.get("output_type") == "stream"
                and prev.get("output_type") == "stream"
                and prev.get("name") == out.get("name")
            ):  # one print may arrive in several chunks: join them, as Jupyter shows them
                prev["text"] += out["text"]
                continue
            kept.append(out)
        cell["outputs"] = kept
    return nb, stderr


def _clear_outputs(nb: Any) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.metadata.pop("execution", None)


@contextlib.contextmanager
def _kernel_environment(figures_dir: Path, notebook: str) -> Iterator[None]:
    """Environment the kernel inherits: figures folder, notebook name, no progress bars, no
    quick or sampled settings (``make figures`` always runs the full analyses)."""
    saved = {
        k: os.environ.get(k)
        for k in (*_KERNEL_ENV, *_UNSET_FOR_KERNEL, "TOOLKIT_FIGURES", "TOOLKIT_NOTEBOOK")
    }
    os.environ.update(_KERNEL_ENV)
    os.environ["TOOLKIT_FIGURES"] = str(figures_dir)
    os.environ["TOOLKIT_NOTEBOOK"] = notebook
    for key in _UNSET_FOR_KERNEL:
        os.environ.pop(key, None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _count_cell(bar: Any, cell: Any = None, **_: Any) -> None:
    if cell is not None and cell.get("cell_type") == "code":
        bar.update(1)


def _say(text: str) -> None:
    print(f"[figures] {text}", file=sys.stderr, flush=True)


def run_notebooks(
    notebooks: list[Path],
    figures_dir: Path,
    timeout: int = 900,
    progress: bool | None = None,
    executed_dir: Path | None = None,
) -> list[tuple[str, str]]:
    """Execute notebooks; return ``(notebook, problem)`` pairs for those that failed.

    Each notebook's outputs are cleared, it is executed top to bottom with its own folder as
    working directory, normalised (:func:`normalise_notebook`) and written back in place
    (or into ``executed_dir`` when given), so the committed notebooks show their results and
    figures. A notebook that fails is left as it was. One line per notebook is printed to
    stderr; in a terminal a bar also counts the code cells (off with ``progress=False`` or
    ``TOOLKIT_PROGRESS=0``).
    """
    import nbformat
    from nbclient import NotebookClient

    from toolkit._files import atomic_write
    from toolkit._progress import progress_total

    failures: list[tuple[str, str]] = []
    total = len(notebooks)
    for number, path in enumerate(notebooks, 1):
        head = f"({number}/{total}) {path.name}"
        problems = _missing_corpora(_needed_corpora(path))
        if problems:
            failures.extend((path.name, p) for p in problems)
            _say(f"{head}: NOT RUN — " + " | ".join(problems))
            continue
        nb = nbformat.read(path, as_version=4)
        metadata = copy.deepcopy(dict(nb.metadata))
        metadata["language_info"] = {
            "name": metadata.get("language_info", {}).get("name", "python")
        }
        _clear_outputs(nb)
        n_code = sum(c.cell_type == "code" for c in nb.cells)
        _say(f"{head}: running {n_code} code cells …")
        start = time.perf_counter()
        failed: Exception | None = None
        with progress_total(n_code, desc=path.stem, unit="cell", enabled=progress, delay=0) as bar:
            client = NotebookClient(
                nb,
                timeout=timeout,
                kernel_name="python3",
                kernel_manager_class=_kernel_manager_class(),
                resources={"metadata": {"path": str(path.parent)}},
                on_cell_executed=functools.partial(_count_cell, bar),
            )
            try:
                with _kernel_environment(figures_dir, path.stem):
                    client.execute()
            except Exception as e:  # noqa: BLE001 - report every notebook failure
                failed = e
        if failed is not None:
            failures.append((path.name, f"{type(failed).__name__}: {str(failed)[-2000:]}"))
            _say(f"{head}: FAILED\n{str(failed)[-2000:]}")
            continue
        nb, stderr = normalise_notebook(nb, metadata, path.parent.resolve())
        out_dir = executed_dir or path.parent
        out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(out_dir / path.name, nbformat.writes(nb) + "\n")
        note = f"; {len(stderr)} stderr output(s) left out of the notebook" if stderr else ""
        _say(f"{head}: ok in {time.perf_counter() - start:.1f} s{note}")
        for text in stderr:
            for line in text.strip().splitlines()[:3]:
                _say(f"    stderr: {line[:200]}")
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
    parser.add_argument(
        "--executed",
        type=Path,
        default=None,
        help="write the executed notebooks here instead of in place (e.g. for a run on your data)",
    )
    args = parser.parse_args(argv)
    books = sorted(args.notebooks.glob("[0-9]*.ipynb"))
    if args.names:
        books = [b for b in books if any(b.stem.startswith(n) for n in args.names)]
    args.figures.mkdir(parents=True, exist_ok=True)
    if not books:
        print(f"[figures] no notebooks in {args.notebooks}", file=sys.stderr)
    failures = run_notebooks(books, args.figures.resolve(), executed_dir=args.executed)
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
