"""Operations on :class:`~toolkit.Tokens`, each returning new Tokens (quanteda's ``tokens_*``).

Patterns follow :mod:`toolkit.tokenized.patterns` everywhere: ``kind="glob"`` by default,
case-insensitive unless ``case_sensitive=True``, phrases written with spaces, Chinese patterns
matched on characters across the segmenter's token boundaries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toolkit._arrow import gram_strings
from toolkit.corpus.model import group_codes
from toolkit.errors import ArgumentError, InputError
from toolkit.tokenized._core import PAD, Tokens, _ranges
from toolkit.tokenized.patterns import (
    Spans,
    find_spans,
    has_cjk,
    longest_first,
    parse_patterns,
)

__all__ = [
    "compound",
    "concat",
    "group",
    "lookup",
    "lowercase",
    "ngrams",
    "remove",
    "replace",
    "select",
    "skipgrams",
]


def _finish(
    tokens: Tokens,
    start: np.ndarray,
    end: np.ndarray,
    strings: np.ndarray | None = None,
    ids: np.ndarray | None = None,
    vocab: np.ndarray | None = None,
    **take: Any,
) -> Tokens:
    """Build the output from per-token ``strings`` (or ``ids`` into ``vocab``): the vocabulary
    is de-duplicated and unused types are dropped, pads stay pads."""
    if strings is not None:
        strings = np.asarray(strings, dtype=object)
        pad = np.array([s is None for s in strings.tolist()], dtype=bool)
        codes, uniques = pd.factorize(pd.Series(strings[~pad], dtype=object), sort=False)
        ids = np.full(len(strings), PAD, dtype=np.int64)
        ids[~pad] = codes
        vocab = np.asarray(uniques, dtype=object)
    else:
        ids = np.asarray(ids, dtype=np.int64)
        vocab = np.asarray(vocab, dtype=object)
        used = np.zeros(len(vocab), dtype=bool)
        used[ids[ids >= 0]] = True
        codes, uniques = pd.factorize(pd.Series(vocab, dtype=object), sort=False)
        keep = np.zeros(len(uniques), dtype=bool)
        keep[codes[used]] = True
        new = np.cumsum(keep) - 1
        remap = np.where(keep[codes], new[codes], PAD)
        ids = np.where(ids >= 0, remap[np.maximum(ids, 0)], PAD)
        vocab = np.asarray(uniques, dtype=object)[keep]
    vocab = np.asarray(vocab.tolist(), dtype=str) if len(vocab) else np.array([], dtype=str)
    return tokens._take(start, end, ids.astype(np.int32), vocab, **take)


def _spans(tokens: Tokens, patterns: Any, kind: str, case_sensitive: bool) -> Spans:
    return find_spans(tokens, parse_patterns(patterns, kind), case_sensitive=case_sensitive)


def _keep(tokens: Tokens, keep: np.ndarray, padding: bool) -> Tokens:
    pos = np.arange(tokens.n_tokens, dtype=np.int64)
    if padding:
        ids = np.where(keep, tokens.ids, PAD)
        return _finish(tokens, pos, pos, ids=ids, vocab=tokens.vocab)
    pos = pos[keep]
    return _finish(tokens, pos, pos, ids=tokens.ids[pos], vocab=tokens.vocab)


def select(
    tokens: Tokens,
    patterns: Any,
    *,
    kind: str = "glob",
    case_sensitive: bool = False,
    padding: bool = False,
) -> Tokens:
    """Keep the tokens matching any of ``patterns`` (all tokens of a matching phrase).

    Parameters
    ----------
    tokens : Tokens
    patterns : str, list of str, or a table with a ``feature`` column
        Words, globs (``"econom*"``), regular expressions (``kind="regex"``) or phrases.
    kind : {"glob", "regex", "fixed"}
    case_sensitive : bool
    padding : bool
        Keep the place of every other token as a pad (``""``), so positions and distances
        stay as in the text.

    Examples
    --------
    >>> import toolkit as tk
    >>> toks = tk.tokens(["The economy grew and taxes fell."])
    >>> toks.select(["econom*", "tax*"])[0]
    ['economy', 'taxes']
    >>> toks.select("econom*", padding=True)[0]
    ['', 'economy', '', '', '', '']
    """
    spans = _spans(tokens, patterns, kind, case_sensitive)
    return _keep(tokens, spans.covered(tokens.n_tokens), padding)


def remove(
    tokens: Tokens,
    patterns: Any,
    *,
    kind: str = "glob",
    case_sensitive: bool = False,
    padding: bool = False,
) -> Tokens:
    """Drop the tokens matching any of ``patterns`` (see :func:`select` for the arguments).

    Examples
    --------
    >>> import toolkit as tk
    >>> tk.tokens(["Building and growing and winning"]).remove("*ing")[0]
    ['and', 'and']
    >>> tk.tokens(["state of the union"]).remove(["of", "the"], padding=True)[0]
    ['state', '', '', 'union']
    """
    spans = _spans(tokens, patterns, kind, case_sensitive)
    return _keep(tokens, ~spans.covered(tokens.n_tokens), padding)


def _join(words: list[str], concatenator: str | None) -> str:
    if concatenator is not None:
        return concatenator.join(words)
    out = words[0]
    for w in words[1:]:
        cjk = out and w and has_cjk(out[-1]) and has_cjk(w[0])
        out += ("" if cjk else "_") + w
    return out


def _splice(tokens: Tokens, spans: Spans, replacement: list[list[str]], keep_rest: bool) -> Tokens:
    """Replace every span by its tokens in ``replacement`` (in span order); other tokens stay
    (``keep_rest``) or go. Works on ids: the replacement strings extend the vocabulary."""
    n = tokens.n_tokens
    rest = np.flatnonzero(~spans.covered(n)) if keep_rest else np.zeros(0, dtype=np.int64)
    sizes = np.asarray([len(r) for r in replacement], dtype=np.int64)
    start = np.concatenate([rest, np.repeat(spans.start, sizes)])
    end = np.concatenate([rest, np.repeat(spans.end, sizes)])
    within = np.concatenate([np.zeros(len(rest), np.int64)] + [np.arange(k) for k in sizes])
    flat = [w for r in replacement for w in r]
    codes, uniques = pd.factorize(pd.Series(flat, dtype=object), sort=False)
    V = len(tokens.vocab)
    ids = np.concatenate([tokens.ids[rest].astype(np.int64), codes.astype(np.int64) + V])
    vocab = np.concatenate([tokens.vocab.astype(object), np.asarray(uniques, dtype=object)])
    order = np.lexsort((within, start))
    return _finish(tokens, start[order], end[order], ids=ids[order], vocab=vocab)


def compound(
    tokens: Tokens,
    phrases: Any,
    *,
    kind: str = "glob",
    case_sensitive: bool = False,
    concatenator: str | None = None,
) -> Tokens:
    """Join each match of a multi-token phrase into one token.

    Parameters
    ----------
    phrases : str, list of str, or a table with a ``feature`` column
        Phrases with spaces (``"new deal"``), Chinese strings matched across the segmenter's
        boundaries (``"两个确立"``), or a :func:`toolkit.collocations` result.
    concatenator : str, optional
        Joins the parts; by default ``"_"``, and nothing between two Chinese characters.

    Overlapping matches are resolved leftmost-longest.

    Examples
    --------
    >>> import toolkit as tk
    >>> tk.tokens(["The New Deal and the United States"]).compound(["new deal", "united states"])[0]
    ['the', 'new_deal', 'and', 'the', 'united_states']
    >>> tk.tokens(["坚持两个确立"]).compound(["两个确立"])[0]
    ['坚持', '两个确立']
    """
    spans = longest_first(_spans(tokens, phrases, kind, case_sensitive))
    spans = spans.take(np.flatnonzero(spans.end > spans.start))
    vocab = tokens.vocab.tolist()
    ids = tokens.ids
    joined = [
        [_join([vocab[i] for i in ids[a : b + 1].tolist()], concatenator)]
        for a, b in zip(spans.start.tolist(), spans.end.tolist(), strict=True)
    ]
    return _splice(tokens, spans, joined, keep_rest=True)


def _as_dictionary(dictionary: Any) -> Any:
    from toolkit.tokenized.dictionary import Dictionary

    if isinstance(dictionary, Dictionary):
        return dictionary
    if isinstance(dictionary, Mapping):
        return Dictionary(dictionary)
    if hasattr(dictionary, "entries") and hasattr(dictionary, "ids"):  # a Lexicon
        return Dictionary.from_lexicon(dictionary)
    raise InputError(
        f"expected a tk.Dictionary, a dict of category -> patterns or a Lexicon, not "
        f"{type(dictionary).__name__}"
    )


def dictionary_patterns(
    dictionary: Any, levels: Any = None
) -> tuple[list[str], list[Any], np.ndarray]:
    """The flat categories of a dictionary, its parsed patterns and each pattern's category."""
    d = _as_dictionary(dictionary)
    categories = d.categories(levels=levels)
    keys = list(categories)
    patterns, owner = [], []
    for k, values in enumerate(categories.values()):
        parsed = parse_patterns(list(values), d.kind)
        patterns.extend(parsed)
        owner.extend([k] * len(parsed))
    return keys, patterns, np.asarray(owner, dtype=np.int64)


def lookup(
    tokens: Tokens,
    dictionary: Any,
    *,
    levels: Any = None,
    exclusive: bool = False,
    nomatch: str | None = None,
    case_sensitive: bool = False,
) -> Tokens:
    """Replace the matches of a dictionary's values by their category (quanteda's
    ``tokens_lookup``, whose default is ``exclusive = TRUE``: here the unmatched tokens stay,
    so a lookup can sit inside a pipeline of token operations; pass ``exclusive=True`` for
    the categories alone, as :func:`toolkit.lookup` and :meth:`Dfm.lookup` count them).

    Parameters
    ----------
    dictionary : Dictionary, dict of category → patterns, or Lexicon
        Values are matched as :mod:`toolkit.tokenized.patterns` describes (the dictionary's
        ``kind``); multi-word values match phrases.
    levels : int or sequence of int, optional
        Levels of a nested dictionary to keep (categories are joined with ``.``).
    exclusive : bool
        Keep only the categories; ``False`` (default) keeps the unmatched tokens too.
    nomatch : str, optional
        With ``exclusive=True``, put this token where nothing matched.

    A token matched by values of several categories yields each category (in dictionary
    order); within one category matches are leftmost-longest.

    Examples
    --------
    >>> import toolkit as tk
    >>> d = tk.Dictionary({"economy": ["econom*", "tax*"], "war": ["war", "militar*"]})
    >>> tk.tokens(["Taxes, war and the economy"]).lookup(d)[0]
    ['economy', 'war', 'and', 'the', 'economy']
    >>> tk.tokens(["Taxes, war and the economy"]).lookup(d, exclusive=True)[0]
    ['economy', 'war', 'economy']
    """
    keys, patterns, owner = dictionary_patterns(dictionary, levels)
    found = find_spans(tokens, patterns, case_sensitive=case_sensitive)
    spans = longest_first(found, groups=owner)
    cat = owner[spans.pattern]
    order = np.lexsort((cat, spans.start))
    spans, cat = spans.take(order), cat[order]
    replacement = [[keys[c]] for c in cat.tolist()]
    if exclusive and nomatch is not None:
        free = np.flatnonzero(~spans.covered(tokens.n_tokens))
        extra = Spans(free, free, np.zeros(len(free), dtype=np.int64))
        both = Spans(
            np.concatenate([spans.start, free]),
            np.concatenate([spans.end, free]),
            np.zeros(len(spans) + len(free), dtype=np.int64),
        )
        order = np.argsort(both.start, kind="stable")
        replacement = [*replacement, *([[nomatch]] * len(extra))]
        replacement = [replacement[i] for i in order.tolist()]
        return _splice(tokens, both.take(order), replacement, keep_rest=False)
    return _splice(tokens, spans, replacement, keep_rest=not exclusive)


def replace(
    tokens: Tokens,
    mapping: Mapping[str, str] | tuple[Sequence[str], Sequence[str]],
    *,
    kind: str = "glob",
    case_sensitive: bool = False,
) -> Tokens:
    """Replace tokens or phrases: ``{"u.s.": "united_states", "new deal": "new_deal"}`` or
    ``(patterns, replacements)``. A replacement with spaces becomes several tokens.

    Examples
    --------
    >>> import toolkit as tk
    >>> tk.tokens(["Taxes and more taxes"]).replace({"tax*": "levy", "and more": "plus"})[0]
    ['levy', 'plus', 'levy']
    """
    if isinstance(mapping, Mapping):
        pats, reps = list(mapping), list(mapping.values())
    elif isinstance(mapping, tuple) and len(mapping) == 2:
        pats, reps = list(mapping[0]), list(mapping[1])
    else:
        raise InputError(
            "replace() takes a dict {pattern: replacement} or (patterns, replacements)"
        )
    if len(pats) != len(reps):
        raise ArgumentError(f"{len(pats)} patterns but {len(reps)} replacements")
    for r in reps:
        if not isinstance(r, str) or not r.split():
            raise ArgumentError(f"replacement {r!r} must be a non-empty string")
    spans = longest_first(_spans(tokens, pats, kind, case_sensitive))
    replacement = [reps[p].split() for p in spans.pattern.tolist()]
    return _splice(tokens, spans, replacement, keep_rest=True)


def _segments(tokens: Tokens, boundary: str) -> np.ndarray:
    if boundary == "document":
        return tokens.doc_index
    if boundary == "sentence":
        if tokens.sentence_starts is None:
            raise ArgumentError("boundary='sentence' needs Tokens made with sentences=True")
        return tokens.sentence_ids()
    raise ArgumentError(f"boundary must be 'document' or 'sentence', not {boundary!r}")


def _gram_tokens(
    tokens: Tokens, shapes: list[tuple[int, ...]], concatenator: str, boundary: str
) -> Tokens:
    """Tokens made of the tokens at ``i + shape`` for every start ``i`` and shape (a tuple of
    offsets from the first token), in order of start, then shape."""
    seg = _segments(tokens, boundary)
    ids = tokens.ids
    n = len(ids)
    starts, ends, shape_no, columns = [], [], [], []
    for k, shape in enumerate(shapes):
        span = shape[-1]
        size = max(n - span, 0)
        ok = np.ones(size, dtype=bool)
        for off in shape:
            ok &= ids[off : off + size] >= 0
        if span and size:
            ok &= seg[:size] == seg[span : span + size]
        first = np.flatnonzero(ok)
        starts.append(first)
        ends.append(first + span)
        shape_no.append(np.full(len(first), k, dtype=np.int64))
        columns.append([ids[first + off] for off in shape])
    start = np.concatenate(starts) if starts else np.zeros(0, np.int64)
    end = np.concatenate(ends) if ends else np.zeros(0, np.int64)
    shape_no = np.concatenate(shape_no) if shape_no else start
    size_of = np.asarray([len(s) for s in shapes], dtype=np.int64)
    doc = tokens.doc_index[start] if len(start) else start
    order = np.lexsort((shape_no, start, size_of[shape_no] if len(start) else start, doc))
    width = max((len(s) for s in shapes), default=1)
    grams = np.full((width, len(start)), -1, dtype=np.int64)
    at = 0
    for cols in columns:
        m = len(cols[0]) if cols else 0
        for j, col in enumerate(cols):
            grams[j, at : at + m] = col
        at += m
    grams = grams[:, order]
    words = pa.array(tokens.vocab.tolist(), type=pa.large_string())
    joined = gram_strings(words, grams, sep=concatenator)
    encoded = pc.dictionary_encode(joined)
    vocab = np.asarray(encoded.dictionary.to_pylist(), dtype=str)
    new_ids = encoded.indices.to_numpy(zero_copy_only=False)
    return tokens._take(start[order], end[order], new_ids.astype(np.int32), vocab)


#: Longest n-gram (or collocation) the toolkit builds: longer ones are almost all unique, and
#: every extra word multiplies memory, so ``n`` above this is refused with a message.
MAX_NGRAM = 8
#: Most skip-gram shapes (combinations of skips) built at once.
MAX_SHAPES = 1000


def _sizes(n: int | Sequence[int]) -> list[int]:
    sizes = [n] if isinstance(n, (int, np.integer)) else list(n)
    if not sizes or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in sizes):
        raise ArgumentError(f"n must be an int or a list of ints, not {n!r}")
    if min(sizes) < 1 or max(sizes) > MAX_NGRAM:
        raise ArgumentError(f"n must be from 1 to {MAX_NGRAM} (n-gram length), not {n!r}")
    return sorted({int(v) for v in sizes})


def ngrams(
    tokens: Tokens,
    n: int | Sequence[int] = 2,
    *,
    skip: int | Sequence[int] = 0,
    concatenator: str = "_",
    boundary: str = "document",
) -> Tokens:
    """Tokens of n-grams (quanteda's ``tokens_ngrams``): every run of ``n`` tokens inside a
    document (``boundary="sentence"``: a sentence), with no pad, joined by ``concatenator``.
    ``n`` may be a list (``[1, 2]``): within each document the n-grams of each length come in
    turn, each in text order.

    Examples
    --------
    >>> import toolkit as tk
    >>> tk.tokens(["a b c"]).ngrams(2)[0]
    ['a_b', 'b_c']
    >>> tk.tokens(["a b c"]).ngrams([1, 2])[0]
    ['a', 'b', 'c', 'a_b', 'b_c']
    """
    skips = [skip] if isinstance(skip, (int, np.integer)) else list(skip)
    return skipgrams(tokens, n, skip=skips, concatenator=concatenator, boundary=boundary)


def skipgrams(
    tokens: Tokens,
    n: int | Sequence[int] = 2,
    *,
    skip: int | Sequence[int] = (0, 1),
    concatenator: str = "_",
    boundary: str = "document",
) -> Tokens:
    """Tokens of skip-grams (quanteda's ``tokens_skipgrams``): ``n`` tokens with ``skip``
    tokens left out between each two (every combination of the allowed skips).

    Examples
    --------
    >>> import toolkit as tk
    >>> tk.tokens(["insurgents killed in ongoing fighting"]).skipgrams(2, skip=[0, 1])[0]
    ['insurgents_killed', 'insurgents_in', 'killed_in', 'killed_ongoing', 'in_ongoing', \
'in_fighting', 'ongoing_fighting']
    """
    skips = [skip] if isinstance(skip, (int, np.integer)) else list(skip)
    if not skips or any(not isinstance(s, (int, np.integer)) or s < 0 for s in skips):
        raise ArgumentError(f"skip must be a non-negative int or list of ints, not {skip!r}")
    sizes = _sizes(n)
    count = sum(len(set(skips)) ** (size - 1) for size in sizes)
    if count > MAX_SHAPES:
        raise ArgumentError(
            f"n={n!r} with skip={skip!r} makes {count:,} skip-gram shapes; at most "
            f"{MAX_SHAPES:,} (use fewer skips or a shorter n)"
        )
    shapes = []
    for size in sizes:
        for gaps in product(sorted(set(skips)), repeat=size - 1):
            shapes.append(tuple(int(v) for v in np.concatenate([[0], np.cumsum(np.add(gaps, 1))])))
    return _gram_tokens(tokens, shapes, concatenator, boundary)


def lowercase(tokens: Tokens) -> Tokens:
    """Lower-case every token; types that become equal merge.

    Examples
    --------
    >>> import toolkit as tk
    >>> toks = tk.tokens(["The the THE"], lowercase=False)
    >>> len(toks.vocab), len(toks.lowercase().vocab)
    (3, 1)
    """
    pos = np.arange(tokens.n_tokens, dtype=np.int64)
    lower = np.asarray([v.lower() for v in tokens.vocab.tolist()], dtype=object)
    return _finish(tokens, pos, pos, ids=tokens.ids, vocab=lower)


def group(tokens: Tokens, by: str | Sequence[str]) -> Tokens:
    """One document per group (quanteda's ``tokens_group``): the tokens of a group's documents
    laid end to end, in corpus order. The docvars are the ``by`` columns, ``n_docs`` and every
    column whose value is the same for all documents of the group; ``doc_id`` is the group
    value (values joined with ``|`` for several columns). Document boundaries inside a group
    remain sentence boundaries when sentences were kept.

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["a b", "c", "d"], party=["D", "R", "D"])
    >>> g = tk.tokens(c).group("party")
    >>> g.doc_ids, g.to_lists()
    (['D', 'R'], [['a', 'b', 'd'], ['c']])
    """
    docvars = tokens.docvars
    codes, labels = group_codes(docvars, by, context="group(by")
    order = np.argsort(codes, kind="stable")
    lengths = tokens.doc_lengths[order]
    pos = _ranges(tokens.offsets[order], lengths)
    doc = np.repeat(codes[order], lengths)
    out = group_docvars(docvars, codes, labels)
    return tokens._take(pos, pos, tokens.ids[pos], tokens.vocab, doc=doc, docvars=out)


def group_docvars(docvars: pd.DataFrame, codes: np.ndarray, labels: pd.DataFrame) -> pd.DataFrame:
    """The docvars of groups (shared by ``Tokens.group`` and ``Dfm.group``): ``doc_id`` (the
    group values, ``|``-joined), the group columns, ``n_docs`` and every other column that has
    one value within each group."""
    cols = list(labels.columns)
    out = labels.copy()
    out.insert(0, "doc_id", ["|".join(str(v) for v in row) for row in labels.itertuples(False)])
    out["n_docs"] = np.bincount(codes, minlength=len(labels))
    for col in docvars.columns:
        if col in out.columns or col == "doc_id":
            continue
        values = docvars[col]
        per = values.groupby(codes).nunique(dropna=False)
        if bool((per <= 1).all()):
            out[col] = values.groupby(codes).first().reindex(range(len(labels))).to_numpy()
    return out[["doc_id", *cols, *[c for c in out.columns if c not in ("doc_id", *cols)]]]


def concat(parts: Sequence[Tokens]) -> Tokens:
    """Several Tokens laid end to end over one shared vocabulary (their docvars stacked).

    Examples
    --------
    >>> import toolkit as tk
    >>> both = concat([tk.tokens(["a b"]), tk.tokens(["b c"])])
    >>> both.to_lists(), both.vocab.tolist()
    ([['a', 'b'], ['b', 'c']], ['a', 'b', 'c'])
    """
    parts = list(parts)
    if not parts:
        raise ArgumentError("concat() needs at least one Tokens")
    vocab, inverse = np.unique(np.concatenate([p.vocab for p in parts]), return_inverse=True)
    inverse = inverse.reshape(-1)
    ids, offsets, starts, gaps = [], [np.zeros(1, dtype=np.int64)], [], []
    at_v = at_t = 0
    keep_sent = all(p.sentence_starts is not None for p in parts)
    keep_gaps = all(p.gaps is not None for p in parts)
    for p in parts:
        remap = np.append(inverse[at_v : at_v + len(p.vocab)], PAD)
        ids.append(remap[p.ids].astype(np.int32))
        offsets.append(p.offsets[1:] + at_t)
        if keep_sent:
            starts.append(p.sentence_starts + at_t)
        if keep_gaps:
            gaps.append(p.gaps + at_t)
        at_v += len(p.vocab)
        at_t += p.n_tokens
    return Tokens(
        vocab.astype(str),
        np.concatenate(ids),
        np.concatenate(offsets),
        pd.concat([p.docvars for p in parts], ignore_index=True, sort=False),
        parts[0].settings,
        sentence_starts=np.concatenate(starts) if keep_sent else None,
        gaps=np.concatenate(gaps) if keep_gaps else None,
    )
