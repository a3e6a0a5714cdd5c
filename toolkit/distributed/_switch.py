"""Whether a call runs on Dask; imported by the analyses themselves, so it imports nothing
heavy (Dask is only imported when a pass actually runs on it)."""

from __future__ import annotations

from typing import Any

from toolkit.config import options

__all__ = ["use_dask"]


def use_dask(client: Any) -> bool:
    """An explicit ``client=``, or ``tk.options.dask`` (``TOOLKIT_DASK=1``): the active client.

    Examples
    --------
    >>> use_dask(None)
    False
    >>> with options.using(dask=True):
    ...     use_dask(None)
    True
    """
    return client is not None or bool(options.dask)
