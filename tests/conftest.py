"""Shared fixtures: real corpora loaded once per test session."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pytest


def _user_data_folders() -> list[Path]:
    """Folders where the user's own copies of the registry files are: TOOLKIT_DATA, then the
    user cache that `toolkit fetch` downloads into (looked up before the tests replace it)."""
    from toolkit.config import options

    folders = list(options.data_path)
    with contextlib.suppress(Exception):  # no usable cache folder: only TOOLKIT_DATA counts
        folders.append(options.cache_dir)
    return folders


_FOUND = [d for d in _user_data_folders() if (d / "gwr-zh.jsonl").is_file()]
_GIVEN = [Path(p) for p in os.environ.get("TOOLKIT_DATA", "").split(os.pathsep) if p]
if _FOUND and not any(d in _FOUND for d in _GIVEN):
    # data fetched into the user cache: let the tests (which get an empty cache) find it
    os.environ["TOOLKIT_DATA"] = os.pathsep.join(
        [p for p in [os.environ.get("TOOLKIT_DATA", ""), str(_FOUND[0])] if p]
    )

if os.environ.get("TOOLKIT_DATA"):  # absolute, so notebook kernels (cwd notebooks/) find it too
    os.environ["TOOLKIT_DATA"] = os.pathsep.join(
        str(Path(p).resolve()) for p in os.environ["TOOLKIT_DATA"].split(os.pathsep) if p
    )

# Progress bars are for people: off in the tests (and in the notebook kernels they start).
os.environ["TOOLKIT_PROGRESS"] = "0"

# Tests never write into the user's cache: tokens cached by one test are reused by the others of
# the same worker, and the folder is thrown away with the temporary directory.
os.environ["TOOLKIT_CACHE"] = tempfile.mkdtemp(prefix="toolkit-test-cache-")


def _shared_folder() -> Path:
    """The shared/ folder beside the checkout, or the parent of a TOOLKIT_DATA data/ folder."""
    here = Path(__file__).resolve().parents[2] / "shared"
    if here.is_dir():
        return here
    for d in _FOUND:
        if d.name == "data" and (d.parent / "seeds").is_dir():
            return d.parent
    return here


SHARED = _shared_folder()


def shared_data_available() -> bool:
    """True when TOOLKIT_DATA (or the user cache, see above) holds the shared Chinese corpora."""
    dirs = [Path(p) for p in os.environ.get("TOOLKIT_DATA", "").split(os.pathsep) if p]
    return any((d / "gwr-zh.jsonl").is_file() for d in dirs)


_DATA_DIRS = [Path(p) for p in os.environ.get("TOOLKIT_DATA", "").split(os.pathsep) if p]


def shared_file(name: str) -> Path:
    """Path of a shared data file (``gwr-zh.jsonl``…) wherever the tests found it (as seen when
    the session started, so a test that changes TOOLKIT_DATA still finds it)."""
    for d in _DATA_DIRS:
        if (d / name).is_file():
            return d / name
    pytest.skip(f"{name} not in TOOLKIT_DATA or the user cache")


NEEDS_SHARED = pytest.mark.skipif(
    not shared_data_available(),
    reason="needs the shared corpora: run `toolkit fetch gwr-zh cpc-congress-zh` or set "
    "TOOLKIT_DATA to the folder with gwr-zh.jsonl (CI sets TOOLKIT_DATA=../shared/data)",
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
