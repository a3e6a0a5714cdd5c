"""Shared measuring helpers of the benchmarks: corpora as DataFrames of normalised texts, and
peak memory of one call in a fresh process (``python -m benchmarks._measure WHAT K``)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def fmt(seconds: float) -> str:
    return f"{seconds:.2f}" if seconds >= 0.1 else f"{seconds:.3f}"


def sotu_texts(quick: bool = False, copies: int = 1) -> pd.DataFrame:
    """SOTU's normalised texts (``doc_id``, ``text``, ``language``), optionally repeated."""
    import toolkit as tk

    docs = tk.load_corpus("sotu").docs[["doc_id", "text", "language"]]
    if quick:
        docs = docs.iloc[::6]
    return replicate(docs, copies)


def gwr_texts(copies: int = 1) -> pd.DataFrame:
    import toolkit as tk

    return replicate(tk.load_corpus("gwr-zh").docs[["doc_id", "text", "language"]], copies)


def replicate(docs: pd.DataFrame, copies: int) -> pd.DataFrame:
    if copies == 1:
        return docs.reset_index(drop=True)
    parts = [docs.assign(doc_id=docs["doc_id"] + f"#{i}") for i in range(copies)]
    return pd.concat(parts, ignore_index=True)


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def track_peak(fn) -> tuple[object, float, float]:
    """``(result, seconds, peak RSS increase in MiB)`` of ``fn()``, RSS sampled every ms."""
    gc.collect()
    base = rss()
    peak = [base]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss())
            time.sleep(0.001)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    peak[0] = max(peak[0], rss())
    done.set()
    sampler.join()
    return result, seconds, (peak[0] - base) / 2**20


def _child(what: str, copies: int) -> None:
    import toolkit as tk

    tk.options.token_cache = False
    tk.options.progress = False
    docs = sotu_texts(copies=copies)
    tk.ngrams(tk.tokens(["warm up the imports and the regex"]), n=(1, 3))
    texts = docs["text"].tolist()
    if what == "toolkit":
        corpus = tk.Corpus(docs)
        del docs
        result, seconds, peak = track_peak(lambda: tk.ngrams(corpus, n=(1, 3)))
        tokens = tk.tokens(corpus).n_tokens
    else:
        from sklearn.feature_extraction.text import CountVectorizer

        result, seconds, peak = track_peak(
            lambda: CountVectorizer(ngram_range=(1, 3)).fit_transform(texts)
        )
        del result
        tokens = tk.tokens(tk.Corpus(docs)).n_tokens
    print(json.dumps({"tokens": tokens, "seconds": seconds, "peak_mb": peak}))


def peak_rss_of(what: str, copies: int) -> dict:
    """Run ``what`` ("toolkit" or "sklearn") on SOTU × ``copies`` in a fresh process."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks._measure", what, str(copies)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]))
