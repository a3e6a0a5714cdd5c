"""Per-document language detection: Chinese when CJK ideographs dominate, else English."""

from __future__ import annotations

import re

__all__ = ["detect_language", "is_cjk_text"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str, *, sample: int = 20_000) -> str:
    """Return ``"zh"`` when Han characters outnumber Latin letters in the text, else ``"en"``.

    Only the first ``sample`` characters are inspected. An empty text is ``"en"``.

    Examples
    --------
    >>> detect_language("坚持改革开放，推动高质量发展 (reform)")
    'zh'
    >>> detect_language("The State of the Union is strong.")
    'en'
    """
    head = text[:sample]
    return "zh" if len(_HAN.findall(head)) > len(_LATIN.findall(head)) else "en"


def is_cjk_text(text: str) -> bool:
    """True when :func:`detect_language` says Chinese."""
    return detect_language(text) == "zh"
