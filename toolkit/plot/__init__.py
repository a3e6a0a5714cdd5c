"""Publication figures for toolkit DataFrames.

House style (journal column widths, Okabe–Ito colours, 8–9 pt text, Chinese labels through a
bundled Noto Sans/Serif SC fallback font), one function per figure type taking the toolkit's
long DataFrames and returning a :class:`matplotlib.figure.Figure`, and
:func:`save_figure` for atomic, byte-reproducible, provenance-stamped PNG/PDF/SVG files.

Figures are made without :mod:`matplotlib.pyplot`, so everything works headless (Agg).

Examples
--------
>>> import pandas as pd
>>> from toolkit import plot
>>> df = pd.DataFrame({"year": [2000, 2001], "ngram": ["改革", "改革"],
...                    "per_million": [3.0, 5.0]})
>>> fig = plot.trend(df)
>>> fig.axes[0].get_ylabel()
'per million tokens'
"""

from ._annotate import gap_note
from ._common import ToolkitFigure as Figure
from .figures import keyness_bars, trend, xray
from .fonts import CJK_FONT_PACKAGE, cjk_font_paths, register_cjk_fonts
from .matrix import heatmap
from .network import word_network
from .reuse import reuse, semantic_shift
from .save import FORMATS, make_provenance, read_provenance, save_figure
from .scaling import effects, eiffel, positions
from .slogans import network, timeline
from .style import (
    COLUMN_WIDTHS,
    OKABE_ITO,
    PALETTE,
    figsize,
    house_rc,
    use_style,
)
from .style import style as style  # noqa: I001 - the context manager shadows the submodule
from .topics import prevalence, top_terms

__all__ = [
    "CJK_FONT_PACKAGE",
    "COLUMN_WIDTHS",
    "effects",
    "eiffel",
    "FORMATS",
    "Figure",
    "OKABE_ITO",
    "PALETTE",
    "cjk_font_paths",
    "figsize",
    "gap_note",
    "heatmap",
    "house_rc",
    "keyness_bars",
    "make_provenance",
    "network",
    "positions",
    "prevalence",
    "read_provenance",
    "register_cjk_fonts",
    "reuse",
    "save_figure",
    "semantic_shift",
    "style",
    "timeline",
    "top_terms",
    "trend",
    "use_style",
    "word_network",
    "xray",
]
