"""CJK font discovery and registration with matplotlib.

The toolkit renders Chinese labels with Noto Sans SC / Noto Serif SC as shipped by the
``pylopdf-fonts-zh-cn`` PyPI package (SIL Open Font License 1.1, ~20 MB installed). No system
font and no network access are needed: the font files live inside the Python environment and are
registered with :data:`matplotlib.font_manager.fontManager` on first use.

English text keeps the house font (DejaVu Sans, bundled with matplotlib); CJK glyphs fall back to
Noto through matplotlib's per-glyph font fallback (``rcParams["font.family"]`` is a list).
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

from matplotlib import font_manager

from toolkit.errors import FileMissingError, MissingDependencyError

__all__ = ["CJK_FONT_PACKAGE", "cjk_font_families", "cjk_font_paths", "register_cjk_fonts"]

#: PyPI distribution that ships the CJK font files.
CJK_FONT_PACKAGE = "pylopdf-fonts-zh-cn"
_MODULE = "pylopdf_fonts_zh_cn"
_FILES = {"sans": "NotoSansSC-Regular.otf", "serif": "NotoSerifSC-Regular.otf"}


def cjk_font_paths() -> dict[str, Path]:
    """Return the paths of the bundled CJK font files.

    Returns
    -------
    dict of str to pathlib.Path
        ``{"sans": <Noto Sans SC>, "serif": <Noto Serif SC>}``.

    Raises
    ------
    ImportError
        If the font package is not installed (it is a core dependency of the toolkit).

    Examples
    --------
    >>> from toolkit.plot.fonts import cjk_font_paths
    >>> sorted(cjk_font_paths())
    ['sans', 'serif']
    """
    try:
        module = importlib.import_module(_MODULE)
    except ImportError as exc:  # pragma: no cover - dependency is declared in pyproject
        raise MissingDependencyError(
            f"Chinese labels need the font package {CJK_FONT_PACKAGE!r}; "
            f"install it with `pip install {CJK_FONT_PACKAGE}`"
        ) from exc
    base = Path(module.__file__).parent
    paths = {kind: base / fname for kind, fname in _FILES.items()}
    for kind, path in paths.items():
        if not path.is_file():
            raise FileMissingError(f"CJK {kind} font file missing from {CJK_FONT_PACKAGE}: {path}")
    return paths


@functools.lru_cache(maxsize=1)
def register_cjk_fonts() -> dict[str, str]:
    """Register the bundled CJK fonts with matplotlib (idempotent).

    Returns
    -------
    dict of str to str
        Family names as matplotlib knows them, ``{"sans": "Noto Sans SC",
        "serif": "Noto Serif SC"}``.

    Examples
    --------
    >>> from toolkit.plot.fonts import register_cjk_fonts
    >>> register_cjk_fonts()["sans"]
    'Noto Sans SC'
    """
    families: dict[str, str] = {}
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for kind, path in cjk_font_paths().items():
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
        families[kind] = font_manager.FontProperties(fname=str(path)).get_name()
    return families


def cjk_font_families() -> tuple[str, str]:
    """Return ``(sans_family, serif_family)`` after making sure both are registered.

    Examples
    --------
    >>> from toolkit.plot.fonts import cjk_font_families
    >>> cjk_font_families()
    ('Noto Sans SC', 'Noto Serif SC')
    """
    fams = register_cjk_fonts()
    return fams["sans"], fams["serif"]
