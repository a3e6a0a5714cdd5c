"""What every analysis accepts: a Corpus, Tokens, a Dfm (where it makes sense), a list of
texts, or files as :class:`pathlib.Path` objects — never a bare ``str``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from toolkit.errors import ArgumentError, InputError
from toolkit.features import Dfm
from toolkit.tokenized import Tokens, tokens
from toolkit.tokenized.build import OPTIONS

__all__ = ["as_tokens", "check_options", "group_tokens", "is_paths", "read_paths_if_any"]


def check_options(options: dict[str, Any], *, function: str) -> dict[str, Any]:
    """Reject unknown keyword options with a message naming them and the known ones."""
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise InputError(
            f"{function}() got unknown option(s) {unknown}; tokens options are {list(OPTIONS)}"
        )
    return options


def is_paths(data: Any) -> bool:
    """A Path, or a non-empty list/tuple of Paths."""
    if isinstance(data, Path):
        return True
    return (
        isinstance(data, (list, tuple)) and len(data) > 0 and all(isinstance(p, Path) for p in data)
    )


def read_paths_if_any(data: Any, read_options: dict[str, Any] | None) -> Any:
    """Files (Path objects, folders, globs) read into a Corpus; anything else unchanged."""
    if is_paths(data):
        from toolkit.counts.distributed import read_paths

        return read_paths(data, read_options)
    if read_options:
        raise InputError("read_options only apply when data is a Path or a list of Paths")
    return data


def as_tokens(data: Any, *, function: str, sentences: bool = False, **options: Any) -> Tokens:
    """Tokens of ``data`` for an analysis: Tokens as they are, anything else through
    :func:`toolkit.tokenized` (a Corpus through its token cache).

    ``sentences=True``: the analysis needs sentence boundaries.
    """
    check_options(options, function=function)
    if isinstance(data, Dfm):
        raise InputError(
            f"{function}() needs the order of the tokens, which a Dfm does not keep; "
            "pass the Corpus or Tokens"
        )
    if isinstance(data, Tokens):
        if options:
            raise InputError(
                f"{function}(): tokens options {sorted(options)} cannot apply to Tokens that are "
                "already made; pass the Corpus, or change the Tokens with their methods"
            )
        if sentences and data.sentence_starts is None:
            raise ArgumentError(
                f"{function}(): these Tokens have no sentence boundaries; make them with "
                "sentences=True, or use boundary='document'"
            )
        return data
    if sentences:
        options = {**options, "sentences": True}
    return tokens(data, **options)


def group_tokens(lengths: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Token totals per group from per-document lengths."""
    return np.bincount(codes, weights=lengths, minlength=n_groups).astype(np.int64)
