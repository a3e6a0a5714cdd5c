"""On-disk cache of :class:`~toolkit.Tokens` in the user cache folder.

An entry is keyed by the fingerprint of the corpus text (``corpus.text_sha256``), the settings
(``TokenizeSettings.as_dict()``) and a fingerprint of the tokenizer code and segmenter version,
so a second run over the same corpus skips segmentation. Each entry is two files in
``<cache_dir()>/tokens/``: ``<key>.npz`` (``vocab`` as a unicode array, ``ids``, ``offsets``,
``sentence_starts`` and ``gaps``) and ``<key>.json`` (metadata with the sha256 of the ``.npz`` payload).
An entry that fails any check — checksum, JSON, array shapes, key — is deleted, reported with a
warning and rebuilt; it is never used.

Environment: ``TOOLKIT_CACHE`` moves the cache folder; ``TOOLKIT_NO_CACHE=1`` turns the disk
cache off; ``TOOLKIT_CACHE_MIN_CHARS`` sets the corpus size (in characters, default 50,000) below
which tokenizing is cheaper than caching and the disk is not used; ``TOOLKIT_CACHE_MAX_MB``
(default 2048) caps the cache, least recently used entries being deleted first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import time
import warnings
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from toolkit._files import STALE_AFTER, atomic_path, atomic_write, is_temp_file, stale_temp_files
from toolkit.config import options
from toolkit.corpus.fetch import cache_dir, file_sha256
from toolkit.errors import ToolkitWarning
from toolkit.text.tokenize import TokenizeSettings
from toolkit.tokenized._core import PAD, Tokens

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.corpus.model import Corpus

__all__ = [
    "CacheCorruptionWarning",
    "cache_enabled",
    "cache_info",
    "cache_key",
    "clear_cache",
    "evict",
    "load_tokens",
    "save_tokens",
    "tokens_cache_dir",
]

FORMAT_VERSION = 2
_TOKENIZER_MODULES = (
    "text/tokenize.py",
    "text/engine.py",
    "text/words.py",
    "text/segment.py",
    "text/stopwords.py",
    "text/language.py",
    "text/normalize.py",
    "tokenized/build.py",
    "tokenized/_stream.py",
)
_ARRAYS = ("vocab", "ids", "offsets", "sentence_starts", "gaps")
log = logging.getLogger("toolkit.cache")


class CacheCorruptionWarning(ToolkitWarning):
    """A cache entry failed its checks; it was deleted and will be rebuilt."""


class _Corrupt(Exception):
    pass


def tokens_cache_dir() -> Path:
    """Folder holding the token cache: ``<cache_dir()>/tokens`` (``TOOLKIT_CACHE`` moves it)."""
    return cache_dir() / "tokens"


def cache_enabled(corpus: Corpus) -> bool:
    """Whether :meth:`Corpus.tokens` may use the disk cache for this corpus.

    True when ``TOOLKIT_NO_CACHE`` is not set, the corpus has a name (registry corpora and
    corpora read from files; ad-hoc ``from_texts`` corpora have none) and its text is at least
    ``TOOLKIT_CACHE_MIN_CHARS`` characters long.

    Examples
    --------
    >>> from toolkit.corpus.model import Corpus
    >>> cache_enabled(Corpus.from_texts(["too small and unnamed"]))
    False
    """
    if not options.token_cache or not corpus.name or len(corpus) == 0:
        return False
    return sum(map(len, corpus.texts)) >= options.cache_min_chars


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Hash of the tokenizer source files and the segmenter version (changes invalidate)."""
    from importlib import metadata

    h = hashlib.sha256()
    here = Path(__file__).resolve().parent.parent
    for name in _TOKENIZER_MODULES:
        path = here / name
        h.update(path.read_bytes() if path.is_file() else name.encode())
    for dist in ("rjieba", "toolkit-rhetoric"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?".encode())
    return h.hexdigest()


def cache_key(corpus_sha256: str, settings: TokenizeSettings) -> str:
    """Cache key: sha256 over format version, code fingerprint, corpus sha256 and settings.

    Examples
    --------
    >>> len(cache_key("0" * 64, TokenizeSettings()))
    64
    """
    payload = {
        "format": FORMAT_VERSION,
        "code": _code_fingerprint(),
        "corpus": corpus_sha256,
        "settings": settings.as_dict(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _paths(key: str) -> tuple[Path, Path]:
    folder = tokens_cache_dir()
    return folder / f"{key}.npz", folder / f"{key}.json"


def _remove(key: str) -> None:
    for p in _paths(key):
        p.unlink(missing_ok=True)


def save_tokens(corpus: Corpus, tokens: Tokens) -> Path:
    """Write ``tokens`` (made from ``corpus``) to the cache; returns the ``.npz`` path.

    Files are written to temporary names and renamed, so a crash never leaves a half entry
    that looks complete.
    """
    key = cache_key(corpus.text_sha256, tokens.settings)
    npz, meta_path = _paths(key)
    npz.parent.mkdir(parents=True, exist_ok=True)
    arrays = {
        "vocab": np.asarray(tokens.vocab, dtype=str),
        "ids": np.asarray(tokens.ids, dtype=np.int32),
        "offsets": np.asarray(tokens.offsets, dtype=np.int64),
        "sentence_starts": np.asarray(
            tokens.sentence_starts if tokens.sentence_starts is not None else [], dtype=np.int64
        ),
        "gaps": np.asarray(tokens.gaps if tokens.gaps is not None else [], dtype=np.int64),
    }
    with atomic_path(npz, fsync=False) as tmp:
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)
        meta = {
            "format": FORMAT_VERSION,
            "key": key,
            "corpus": corpus.name,
            "corpus_sha256": corpus.text_sha256,
            "unit": corpus.unit,
            "settings": tokens.settings.as_dict(),
            "has_sentences": tokens.sentence_starts is not None,
            "has_gaps": tokens.gaps is not None,
            "docs": len(tokens),
            "tokens": tokens.n_tokens,
            "types": len(tokens.vocab),
            "payload_sha256": file_sha256(Path(tmp)),
            "payload_bytes": os.path.getsize(tmp),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
    atomic_write(meta_path, json.dumps(meta, ensure_ascii=False, indent=1))
    return npz


#: The metadata fields and their types: a file with another type in any of them is corrupt.
_META_TYPES: dict[str, tuple[type, ...]] = {
    "key": (str,),
    "payload_sha256": (str,),
    "docs": (int,),
    "tokens": (int,),
    "settings": (dict,),
    "has_sentences": (bool,),
    "has_gaps": (bool,),
}
_OPTIONAL_TYPES: dict[str, tuple[type, ...]] = {
    "corpus": (str, type(None)),
    "corpus_sha256": (str,),
    "unit": (str, type(None)),
    "types": (int,),
    "payload_bytes": (int,),
    "created": (str,),
}


def _read_meta(meta_path: Path) -> dict:
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise _Corrupt(f"unreadable metadata ({type(e).__name__})") from None
    if not isinstance(meta, dict) or any(k not in meta for k in _META_TYPES):
        raise _Corrupt("metadata lacks required fields")
    for fields, required in ((_META_TYPES, True), (_OPTIONAL_TYPES, False)):
        for name, types in fields.items():
            if name not in meta and not required:
                continue
            value = meta[name]
            if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                raise _Corrupt(f"metadata field {name!r} is {type(value).__name__}")
    if "created" in meta:
        try:
            pd.Timestamp(meta["created"])
        except ValueError:
            raise _Corrupt("metadata field 'created' is not a date") from None
    return meta


def _verify(key: str) -> tuple[dict, dict[str, np.ndarray]]:
    """Read and fully check one entry; raises ``_Corrupt`` with the reason."""
    try:
        return _verify_entry(key)
    except (TypeError, ValueError, KeyError, IndexError, OverflowError) as e:  # never fatal
        raise _Corrupt(f"unusable entry ({type(e).__name__})") from None


def _verify_entry(key: str) -> tuple[dict, dict[str, np.ndarray]]:
    npz, meta_path = _paths(key)
    if not meta_path.is_file():
        raise _Corrupt("metadata file missing")
    meta = _read_meta(meta_path)
    if meta["key"] != key:
        raise _Corrupt("metadata belongs to another key")
    if not npz.is_file():
        raise _Corrupt("payload file missing")
    if file_sha256(npz) != meta["payload_sha256"]:
        raise _Corrupt("payload checksum mismatch")
    try:
        with np.load(npz, allow_pickle=False) as z:
            arrays = {name: z[name] for name in _ARRAYS}
    except Exception as e:
        raise _Corrupt(f"unreadable payload ({type(e).__name__})") from None
    vocab, ids, offsets = arrays["vocab"], arrays["ids"], arrays["offsets"]
    ok = (
        vocab.dtype.kind == "U"
        and ids.dtype == np.int32
        and offsets.dtype == np.int64
        and len(offsets) == meta["docs"] + 1
        and ids.size == meta["tokens"]
        and (len(offsets) == 0 or (offsets[0] == 0 and offsets[-1] == ids.size))
        and (ids.size == 0 or (int(ids.min()) >= PAD and int(ids.max()) < len(vocab)))
        and bool(np.all(np.diff(offsets) >= 0))
    )
    if not ok:
        raise _Corrupt("arrays are inconsistent")
    return meta, arrays


def _discard(key: str, why: str) -> None:
    _remove(key)
    warnings.warn(
        f"token cache entry {key[:12]}… was corrupted ({why}); deleted and rebuilt",
        CacheCorruptionWarning,
        stacklevel=3,
    )


def load_tokens(corpus: Corpus, settings: TokenizeSettings) -> Tokens | None:
    """Tokens for ``corpus`` with ``settings`` from the cache, or ``None`` on a miss.

    A corrupted entry is deleted (with a :class:`CacheCorruptionWarning`) and ``None`` returned.
    """
    key = cache_key(corpus.text_sha256, settings)
    npz, meta_path = _paths(key)
    if not npz.exists() and not meta_path.exists():
        return None
    try:
        meta, arrays = _verify(key)
        if meta.get("corpus_sha256") != corpus.text_sha256 or meta["docs"] != len(corpus):
            raise _Corrupt("entry was made from different documents")
        if meta["settings"] != json.loads(json.dumps(settings.as_dict())):
            raise _Corrupt("entry was made with different settings")
    except _Corrupt as e:
        _discard(key, str(e))
        return None
    with contextlib.suppress(OSError):  # last use (LRU eviction, `toolkit cache info`)
        os.utime(meta_path)
    a = arrays
    return Tokens(
        a["vocab"],
        a["ids"],
        a["offsets"],
        corpus.docvars,
        settings,
        sentence_starts=a["sentence_starts"] if meta["has_sentences"] else None,
        gaps=a["gaps"] if meta["has_gaps"] else None,
        source=corpus.text_sha256,
    )


_INFO_COLUMNS = ["key", "corpus", "unit", "docs", "tokens", "types", "settings", "bytes"]
_INFO_COLUMNS += ["created", "last_used", "status", "path"]


def cache_info(verify: bool = True) -> pd.DataFrame:
    """One row per token-cache entry.

    Parameters
    ----------
    verify : bool
        Check every payload's sha256 (``status`` is ``"ok"`` or ``"corrupt: <reason>"``);
        corrupt entries are only reported here, the next use deletes and rebuilds them.

    Returns
    -------
    pandas.DataFrame
        ``key`` (first 12 hex digits), ``corpus``, ``unit``, ``docs``, ``tokens``, ``types``,
        ``settings`` (JSON of the non-default settings), ``bytes`` (both files), ``created``,
        ``last_used``, ``status``, ``path``.

    Examples
    --------
    >>> list(cache_info().columns)[:4]
    ['key', 'corpus', 'unit', 'docs']
    """
    folder = tokens_cache_dir()
    keys = sorted({p.stem for p in [*folder.glob("[!.]*.npz"), *folder.glob("[!.]*.json")]})
    defaults = TokenizeSettings().as_dict()
    rows = []
    for key in keys:
        npz, meta_path = _paths(key)
        try:
            meta = _read_meta(meta_path)
            status = "ok"
        except _Corrupt as e:
            meta, status = {}, f"corrupt: {e}"
        if verify and status == "ok":
            try:
                _verify(key)
            except _Corrupt as e:
                status = f"corrupt: {e}"
        changed = {
            k: v for k, v in meta.get("settings", {}).items() if defaults.get(k) != _plain(v)
        }
        for name in ("stopwords", "phrases"):
            if name in changed:
                changed[name] = f"{len(changed[name])} {'words' if name == 'stopwords' else name}"
        size = sum(p.stat().st_size for p in (npz, meta_path) if p.exists())
        last = meta_path if meta_path.exists() else npz
        created = meta.get("created")
        rows.append(
            {
                "key": key[:12],
                "corpus": meta.get("corpus"),
                "unit": meta.get("unit"),
                "docs": meta.get("docs"),
                "tokens": meta.get("tokens"),
                "types": meta.get("types"),
                "settings": json.dumps(changed, ensure_ascii=False, sort_keys=True),
                "bytes": size,
                "created": pd.Timestamp(created) if created else pd.NaT,
                "last_used": pd.Timestamp(last.stat().st_mtime, unit="s", tz="UTC").floor("s"),
                "status": status,
                "path": str(npz),
            }
        )
    rows += _temp_rows()  # killed writes (stale) and running ones, with their sizes
    out = pd.DataFrame(rows, columns=_INFO_COLUMNS)
    for col in ("docs", "tokens", "types"):
        out[col] = out[col].astype("Int64")
    return out


_LEGACY_TEMP = re.compile(r"^\.[0-9a-f]{12}-.+\.(?:npz|json)$")  # mkstemp names before 0.x


def temp_files() -> tuple[list[Path], list[Path]]:
    """``(stale, in_progress)`` temporary files of cache writes: a killed write leaves a stale
    one (its process is gone, or it is older than a day); a running write owns the other."""
    folder = tokens_cache_dir()
    if not folder.is_dir():
        return [], []
    stale = stale_temp_files(folder)
    now = time.time()
    hidden = list(folder.glob(".*"))
    for p in hidden:
        if _LEGACY_TEMP.match(p.name):
            with contextlib.suppress(OSError):
                if now - p.stat().st_mtime > STALE_AFTER:
                    stale.append(p)
    known = set(stale)
    live = [p for p in hidden if is_temp_file(p) and p not in known]
    return sorted(stale), sorted(live)


def _temp_rows() -> list[dict]:
    stale, live = temp_files()
    rows = []
    for paths, status in ((stale, "stale temp file"), (live, "write in progress")):
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            rows.append(
                {
                    "key": "",
                    "bytes": st.st_size,
                    "created": pd.NaT,
                    "last_used": pd.Timestamp(st.st_mtime, unit="s", tz="UTC").floor("s"),
                    "status": status,
                    "path": str(p),
                }
            )
    return rows


def _plain(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def evict(max_bytes: int) -> int:
    """Delete least recently used entries until the cache holds at most ``max_bytes``.

    Stale temporary files of killed writes are deleted first, and the files of writes in
    progress count towards the size. Returns the number of entries (and stale temporary files)
    deleted. Last use is the metadata file's modification time,
    which every cache hit refreshes.

    Examples
    --------
    >>> evict(10 * 2**30)
    0
    """
    folder = tokens_cache_dir()
    removed = 0
    stale, live = temp_files()
    for p in stale:  # a killed write's leftovers go first
        with contextlib.suppress(OSError):
            p.unlink()
            removed += 1
    in_progress = 0
    for p in live:
        with contextlib.suppress(OSError):
            in_progress += p.stat().st_size
    entries = []
    for meta_path in folder.glob("[!.]*.json"):
        npz = meta_path.with_suffix(".npz")
        try:
            size = meta_path.stat().st_size + (npz.stat().st_size if npz.exists() else 0)
            entries.append((meta_path.stat().st_mtime, size, meta_path.stem))
        except OSError:  # removed meanwhile by another process
            continue
    total = in_progress + sum(size for _, size, _ in entries)
    for _, size, key in sorted(entries):
        if total <= max_bytes:
            break
        _remove(key)
        total -= size
        removed += 1
    return removed


def clear_cache(corpus: str | None = None) -> int:
    """Delete token-cache entries (all, or those of one corpus name); returns how many.

    Downloaded corpus files in the cache folder are left alone.

    Examples
    --------
    >>> clear_cache("no-such-corpus")
    0
    """
    folder = tokens_cache_dir()
    if not folder.is_dir():
        return 0
    removed = 0
    for meta_path in folder.glob("*.json"):
        key = meta_path.stem
        if key.startswith("."):
            continue
        if corpus is not None:
            try:
                if _read_meta(meta_path).get("corpus") != corpus:
                    continue
            except _Corrupt:
                continue
        _remove(key)
        removed += 1
    if corpus is None:  # payloads without metadata and temporary files of interrupted writes
        for leftover in folder.glob("[!.]*.npz"):
            leftover.unlink(missing_ok=True)
            removed += 1
        for tmp in folder.glob(".*"):
            tmp.unlink(missing_ok=True)
    return removed
