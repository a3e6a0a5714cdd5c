"""Command line interface: ``toolkit corpora|fetch|info|cache|figures|ngrams|...``.

Every command takes CORPUS as a registry name or a path, prints a rich table on a terminal and
CSV otherwise (``--format csv|tsv|json``, ``--out FILE``), and turns user errors into one line on
stderr with a non-zero exit code (``--debug`` shows the traceback).
"""

from toolkit.cli import counts, foundation, models, slogans  # noqa: F401  (registers the commands)
from toolkit.cli._app import app, main

__all__ = ["app", "main"]
