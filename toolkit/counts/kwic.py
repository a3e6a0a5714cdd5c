"""``tk.kwic``: keyword in context over the normalised text of a corpus."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

import numpy as np
import pandas as pd

from toolkit.corpus.model import Corpus
from toolkit.counts._tokens import as_corpus
from toolkit.errors import ArgumentError, InputError
from toolkit.text.tokenize import EN_TOKEN

__all__ = ["kwic"]

COLUMNS = ["doc_id", "date", "left", "match", "right", "start", "end"]
_SORTS = (None, "left", "right", "match", "doc")
_SPACE = re.compile(r"\s+")


def _pattern(query: str, language: str, regex: bool, case_sensitive: bool) -> re.Pattern:
    flags = 0 if case_sensitive else re.IGNORECASE
    if regex:
        try:
            return re.compile(query, flags)
        except re.error as e:
            raise ArgumentError(f"pattern {query!r} is not a valid regular expression: {e}") from e
    words = query.split()
    if not words:
        raise ArgumentError("empty pattern")
    if language == "zh":
        # Chinese: a plain substring of the normalised text (spaces in the query are optional)
        return re.compile(r"\s*".join(re.escape(w) for w in words), flags)
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


def _word_spans(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for m in EN_TOKEN.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def kwic(
    data: Corpus | Sequence[str],
    pattern: str | Sequence[str],
    *,
    window: int | None = None,
    regex: bool = False,
    case_sensitive: bool = False,
    sort: str | None = None,
) -> pd.DataFrame:
    """Find a word, phrase or regular expression and show it in context.

    Matching runs on the corpus's normalised text (``docs["text"]``), so ``start``/``end`` are
    character offsets into it.

    - English: case-insensitive by default; the pattern must start and end at word boundaries,
      and the words of a phrase match across any run of whitespace (``"new deal"`` matches
      ``"New\\nDeal"``).
    - Chinese: a substring of the normalised text (``"改革开放"``), no word boundaries.
    - ``regex=True``: the pattern is a Python regular expression (case-insensitive unless
      ``case_sensitive=True``), used as is.

    Parameters
    ----------
    data : Corpus or list of str
        The texts.
    pattern : str or list of str
        What to find; several patterns are searched one after the other.
    window : int, optional
        Context size on each side: words for English documents (default 8), **characters** for
        Chinese documents (default 20), which have no spaces between words.
    regex : bool
        Treat ``pattern`` as a regular expression.
    case_sensitive : bool
        Match case exactly.
    sort : {None, "left", "right", "match", "doc"}
        Order of the lines: document order (default, also ``"doc"``), by the left context read
        backwards from the match (nearest word first, like a concordancer's 1L-2L-3L sort), by
        the right context, or by the matched text; sorting is case-insensitive.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``date``, ``left``, ``match``, ``right``, ``start``, ``end``. Contexts have
        their whitespace collapsed to single spaces; plain columns, ready for ``.to_csv``.

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["We need a New\\nDeal for America, a new deal now."],
    ...                          doc_ids=["fdr"])
    >>> tk.kwic(c, "new deal", window=2)[["left", "match", "right", "start"]].values.tolist()
    [['need a', 'New\\nDeal', 'for America', 10], ['America, a', 'new deal', 'now', 34]]
    >>> tk.kwic(["坚持改革开放不动摇"], "改革开放", window=2)[["left", "match", "right"]].values.tolist()
    [['坚持', '改革开放', '不动']]
    """
    if sort not in _SORTS:
        raise ArgumentError(f"sort must be one of {_SORTS}, not {sort!r}")
    if window is not None and window < 0:
        raise ArgumentError(f"window must be >= 0, not {window}")
    corpus = as_corpus(data)
    queries = [pattern] if isinstance(pattern, str) else list(pattern)
    if not queries or not all(isinstance(q, str) for q in queries):
        raise InputError("pattern must be a string or a list of strings")
    docs = corpus.docs
    rows: list[tuple] = []
    langs = docs["language"].tolist()
    dates = docs["date"].tolist()
    compiled = {}
    texts = docs["text"].tolist()
    for i, (doc_id, text) in enumerate(zip(docs["doc_id"].tolist(), texts, strict=True)):
        lang = "zh" if langs[i] == "zh" else "en"
        spans = None
        for q in queries:
            key = (q, lang)
            if key not in compiled:
                compiled[key] = _pattern(q, lang, regex, case_sensitive)
            for m in compiled[key].finditer(text):
                a, b = m.span()
                if a == b:
                    continue
                if lang == "zh":
                    w = 20 if window is None else window
                    left, right = text[max(0, a - w) : a], text[b : b + w]
                else:
                    w = 8 if window is None else window
                    if spans is None:
                        spans = _word_spans(text)
                    starts, ends = spans
                    before = bisect_right(ends, a)  # words ending at or before the match
                    after = bisect_left(starts, b)  # first word starting at or after its end
                    left = text[starts[max(0, before - w)] : a] if w and before else ""
                    last = min(after + w, len(starts)) - 1
                    right = text[b : ends[last]] if w and after < len(starts) else ""
                rows.append((i, doc_id, dates[i], _flat(left), m.group(0), _flat(right), a, b))
    out = pd.DataFrame(rows, columns=["_doc", *COLUMNS])
    if out.empty:
        out = out.astype({"start": np.int64, "end": np.int64})
    out = out.sort_values(["_doc", "start", "end"], kind="stable")
    if sort == "left":
        key = out["left"].str.lower().map(lambda s: " ".join(reversed(s.split())))
        out = out.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k")
    elif sort in ("right", "match"):
        out = out.assign(_k=out[sort].str.lower()).sort_values("_k", kind="stable")
        out = out.drop(columns="_k")
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    return out.drop(columns="_doc").reset_index(drop=True)
