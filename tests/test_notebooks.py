"""Execute the analysis notebooks and the ``make figures`` runner.

Every notebook in ``notebooks/`` ends with assertions on its key numbers (published counts,
first appearances, change points …), so running it is the test. Notebooks that need the shared
Chinese corpora skip without ``TOOLKIT_DATA``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import shared_data_available

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
    monkeypatch.delenv("TOOLKIT_NEWS_DIR", raising=False)
    path = _copy_notebook(name, tmp_path / "nb")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
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
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    text = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )
    assert "2 reports from" in text and "user folder" in text
    assert "all checks passed" in text
    assert (tmp_path / "figures" / "06_formulation_counts.png").is_file()


@pytest.mark.notebook
def test_make_figures_runner_is_byte_reproducible(tmp_path):
    """``python -m toolkit.figures`` writes figures + INDEX.md, identically on two runs."""
    books = tmp_path / "notebooks"
    _copy_notebook("06_provincial_news", books)
    runs = []
    for i in (1, 2):
        out = tmp_path / f"figures{i}"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "toolkit.figures",
                "--notebooks",
                str(books),
                "--figures",
                str(out),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "06_provincial_news.ipynb: ok" in result.stderr
        runs.append(out)
    files = sorted(p.name for p in runs[0].iterdir() if p.suffix in {".png", ".pdf"})
    assert "06_formulation_counts.png" in files and "06_formulation_counts.pdf" in files
    for name in files:
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name
    index = (runs[0] / "INDEX.md").read_text(encoding="utf-8")
    assert "06_formulation_counts" in index and "06_provincial_news" in index
    assert index == (runs[1] / "INDEX.md").read_text(encoding="utf-8")
