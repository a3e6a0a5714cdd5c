"""Execute the analysis notebooks and the ``make figures`` runner.

Every notebook in ``notebooks/`` ends with assertions on its key numbers (published counts,
first appearances, change points …), so running it is the test; the suite runs them with
``TOOLKIT_QUICK=1`` (fewer k values, refits and bootstrap rounds; the same checks). Notebooks
that need the shared Chinese corpora skip without ``TOOLKIT_DATA``. The committed notebooks are
executed ones (``make figures``); the runner's output is byte-identical from run to run and
equal to the committed notebook, which is what keeps ``git status`` clean after ``make figures``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import shared_data_available
from toolkit.figures import _kernel_manager_class

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
BOOKS = sorted(p.stem for p in NOTEBOOKS.glob("[0-9]*.ipynb"))
SHARED = {"gwr-zh", "cpc-congress-zh"}


def _corpora(name: str) -> list[str]:
    meta = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["metadata"]
    return list(meta.get("toolkit", {}).get("corpora", []))


def _copy_notebook(name: str, dest: Path) -> Path:
    """Copy one notebook (and the sample data it may read) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(NOTEBOOKS / "data", dest / "data")
    target = dest / f"{name}.ipynb"
    shutil.copy2(NOTEBOOKS / f"{name}.ipynb", target)
    return target


def test_all_seven_notebooks_exist():
    prefixes = [b[:2] for b in BOOKS]
    assert prefixes == ["01", "02", "03", "04", "05", "06", "07", "08"], BOOKS


@pytest.mark.parametrize("name", BOOKS)
def test_notebook_declares_corpora_and_ends_with_assertions(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert "toolkit" in nb.metadata and isinstance(nb.metadata["toolkit"]["corpora"], list)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[-1].source.count("assert ") >= 3, f"{name}: last cell must check key numbers"
    assert any("tk.save_figure(" in c.source for c in code), f"{name} saves no figure"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


def test_notebooks_match_their_sources():
    """The .ipynb files are generated from notebooks/src/*.py; they must be up to date."""
    result = subprocess.run(
        [sys.executable, str(NOTEBOOKS / "build_notebooks.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("name", BOOKS)
def test_notebook_runs(name, tmp_path, monkeypatch):
    needs = set(_corpora(name))
    if needs & SHARED and not shared_data_available():
        pytest.skip(
            f"{name} needs {sorted(needs & SHARED)}: set TOOLKIT_DATA to the folder with the "
            "shared corpora (CI sets TOOLKIT_DATA=../shared/data)"
        )
    figures = tmp_path / "figures"
    monkeypatch.setenv("TOOLKIT_FIGURES", str(figures))
    monkeypatch.setenv("TOOLKIT_NOTEBOOK", name)
    monkeypatch.setenv("TOOLKIT_QUICK", "1")
    monkeypatch.delenv("TOOLKIT_NEWS_DIR", raising=False)
    path = _copy_notebook(name, tmp_path / "nb")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        kernel_manager_class=_kernel_manager_class(),
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError (with the failing assertion) on failure
    outputs = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )
    assert "all checks passed" in outputs
    pngs = sorted(figures.glob(f"{name[:2]}_*.png"))
    assert pngs, f"{name} wrote no figure to TOOLKIT_FIGURES"
    from toolkit.plot import read_provenance

    for png in pngs:
        prov = read_provenance(png)
        assert prov["notebook"] == name
        assert prov["corpus_sha256"] and prov["function"], prov
        assert png.with_suffix(".pdf").is_file()


@pytest.mark.notebook
def test_news_notebook_reads_a_user_folder(tmp_path, monkeypatch):
    """06 runs on any folder of dated-news reports given by TOOLKIT_NEWS_DIR."""
    news = tmp_path / "my_news"
    news.mkdir()
    (news / "a.txt").write_text(
        " date 2023-05-04 Study meeting\n\nThe meeting stressed the two establishments and the "
        "two maintenances, and the two establishments again.\n",
        encoding="utf-8",
    )
    (news / "b.txt").write_text(
        " date 2024-02-01 Work conference\n\nCadres must uphold the two establishments, complete "
        "the five major tasks and the five major tasks, for two years.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("TOOLKIT_NEWS_DIR", str(news))
    monkeypatch.setenv("TOOLKIT_FIGURES", str(tmp_path / "figures"))
    path = _copy_notebook("06_provincial_news", tmp_path / "nb")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        kernel_manager_class=_kernel_manager_class(),
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    text = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )
    assert "2 reports from" in text and "user folder" in text
    assert "all checks passed" in text
    assert (tmp_path / "figures" / "06_formulation_counts.png").is_file()


def _run_figures(books: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "toolkit.figures", "--notebooks", str(books), "--figures", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.notebook
def test_make_figures_runner_is_byte_reproducible(tmp_path):
    """``python -m toolkit.figures`` writes figures, INDEX.md and the executed notebook in place,
    identically on two runs in different folders, and identical to the committed notebook."""
    runs, books = [], []
    for i in (1, 2):
        folder = tmp_path / f"run{i}" / "notebooks"
        _copy_notebook("06_provincial_news", folder)
        out = tmp_path / f"run{i}" / "figures"
        result = _run_figures(folder, out)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "(1/1) 06_provincial_news.ipynb: running" in result.stderr
        assert "06_provincial_news.ipynb: ok" in result.stderr
        runs.append(out)
        books.append(folder / "06_provincial_news.ipynb")
    files = sorted(p.name for p in runs[0].iterdir() if p.suffix in {".png", ".pdf"})
    assert "06_formulation_counts.png" in files and "06_formulation_counts.pdf" in files
    for name in files:
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name
    index = (runs[0] / "INDEX.md").read_text(encoding="utf-8")
    assert "06_formulation_counts" in index and "06_provincial_news" in index
    assert index == (runs[1] / "INDEX.md").read_text(encoding="utf-8")
    executed = books[0].read_bytes()
    assert executed == books[1].read_bytes()
    nb = nbformat.reads(executed.decode("utf-8"), as_version=4)
    assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert str(tmp_path) not in executed.decode("utf-8")
    committed = (NOTEBOOKS / "06_provincial_news.ipynb").read_bytes()
    assert executed == committed, (
        "notebooks/06_provincial_news.ipynb differs from a fresh run: run `make figures` and "
        "commit notebooks/ and figures/"
    )


def test_normalise_notebook_removes_machine_dependent_output(tmp_path):
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from toolkit.figures import normalise_notebook

    folder = tmp_path / "books"
    cell = new_code_cell("x", execution_count=1)
    cell.metadata["execution"] = {"iopub.execute_input": "2026-12-02T16:00:00Z"}
    cell.outputs = [
        new_output("stream", name="stdout", text=f"read {folder}/data/a.txt; {Path.home()}/x\n"),
        new_output("stream", name="stderr", text="/usr/lib/python3/site.py:1: Warning\n"),
        new_output("stream", name="stdout", text="more\n"),
        new_output("execute_result", data={"text/plain": "<object at 0x7f3a2b1c4d50>"},
                   execution_count=1),
    ]  # fmt: skip
    nb = new_notebook(cells=[cell], metadata={"language_info": {"name": "python", "version": "3"}})
    template = {"kernelspec": {"name": "python3"}, "language_info": {"name": "python"}}
    out, stderr = normalise_notebook(nb, template, folder)
    assert out.metadata == template
    assert "execution" not in out.cells[0].metadata
    texts = [o.get("text") or o["data"]["text/plain"] for o in out.cells[0].outputs]
    assert texts == ["read data/a.txt; ~/x\nmore\n", "<object at 0x…>"]  # chunks joined
    assert stderr == ["/usr/lib/python3/site.py:1: Warning\n"]


@pytest.mark.parametrize("name", BOOKS)
def test_committed_notebooks_are_executed_and_clean(name):
    """Readable on GitHub: outputs and figures, no timestamps, paths, versions or documents."""
    text = (NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count == i for i, c in enumerate(code, 1)), "run `make figures`"
    images = [o for c in code for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, f"{name} shows no figure: run `make figures`"
    assert "all checks passed" in "".join(o.get("text", "") for o in code[-1].outputs)
    assert set(nb.metadata["language_info"]) == {"name"}
    assert not any("execution" in c.metadata for c in nb.cells)
    shown_text = json.dumps(
        [
            {k: v for k, v in o.get("data", {}).items() if k.startswith("text/")} or o
            for c in code
            for o in c.outputs
        ],
        ensure_ascii=False,
    )
    for bad in (str(ROOT), str(Path.home()), "/tmp/"):
        assert bad not in shown_text, f"{name}: machine-dependent text {bad!r} in the outputs"
    assert not re.search(r"\b0x[0-9a-f]{8,}", shown_text), f"{name}: a memory address"
    for c in code:
        shown = sum(len(o.get("text", "")) for o in c.outputs)
        assert shown < 20_000, f"{name}: a cell prints {shown} characters (whole documents?)"
