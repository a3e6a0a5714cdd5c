"""Shared helpers for the figure functions: validation, labels, figures, provenance notes."""

from __future__ import annotations

import hashlib
import io
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from toolkit.errors import ArgumentError, InputError

from .style import LINESTYLES, PALETTE, figsize, house_rc

#: Provenance noted by the figure functions, merged into save_figure's metadata.
_FIGURE_NOTES: weakref.WeakKeyDictionary[Figure, list[dict[str, Any]]] = weakref.WeakKeyDictionary()

LABEL_COLUMNS: tuple[str, ...] = ("label", "label_zh", "label_en")


class ToolkitFigure(Figure):
    """A matplotlib Figure that keeps the house style it was made with, and shows in Jupyter.

    Figures are created without :mod:`matplotlib.pyplot` (no global state, headless-safe) on
    an Agg canvas, so ``fig.canvas.get_renderer()`` works for measuring text. Drawing happens
    inside the rcParams captured at creation, so later changes to the global rcParams (or
    saving elsewhere) render the same figure; ``_repr_png_`` lets a notebook display a figure
    returned as the last expression of a cell, at :attr:`display_dpi` and without the
    matplotlib version in the PNG metadata, so an executed notebook's image bytes depend on the
    figure only. Public as :class:`toolkit.plot.Figure` (for hand-assembled multi-panel figures).
    """

    #: Resolution of the PNG shown in a notebook (a double-column figure is 864 pixels wide).
    display_dpi: float = 120.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._toolkit_rc = house_rc()
        super().__init__(*args, **kwargs)
        FigureCanvasAgg(self)

    def draw(self, renderer: Any) -> None:
        with mpl.rc_context(self._toolkit_rc):
            super().draw(renderer)

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.savefig(buf, format="png", dpi=self.display_dpi, metadata={"Software": None})
        return buf.getvalue()


def as_table(obj: Any, attrs: Sequence[str]) -> Any:
    """The table inside a result object (``Dispersion.positions``, ``Wordfish.documents``,
    ``Fcm.to_frame()`` …): the first of ``attrs`` that gives a DataFrame; a DataFrame (or
    anything else, for :func:`check_frame` to reject) is returned as is."""
    if isinstance(obj, pd.DataFrame):
        return obj
    for attr in attrs:
        value = getattr(obj, attr, None)
        if callable(value):
            value = value()
        if isinstance(value, pd.DataFrame):
            return value
    return obj


def check_frame(df: Any, columns: Iterable[str], func: str) -> pd.DataFrame:
    """Raise a clear error unless ``df`` is a non-empty DataFrame with ``columns``."""
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"{func}: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c is not None and c not in df.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        raise ArgumentError(
            f"{func}: missing column(s) {names}; the DataFrame has {list(map(str, df.columns))}"
        )
    if df.empty:
        raise ArgumentError(f"{func}: the DataFrame is empty, nothing to plot")
    return df


def check_numeric(df: pd.DataFrame, column: str, func: str) -> pd.Series:
    """Return ``df[column]`` as float, raising ValueError naming the column if not numeric."""
    try:
        return pd.to_numeric(df[column], errors="raise").astype(float)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(f"{func}: column {column!r} must be numeric") from exc


def pick_label_column(df: pd.DataFrame, label_col: str | None, func: str) -> str | None:
    """The column to label items with: ``label_col`` if given, else the first of LABEL_COLUMNS."""
    if label_col is not None:
        check_frame(df, [label_col], func)
        return label_col
    return next((c for c in LABEL_COLUMNS if c in df.columns), None)


def english_gloss(text: Any) -> str | None:
    """The English gloss of a ``label_en`` value (stripped; None when empty).

    Examples
    --------
    >>> english_gloss(" one country, two systems ")
    'one country, two systems'
    """
    if not isinstance(text, str) or not text.strip():
        return None
    return text.strip()


def bilingual(zh: Any, en: Any) -> str:
    """``"共同富裕 common prosperity"``: the Chinese label followed by its English gloss
    (either part alone when the other is missing or the same)."""
    zh_text = zh.strip() if isinstance(zh, str) else ""
    en_text = english_gloss(en) or ""
    if not zh_text or zh_text == en_text:
        return en_text or zh_text
    return f"{zh_text} {en_text}" if en_text else zh_text


def gloss_mapping(gloss: Any, func: str) -> dict[str, str]:
    """English glosses keyed by entry id, Chinese label and every form, from a Lexicon (or a
    lexicon name), or a plain ``{text: english}`` mapping."""
    if gloss is None:
        return {}
    if isinstance(gloss, Mapping):
        return {str(k): str(v) for k, v in gloss.items() if isinstance(v, str) and v.strip()}
    if isinstance(gloss, str):
        from toolkit.slogans import load_lexicon

        gloss = load_lexicon(gloss)
    entries = getattr(gloss, "entries", None)
    if entries is None:
        raise ArgumentError(
            f"{func}: gloss must be a Lexicon, a lexicon name or a mapping, "
            f"got {type(gloss).__name__}"
        )
    out: dict[str, str] = {}
    for e in entries:
        en = english_gloss(getattr(e, "label_en", None))
        if not en:
            continue
        keys = [e.id, getattr(e, "label_zh", None), *getattr(e, "forms", ())]
        for key in keys:
            if isinstance(key, str) and key:
                out.setdefault(key, en)
    return out


def check_bilingual(bilingual_: bool, func: str) -> bool:
    if not isinstance(bilingual_, bool | np.bool_):
        raise ArgumentError(f"{func}: bilingual must be True or False, got {bilingual_!r}")
    return bool(bilingual_)


def item_labels(
    df: pd.DataFrame,
    id_col: str,
    label_col: str | None,
    func: str,
    *,
    bilingual_labels: bool = False,
    gloss: Mapping[str, str] | None = None,
) -> dict[Any, str]:
    """Map each value of ``id_col`` to a display label (first non-empty label, else the id).

    With ``bilingual_labels``, a Chinese label is followed by its English gloss: the row's
    ``label_en``, else ``gloss`` looked up by id or label.
    """
    explicit = label_col is not None
    candidates = [label_col] if explicit else [c for c in LABEL_COLUMNS if c in df.columns]
    if explicit:
        check_frame(df, [label_col], func)
    if bilingual_labels and not explicit and "label_zh" in df.columns:
        candidates = ["label_zh", *[c for c in candidates if c != "label_zh"]]
    out: dict[Any, str] = {}
    for key, sub in df.groupby(id_col, sort=False, dropna=False):
        text = None
        for col in candidates:
            vals = sub[col].dropna().astype(str)
            vals = vals[vals.str.strip() != ""]
            if len(vals):
                text = vals.iloc[0]
                break
        text = text if text is not None else str(key)
        if bilingual_labels:
            en = None
            if "label_en" in sub.columns:
                vals = sub["label_en"].dropna().astype(str)
                en = vals.iloc[0] if len(vals) else None
            if not english_gloss(en) and gloss:
                en = gloss.get(str(key)) or gloss.get(text)
            text = bilingual(text, en)
        out[key] = text
    return out


def ordered_unique(values: Iterable[Any]) -> list[Any]:
    """Unique values in order of first appearance."""
    return list(dict.fromkeys(values))


def maybe_sorted(values: list[Any]) -> list[Any]:
    """``sorted(values)`` when the values are comparable, else unchanged."""
    try:
        return sorted(values)
    except TypeError:
        return values


def sort_axis_values(values: Sequence[Any]) -> tuple[np.ndarray, list[Any], bool]:
    """Positions for x values: numeric/datetime values as is; others as ordered categories.

    Returns ``(positions, categories, categorical)``.
    """
    ser = pd.Series(values)
    if pd.api.types.is_numeric_dtype(ser) or pd.api.types.is_datetime64_any_dtype(ser):
        return ser.to_numpy(), [], False
    cats = maybe_sorted(ordered_unique(ser))
    index = {c: i for i, c in enumerate(cats)}
    return np.array([index[v] for v in ser], dtype=float), cats, True


def group_style(i: int) -> dict[str, Any]:
    """Colour and line style for the i-th group (palette first, then line styles)."""
    return {
        "color": PALETTE[i % len(PALETTE)],
        "linestyle": LINESTYLES[(i // len(PALETTE)) % len(LINESTYLES)],
    }


def new_axes(ax: Axes | None, width: str | float, aspect: float) -> tuple[Figure, Axes]:
    """Return ``(fig, ax)``: the given axes' figure, or a new house-size figure."""
    if ax is not None:
        if not isinstance(ax, Axes):
            raise InputError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
        return ax.figure, ax
    fig = ToolkitFigure(figsize=figsize(width, aspect))
    return fig, fig.add_subplot()


def new_grid(
    n: int, ncols: int, width: str | float, panel_aspect: float, sharex: bool, sharey: bool
) -> tuple[Figure, list[Axes]]:
    """A figure with ``n`` panels on a grid of ``ncols`` columns (extra cells removed)."""
    if ncols < 1:
        raise ArgumentError(f"ncols must be >= 1, got {ncols}")
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    w, _ = figsize(width)
    fig = ToolkitFigure(figsize=(w, round(w / ncols * panel_aspect * nrows + 0.3, 4)))
    axes = fig.subplots(nrows, ncols, sharex=sharex, sharey=sharey, squeeze=False).ravel()
    for extra in axes[n:]:
        extra.remove()
    for i in range(n):
        if i + ncols >= n:  # no panel below: show x tick labels despite sharex
            axes[i].xaxis.set_tick_params(labelbottom=True)
    return fig, list(axes[:n])


def integer_ticks(axis: Any, values: Any) -> None:
    """Use whole-number ticks on ``axis`` (e.g. ``ax.xaxis``) when all values are integers.

    The number of ticks follows the axis length and font size, so year labels do not collide
    on narrow axes.
    """
    arr = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float)
    if len(arr) and np.all(np.mod(arr, 1) == 0):
        axis.set_major_locator(MaxNLocator(nbins="auto", integer=True, steps=[1, 2, 5, 10]))


def is_bottom_panel(i: int, n: int, ncols: int) -> bool:
    """Whether panel ``i`` of ``n`` on a grid of ``ncols`` columns has no panel below it."""
    return i + min(ncols, n) >= n


#: White halo behind text drawn over data.
HALO = [patheffects.withStroke(linewidth=2.0, foreground="white")]


def _canonical_column(values: pd.Series) -> list[str]:
    """Machine-independent text of a column's values (dtype, library version and float noise
    in the last bits do not change it): numbers to 10 significant digits, dates in ISO form,
    missing values as ``NA``."""
    ser = pd.Series(values).reset_index(drop=True)
    missing = ser.isna().to_numpy()
    if pd.api.types.is_bool_dtype(ser):
        text = ["b1" if bool(v) else "b0" for v in ser.fillna(False)]
    elif pd.api.types.is_numeric_dtype(ser):
        arr = ser.to_numpy(dtype=float, na_value=np.nan)
        text = ["n" + format(v + 0.0, ".10g") for v in arr]  # + 0.0: -0.0 as 0
    elif pd.api.types.is_datetime64_any_dtype(ser):
        text = ["d" + v.isoformat() if not pd.isna(v) else "NA" for v in ser]
    else:
        text = []
        for v in ser:
            if isinstance(v, bool | np.bool_):
                text.append("b1" if v else "b0")
            elif isinstance(v, int | float | np.integer | np.floating):
                text.append("n" + format(float(v) + 0.0, ".10g"))
            elif isinstance(v, pd.Timestamp):
                text.append("d" + v.isoformat())
            elif isinstance(v, list | tuple | np.ndarray):
                text.append("l" + "\x1d".join(_canonical_column(pd.Series(list(v), dtype=object))))
            else:
                text.append("s" + str(v))
    return ["NA" if m else t for t, m in zip(text, missing, strict=True)]


def data_fingerprint(df: pd.DataFrame) -> str:
    """sha256 of a DataFrame's column names, index and values in a canonical text form.

    The same data give the same hash on every machine and with every pandas/NumPy/Arrow
    version: values are written as text (numbers to 10 significant digits, so float noise in
    the last bits from another BLAS or summation order does not count), not hashed from their
    in-memory bytes, which depend on dtypes (``int32`` vs ``int64``, Arrow vs object strings).

    Examples
    --------
    >>> a = pd.DataFrame({"year": [2000, 2001], "count": [3.0, 0.1 + 0.2]})
    >>> b = pd.DataFrame({"year": pd.array([2000, 2001], dtype="Int32"), "count": [3, 0.3]})
    >>> data_fingerprint(a) == data_fingerprint(b)
    True
    >>> data_fingerprint(a) == data_fingerprint(a.assign(count=[3.0, 0.31]))
    False
    """
    h = hashlib.sha256()
    h.update("\x1f".join(map(str, df.columns)).encode("utf-8") + b"\x1e")
    columns = [_canonical_column(df.index.to_series())]
    columns += [_canonical_column(df.iloc[:, i]) for i in range(df.shape[1])]
    for row in zip(*columns, strict=True):
        h.update("\x1f".join(row).encode("utf-8", "surrogatepass") + b"\x1e")
    return h.hexdigest()


def note(fig: Figure, function: str, df: pd.DataFrame, parameters: dict[str, Any]) -> None:
    """Remember which function drew ``fig`` from which data (read by save_figure)."""
    call = {
        "function": f"toolkit.plot.{function}",
        "parameters": parameters,
        "data_rows": int(len(df)),
        "data_sha256": data_fingerprint(df),
    }
    _FIGURE_NOTES.setdefault(fig, []).append(call)


def figure_note(fig: Figure) -> dict[str, Any]:
    """Provenance noted for ``fig`` by toolkit figure functions.

    Returns ``{"plot": call}`` for one call (function, parameters, data_rows, data_sha256),
    ``{"plot": [call, ...]}`` when several functions drew panels into the same figure, and
    ``{}`` for a figure not made by :mod:`toolkit.plot`.
    """
    calls = [dict(c) for c in _FIGURE_NOTES.get(fig, [])]
    if not calls:
        return {}
    return {"plot": calls[0] if len(calls) == 1 else calls}
