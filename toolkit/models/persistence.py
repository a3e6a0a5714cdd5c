"""Saving and loading topic models without pickle.

A ``.tkm`` file is a zip archive with three members:

``meta.json``
    Format name and version, toolkit version, method, unit, parameters, labels and provenance
    (corpus name and sha256, fit statistics).
``arrays.npz``
    ``vocab`` (unicode), ``topic_term``, ``doc_topic``, ``topic_mass``, ``stream_ids`` and
    ``stream_offsets`` (the filtered token stream used for coherence); read with
    ``allow_pickle=False``.
``docs.parquet``
    The modelled units and their metadata.

A file whose format version differs from :data:`FORMAT_VERSION` raises
:class:`ModelFormatError`, naming both toolkit versions.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pyarrow import ArrowException

from toolkit._files import atomic_path
from toolkit._version import __version__
from toolkit.errors import ArgumentError, FileMissingError, InputError, ModelFormatError
from toolkit.models._tkm_checks import check_arrays, check_members, check_meta, read_npz
from toolkit.models.topics import TopicModel

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.corpus.model import Corpus

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "ModelFormatError", "load_topics", "save_topics"]

FORMAT_NAME = "toolkit-topic-model"
#: Bumped whenever the layout or meaning of a stored field changes.
FORMAT_VERSION = 2
_MEMBERS = ("meta.json", "arrays.npz", "docs.parquet")


def _json_default(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (tuple, set, frozenset)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise InputError(f"cannot store {type(value).__name__} in the model's JSON metadata")


def _parquet_bytes(docs: pd.DataFrame) -> bytes:
    frame = docs.copy()
    for col in frame.columns:
        if (
            frame[col].dtype == object
            and not frame[col].map(lambda v: v is None or isinstance(v, str)).all()
        ):
            frame[col] = frame[col].map(lambda v: None if v is None else str(v))
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def save_topics(model: TopicModel, path: str | Path) -> str:
    """Write a fitted topic model to ``path`` (a zip of JSON, NPZ and Parquet; no pickle).

    Parameters
    ----------
    model : TopicModel
        The fitted model.
    path : str or Path
        Output file, conventionally ending in ``.tkm``.

    Returns
    -------
    str
        The path written.

    Examples
    --------
    >>> import tempfile, os
    >>> from toolkit.models._results import _example_model
    >>> p = save_topics(_example_model(), os.path.join(tempfile.mkdtemp(), "m.tkm"))
    >>> load_topics(p).n_topics
    2
    """
    if not isinstance(model, TopicModel):
        raise InputError(f"save_topics() needs a TopicModel, not {type(model).__name__}")
    model._check_fitted()
    path = Path(path)
    if path.is_dir():
        raise ArgumentError(f"{path} is a directory; give a file name such as model.tkm")
    meta = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "toolkit_version": __version__,
        "params": model.get_params(),
        "method_params": model.method_params_,
        "unit": model.unit_,
        "fit": model.fit_,
        "fit_measure": model.fit_measure_,
        "n_iter": model.n_iter_,
        "prior": model.prior_,
        "info": model.info_,
        "labels": {str(t): name for t, name in model.labels_.items()},
        "has_stream": model.stream_ is not None,
    }
    arrays: dict[str, np.ndarray] = {
        "features": np.asarray(model.features_, dtype=str),
        "components": model.components_,
        "topic_term": model.topic_term_,
        "doc_topic": model.doc_topic_,
        "topic_mass": model.topic_mass_,
        "idf": model.idf_ if model.idf_ is not None else np.zeros(0),
    }
    if model.stream_ is not None:
        stream = model.stream_
        index = {f: j for j, f in enumerate(model.features_.tolist())}
        lut = np.array([index.get(v, -1) for v in stream.vocab.tolist()] + [-1], dtype=np.int32)
        arrays["stream_ids"] = lut[np.asarray(stream.ids, dtype=np.int64)]
        arrays["stream_offsets"] = np.asarray(stream.offsets, dtype=np.int64)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    text = json.dumps(meta, default=_json_default, ensure_ascii=False, indent=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("meta.json", text)
        zf.writestr("arrays.npz", buf.getvalue(), compress_type=zipfile.ZIP_STORED)
        zf.writestr("docs.parquet", _parquet_bytes(model.docvars_))
    return str(path)


def _read_meta(zf: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    missing = [m for m in _MEMBERS if m not in zf.namelist()]
    if missing:
        raise ModelFormatError(f"{path}: not a toolkit topic model (missing {missing})")
    try:
        meta = json.loads(zf.read("meta.json").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelFormatError(f"{path}: meta.json is not valid JSON ({err})") from err
    if not isinstance(meta, dict):
        raise ModelFormatError(f"{path}: meta.json is not a JSON object")
    if meta.get("format") != FORMAT_NAME:
        raise ModelFormatError(f"{path}: not a toolkit topic model (format {meta.get('format')!r})")
    version = meta.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelFormatError(
            f"{path}: topic model format version {version!r} was written by toolkit "
            f"{meta.get('toolkit_version', 'unknown')}; this toolkit ({__version__}) reads format "
            f"version {FORMAT_VERSION}. Refit the model, or load it with toolkit "
            f"{meta.get('toolkit_version', '(the writing version)')}."
        )
    return meta


def load_topics(path: str | Path, *, corpus: Corpus | None = None) -> TopicModel:
    """Load a topic model written by :meth:`TopicModel.save`.

    Parameters
    ----------
    path : str or Path
        A ``.tkm`` file.
    corpus : Corpus, optional
        When given, its sha256 must match the corpus the model was fitted on.

    Returns
    -------
    TopicModel
        Fitted, with the labels it was saved with.

    Raises
    ------
    ModelFormatError
        The file is not a topic model, is damaged, or has an incompatible format version.

    Examples
    --------
    >>> import tempfile, os
    >>> from toolkit.models._results import _example_model
    >>> p = _example_model().label({1: "defence"}).save(os.path.join(tempfile.mkdtemp(), "m.tkm"))
    >>> load_topics(p).labels[1]
    'defence'
    """
    from toolkit.tokenized import Tokens

    path = Path(path)
    if not path.is_file():
        raise FileMissingError(f"no topic model file at {path}")
    if not zipfile.is_zipfile(path):
        raise ModelFormatError(f"{path}: not a toolkit topic model (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as zf:
            check_members(zf, path)
            meta = _read_meta(zf, path)
            check_meta(meta, path)
            arrays = read_npz(zf.read("arrays.npz"), path)
            try:
                docs = pd.read_parquet(io.BytesIO(zf.read("docs.parquet")))
            except (ValueError, OSError, ArrowException) as err:
                raise ModelFormatError(f"{path}: docs.parquet: damaged ({err})") from err
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:  # CRC errors, truncated members
        raise ModelFormatError(f"{path}: damaged model file ({err})") from err
    needed = {"features", "components", "topic_term", "doc_topic", "topic_mass", "idf"}
    if meta.get("has_stream"):
        needed |= {"stream_ids", "stream_offsets"}
    if needed - set(arrays):
        raise ModelFormatError(f"{path}: arrays.npz lacks {sorted(needed - set(arrays))}")
    check_arrays(arrays, docs, meta, path)
    info = meta.get("info") or {}
    if corpus is not None and corpus.sha256 != info.get("corpus_sha256"):
        raise ArgumentError(
            f"{path}: the model was fitted on corpus {info.get('corpus_name')!r} with sha256 "
            f"{info.get('corpus_sha256')}, but the corpus given has sha256 {corpus.sha256}"
        )
    params = meta["params"]
    try:
        model = TopicModel(**params)
    except TypeError as err:
        raise ModelFormatError(f"{path}: meta.json 'params': {err}") from err
    features = arrays["features"].astype(str)
    model.features_ = features
    model.n_features_in_ = len(features)
    model.components_ = arrays["components"]
    model.topic_term_ = arrays["topic_term"]
    model.doc_topic_ = arrays["doc_topic"]
    model.topic_mass_ = arrays["topic_mass"]
    model.docvars_ = docs
    model.unit_ = meta.get("unit") or "document"
    model.fit_ = meta.get("fit")
    model.fit_measure_ = meta.get("fit_measure")
    model.n_iter_ = meta.get("n_iter")
    model.method_params_ = meta.get("method_params") or {}
    model.idf_ = arrays["idf"] if len(arrays["idf"]) else None
    model.prior_ = meta.get("prior")
    model.info_ = info
    model.labels_ = {}
    model.stream_ = None
    if meta.get("has_stream"):
        model.stream_ = Tokens(
            features,
            arrays["stream_ids"],
            arrays["stream_offsets"],
            docs[["doc_id"]].astype({"doc_id": str}),
        )
    model.label({int(t): name for t, name in (meta.get("labels") or {}).items()})
    return model
