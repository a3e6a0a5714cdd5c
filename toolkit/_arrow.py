"""Arrow helpers shared by every layer: pandas string columns and joined n-gram strings.

Strings of n-grams are built in Arrow (``take`` from the vocabulary plus an element-wise join)
rather than one Python string at a time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["gram_strings", "str_series"]


def str_series(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    """A pandas string Series (the default ``str`` dtype) from an Arrow string array."""
    try:
        dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    except TypeError:  # pandas < 2.3 has no na_value: plain Python strings
        return pd.Series(values.to_pylist(), dtype=object)
    return pd.Series(values, dtype=dtype)


def gram_strings(vocab: np.ndarray | pa.Array, grams: np.ndarray, sep: str = " ") -> pa.Array:
    """Join the tokens of each n-gram (``grams``: one row of vocabulary indices per position;
    ``-1`` marks an empty position, for n-grams shorter than the others).

    Examples
    --------
    >>> gram_strings(np.array(["a", "b"]), np.array([[0, 1, 1], [1, 1, -1]])).to_pylist()
    ['a b', 'b b', 'b']
    """
    words = vocab if isinstance(vocab, pa.Array) else pa.array(vocab.tolist(), pa.large_string())
    if grams.shape[1] == 0:
        return pa.array([], type=pa.large_string())
    cols = []
    padded = False
    for col in grams:
        empty = col < 0
        padded = padded or bool(empty.any())
        cols.append(words.take(pa.array(col, mask=empty if padded else None)))
    if len(cols) == 1:
        return cols[0]
    return pc.binary_join_element_wise(
        *cols,
        pa.scalar(sep, type=pa.large_string()),
        null_handling="skip" if padded else "emit_null",
    )
