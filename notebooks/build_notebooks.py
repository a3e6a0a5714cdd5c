"""Write the numbered analysis notebooks in ``notebooks/`` from their Python sources.

Each notebook is kept as a plain Python script in ``notebooks/src/`` in the "percent" cell
format (the one Jupytext, VS Code and Spyder understand), so it can be reviewed, diffed and
linted as ordinary code:

- ``# %%`` starts a code cell;
- ``# %% tags=["parameters"]`` starts a code cell with those cell tags (papermill's parameter
  cell);
- ``# %% [markdown]`` starts a markdown cell whose lines are comments (``# `` is stripped);
- a first-line comment ``# toolkit-corpora: gwr-zh, sotu`` declares the registry corpora the
  notebook needs; it becomes the notebook metadata ``{"toolkit": {"corpora": [...]}}`` that
  ``make figures`` (:mod:`toolkit.figures`) checks before running it.

Regenerate the notebooks with::

    python notebooks/build_notebooks.py          # all notebooks
    python notebooks/build_notebooks.py 04       # only those whose name starts with 04
    python notebooks/build_notebooks.py --check  # exit 1 if an .ipynb is out of date

A notebook whose cells changed is written without outputs (cell ids are fixed, so regenerating
gives identical files); a notebook whose cells did not change is left as it is, with the outputs
``make figures`` put in it. ``make figures`` runs this script first, then executes every notebook
in place (outputs and figures included, so they can be read on GitHub) and writes ``figures/``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
_CELL = re.compile(r"^# %%(?: \[(?P<kind>markdown)\])?(?: tags=(?P<tags>\[.*\]))?\s*$")
_CORPORA = re.compile(r"^# toolkit-corpora:(?P<names>.*)$")


def parse(source: str, where: str = "<source>") -> tuple[list[str], list[nbformat.NotebookNode]]:
    """Split a percent-format script into ``(corpora, cells)``.

    Examples
    --------
    >>> corpora, cells = parse("# toolkit-corpora: sotu\\n# %% [markdown]\\n# # Title\\n# %%\\nx = 1\\n")
    >>> corpora, [(c.cell_type, c.source) for c in cells]
    (['sotu'], [('markdown', '# Title'), ('code', 'x = 1')])
    """
    lines = source.splitlines()
    corpora: list[str] = []
    if lines and (m := _CORPORA.match(lines[0])):
        corpora = [n.strip() for n in m["names"].split(",") if n.strip()]
        lines = lines[1:]
    cells: list[nbformat.NotebookNode] = []
    kind: str | None = None
    tags: list[str] = []
    body: list[str] = []

    def flush() -> None:
        if kind is None:
            if any(line.strip() for line in body):
                raise ValueError(f"{where}: text before the first '# %%' cell marker")
            return
        text = "\n".join(body).strip("\n")
        if kind == "markdown":
            bad = [line for line in body if line.strip() and not line.startswith("#")]
            if bad:
                raise ValueError(f"{where}: markdown cell line is not a comment: {bad[0]!r}")
            text = "\n".join(re.sub(r"^# ?", "", line) for line in body).strip("\n")
            cells.append(new_markdown_cell(text))
        elif text:
            cell = new_code_cell(text)
            if tags:
                cell.metadata["tags"] = tags
            cells.append(cell)

    for line in lines:
        m = _CELL.match(line)
        if m:
            flush()
            kind, body = (m["kind"] or "code"), []
            tags = json.loads(m["tags"]) if m["tags"] else []
        else:
            body.append(line)
    flush()
    return corpora, cells


def render(path: Path) -> str:
    """The notebook JSON text for one source script."""
    corpora, cells = parse(path.read_text(encoding="utf-8"), str(path))
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "toolkit": {"corpora": corpora},
        },
    )
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{path.stem[:2]}-{i:02d}"
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def _same_cells(current_text: str, fresh_text: str) -> bool:
    """Same cells (type, source, tags, id) and toolkit metadata: outputs are not compared."""
    current = nbformat.reads(current_text, as_version=4)
    fresh = nbformat.reads(fresh_text, as_version=4)

    def key(nb: nbformat.NotebookNode) -> list[tuple]:
        return [
            (c.cell_type, c.source, c.get("id"), tuple(c.metadata.get("tags", ())))
            for c in nb.cells
        ]

    return key(current) == key(fresh) and current.metadata.get("toolkit") == fresh.metadata.get(
        "toolkit"
    )


def main(argv: list[str]) -> int:
    check = "--check" in argv
    wanted = [a for a in argv if a != "--check"]
    sources = sorted(SRC.glob("[0-9]*.py"))
    sources = [s for s in sources if not wanted or any(s.stem.startswith(w) for w in wanted)]
    if not sources:
        print(f"no notebook source in {SRC} matches {wanted}", file=sys.stderr)
        return 1
    stale = []
    for src in sources:
        target = HERE / f"{src.stem}.ipynb"
        text = render(src)
        same = target.exists() and _same_cells(target.read_text(encoding="utf-8"), text)
        if check:
            if not same:
                stale.append(target.name)
            continue
        if same:
            continue  # keep the executed outputs
        target.write_text(text, encoding="utf-8")
        print(target.relative_to(HERE.parent))
    if stale:
        print(f"out of date (run python notebooks/build_notebooks.py): {stale}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
