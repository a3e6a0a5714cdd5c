"""Byte-reproducible, provenance-stamped, atomic figure saving (PNG, PDF, SVG)."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from toolkit._files import atomic_path
from toolkit.config import options
from toolkit.errors import ArgumentError, InputError

from .._version import __version__
from ._common import figure_note
from .style import house_rc

__all__ = ["FORMATS", "make_provenance", "provenance_record", "read_provenance", "save_figure"]

#: Formats save_figure can write.
FORMATS: tuple[str, ...] = ("png", "pdf", "svg")
PNG_KEY = "Provenance"
_SAVE_RC_PREFIXES = ("savefig.", "pdf.", "svg.")


def _jsonable(obj: Any, where: str = "provenance") -> Any:
    """Convert ``obj`` to plain JSON types (str keys; numpy/pandas/datetime/Path values)."""
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v, f"{where}[{k!r}]") for k, v in obj.items()}
    if isinstance(obj, set | frozenset):
        return sorted((_jsonable(v, where) for v in obj), key=lambda v: json.dumps(v))
    if isinstance(obj, list | tuple | np.ndarray | pd.Index | pd.Series):
        return [_jsonable(v, where) for v in list(obj)]
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, pd.Timestamp | _dt.datetime | _dt.date):
        return obj.isoformat()
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    raise InputError(
        f"{where}: value of type {type(obj).__name__} cannot be stored as provenance JSON"
    )


def make_provenance(
    corpus: Any = None,
    *,
    function: str | None = None,
    parameters: Mapping[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Build a provenance dict for :func:`save_figure`.

    Parameters
    ----------
    corpus : str or object with ``name`` and ``sha256`` attributes, optional
        A :class:`toolkit.Corpus` (or its name).
    function : str, optional
        The analysis that produced the plotted data, e.g. ``"toolkit.keyness"``.
    parameters : mapping, optional
        Its parameters (stored as JSON with sorted keys).
    **extra
        Any further JSON-serialisable fields.

    Returns
    -------
    dict

    Examples
    --------
    >>> make_provenance("gwr", function="toolkit.ngrams", parameters={"n": 2})
    {'corpus': 'gwr', 'function': 'toolkit.ngrams', 'parameters': {'n': 2}}
    """
    out: dict[str, Any] = {}
    if corpus is not None:
        if isinstance(corpus, str):
            out["corpus"] = corpus
        else:
            out["corpus"] = getattr(corpus, "name", None)
            sha = getattr(corpus, "sha256", None)
            if sha is not None:
                out["corpus_sha256"] = sha
    if function is not None:
        out["function"] = function
    if parameters is not None:
        out["parameters"] = _jsonable(dict(parameters), "parameters")
    out.update(_jsonable(extra))
    return out


def provenance_record(
    fig: Figure, name: str, provenance: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The full provenance stored by :func:`save_figure` (versions, figure note, caller's dict).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> rec = provenance_record(Figure(), "demo", {"corpus": "sotu"})
    >>> rec["figure"], rec["corpus"]
    ('demo', 'sotu')
    """
    caller = dict(provenance or {})
    corpus = caller.get("corpus")
    if corpus is not None and not isinstance(corpus, str):
        caller.update(make_provenance(corpus))
    record: dict[str, Any] = {
        "toolkit_version": __version__,
        "matplotlib_version": mpl.__version__,
        "figure": name,
    }
    record.update(figure_note(fig))
    record.update(caller)
    return _jsonable(record)


def _dumps(record: Mapping[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _metadata(fmt: str, name: str, record: dict[str, Any]) -> dict[str, Any]:
    text = _dumps(record)
    software = f"toolkit {__version__} (matplotlib {mpl.__version__})"
    corpus, sha = record.get("corpus"), record.get("corpus_sha256")
    keywords = ["toolkit", f"toolkit={__version__}"]
    if corpus:
        keywords.append(f"corpus={corpus}")
    if sha:
        keywords.append(f"sha256={sha}")
    if record.get("function"):
        keywords.append(f"function={record['function']}")
    plots = record.get("plot", [])
    for call in plots if isinstance(plots, list) else [plots]:
        keywords.append(f"plot={call['function']}")
    if fmt == "png":
        md = {"Title": name, "Software": software, PNG_KEY: text}
        if corpus:
            md["Source"] = f"{corpus} sha256={sha}" if sha else str(corpus)
        return md
    if fmt == "pdf":
        return {
            "Title": name,
            "Subject": text,
            "Keywords": "; ".join(keywords),
            "Creator": software,
            "CreationDate": None,
            "ModDate": None,
        }
    md = {"Title": name, "Description": text, "Creator": software, "Date": None}
    md["Keywords"] = keywords
    if corpus:
        md["Source"] = str(corpus)
    if sha:
        md["Identifier"] = f"sha256:{sha}"
    return md


def _formats(formats: str | Iterable[str], svg: bool) -> list[str]:
    items = [formats] if isinstance(formats, str) else list(formats)
    out: list[str] = []
    for f in [*items, *(["svg"] if svg else [])]:
        fmt = str(f).lower().lstrip(".")
        if fmt not in FORMATS:
            raise ArgumentError(f"formats: unsupported format {f!r}; choose from {list(FORMATS)}")
        if fmt not in out:
            out.append(fmt)
    if not out:
        raise ArgumentError("formats: give at least one of png, pdf, svg")
    return out


def save_figure(
    fig: Figure,
    name: str,
    *,
    formats: str | Iterable[str] = ("png", "pdf"),
    svg: bool = False,
    directory: str | os.PathLike[str] | None = None,
    provenance: Mapping[str, Any] | None = None,
    dpi: float = 300,
) -> list[Path]:
    """Save ``fig`` atomically, byte-reproducibly, with provenance in the file metadata.

    Each file is written to a temporary file in ``directory`` and moved into place with
    :func:`os.replace` (:func:`toolkit._files.atomic_path`), so readers never see a half-written figure and an old file is replaced
    whole. No timestamps are written (PDF CreationDate/ModDate and SVG Date are omitted, SVG ids
    use a fixed ``svg.hashsalt``), so the same figure saved twice gives identical bytes.

    The provenance JSON (sorted keys) holds the toolkit and matplotlib versions, the figure
    name, under ``"plot"`` the toolkit plot function, its parameters and a sha256 of the
    plotted DataFrame (when the figure came from :mod:`toolkit.plot`), and the caller's
    ``provenance`` dict at the top level (e.g. ``corpus``, ``corpus_sha256``, the analysis
    ``function`` and its ``parameters``; see :func:`make_provenance`). It is stored in a PNG text chunk ``Provenance``, the PDF Info
    ``Subject`` (with a readable summary in ``Keywords``) and the SVG ``dc:description``; read
    it back with :func:`read_provenance`.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    name : str
        File stem (no directory part, no extension).
    formats : str or iterable of {"png", "pdf", "svg"}
        Formats to write.
    svg : bool
        Also write SVG.
    directory : path-like, optional
        Output directory (created if missing); default ``$TOOLKIT_FIGURES`` or ``figures``.
        When ``$TOOLKIT_NOTEBOOK`` is set (``make figures`` sets it), its value is recorded as
        the provenance's ``notebook``.
    provenance : mapping, optional
        Caller's provenance; a ``"corpus"`` value may be a Corpus object (its ``name`` and
        ``sha256`` are stored).
    dpi : float
        Resolution of raster output.

    Returns
    -------
    list of pathlib.Path
        The written files, in format order.

    Examples
    --------
    >>> import tempfile
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1.5)); _ = fig.add_subplot().plot([0, 1], [1, 0])
    >>> out = tempfile.mkdtemp()
    >>> paths = save_figure(fig, "demo", directory=out, provenance={"corpus": "sotu"})
    >>> [p.name for p in paths]
    ['demo.png', 'demo.pdf']
    >>> read_provenance(paths[1])["corpus"]
    'sotu'
    """
    if not isinstance(fig, Figure):
        raise InputError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(name, str) or not name.strip() or name in {".", ".."}:
        raise ArgumentError(f"name must be a non-empty file stem, got {name!r}")
    if "/" in name or "\\" in name or os.sep in name:
        raise ArgumentError(f"name must not contain a directory part, got {name!r}")
    if float(dpi) <= 0:
        raise ArgumentError(f"dpi must be positive, got {dpi!r}")
    fmts = _formats(formats, svg)
    notebook = options.notebook
    if notebook and (provenance is None or "notebook" not in provenance):
        provenance = {**(provenance or {}), "notebook": notebook}
    record = provenance_record(fig, name, provenance)
    out_dir = Path(directory or options.figures_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    save_rc = {k: v for k, v in house_rc().items() if k.startswith(_SAVE_RC_PREFIXES)}
    if save_rc.get("svg.hashsalt") is None:
        save_rc["svg.hashsalt"] = "toolkit"
    written: list[Path] = []
    for fmt in fmts:
        final = out_dir / f"{name}.{fmt}"
        with atomic_path(final) as tmp, mpl.rc_context(save_rc):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_metadata(fmt, name, record))
        written.append(final)
    return written


# ----------------------------------------------------------------------------- reading back

_PDF_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}


def _pdf_literal(data: bytes, start: int) -> tuple[bytes, int]:
    """Parse a PDF literal string whose '(' is at ``start``; return (bytes, end index)."""
    out, depth, i = bytearray(), 1, start + 1
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash
            nxt = data[i + 1]
            if nxt in _PDF_ESCAPES:
                out.append(_PDF_ESCAPES[nxt])
                i += 2
            elif 0x30 <= nxt <= 0x37:
                m = re.match(rb"[0-7]{1,3}", data[i + 1 : i + 4])
                out.append(int(m.group(), 8) & 0xFF)
                i += 1 + len(m.group())
            elif nxt in (0x0A, 0x0D):  # line continuation
                i += 2
            else:
                out.append(nxt)
                i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    raise ArgumentError("unterminated PDF string")


def _pdf_text(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")


def _pdf_info(data: bytes) -> dict[str, str]:
    refs = re.findall(rb"/Info\s+(\d+)\s+(\d+)\s+R", data)
    if not refs:
        return {}
    num, gen = refs[-1]
    m = re.search(rb"(?:^|[\r\n\s])" + num + rb"\s+" + gen + rb"\s+obj\b", data)
    if m is None:
        return {}
    end = data.find(b"endobj", m.end())
    body = data[m.end() : end if end != -1 else len(data)]
    info: dict[str, str] = {}
    i = 0
    while True:
        k = re.compile(rb"/([A-Za-z0-9_]+)\s*\(").search(body, i)
        if k is None:
            break
        raw, i = _pdf_literal(body, k.end() - 1)
        info[k.group(1).decode("ascii")] = _pdf_text(raw)
    return info


def _svg_description(path: Path) -> str | None:
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    node = root.find(".//{http://purl.org/dc/elements/1.1/}description")
    return None if node is None else node.text


def read_provenance(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read the provenance written by :func:`save_figure` from a PNG, PDF or SVG file.

    Parameters
    ----------
    path : path-like
        A file written by :func:`save_figure`.

    Returns
    -------
    dict
        The provenance record (see :func:`save_figure`).

    Raises
    ------
    ValueError
        If the file is not PNG/PDF/SVG or carries no toolkit provenance.

    Examples
    --------
    >>> import tempfile
    >>> from matplotlib.figure import Figure
    >>> d = tempfile.mkdtemp()
    >>> [png] = save_figure(Figure(), "empty", formats="png", directory=d,
    ...                     provenance={"corpus": "gwr", "corpus_sha256": "ab12"})
    >>> read_provenance(png)["corpus_sha256"]
    'ab12'
    """
    p = Path(path)
    with open(p, "rb") as fh:
        head = fh.read(512)
    text: str | None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        from PIL import Image

        with Image.open(p) as im:
            im.load()
            text = im.text.get(PNG_KEY)
    elif head.startswith(b"%PDF"):
        text = _pdf_info(p.read_bytes()).get("Subject")
    elif b"<svg" in head or head.lstrip().startswith(b"<?xml"):
        text = _svg_description(p)
    else:
        raise ArgumentError(f"{p}: not a PNG, PDF or SVG file")
    if not text:
        raise ArgumentError(f"{p}: no toolkit provenance found in the file metadata")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArgumentError(f"{p}: provenance metadata is not toolkit JSON") from exc
    if not isinstance(record, dict) or "toolkit_version" not in record:
        raise ArgumentError(f"{p}: metadata is not a toolkit provenance record")
    return record
