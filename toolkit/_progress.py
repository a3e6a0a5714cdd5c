"""Progress bars for every step a person waits on, in a terminal and in Jupyter (tqdm's auto
mode), off globally with ``tk.options.progress = False`` or ``TOOLKIT_PROGRESS=0``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from toolkit.config import options

__all__ = ["progress_bar"]

T = TypeVar("T")


def progress_bar(
    items: Iterable[T],
    *,
    desc: str,
    total: int | None = None,
    enabled: bool | None = None,
    unit: str = "it",
) -> Iterator[T]:
    """Iterate over ``items`` with a progress bar when ``enabled`` (default:
    ``tk.options.progress``); tqdm itself hides the bar when the output is not a terminal or a
    notebook.

    Examples
    --------
    >>> list(progress_bar(range(3), desc="counting", enabled=False))
    [0, 1, 2]
    """
    show = options.progress if enabled is None else bool(enabled)
    if not show:
        yield from items
        return
    from tqdm.auto import tqdm

    kwargs: dict[str, Any] = {"desc": desc, "unit": unit, "leave": False, "disable": None}
    if total is not None:
        kwargs["total"] = total
    yield from tqdm(items, **kwargs)
