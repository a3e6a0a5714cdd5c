"""Sphinx helpers of the toolkit's documentation.

- ``.. toolkit-namespace::`` lists every public name of ``import toolkit as tk`` with a link to
  the page that documents it; a name that no API page documents is a build warning (an error
  under ``-W``), so the reference cannot fall behind ``toolkit.__all__``.
- ``.. toolkit-cli::`` prints ``toolkit --help`` and ``toolkit COMMAND --help`` for every command.
- The README is included in the user guide; its links to files of the repository
  (``corpora/README.md``, ``benchmarks/RESULTS.md``, ``docs/developer.md``) are rewritten to work
  from ``docs/``: documentation pages become page links, other files download links.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s#][^)\s]*)\)")
logger = logging.getLogger(__name__)


def _relink_from(base: Path, docdir: Path) -> Any:
    """Rewrite a Markdown link of a file in ``base`` for a page in ``docdir`` (``docs/``...)."""

    def relink(match: re.Match[str]) -> str:
        text, target = match.groups()
        if "://" in target or target.startswith("mailto:"):
            return match.group(0)
        path, _, anchor = target.partition("#")
        file = (base / path).resolve()
        if not file.exists():
            return match.group(0)
        docs = HERE.parent
        rel = os.path.relpath(file, docdir)
        if file.is_relative_to(docs) and file.suffix in (".md", ".rst"):
            return f"[{text}]({rel}{'#' + anchor if anchor else ''})"
        # A file outside the documentation: a download link to the file itself.
        return f"{{download}}`{text.replace('`', '')} <{rel}>`"

    return relink


def _include_read(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    if Path(relative_path).name == "README.md":
        docdir = (Path(app.srcdir) / parent_docname).parent
        content[0] = _LINK.sub(_relink_from(ROOT, docdir), content[0])


def _source_read(app: Sphinx, docname: str, content: list[str]) -> None:
    path = Path(app.env.doc2path(docname))
    if path.suffix == ".md":
        content[0] = _LINK.sub(_relink_from(path.parent, path.parent), content[0])


def _summary(obj: Any) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.strip().split("\n\n")[0].replace("\n", " ")


def _xref(target: str, role: str, text: str, docname: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref(
        "",
        refdomain="py",
        reftype=role,
        reftarget=target,
        refexplicit=True,
        refwarn=True,
        refdoc=docname,
    )
    ref += nodes.literal(text, text)
    return ref


class NamespaceDirective(SphinxDirective):
    """A table of ``tk.<name>`` → where it is documented → its first docstring line."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        import toolkit

        documented = self.config.toolkit_api_modules
        modules = [importlib.import_module(name) for name in documented]
        table = nodes.table()
        group = nodes.tgroup(cols=2)
        table += group
        group += nodes.colspec(colwidth=30)
        group += nodes.colspec(colwidth=70)
        body = nodes.tbody()
        group += body
        for name in toolkit.__all__:
            if name.startswith("__"):
                continue
            obj = getattr(toolkit, name)
            if inspect.ismodule(obj):
                target, role = obj.__name__, "mod"
            else:
                owner = next(
                    (
                        m.__name__
                        for m in modules
                        if name in getattr(m, "__all__", ()) and getattr(m, name, None) is obj
                    ),
                    None,
                )
                if owner is None:
                    logger.warning(
                        "tk.%s is documented on no API page (toolkit_api_modules)",
                        name,
                        location=(self.env.docname, self.lineno),
                    )
                    continue
                target, role = f"{owner}.{name}", "obj"
            row = nodes.row()
            left = nodes.entry()
            left += nodes.paragraph("", "", _xref(target, role, f"tk.{name}", self.env.docname))
            right = nodes.entry()
            right += nodes.paragraph("", _summary(obj))
            row += left
            row += right
            body += row
        return [table]


class CliDirective(SphinxDirective):
    """``toolkit --help`` and the help of every command and sub-command, as plain text."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        import click
        import typer
        import typer.core

        from toolkit.cli import app

        rich, typer.core.HAS_RICH = typer.core.HAS_RICH, False
        try:
            out: list[nodes.Node] = []
            root = typer.main.get_command(app)
            ctx = click.Context(root, info_name="toolkit", terminal_width=96, max_content_width=96)
            out.extend(self._section("toolkit", root, ctx))
            for name in root.list_commands(ctx):
                command = root.get_command(ctx, name)
                sub_ctx = click.Context(command, info_name=name, parent=ctx)
                out.extend(self._section(f"toolkit {name}", command, sub_ctx))
                if isinstance(command, click.Group):
                    for sub in command.list_commands(sub_ctx):
                        leaf = command.get_command(sub_ctx, sub)
                        leaf_ctx = click.Context(leaf, info_name=sub, parent=sub_ctx)
                        out.extend(self._section(f"toolkit {name} {sub}", leaf, leaf_ctx))
        finally:
            typer.core.HAS_RICH = rich
        return out

    def _section(self, title: str, command: Any, ctx: Any) -> list[nodes.Node]:
        section = nodes.section(ids=[nodes.make_id(title)])
        section += nodes.title(title, title)
        text = command.get_help(ctx)
        section += nodes.literal_block(text, text, language="text")
        return [section]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("toolkit_api_modules", [], "env")
    app.add_directive("toolkit-namespace", NamespaceDirective)
    app.add_directive("toolkit-cli", CliDirective)
    app.connect("include-read", _include_read)
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
