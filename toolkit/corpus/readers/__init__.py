"""Read corpora from files: dated-news and plain ``.txt``, tables (``.jsonl``, ``.json``,
``.csv``, ``.tsv``, ``.parquet``), documents (``.pdf``, ``.docx``, ``.html``), ``.zip``
archives of any of these, and folders of all of them.

Nothing is lost silently: every file, row, page or archive member either loads or is listed in
``corpus.load_report`` (``path``, ``line``, ``reason``, ``detail``) with a warning, and
``strict=True`` raises :class:`LoadError` naming it instead; ``units in = loaded + reported``
is checked for every file. ``corpus.info["load_counts"]`` has the totals and
``corpus.info["skipped"]`` the hidden files and folders that were not read.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

from toolkit._progress import progress_bar
from toolkit.corpus.encoding import LOW_CONFIDENCE, DecodeError
from toolkit.corpus.model import Corpus
from toolkit.corpus.readers._archive import ARCHIVE_SUFFIXES, ArchiveLimits, archive_items
from toolkit.corpus.readers._build import build_docs
from toolkit.corpus.readers._documents import DOCUMENT_SUFFIXES, read_document
from toolkit.corpus.readers._report import (
    REPORT_COLUMNS,
    Item,
    LoadReport,
    combine_reports,
    warn_not_loaded,
)
from toolkit.corpus.readers._tables import TABLE_SUFFIXES, Fields, read_table
from toolkit.corpus.readers._text import decode_item, text_record
from toolkit.corpus.readers._walk import glob_regex, walk
from toolkit.errors import (
    ArgumentError,
    FileMissingError,
    LoadError,
    ToolkitWarning,
)
from toolkit.text.normalize import NormalizeSettings

__all__ = [
    "ARCHIVE_SUFFIXES",
    "DOCUMENT_SUFFIXES",
    "LoadError",
    "REPORT_COLUMNS",
    "TABLE_SUFFIXES",
    "combine_reports",
    "read_corpus",
    "warn_not_loaded",
]

_MAGIC = ((b"%PDF-", ".pdf"), (b"PK\x03\x04", ".zip"))


def _encoding_for(item: Item, encoding: str | Mapping[str, str] | None) -> str | None:
    if encoding is None or isinstance(encoding, str):
        return encoding
    tail = item.name
    for pattern, codec in encoding.items():
        rx = glob_regex(pattern)
        if any(
            rx.fullmatch(tail[i:]) for i in [0, *(k + 1 for k, c in enumerate(tail) if c == "/")]
        ):
            return codec
    return None


def _sniff(item: Item, data: bytes) -> str:
    """The suffix that decides the reader: the file's own when it is a known one, else what
    its first bytes say (PDF, ZIP or Word file, HTML page), else text."""
    if item.suffix in TABLE_SUFFIXES | DOCUMENT_SUFFIXES | ARCHIVE_SUFFIXES:
        return item.suffix
    for magic, suffix in _MAGIC:
        if data.startswith(magic):
            if suffix == ".zip":
                import zipfile

                try:
                    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
                except (zipfile.BadZipFile, OSError, ValueError):
                    return suffix
                return ".docx" if "word/document.xml" in names else suffix
            return suffix
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return ".html"
    return item.suffix


class _Run:
    """One ``read_corpus`` call: options, report, records, warnings to give."""

    def __init__(self, *, fields, encoding, strict, pdf_pages, limits) -> None:
        self.fields, self.encoding, self.pdf_pages = fields, encoding, pdf_pages
        self.report = LoadReport(strict)
        self.limits = limits
        self.records: list[dict] = []
        self.low: list[str] = []
        self.skipped: list[str] = []

    def read(self, item: Item) -> None:
        before = len(self.report.rows)
        try:
            data = item.read()
        except DecodeError as e:
            self.report.add(item.name, e.reason, e.detail)
            self.report.account(item.name, 1, 0, before)
            return
        except Exception as e:  # noqa: BLE001 - OSError, zipfile's CRC and format errors
            self.report.add(item.name, "unreadable", f"{type(e).__name__}: {e}".splitlines()[0])
            self.report.account(item.name, 1, 0, before)
            return
        suffix = _sniff(item, data)
        if suffix != item.suffix:
            item = Item(item.name, item.doc_id, suffix, lambda: data, item.depth)
        if suffix in ARCHIVE_SUFFIXES:
            members = archive_items(item, data, self.report, self.limits, self.skipped)
            if members is None:
                self.report.account(item.name, 1, 0, before)
                return
            for member in members:
                self.read(member)
            return
        codec = _encoding_for(item, self.encoding)

        def decode(raw: bytes):
            got = decode_item(raw, codec)
            if got.confidence < LOW_CONFIDENCE:
                self.low.append(f"{item.name} ({got.encoding}, {got.confidence:.2f})")
            return got

        try:
            if suffix in TABLE_SUFFIXES:
                records, units, facts = read_table(item, data, decode, self.fields, self.report)
            elif suffix in DOCUMENT_SUFFIXES:
                records, units = read_document(
                    item, data, self.report, decode, pdf_pages=self.pdf_pages
                )
                facts = {}
            else:
                got = decode(data)
                records, units = [text_record(got.text, item.doc_id)], 1
                facts = {"encoding": got.encoding, "encoding_confidence": got.confidence}
        except DecodeError as e:
            self.report.add(item.name, e.reason, e.detail)
            records, units, facts = [], 1, {}
        except ArgumentError as e:  # text_record: "reason: detail"
            reason, _, detail = str(e).partition(": ")
            self.report.add(item.name, reason, detail)
            records, units, facts = [], 1, {}
        for r in records:
            for key, value in facts.items():
                r.setdefault(key, value)
            r.setdefault("source", item.name)
        self.records += records
        self.report.account(item.name, units, len(records), before)


def read_corpus(
    path: str | Path | Sequence[str | Path],
    *,
    glob: str = "**/*",
    text: str | None = None,
    date: str | None = None,
    year: str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    records: str | None = None,
    date_format: str | None = None,
    encoding: str | Mapping[str, str] | None = None,
    language: str = "auto",
    normalize: bool | NormalizeSettings = True,
    include_title: bool = True,
    pdf_pages: bool = True,
    max_archive_mb: int = 1024,
    max_archive_members: int = 10_000,
    strict: bool = False,
    name: str | None = None,
) -> Corpus:
    """Read a file or a folder (recursively) into a :class:`Corpus`.

    ``.txt`` files in the dated-news format (first line `` date YYYY-MM-DD Title``) get their date
    and title from the header; other ``.txt`` files get ``doc_id`` from the file name and a date
    parsed from names like ``1790-Washington-1`` or ``2023-06-14-report``. Tables use the field
    mapping ``text``/``date``/``year``/``title``/``doc_id`` and keep their values as written
    (CSV/TSV cells are strings). PDF files give one document per page (``page``,
    ``parent_id``); DOCX and HTML files one document each, titled from their metadata (HTML:
    main text only, date from the page's metadata). ZIP archives are read member by member.
    Every other file in a folder is tried as text; PDF, ZIP and HTML are recognised by their
    first bytes whatever their name.

    Parameters
    ----------
    path : Path, str or a list of them
        A file, a folder, or several.
    glob : str
        Pattern for files inside folders, ``**/`` spanning folders (default: every file;
        hidden files and folders are skipped and listed in ``info["skipped"]``).
    text, date, year, title, doc_id : str, optional
        Field names in tables (text defaults to ``text``, ``content`` or ``body``; date, year,
        title and doc_id to the fields of those names). ``date`` and ``year`` never erase each
        other: a row whose two disagree is reported.
    records : str, optional
        ``.json`` files: dotted path to the list of records (e.g. ``"data.items"``).
    date_format : str, optional
        :func:`datetime.strptime` format of the date field when it is not ISO or Chinese.
    encoding : str or mapping, optional
        Codec of every file, or ``{glob: codec}`` per file (matched against the end of the
        path, e.g. ``{"old/*.txt": "big5"}``); the rest is detected. Detected codecs and their
        confidence are in ``docs["encoding"]`` and ``docs["encoding_confidence"]``; a
        confidence below 0.9 gives a warning.
    language : {"auto", "en", "zh"}
        Language of documents without a ``language`` field (auto-detected by default).
    normalize : bool or NormalizeSettings
        Text normalisation (original kept in ``docs["original"]``).
    include_title : bool
        Make each document's title (news header, table field, PDF/DOCX/HTML metadata) the first
        paragraph of its text, unless the text already starts with it, so headlines are counted;
        ``docs["title"]`` keeps it too. A PDF's title heads its first page only.
    pdf_pages : bool
        One document per PDF page (default) or one per PDF (with a ``pages`` count).
    max_archive_mb, max_archive_members : int
        Bounds on what ZIP archives may expand to in one call (zip-bomb protection).
    strict : bool
        Raise :class:`LoadError` on the first file, row or page that cannot be loaded.
    name : str, optional
        Corpus name for provenance (default: the folder or file name).

    Returns
    -------
    Corpus
        With ``load_report`` listing every file, row, page or member not loaded, and
        ``source``, ``format``, ``encoding`` and ``encoding_confidence`` columns.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text(" date 2023-06-14 Study session\\n\\nBody text.")
    >>> c = read_corpus(d)
    >>> c.docs[["doc_id", "title", "year", "encoding"]].values.tolist()
    [['a', 'Study session', 2023, 'utf-8']]
    """
    items = [path] if isinstance(path, (str, Path)) else list(path)
    paths = [Path(p).expanduser() for p in items]
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise FileMissingError(f"no such file or folder: {p}")
    if max_archive_mb < 1 or max_archive_members < 1:
        raise ArgumentError("max_archive_mb and max_archive_members must be >= 1")
    run = _Run(
        fields=Fields(text, title, doc_id, date, year, date_format, records),
        encoding=encoding,
        strict=strict,
        pdf_pages=pdf_pages,
        limits=ArchiveLimits(max_archive_mb << 20, max_archive_members),
    )
    for root in paths:
        for item in progress_bar(
            walk(root, glob, run.report, run.skipped), desc="reading", unit="file"
        ):
            run.read(item)
    report = run.report
    # entries of the folder walk (dangling links, loops, unreadable folders) are units too
    walked = len(report.rows) - (report.units_in - report.loaded)
    report.units_in += walked
    if not run.records:
        rows = report.frame().head(5).to_dict("records")
        raise LoadError(
            f"nothing could be loaded from {', '.join(map(str, paths))}; "
            f"{len(report.rows)} problem(s), first: {rows}"
        )
    docs, renamed = build_docs(
        run.records, language=language, normalize=normalize, include_title=include_title
    )
    corpus = Corpus(docs, name=name or paths[0].name, load_report=report.frame())
    corpus.info = {
        "reader": "read_corpus",
        "paths": [str(p) for p in paths],
        "glob": glob,
        "load_counts": report.summary(),
        "skipped": run.skipped,
    }
    warn_not_loaded(corpus.load_report, paths[0])
    if run.low:
        warnings.warn(
            f"encoding guessed with low confidence for {len(run.low)} file(s): "
            f"{', '.join(run.low[:3])}; check docs['encoding'] or pass encoding=",
            ToolkitWarning,
            stacklevel=2,
        )
    if renamed:
        warnings.warn(
            f"{len(renamed)} duplicate doc_id(s) got a #n suffix: {', '.join(renamed[:3])}",
            ToolkitWarning,
            stacklevel=2,
        )
    return corpus
