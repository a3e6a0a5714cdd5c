"""Build ``toolkit/corpus/_data/hanzi_stats.tsv.gz``: Chinese character and character-pair
frequencies for encoding detection (:mod:`toolkit.corpus.encoding`).

Source: the word list with frequencies of jieba 0.42.1 (``jieba/dict.txt``, MIT licence,
349,046 words), a well-kept dictionary compiled from the People's Daily and other corpora.
A character's count is the sum of the counts of the words it occurs in (once per occurrence);
a pair's count the same over adjacent characters inside words. Traditional characters (OpenCC
``t2s`` of a single character) get the count of their simplified form when it is higher, and the
traditional → simplified map is stored so that pairs of traditional text are looked up by their
simplified form. The output is deterministic (sorted, gzip mtime 0).

Usage (``pip install jieba opencc``)::

    python scripts/build_hanzi_stats.py
"""

from __future__ import annotations

import collections
import gzip
import io
from importlib import metadata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "toolkit" / "corpus" / "_data" / "hanzi_stats.tsv.gz"
#: Pairs counted fewer times than this are left out (37,006 pairs remain with jieba 0.42.1).
MIN_PAIR = 100
_HAN = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x323B0))


def _is_han(c: str) -> bool:
    cp = ord(c)
    return any(a <= cp < b for a, b in _HAN)


def main() -> None:
    import jieba
    import opencc

    dict_path = Path(jieba.__file__).parent / "dict.txt"
    chars: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[str] = collections.Counter()
    with open(dict_path, encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split(" ")
            n = int(freq)
            for c in word:
                if _is_han(c):
                    chars[c] += n
            for a, b in zip(word, word[1:], strict=False):
                if _is_han(a) and _is_han(b):
                    pairs[a + b] += n
    t2s = opencc.OpenCC("t2s")
    simplified: dict[str, str] = {}
    for a, b in _HAN[:3]:
        for cp in range(a, b):
            c = chr(cp)
            s = t2s.convert(c)
            if len(s) == 1 and s != c:
                simplified[c] = s
                if chars.get(s, 0) > chars.get(c, 0):
                    chars[c] = chars[s]
    buf = io.StringIO()
    version = metadata.version("jieba")
    buf.write(f"# source\tjieba {version} dict.txt (MIT); built by scripts/build_hanzi_stats.py\n")
    for c, n in sorted(chars.items(), key=lambda kv: (-kv[1], kv[0])):
        buf.write(f"u\t{c}\t{n}\n")
    for p, n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        if n >= MIN_PAIR:
            buf.write(f"b\t{p}\t{n}\n")
    for t, s in sorted(simplified.items()):
        buf.write(f"s\t{t}\t{s}\n")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
