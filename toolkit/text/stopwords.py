"""Stopword lists from maintained packages, plus user additions.

English defaults to scikit-learn's list (318 words, the one ``CountVectorizer(stop_words="english")``
uses); Chinese to the stopwords-iso list (``stopwordsiso``). Either language can use the other
source with ``source=``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from toolkit.errors import ArgumentError, InputError

__all__ = ["stopwords", "resolve_stopwords"]

_DEFAULT_SOURCE = {"en": "sklearn", "zh": "iso"}


@lru_cache(maxsize=8)
def _load(language: str, source: str) -> frozenset[str]:
    if source == "sklearn":
        if language != "en":
            raise ArgumentError("the 'sklearn' stopword source only has English; use source='iso'")
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        return frozenset(ENGLISH_STOP_WORDS)
    if source == "iso":
        import stopwordsiso

        if not stopwordsiso.has_lang(language):
            raise ArgumentError(f"stopwords-iso has no list for language {language!r}")
        return frozenset(stopwordsiso.stopwords(language))
    raise ArgumentError(f"unknown stopword source {source!r}; use 'sklearn' or 'iso'")


def stopwords(
    language: str = "en", *, source: str | None = None, extra: Iterable[str] = ()
) -> frozenset[str]:
    """Return a stopword set for ``language`` (``"en"`` or ``"zh"``), plus ``extra`` words.

    Parameters
    ----------
    language : {"en", "zh"}
        Language of the list.
    source : {"sklearn", "iso"}, optional
        Package the list comes from; default ``"sklearn"`` for English, ``"iso"`` for Chinese.
    extra : iterable of str
        User additions (lower-cased).

    Examples
    --------
    >>> "the" in stopwords("en") and "的" in stopwords("zh")
    True
    >>> "union" in stopwords("en", extra=["Union"])
    True
    """
    src = source or _DEFAULT_SOURCE.get(language, "iso")
    return _load(language, src) | {w.lower() for w in extra}


def resolve_stopwords(spec: object, *, lowercase: bool = True) -> frozenset[str]:
    """Turn a user's ``stopwords=`` argument into a set.

    ``None``/``False`` → empty; ``"en"``/``"zh"`` → that list; ``"both"`` or ``True`` → English and
    Chinese; any other iterable of strings → those words, lower-cased when ``lowercase`` (tokens
    are lower-cased) and kept as written otherwise, so that with case kept ``["I"]`` removes "I"
    and not "i", as scikit-learn's ``CountVectorizer(lowercase=False)`` does.

    Examples
    --------
    >>> sorted(resolve_stopwords(["I", "The"]))
    ['i', 'the']
    >>> sorted(resolve_stopwords(["I", "The"], lowercase=False))
    ['I', 'The']
    """
    if spec is None or spec is False:
        return frozenset()
    if spec is True or spec == "both":
        return stopwords("en") | stopwords("zh")
    if isinstance(spec, str):
        return stopwords(spec)
    if isinstance(spec, Iterable):
        words = list(spec)
        if not all(isinstance(w, str) for w in words):
            raise InputError("stopwords must be a language code or an iterable of strings")
        return frozenset(w.lower() if lowercase else w for w in words)
    raise InputError(f"stopwords must be None, a language code or a list of words, not {spec!r}")
