"""Decode bytes of unknown encoding, right even on a few Chinese characters.

Byte-order marks decide first (UTF-32 before UTF-16, whose BOM is a prefix of UTF-32-LE's).
Without one, every candidate codec that decodes the bytes strictly — UTF-8, GB18030 (which
covers GBK and GB2312), Big5, CP950, Big5-HKSCS, UTF-16-LE/BE, UTF-32-LE/BE, CP1252 — gives a
text, and the texts are compared by their probability under the better of two character
models: Chinese — the frequencies of 14,176 characters and 37,006 character pairs counted in
jieba's dictionary (``scripts/build_hanzi_stats.py``), traditional characters looked up by
their simplified form — and text in a Latin script (English letter and punctuation rates, Han
characters very rare), with fixed probabilities for other scripts and very low ones for
control, private-use and unassigned code points. Valid UTF-8 counts as evidence for UTF-8 per
multi-byte sequence. A wrong decoding of Chinese bytes gives rare
characters (改革 read as Big5 is 蜊賂), so the right text wins; the confidence is the winner's
share of the probability of all distinct candidate texts. General-purpose detectors
(charset-normalizer, chardet, cchardet) were measured on the same task and are far from enough
on short text: see ``benchmarks/bench_encoding.py``.

Examples
--------
>>> decode_bytes("改革".encode("gb18030"))[:2]
('改革', 'gb18030')
>>> decode_bytes("改革開放".encode("big5"))[:2]
('改革開放', 'big5')
>>> decode_bytes(codecs.BOM_UTF32_LE + "两个确立".encode("utf-32-le"))[:2]
('两个确立', 'utf-32')
"""

from __future__ import annotations

import codecs
import gzip
import math
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from toolkit.errors import ArgumentError, DecodeError

__all__ = ["CANDIDATES", "DecodeError", "Decoded", "decode_bytes", "LOW_CONFIDENCE"]

#: Codecs tried when there is no byte-order mark, in order of preference (ties go to the first).
CANDIDATES = (
    "utf-8",
    "gb18030",
    "big5",
    "cp950",
    "big5hkscs",
    "utf-16-le",
    "utf-16-be",
    "utf-32-le",
    "utf-32-be",
    "cp1252",
)
#: Log prior of each candidate: a text decoding identically (or nearly) under two codecs gets
#: the more common one; Big5-HKSCS only wins over a Big5 decoding on clear evidence (where
#: Big5 fails, HKSCS gets -0.3).
_PRIOR = dict(
    zip(CANDIDATES, (0.0, -0.1, -0.2, -0.5, -3.0, -0.5, -0.6, -0.7, -0.8, -1.0), strict=True)
)
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Confidence below which readers warn (the decoding is still used).
LOW_CONFIDENCE = 0.9
#: Bytes scored per candidate (the winner then decodes the whole file).
SAMPLE_BYTES = 1 << 14
#: Valid UTF-8 with at least this many non-ASCII bytes is taken as UTF-8 without scoring.
UTF8_SURE = 32
_DATA = Path(__file__).resolve().parent / "_data" / "hanzi_stats.tsv.gz"
_HAN = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x323B0))
_CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】—…·「」『』"
_BAD_CATEGORIES = ("Cc", "Cn", "Co", "Cs")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B)])


class Decoded(NamedTuple):
    """The decoded text, the codec name and the confidence (0–1) of the choice."""

    text: str
    encoding: str
    confidence: float


class _Model(NamedTuple):
    logp: np.ndarray  # float32 per code point (0..0x10FFFF): Chinese text
    logp_latin: np.ndarray  # the same for text in a Latin script (English…)
    simplify: np.ndarray  # uint32 code point -> simplified code point
    pair_keys: np.ndarray  # sorted int64 (a << 21 | b)
    pair_bonus: np.ndarray  # float32 log-ratio of the pair against independent characters


@lru_cache(maxsize=1)
def _model() -> _Model:
    chars: dict[str, int] = {}
    pairs: dict[str, int] = {}
    simplify = np.arange(0x110000, dtype=np.uint32)
    with gzip.open(_DATA, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            kind, key, value = line.rstrip("\n").split("\t")
            if kind == "u":
                chars[key] = int(value)
            elif kind == "b":
                pairs[key] = int(value)
            elif kind == "s":
                simplify[ord(key)] = ord(value)
    total = sum(chars.values())
    logp = np.full(0x110000, math.log(1e-9), dtype=np.float32)
    for cp in range(0x3000):
        cat = unicodedata.category(chr(cp))
        if cat in _BAD_CATEGORIES:
            logp[cp] = math.log(1e-13)
        elif cp < 0x250 and cat[0] == "L":
            logp[cp] = math.log(2e-5)  # Latin letters with accents
        elif cp < 0x2000:
            logp[cp] = math.log(1e-6)  # other scripts: Greek, Cyrillic, Arabic…
        else:
            logp[cp] = math.log(1e-5)  # general punctuation, symbols, ①, arrows, box drawing
    logp[0x3040:0x3100] = math.log(1e-7)  # kana
    logp[0xAC00:0xD7A4] = math.log(1e-8)  # hangul
    logp[0xD800:0xF900] = math.log(1e-13)  # surrogates and private use
    logp[0xF0000:] = math.log(1e-13)
    logp[0x3000:0x3040] = math.log(1e-4)
    logp[0xFF01:0xFF5F] = math.log(1e-4)
    logp[0xFFFD] = math.log(1e-13)
    latin = logp.copy()
    for cp in range(0x21, 0x7F):  # ASCII: in Chinese text rare, in English prose frequent
        c = chr(cp)
        logp[cp] = math.log(1e-3)
        latin[cp] = math.log(2.5e-2 if c.islower() else 3e-3 if c.isalnum() else 2e-3)
    logp[ord(" ")], latin[ord(" ")] = math.log(5e-3), math.log(0.12)
    for c in "\t\n\r" + _CJK_PUNCT:
        logp[ord(c)] = math.log(5e-3)
    for c in "\t\n\r":
        latin[ord(c)] = math.log(5e-3)
    for cp in range(0xA0, 0x100):  # accented letters and Latin-1 symbols (é, ½, °, £)
        latin[cp] = math.log(1e-4 if unicodedata.category(chr(cp))[0] == "L" else 5e-5)
    latin[0x100:0x180] = math.log(1e-5)  # Latin Extended-A (ő, š, ł)
    latin[0x180:0x250] = math.log(1e-6)
    latin[0x2010:0x2027] = math.log(1e-3)  # dashes, curly quotes, ellipsis
    latin[0x3000:0x3040] = math.log(1e-7)
    latin[0xFF01:0xFF5F] = math.log(1e-7)
    for a, b in _HAN:
        logp[a:b] = math.log(0.85 * 0.3 / total)  # a Han character not in the dictionary
        latin[a:b] = math.log(1e-8)
    for c, n in chars.items():
        logp[ord(c)] = math.log(0.85 * n / total)
    keys, bonus = [], []
    for p, n in pairs.items():
        keys.append((ord(p[0]) << 21) | ord(p[1]))
        expected = chars.get(p[0], 1) * chars.get(p[1], 1) / total
        bonus.append(math.log1p(0.3 * n / expected))
    order = np.argsort(np.asarray(keys, dtype=np.int64))
    return _Model(
        logp,
        latin,
        simplify,
        np.asarray(keys, dtype=np.int64)[order],
        np.asarray(bonus, dtype=np.float32)[order],
    )


def _score(text: str) -> float:
    """Log-probability of ``text`` under the better of the two character models (Chinese
    text with its character pairs, or text in a Latin script)."""
    m = _model()
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    latin = float(m.logp_latin[cps].sum())
    total = float(m.logp[cps].sum())
    if len(cps) > 1:
        s = m.simplify[cps].astype(np.int64)
        keys = (s[:-1] << 21) | s[1:]
        at = np.searchsorted(m.pair_keys, keys)
        at[at >= len(m.pair_keys)] = 0
        hit = m.pair_keys[at] == keys
        total += float(m.pair_bonus[at[hit]].sum())
    return max(total, latin)


#: Log-evidence per multi-byte sequence that bytes valid as UTF-8 are UTF-8: a GB18030 or Big5
#: character forms a valid UTF-8 sequence about one time in twelve (lead C2–DF, trail 80–BF).
_UTF8_EVIDENCE = math.log(12)
_UTF8_LEADS = bytes(range(0xC2, 0xF5))


def _utf8_sequences(window: bytes) -> int:
    return len(window) - len(window.translate(None, _UTF8_LEADS))


@lru_cache(maxsize=1)
def _bad_code_points() -> np.ndarray:
    """True for control (except tab, line and page breaks), unassigned, surrogate and
    private-use code points."""
    bad = np.ones(0x110000, dtype=bool)
    for cp in range(0x33000):
        bad[cp] = unicodedata.category(chr(cp)) in _BAD_CATEGORIES
    bad[0xE0000:0xE1000] = False  # tags and variation selectors
    for c in "\t\n\r\f\v\x1c\x1d\x1e\x85":
        bad[ord(c)] = False
    return bad


def _bad_ratio(text: str) -> float:
    """Share of control, unassigned and private-use code points in the first 20,000
    characters: text has almost none, binary data decoded as text has many."""
    if not text:
        return 0.0
    cps = np.frombuffer(text[:20_000].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return float(_bad_code_points()[cps].mean())


def _window(data: bytes) -> tuple[bytes, bool]:
    """The bytes to score and whether they end before the data does. A long file whose first
    part is ASCII is scored from shortly before its first non-ASCII byte (aligned to 4, so
    that UTF-16/32 code units stay whole): ASCII says nothing about the codec."""
    if len(data) <= SAMPLE_BYTES:
        return data, False
    start = 0
    if data[:SAMPLE_BYTES].isascii() and b"\x00" not in data[:64]:
        first = next((i for i, byte in enumerate(data) if byte >= 0x80), len(data))
        start = max(0, first - 256) // 4 * 4
    window = data[start : start + SAMPLE_BYTES]
    return window, start + SAMPLE_BYTES < len(data)


def _decode_sample(window: bytes, more: bool, codec: str, total: int) -> str | None:
    if codec.startswith(("utf-16", "utf-32")) and total % (2 if "16" in codec else 4):
        return None
    try:  # an incremental decoder keeps a character cut at the window's end for later
        return codecs.getincrementaldecoder(codec)().decode(window, final=not more)
    except UnicodeDecodeError:
        return None


def _check_codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ArgumentError(f"encoding={name!r} is not a codec Python knows") from None


def _finish(text: str, encoding: str, confidence: float) -> Decoded:
    if _bad_ratio(text) > 0.05:
        raise DecodeError("binary", f"too many control or unassigned characters (as {encoding})")
    return Decoded(text, encoding, confidence)


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data``; return ``(text, encoding, confidence)``.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    encoding : str, optional
        Use this codec (strictly) instead of detecting one; confidence is then 1.

    Raises
    ------
    DecodeError
        ``reason`` ``"binary"`` (control or unassigned characters in every decoding) or
        ``"undecodable"`` (no candidate codec, or not the given one, decodes the bytes).

    Examples
    --------
    >>> decode_bytes(codecs.BOM_UTF8 + b"hi")
    Decoded(text='hi', encoding='utf-8-sig', confidence=1.0)
    >>> decode_bytes("两个确立".encode("utf-16-le")).encoding
    'utf-16-le'
    >>> decode_bytes(b"\\xff\\xfe\\xfd", encoding="utf-8")
    Traceback (most recent call last):
    ...
    toolkit.errors.DecodeError: undecodable: not valid utf-8: ...
    """
    if encoding is not None:
        codec = _check_codec(encoding)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as e:
            raise DecodeError(
                "undecodable", f"not valid {encoding}: byte {data[e.start]:#04x} at {e.start}"
            ) from None
        if codec.startswith(("utf-8", "utf-16", "utf-32")):
            text = text.removeprefix("\ufeff")
        return _finish(text, encoding, 1.0)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data.decode(codec), codec, 1.0)
            except UnicodeDecodeError:
                break  # a BOM-like start of something else: detect below
    if not data:
        return Decoded("", "utf-8", 1.0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
        if b"\x00" not in data and (high >= UTF8_SURE or (high == 0 and len(data) >= 64)):
            return _finish(text, "utf-8", 1.0)
    window, more = _window(data)
    scored: dict[str, list] = {}  # sample text -> [score, codecs giving it]
    big5_decoded = False
    for codec in CANDIDATES:
        sample = _decode_sample(window, more, codec, len(data))
        if sample is None:
            continue
        if sample in scored:  # same text (ASCII, or Big5 and CP950): same score, later choice
            scored[sample][1].append(codec)
            continue
        bonus = _UTF8_EVIDENCE * _utf8_sequences(window) if codec == "utf-8" else 0.0
        if codec == "big5hkscs" and not big5_decoded:
            bonus = -0.3 - _PRIOR[codec]  # Big5 failed: no reason to doubt HKSCS
        big5_decoded = big5_decoded or codec in ("big5", "cp950")
        scored[sample] = [_score(sample) + _PRIOR[codec] + bonus, [codec]]
    ranking = sorted(scored.values(), key=lambda sc: -sc[0])
    if not ranking:
        head = data[:SAMPLE_BYTES]
        if len(head) - len(head.translate(None, _CONTROL_BYTES)) > 0.01 * len(head):
            raise DecodeError("binary", "control bytes that no text encoding has")
        raise DecodeError("undecodable", "not UTF-8/16/32, GB18030, Big5, Big5-HKSCS or CP1252")
    best = ranking[0][0]
    confidence = 1.0 / sum(math.exp(sc - best) for sc, _ in ranking)
    for _, group in ranking:  # the sample decoded; the whole file may still fail further on
        for codec in group:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            return _finish(text, codec, round(confidence, 4))
    raise DecodeError("undecodable", "no candidate codec decodes the whole file")
