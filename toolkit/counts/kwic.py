"""``tk.kwic``: keyword in context over the normalised text of a corpus."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.distributed._switch import use_dask
from toolkit.errors import ArgumentError, InputError
from toolkit.text.language import base_language
from toolkit.text.normalize import fold_punct
from toolkit.text.tokenize import EN_WORD
from toolkit.text.words import CJK_START, LATIN_WORD, bounded
from toolkit.tokenized import Tokens, as_corpus

__all__ = ["kwic"]

COLUMNS = ["doc_id", "date", "year", "pattern", "left", "match", "right", "start", "end"]
TOKEN_COLUMNS = ["doc_id", "date", "year", "pattern", "position", "n", "left", "match", "right"]
_SORTS = (None, "left", "right", "match", "doc")
_SPACE = re.compile(r"\s+")


def _is_latin(word: str) -> bool:
    """A word without CJK characters: its wildcards stand for Latin word characters."""
    return not any(ord(c) >= CJK_START and c.isalnum() for c in word)


def _glob_body(word: str) -> str:
    char = LATIN_WORD if _is_latin(word) else r"[^\W_]"
    return "".join(f"{char}*" if c == "*" else char if c == "?" else re.escape(c) for c in word)


def _edge(word: str, at: int, kind: str) -> str:
    """The edge character of a pattern word, ``""`` for a Latin wildcard (needs a boundary);
    a Chinese wildcard stays itself, which is no Latin word character (no boundary)."""
    c = word[at]
    return "" if kind == "glob" and c in "*?" and _is_latin(word) else c


def _pattern(query: str, language: str, kind: str, case_sensitive: bool) -> re.Pattern:
    flags = 0 if case_sensitive else re.IGNORECASE
    if kind == "regex":
        try:
            return re.compile(query, flags)
        except re.error as e:
            raise ArgumentError(f"pattern {query!r} is not a valid regular expression: {e}") from e
    words = query.split()
    if not words:
        raise ArgumentError("empty pattern")
    piece = _glob_body if kind == "glob" else re.escape
    # Chinese: a substring of the normalised text (spaces in the query are optional); in any
    # language a Latin edge of the pattern needs a word boundary (toolkit.text.words)
    body = (r"\s*" if language == "zh" else r"\s+").join(piece(w) for w in words)
    return re.compile(bounded(body, _edge(words[0], 0, kind), _edge(words[-1], -1, kind)), flags)


def _word_spans(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for m in EN_WORD.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def kwic(
    data: Any,
    pattern: str | Sequence[str],
    *,
    context: int | None = None,
    kind: str = "glob",
    case_sensitive: bool = False,
    sort: str | None = None,
    client: Any = None,
    npartitions: int | None = None,
    read_options: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Find a word, phrase or regular expression and show it in context.

    On a Corpus (or texts), matching runs on the normalised text (``docs["text"]``) and
    ``start``/``end`` are character offsets into it:

    - English: case-insensitive by default; the pattern starts and ends at word boundaries,
      and the words of a phrase match across any run of whitespace (``"new deal"`` matches
      ``"New\\nDeal"``).
    - Chinese: a substring of the normalised text (``"改革开放"``), no word boundaries.
    - Mixed text, in a document of any language: a Latin edge of a pattern needs a word
      boundary, and a Chinese character is one (``"the"`` is found in ``"the改革"``, never in
      ``"other"``): the definition of :mod:`toolkit.text.words`, shared with the tokenizer
      and :func:`~toolkit.count_slogans`.
    - ``kind="glob"`` (default): ``*`` is any run of letters or digits, ``?`` one
      (``"econom*"``); ``kind="fixed"``: literal; ``kind="regex"``: a Python regular
      expression used as is.

    On Tokens, patterns are matched on tokens as everywhere else in the toolkit
    (:mod:`toolkit.tokenized.patterns`), contexts are tokens, and ``position``/``n`` give the
    first token and the length of the match.

    Parameters
    ----------
    data : Corpus, Tokens or list of str
        The texts.
    pattern : str or list of str
        What to find; several patterns are searched one after the other.
    context : int, optional
        Context on each side: words for English documents (default 8), **characters** for
        Chinese documents (default 20), tokens for Tokens (default 8).
    kind : {"glob", "fixed", "regex"}
        How ``pattern`` is read.
    case_sensitive : bool
        Match case exactly.
    sort : {None, "left", "right", "match", "doc"}
        Order of the lines: document order (default, also ``"doc"``), by the left context read
        backwards from the match (nearest word first, like a concordancer's 1L-2L-3L sort), by
        the right context, or by the matched text; sorting is case-insensitive.
    client : dask.distributed.Client, optional
        Search on this Dask cluster (default: locally, or on the active client when
        ``tk.options.dask`` is on): partitions' lines are concatenated in document order and
        sorted afterwards, so the table is identical (:mod:`toolkit.distributed`). With
        ``client=``, ``data`` may also be files (a Path to a file, folder or glob) read on the
        workers with ``read_options``; their load report is in ``attrs["load_report"]``.
    npartitions : int, optional
        Dask: number of partitions (default one per 50 documents, or one per file).
    read_options : dict, optional
        Dask, files: :func:`toolkit.read_corpus` options.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``date``, ``year``, ``pattern``, ``left``, ``match``, ``right``, ``start``,
        ``end`` (Tokens: ``position`` and ``n`` instead of ``start``/``end``). Contexts have
        their whitespace collapsed to single spaces; plain columns, ready for ``.to_csv``.

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["We need a New\\nDeal for America, a new deal now."],
    ...                          doc_ids=["fdr"])
    >>> tk.kwic(c, "new deal", context=2)[["left", "match", "right", "start"]].values.tolist()
    [['need a', 'New\\nDeal', 'for America', 10], ['America, a', 'new deal', 'now', 34]]
    >>> tk.kwic(["坚持改革开放不动摇"], "改革开放", context=2)[["left", "match", "right"]].values.tolist()
    [['坚持', '改革开放', '不动']]
    >>> tk.kwic(tk.tokens(["a new deal for all"]), "new deal", context=1)[["left", "match", "right"]].values.tolist()
    [['a', 'new deal', 'for']]
    """
    if sort not in _SORTS:
        raise ArgumentError(f"sort must be one of {_SORTS}, not {sort!r}")
    if kind not in ("glob", "fixed", "regex"):
        raise ArgumentError(f"kind must be 'glob', 'fixed' or 'regex', not {kind!r}")
    if context is not None and (
        isinstance(context, bool) or not isinstance(context, int) or context < 0
    ):
        raise ArgumentError(f"context must be an int >= 0, not {context!r}")
    queries = [pattern] if isinstance(pattern, str) else list(pattern)
    if not queries or not all(isinstance(q, str) for q in queries):
        raise InputError("pattern must be a string or a list of strings")
    report = None
    if use_dask(client):
        from toolkit.distributed import map_merge
        from toolkit.distributed._core import concat_frames

        out, report = map_merge(
            data, kwic, concat_frames, client=client, npartitions=npartitions,
            read_options=read_options, args=(queries,),
            kwargs={"context": context, "kind": kind, "case_sensitive": case_sensitive},
        )  # fmt: skip
    elif npartitions is not None or read_options is not None:
        raise InputError("npartitions and read_options only apply on Dask (client=)")
    elif isinstance(data, Tokens):
        out = _token_kwic(data, queries, 8 if context is None else context, kind, case_sensitive)
    else:
        out = _text_kwic(as_corpus(data), queries, context, kind, case_sensitive)
    out = _sorted(out, sort).reset_index(drop=True)
    from toolkit.distributed import attach_report

    return attach_report(out, report)


def _sorted(out: pd.DataFrame, sort: str | None) -> pd.DataFrame:
    """Lines in the order ``sort`` asks for (stable: document order among equals)."""
    if sort == "left":
        key = out["left"].str.lower().map(lambda s: " ".join(reversed(s.split())))
        out = out.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k")
    elif sort in ("right", "match"):
        out = out.assign(_k=out[sort].str.lower()).sort_values("_k", kind="stable")
        out = out.drop(columns="_k")
    return out


def _text_kwic(
    corpus: Any, queries: list[str], context: int | None, kind: str, case_sensitive: bool
) -> pd.DataFrame:
    docs = corpus.docs
    rows: list[tuple] = []
    langs = docs["language"].tolist()
    compiled = {}
    texts = docs["text"].tolist()
    for i, text in enumerate(texts):
        lang = base_language(langs[i])
        spans = None
        # Chinese glob/fixed patterns search the text with full-width punctuation folded to
        # ASCII (same offsets), so "百花齐放，百家争鸣" and "百花齐放,百家争鸣" are one pattern
        fold = lang == "zh" and kind != "regex"
        view = fold_punct(text) if fold else text
        for q in queries:
            key = (q, lang)
            if key not in compiled:
                compiled[key] = _pattern(fold_punct(q) if fold else q, lang, kind, case_sensitive)
            for m in compiled[key].finditer(view):
                a, b = m.span()
                if a == b:
                    continue
                if lang == "zh":
                    w = 20 if context is None else context
                    left, right = text[max(0, a - w) : a], text[b : b + w]
                else:
                    w = 8 if context is None else context
                    if spans is None:
                        spans = _word_spans(text)
                    starts, ends = spans
                    before = bisect_right(ends, a)  # words ending at or before the match
                    after = bisect_left(starts, b)  # first word starting at or after its end
                    left = text[starts[max(0, before - w)] : a] if w and before else ""
                    last = min(after + w, len(starts)) - 1
                    right = text[b : ends[last]] if w and after < len(starts) else ""
                rows.append((i, q, _flat(left), text[a:b], _flat(right), a, b))
    out = pd.DataFrame(rows, columns=["_doc", "pattern", "left", "match", "right", "start", "end"])
    out = out.astype({"_doc": np.int64, "start": np.int64, "end": np.int64})
    out = out.sort_values(["_doc", "start", "end"], kind="stable")
    return _with_doc_columns(out, docs, COLUMNS)


def _token_kwic(
    toks: Tokens, queries: list[str], context: int, kind: str, case_sensitive: bool
) -> pd.DataFrame:
    from toolkit.tokenized.patterns import find_spans, parse_patterns

    patterns = parse_patterns(queries, "regex" if kind == "regex" else kind)
    spans = find_spans(toks, patterns, case_sensitive=case_sensitive)
    words = toks.strings().tolist()
    doc = toks.doc_index
    offsets = toks.offsets
    rows = []
    for a, b, p in zip(
        spans.start.tolist(), spans.end.tolist(), spans.pattern.tolist(), strict=True
    ):
        d = int(doc[a])
        lo, hi = int(offsets[d]), int(offsets[d + 1])
        left = " ".join(w for w in words[max(lo, a - context) : a] if w)
        right = " ".join(w for w in words[b + 1 : min(hi, b + 1 + context)] if w)
        rows.append((d, queries[p], a - lo, b - a + 1, left, " ".join(words[a : b + 1]), right))
    out = pd.DataFrame(rows, columns=["_doc", "pattern", "position", "n", "left", "match", "right"])
    out = out.astype({"_doc": np.int64, "position": np.int64, "n": np.int64})
    out = out.sort_values(["_doc", "position"], kind="stable")
    return _with_doc_columns(out, toks.docvars, TOKEN_COLUMNS)


def _with_doc_columns(out: pd.DataFrame, docs: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Add ``doc_id``, ``date`` and ``year`` of every row's document (``_doc``)."""
    rows = out["_doc"].to_numpy()
    out = out.drop(columns="_doc").reset_index(drop=True)
    out["doc_id"] = docs["doc_id"].to_numpy()[rows] if len(docs) else []
    date = docs["date"] if "date" in docs else pd.Series(pd.NaT, index=docs.index)
    year = docs["year"] if "year" in docs else pd.Series(pd.NA, index=docs.index, dtype="Int64")
    out["date"] = pd.to_datetime(date.array.take(rows)).astype("datetime64[ns]")
    out["year"] = pd.array(year.array.take(rows), dtype="Int64")
    return out[columns]
