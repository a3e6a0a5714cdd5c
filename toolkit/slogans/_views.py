"""The match views of a text: Chinese forms match the normalised text with full-width
punctuation folded to ASCII (:func:`~toolkit.text.normalize.fold_punct`, one character for
one), English forms a lower-cased view with separators and articles folded (see
:mod:`toolkit.slogans.matching`)."""

from __future__ import annotations

import re

import numpy as np

from toolkit.text.normalize import fold_punct, normalize

__all__ = ["en_view", "is_chinese", "pattern_key", "zh_view"]

_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
#: Code-point ranges that the English match view turns into a space: whitespace, hyphens and
#: dashes, straight and curly quotes (apostrophes included) and corner brackets.
_SEPARATORS = (
    (0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680),
    (0x2000, 0x200A), (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000),
    (0x2D, 0x2D), (0x2010, 0x2015), (0x2212, 0x2212), (0xFE58, 0xFE58), (0xFE63, 0xFE63),
    (0xFF0D, 0xFF0D),
    (0x22, 0x22), (0x27, 0x27), (0x60, 0x60), (0xAB, 0xAB), (0xBB, 0xBB), (0xB4, 0xB4),
    (0x2018, 0x201F), (0x2032, 0x2033), (0x2039, 0x203A), (0x300C, 0x300F),
)  # fmt: skip
_LUT_SIZE = 0x10000
_SEP_LUT = np.zeros(_LUT_SIZE + 1, dtype=bool)
for _lo, _hi in _SEPARATORS:
    _SEP_LUT[_lo : _hi + 1] = True


def is_chinese(form: str) -> bool:
    """True when a form contains a CJK ideograph (it is then matched as a Chinese substring)."""
    return _IDEOGRAPH.search(form) is not None


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # keep 1:1 offsets


_ARTICLES = ("the", "a", "an")


def _article_mask(codes: np.ndarray) -> np.ndarray | None:
    """Characters to drop from a view: every article word with the space after it."""
    n = codes.size
    space = codes == 32
    begins = np.empty(n, dtype=bool)
    if n == 0:
        return None
    begins[0] = True
    begins[1:] = space[:-1]
    drop = None
    for word in _ARTICLES:
        size = len(word)
        if n <= size:
            continue
        hit = begins[: n - size] & space[size:]
        for j, ch in enumerate(word):
            hit &= codes[j : n - size + j] == ord(ch)
        where = np.flatnonzero(hit)
        if where.size:
            drop = np.zeros(n, dtype=bool) if drop is None else drop
            for j in range(size + 1):
                drop[where + j] = True
    return drop


def en_view(text: str) -> tuple[str, np.ndarray | None]:
    """The English match view of a text and the map from view offsets to text offsets.

    Returns ``(view, index)``; ``index[k]`` is the text offset of view character ``k`` (None when
    the view has the text's offsets).

    Examples
    --------
    >>> en_view("The “Three-North”  project")[0]
    'three north project'
    """
    low = _lower(text)
    if not low:
        return low, None
    codes = np.frombuffer(low.encode("utf-32-le"), dtype=np.uint32)
    sep = _SEP_LUT[np.minimum(codes, _LUT_SIZE)]
    index = None
    changed = bool(sep.any())
    if changed:
        run = np.empty_like(sep)
        run[0] = False
        np.logical_and(sep[1:], sep[:-1], out=run[1:])
        codes = np.where(sep, np.uint32(32), codes)
        if run.any():
            keep = ~run
            codes, index = codes[keep], np.flatnonzero(keep)
    drop = _article_mask(codes)
    if drop is not None:
        keep = ~drop
        codes = codes[keep]
        index = np.flatnonzero(keep) if index is None else index[keep]
        changed = True
    if not changed:
        return low, None
    return codes.tobytes().decode("utf-32-le"), index


def zh_view(text: str) -> str:
    """The Chinese match view: the text with full-width punctuation as ASCII (same offsets).

    Examples
    --------
    >>> zh_view("百花齐放，百家争鸣") == zh_view("百花齐放,百家争鸣")
    True
    """
    return fold_punct(text)


def pattern_key(form: str, script: str | None = None) -> str:
    """The key a form is matched by: simplified Chinese, or the English view without the
    surrounding spaces.

    Examples
    --------
    >>> pattern_key("The Four-Comprehensives"), pattern_key("兩個確立"), pattern_key("甲，乙")
    ('four comprehensives', '两个确立', '甲,乙')
    """
    script = script or ("zh" if is_chinese(form) else "en")
    if script == "zh":
        return zh_view(normalize(form, simplified=True))
    return en_view(normalize(form))[0].strip()
