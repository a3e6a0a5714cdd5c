"""The documentation builds without a warning (as ``make docs`` does) and covers the public API."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("sphinx", reason="the docs extra is not installed (pip install -e '.[docs]')")
pytest.importorskip("numpydoc", reason="the docs extra is not installed")
pytest.importorskip("myst_parser", reason="the docs extra is not installed")

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("docs")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("docs") / "html"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOOLKIT_PROGRESS": "0"}
    # One process, HTML only; conf.py uses no intersphinx and nothing else that reads the network.
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-j", "1", "-q"]
    proc = subprocess.run(
        [*cmd, str(ROOT / "docs"), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    return out, proc.stdout + proc.stderr + f"\nexit code {proc.returncode}"


def test_docs_build_without_warnings(built: tuple[Path, str]) -> None:
    out, log = built
    assert "WARNING" not in log and "ERROR" not in log, log
    assert log.rstrip().endswith("exit code 0"), log
    for page in ("index", "guide", "developer", "api/index", "api/toolkit", "api/cli"):
        assert (out / f"{page}.html").is_file(), page


def _text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def test_every_public_name_is_documented(built: tuple[Path, str]) -> None:
    import toolkit as tk

    out, _ = built
    page = (out / "api" / "toolkit.html").read_text(encoding="utf-8")
    for name in tk.__all__:
        if name.startswith("__"):
            continue
        # a resolved reference is a link; an unresolved one would have failed the build (refwarn)
        assert re.search(
            rf'<a class="reference internal" href="[^"]+"[^>]*>\s*<code[^>]*>'
            rf"(<span[^>]*>)?tk\.{name}(</span>)?</code>",
            page,
        ), name


def test_reference_renders_numpydoc_sections(built: tuple[Path, str]) -> None:
    out, _ = built
    counts = _text(out / "api" / "counts.html")
    # numpydoc turns "Parameters"/"Returns" sections into field lists
    assert "toolkit.counts.ngrams(" in counts
    assert "Parameters:" in counts and "Returns:" in counts


def test_user_guide_includes_the_readme_and_its_links(built: tuple[Path, str]) -> None:
    out, _ = built
    guide = (out / "guide.html").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # every second-level heading of the README is a section of the guide, with its GitHub anchor
    for heading in re.findall(r"^## (.+)$", readme, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        assert f'id="{slug}"' in guide, heading
    # links to repository files outside docs/ became downloads of those files
    assert 'class="reference download internal"' in guide


def test_cli_page_lists_every_command(built: tuple[Path, str]) -> None:
    from toolkit.cli._app import _ORDER

    out, _ = built
    cli = _text(out / "api" / "cli.html")
    for name in _ORDER:
        assert f"Usage: toolkit {name} [OPTIONS]" in cli, name
