"""Tokenizing many strings at once, at native speed: the rules and the engines.

Design
------
A token stream is built as *codes*: one ``int32`` per raw token (punctuation included) into a
list of distinct token strings (*types*), and the number of tokens of every input string.
Filters (stopwords, punctuation, numbers, length) are then decided once per type, never per
token (:func:`toolkit.tokenized.build.tokenize_corpus`).

- **English** (and every non-Chinese text): one regular expression (:data:`EN_PATTERN`, the
  rules below) run by Polars' Rust string kernels (``str.extract_all``) in threads that release
  the GIL, then Arrow's hash dictionary encoding turns the token strings into codes. Lower-casing
  is applied to the (few) types, not to the (many) characters.
- **Chinese**: rjieba segmentation (paragraph by paragraph), except that numbers with thousands
  separators (``1,000万元``) and dotted initialisms (``U.S.``), which jieba splits, are kept whole.

English rules, in the order they are tried at each position (the first that matches wins):

1. web addresses ``https://…``/``www.…`` (trailing punctuation left out) and e-mail addresses;
2. hashtags and mentions: ``#tag``, ``@name``;
3. numbers: optional currency sign, digits with thousands separators and a decimal part,
   parenthesised sections, then optionally ``%`` or a letter suffix, and hyphenated parts:
   ``3.5``, ``1,000,000``, ``$1.2``, ``40%``, ``1990s``, ``21st``, ``9-11``, ``401(k)``;
4. initialisms with periods, optionally possessive: ``U.S.``, ``U.N.``, ``a.m.``, ``e.g.``,
   ``U.S.'s``; a capital letter's initial with its period (``J.`` in "Donald J. Trump"; not
   ``I.``); capitals joined by ``&`` (``S&P``, ``R&D``);
5. abbreviations with a period from a fixed list (:data:`ABBREVIATIONS`: ``Mr.``, ``Dr.``,
   ``St.``, ``Jan.``…; case-insensitive);
6. words: letters, digits and marks, joined by inner apostrophes (``'`` or ``’``), hyphens and
   underscores: ``well-being``, ``don't``, ``America’s``, ``new_deal``; a word stops at a CJK
   character, and a run of CJK characters is a token of its own (``the改革`` → ``the``,
   ``改革``; :mod:`toolkit.text.words`);
7. any other visible character, as a one-character punctuation or symbol token.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np

from toolkit.text.words import CJK_START

__all__ = [
    "ABBREVIATIONS",
    "EN_PATTERN",
    "ZH_PROTECT",
    "encode_tokens",
    "tokenize_en",
    "tokenize_zh",
]

#: Abbreviations that keep their period (lower case; matched case-insensitively). Shared with
#: the sentence splitter, so a sentence never ends after "Mr.".
ABBREVIATIONS = (
    "mr", "mrs", "ms", "messrs", "dr", "prof", "sr", "jr", "st", "gen", "col", "maj", "capt",
    "lt", "sgt", "gov", "sen", "rep", "hon", "rev", "vs", "etc", "inc", "corp", "ltd", "co",
    "dept", "jan", "feb", "apr", "aug", "sept", "oct", "nov", "dec", "fig", "vol", "pp",
    "approx", "ft", "mt", "ave", "blvd", "v",
)  # fmt: skip

# Latin words stop at CJK characters (toolkit.text.words): "the改革" is "the", "改革"
_CJK_RANGE = rf"\x{{{CJK_START:X}}}-\x{{10FFFF}}"
_L = rf"[\w--[\d_{_CJK_RANGE}]]"  # a letter (or mark) of a Latin word
_W = rf"[\w--[_{_CJK_RANGE}]]"  # a letter, mark or digit of a Latin word
_CJK = rf"[\w&&[{_CJK_RANGE}]]"  # a CJK character (ideograph, kana, Hangul…)
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_ABBREV = "|".join(sorted(ABBREVIATIONS, key=lambda a: (-len(a), a)))

#: The English token rules as one regular expression (Rust ``regex`` syntax, run by Polars).
EN_PATTERN = "|".join(
    [
        r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'’]",  # 1. web address
        r"[\w.+\-]+@\w[\w\-]*(?:\.\w[\w\-]*)+",  # 1. e-mail
        r"[#@]\w+",  # 2. hashtag, mention
        rf"\p{{Sc}}?{_NUM}(?:\([\p{{L}}\d]{{1,3}}\))*(?:%|{_L}+)?(?:[\-‐]{_W}+)*",  # 3. number
        rf"{_L}\.(?:{_L}\.)+(?:['’]s)?",  # 4. initialism
        r"[\p{Lu}--I]\.",  # 4. a capital's initial (J. in Donald J. Trump), not "I."
        r"\p{Lu}+(?:&\p{Lu}+)+",  # 4. S&P, R&D, AT&T
        rf"(?i:{_ABBREV})\.",  # 5. abbreviation
        rf"{_W}+(?:['’\-‐_]{_W}+)*",  # 6. word
        rf"{_CJK}+",  # 6. a run of CJK characters (in a non-Chinese text)
        r"[^\w\s]|_",  # 7. any other visible character
    ]
)

#: Pieces of Chinese text kept whole instead of segmented (Python ``re`` syntax).
ZH_PROTECT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|[A-Za-z]\.(?:[A-Za-z]\.)+")

#: Strings per thread task: enough to amortise the call, small enough to balance the threads.
_CHUNK_CHARS = 4_000_000


def encode_tokens(tokens: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes (``int32``, first-occurrence order) and types of a list of token strings.

    Examples
    --------
    >>> codes, types = encode_tokens(["a", "b", "a"])
    >>> codes.tolist(), types
    ([0, 1, 0], ['a', 'b'])
    """
    import pyarrow as pa

    if not tokens:
        return np.zeros(0, np.int32), []
    return _arrow_codes(pa.array(tokens, type=pa.large_string()))


def _arrow_codes(strings) -> tuple[np.ndarray, list[str]]:
    """Codes and types of an Arrow string array, by Arrow's hash dictionary encoding (types in
    first-occurrence order)."""
    encoded = strings.dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    return codes, encoded.dictionary.to_pylist()


def _merge(parts: list[tuple[np.ndarray, list[str]]]) -> tuple[np.ndarray, list[str]]:
    """One code space for several (codes, types) pairs, types in first-occurrence order."""
    if len(parts) == 1:
        return parts[0]
    all_types = [t for _, types in parts for t in types]
    global_codes, types = encode_tokens(all_types)
    out, at = [], 0
    for codes, local in parts:
        out.append(global_codes[at : at + len(local)][codes] if len(codes) else codes)
        at += len(local)
    return np.concatenate(out).astype(np.int32, copy=False), types


def _lowered(codes: np.ndarray, types: list[str]) -> tuple[np.ndarray, list[str]]:
    lower_codes, lower_types = encode_tokens([t.lower() for t in types])
    return (lower_codes[codes] if len(codes) else codes).astype(np.int32), lower_types


def _chunks(texts: list[str], size: int) -> list[tuple[int, int]]:
    bounds, start, chars = [], 0, 0
    for i, t in enumerate(texts):
        chars += len(t)
        if chars >= size:
            bounds.append((start, i + 1))
            start, chars = i + 1, 0
    if start < len(texts) or not bounds:
        bounds.append((start, len(texts)))
    return bounds


def _extract(texts: list[str], pattern: str) -> tuple[np.ndarray, list[str], np.ndarray]:
    import polars as pl

    found = pl.Series(texts, dtype=pl.String).str.extract_all(pattern)
    sizes = found.list.len().fill_null(0).to_numpy().astype(np.int64)
    codes, types = _arrow_codes(found.explode().drop_nulls().to_arrow())
    return codes, types, sizes


def extract_all(
    texts: list[str], pattern: str, *, lowercase: bool = False, threads: int = 1
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Every match of ``pattern`` (Rust regex syntax) in every text, as codes.

    Returns ``(codes, types, sizes)``: one ``int32`` code per match (all texts one after the
    other), the matched strings (lower-cased when asked), and the number of matches per text.

    Examples
    --------
    >>> codes, types, sizes = extract_all(["a b", "B"], r"\\w+", lowercase=True)
    >>> [types[c] for c in codes], sizes.tolist()
    (['a', 'b', 'b'], [2, 1])
    """
    bounds = _chunks(texts, _CHUNK_CHARS // max(1, threads))
    if threads > 1 and len(bounds) > 1:
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(lambda b: _extract(texts[b[0] : b[1]], pattern), bounds))
    else:
        results = [_extract(texts[a:b], pattern) for a, b in bounds]
    codes, types = _merge([(c, t) for c, t, _ in results])
    sizes = np.concatenate([s for _, _, s in results]) if results else np.zeros(0, np.int64)
    if lowercase:
        codes, types = _lowered(codes, types)
    return codes, types, sizes


def tokenize_en(
    texts: list[str], *, lowercase: bool = True, threads: int = 1
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """English tokens of many texts as ``(codes, types, sizes)`` (see the module rules).

    Examples
    --------
    >>> codes, types, sizes = tokenize_en(["Mr. Smith paid $1,000.50 (3.5%) in the U.S."])
    >>> [types[c] for c in codes]
    ['mr.', 'smith', 'paid', '$1,000.50', '(', '3.5%', ')', 'in', 'the', 'u.s.']
    """
    return extract_all(texts, EN_PATTERN, lowercase=lowercase, threads=threads)


@lru_cache(maxsize=8)
def segmenter(phrases: tuple[str, ...]):
    """rjieba, with the Chinese ``phrases`` added to its dictionary (one per set of phrases)."""
    import rjieba

    if not phrases:
        return rjieba
    seg = rjieba.Jieba()
    for p in phrases:
        if not p.isascii():
            seg.add_word(p.replace(" ", ""), 10**7, None)
    return seg


def cut_zh(text: str, *, phrases: tuple[str, ...] = (), hmm: bool = True) -> list[str]:
    """jieba's segmentation of one Chinese text, keeping :data:`ZH_PROTECT` pieces whole.

    Examples
    --------
    >>> cut_zh("投资1,000万元")
    ['投资', '1,000', '万元']
    """
    seg = segmenter(phrases)
    if ZH_PROTECT.search(text) is None:
        return seg.cut(text, hmm)
    out: list[str] = []
    for i, piece in enumerate(_split_keep(text)):
        if i % 2:
            out.append(piece)
        elif piece:
            out.extend(seg.cut(piece, hmm))
    return out


def _split_keep(text: str) -> list[str]:
    pieces, at = [], 0
    for m in ZH_PROTECT.finditer(text):
        pieces.extend([text[at : m.start()], m.group(0)])
        at = m.end()
    pieces.append(text[at:])
    return pieces


def _cut_chunk(args: tuple) -> tuple[np.ndarray, list[str], np.ndarray]:
    """One worker's share of :func:`tokenize_zh` (runs in a pool process)."""
    texts, lowercase, phrases, hmm = args
    return tokenize_zh(texts, lowercase=lowercase, phrases=phrases, hmm=hmm)


def _fork_map(fn, jobs: list, processes: int) -> list:
    """``map`` over forked worker processes (no re-import of ``__main__``, so scripts without
    a main guard are safe), or None where ``fork`` is unavailable or not allowed here."""
    import multiprocessing as mp
    import warnings

    if "fork" not in mp.get_all_start_methods() or mp.current_process().daemon:
        return None
    with warnings.catch_warnings():  # Python >= 3.12 warns about fork in threaded processes;
        # the children only segment (rjieba) and factorize, never touching the parent's threads
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*fork.*")
        with mp.get_context("fork").Pool(processes) as pool:
            return pool.map(fn, jobs)


#: Below this many characters Chinese segmentation stays in the calling process.
ZH_PROCESS_CHARS = 1_000_000


def tokenize_zh(
    texts: list[str],
    *,
    lowercase: bool = True,
    phrases: tuple[str, ...] = (),
    hmm: bool = True,
    processes: int = 1,
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Chinese tokens of many texts as ``(codes, types, sizes)``.

    With ``processes > 1`` and at least :data:`ZH_PROCESS_CHARS` characters, the texts are
    segmented in that many forked worker processes (rjieba holds the GIL, so threads would not
    help); the result is the same.

    Examples
    --------
    >>> codes, types, sizes = tokenize_zh(["坚持改革开放", "投资1,000万元"])
    >>> [types[c] for c in codes], sizes.tolist()
    (['坚持', '改革开放', '投资', '1,000', '万元'], [2, 3])
    """
    chars = sum(map(len, texts))
    if processes > 1 and chars >= ZH_PROCESS_CHARS:
        bounds = _chunks(texts, max(chars // (processes * 4), 1))
        jobs = [(texts[a:b], lowercase, phrases, hmm) for a, b in bounds]
        results = _fork_map(_cut_chunk, jobs, processes)
        if results is not None:
            codes, types = _merge([(c, t) for c, t, _ in results])
            return codes, types, np.concatenate([s for _, _, s in results])
    flat: list[str] = []
    sizes = np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        got = cut_zh(text.lower() if lowercase else text, phrases=phrases, hmm=hmm)
        flat.extend(got)
        sizes[i] = len(got)
    codes, types = encode_tokens(flat)
    return codes, types, sizes
