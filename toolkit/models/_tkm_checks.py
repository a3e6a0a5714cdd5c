"""Checks a ``.tkm`` file passes before anything in it is used (tampered or damaged files).

Every failure raises :class:`~toolkit.errors.ModelFormatError` naming the file and the field:
zip members larger than :data:`MAX_MEMBER_BYTES` or expanding more than
:data:`MAX_RATIO` times (zip bombs, in the archive and in the ``.npz`` inside it), arrays with
the wrong number of dimensions, dtype, shape, non-finite or negative values or values outside
their range, and metadata fields of the wrong type.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.errors import ModelFormatError
from toolkit.models.backends import METHODS

__all__ = ["MAX_MEMBER_BYTES", "MAX_RATIO", "check_arrays", "check_members", "check_meta"]

#: Largest uncompressed size of one member (4 GiB: a 1M-document, 500-topic model is 4 GB).
MAX_MEMBER_BYTES = 4 * 2**30
#: Largest compression ratio of a member over 1 MiB; numeric model arrays compress < 20×,
#: deflate's ceiling on a bomb of zeros is ~1,000×.
MAX_RATIO = 100
_SMALL = 2**20
_ROW_SUM_TOL = 1e-6


def _fail(path: Path, field: str, why: str) -> ModelFormatError:
    return ModelFormatError(f"{path}: {field}: {why} (damaged or tampered model file)")


def check_members(zf: zipfile.ZipFile, path: Path, where: str = "") -> None:
    """Refuse members whose declared size or compression ratio is over the bounds."""
    for info in zf.infolist():
        name = f"{where}{info.filename}"
        if info.file_size > MAX_MEMBER_BYTES:
            raise _fail(path, name, f"declares {info.file_size:,} bytes, over {MAX_MEMBER_BYTES:,}")
        if info.file_size > _SMALL and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise _fail(path, name, f"expands {ratio:,.0f}× (over {MAX_RATIO}×): a zip bomb?")


def read_npz(data: bytes, path: Path) -> dict[str, np.ndarray]:
    """The arrays of ``arrays.npz`` (no pickle), after checking its own members' sizes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            check_members(inner, path, "arrays.npz/")
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {name: npz[name] for name in npz.files}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as err:
        raise ModelFormatError(f"{path}: arrays.npz: damaged ({err})") from err


def _typed(path: Path, meta: dict, field: str, types: tuple[type, ...], optional: bool) -> None:
    if field not in meta:
        if optional:
            return
        raise _fail(path, f"meta.json {field!r}", "missing")
    value = meta[field]
    if value is None and optional:
        return
    if isinstance(value, bool) and bool not in types:
        raise _fail(path, f"meta.json {field!r}", f"is a bool, not {types[0].__name__}")
    if not isinstance(value, types):
        raise _fail(
            path, f"meta.json {field!r}", f"is {type(value).__name__}, not {types[0].__name__}"
        )


def check_meta(meta: dict[str, Any], path: Path) -> None:
    """Types of the metadata fields the loader uses."""
    _typed(path, meta, "params", (dict,), optional=False)
    _typed(path, meta, "has_stream", (bool,), optional=False)
    for field in ("method_params", "info", "labels"):
        _typed(path, meta, field, (dict,), optional=True)
    for field in ("unit", "fit_measure"):
        _typed(path, meta, field, (str,), optional=True)
    _typed(path, meta, "n_iter", (int,), optional=True)
    _typed(path, meta, "fit", (float, int), optional=True)
    fit = meta.get("fit")
    if fit is not None and not np.isfinite(fit):
        raise _fail(path, "meta.json 'fit'", f"is {fit}, not a finite number")
    for key, label in (meta.get("labels") or {}).items():
        if not (isinstance(key, str) and key.lstrip("-").isdigit()):
            raise _fail(path, "meta.json 'labels'", f"key {key!r} is not a topic number")
        if label is not None and not isinstance(label, str):
            raise _fail(path, "meta.json 'labels'", f"label of topic {key} is not text")


def _array(
    path: Path, arrays: dict, name: str, kind: str, shape: tuple[int | None, ...]
) -> np.ndarray:
    a = arrays[name]
    if a.dtype.kind not in kind:
        raise _fail(path, name, f"dtype {a.dtype} (expected {'/'.join(kind)} kind)")
    if a.ndim != len(shape) or any(
        w is not None and w != n for w, n in zip(shape, a.shape, strict=False)
    ):
        want = "×".join("?" if w is None else str(w) for w in shape)
        raise _fail(path, name, f"shape {a.shape}, expected {want}")
    if a.dtype.kind == "f" and a.size and not np.isfinite(a).all():
        raise _fail(path, name, "holds NaN or infinite values")
    return a


def _non_negative(path: Path, name: str, a: np.ndarray) -> None:
    if a.size and a.min() < 0:
        raise _fail(path, name, f"holds negative values (min {a.min():g})")


def check_arrays(arrays: dict[str, np.ndarray], docs: pd.DataFrame, meta: dict, path: Path) -> None:
    """Shapes, dtypes, finiteness, signs and ranges of every stored array."""
    features = _array(path, arrays, "features", "U", (None,))
    n_terms = len(features)
    if len(np.unique(features)) != n_terms:
        raise _fail(path, "features", "holds duplicate terms")
    topic_term = _array(path, arrays, "topic_term", "f", (None, n_terms))
    k = topic_term.shape[0]
    if k < 1:
        raise _fail(path, "topic_term", "has no topics")
    _non_negative(path, "topic_term", topic_term)
    if n_terms and not np.allclose(topic_term.sum(axis=1), 1, atol=_ROW_SUM_TOL):
        raise _fail(path, "topic_term", "rows do not sum to 1")
    _non_negative(path, "components", _array(path, arrays, "components", "f", (k, n_terms)))
    doc_topic = _array(path, arrays, "doc_topic", "f", (len(docs), k))
    _non_negative(path, "doc_topic", doc_topic)
    sums = doc_topic.sum(axis=1)
    if not np.all((np.abs(sums - 1) <= _ROW_SUM_TOL) | (np.abs(sums) <= _ROW_SUM_TOL)):
        raise _fail(path, "doc_topic", "rows do not sum to 1 (or 0 for an empty document)")
    _non_negative(path, "topic_mass", _array(path, arrays, "topic_mass", "f", (k,)))
    idf = _array(path, arrays, "idf", "f", (None,))
    if len(idf) not in (0, n_terms):
        raise _fail(path, "idf", f"length {len(idf)}, expected 0 or {n_terms}")
    if "doc_id" not in docs.columns:
        raise _fail(path, "docs.parquet", "has no doc_id column")
    params = meta["params"]
    if params.get("k", k) != k or isinstance(params.get("k"), bool):
        raise _fail(path, "meta.json 'params'", f"k={params.get('k')!r} but the arrays hold {k}")
    if params.get("method", "nmf") not in METHODS:
        raise _fail(path, "meta.json 'params'", f"unknown method {params.get('method')!r}")
    labels = meta.get("labels") or {}
    outside = [t for t in labels if not 0 <= int(t) < k]
    if outside:
        raise _fail(path, "meta.json 'labels'", f"topic {outside[0]} outside 0..{k - 1}")
    if meta.get("has_stream"):
        ids = _array(path, arrays, "stream_ids", "iu", (None,))
        offsets = _array(path, arrays, "stream_offsets", "iu", (len(docs) + 1,))
        if ids.size and (ids.min() < -1 or ids.max() >= n_terms):
            raise _fail(path, "stream_ids", f"values outside -1..{n_terms - 1}")
        if offsets[0] != 0 or offsets[-1] != ids.size or np.any(np.diff(offsets) < 0):
            raise _fail(path, "stream_offsets", "must rise from 0 to the number of stream tokens")
