"""Counting from raw text: SOTU 1–3-grams against scikit-learn's CountVectorizer, English
tokenization speed, and memory and time as the corpus grows.

Run alone with ``python -m benchmarks.bench_counts [--quick]``.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable

import pandas as pd

import toolkit as tk
from benchmarks._measure import fmt, peak_rss_of, sotu_texts

CPU_TIMES: list[float] = []  # process CPU time of the calls of the last timed() call


def timed(
    fn: Callable[[], object], repeats: int, warmup: bool = True
) -> tuple[float, list, object]:
    """Median wall time of ``repeats`` calls (after one untimed warm-up call), the times, and
    the last result; the CPU times (all threads of this process) go to ``CPU_TIMES``."""
    if warmup:
        fn()
    times, result = [], None
    CPU_TIMES.clear()
    for _ in range(repeats):
        result = None
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        CPU_TIMES.append(time.process_time() - c0)
    return statistics.median(times), times, result


def fresh(docs: pd.DataFrame) -> tk.Corpus:
    """A new Corpus of already-normalised texts: nothing tokenized or cached yet."""
    return tk.Corpus(docs.copy())


def counter_counts(lists: list[list[str]]) -> dict[str, int]:
    c: Counter = Counter()
    for doc in lists:
        for n in (1, 2, 3):
            c.update(zip(*(doc[i:] for i in range(n)), strict=False))
    return {" ".join(k): v for k, v in c.items()}


def sklearn_counts(texts: list[str]):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(ngram_range=(1, 3)).fit_transform(texts)


def _sotu_section(docs: pd.DataFrame, quick: bool) -> list[str]:
    texts = docs["text"].tolist()
    chars = sum(map(len, texts))
    reps = 2 if quick else 5
    with tk.options.using(token_cache=False, progress=False):
        t_ours, runs_ours, got = timed(lambda: tk.ngrams(fresh(docs), n=(1, 3)), reps)
        cpu_ours = statistics.median(CPU_TIMES)
        t_tok, *_ = timed(lambda: tk.tokens(fresh(docs)), reps)
        toks = tk.tokens(fresh(docs))
        t_count, *_ = timed(lambda: tk.ngrams(toks, n=(1, 3)), reps)
    t_sk, runs_sk, _ = timed(lambda: sklearn_counts(texts), 1 if quick else 3, warmup=not quick)
    cpu_sk = statistics.median(CPU_TIMES)
    same = dict(zip(got["feature"].tolist(), got["count"].tolist(), strict=True)) == (
        counter_counts(toks.to_lists())
    )
    wall, cpu = t_sk / t_ours, cpu_sk / cpu_ours
    return [
        "### SOTU text → 1–3-gram counts (fresh corpus, no token cache)",
        "",
        f"{len(docs)} documents, {chars:,} characters, {toks.n_tokens:,} tokens, "
        f"{len(got):,} distinct 1–3-grams. The toolkit: `tk.ngrams(corpus, n=(1, 3))` on a new "
        "Corpus of the normalised texts (tokenizing, counting and the sorted DataFrame with "
        "`feature` strings); scikit-learn: `CountVectorizer(ngram_range=(1, 3)).fit_transform(texts)` "
        "on the same texts (its own tokenizer and its vocabulary of strings).",
        "",
        "| method | median wall s | runs (s) | median CPU s |",
        "|---|---:|---|---:|",
        f"| toolkit `tk.ngrams` | {fmt(t_ours)} | {', '.join(map(fmt, runs_ours))} | {fmt(cpu_ours)} |",
        f"| scikit-learn `CountVectorizer` | {fmt(t_sk)} | {', '.join(map(fmt, runs_sk))} | "
        f"{fmt(cpu_sk)} |",
        "",
        f"Speed-up: **{wall:.1f}× wall** (target ≥ 25×: {'met' if wall >= 25 else '**not met**'}), "
        f"**{cpu:.1f}× CPU** (target ≥ 15×: {'met' if cpu >= 15 else '**not met**'}). Counts "
        f"identical to a `Counter` over the same tokens: {'yes' if same else '**NO**'}.",
        "",
        f"Where the time goes: tokenizing {fmt(t_tok)} s (`tk.tokens`), counting and building the "
        f"table {fmt(t_count)} s (`tk.ngrams` on the Tokens).",
    ]


def _tokenize_section(docs: pd.DataFrame, quick: bool) -> list[str]:
    from toolkit.text.engine import tokenize_en

    texts = docs["text"].tolist()
    chars = sum(map(len, texts))
    reps = 2 if quick else 5
    rows = []
    with tk.options.using(token_cache=False, progress=False):
        t_engine, *_ = timed(lambda: tokenize_en(texts, threads=tk.options.threads), reps)
        rows.append(("rules only (`toolkit.text.engine.tokenize_en`: codes and types)", t_engine))
        base, *_ = timed(lambda: tk.tokens(fresh(docs)), reps)
        rows.append(("`tk.tokens(corpus)` (Tokens: ids, offsets, gaps, docvars)", base))
        opts = {"stopwords": "en", "remove_numbers": True, "min_length": 2}
        with_opts, *_ = timed(lambda: tk.tokens(fresh(docs), **opts), reps)
        rows.append(("`tk.tokens(corpus, stopwords='en', remove_numbers=True, min_length=2)`",
                     with_opts))  # fmt: skip
        sent, *_ = timed(lambda: tk.tokens(fresh(docs), sentences=True), 1 if quick else 3)
        rows.append(("`tk.tokens(corpus, sentences=True)` (NLTK Punkt sentences)", sent))
    extra = with_opts / base - 1
    lines = [
        "",
        "### English tokenization alone",
        "",
        f"SOTU, {chars:,} characters, on {tk.options.threads} threads.",
        "",
        "| step | median s | million chars/s |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {fmt(t)} | {chars / t / 1e6:.1f} |" for name, t in rows]
    rate = chars / base / 1e6
    lines += [
        "",
        f"Target ≥ 40 M characters/s for `tk.tokens`: {rate:.1f} M/s "
        f"({'met' if rate >= 40 else '**not met**'}); stopwords and options cost "
        f"{extra * 100:+.0f} % (target ≤ 10 %: {'met' if extra <= 0.10 else '**not met**'}).",
    ]
    return lines


def _scaling_section(docs: pd.DataFrame, quick: bool) -> list[str]:
    factors = (1, 4) if quick else (1, 4, 16)
    lines = [
        "",
        "### Memory and time as the corpus grows (SOTU replicated)",
        "",
        "Each run in a fresh process: peak RSS increase over the process after loading the texts "
        "(sampled every millisecond) for `tk.ngrams(corpus, n=(1, 3))` from text, and "
        "scikit-learn's `CountVectorizer(ngram_range=(1, 3))` on SOTU ×1.",
        "",
        "| run | tokens | wall s | ns per token | peak MiB | bytes per token |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    sk = peak_rss_of("sklearn", 1)
    lines.append(
        f"| scikit-learn ×1 | {sk['tokens']:,} | {fmt(sk['seconds'])} | "
        f"{sk['seconds'] / sk['tokens'] * 1e9:.0f} | {sk['peak_mb']:.0f} | "
        f"{sk['peak_mb'] * 2**20 / sk['tokens']:.0f} |"
    )
    ours = {}
    for k in factors:
        got = peak_rss_of("toolkit", k)
        ours[k] = got
        lines.append(
            f"| toolkit ×{k} | {got['tokens']:,} | {fmt(got['seconds'])} | "
            f"{got['seconds'] / got['tokens'] * 1e9:.0f} | {got['peak_mb']:.0f} | "
            f"{got['peak_mb'] * 2**20 / got['tokens']:.0f} |"
        )
    top = max(factors)
    per_tok = {k: v["seconds"] / v["tokens"] for k, v in ours.items()}
    growth = per_tok[top] / per_tok[1]
    mem_ratio = (ours[top]["peak_mb"] / ours[top]["tokens"]) / (sk["peak_mb"] / sk["tokens"])
    lines += [
        "",
        f"Per-token time ×1 → ×{top}: {growth:.2f}× (target ≤ 1.2×: "
        f"{'met' if growth <= 1.2 else '**not met**'}). Peak memory per token at ×{top}: "
        f"{mem_ratio:.2f}× scikit-learn's on ×1 (target ≤ 2×: "
        f"{'met' if mem_ratio <= 2 else '**not met**'}).",
    ]
    return lines


def run(quick: bool = False) -> str:
    """The counting benchmarks as a markdown section.

    Parameters
    ----------
    quick : bool
        A sixth of SOTU, fewer repetitions, replication up to ×4.

    Examples
    --------
    >>> section = run(quick=True)  # doctest: +SKIP
    """
    docs = sotu_texts(quick)
    lines = ["## Counting from text (`tk.tokens`, `tk.ngrams`)", ""]
    lines += _sotu_section(docs, quick)
    lines += _tokenize_section(docs, quick)
    lines += _scaling_section(docs, quick)
    lines += [
        "",
        f"Reproduce: `python -m benchmarks.bench_counts{' --quick' if quick else ''}` (or "
        "`make bench`). Medians after one warm-up call; the toolkit uses "
        f"`tk.options.threads` = {tk.options.threads} threads.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
