"""Find the files under a folder: symbolic links followed once (loops and second visits of the
same folder or file are reported), unreadable folders and dangling links reported, file names
that are not UTF-8 decoded for display (as ``unzip`` leaves GBK names), hidden files skipped."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from toolkit.corpus.encoding import DecodeError, decode_bytes
from toolkit.corpus.readers._report import Item, LoadReport

__all__ = ["display_name", "glob_regex", "walk"]


@lru_cache(maxsize=16)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Regex for a glob over ``/``-separated relative paths (``**/`` spans folders).

    Examples
    --------
    >>> [bool(glob_regex("**/*.txt").fullmatch(p)) for p in ("a.txt", "x/y/a.txt", "a.csv")]
    [True, True, False]
    """
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def display_name(name: str) -> str:
    """A file name as text: names that are not valid UTF-8 (surrogate escapes) are decoded
    with the encoding detector (GBK, Big5…) or, failing that, shown with ``\\x..`` escapes.

    Examples
    --------
    >>> display_name(os.fsdecode("报告".encode("gbk")))
    '报告'
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return decode_bytes(raw).text
    except DecodeError:
        return raw.decode("utf-8", "backslashreplace")


def _file_item(path: Path, shown: str, doc_id: str) -> Item:
    return Item(shown, doc_id, Path(shown).suffix.lower(), path.read_bytes)


def walk(root: Path, glob: str, report: LoadReport, skipped: list[str]) -> Iterator[Item]:
    """Items for a file or every matching file under a folder, in sorted order.

    Problems (dangling links, loops, unreadable folders) are added to ``report``; hidden
    files and folders (name starting with ``.``) go to ``skipped``.
    """
    if not root.is_dir():
        shown = display_name(str(root))
        yield _file_item(root, shown, display_name(root.stem))
        return
    pattern = glob_regex(glob)
    seen_dirs: dict[tuple[int, int], str] = {}
    seen_files: dict[tuple[int, int], str] = {}
    base = display_name(str(root))

    def visit(folder: Path, rel: str, chain: tuple[tuple[int, int], ...]) -> Iterator[Item]:
        try:
            st = folder.stat()
            key = (st.st_dev, st.st_ino)
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: (e.is_symlink(), e.name))  # real ones first
        except OSError as e:
            report.add(f"{base}/{rel}".rstrip("/"), "unreadable folder", e.strerror or str(e))
            return
        if key in chain:
            report.add(
                f"{base}/{rel}".rstrip("/"), "symlink loop", "the link points to a folder above it"
            )
            return
        if key in seen_dirs:
            report.add(
                f"{base}/{rel}".rstrip("/"), "duplicate folder", f"same folder as {seen_dirs[key]}"
            )
            return
        seen_dirs[key] = f"{base}/{rel}".rstrip("/")
        for entry in entries:
            name = display_name(entry.name)
            sub = f"{rel}{name}"
            if name.startswith("."):
                skipped.append(f"{base}/{sub}")
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = not is_dir and entry.is_file(follow_symlinks=True)
            except OSError as e:
                report.add(f"{base}/{sub}", "unreadable", e.strerror or str(e))
                continue
            if entry.is_symlink() and not (is_dir or is_file):
                target = os.readlink(entry.path) if entry.is_symlink() else ""
                report.add(f"{base}/{sub}", "dangling symlink", f"points to {target}")
                continue
            if is_dir:
                yield from visit(path, f"{sub}/", (*chain, key))
                continue
            if not pattern.fullmatch(sub):
                continue
            if not is_file:
                report.add(f"{base}/{sub}", "not a regular file", "device, socket or pipe")
                continue
            try:
                fst = path.stat()
            except OSError as e:
                report.add(f"{base}/{sub}", "unreadable", e.strerror or str(e))
                continue
            fkey = (fst.st_dev, fst.st_ino)
            if fkey in seen_files:
                report.add(f"{base}/{sub}", "duplicate file", f"same file as {seen_files[fkey]}")
                continue
            seen_files[fkey] = f"{base}/{sub}"
            stem = sub.rsplit(".", 1)[0] if "." in name else sub
            yield Item(f"{base}/{sub}", stem, Path(name).suffix.lower(), path.read_bytes)

    yield from visit(root, "", ())
