"""Decode bytes of unknown encoding: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5."""

from __future__ import annotations

import codecs
import unicodedata

from toolkit.errors import DecodeError

__all__ = ["decode_bytes", "DecodeError"]

_CANDIDATES = ["gb18030", "big5", "cp1252"]


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return bad / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`DecodeError` for binary or undecodable data.

    Examples
    --------
    >>> decode_bytes("改革开放".encode("gb18030"))
    ('改革开放', 'gb18030')
    >>> decode_bytes(codecs.BOM_UTF8 + b"hi")
    ('hi', 'utf-8-sig')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        enc = _utf16_without_bom(data)
        if enc is None:
            raise DecodeError("binary", "contains NUL bytes and is not UTF-16 text")
        text = data.decode(enc, errors="strict")
        return text, enc
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=_CANDIDATES).best()
        if best is None:
            raise DecodeError("undecodable", "not UTF-8, UTF-16, GB18030, Big5 or cp1252") from None
        encoding = best.encoding
        text = str(best)
    if _control_ratio(text) > 0.05:
        raise DecodeError("binary", f"too many control characters for text (as {encoding})")
    return text, encoding
