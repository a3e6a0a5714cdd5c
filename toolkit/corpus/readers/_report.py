"""The load report: every file, row, page or archive member that was not loaded, and why."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from toolkit.errors import LoadError, ToolkitWarning

__all__ = ["REPORT_COLUMNS", "Item", "LoadReport", "combine_reports", "warn_not_loaded"]

#: Columns of ``corpus.load_report``.
REPORT_COLUMNS = ["path", "line", "reason", "detail"]


@dataclass
class Item:
    """One thing to read: a file on disk or a member of an archive.

    ``name`` is what messages and ``docs["source"]`` show (file names that are not UTF-8 are
    decoded or escaped), ``doc_id`` the identifier its documents start from, ``suffix`` the
    lower-case extension and ``read`` returns the bytes.
    """

    name: str
    doc_id: str
    suffix: str
    read: Callable[[], bytes]
    depth: int = 0  # archive nesting


@dataclass
class LoadReport:
    """Collects what was not loaded and checks ``units in = loaded + reported`` per item."""

    strict: bool = False
    rows: list[dict] = field(default_factory=list)
    units_in: int = 0
    loaded: int = 0

    def add(self, path: str, reason: str, detail: str, line: int | None = None) -> None:
        """Record one unit (file, row, page, member) that is not loaded."""
        where = f"{path}:{line}" if line is not None else path
        if self.strict:
            raise LoadError(f"{where}: {reason}: {detail}")
        self.rows.append({"path": where, "line": line, "reason": reason, "detail": detail})

    def account(self, item: str, units: int, loaded: int, reported_before: int) -> None:
        """Check that the ``units`` an item held are all either loaded or reported."""
        reported = len(self.rows) - reported_before
        if units != loaded + reported:
            raise LoadError(
                f"{item}: reader bug: {units} unit(s) in, {loaded} loaded + {reported} reported"
            )
        self.units_in += units
        self.loaded += loaded

    def frame(self) -> pd.DataFrame:
        """The report as a DataFrame (``path``, ``line``, ``reason``, ``detail``)."""
        df = pd.DataFrame(self.rows, columns=REPORT_COLUMNS)
        df["line"] = df["line"].astype("Int64")
        return df

    def summary(self) -> dict[str, int]:
        """``{"units": …, "loaded": …, "reported": …}`` (units = loaded + reported)."""
        return {"units": self.units_in, "loaded": self.loaded, "reported": len(self.rows)}


def combine_reports(
    parts: list[tuple[pd.DataFrame, dict[str, int]]],
) -> tuple[pd.DataFrame, dict[str, int]]:
    """One load report and one set of counts from several reads (e.g. Dask partitions, each
    a ``(corpus.load_report, corpus.info["load_counts"])`` pair).

    Examples
    --------
    >>> a = (pd.DataFrame([{"path": "a.txt", "line": None, "reason": "empty", "detail": ""}]),
    ...      {"units": 3, "loaded": 2, "reported": 1})
    >>> b = (pd.DataFrame(columns=REPORT_COLUMNS), {"units": 4, "loaded": 4, "reported": 0})
    >>> frame, counts = combine_reports([a, b])
    >>> len(frame), counts
    (1, {'units': 7, 'loaded': 6, 'reported': 1})
    """
    frames = [f for f, _ in parts if f is not None and len(f)]
    frame = (
        pd.concat(frames, ignore_index=True)[REPORT_COLUMNS]
        if frames
        else pd.DataFrame(columns=REPORT_COLUMNS)
    )
    frame["line"] = frame["line"].astype("Int64")
    counts = {"units": 0, "loaded": 0, "reported": 0}
    for _, c in parts:
        for key in counts:
            counts[key] += int((c or {}).get(key, 0))
    return frame, counts


def warn_not_loaded(report: pd.DataFrame, source: object, *, stacklevel: int = 3) -> None:
    """The one warning for units that were not loaded (nothing when the report is empty)."""
    if len(report):
        warnings.warn(
            f"{len(report)} file(s)/row(s) not loaded from {source}; see corpus.load_report",
            ToolkitWarning,
            stacklevel=stacklevel,
        )
