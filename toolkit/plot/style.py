"""House style: journal column widths, Okabe–Ito palette, print-size fonts, CJK fallback.

Every plotting function of :mod:`toolkit.plot` draws inside :func:`house_rc` (the house
rcParams plus any overrides set with :func:`use_style` or an enclosing :func:`style` block), so
figures look the same whatever the global matplotlib state is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import matplotlib as mpl
from cycler import cycler

from toolkit.errors import ArgumentError

from .fonts import cjk_font_families

__all__ = [
    "COLUMN_WIDTHS",
    "OKABE_ITO",
    "PALETTE",
    "figsize",
    "house_rc",
    "resolve_rc_key",
    "style",
    "use_style",
]

#: Journal figure widths in inches.
COLUMN_WIDTHS: dict[str, float] = {"single": 3.5, "onehalf": 5.5, "double": 7.2}

#: Okabe & Ito (2008) colour-blind-safe colours by name.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Colour cycle used for groups (yellow, weak on white, comes late).
PALETTE: tuple[str, ...] = tuple(
    OKABE_ITO[k]
    for k in (
        "blue",
        "vermillion",
        "bluish_green",
        "orange",
        "sky_blue",
        "reddish_purple",
        "black",
        "yellow",
    )
)

#: Line styles combined with PALETTE when there are more groups than colours.
LINESTYLES: tuple[str, ...] = ("-", "--", ":", "-.")

_FONT_FAMILIES = {"sans": "DejaVu Sans", "serif": "DejaVu Serif"}
_overrides: list[dict[str, Any]] = [{}]  # [persistent (use_style), *context (style) layers]


def figsize(width: str | float = "single", aspect: float = 0.68) -> tuple[float, float]:
    """Figure size in inches for a journal column width.

    Parameters
    ----------
    width : {"single", "onehalf", "double"} or float
        Column name (3.5, 5.5, 7.2 in) or a width in inches.
    aspect : float
        Height / width.

    Returns
    -------
    tuple of float
        ``(width, height)`` in inches.

    Examples
    --------
    >>> figsize("double", aspect=0.5)
    (7.2, 3.6)
    """
    if isinstance(width, str):
        if width not in COLUMN_WIDTHS:
            raise ArgumentError(
                f"width must be one of {sorted(COLUMN_WIDTHS)} or inches, got {width!r}"
            )
        inches = COLUMN_WIDTHS[width]
    else:
        inches = float(width)
    if inches <= 0 or aspect <= 0:
        raise ArgumentError(f"width and aspect must be positive, got {width!r}, {aspect!r}")
    return (round(inches, 4), round(inches * aspect, 4))


def _base_rc(font: str = "sans") -> dict[str, Any]:
    if font not in _FONT_FAMILIES:
        raise ArgumentError(f"font must be 'sans' or 'serif', got {font!r}")
    cjk_sans, cjk_serif = cjk_font_families()
    cjk = cjk_sans if font == "sans" else cjk_serif
    return {
        "font.family": [_FONT_FAMILIES[font], cjk],
        "font.sans-serif": ["DejaVu Sans", cjk_sans],
        "font.serif": ["DejaVu Serif", cjk_serif],
        "font.size": 8.0,
        "axes.titlesize": 9.0,
        "axes.titleweight": "normal",
        "axes.labelsize": 8.0,
        "xtick.labelsize": 8.0,
        "ytick.labelsize": 8.0,
        "legend.fontsize": 8.0,
        "legend.title_fontsize": 8.0,
        "figure.titlesize": 9.0,
        "axes.prop_cycle": cycler(color=list(PALETTE)),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.linewidth": 0.6,
        "axes.unicode_minus": True,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "xtick.major.size": 3.0,
        "ytick.major.size": 3.0,
        "lines.linewidth": 1.2,
        "lines.markersize": 4.0,
        "patch.linewidth": 0.5,
        "legend.frameon": False,
        "legend.handlelength": 1.6,
        "figure.figsize": figsize("single"),
        "figure.dpi": 150.0,
        "figure.constrained_layout.use": True,
        "savefig.dpi": 300.0,
        "savefig.pad_inches": 0.02,
        "image.cmap": "viridis",
        "pdf.fonttype": 3,  # Noto SC is CFF-flavoured OpenType: Type 42 would be malformed
        "svg.fonttype": "path",
        "svg.hashsalt": "toolkit",
    }


def _rc_aliases() -> dict[str, str]:
    return {k.replace(".", "_").replace("-", "_"): k for k in mpl.rcParams}


def resolve_rc_key(key: str) -> str:
    """Map ``"font_size"``-style keyword names (or exact keys) to rcParams keys.

    Examples
    --------
    >>> resolve_rc_key("axes_titlesize")
    'axes.titlesize'
    """
    if key in mpl.rcParams:
        return key
    alias = _rc_aliases().get(key)
    if alias is None:
        raise ArgumentError(f"unknown rcParams key {key!r} (use e.g. font_size or 'font.size')")
    return alias


def _normalise(rc: Mapping[str, Any] | None, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in {**dict(rc or {}), **kwargs}.items():
        if key == "font":
            out["font"] = value
            continue
        full = resolve_rc_key(key)
        mpl.rcParams.validate[full](value)  # raises ValueError naming the bad value
        out[full] = value
    return out


def house_rc() -> dict[str, Any]:
    """The rcParams in force for toolkit figures: house style plus active overrides.

    Returns
    -------
    dict
        rcParams keys to values.

    Examples
    --------
    >>> house_rc()["font.size"]
    8.0
    """
    merged: dict[str, Any] = {}
    for layer in _overrides:
        merged.update(layer)
    font = merged.pop("font", "sans")
    rc = _base_rc(font)
    rc.update(merged)
    return rc


def use_style(rc: Mapping[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    """Apply the house style globally (matplotlib rcParams) and remember overrides.

    Parameters
    ----------
    rc : mapping, optional
        rcParams to override, with their exact keys (``{"font.size": 9}``).
    **overrides
        More overrides; underscores stand for dots (``font_size=9``,
        ``axes_spines_right=True``). ``font="serif"`` switches to DejaVu Serif + Noto Serif SC.

    Returns
    -------
    dict
        The rcParams now in force for toolkit figures.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> rc = use_style(font_size=9)
    >>> mpl.rcParams["font.size"]
    9.0
    >>> _ = use_style()  # back to the plain house style
    """
    _overrides[0] = _normalise(rc, overrides)
    rc_now = house_rc()
    mpl.rcParams.update(rc_now)
    return rc_now


@contextlib.contextmanager
def style(rc: Mapping[str, Any] | None = None, **overrides: Any) -> Iterator[dict[str, Any]]:
    """Context manager: house style (plus overrides) inside the block only.

    Parameters
    ----------
    rc, **overrides
        As in :func:`use_style`.

    Yields
    ------
    dict
        The rcParams in force inside the block.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with style(axes_titlesize=12) as rc:
    ...     mpl.rcParams["axes.titlesize"]
    12.0
    """
    layer = _normalise(rc, overrides)
    _overrides.append(layer)
    try:
        rc_now = house_rc()
        with mpl.rc_context(rc_now):
            yield rc_now
    finally:
        for i in range(len(_overrides) - 1, 0, -1):
            if _overrides[i] is layer:
                del _overrides[i]
                break
