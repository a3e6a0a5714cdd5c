"""Paragraph and sentence splitting that needs no network download.

English sentences use NLTK's Punkt algorithm with the tokenizer's list of abbreviations
(:data:`toolkit.text.engine.ABBREVIATIONS`, so no ``punkt`` model download is needed); Chinese sentences end at 。！？； and their full-width/ASCII forms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from toolkit.text.engine import ABBREVIATIONS
from toolkit.text.language import base_language

__all__ = ["split_paragraphs", "split_sentences", "sentence_spans", "paragraph_spans"]

_PARA = re.compile(r"\n\s*\n")
_ZH_SENT = re.compile(r"[^。！？；!?;\n]+(?:[。！？；!?;]+[”’」』）)]*|$)|\n")
#: Initialisms Punkt must not end a sentence after (the tokenizer keeps any ``X.Y.`` whole).
_INITIALISMS = ("u.s", "u.s.a", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c")


@lru_cache(maxsize=1)
def _punkt():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS) | set(_INITIALISMS)
    return PunktSentenceTokenizer(params)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (separated by blank lines), empty ones skipped."""
    spans, start = [], 0
    for m in _PARA.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def split_paragraphs(text: str) -> list[str]:
    """Split at blank lines.

    Examples
    --------
    >>> split_paragraphs("First.\\n\\nSecond\\nline.\\n\\n\\n")
    ['First.', 'Second\\nline.']
    """
    return [text[a:b].strip() for a, b in paragraph_spans(text)]


def sentence_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Character spans of sentences (see :func:`split_sentences`); ``language`` is any tag
    (``zh-Hant`` is split as Chinese: :func:`~toolkit.text.language.base_language`)."""
    if base_language(language) == "zh":
        spans = [m.span() for m in _ZH_SENT.finditer(text)]
    else:
        spans = []
        for a, b in paragraph_spans(text):
            spans.extend((a + s, a + e) for s, e in _punkt().span_tokenize(text[a:b]))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def split_sentences(text: str, *, language: str = "en") -> list[str]:
    """Split text into sentences; paragraphs are always sentence boundaries.

    Examples
    --------
    >>> split_sentences("Mr. Smith went to Washington. He spoke.\\n\\nNew one")
    ['Mr. Smith went to Washington.', 'He spoke.', 'New one']
    >>> split_sentences("坚持改革开放。推动高质量发展！", language="zh")
    ['坚持改革开放。', '推动高质量发展！']
    """
    return [text[a:b] for a, b in sentence_spans(text, language)]
