"""ZIP archives: every member is read like a file of its kind, within bounds against zip bombs
(number of members, total uncompressed size — checked on the sizes the archive declares and
again while reading, since a header can lie — and nesting depth)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from toolkit.corpus.encoding import DecodeError, decode_bytes
from toolkit.corpus.readers._report import Item, LoadReport

__all__ = ["ArchiveLimits", "archive_items"]

ARCHIVE_SUFFIXES = {".zip"}


@dataclass
class ArchiveLimits:
    """Bounds for reading archives, shared by nested archives of one ``read_corpus`` call."""

    max_bytes: int = 1 << 30  # total uncompressed bytes
    max_members: int = 10_000
    max_depth: int = 2  # an archive inside an archive inside the folder
    used_bytes: int = 0
    used_members: int = 0


def _member_name(info: zipfile.ZipInfo) -> str:
    """Member name as text: zip tools that do not set the UTF-8 flag write names in the local
    code page (GBK on Chinese Windows), which zipfile shows as CP437; decode those bytes."""
    if info.flag_bits & 0x800 or info.filename.isascii():
        return info.filename
    raw = info.filename.encode("cp437", "replace")
    try:
        return decode_bytes(raw).text
    except DecodeError:
        return info.filename


def _reader(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ArchiveLimits, where: str):
    def read() -> bytes:
        budget = limits.max_bytes - limits.used_bytes
        with zf.open(info) as fh:
            data = fh.read(min(budget, info.file_size) + 1)
        if len(data) > info.file_size or len(data) > budget:
            raise DecodeError(
                "archive too large",
                f"{where} expands beyond its declared size or the {_mb(limits.max_bytes)} limit",
            )
        limits.used_bytes += len(data)
        return data

    return read


def _mb(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MB"


def archive_items(
    item: Item, data: bytes, report: LoadReport, limits: ArchiveLimits, skipped: list[str]
) -> Iterator[Item] | None:
    """Items of the members of a ZIP archive, or ``None`` (and a report entry) when the
    archive is unreadable or over the limits. Hidden members and folders are skipped."""
    if item.depth >= limits.max_depth:
        report.add(item.name, "nested archive", f"archives nested deeper than {limits.max_depth}")
        return None
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        report.add(item.name, "unreadable archive", str(e))
        return None
    declared = sum(i.file_size for i in infos)
    if limits.used_members + len(infos) > limits.max_members:
        report.add(
            item.name,
            "archive too large",
            f"{len(infos):,} members; at most {limits.max_members:,} are read in one call "
            "(read_corpus(max_archive_members=...))",
        )
        return None
    if limits.used_bytes + declared > limits.max_bytes:
        report.add(
            item.name,
            "archive too large",
            f"{_mb(declared)} uncompressed; at most {_mb(limits.max_bytes)} are read in one call "
            "(read_corpus(max_archive_mb=...))",
        )
        return None
    limits.used_members += len(infos)
    stem = item.doc_id

    def members() -> Iterator[Item]:
        for info in sorted(infos, key=lambda i: i.filename):
            name = _member_name(info)
            parts = PurePosixPath(name).parts
            if any(p.startswith(".") or p == "__MACOSX" for p in parts):
                skipped.append(f"{item.name}/{name}")
                continue
            member = PurePosixPath(name)
            doc_id = f"{stem}/{member.with_suffix('').as_posix()}"
            where = f"{item.name}/{name}"
            yield Item(
                where,
                doc_id,
                member.suffix.lower(),
                _reader(zf, info, limits, where),
                depth=item.depth + 1,
            )

    return members()
