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


def _short_reason(exc: BaseException) -> str:
    """A few words on why a download failed, without the network library's own text."""
    seen, e = set(), exc
    names = []
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        names.append(type(e).__name__)
        e = e.__cause__ or e.__context__
    text = " ".join(names)
    response = getattr(exc, "response", None)
    if response is not None and getattr(response, "status_code", None):
        return f"the server answered HTTP {response.status_code}"
    if "NameResolution" in text or "gaierror" in text or "ConnectionError" in text:
        return "no network connection"
    if "Timeout" in text:
        return "the connection timed out"
    if "SSL" in text:
        return "the secure connection failed"
    return f"{type(exc).__name__}"


def _folder_hints() -> list[str]:
    """A note for each TOOLKIT_DATA entry that is not a folder."""
    notes = []
    for d in data_dirs():
        if d.is_file():
            notes.append(
                f"TOOLKIT_DATA names a file ({d}), not a folder: set it to {d.parent} instead"
            )
        elif not d.exists():
            notes.append(f"TOOLKIT_DATA folder {d} does not exist")
    return notes


def locate(
    filename: str,
    url: str,
    sha256: str,
    *,
    download: bool | None = None,
    corpus: str | None = None,
) -> Path:
    """Return a verified local path for a registry file.

    Lookup order: every folder in ``TOOLKIT_DATA`` → the user cache → download with pooch into
    the cache. Downloading happens when ``download`` is True, or when it is None and
    ``tk.options.download`` is (True unless ``TOOLKIT_OFFLINE=1``).

    Raises
    ------
    HashMismatchError
        A copy exists with the wrong sha256 (it is never used).
    DataError
        No copy and no download possible: one line naming the file, the folder to put it in
        and the command that fetches it when online (for ``download=True``, the command
        that asked for it, the URL to get it by hand instead); never the network library's
        own message.
    """
    for folder in [*data_dirs(), cache_dir()]:
        candidate = folder / filename
        if candidate.is_file():
            return _check(candidate, sha256)
    asked = download is True
    folder = next((d for d in data_dirs() if d.is_dir()), cache_dir())
    # a TOOLKIT_DATA entry that is not a folder is the likely cause: said first
    hints = "".join(f"{n}; " for n in _folder_hints())
    fetch = f"`toolkit fetch {corpus}`" if corpus else "`toolkit fetch`"
    if not options.download and asked:
        raise DataError(
            f"{hints}{filename} was not downloaded: downloads are off (TOOLKIT_OFFLINE=1); unset "
            f"TOOLKIT_OFFLINE, or download {url} and put it in {folder}"
        )
    if not options.download and download is not False:
        raise DataError(
            f"{hints}{filename} is missing and downloads are off (TOOLKIT_OFFLINE=1): put it in "
            f"{folder}, or run {fetch} with TOOLKIT_OFFLINE unset"
        )
    if download is False:
        raise DataError(
            f"{hints}{filename} is missing: put it in {folder}, or run {fetch} when online"
        )
    import pooch

    quiet = pooch.get_logger().level
    pooch.get_logger().setLevel("WARNING")  # not pooch's "Downloading data from …" line
    try:
        got = pooch.retrieve(
            url,
            known_hash=f"sha256:{sha256}",
            fname=filename,
            path=cache_dir(),
            progressbar=options.progress,
        )
    except ValueError as e:  # pooch's hash mismatch
        raise HashMismatchError(
            f"the download of {url} does not have the pinned sha256 {sha256}; not used"
        ) from e
    except Exception as e:  # noqa: BLE001 - network errors of any kind
        if asked:  # `toolkit fetch` itself: say how to get the file by hand, not to run it again
            raise DataError(
                f"{hints}could not download {filename} ({_short_reason(e)}): download {url} where "
                f"there is a network and put it in {folder}"
            ) from None
        raise DataError(
            f"{hints}{filename} is missing and could not be downloaded ({_short_reason(e)}): run "
            f"{fetch} when online, or put the file in {folder}"
        ) from None
    finally:
        pooch.get_logger().setLevel(quiet)
    return Path(got)
