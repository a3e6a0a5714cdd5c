"""Sphinx configuration: API reference from the numpydoc docstrings, user guide from the README.

Build with ``make docs`` (``sphinx-build -W --keep-going -b html docs docs/_build/html``). The
build reads nothing from the network: no intersphinx, no remote images.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE / "_ext"))
# Importing the toolkit must not start progress bars or write caches while autodoc reads it.
os.environ.setdefault("TOOLKIT_PROGRESS", "0")

import toolkit  # noqa: E402

project = "toolkit"
author = "The toolkit developers"
copyright = "The toolkit developers"  # noqa: A001  (Sphinx's name)
release = toolkit.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
    "toolkit_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
templates_path: list[str] = []

# autodoc: signatures with their type hints, members in source order, no private members.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "show-inheritance": False}
autosummary_generate = False

# numpydoc: the docstrings' Parameters / Returns / Raises sections; class members are listed by
# autodoc itself, so numpydoc's own member tables (which would duplicate them) are off.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_attributes_as_param_list = True
# Checked on every documented object: it has a docstring (GL08) and documents no parameter the
# signature lacks (PR02). ``tk.tokens`` documents its ``**options`` one by one, by name.
numpydoc_validation_checks = {"GL08", "PR02"}
numpydoc_validation_exclude = {r"^toolkit\.tokenized\.tokens$"}

# MyST: the README and the developer notes are Markdown; GitHub-style heading anchors so that the
# README's own links (#corpora, #token-cache, ...) resolve in the HTML too.
myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence"]

html_theme = "alabaster"
html_title = f"toolkit {release}"
html_static_path: list[str] = []
html_show_sourcelink = False

# Modules whose ``__all__`` the API pages document (checked by ``.. toolkit-namespace::``).
toolkit_api_modules = [
    "toolkit.errors",
    "toolkit.config",
    "toolkit.corpus",
    "toolkit.corpus.filters",
    "toolkit.text",
    "toolkit.tokenized",
    "toolkit.tokenized.dictionary",
    "toolkit.features",
    "toolkit.counts",
    "toolkit.slogans",
    "toolkit.models",
    "toolkit.models.seeded",
    "toolkit.models.effects",
    "toolkit.scaling",
    "toolkit.textstats",
    "toolkit.textreuse",
    "toolkit.semantic",
    "toolkit.plot",
]
