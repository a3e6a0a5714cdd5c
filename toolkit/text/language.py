"""Per-document language detection: Chinese when CJK ideographs dominate, else English."""

from __future__ import annotations

import re

__all__ = ["CHINESE_TAGS", "base_language", "detect_language", "fill_languages", "is_cjk_text"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_LATIN = re.compile(r"[A-Za-z]")
#: Primary language subtags (BCP 47 / ISO 639) processed as Chinese: Chinese and its varieties.
CHINESE_TAGS = frozenset(
    {"zh", "zho", "chi", "cmn", "yue", "lzh", "wuu", "nan", "hak", "gan", "hsn", "cjy", "cdo"}
)


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


def base_language(tag: object) -> str:
    """The tokenizer a document's ``language`` value calls for: ``"zh"`` or ``"en"``.

    A corpus keeps the language tags its source gave (``zh-Hant``, ``zh_TW``, ``cmn``,
    ``en-GB``, ``fr``…) as written; tokenizing, matching and counting use this: ``"zh"`` for
    Chinese and its varieties (:data:`CHINESE_TAGS`, any region or script subtag), ``"en"``
    (the rules for alphabetic text) for everything else.

    Examples
    --------
    >>> [base_language(t) for t in ["zh", "zh-Hant", "ZH_tw", "yue-HK", "en-GB", "fr", None]]
    ['zh', 'zh', 'zh', 'zh', 'en', 'en', 'en']
    """
    if not isinstance(tag, str):
        return "en"
    primary = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return "zh" if primary in CHINESE_TAGS else "en"


def fill_languages(given: list | None, texts: list[str], language: str = "auto") -> list[str]:
    """The ``language`` column of a corpus: each row's own tag where it has one (kept as
    written), else :func:`detect_language` of its text (``language="auto"``) or ``language``.

    Examples
    --------
    >>> fill_languages(["zh-Hant", None, " "], ["甲", "改革开放", "reform"])
    ['zh-Hant', 'zh', 'en']
    >>> fill_languages(None, ["改革"], "en")
    ['en']
    """
    if given is None:
        given = [None] * len(texts)
    return [
        g
        if isinstance(g, str) and g.strip()
        else detect_language(t)
        if language == "auto"
        else language
        for g, t in zip(given, texts, strict=True)
    ]
