"""Atomic file writes: every file the toolkit writes goes through :func:`atomic_path`.

A file is written to a temporary file in the same folder (``.<name>.<pid>.<random>.tmp``) and
moved over the target with :func:`os.replace`, so a reader — or the next run after a
``kill -9`` — sees the old file or the new one, never half of one. A killed writer leaves its
temporary file behind; :func:`stale_temp_files` finds such leftovers (their process is gone,
or they are older than a day) and :func:`clean_stale_temp_files` removes and counts them.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(d / "out.csv", "a,b\\n1,2\\n")
PosixPath('...out.csv')
>>> with atomic_path(d / "fig.png") as tmp:
...     _ = tmp.write_bytes(b"png bytes")
>>> sorted(p.name for p in d.iterdir())
['fig.png', 'out.csv']
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "atomic_path",
    "atomic_write",
    "clean_stale_temp_files",
    "is_temp_file",
    "stale_temp_files",
]

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.(?P<token>[0-9a-f]{8})\.tmp$")
#: A temporary file older than this (seconds) is stale even if its process id is in use.
STALE_AFTER = 24 * 3600


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def is_temp_file(path: Path) -> bool:
    """True for a temporary file of :func:`atomic_path` (finished or not).

    Examples
    --------
    >>> is_temp_file(Path(".out.csv.123.0a1b2c3d.tmp")), is_temp_file(Path("out.csv"))
    (True, False)
    """
    return _TEMP.match(Path(path).name) is not None


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, fsync: bool = True) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically.

    Write the file at the yielded path (any library that takes a path will do: pandas,
    matplotlib, zipfile, numpy). If the block raises, the temporary file is removed and
    ``path`` is untouched. New files get the usual permissions (``0o666`` less the umask).
    """
    target = Path(path)
    while True:
        tmp = _temp_name(target)
        try:  # O_EXCL: never clobber; mode 0o666 so the umask applies as for any new file
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:  # pragma: no cover - 32 random bits
            continue
        os.close(fd)
        break
    try:
        yield tmp
        if fsync:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(
    path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8"
) -> Path:
    """Write ``data`` (text in ``encoding``, or bytes) to ``path`` atomically; return the path."""
    with atomic_path(path) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            with open(tmp, "w", encoding=encoding, newline="") as fh:
                fh.write(data)
    return Path(path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's live process
        return True
    except OSError:  # pragma: no cover - e.g. Windows without the process
        return False
    return True


def stale_temp_files(folder: str | os.PathLike[str], *, recursive: bool = False) -> list[Path]:
    """Temporary files in ``folder`` left by writers that died (or older than a day)."""
    root = Path(folder)
    if not root.is_dir():
        return []
    found = []
    now = time.time()
    for p in root.rglob(".*.tmp") if recursive else root.glob(".*.tmp"):
        m = _TEMP.match(p.name)
        if not m or not p.is_file():
            continue
        try:
            old = now - p.stat().st_mtime > STALE_AFTER
        except OSError:
            continue
        if old or not _alive(int(m["pid"])):
            found.append(p)
    return sorted(found)


def clean_stale_temp_files(folder: str | os.PathLike[str], *, recursive: bool = False) -> int:
    """Remove the stale temporary files of ``folder``; return how many were removed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / ".x.csv.999999999.0a1b2c3d.tmp").write_text("half")  # no such process
    >>> clean_stale_temp_files(d), list(d.iterdir())
    (1, [])
    """
    n = 0
    for p in stale_temp_files(folder, recursive=recursive):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
            n += 1
    return n
