"""Find a registry file: ``TOOLKIT_DATA`` folders → user cache → download (pooch), sha256-checked.

A file whose sha256 does not match is never used.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from toolkit.config import options
from toolkit.errors import DataError, HashMismatchError

__all__ = ["DataError", "HashMismatchError", "cache_dir", "data_dirs", "file_sha256", "locate"]


def cache_dir() -> Path:
    """The user cache folder for downloads (``TOOLKIT_CACHE`` overrides platformdirs)."""
    return options.cache_dir


def data_dirs() -> list[Path]:
    """Folders named in ``TOOLKIT_DATA`` (``os.pathsep``-separated), in order."""
    return list(options.data_path)


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    """sha256 of a file, streamed."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def _check(path: Path, sha256: str) -> Path:
    actual = file_sha256(path)
    if actual != sha256:
        raise HashMismatchError(
            f"{path} has sha256 {actual} but the registry pins {sha256}; the file is corrupted or "
            f"a different edition. Delete it (or fix TOOLKIT_DATA) and run `toolkit fetch` again."
        )
    return path


def locate(filename: str, url: str, sha256: str, *, download: bool | None = None) -> Path:
    """Return a verified local path for a registry file.

    Lookup order: every folder in ``TOOLKIT_DATA`` → the user cache → download with pooch into
    the cache. Downloading happens unless ``download=False`` or ``TOOLKIT_OFFLINE=1``.

    Raises
    ------
    HashMismatchError
        A copy exists with the wrong sha256 (it is never used).
    DataError
        No copy and no download possible; the message names the file, URL and folders.
    """
    for folder in [*data_dirs(), cache_dir()]:
        candidate = folder / filename
        if candidate.is_file():
            return _check(candidate, sha256)
    if download is None:
        download = options.download
    places = [str(d) for d in data_dirs()] + [str(cache_dir())]
    hint = (
        f"{filename} is not available offline. Download {url} (sha256 {sha256}) and put it in "
        f"{places[0]} (or a folder named in TOOLKIT_DATA), or run `toolkit fetch`."
    )
    if not download:
        raise DataError(hint)
    import pooch

    try:
        got = pooch.retrieve(
            url, known_hash=f"sha256:{sha256}", fname=filename, path=cache_dir(), progressbar=False
        )
    except ValueError as e:  # pooch's hash mismatch
        raise HashMismatchError(f"download of {url} did not match sha256 {sha256}: {e}") from e
    except Exception as e:  # network errors of any kind
        raise DataError(f"{hint} (download failed: {type(e).__name__}: {e})") from e
    return Path(got)
