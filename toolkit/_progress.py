"""Progress bars for every step a person waits on, in a terminal and in Jupyter (tqdm's auto
mode), off globally with ``tk.options.progress = False`` or ``TOOLKIT_PROGRESS=0`` (the test
suite turns them off).

A bar appears only once a step has taken :data:`DELAY` seconds, so quick calls stay silent and
slow ones say what they are doing (``tokenizing``, ``counting n-grams``, ``matching slogans``…).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from toolkit.config import options

__all__ = ["DELAY", "progress_bar", "progress_call", "progress_total"]

T = TypeVar("T")

#: Seconds a step runs before its bar is shown.
DELAY = 0.5


def _tqdm_kwargs(desc: str, unit: str, total: int | None, delay: float) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "desc": desc, "unit": unit, "leave": False, "disable": None, "delay": delay,
        "dynamic_ncols": True,
    }  # fmt: skip
    if total is not None:
        kwargs["total"] = total
    return kwargs


def progress_bar(
    items: Iterable[T],
    *,
    desc: str,
    total: int | None = None,
    enabled: bool | None = None,
    unit: str = "it",
    delay: float = DELAY,
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

    yield from tqdm(items, **_tqdm_kwargs(desc, unit, total, delay))


class _Silent:
    def update(self, n: int = 1) -> None:
        """Nothing to show."""


@contextmanager
def progress_total(
    total: int, *, desc: str, unit: str = "it", enabled: bool | None = None, delay: float = DELAY
) -> Iterator[Any]:
    """A bar for work counted in units (characters, steps): ``with progress_total(n, desc=…) as
    bar: … bar.update(k)``.

    Examples
    --------
    >>> with progress_total(10, desc="reading", enabled=False) as bar:
    ...     bar.update(10)
    """
    show = options.progress if enabled is None else bool(enabled)
    if not show:
        yield _Silent()
        return
    from tqdm.auto import tqdm

    bar = tqdm(**_tqdm_kwargs(desc, unit, total, delay))
    try:
        yield bar
    finally:
        bar.close()


def progress_call(fn: Callable[[], T], *, desc: str, enabled: bool | None = None) -> T:
    """``fn()`` for one long step without progress of its own (a scikit-learn fit): the step
    runs on a worker thread while the bar shows the time elapsed.

    Examples
    --------
    >>> progress_call(lambda: 6 * 7, desc="fitting", enabled=False)
    42
    """
    show = options.progress if enabled is None else bool(enabled)
    if not show:
        return fn()
    from concurrent.futures import ThreadPoolExecutor, wait

    from tqdm.auto import tqdm

    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(fn)
        bar = tqdm(**_tqdm_kwargs(desc, "s", None, DELAY), bar_format="{desc}: {elapsed}")
        try:
            while not wait([future], timeout=0.25).done:
                bar.refresh()
        finally:
            bar.close()
        return future.result()
