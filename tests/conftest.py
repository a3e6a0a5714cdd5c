"""Shared fixtures: real corpora loaded once per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Tests never write into the user's cache: tokens cached by one test are reused by the others of
# the same worker, and the folder is thrown away with the temporary directory.
os.environ["TOOLKIT_CACHE"] = tempfile.mkdtemp(prefix="toolkit-test-cache-")

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_data_available() -> bool:
    """True when TOOLKIT_DATA points at a folder holding the shared Chinese corpora."""
    dirs = [Path(p) for p in os.environ.get("TOOLKIT_DATA", "").split(os.pathsep) if p]
    return any((d / "gwr-zh.jsonl").is_file() for d in dirs)


NEEDS_SHARED = pytest.mark.skipif(
    not shared_data_available(),
    reason="needs the shared corpora: set TOOLKIT_DATA to the folder with gwr-zh.jsonl "
    "(CI sets TOOLKIT_DATA=../shared/data)",
)


@pytest.fixture(scope="session")
def sotu():
    import toolkit as tk

    return tk.load_corpus("sotu")


@pytest.fixture(scope="session")
def gwr():
    if not shared_data_available():
        pytest.skip("needs TOOLKIT_DATA with gwr-zh.jsonl (CI sets TOOLKIT_DATA=../shared/data)")
    import toolkit as tk

    return tk.load_corpus("gwr-zh")


@pytest.fixture(scope="session")
def cpc():
    if not shared_data_available():
        pytest.skip(
            "needs TOOLKIT_DATA with cpc-congress-zh.jsonl (CI sets TOOLKIT_DATA=../shared/data)"
        )
    import toolkit as tk

    return tk.load_corpus("cpc-congress-zh")


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"shared seed folder {path} not present")
    return path
