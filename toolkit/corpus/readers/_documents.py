"""Formatted documents: PDF (text layer, one document per page), Word ``.docx`` and HTML pages
(main text without navigation, title and date from the page's metadata).

Libraries, chosen by measurement (``benchmarks/bench_readers.py``): pypdf (BSD) for PDF,
python-docx (MIT) for DOCX, trafilatura (Apache-2.0) for HTML. They are imported only when a
file of their kind is read; a missing one is reported per file with the ``pip install`` line.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd

from toolkit.corpus.dates import parse_dates
from toolkit.corpus.encoding import DecodeError
from toolkit.corpus.readers._report import Item, LoadReport
from toolkit.corpus.readers._text import date_from_name

__all__ = ["DOCUMENT_SUFFIXES", "read_document"]

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".xhtml"}
_PACKAGES = {".pdf": "pypdf", ".docx": "python-docx", ".html": "trafilatura"}


def _missing_library(item: Item, report: LoadReport, module: str) -> tuple[list, int]:
    package = _PACKAGES.get(item.suffix, _PACKAGES[".html"])
    report.add(
        item.name,
        "missing library",
        f"reading {item.suffix} files needs {module}: pip install {package} "
        "(a dependency of the toolkit: reinstall it)",
    )
    return [], 1


def _base(item: Item, fmt: str, title: str) -> dict:
    date, year = date_from_name(item.doc_id)
    return {"title": title, "date": date, "year": year, "format": fmt}


def _identity_encoding(page) -> None:
    """Declare an embedded Identity CMap as ``/Identity-H``: some writers (fpdf2) embed the
    2-byte identity encoding as a CMap stream, which pypdf reads as 1-byte codes (a NUL after
    every character and wrong characters after the 255th glyph). The two are the same
    encoding, so the page's fonts are told so before extraction."""
    from pypdf.generic import NameObject

    fonts = page.get("/Resources", {}).get("/Font", {})
    for ref in fonts.values():
        font = ref.get_object()
        encoding = font.get("/Encoding")
        if font.get("/Subtype") != "/Type0" or encoding is None or isinstance(encoding, NameObject):
            continue
        info = encoding.get_object().get("/CIDSystemInfo", {})
        if info.get("/Ordering") == "Identity":
            font[NameObject("/Encoding")] = NameObject("/Identity-H")


def pdf_texts(data: bytes) -> tuple[list[str], str]:
    """Text of every page and the document title (pypdf); raises pypdf's errors."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted and reader.decrypt("") == 0:
        raise DecodeError("encrypted PDF", "the PDF needs a password")
    texts = []
    for page in reader.pages:
        _identity_encoding(page)
        texts.append(page.extract_text() or "")
    meta = reader.metadata
    title = str(meta.title).strip() if meta is not None and meta.title else ""
    return texts, title


def read_pdf(item: Item, data: bytes, report: LoadReport, *, pages: bool) -> tuple[list, int]:
    """One document per page (``page`` column, ``doc_id`` ``name#p3``) or, with
    ``pages=False``, one per file (``pages`` column) — each with the PDF's own title."""
    try:
        import pypdf  # noqa: F401
    except ImportError:
        return _missing_library(item, report, "pypdf")
    try:
        texts, title = pdf_texts(data)
    except DecodeError as e:
        report.add(item.name, e.reason, e.detail)
        return [], 1
    except Exception as e:  # noqa: BLE001 - pypdf raises many types for damaged files
        report.add(item.name, "unreadable PDF", f"{type(e).__name__}: {e}".splitlines()[0])
        return [], 1
    if not any(t.strip() for t in texts):
        report.add(
            item.name,
            "no text layer",
            f"{len(texts)} page(s) without text: a scanned PDF? run OCR first "
            "(e.g. ocrmypdf --language chi_sim) and read the result",
        )
        return [], 1
    base = _base(item, "pdf", title)
    bad = {n for n, t in enumerate(texts, start=1) if "\x00" in t}
    if not pages:
        if bad:
            report.add(item.name, "unreadable text layer", f"page(s) {sorted(bad)}: {_GARBLED}")
            return [], 1
        text = "\n\n".join(t.strip() for t in texts if t.strip())
        return [{**base, "doc_id": item.doc_id, "text": text, "pages": len(texts)}], 1
    records = []
    for n, text in enumerate(texts, start=1):
        if n in bad:
            report.add(item.name, "unreadable text layer", f"page {n}: {_GARBLED}", line=n)
        elif not text.strip():
            report.add(item.name, "empty page", f"page {n} has no text layer", line=n)
        else:
            records.append(
                {
                    **base,
                    "doc_id": f"{item.doc_id}#p{n}",
                    "text": text,
                    "page": n,
                    "parent_id": item.doc_id,
                }
            )
    return records, len(texts)


_GARBLED = "its font encoding cannot be read (NUL characters in the text); convert the PDF first"


def read_docx(item: Item, data: bytes, report: LoadReport) -> tuple[list, int]:
    """Paragraphs and table cells of a Word file, in order; title from its properties."""
    try:
        import docx
    except ImportError:
        return _missing_library(item, report, "python-docx")
    try:
        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append("\t".join(cell.text for cell in row.cells))
        title = (document.core_properties.title or "").strip()
    except Exception as e:  # noqa: BLE001 - zip, XML and docx errors
        report.add(item.name, "unreadable DOCX", f"{type(e).__name__}: {e}".splitlines()[0])
        return [], 1
    text = "\n".join(parts).strip()
    if not text:
        report.add(item.name, "empty", "the document has no text")
        return [], 1
    return [{**_base(item, "docx", title), "doc_id": item.doc_id, "text": text}], 1


def read_html(item: Item, data: bytes, report: LoadReport, decode: Callable) -> tuple[list, int]:
    """Main text of a page (navigation, menus, footers and comments left out) with the title
    and date from its metadata (``<title>``, ``og:`` and ``article:`` tags, JSON-LD…)."""
    try:
        import trafilatura
    except ImportError:
        return _missing_library(item, report, "trafilatura")
    got = decode(data)
    try:
        doc = trafilatura.bare_extraction(
            got.text, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as e:  # noqa: BLE001 - lxml and trafilatura errors
        report.add(item.name, "unreadable HTML", f"{type(e).__name__}: {e}".splitlines()[0])
        return [], 1
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        report.add(item.name, "empty", "no main text found in the page")
        return [], 1
    record = {
        **_base(item, "html", (doc.title or "").strip()),
        "doc_id": item.doc_id,
        "text": text,
        "encoding": got.encoding,
        "encoding_confidence": got.confidence,
    }
    if doc.date:
        date, year, problems = parse_dates([doc.date], field="date")
        if not problems and not pd.isna(year.iloc[0]):
            record["date"], record["year"] = date.iloc[0], int(year.iloc[0])
    if doc.url:
        record["url"] = doc.url
    return [record], 1


def read_document(
    item: Item, data: bytes, report: LoadReport, decode: Callable, *, pdf_pages: bool
) -> tuple[list, int]:
    """``(records, units)`` of a PDF, DOCX or HTML file."""
    if item.suffix == ".pdf":
        return read_pdf(item, data, report, pages=pdf_pages)
    if item.suffix == ".docx":
        return read_docx(item, data, report)
    return read_html(item, data, report, decode)
