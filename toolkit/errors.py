"""Every error the toolkit raises on purpose, under one base class, :class:`ToolkitError`.

Each error also derives from the built-in exception a Python user would expect (a bad option
value is a ``ValueError``, data of the wrong kind a ``TypeError``, an unknown column or name a
``KeyError``), so ``except ValueError`` keeps working, while ``except tk.ToolkitError`` catches
exactly what the toolkit reports. Messages are one line that names the offending file, row,
field, column or option; the command line prints them as ``error: <message>`` and treats any
other exception as an internal error.

Examples
--------
>>> from toolkit.errors import ArgumentError, ToolkitError
>>> try:
...     raise ArgumentError("n must be >= 1, not 0")
... except ValueError as err:
...     isinstance(err, ToolkitError), str(err)
(True, 'n must be >= 1, not 0')
>>> str(UnknownNameError("no column 'yeer'"))  # no quotes around the message, unlike KeyError
"no column 'yeer'"
"""

from __future__ import annotations

__all__ = [
    "ArgumentError",
    "DataError",
    "DecodeError",
    "FileMissingError",
    "FilterError",
    "HashMismatchError",
    "InputError",
    "LexiconError",
    "LoadError",
    "MissingDependencyError",
    "ModelFormatError",
    "ToolkitError",
    "ToolkitWarning",
    "UnknownNameError",
]


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class ToolkitWarning(UserWarning):
    """Base class of the toolkit's warnings (data problems that do not stop the analysis)."""


class ArgumentError(ToolkitError, ValueError):
    """An option or argument has a value the function cannot use."""


class InputError(ToolkitError, TypeError):
    """The data passed is of a kind the function does not accept (e.g. a ``str`` where a
    Corpus, Tokens or list of texts is expected)."""


class UnknownNameError(ToolkitError, KeyError):
    """A column, corpus, lexicon, feature or other name does not exist."""

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return str(self.args[0]) if self.args else ""


class FileMissingError(ToolkitError, FileNotFoundError):
    """A file or folder the user named does not exist."""


class MissingDependencyError(ToolkitError, ImportError):
    """An optional extra (dask, tomotopy, gensim…) is needed and not installed."""


class DataError(ToolkitError, RuntimeError):
    """A registry file is missing and cannot be downloaded, or cannot be used."""


class HashMismatchError(DataError):
    """A registry file exists but its sha256 is not the pinned one (it is never used)."""


class LoadError(ToolkitError, ValueError):
    """A file or row could not be loaded (raised by readers with ``strict=True``)."""


class DecodeError(LoadError):
    """Bytes are binary or cannot be decoded; ``reason`` is ``'binary'`` or ``'undecodable'``."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class FilterError(ToolkitError, ValueError):
    """A filter expression that cannot be parsed or does not fit the documents."""


class LexiconError(ToolkitError, ValueError):
    """A lexicon or dictionary file or entry is invalid (the message names file, entry, field)."""


class ModelFormatError(ToolkitError, ValueError):
    """A file is not a toolkit model, or was written in an incompatible format."""


# not in __all__ (which lists the error classes): the "did you mean" of error messages
def suggest(name: str, known: list[str]) -> str:
    """`` (did you mean 'gwr-zh'?)`` for a near miss, else ``""``.

    Examples
    --------
    >>> suggest("gwr", ["cpc-congress-zh", "gwr-zh", "sotu"])
    " (did you mean 'gwr-zh'?)"
    """
    import difflib

    low = name.lower()
    hits = [k for k in known if k.startswith(low) or low.startswith(k)]
    hits = hits or difflib.get_close_matches(low, known, n=1, cutoff=0.6)
    return f" (did you mean {hits[0]!r}?)" if hits and hits[0] != name else ""
