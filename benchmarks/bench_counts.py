"""Counting benchmarks: 1–3-gram counts on SOTU against scikit-learn, NLTK and a plain Counter,
peak memory, scaling with corpus size, and Chinese counting including segmentation.

Run alone with ``python -m benchmarks.bench_counts [--quick]``.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

import toolkit as tk
from toolkit.text.tokenize import Tokens

METHODS = ("toolkit", "sklearn", "nltk", "counter")


def _identity(x):
    return x


CPU_TIMES: list[float] = []  # process CPU time of the calls of the last timed() call


def timed(
    fn: Callable[[], object], repeats: int, warmup: bool = True
) -> tuple[float, list, object]:
    """Median wall time of ``repeats`` calls (after one untimed warm-up call), the times, and
    the last result. The CPU times (all threads of this process) go to ``CPU_TIMES``."""
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


# --------------------------------------------------------------------------- the contenders
def count_toolkit(tokens: Tokens) -> pd.DataFrame:
    return tk.ngrams(tokens, n=(1, 3))


def count_sklearn(lists: list[list[str]]):
    from sklearn.feature_extraction.text import CountVectorizer

    cv = CountVectorizer(
        ngram_range=(1, 3),
        tokenizer=_identity,
        preprocessor=_identity,
        lowercase=False,
        token_pattern=None,
    )
    return cv, cv.fit_transform(lists)


def count_nltk(lists: list[list[str]]):
    from nltk import FreqDist, ngrams

    fd = FreqDist()
    for doc in lists:
        for n in (1, 2, 3):
            fd.update(ngrams(doc, n))
    return fd


def count_counter(lists: list[list[str]]) -> Counter:
    c: Counter = Counter()
    for doc in lists:
        for n in (1, 2, 3):
            c.update(zip(*(doc[i:] for i in range(n)), strict=False))
    return c


def _run_method(method: str, tokens: Tokens, lists: list[list[str]]):
    if method == "toolkit":
        return count_toolkit(tokens)
    return {"sklearn": count_sklearn, "nltk": count_nltk, "counter": count_counter}[method](lists)


# --------------------------------------------------------------------------- helpers
def sotu_tokens(quick: bool) -> tuple[tk.Corpus, Tokens]:
    corpus = tk.load_corpus("sotu")
    if quick:
        corpus = corpus[::6]
    return corpus, corpus.tokens()


def replicate(tokens: Tokens, k: int) -> Tokens:
    """The same documents ``k`` times over (same vocabulary)."""
    if k == 1:
        return tokens
    offsets = [tokens.offsets[:1]] + [tokens.offsets[1:] + i * tokens.n_tokens for i in range(k)]
    docs = pd.concat(
        [tokens.docs.assign(doc_id=tokens.docs["doc_id"] + f"#{i}") for i in range(k)],
        ignore_index=True,
    )
    return Tokens(
        tokens.vocab,
        np.tile(tokens.ids, k),
        np.concatenate(offsets),
        docs,
        tokens.settings,
    )


def same_counts(method: str, result, reference: dict[str, int]) -> bool:
    """Whether a contender's counts equal the toolkit's, n-gram by n-gram."""
    if method == "sklearn":
        cv, X = result
        totals = np.asarray(X.sum(axis=0)).ravel()
        got = dict(zip(cv.get_feature_names_out().tolist(), totals.tolist(), strict=True))
    else:
        got = {" ".join(k): v for k, v in result.items()}
    return got == reference


def _fmt(seconds: float) -> str:
    return f"{seconds:.2f}" if seconds >= 0.1 else f"{seconds:.3f}"


# --------------------------------------------------------------------------- memory (subprocess)
def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _memory_child(method: str, path: str) -> None:
    """Child process: load the tokens, then measure the peak RSS increase of one method."""
    data = np.load(path, allow_pickle=False)
    vocab, ids, offsets = data["vocab"], data["ids"], data["offsets"]
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(offsets) - 1)]})
    tokens = Tokens(vocab, ids, offsets, docs, tk.tokenize([""]).settings)
    lists = tokens.to_lists() if method != "toolkit" else []
    if method == "toolkit":
        tk.ngrams(tk.tokenize(["warm up the imports"]), n=(1, 3))
    gc.collect()
    base = _rss()
    peak = [base]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss())
            time.sleep(0.001)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    result = _run_method(method, tokens, lists)
    seconds = time.perf_counter() - t0
    peak[0] = max(peak[0], _rss())
    done.set()
    sampler.join()
    del result
    print(
        json.dumps(
            {
                "base_mb": base / 2**20,
                "peak_increase_mb": (peak[0] - base) / 2**20,
                "seconds": seconds,
            }
        )
    )


def peak_memory(tokens: Tokens, methods: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Peak RSS increase (MiB) and wall time of one call of each method, each in a fresh
    Python process."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tokens.npz"
        np.savez(path, vocab=tokens.vocab, ids=tokens.ids, offsets=tokens.offsets)
        for method in methods:
            proc = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_counts", "--memory", method, str(path)],
                capture_output=True,
                text=True,
                cwd=Path(__file__).resolve().parents[1],
                check=True,
            )
            out[method] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


# --------------------------------------------------------------------------- sections
def count_sklearn_text(texts: list[str]):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(ngram_range=(1, 3)).fit_transform(texts)


_NAMES = {
    "toolkit": "toolkit `tk.ngrams(tokens, n=(1, 3))` on the corpus's tokens",
    "sklearn_text": "scikit-learn `CountVectorizer(ngram_range=(1, 3))`, default analyzer on "
    "the normalised texts (tokenizes them itself)",
    "sklearn": "scikit-learn `CountVectorizer(ngram_range=(1, 3))` on the same tokens",
    "nltk": "NLTK `FreqDist` over `nltk.ngrams(doc, n)`, n = 1, 2, 3, same tokens",
    "counter": "`collections.Counter` over `zip` n-grams, same tokens",
}


def _sotu_section(quick: bool) -> tuple[list[str], Tokens]:
    corpus, tokens = sotu_tokens(quick)
    lists = tokens.to_lists()
    texts = corpus.texts
    reps = {"toolkit": 3 if quick else 7, "other": 1 if quick else 3}
    t_tok, *_ = timed(lambda: tk.tokenize(corpus), 1 if quick else 3, warmup=False)
    ours = count_toolkit(tokens)  # also the warm-up call
    reference = dict(zip(ours["ngram"].tolist(), ours["count"].tolist(), strict=True))
    rows, medians, cpu = [], {}, {}
    for method in ("toolkit", "sklearn_text", *METHODS[1:]):
        n = reps["toolkit" if method == "toolkit" else "other"]
        if method == "sklearn_text":
            fn = lambda: count_sklearn_text(texts)  # noqa: E731
        else:
            fn = lambda m=method: _run_method(m, tokens, lists)  # noqa: E731
        med, all_runs, result = timed(fn, n, warmup=False)
        medians[method], cpu[method] = med, statistics.median(CPU_TIMES)
        if method == "toolkit":
            identical = "yes"
        elif method == "sklearn_text":
            identical = "n/a (own tokenizer)"
        else:
            identical = "yes" if same_counts(method, result, reference) else "**NO**"
        del result
        rows.append((method, med, all_runs, identical))
    memory = peak_memory(tokens, ("toolkit", "sklearn")) if not quick else {}
    t_e2e, *_ = timed(lambda: tk.ngrams(tk.Corpus(corpus.docs.copy()), n=(1, 3)), 1 if quick else 3)
    lines = [
        "### 1–3-gram counting on SOTU",
        "",
        f"{len(corpus)} documents, {tokens.n_tokens:,} tokens, {len(tokens.vocab):,} types; "
        f"{len(ours):,} distinct 1–3-grams, all counted within documents. What is compared:",
        "",
        "- the toolkit counts from the corpus's `Tokens` (`corpus.tokens()`, which a Corpus "
        "computes once and caches in memory and on disk); its time includes building the whole "
        "result, the sorted DataFrame with `ngram` strings, `count`, `doc_freq`, `per_million`;",
        "- scikit-learn as people use it today: the default analyzer on the same normalised "
        "texts — this includes scikit-learn's own tokenization (a different tokenizer that drops "
        "one-character tokens, so its counts are not comparable one to one);",
        "- scikit-learn, NLTK and `Counter` on **the same tokens** as the toolkit, given as lists "
        "of strings (`tokens.to_lists()`, not timed); scikit-learn gets them through "
        "`tokenizer=identity, preprocessor=identity, lowercase=False, token_pattern=None`, so "
        "only its n-gram generation, counting and document-term matrix are measured. "
        "*Identical* compares every n-gram count with the toolkit's.",
        "",
        "| method | median wall s | runs (s) | toolkit speed-up (wall) | median CPU s | "
        "toolkit speed-up (CPU) | identical counts |",
        "|---|---:|---|---:|---:|---:|:---:|",
    ]
    for method, med, all_runs, identical in rows:
        lines.append(
            f"| {_NAMES[method]} | {_fmt(med)} | {', '.join(_fmt(t) for t in all_runs)} | "
            f"{medians[method] / medians['toolkit']:.1f}× | {_fmt(cpu[method])} | "
            f"{cpu[method] / cpu['toolkit']:.1f}× | {identical} |"
        )

    def ratio(m: str) -> str:
        return (
            f"{medians[m] / medians['toolkit']:.1f}× (wall), {cpu[m] / cpu['toolkit']:.1f}× (CPU)"
        )

    lines += [
        "",
        "CPU s is the process CPU time (all threads: the toolkit's threads add up, so its CPU "
        "time is not smaller than its wall time); it is less sensitive to other load on the "
        "machine than wall time.",
        "",
        f"Targets: ≥ 25× faster than scikit-learn — measured {ratio('sklearn_text')} against "
        f"its default use on the texts, {ratio('sklearn')} on the same tokens; ≥ 5× faster "
        f"than the Counter — measured {ratio('counter')}.",
        "",
        "End to end, tokenization included for both: toolkit `tk.ngrams(corpus, n=(1, 3))` on "
        f"a fresh (uncached) corpus {_fmt(t_e2e)} s (of which `tk.tokenize` {_fmt(t_tok)} s) "
        f"against scikit-learn's default analyzer {_fmt(medians['sklearn_text'])} s "
        f"({medians['sklearn_text'] / t_e2e:.1f}×).",
    ]
    if memory:
        ours_mb, sk_mb = (
            memory["toolkit"]["peak_increase_mb"],
            memory["sklearn"]["peak_increase_mb"],
        )
        lines += [
            "",
            "Peak memory, each method alone in a fresh process after loading the tokens (RSS "
            "sampled every millisecond, increase over the process's RSS before the call): "
            f"toolkit {ours_mb:.0f} MiB, scikit-learn on the same tokens {sk_mb:.0f} MiB "
            f"({'not higher' if ours_mb <= sk_mb else '**higher**'}). That single cold call — "
            "the first in a fresh process, paying for every newly touched memory page — took "
            f"{_fmt(memory['toolkit']['seconds'])} s for the toolkit and "
            f"{_fmt(memory['sklearn']['seconds'])} s for scikit-learn "
            f"({memory['sklearn']['seconds'] / memory['toolkit']['seconds']:.1f}×).",
        ]
    return lines, tokens


def _scaling_section(tokens: Tokens, quick: bool) -> list[str]:
    factors = (1, 4) if quick else (1, 4, 16)
    repeats = 1 if quick else 3
    lines = [
        "",
        "### Scaling: SOTU replicated",
        "",
        "The token stream repeated ×k (same vocabulary, so the number of distinct n-grams stays "
        "the same while the tokens grow k-fold); `tk.ngrams(tokens, n=(1, 3))`.",
        "",
        "| copies | tokens | median s | ns per token | per-token time vs ×1 |",
        "|---:|---:|---:|---:|---:|",
    ]
    base = None
    for k in factors:
        rep = replicate(tokens, k)
        med, *_ = timed(lambda r=rep: count_toolkit(r), repeats, warmup=k == 1)
        per_token = med / rep.n_tokens
        base = base or per_token
        lines.append(
            f"| ×{k} | {rep.n_tokens:,} | {_fmt(med)} | {per_token * 1e9:.0f} | "
            f"{per_token / base:.2f}× |"
        )
        del rep
        gc.collect()
    lines += ["", "Target: per-token time grows by at most 1.2× from ×1 to ×16."]
    return lines


def _chinese_section(quick: bool) -> list[str]:
    from toolkit.corpus.fetch import data_dirs

    if not any((d / "gwr-zh.jsonl").is_file() for d in data_dirs()):
        return ["", "### Chinese", "", "Skipped: gwr-zh is not available (set TOOLKIT_DATA)."]
    import rjieba

    old = os.environ.get("TOOLKIT_NO_CACHE")
    os.environ["TOOLKIT_NO_CACHE"] = "1"  # measure segmentation, not the token cache
    try:
        gwr = tk.load_corpus("gwr-zh")
        docs = gwr.docs
        chars = int(docs["text"].str.len().sum())
        repeats = 2 if quick else 3
        seg, *_ = timed(lambda: [rjieba.cut(t, True) for t in docs["text"]], repeats)
        tok, *_ = timed(lambda: tk.tokenize(tk.Corpus(docs.copy())), repeats)
        e2e, *_ = timed(lambda: tk.ngrams(tk.Corpus(docs.copy()), n=(1, 3)), repeats)
        words, *_ = timed(lambda: tk.ngrams(tk.Corpus(docs.copy()), n=1), repeats)
        rows = [
            ("rjieba segmentation alone (`rjieba.cut`, HMM on)", seg),
            ("`tk.tokenize` (segmentation + token ids)", tok),
            ("`tk.ngrams(corpus, n=1)` (word list), fresh corpus, one process", words),
            ("`tk.ngrams(corpus, n=(1, 3))`, fresh corpus, one process", e2e),
        ]
        if not quick:
            rows.append(_chinese_dask(docs, repeats))
    finally:
        if old is None:
            os.environ.pop("TOOLKIT_NO_CACHE", None)
        else:
            os.environ["TOOLKIT_NO_CACHE"] = old
    lines = [
        "",
        "### Chinese: gwr-zh counting including segmentation",
        "",
        f"{len(docs)} documents, {chars:,} characters of normalised text; the token cache is "
        "off (`TOOLKIT_NO_CACHE=1`) and every run starts from a new Corpus, so segmentation is "
        "always measured.",
        "",
        "| step | median s | million chars/s |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {_fmt(t)} | {chars / t / 1e6:.2f} |" for name, t in rows if t]
    best = chars / min(t for _, t in rows[3:] if t) / 1e6
    lines += [
        "",
        f"Target ≥ 4 M characters/s for 1–3-gram counting including segmentation: best measured "
        f"{best:.2f} M chars/s ({'met' if best >= 4 else '**not met**'}). Most of the time is "
        "`tk.tokenize` (rjieba plus building the token ids and filtering types); the counting "
        "itself is the difference between the rows.",
    ]
    return lines


def _chinese_dask(docs: pd.DataFrame, repeats: int) -> tuple[str, float | None]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        return ("dask not installed", None)
    with (
        LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        t, *_ = timed(
            lambda: tk.ngrams(tk.Corpus(docs.copy()), n=(1, 3), client=client, npartitions=2),
            repeats,
        )
    return (
        "same, `client=` a warm 2-process `LocalCluster` (cluster start-up not included)",
        t,
    )


def run(quick: bool = False) -> str:
    """All counting benchmarks as a markdown section.

    Parameters
    ----------
    quick : bool
        A sixth of SOTU, one or few repetitions, no memory measurement, no ×16, no Dask.

    Returns
    -------
    str
        Markdown with the tables and the command that reproduces them.

    Examples
    --------
    >>> section = run(quick=True)  # doctest: +SKIP
    """
    lines = ["## Counting (`toolkit.counts`)", ""]
    sotu_lines, tokens = _sotu_section(quick)
    lines += sotu_lines
    lines += _scaling_section(tokens, quick)
    lines += _chinese_section(quick)
    lines += [
        "",
        "Reproduce: `TOOLKIT_DATA=../shared/data python -m benchmarks.bench_counts"
        f"{' --quick' if quick else ''}` (or `make bench` for all benchmarks). Times are medians "
        "of the listed runs after one warm-up call where noted; the toolkit counts independent "
        "n-gram lengths on up to `os.cpu_count()` threads.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--memory":
        _memory_child(sys.argv[2], sys.argv[3])
    else:
        print(run(quick="--quick" in sys.argv))
